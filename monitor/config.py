"""Load and validate the TOML config directory; errors name the file, the key and what is allowed."""

from __future__ import annotations

import difflib
import re
import string
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from monitor.errors import ConfigError

FILES = ("monitor.toml", "brands.toml", "claims.toml", "oncall.toml", "responses.toml")
REQUIRED_FILES = ("monitor.toml", "brands.toml")
_ID = r"^[a-z0-9][a-z0-9_-]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


PositiveFloat = Annotated[float, Field(gt=0)]
PositiveInt = Annotated[int, Field(gt=0)]
Share = Annotated[float, Field(ge=0, le=1)]


# --- monitor.toml -------------------------------------------------------------------------------


class SourceConfig(_Model):
    """One input source. Kinds other than replay are added by the collectors."""

    name: str = ""
    type: Literal["replay"]
    path: str = ""
    speed: Annotated[float, Field(ge=0)] = 0.0  # 0 = as fast as possible; 60 = 1 min per second
    url: str = ""
    topics: list[str] = Field(default_factory=list)
    token_env: str = ""
    options: dict[str, Any] = Field(default_factory=dict)


class GeneralConfig(_Model):
    timezone: str = "Asia/Tokyo"
    lateness_seconds: Annotated[int, Field(ge=0, le=3600)] = 60

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return _check_zone(value)


class StorageConfig(_Model):
    path: str = "state/monitor.sqlite"


class SentimentConfig(_Model):
    neg_threshold: Annotated[float, Field(lt=0, ge=-1)] = -0.25
    pos_threshold: Annotated[float, Field(gt=0, le=1)] = 0.25


class SurgeConfig(_Model):
    bucket_seconds: Annotated[int, Field(ge=10, le=3600)] = 60
    window_minutes: Annotated[int, Field(ge=1, le=240)] = 10
    fast_window_minutes: Annotated[int, Field(ge=1, le=240)] = 3
    slow_window_minutes: Annotated[int, Field(ge=0, le=1440)] = 240
    baseline_half_life_minutes: PositiveFloat = 2880.0
    hour_of_day_half_life_days: PositiveFloat = 3.0
    day_of_week_half_life_days: PositiveFloat = 14.0
    dispersion_half_life_days: PositiveFloat = 3.0
    novelty_margin: Annotated[float, Field(ge=0)] = 1.0
    novelty_half_life_hours: PositiveFloat = 720.0
    warmup_minutes: Annotated[int, Field(ge=0)] = 30
    min_posts: PositiveInt = 6
    min_positive_posts: PositiveInt = 12
    ratio: Annotated[float, Field(gt=1)] = 4.0
    slow_ratio: Annotated[float, Field(gt=1)] = 3.0
    z_threshold: PositiveFloat = 4.0
    critical_ratio: Annotated[float, Field(gt=1)] = 10.0
    resolve_ratio: Annotated[float, Field(ge=1)] = 1.5
    resolve_minutes: PositiveInt = 20
    max_surge_hours: PositiveFloat = 1.0
    min_negative_share: Share = 0.2
    min_positive_share: Share = 0.4


class RumorConfig(_Model):
    ngram: Annotated[int, Field(ge=1, le=6)] = 2
    similarity_threshold: Annotated[float, Field(gt=0, le=1)] = 0.3
    min_posts: PositiveInt = 5
    window_minutes: PositiveInt = 60
    critical_posts: PositiveInt = 50
    resolve_minutes: PositiveInt = 90


class DetectorsConfig(_Model):
    sentiment: SentimentConfig = SentimentConfig()
    surge: SurgeConfig = SurgeConfig()
    rumor: RumorConfig = RumorConfig()


class AlertsConfig(_Model):
    console: bool = True
    jsonl: str = ""
    evidence_posts: Annotated[int, Field(ge=1, le=20)] = 5
    update_min_interval_minutes: Annotated[int, Field(ge=0)] = 10
    update_growth: Annotated[float, Field(gt=1)] = 2.0
    inhibit_negative_surge_during_rumor: bool = True


