"""The whole flow on the bundled demo: every incident kind, deterministic output, broken input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from monitor.cli import main
from monitor.config import Config
from monitor.pipeline import Pipeline
from monitor.streams.replay import ReplaySource
from tests.conftest import DEMO, ROOT


def _events(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_demo_raises_each_kind_of_incident(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(
        main, ["replay", str(DEMO), "--config", str(ROOT / "config"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    events = _events(out)
    opened = {
        (e["incident"]["kind"], e["incident"]["brand"]): e["incident"]
        for e in events  # type: ignore[index]
        if e["event"] == "opened"
    }
    assert ("negative_surge", "koharu-mobile") in opened
    assert ("positive_surge", "minamo-fc") in opened
    rumor = opened[("rumor", "hoshizora-burger")]
    assert rumor["claim_id"] == "hoshizora-closing"
    assert rumor["suggested_response"]["reply_to"] is not None
    assert "事実ではありません" in rumor["suggested_response"]["text"]
    # the storm and the celebration are in the right hours of the demo (JST)
    assert "T10:" in opened[("negative_surge", "koharu-mobile")]["opened_at"]
    assert "T14:" in opened[("positive_surge", "minamo-fc")]["opened_at"]
    assert not any(k == "negative_surge" and b != "koharu-mobile" for k, b in opened), opened.keys()
    assert any(e["event"] == "resolved" for e in events)


def test_replay_is_byte_identical(tmp_path: Path) -> None:
    outs = []
    for i in range(2):
        out = tmp_path / f"run{i}.jsonl"
        result = CliRunner().invoke(
            main, ["replay", str(DEMO), "--config", str(ROOT / "config"), "--out", str(out)]
        )
        assert result.exit_code == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0]


def test_broken_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    lines = DEMO.read_text(encoding="utf-8").splitlines()[:200]
    lines[10] = "{oops"
    lines[20] = '{"id": "x:bad", "text": "時刻なし"}'
    src = tmp_path / "broken.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(
        main, ["replay", str(src), "--config", str(ROOT / "config"), "--out", str(out)]
    )
    assert result.exit_code == 0
    assert "2 rejected" in result.output
    assert "line 11: not valid JSON" in result.output
    assert "line 21: missing required field 'created_at'" in result.output
    assert "processed 198 posts" in result.output


def test_run_demo_prints_alerts_of_each_kind(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "monitor", "run", "--config", str(ROOT / "config")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={"NO_COLOR": "1", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert "negative surge" in result.stdout and "positive surge" in result.stdout
    assert "rumor" in result.stdout and "claim: hoshizora-closing" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour codes


def test_bad_config_exits_2_naming_file_and_key(tmp_path: Path, config_copy: Path) -> None:
    text = (config_copy / "brands.toml").read_text(encoding="utf-8").replace("keywords =", "keyword =", 1)
    (config_copy / "brands.toml").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "monitor",
            "replay",
            str(DEMO),
            "--config",
            str(config_copy),
            "--out",
            str(tmp_path / "o.jsonl"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "brands.toml: brand[0].keyword: unknown key (did you mean 'keywords'?)" in result.stderr


def test_import_monitor_does_not_import_textual() -> None:
    code = "import monitor, monitor.cli, monitor.pipeline, sys; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_pipeline_stats_and_determinism_in_process(config: Config) -> None:
    a = Pipeline(config)
    b = Pipeline(config)
    sa, sb = a.run(ReplaySource(DEMO)), b.run(ReplaySource(DEMO))
    assert sa.posts == sb.posts > 1000
    assert sa.events == sb.events
    assert 0 < sa.matched < sa.posts
