"""Config loading: the default config is valid; every kind of mistake names file and key."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.config import load_config
from monitor.errors import ConfigError
from tests.conftest import CONFIG_DIR


def test_default_config_loads() -> None:
    cfg = load_config(CONFIG_DIR)
    assert [b.id for b in cfg.brands] == ["koharu-mobile", "hoshizora-burger", "minamo-fc"]
    assert {c.brand for c in cfg.claims} <= {b.id for b in cfg.brands}
    assert cfg.settings.detectors.surge.window_minutes == 10
    assert set(cfg.responses.templates) == {
        "negative_surge",
        "rumor_known",
        "rumor_unknown",
        "positive_surge",
    }


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "key", "words"),
    [
        (
            "monitor.toml",
            "window_minutes = 10",
            "window_minutess = 10",
            "detectors.surge.window_minutess",
            ["unknown key", "window_minutes"],
        ),
        ("monitor.toml", "ratio = 4.0", 'ratio = "high"', "detectors.surge.ratio", ["number"]),
        ("monitor.toml", 'mode = "web_api"', 'mode = "email"', "slack.mode", ["web_api", "webhook"]),
        ("monitor.toml", 'timezone = "Asia/Tokyo"', 'timezone = "Mars/Base"', "monitor.timezone", ["IANA"]),
        ("brands.toml", 'id = "minamo-fc"', 'id = "Minamo FC"', "brand[2].id", ["pattern"]),
        (
            "brands.toml",
            'keywords = ["こはるモバイル"',
            'keywords = [""',
            "brand[0].keywords[0]",
            ["at least 1"],
        ),
        (
            "claims.toml",
            'brand = "minamo-fc"',
            'brand = "minamo"',
            "claim[2].brand",
            ["unknown brand", "minamo-fc"],
        ),
        (
            "oncall.toml",
            'slack_user = "U01KOHARU1"',
            'slack_user = "sakura"',
            "rotation[0].members[0].slack_user",
            ["pattern"],
        ),
        (
            "responses.toml",
            "{correction} 正しい",
            "{corection} 正しい",
            "templates.rumor_known.text",
            ["unknown placeholder", "{correction}"],
        ),
    ],
)
def test_bad_config_names_file_and_key(
    config_copy: Path, file: str, old: str, new: str, key: str, words: list[str]
) -> None:
    _edit(config_copy / file, old, new)
    with pytest.raises(ConfigError) as info:
        load_config(config_copy)
    err = info.value
    assert err.file.endswith(file)
    assert err.key == key
    for word in words:
        assert word in err.message


def test_invalid_toml_and_missing_file(config_copy: Path) -> None:
    (config_copy / "claims.toml").write_text("[[claim]\nid = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"claims\.toml: invalid TOML"):
        load_config(config_copy)
    (config_copy / "brands.toml").unlink()
    with pytest.raises(ConfigError, match=r"brands\.toml: file not found"):
        load_config(config_copy)


def test_duplicate_brand_id(config_copy: Path) -> None:
    _edit(config_copy / "brands.toml", 'id = "minamo-fc"', 'id = "koharu-mobile"')
    with pytest.raises(ConfigError) as info:
        load_config(config_copy)
    assert info.value.key == "brand[2].id" and "duplicate" in info.value.message


def test_check_config_cli_exit_codes(config_copy: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["check-config", "--config", str(config_copy)])
    assert ok.exit_code == 0, ok.output
    assert "3 brands" in ok.output
    _edit(config_copy / "monitor.toml", "min_posts = 6", "min_posts = -3")
    bad = runner.invoke(main, ["check-config", "--config", str(config_copy)])
    assert bad.exit_code == 2
    assert "monitor.toml: detectors.surge.min_posts" in bad.output
    assert "greater than 0" in bad.output


def test_unknown_command_is_usage_error() -> None:
    result = CliRunner().invoke(main, ["frobnicate"])
    assert result.exit_code == 2
