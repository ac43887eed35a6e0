"""Start the dashboard with the monitor in-process: logging kept off the screen, stopped cleanly."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator, Sequence

from textual.logging import TextualHandler

from monitor.config import Config
from monitor.live import LiveMonitor, state_for
from monitor.publish import StateSubscriber
from monitor.state import MonitorState
from monitor.streams.base import Source
from tui.app import Controller, Runner, WarRoomApp


@contextlib.contextmanager
def responsive_threads(interval: float = 0.001) -> Iterator[None]:
    """Let the screen's thread take the GIL back from the pipeline's thread sooner (default 5 ms).

    Compare with ``python -m tui.bench --analyze --switch-interval 0.005``; on a busy shared 2-core
    machine the difference was within the noise, so treat this as a cheap precaution.
    """
    old = sys.getswitchinterval()
    sys.setswitchinterval(interval)
    try:
        yield
    finally:
        sys.setswitchinterval(old)


def run_dashboard(config: Config, *, sources: Sequence[Source], user: str | None = None) -> None:
    """Run the in-process monitor in a worker thread and the dashboard until the user quits."""
    monitor = LiveMonitor.from_config(config, sources)
    try:
        _run_app(config, monitor, monitor, monitor.state, user)
    finally:
        monitor.close()


def attach_dashboard(config: Config, *, user: str | None = None) -> None:
    """Attach to a monitor that publishes its state over MQTT (``[dashboard]`` in monitor.toml)."""
    dash = config.settings.dashboard
    state = state_for(config)
    sub = StateSubscriber(state=state, host=dash.mqtt_host, port=dash.mqtt_port, prefix=dash.topic_prefix)
    _run_app(config, sub, sub, state, user)


def _run_app(
    config: Config, controller: Controller, runner: Runner, state: MonitorState, user: str | None
) -> None:
    brands = {b.id: b.name for b in config.brands}
    app = WarRoomApp(state, controller=controller, runner=runner, user=user, brands=brands)
    root = logging.getLogger()
    saved = root.handlers[:]
    root.handlers = [TextualHandler()]  # a log line written to stderr would tear the screen
    try:
        with responsive_threads():
            app.run()
    finally:
        root.handlers = saved
