"""Load and validate the TOML config directory; errors name the file, the key and what is allowed."""

from __future__ import annotations

import difflib
import re
import string
import tomllib
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

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


class _LiveOptions(_Model):
    backoff_initial_seconds: Annotated[float, Field(ge=0)] = 1.0
    backoff_max_seconds: PositiveFloat = 60.0


class ReplayOptions(_Model):
    """A replay source has no options beyond ``path`` and ``speed``."""


class MqttOptions(_LiveOptions):
    """The MQTT bus (aiomqtt 2.x): QoS 1 into a persistent session under a fixed client id."""

    client_id: str = ""  # default: "monitor-<source name>"; must stay fixed for the session to persist
    group: str = Field(default="", pattern=r"^[^/#+]*$")  # shared subscription group ($share/<group>/...)
    qos: Literal[0, 1, 2] = 1
    protocol: Literal["5", "3.1.1"] = "5"
    session_expiry_seconds: Annotated[int, Field(ge=0)] = 86_400
    keepalive_seconds: Annotated[int, Field(ge=5, le=3600)] = 60
    username_env: str = ""
    password_env: str = ""
    platforms: dict[str, str] = Field(default_factory=dict)  # topic -> platform, else the last level


class XOptions(_LiveOptions):
    """The X API v2 filtered stream; rules are kept in sync with the brands' keywords."""

    sync_rules: bool = True
    rule_tag_prefix: str = Field(default="monitor:", min_length=1)
    rule_suffix: str = "lang:ja"  # appended to every brand rule
    max_rule_length: Annotated[int, Field(ge=64, le=4096)] = 512
    read_timeout_seconds: PositiveFloat = 25.0  # X sends a keep-alive newline every 20 s
    backoff_scale: PositiveFloat = 1.0  # multiplies X's documented backoff schedule (tests shrink it)


class MastodonOptions(_LiveOptions):
    """Mastodon streaming (server-sent events) of a public or hashtag timeline."""

    stream: Literal["public", "public:local", "public:remote", "hashtag", "hashtag:local"] = "public"
    tag: str = ""
    languages: list[str] = Field(default_factory=list)  # keep only these (e.g. ["ja"]); empty keeps all
    read_timeout_seconds: PositiveFloat = 90.0

    @model_validator(mode="after")
    def _tag_for_hashtags(self) -> MastodonOptions:
        if self.stream.startswith("hashtag") and not self.tag.lstrip("#"):
            raise ValueError(f"stream {self.stream!r} needs 'tag' (the hashtag, without #)")
        return self


class RssOptions(_LiveOptions):
    """RSS/Atom polling with ETag / If-Modified-Since."""

    poll_seconds: PositiveFloat = 300.0
    platform: str = "news"
    timeout_seconds: PositiveFloat = 30.0


SourceOptions = ReplayOptions | MqttOptions | XOptions | MastodonOptions | RssOptions
SourceType = Literal["replay", "mqtt", "x", "mastodon", "rss"]
_OPTIONS: dict[str, type[SourceOptions]] = {
    "replay": ReplayOptions,
    "mqtt": MqttOptions,
    "x": XOptions,
    "mastodon": MastodonOptions,
    "rss": RssOptions,
}
_URL_SCHEMES = {
    "mqtt": ("mqtt", "mqtts"),
    "x": ("http", "https"),
    "mastodon": ("http", "https"),
    "rss": ("http", "https"),
}
_ONLY_FOR = {"path": "replay", "speed": "replay", "topics": "mqtt"}
_DEFAULT_URL = {"x": "https://api.x.com"}


