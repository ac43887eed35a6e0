"""The monitor's exception hierarchy: every error carries the context a user needs to act."""

from __future__ import annotations


class MonitorError(Exception):
    """Base class of every error the monitor raises on purpose."""


class ConfigError(MonitorError):
    """A config file is missing, unreadable or invalid.

    >>> str(ConfigError("config/brands.toml", "brand[0].keywords", "must not be empty"))
    'config/brands.toml: brand[0].keywords: must not be empty'
    """

    def __init__(self, file: str, key: str, message: str) -> None:
        self.file = file
        self.key = key
        self.message = message
        super().__init__(f"{file}: {key}: {message}" if key else f"{file}: {message}")


class PostDecodeError(MonitorError):
    """One input record could not be turned into a Post."""

    def __init__(self, reason: str, *, source: str = "", line: int | None = None) -> None:
        self.reason = reason
        self.source = source
        self.line = line
        where = f"{source}:{line}: " if source and line is not None else ""
        super().__init__(f"{where}{reason}")


class SourceError(MonitorError):
    """A stream source failed (connection lost, bad response); ``retryable`` says if it is worth retrying."""

    def __init__(self, source: str, message: str, *, retryable: bool = True) -> None:
        self.source = source
        self.retryable = retryable
        super().__init__(f"{source}: {message}")
