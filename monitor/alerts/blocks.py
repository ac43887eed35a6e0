"""Block Kit rendering of an incident: the parent alert card and its thread replies.

Every piece of post-derived text goes through :mod:`monitor.alerts.mrkdwn`; sizes stay inside the
Block Kit limits (section text 3000, button value 2000, ids 255, 50 blocks).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from monitor.alerts.mrkdwn import escape, link, mention, quote_block
from monitor.alerts.routing import Route
from monitor.models import Action

SPARK = "▁▂▃▄▅▆▇█"
SEVERITY_ICON = {"critical": "🔴", "warning": "🟠", "info": "🔵"}
SEVERITY_LABEL = {"critical": "緊急", "warning": "警戒", "info": "情報"}
KIND_LABEL = {
    "negative_surge": "炎上 (ネガティブ急増)",
    "rumor": "デマ (誤情報拡散)",
    "positive_surge": "好評 (ポジティブ急増)",
}
STATUS_LABEL = {
    "open": "未対応",
    "acknowledged": "確認済み",
    "snoozed": "スヌーズ中",
    "resolved": "解決",
    "false_positive": "誤検知",
}
RESPONSE_LABEL = {
    "correction": "訂正",
    "holding": "確認中の声明",
    "apology": "お詫びと状況",
    "thanks": "お礼",
}
BUTTONS: tuple[tuple[Action, str, str | None], ...] = (
    (Action.ACKNOWLEDGE, "確認", "primary"),
    (Action.APPROVE_RESPONSE, "返信案を承認", None),
    (Action.FALSE_POSITIVE, "誤検知", "danger"),
    (Action.SNOOZE, "スヌーズ", None),
    (Action.RESOLVE, "解決", None),
)
ACTION_DONE = {
    Action.ACKNOWLEDGE: "確認しました",
    Action.APPROVE_RESPONSE: "返信案を承認しました (投稿は公式アカウントの担当者が行います)",
    Action.FALSE_POSITIVE: "誤検知としました (検知器にフィードバックします)",
    Action.SNOOZE: "スヌーズしました",
    Action.RESOLVE: "解決としました",
}
CLOSED = frozenset({"resolved", "false_positive"})
RESPONSE_BLOCK = "suggested-response"


def sparkline(values: Sequence[float], points: int = 20) -> str:
    """A one-line text chart of the last ``points`` values.

    >>> sparkline([0, 1, 2, 3, 4, 5, 6, 7])
    '▁▂▃▄▅▆▇█'
    >>> sparkline([5, 5, 5])
    '▄▄▄'
    >>> sparkline([])
    ''
    """
    vals = [float(v) for v in values][-points:]
    if not vals:
        return ""
    lo, hi = min(vals), max(vals)
    if hi == lo:
        return SPARK[3] * len(vals)
    return "".join(SPARK[round((v - lo) / (hi - lo) * (len(SPARK) - 1))] for v in vals)


def volume_series(metrics: Mapping[str, Any], history: Sequence[float]) -> tuple[list[float], str]:
    """The volume curve to draw: the detector's own series when it gives one, else the counts
    seen at each event of the incident.

    >>> volume_series({"spread_curve": [1, 4, 9], "spread_curve_minutes": 10}, [5])
    ([1.0, 4.0, 9.0], ' (10分ごと)')
    >>> volume_series({"posts": 3}, [1, 3])
    ([1.0, 3.0], ' (通知ごと)')
    """
    for key, step_key in (
        ("volume_series", "volume_series_minutes"),
        ("spread_curve", "spread_curve_minutes"),
    ):
        values = metrics.get(key)
        if isinstance(values, list) and len(values) >= 2:
            step = metrics.get(step_key)
            return [float(v) for v in values], (f" ({step}分ごと)" if step else "")
    return [float(v) for v in history], " (通知ごと)"


_PLATFORM_NAME = {
    "x": "X",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "line": "LINE",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "misskey": "Misskey",
}


@dataclass(frozen=True, slots=True)
class Message:
    """What one chat.postMessage/chat.update carries: the fallback text and the blocks."""

    text: str
    blocks: list[dict[str, Any]]
    draft: dict[str, Any] | None = None  # what the optional drafter needs (not sent to Slack)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "blocks": self.blocks}
        if self.draft is not None:
            out["draft"] = self.draft
        return out


def _when(iso: str, tz: ZoneInfo) -> str:
    return datetime.fromisoformat(iso).astimezone(tz).strftime("%m/%d %H:%M")


def _counts(metrics: Mapping[str, Any]) -> str:
    posts = metrics.get("posts", 0)
    parts = [f"{posts}件"]
    if "baseline" in metrics:
        parts.append(f"平常 {metrics['baseline']}")
    if "ratio" in metrics:
        parts.append(f"×{metrics['ratio']}")
    if "spreading" in metrics:
        parts.append(f"拡散 {metrics['spreading']} / 疑問 {metrics.get('enquiring', 0)}")
        parts.append(f"訂正 {metrics.get('correcting', 0)}")
    share = metrics.get("negative_share", metrics.get("positive_share"))
    if share is not None:
        parts.append(f"比率 {round(float(share) * 100)}%")
    return escape(" / ".join(str(p) for p in parts), 500)


def _text_field(label: str, value: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": f"*{label}*\n{value}"[:2000]}


def header_line(incident: Mapping[str, Any], brand_name: str) -> str:
    sev = str(incident.get("severity", "warning"))
    status = str(incident.get("status", "open"))
    icon = "✅" if status in CLOSED else SEVERITY_ICON.get(sev, "⚪")
    kind = KIND_LABEL.get(str(incident.get("kind")), str(incident.get("kind")))
    return f"{icon} [{SEVERITY_LABEL.get(sev, sev)}] {kind} | {brand_name}"


def render_parent(
    incident: Mapping[str, Any],
    *,
    brand_name: str,
    route: Route | None,
    history: Sequence[float] = (),
    timezone: str = "Asia/Tokyo",
    interactive: bool = True,
    evidence_posts: int = 3,
    sparkline_points: int = 20,
) -> Message:
    """The parent alert card of an incident, kept current with chat.update."""
    tz = ZoneInfo(timezone)
    status = str(incident.get("status", "open"))
    head = header_line(incident, brand_name)
    owner = mention(route.primary.slack_user) if route and route.primary else "(当番なし)"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": head[:150]}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": escape(incident.get("summary", ""), 2900) or " "},
        },
        {
            "type": "section",
            "fields": [
                _text_field("状態", _status_label(incident)),
                _text_field("担当", owner),
                _text_field("件数 (平常比)", _counts(incident.get("metrics", {}))),
                _text_field("開始", _when(str(incident["opened_at"]), tz)),
            ],
        },
    ]
    series, unit = volume_series(incident.get("metrics", {}), history)
    spark = sparkline(series, sparkline_points)
    if spark:
        text = f"投稿数の推移{unit} `{spark}` (最大 {max(series):g})"
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text}]})
    keywords = incident.get("keywords") or []
    if keywords:
        text = "キーワード: " + escape("、".join(str(k) for k in keywords[:10]), 500)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text}]})
    evidence = list(incident.get("evidence") or [])[:evidence_posts]
    if evidence and status not in CLOSED:
        lines = ["*主な投稿*"]
        for ev in evidence:
            platform = str(ev.get("platform", ""))
            where = link(ev.get("url"), f"投稿を開く ({_PLATFORM_NAME.get(platform, platform)})")
            author = f" @{escape(str(ev['author']), 40)}" if ev.get("author") else ""
            lines.append(f"{quote_block(str(ev.get('text', '')), 280)}\n  {where}{author}")
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:3000]}})
    resp = incident.get("suggested_response")
    if resp and status not in CLOSED:
        target = f" / 返信先 {escape(str(resp['reply_to']), 80)}" if resp.get("reply_to") else ""
        platform = str(resp.get("platform", ""))
        label = f"*返信案* ({escape(_PLATFORM_NAME.get(platform, platform))}{target} / 承認が必要です)"
        body = escape(str(resp.get("text", "")), 2500).replace("```", "'''")
        blocks.append(
            {
                "type": "section",
                "block_id": RESPONSE_BLOCK,
                "text": {"type": "mrkdwn", "text": f"{label}\n```{body}```"},
            }
        )
    if interactive and status not in CLOSED:
        blocks.append(actions_block(str(incident["id"])))
    timeline = incident.get("timeline") or []
    ctx = f"incident `{escape(str(incident['id']), 200)}` · 更新 {_when(str(incident['updated_at']), tz)}"
    if timeline:
        last = timeline[-1]
        ctx += f" · 最終操作: {escape(str(last['action']))} by {_who(str(last['user']))}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": ctx}]})
    fallback = f"{head}: {escape(str(incident.get('summary', '')), 300)}"
    return Message(fallback, blocks)


def _who(user: str) -> str:
    try:
        return mention(user)
    except ValueError:
        return escape(user, 80)


def actions_block(incident_id: str) -> dict[str, Any]:
    """The five buttons; each carries the incident id as its value."""
    elements = []
    for action, label, style in BUTTONS:
        button: dict[str, Any] = {
            "type": "button",
            "action_id": str(action),
            "text": {"type": "plain_text", "text": label},
            "value": incident_id[:2000],
        }
        if style:
            button["style"] = style
        elements.append(button)
    return {"type": "actions", "block_id": f"incident:{incident_id}"[:255], "elements": elements}


def render_reply(
    event: str,
    incident: Mapping[str, Any],
    *,
    brand_name: str,
    route: Route | None = None,
    timezone: str = "Asia/Tokyo",
) -> Message:
    """A thread reply for a material change: update, escalation, person's action, resolution."""
    tz = ZoneInfo(timezone)
    timeline = incident.get("timeline") or []
    at = _when(str(incident["updated_at"]), tz)
    status = str(incident.get("status"))
    if event == "action" and timeline:
        last = timeline[-1]
        action = Action(str(last["action"]))
        text = f"{_who(str(last['user']))} が{ACTION_DONE[action]} ({_when(str(last['at']), tz)})"
    elif event == "resolved" and _handed_over(incident):
        # not over: its posts go on in another incident (a known claim's, with its correction)
        text = f"➡️ 引き継ぎ: {escape(str(incident.get('summary', '')), 500)} ({at})"
    elif event == "resolved":
        text = (
            f"✅ {STATUS_LABEL.get(status, '解決')}: {escape(str(incident.get('summary', '')), 500)} ({at})"
        )
    elif event == "escalated":
        text = f"⬆️ 重大度が上がりました: {header_line(incident, brand_name)} — {_counts(incident['metrics'])}"
    else:
        text = f"🔁 更新 ({at}): {_counts(incident.get('metrics', {}))}"
    return Message(text, [{"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}])


def _status_label(incident: Mapping[str, Any]) -> str:
    """The status as people say it; a resolved incident whose posts went on in another is 引き継ぎ."""
    status = str(incident.get("status", "open"))
    if status == "resolved" and _handed_over(incident):
        return "引き継ぎ"
    return STATUS_LABEL.get(status, escape(status))


def _handed_over(incident: Mapping[str, Any]) -> bool:
    """Whether the incident ended because its posts went on in another (``metrics.merged_into``)."""
    return bool(incident.get("metrics", {}).get("merged_into"))


def render_nudge(*, route: Route, backup: bool, minutes: int) -> Message:
    """A reminder to the on-duty manager, or the escalation to the backup after the ack timeout."""
    if backup and route.backup:
        who = mention(route.backup.slack_user)
        text = f"⚠️ {who} エスカレーション: {minutes}分以上確認されていません。対応をお願いします。"
    else:
        who = mention(route.primary.slack_user) if route.primary else "担当者"
        text = f"🔔 {who} リマインド: 未確認のインシデントです ({minutes}分経過)。"
    return Message(text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}}])


def with_draft(blocks: list[dict[str, Any]], draft: str) -> list[dict[str, Any]]:
    """The blocks with the suggested response replaced by an accepted draft (marked as such)."""
    out = []
    for block in blocks:
        if block.get("block_id") == RESPONSE_BLOCK:
            label = block["text"]["text"].split("\n", 1)[0]
            body = escape(draft, 2500).replace("```", "'''")
            text = f"{label} _下書き: 生成AI (定型文から変更あり)_\n```{body}```"
            block = {**block, "text": {"type": "mrkdwn", "text": text}}
        out.append(block)
    return out
