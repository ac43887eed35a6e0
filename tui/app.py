"""The war-room app: overview tiles, incident list, live feed; refreshed from state snapshots.

The app never receives one message per post: a timer (``refresh_hz``, 4 Hz by default) compares
the state's version and, only when it changed, takes one snapshot and updates the widgets. The
in-process monitor runs in a worker thread and never waits for the screen.
"""

from __future__ import annotations

import getpass
import logging
from dataclasses import replace
from typing import ClassVar, Protocol

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Footer, Label

from monitor.alerts.console import terminal_safe
from monitor.alerts.incidents import UnknownIncident
from monitor.models import Action, IncidentEvent
from monitor.state import MonitorState, Snapshot
from tui.brand_tile import BrandTile
from tui.feed_filter import FeedFilter
from tui.filter_bar import FilterBar
from tui.format import action_bindings
from tui.help_screen import HelpScreen
from tui.incident_list import IncidentList
from tui.incident_screen import LOOKBACK, IncidentScreen
from tui.labels import TITLE, action_label, status_label
from tui.messages import ActionRequested, BrandSelected, FilterChanged, OpenIncident
from tui.post_feed import PostFeed
from tui.stream_status import StreamStatus

log = logging.getLogger(__name__)
FEED_ROWS = 60


class Controller(Protocol):
    """Where actions go: the in-process monitor (``LiveMonitor``, returns the event) or an attached
    one (``StateSubscriber``, returns None: the event comes back over MQTT)."""

    def act(self, incident_id: str, action: Action, *, user: str) -> IncidentEvent | None: ...


class Runner(Protocol):
    """Something that feeds the state until stopped (run in a worker thread)."""

    def run(self) -> object: ...

    def stop(self) -> None: ...


