"""Deduplication by post id in bounded memory: the most recent ``capacity`` ids are remembered.

At-least-once delivery (MQTT QoS 1, X reconnects, RSS re-polls) repeats posts; the runner drops a
post whose id it has seen recently, so a repeat never counts twice into an incident.

>>> d = Deduper(capacity=2)
>>> [d.seen(i) for i in ("a", "b", "a", "c", "a", "b")]
[False, False, True, False, True, False]
>>> d.duplicates, len(d)
(2, 2)
"""

from __future__ import annotations

from collections import OrderedDict


class Deduper:
    """Remembers the last ``capacity`` distinct ids (least recently seen are forgotten first)."""

    def __init__(self, *, capacity: int = 200_000) -> None:
        if capacity < 1:
            raise ValueError("capacity must be >= 1")
        self.capacity = capacity
        self.duplicates = 0
        self._ids: OrderedDict[str, None] = OrderedDict()

    def seen(self, post_id: str) -> bool:
        """True when ``post_id`` was seen recently (a duplicate); otherwise remember it."""
        if post_id in self._ids:
            self._ids.move_to_end(post_id)
            self.duplicates += 1
            return True
        self._ids[post_id] = None
        if len(self._ids) > self.capacity:
            self._ids.popitem(last=False)
        return False

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, post_id: object) -> bool:
        return post_id in self._ids
