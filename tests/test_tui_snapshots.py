"""Snapshot tests of the dashboard at a fixed terminal size (pytest-textual-snapshot).

The stream and the clock are event time, so the screens are deterministic. After a deliberate
change of the look, review and approve with ``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from monitor.config import Config
from tests.test_tui import app_for, fed

SIZE = (150, 44)
SnapCompare = Callable[..., bool]


def test_overview(snap_compare: SnapCompare, config: Config) -> None:
    assert snap_compare(app_for(fed(config)), terminal_size=SIZE)


def test_feed_filtered_to_rumor_cues(snap_compare: SnapCompare, config: Config) -> None:
    assert snap_compare(app_for(fed(config)), press=["c"], terminal_size=SIZE)


def test_incident_detail_after_acknowledge(snap_compare: SnapCompare, config: Config) -> None:
    async def acknowledge(pilot: Pilot[None]) -> None:
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app_for(fed(config)), run_before=acknowledge, terminal_size=SIZE)


def test_help(snap_compare: SnapCompare, config: Config) -> None:
    assert snap_compare(app_for(fed(config)), press=["question_mark"], terminal_size=SIZE)
