"""The dashboard shows every kind, status, severity, action, event and rumor cue in Japanese, in the
Slack alert's words where Slack shows the same thing."""

from __future__ import annotations

import pytest

from monitor.alerts.blocks import SEVERITY_LABEL, STATUS_LABEL
from monitor.detectors.cues import CUES
from monitor.models import Action, EventType, Kind, Severity, Status
from tui import labels


def _japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize(
    ("values", "label"),
    [
        (Kind, labels.kind_label),
        (Status, labels.status_label),
        (Severity, labels.severity_label),
        (Action, labels.action_label),
        (EventType, labels.event_label),
    ],
    ids=["kind", "status", "severity", "action", "event"],
)
def test_every_value_the_monitor_emits_has_a_japanese_label(values: type, label: object) -> None:
    for value in values:  # type: ignore[attr-defined]
        shown = label(str(value))  # type: ignore[operator]
        assert _japanese(shown), f"{value} is shown as {shown!r}"


def test_every_rumor_cue_and_source_state_is_labelled() -> None:
    assert set(CUES) <= set(labels.CUE)
    assert all(_japanese(v) for v in labels.CUE.values())
    assert all(_japanese(v) for v in labels.SOURCE.values())


def test_statuses_and_severities_say_what_slack_says() -> None:
    for status in Status:
        assert labels.status_label(status) == STATUS_LABEL[status]
    for severity in Severity:
        assert labels.severity_label(severity) == SEVERITY_LABEL[severity]


def test_event_labels_line_up() -> None:
    widths = {sum(2 if ord(ch) > 0x2E80 else 1 for ch in labels.event_label(e)) for e in EventType}
    assert len(widths) == 1, "the metrics lines start their numbers in one column"