class SlackConfig(_Model):
    enabled: bool = False
    mode: Literal["web_api", "webhook"] = "web_api"
    bot_token_env: str = "SLACK_BOT_TOKEN"
    app_token_env: str = "SLACK_APP_TOKEN"
    webhook_url_env: str = "SLACK_WEBHOOK_URL"
    default_channel: str = ""


class MonitorSettings(_Model):
    monitor: GeneralConfig = GeneralConfig()
    storage: StorageConfig = StorageConfig()
    sources: list[SourceConfig] = Field(default_factory=list)
    detectors: DetectorsConfig = DetectorsConfig()
    alerts: AlertsConfig = AlertsConfig()
    slack: SlackConfig = SlackConfig()


# --- brands.toml --------------------------------------------------------------------------------


class BrandConfig(_Model):
    id: Annotated[str, Field(pattern=_ID)]
    name: str = Field(min_length=1)
    keywords: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    exclude: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    accounts: dict[str, str] = Field(default_factory=dict)
    slack_channel: str = ""
    official_url: str = ""


class BrandsFile(_Model):
    brand: list[BrandConfig] = Field(min_length=1)


# --- claims.toml --------------------------------------------------------------------------------


class ClaimConfig(_Model):
    id: Annotated[str, Field(pattern=_ID)]
    brand: str
    statement: str = Field(min_length=1)
    examples: list[str] = Field(default_factory=list)
    correction: str = Field(min_length=1)
    source_url: str = ""


class ClaimsFile(_Model):
    claim: list[ClaimConfig] = Field(default_factory=list)


# --- oncall.toml --------------------------------------------------------------------------------


class Member(_Model):
    name: str = Field(min_length=1)
    slack_user: str = Field(pattern=r"^[UW][A-Z0-9]+$")


class Rotation(_Model):
    brands: list[str] = Field(min_length=1)
    timezone: str = "Asia/Tokyo"
    handoff: str = Field(default="09:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    shift_days: PositiveInt = 7
    start_date: str = Field(default="2026-01-05", pattern=r"^\d{4}-\d{2}-\d{2}$")
    members: list[Member] = Field(min_length=1)
    backup: Member | None = None
    ack_timeout_minutes: PositiveInt = 15

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return _check_zone(value)


class Override(_Model):
    brands: list[str] = Field(min_length=1)
    start: str
    end: str
    member: Member


class OncallFile(_Model):
    rotation: list[Rotation] = Field(default_factory=list)
    override: list[Override] = Field(default_factory=list)


# --- responses.toml -----------------------------------------------------------------------------

TemplateKind = Literal["negative_surge", "rumor_known", "rumor_unknown", "positive_surge"]
PLACEHOLDERS = frozenset({"brand_name", "correction", "source_url", "statement", "keywords"})


def _check_placeholders(value: str) -> str:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(value)]
    except ValueError as exc:
        raise ValueError(f"bad template: {exc}; write a literal brace as {{{{ or }}}}") from None
    for name in fields:
        if name is not None and name not in PLACEHOLDERS:
            allowed = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            raise ValueError(f"unknown placeholder {{{name}}}; allowed: {allowed}")
    return value


TemplateText = Annotated[str, Field(min_length=1), AfterValidator(_check_placeholders)]


class Template(_Model):
    text: TemplateText


class ResponseOverride(_Model):
    brand: str
    kind: TemplateKind
    text: TemplateText


class ResponsesFile(_Model):
    templates: dict[TemplateKind, Template] = Field(default_factory=dict)
    override: list[ResponseOverride] = Field(default_factory=list)


# --- the whole directory ------------------------------------------------------------------------


class Config(_Model):
    """The validated config directory."""

    directory: str
    settings: MonitorSettings
    brands: list[BrandConfig]
    claims: list[ClaimConfig]
    oncall: OncallFile
    responses: ResponsesFile

    def brand(self, brand_id: str) -> BrandConfig:
        for b in self.brands:
            if b.id == brand_id:
                return b
        raise KeyError(brand_id)

    def resolve(self, path: str) -> Path:
        """A path from the config, relative to the config directory unless absolute."""
        p = Path(path)
        return p if p.is_absolute() else Path(self.directory) / p


