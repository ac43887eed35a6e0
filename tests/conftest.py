"""Shared fixtures: the default config, a copy to break, and a post factory."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from monitor.config import Config, load_config
from monitor.models import IncidentEvent, Post

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "config"
DEMO = ROOT / "monitor" / "demo" / "posts.jsonl"
JST = timezone(timedelta(hours=9))
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=JST)


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config(CONFIG_DIR)


@pytest.fixture
def config_copy(tmp_path: Path) -> Path:
    """A writable copy of the default config directory."""
    dest = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, dest)
    return dest


PostFactory = Callable[..., Post]


@pytest.fixture
def make_post() -> PostFactory:
    counter = iter(range(1, 10**9))

    def make(text: str, minutes: float = 0.0, **kw: object) -> Post:
        n = next(counter)
        return Post(
            id=str(kw.pop("id", f"x:{n}")),
            created_at=T0 + timedelta(minutes=minutes),
            text=text,
            platform=str(kw.pop("platform", "x")),
            author=str(kw.pop("author", f"user{n}")),
            **kw,  # type: ignore[arg-type]
        )

    return make


class Recorder:
    """A sink that keeps the incident events it is given, for assertions."""

    def __init__(self) -> None:
        self.events: list[IncidentEvent] = []

    def emit(self, event: IncidentEvent) -> None:
        self.events.append(event)

    def close(self) -> None:
        pass
