"""Incident detail: metrics over time, evidence posts, the suggested response and who did what."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Sparkline, Static

from monitor.models import Action
from monitor.state import IncidentView, Snapshot
from tui.format import STATUS_STYLE, action_bindings, age, safe_text, severity_badge
from tui.labels import ACTION_KEY, action_label, event_label, kind_label, status_label
from tui.messages import ActionRequested

BUTTONS = (
    (Action.ACKNOWLEDGE, "primary"),
    (Action.SNOOZE, "default"),
    (Action.APPROVE_RESPONSE, "success"),
    (Action.RESOLVE, "warning"),
    (Action.FALSE_POSITIVE, "error"),
)
LOOKBACK = timedelta(minutes=30)


def metrics_table(inc: IncidentView) -> Text:
    """One line per incident event: what the detector measured at that time."""
    out = Text()
    for point in inc.history[-12:]:
        m = point.metrics
        if out:
            out.append("\n")
        out.append(point.at.strftime("%H:%M"), style="dim")
        out.append(f" {event_label(point.event)}　")
        shown = [f"{k}={_fmt(v)}" for k, v in m.items() if isinstance(v, int | float)]
        out.append_text(safe_text("  ".join(shown), 110))
    return out


def _fmt(value: float) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def timeline_text(data: Mapping[str, Any]) -> Text:
    out = Text()
    rows = data.get("timeline")
    for rec in rows if isinstance(rows, list) else []:
        if out:
            out.append("\n")
        at = datetime.fromisoformat(str(rec.get("at")))
        out.append(at.strftime("%m-%d %H:%M"), style="dim")
        out.append(f" {action_label(str(rec.get('action', '?')))}　", style="bold")
        out.append_text(safe_text(rec.get("user", ""), 30))
        if rec.get("note"):
            out.append("  ")
            out.append_text(safe_text(rec["note"], 60, style="dim"))
    return out or Text("まだ操作はありません", style="dim")


class IncidentScreen(Screen[None]):
    """One incident; the buttons and keys are the Slack buttons, recorded the same way."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "戻る"),
        *action_bindings("acknowledge", "snooze", "approve_response", "resolve", "false_positive"),
    ]

    def __init__(self, incident_id: str) -> None:
        super().__init__()
        self.incident_id = incident_id
        self.closed = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail"):
            yield Static(id="d-head")
            yield Static(id="d-summary")
            yield Label("推移: ブランドの投稿数/分、その下にネガティブ投稿数/分", classes="h")
            yield Sparkline([0], id="d-volume", summary_function=max)
            yield Sparkline([0], id="d-negative", summary_function=max)
            yield Static(id="d-metrics")
            yield Label("根拠の投稿", classes="h")
            yield Static(id="d-evidence")
            yield Label("返信案 (承認なしに投稿されることはありません)", classes="h")
            yield Static(id="d-response")
            yield Label("対応履歴: 誰が何をしたか", classes="h")
            yield Static(id="d-timeline")
        with Horizontal(id="d-buttons"):
            for action, variant in BUTTONS:
                label = f"{action_label(action)} ({ACTION_KEY[action]})"
                yield Button(label, id=f"btn-{action}", variant=variant, compact=True)  # type: ignore[arg-type]
        yield Footer()

    def show(self, snap: Snapshot, minutes: Sequence[tuple[int, int]]) -> None:
        inc = snap.incident(self.incident_id)
        if inc is None:
            return
        d = inc.data
        head = Text.assemble(
            severity_badge(inc.severity),
            " ",
            (kind_label(str(d.get("kind"))), "bold"),
            "  ",
        )
        head.append_text(safe_text(d.get("brand", ""), 30, style="bold"))
        head.append("  ")
        head.append(status_label(inc.status), style=STATUS_STYLE.get(inc.status, ""))
        opened = inc.opened_at.strftime("%H:%M")
        head.append(f"  発生 {opened} ({age(inc.opened_at, snap.stream_time)}前)")
        head.append("  id ")
        head.append_text(safe_text(inc.id, 80, style="dim"))
        self.query_one("#d-head", Static).update(head)
        summary = safe_text(d.get("summary", ""), 300)
        if d.get("claim_id"):
            summary.append("  既知の主張: ")
            summary.append_text(safe_text(d["claim_id"], 60, style="yellow"))
        if d.get("keywords"):
            summary.append("  キーワード: ")
            summary.append_text(safe_text("、".join(map(str, d["keywords"])), 80, style="bold"))
        self.query_one("#d-summary", Static).update(summary)
        self.query_one("#d-volume", Sparkline).data = [t for t, _ in minutes] or [0]
        self.query_one("#d-negative", Sparkline).data = [n for _, n in minutes] or [0]
        self.query_one("#d-metrics", Static).update(metrics_table(inc))
        evidence = Text()
        for ev in d.get("evidence") or []:
            if evidence:
                evidence.append("\n")
            evidence.append_text(safe_text(ev.get("platform", ""), 10, style="cyan"))
            evidence.append(" ")
            evidence.append_text(safe_text(ev.get("id", ""), 30, style="dim"))
            evidence.append(" ")
            evidence.append_text(safe_text(ev.get("text", ""), 140))
        self.query_one("#d-evidence", Static).update(evidence or Text("なし", style="dim"))
        resp = d.get("suggested_response") or {}
        rtext = Text()
        if resp:
            rtext.append_text(safe_text(resp.get("platform", ""), 12, style="cyan"))
            if resp.get("reply_to"):
                rtext.append(" 返信先 ")
                rtext.append_text(safe_text(resp["reply_to"], 40))
            rtext.append("\n")
            rtext.append_text(safe_text(resp.get("text", ""), 400))
        self.query_one("#d-response", Static).update(rtext or Text("なし", style="dim"))
        self.query_one("#d-timeline", Static).update(timeline_text(d))
        if self.closed != (not inc.active):
            self.closed = not inc.active
            for button in self.query(Button):
                button.disabled = self.closed

    def action_act(self, action: str) -> None:
        if self.closed:  # handled here, so the key never falls through to the list behind
            self.notify("このインシデントは閉じています: 操作できません", severity="warning")
            return
        self.post_message(ActionRequested(self.incident_id, Action(action)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("btn-"):
            self.post_message(ActionRequested(self.incident_id, Action(event.button.id[4:])))
