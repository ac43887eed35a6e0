"""The Slack outbox in SQLite: what must be delivered, in order per incident, exactly once.

Each row is one Web API call to make (``post`` the parent, ``update`` it, ``reply`` in its thread)
with a unique ``dedup`` key, so re-emitting the same incident event after a restart adds nothing.
A row is marked ``inflight`` before its call; a row found ``inflight`` (the process died during
the call) or whose last failure was ambiguous (timeout, 5xx) is checked against Slack before it is
sent again. ``threads`` remembers each incident's parent message and its escalation state.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS slack_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  dedup TEXT NOT NULL UNIQUE,
  incident_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('post', 'update', 'reply')),
  channel TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at REAL NOT NULL DEFAULT 0,
  ambiguous INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  ts TEXT,
  created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS slack_outbox_open ON slack_outbox (state, incident_id, seq);
CREATE TABLE IF NOT EXISTS slack_threads (
  incident_id TEXT PRIMARY KEY,
  brand TEXT NOT NULL,
  channel TEXT NOT NULL,
  channel_id TEXT,
  ts TEXT,
  posted_at REAL,
  acked INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  escalated INTEGER NOT NULL DEFAULT 0,
  nudges INTEGER NOT NULL DEFAULT 0,
  last_nudge REAL,
  timeline_len INTEGER NOT NULL DEFAULT 0,
  route TEXT NOT NULL DEFAULT '{}',
  history TEXT NOT NULL DEFAULT '[]',
  draft TEXT
);
"""
OPEN_STATES = ("pending", "inflight")


@dataclass(frozen=True, slots=True)
class Item:
    """One queued Web API call."""

    seq: int
    dedup: str
    incident_id: str
    op: str
    channel: str
    body: dict[str, Any]
    state: str
    attempts: int
    next_at: float
    ambiguous: bool
    created: float

    @property
    def needs_check(self) -> bool:
        """Slack may already have this message: look before posting again."""
        return self.op != "update" and (self.state == "inflight" or self.ambiguous)


@dataclass(slots=True)
class Thread:
    """An incident's parent message and escalation state."""

    incident_id: str
    brand: str
    channel: str
    channel_id: str | None
    ts: str | None
    posted_at: float | None
    acked: bool
    closed: bool
    escalated: bool
    nudges: int
    last_nudge: float | None
    timeline_len: int
    route: dict[str, Any]
    history: list[float]
    draft: str | None = None  # None: not tried; "": tried, the template stays


def _item(row: sqlite3.Row) -> Item:
    return Item(
        seq=row["seq"],
        dedup=row["dedup"],
        incident_id=row["incident_id"],
        op=row["op"],
        channel=row["channel"],
        body=json.loads(row["body"]),
        state=row["state"],
        attempts=row["attempts"],
        next_at=row["next_at"],
        ambiguous=bool(row["ambiguous"]),
        created=row["created"],
    )


