"""The dashboard's own words, in Japanese, in one place: the war room reads Japanese.

Data values (kinds, statuses, severities, source states) stay as the monitor writes them; only
what is shown is translated here, so a word is changed once for every widget. Statuses,
severities and actions use the Slack alert's words (``monitor.alerts.blocks``): the manager on
Slack and the war room say the same thing.

>>> kind_label("rumor"), status_label("acknowledged"), source_label("reconnecting")
('デマ', '確認済み', '再接続中')
>>> action_label("false_positive"), severity_label("critical"), severity_label("debug")
('誤検知', '緊急', 'DEBU')
>>> kind_label("something_new"), status_label("later")
('something_new', 'later')
"""

from __future__ import annotations

from monitor.alerts.blocks import BUTTONS, SEVERITY_LABEL, STATUS_LABEL

TITLE = "炎上・デマ監視 ウォールーム"

KIND = {"negative_surge": "炎上", "rumor": "デマ", "positive_surge": "好評"}
STATUS = STATUS_LABEL
ACTION = {str(action): label for action, label, _ in BUTTONS}
# The key of each action, on the overview and in the details alike.
ACTION_KEY = {
    "acknowledge": "a",
    "snooze": "s",
    "approve_response": "y",
    "resolve": "r",
    "false_positive": "f",
}
# Incident events, padded to one width (four full-width characters).
EVENT = {"opened": "発生　　", "updated": "更新　　", "escalated": "深刻化　", "resolved": "解決　　"}
SEVERITY = SEVERITY_LABEL
SOURCE = {
    "connected": "接続中",
    "finished": "完了",
    "starting": "起動中",
    "connecting": "接続待ち",
    "reconnecting": "再接続中",
    "failed": "失敗",
}
# Rumor cues as the feed tags them.
CUE = {
    "spread_request": "拡散",
    "enquiry": "真偽?",
    "correction": "訂正",
    "official_denial": "公式否定",
    "hearsay": "伝聞",
    "insider": "関係者",
    "authority": "権威",
    "fear": "不安",
    "urgent": "緊急",
    "joke": "冗談",
    "old_news": "古い話",
    "sourced": "出典",
    "witness": "目撃",
}
SENTIMENT = {"neg": "ネガ", "pos": "ポジ", "neu": "中立"}
# The incident list's columns: (key, heading).
COLUMNS = (
    ("sev", "重大度"),
    ("kind", "種別"),
    ("brand", "ブランド"),
    ("status", "状態"),
    ("age", "経過"),
    ("posts", "件数"),
    ("summary", "概要"),
)


def kind_label(kind: str) -> str:
    return KIND.get(kind, kind)


def status_label(status: str) -> str:
    return STATUS.get(status, status)


def action_label(action: str) -> str:
    return ACTION.get(str(action), str(action))


def event_label(event: str) -> str:
    return EVENT.get(event, f"{event:<8}")


def severity_label(severity: str) -> str:
    return SEVERITY.get(severity, severity.upper()[:4])


def source_label(state: str) -> str:
    return SOURCE.get(state, state)