class SourceConfig(_Model):
    """One input source; ``options`` holds the settings of its type (checked at load)."""

    name: str = ""
    type: SourceType
    path: str = ""
    speed: Annotated[float, Field(ge=0)] = 0.0  # 0 = as fast as possible; 60 = 1 min per second
    url: str = ""
    topics: list[str] = Field(default_factory=list)
    token_env: str = ""  # name of the environment variable holding the token, never the token
    options: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_type(self) -> SourceConfig:
        for key, kind in _ONLY_FOR.items():
            if key in self.model_fields_set and self.type != kind:
                raise ValueError(f"key {key!r} applies to type {kind!r} only, not {self.type!r}")
        if self.type == "replay" and not self.path:
            raise ValueError("a replay source needs 'path' (a Post JSONL file)")
        if self.type == "x" and not self.token_env:
            raise ValueError("an x source needs 'token_env': the environment variable with the bearer token")
        if self.type in _URL_SCHEMES:
            self._check_url(self.endpoint, _URL_SCHEMES[self.type])
        self.parsed_options()
        return self

    def _check_url(self, url: str, schemes: tuple[str, ...]) -> None:
        if not url:
            raise ValueError(f"a {self.type} source needs 'url' ({schemes[0]}://HOST...)")
        parts = urlsplit(url)
        if parts.scheme not in schemes or not parts.hostname:
            raise ValueError(f"'url' must look like {schemes[0]}://HOST... (got {url!r})")
        if parts.username or parts.password:
            raise ValueError("'url' must not carry credentials; name environment variables in options")

    @property
    def endpoint(self) -> str:
        """The url, or the type's default (X: https://api.x.com)."""
        return self.url or _DEFAULT_URL.get(self.type, "")

    def parsed_options(self) -> SourceOptions:
        """``options`` validated against the model of this type."""
        model = _OPTIONS[self.type]
        try:
            return model.model_validate(self.options)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise ValueError(f"options.{_key(err['loc'])}: {_describe(err, model)}") from None


def source_name(source: SourceConfig, index: int) -> str:
    """A source's name: its ``name``, else ``<type>-<index>``."""
    return source.name or f"{source.type}-{index}"


class IngestConfig(_Model):
    """How posts from live sources reach the pipeline."""

    queue_size: Annotated[int, Field(ge=1, le=1_000_000)] = 10_000
    dedup_capacity: Annotated[int, Field(ge=1, le=10_000_000)] = 200_000
    health_log_seconds: Annotated[float, Field(ge=0)] = 60.0


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
    neg_threshold: Annotated[float, Field(lt=0, ge=-1)] = -0.35
    pos_threshold: Annotated[float, Field(gt=0, le=1)] = 0.5
    learn: bool = True  # the online model learns from emoji and confident lexicon readings
    learning_rate: Annotated[float, Field(gt=0, le=1)] = 0.005
    confident: PositiveFloat = 1.5
    feedback_weight: PositiveFloat = 20.0
    model_path: str = ""  # where the learned state is kept across restarts; "" = not kept


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
    novelty_sigmas: Annotated[float, Field(ge=0)] = 2.0
    warmup_minutes: Annotated[int, Field(ge=0)] = 30
    min_posts: PositiveInt = 6
    min_positive_posts: PositiveInt = 12
    ratio: Annotated[float, Field(gt=1)] = 4.0
    slow_ratio: Annotated[float, Field(gt=1)] = 3.0
    z_threshold: PositiveFloat = 4.5
    critical_ratio: Annotated[float, Field(gt=1)] = 10.0
    resolve_ratio: Annotated[float, Field(ge=1)] = 1.5
    resolve_minutes: PositiveInt = 20
    max_surge_hours: PositiveFloat = 1.0
    min_negative_share: Share = 0.2
    min_positive_share: Share = 0.4
    # Topic bursts (negative surges only): a word the brand rarely hears, suddenly in the
    # posts of many people, most of them negative. 0 minutes turns the rule off.
    topic_window_minutes: Annotated[int, Field(ge=0, le=60)] = 6
    topic_min_authors: Annotated[int, Field(ge=2, le=1000)] = 4
    topic_min_score: PositiveFloat = 8.0
    topic_min_negative_share: Share = 0.5
    topic_half_life_days: PositiveFloat = 3.0
    topic_rearm_minutes: Annotated[int, Field(ge=0)] = 60


