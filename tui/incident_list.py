"""The incident list: active first, then by severity, then by age; Enter or a click opens details."""

from __future__ import annotations

import contextlib
from datetime import datetime

from rich.text import Text
from textual import events
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from monitor.state import IncidentView, Snapshot
from tui.format import STATUS_STYLE, age, safe_text, severity_badge
from tui.labels import COLUMNS, kind_label, status_label
from tui.messages import OpenIncident

_MOVES = frozenset({"up", "down", "pageup", "pagedown", "home", "end", "ctrl+home", "ctrl+end"})


def row_for(inc: IncidentView, now: datetime | None) -> tuple[Text, ...]:
    data = inc.data
    metrics = data.get("metrics") or {}
    dim = "" if inc.active else "dim"
    return (
        severity_badge(inc.severity),
        Text(kind_label(str(data.get("kind"))), style=dim),
        safe_text(data.get("brand", ""), 24, style=dim),
        Text(status_label(inc.status), style=STATUS_STYLE.get(inc.status, "")),
        Text(age(inc.opened_at, now), style=dim),
        Text(str(_posts(metrics, inc.active)), style=dim),
        safe_text(data.get("summary", ""), 90, style=dim),
    )


def _posts(metrics: dict[str, object], active: bool) -> object:
    """The posts column: the window's count while open; for a closed surge its peak, as its
    summary says (収束: ピーク 223件), not the few posts left when it calmed down.

    >>> _posts({"posts": 4, "peak_posts": 223}, False), _posts({"posts": 40, "peak_posts": 223}, True)
    (223, 40)
    """
    if not active and "peak_posts" in metrics:
        return metrics["peak_posts"]
    return metrics.get("posts", "")


class IncidentList(DataTable[Text]):
    """All incidents seen, re-rendered only when a row's content changes.

    Until someone moves the cursor it stays on the top row, the most urgent incident. Once moved,
    it follows its incident as rows move, until that incident closes: then back to the top.
    """

    def __init__(self) -> None:
        super().__init__(id="incidents", cursor_type="row", zebra_stripes=True)
        self._rows: list[tuple[str, tuple[str, ...]]] = []
        self._active: set[str] = set()
        self.following_top = True

    def on_mount(self) -> None:
        for key, heading in COLUMNS:
            self.add_column(heading, key=key)

    @property
    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def show(self, snap: Snapshot) -> None:
        rows = [(inc.id, row_for(inc, snap.stream_time)) for inc in snap.incidents]
        plain = [(iid, tuple(c.plain for c in cells)) for iid, cells in rows]
        if plain == self._rows:
            return
        self._rows = plain
        keep = self.current_id
        active = {inc.id for inc in snap.incidents if inc.active}
        if keep in self._active and keep not in active:
            self.following_top = True
        if self.following_top:
            keep = None
        self._active = active
        self.clear()
        for iid, cells in rows:
            self.add_row(*cells, key=iid)
        if keep is not None:
            with contextlib.suppress(RowDoesNotExist):  # the row is gone: the cursor stays
                self.move_cursor(row=self.get_row_index(keep), animate=False)

    def on_key(self, event: events.Key) -> None:
        if event.key in _MOVES:
            self.following_top = False

    def on_click(self, event: events.Click) -> None:
        self.following_top = False

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(OpenIncident(str(event.row_key.value)))