_M = TypeVar("_M", bound=BaseModel)


def _check_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r}; use an IANA name like 'Asia/Tokyo'") from None
    return value


def _key(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _describe(err: Mapping[str, Any], model: type[BaseModel]) -> str:
    if err["type"] == "extra_forbidden":
        allowed = _allowed_keys(model, err["loc"][:-1])
        close = difflib.get_close_matches(str(err["loc"][-1]), allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return "unknown key" + hint + (f"; allowed keys: {', '.join(allowed)}" if allowed else "")
    if err["type"] == "missing":
        return "required key is missing"
    msg = str(err["msg"])
    msg = re.sub(r"^Value error, ", "", msg)
    given = err.get("input")
    if given is not None and not isinstance(given, dict | list):
        msg += f" (got {given!r})"
    return msg


def _allowed_keys(model: type[BaseModel], loc: Sequence[int | str]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
    fields = getattr(current, "model_fields", None)
    return sorted(fields) if fields else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _load(directory: Path, name: str, model: type[_M]) -> _M:
    path = directory / name
    shown = str(path)
    if not path.exists():
        if name in REQUIRED_FILES:
            raise ConfigError(shown, "", "file not found (required)")
        return model()
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(shown, "", f"invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(shown, "", f"cannot read: {exc.strerror}") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # A misspelt key shows as both unknown and missing: name the unknown one, it is the cause.
        err = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")[0]
        raise ConfigError(shown, _key(err["loc"]), _describe(err, model)) from None


def load_config(directory: str | Path) -> Config:
    """Load and validate every file of a config directory.

    Raises ConfigError naming the file and the key at the first problem found.
    """
    d = Path(directory)
    if not d.is_dir():
        raise ConfigError(str(d), "", "config directory not found")
    settings = _load(d, "monitor.toml", MonitorSettings)
    brands = _load(d, "brands.toml", BrandsFile).brand
    claims = _load(d, "claims.toml", ClaimsFile).claim
    oncall = _load(d, "oncall.toml", OncallFile)
    responses = _load(d, "responses.toml", ResponsesFile)
    _cross_check(d, brands, claims, oncall, responses)
    return Config(
        directory=str(d),
        settings=settings,
        brands=brands,
        claims=claims,
        oncall=oncall,
        responses=responses,
    )


def _cross_check(
    d: Path,
    brands: list[BrandConfig],
    claims: list[ClaimConfig],
    oncall: OncallFile,
    responses: ResponsesFile,
) -> None:
    ids = [b.id for b in brands]
    known = ", ".join(ids)
    _unique(d / "brands.toml", "brand", ids)
    _unique(d / "claims.toml", "claim", [c.id for c in claims])
    for i, claim in enumerate(claims):
        if claim.brand not in ids:
            raise ConfigError(
                str(d / "claims.toml"),
                f"claim[{i}].brand",
                f"unknown brand {claim.brand!r}; known brands: {known}",
            )
    sections: list[tuple[str, Sequence[Rotation | Override]]] = [
        ("rotation", oncall.rotation),
        ("override", oncall.override),
    ]
    for section, entries in sections:
        for i, entry in enumerate(entries):
            for j, b in enumerate(entry.brands):
                if b != "*" and b not in ids:
                    raise ConfigError(
                        str(d / "oncall.toml"),
                        f"{section}[{i}].brands[{j}]",
                        f"unknown brand {b!r}; known brands: {known} (or '*')",
                    )
    for i, o in enumerate(responses.override):
        if o.brand not in ids:
            raise ConfigError(
                str(d / "responses.toml"),
                f"override[{i}].brand",
                f"unknown brand {o.brand!r}; known brands: {known}",
            )


def _unique(path: Path, section: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            raise ConfigError(str(path), f"{section}[{i}].id", f"duplicate id {item!r}")
        seen.add(item)
