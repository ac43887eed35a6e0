"""Start the dashboard with the monitor in-process: logging kept off the screen, stopped cleanly."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from textual.logging import TextualHandler

from monitor.config import Config
from monitor.live import LiveMonitor
from monitor.pipeline import Sink
from monitor.streams.replay import ReplaySource
from tui.app import WarRoomApp


def run_dashboard(
    config: Config,
    *,
    sources: Sequence[ReplaySource],
    sinks: Sequence[Sink] = (),
    speed: float = 60.0,
    user: str | None = None,
) -> None:
    """Run the in-process monitor in a worker thread and the dashboard until the user quits."""
    monitor = LiveMonitor(config, sources=sources, sinks=sinks, speed=speed)
    brands = {b.id: b.name for b in config.brands}
    app = WarRoomApp(monitor.state, controller=monitor, runner=monitor, user=user, brands=brands)
    root = logging.getLogger()
    saved = root.handlers[:]
    root.handlers = [TextualHandler()]  # a log line written to stderr would tear the screen
    try:
        app.run()
    finally:
        root.handlers = saved
        monitor.close()