class WarRoomApp(App[None]):
    """The dashboard. ``state`` is read; ``controller`` takes actions; ``runner`` feeds the state."""

    CSS_PATH = "app.tcss"
    TITLE = TITLE
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "終了"),
        Binding("question_mark", "help", "ヘルプ"),
        *action_bindings("acknowledge", "snooze", "resolve", "false_positive"),
        Binding("o", "open", "詳細", show=False),
        Binding("b", "cycle_brand", "ブランド"),
        Binding("p", "cycle_platform", "媒体"),
        Binding("n", "toggle_negative", "ネガ"),
        Binding("c", "toggle_rumor", "デマ兆候"),
        Binding("0", "clear_filter", "全投稿", show=False),
    ]

    def __init__(
        self,
        state: MonitorState,
        *,
        controller: Controller | None = None,
        runner: Runner | None = None,
        user: str | None = None,
        refresh_hz: float = 4.0,
        brands: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        if refresh_hz <= 0:
            raise ValueError("refresh_hz must be > 0")
        self.state = state
        self.controller = controller
        self.runner = runner
        self.user = user or _local_user()
        self.refresh_hz = refresh_hz
        self.brand_names = brands if brands is not None else {b.id: b.name for b in state.snapshot().brands}
        self.feed_filter = FeedFilter()
        self.snap: Snapshot | None = None
        self.refreshes = 0  # how many snapshots were applied to the screen (coalescing is measured)
        self._seen = -1
        self._ticks = 0

    def compose(self) -> ComposeResult:
        yield StreamStatus(id="status")
        with Horizontal(id="main"):
            with VerticalScroll(id="brands"):
                for bid, name in self.brand_names.items():
                    yield BrandTile(bid, name)
            with Vertical(id="right"):
                yield Label("インシデント (対応中を先に、重大度と経過の順)", classes="h")
                yield IncidentList()
                yield FilterBar(list(self.brand_names.items()))
                yield PostFeed()
        yield Footer()

    def on_mount(self) -> None:
        # Held once: the timer may fire while the app shuts down and its widgets are being removed.
        self._status = self.query_one(StreamStatus)
        self._tiles = list(self.query(BrandTile))
        self._list = self.query_one(IncidentList)
        self._bar = self.query_one(FilterBar)
        self._feed = self.query_one(PostFeed)
        self._list.focus()
        self.tick()
        self._timer = self.set_interval(1 / self.refresh_hz, self.tick, name="coalesced-refresh")
        if self.runner is not None:
            self.run_monitor()

    @work(thread=True, exclusive=True, group="monitor", name="monitor", exit_on_error=False)
    def run_monitor(self) -> None:
        assert self.runner is not None
        try:
            self.runner.run()
        except Exception as exc:  # shown in the source health; the dashboard stays up
            log.exception("monitor stopped")
            self.call_from_thread(
                self.notify, terminal_safe(f"監視が止まりました: {exc}", 200), severity="error", markup=False
            )

    def on_unmount(self) -> None:
        self._timer.stop()
        if self.runner is not None:
            self.runner.stop()

    # --- coalesced refresh ----------------------------------------------------------------------

    def tick(self, force: bool = False) -> None:
        """Apply the newest snapshot if the state changed since the last one."""
        self._ticks += 1
        health_due = self._ticks % max(1, round(self.refresh_hz)) == 0  # source health: once a second
        if not force and not health_due and self.state.version == self._seen:
            return
        snap = self.state.snapshot()
        self._seen = snap.version
        self.snap = snap
        self.refreshes += 1
        incidents = {i.id: i for i in snap.incidents}
        try:
            self._status.show(snap)
            for tile in self._tiles:
                view = snap.brand(tile.brand_id)
                if view is not None:
                    tile.show(view, incidents)
            self._list.show(snap)
            self._bar.set_platforms(snap.platforms)
            self._feed.show(self.feed_filter.select(snap.recent, FEED_ROWS))
            screen = self.screen
            if isinstance(screen, IncidentScreen):
                self._show_detail(screen, snap)
        except NoMatches:  # a last tick while the app shuts down and removes its widgets
            return

    def _show_detail(self, screen: IncidentScreen, snap: Snapshot) -> None:
        inc = snap.incident(screen.incident_id)
        if inc is None:
            return
        end = snap.stream_time or inc.opened_at
        minutes = self.state.brand_minutes(str(inc.data.get("brand")), inc.opened_at - LOOKBACK, end)
        screen.show(snap, minutes)

    # --- incidents ------------------------------------------------------------------------------

    def on_open_incident(self, message: OpenIncident) -> None:
        screen = IncidentScreen(message.incident_id)
        self.push_screen(screen)
        if self.snap is not None:
            self.call_after_refresh(self._show_detail, screen, self.snap)

    def action_open(self) -> None:
        iid = self._list.current_id
        if iid:
            self.post_message(OpenIncident(iid))

    def action_act(self, action: str) -> None:
        iid = self._list.current_id
        if iid is None:
            self.notify("インシデントが選ばれていません", severity="warning")
            return
        self.post_message(ActionRequested(iid, Action(action)))

    def on_action_requested(self, message: ActionRequested) -> None:
        if self.controller is None:
            self.notify("閲覧専用: この画面は監視プロセスにつながっていません", severity="warning")
            return
        try:
            event = self.controller.act(message.incident_id, message.action, user=self.user)
        except (UnknownIncident, ValueError) as exc:
            self.notify(terminal_safe(str(exc), 200), severity="warning", markup=False)
            return
        if event is None:
            self.notify(
                terminal_safe(f"{action_label(message.action)} ({self.user}): 監視プロセスに送りました", 200),
                timeout=4,
                markup=False,
            )
            return
        status = event.incident.get("status", "")
        done = f"{message.incident_id} は{status_label(str(status))}"
        text = terminal_safe(f"{action_label(message.action)} ({self.user}): {done}", 200)
        self.notify(text, timeout=4, markup=False)  # ids and names may come from the wire
        self.tick()

    # --- feed filter ----------------------------------------------------------------------------

    def _set_filter(self, new: FeedFilter, *, from_bar: bool = False) -> None:
        self.feed_filter = new
        if not from_bar:
            self._bar.set_filter(new)
        if self.snap is not None:
            self._feed.show(new.select(self.snap.recent, FEED_ROWS))

    def on_filter_changed(self, message: FilterChanged) -> None:
        self._set_filter(message.filter, from_bar=True)

    def on_brand_selected(self, message: BrandSelected) -> None:
        same = self.feed_filter.brand == message.brand_id
        self._set_filter(replace(self.feed_filter, brand=None if same else message.brand_id))

    def action_cycle_brand(self) -> None:
        self._set_filter(self.feed_filter.cycle_brand(list(self.brand_names)))

    def action_cycle_platform(self) -> None:
        platforms = list(self.snap.platforms) if self.snap else []
        self._set_filter(self.feed_filter.cycle_platform(platforms))

    def action_toggle_negative(self) -> None:
        self._set_filter(replace(self.feed_filter, negative_only=not self.feed_filter.negative_only))

    def action_toggle_rumor(self) -> None:
        self._set_filter(replace(self.feed_filter, rumor_only=not self.feed_filter.rumor_only))

    def action_clear_filter(self) -> None:
        self._set_filter(FeedFilter())

    def action_help(self) -> None:
        self.push_screen(HelpScreen())


def _local_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers)
        return "local"
