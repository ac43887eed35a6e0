"""NAB benchmark: run ``score-series`` on every series of a NAB data folder, then the scorer.

The scorer is NAB's rules re-implemented in ``../shared/tools/nab_score.py`` (not shipped);
this module only writes the score files and runs it, with and without a fixed threshold.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from monitor.config import SurgeConfig
from monitor.score_series import SeriesResult, score_file


@dataclass(frozen=True, slots=True)
class ScoredSeries:
    key: str
    result: SeriesResult


def score_folder(data: Path, windows: Path, out: Path, config: SurgeConfig) -> list[ScoredSeries]:
    """Score every series named in the windows file into ``out`` (same base names)."""
    keys = sorted(json.loads(windows.read_text(encoding="utf-8")))
    done = []
    for key in keys:
        src = data / key
        if not src.exists():
            src = data / Path(key).name
        done.append(ScoredSeries(key, score_file(src, out / Path(key).name, config)))
    return done


def run_scorer(
    scorer: Path, data: Path, windows: Path, profiles: Path, scores: Path, threshold: float | None
) -> str:
    """Run the NAB scorer script and return its report."""
    cmd = [
        sys.executable,
        str(scorer),
        "--data",
        str(data),
        "--windows",
        str(windows),
        "--profiles",
        str(profiles),
        "--scores",
        str(scores),
        "--name",
        "monitor-surge",
    ]
    if threshold is not None:
        cmd += ["--threshold", str(threshold)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return done.stdout