class RumorConfig(_Model):
    ngram: Annotated[int, Field(ge=1, le=6)] = 2
    similarity_threshold: Annotated[float, Field(gt=0, le=1)] = 0.3
    min_shared_ngrams: Annotated[int, Field(ge=1, le=20)] = 3
    min_posts: PositiveInt = 5
    window_minutes: PositiveInt = 60
    critical_posts: PositiveInt = 50
    resolve_minutes: PositiveInt = 90
    # New rumors: online clustering of a brand's posts and the cluster-level score.
    new_rumors: bool = True
    cluster_threshold: Annotated[float, Field(gt=0, le=1)] = 0.5
    cluster_min_shared: Annotated[int, Field(ge=1, le=20)] = 3
    claim_link_weight: Annotated[float, Field(gt=0, le=20)] = 1.5
    claim_link_weight_spreading: Annotated[float, Field(gt=0, le=20)] = 0.75
    cluster_max_df: Annotated[int, Field(ge=1, le=100_000)] = 64
    cluster_max_features: Annotated[int, Field(ge=8, le=10_000)] = 256
    cluster_max_members: Annotated[int, Field(ge=10, le=1_000_000)] = 2000
    cluster_idle_minutes: PositiveInt = 90
    new_window_minutes: PositiveInt = 20
    new_min_spreading: PositiveInt = 4
    new_min_authors: PositiveInt = 4
    new_max_breadth: Annotated[float, Field(ge=1, le=10)] = 3.0
    new_score_threshold: Annotated[float, Field(gt=0, le=1)] = 0.7
    new_baseline_sigmas: Annotated[float, Field(ge=0, le=10)] = 2.0
    # Rumor waves: a brand's young rumor-like clusters of the window, scored as one when its
    # rumor-like posts run past their usual rate (a story many people tell in their own words).
    waves: bool = True
    wave_min_breadth: Annotated[float, Field(ge=1, le=10)] = 2.0
    wave_warmup_hours: Annotated[float, Field(ge=0, le=168)] = 6.0
    enquiry_weight: Share = 0.5
    weak_cue_weight: Share = 0.5
    curve_minutes: Annotated[int, Field(ge=1, le=240)] = 10
    # A claim's n-grams found in this share of a brand's ordinary posts are its everyday words: a
    # post sharing only those with the claim does not carry it (counts halve every half-life).
    everyday_share: Annotated[float, Field(gt=0, le=1)] = 0.03
    everyday_half_life_hours: PositiveFloat = 72.0
    everyday_min_posts: PositiveInt = 200


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
    api_base_url: str = Field(default="https://slack.com/api/", pattern=r"^https?://.+/$")
    interactive: bool = True  # Socket Mode buttons (web_api mode; needs the app-level token)
    repeat_minutes: Annotated[int, Field(ge=0)] = 60  # remind the on-duty manager; 0 = never
    snooze_minutes: PositiveInt = 60
    channel_interval_seconds: Annotated[float, Field(ge=0)] = 1.0  # pacing per channel
    retry_base_seconds: PositiveFloat = 2.0
    retry_max_seconds: PositiveFloat = 300.0
    request_timeout_seconds: PositiveFloat = 10.0
    drain_timeout_seconds: Annotated[float, Field(ge=0)] = 30.0
    sparkline_points: Annotated[int, Field(ge=4, le=60)] = 20


class DraftingConfig(_Model):
    """Optional drafting of suggested responses by an OpenAI-compatible endpoint (off by default)."""

    enabled: bool = False
    base_url: str = Field(default="http://127.0.0.1:8000/v1/", pattern=r"^https?://.+/$")
    model: str = "local-model"
    api_key_env: str = "DRAFTING_API_KEY"
    timeout_seconds: PositiveFloat = 10.0


class DashboardConfig(_Model):
    """Publishing the monitor's state over MQTT for dashboards that attach (``monitor tui --attach``)."""

    publish: bool = False
    mqtt_host: str = "127.0.0.1"
    mqtt_port: Annotated[int, Field(ge=1, le=65535)] = 1883
    topic_prefix: str = Field(default="monitor", pattern=r"^[A-Za-z0-9_\-/]+$")
    interval_seconds: Annotated[float, Field(gt=0, le=60)] = 1.0
    accept_actions: bool = True


class MonitorSettings(_Model):
    monitor: GeneralConfig = GeneralConfig()
    storage: StorageConfig = StorageConfig()
    sources: list[SourceConfig] = Field(default_factory=list)
    ingest: IngestConfig = IngestConfig()
    detectors: DetectorsConfig = DetectorsConfig()
    alerts: AlertsConfig = AlertsConfig()
    slack: SlackConfig = SlackConfig()
    drafting: DraftingConfig = DraftingConfig()
    dashboard: DashboardConfig = DashboardConfig()


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

    @field_validator("start", "end")
    @classmethod
    def _instant(cls, value: str) -> str:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("not an ISO 8601 time; write e.g. 2026-11-20T12:00:00+09:00") from None
        if parsed.tzinfo is None:
            raise ValueError("no UTC offset; write e.g. 2026-11-20T12:00:00+09:00")
        return value


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
    _unique(
        d / "monitor.toml", "sources", [source_name(s, i) for i, s in enumerate(settings.sources)], "name"
    )
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


def _unique(path: Path, section: str, ids: list[str], field: str = "id") -> None:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            raise ConfigError(str(path), f"{section}[{i}].{field}", f"duplicate {field} {item!r}")
        seen.add(item)