class Outbox:
    """Durable queue of Slack calls plus the per-incident thread table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.executescript(SCHEMA)

    # --- queue ----------------------------------------------------------------------------------

    def add(
        self, *, dedup: str, incident_id: str, op: str, channel: str, body: dict[str, Any], now: float
    ) -> bool:
        """Queue a call; False when an identical one (same dedup key) was queued before."""
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO slack_outbox (dedup, incident_id, op, channel, body, next_at, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (dedup, incident_id, op, channel, json.dumps(body, ensure_ascii=False), now, now),
        )
        return cur.rowcount == 1

    def seen(self, dedup: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM slack_outbox WHERE dedup = ?", (dedup,)).fetchone()
        return row is not None

    def heads(self) -> list[Item]:
        """The oldest open call of each incident (calls of one incident go strictly in order)."""
        rows = self.conn.execute(
            "SELECT o.* FROM slack_outbox o JOIN (SELECT incident_id, MIN(seq) AS seq FROM slack_outbox"
            " WHERE state IN ('pending', 'inflight') GROUP BY incident_id) h ON o.seq = h.seq"
            " ORDER BY o.next_at, o.seq"
        ).fetchall()
        return [_item(r) for r in rows]

    def get(self, seq: int) -> Item:
        return _item(self.conn.execute("SELECT * FROM slack_outbox WHERE seq = ?", (seq,)).fetchone())

    def has_later_update(self, item: Item) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM slack_outbox WHERE incident_id = ? AND op = 'update' AND seq > ?"
            " AND state IN ('pending', 'inflight') LIMIT 1",
            (item.incident_id, item.seq),
        ).fetchone()
        return row is not None

    def mark_inflight(self, seq: int) -> None:
        self.conn.execute(
            "UPDATE slack_outbox SET state = 'inflight', attempts = attempts + 1 WHERE seq = ?", (seq,)
        )

    def mark_sent(self, seq: int, ts: str | None) -> None:
        self.conn.execute(
            "UPDATE slack_outbox SET state = 'sent', ts = ?, last_error = '' WHERE seq = ?", (ts, seq)
        )

    def mark(self, seq: int, state: str, error: str = "") -> None:
        """Close a row without sending it: ``superseded`` or ``dead``."""
        self.conn.execute(
            "UPDATE slack_outbox SET state = ?, last_error = ? WHERE seq = ?", (state, error, seq)
        )

    def kill_incident(self, incident_id: str, error: str) -> None:
        self.conn.execute(
            "UPDATE slack_outbox SET state = 'dead', last_error = ? WHERE incident_id = ?"
            " AND state IN ('pending', 'inflight')",
            (error, incident_id),
        )

    def replace_body(self, seq: int, body: dict[str, Any], *, at: float) -> None:
        """Send a different body (e.g. plain text after Slack refused the blocks) from ``at`` on."""
        self.conn.execute(
            "UPDATE slack_outbox SET body = ?, state = 'pending', next_at = ? WHERE seq = ?",
            (json.dumps(body, ensure_ascii=False), at, seq),
        )

    def retry_later(self, seq: int, *, at: float, error: str, ambiguous: bool) -> None:
        self.conn.execute(
            "UPDATE slack_outbox SET state = 'pending', next_at = ?, last_error = ?,"
            " ambiguous = MAX(ambiguous, ?) WHERE seq = ?",
            (at, error[:500], int(ambiguous), seq),
        )

    def prune(self, before: float) -> int:
        """Forget finished calls queued before ``before`` (their dedup keys go with them)."""
        cur = self.conn.execute(
            "DELETE FROM slack_outbox WHERE state IN ('sent', 'superseded', 'dead') AND created < ?",
            (before,),
        )
        return cur.rowcount

    def counts(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT state, COUNT(*) AS n FROM slack_outbox GROUP BY state").fetchall()
        return {r["state"]: r["n"] for r in rows}

    def open_count(self) -> int:
        row = self.conn.execute(
            "SELECT COUNT(*) FROM slack_outbox WHERE state IN ('pending', 'inflight')"
        ).fetchone()
        return int(row[0])

    # --- threads --------------------------------------------------------------------------------

    def thread(self, incident_id: str) -> Thread | None:
        row = self.conn.execute(
            "SELECT * FROM slack_threads WHERE incident_id = ?", (incident_id,)
        ).fetchone()
        if row is None:
            return None
        return Thread(
            incident_id=row["incident_id"],
            brand=row["brand"],
            channel=row["channel"],
            channel_id=row["channel_id"],
            ts=row["ts"],
            posted_at=row["posted_at"],
            acked=bool(row["acked"]),
            closed=bool(row["closed"]),
            escalated=bool(row["escalated"]),
            nudges=row["nudges"],
            last_nudge=row["last_nudge"],
            timeline_len=row["timeline_len"],
            route=json.loads(row["route"]),
            history=json.loads(row["history"]),
            draft=row["draft"],
        )

    def save_thread(self, t: Thread) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO slack_threads (incident_id, brand, channel, channel_id, ts, posted_at,"
            " acked, closed, escalated, nudges, last_nudge, timeline_len, route, history, draft)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                t.incident_id,
                t.brand,
                t.channel,
                t.channel_id,
                t.ts,
                t.posted_at,
                int(t.acked),
                int(t.closed),
                int(t.escalated),
                t.nudges,
                t.last_nudge,
                t.timeline_len,
                json.dumps(t.route, ensure_ascii=False),
                json.dumps(t.history),
                t.draft,
            ),
        )

    def waiting_threads(self) -> Iterator[Thread]:
        """Posted, open, unacknowledged incidents: candidates for a reminder or an escalation."""
        rows = self.conn.execute(
            "SELECT incident_id FROM slack_threads WHERE ts IS NOT NULL AND acked = 0 AND closed = 0"
        ).fetchall()
        for r in rows:
            t = self.thread(r["incident_id"])
            if t is not None:
                yield t

    def transaction(self) -> _Tx:
        return _Tx(self.conn)


class _Tx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
