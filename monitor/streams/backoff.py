"""Jittered backoff for reconnect loops: exponential by default, linear when asked.

>>> b = Backoff(initial=1.0, maximum=8.0, jitter=0.0)
>>> [b.next() for _ in range(5)]
[1.0, 2.0, 4.0, 8.0, 8.0]
>>> b.reset(); b.next()
1.0
>>> lin = Backoff(initial=0.25, maximum=1.0, step=0.25, jitter=0.0)
>>> [lin.next() for _ in range(5)]
[0.25, 0.5, 0.75, 1.0, 1.0]
"""

from __future__ import annotations

import random


class Backoff:
    """Delays for successive retries; ``reset()`` after a success.

    ``step`` switches to linear growth (``initial + n * step``); otherwise each delay is
    ``factor`` times the last. ``jitter`` (0..1) takes up to that share off each delay at random,
    so that many clients do not reconnect in step.
    """

    def __init__(
        self,
        *,
        initial: float,
        maximum: float,
        factor: float = 2.0,
        step: float | None = None,
        jitter: float = 0.5,
        rng: random.Random | None = None,
    ) -> None:
        if initial < 0 or maximum < initial:
            raise ValueError("need 0 <= initial <= maximum")
        if factor < 1:
            raise ValueError("factor must be >= 1")
        if not 0 <= jitter <= 1:
            raise ValueError("jitter must be within 0..1")
        if step is not None and step < 0:
            raise ValueError("step must be >= 0")
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self.step = step
        self.jitter = jitter
        self._rng = rng or random.Random()
        self.attempts = 0

    def peek(self) -> float:
        """The next delay before jitter."""
        n = self.attempts
        if self.step is not None:
            base = self.initial + n * self.step
        else:
            base = self.initial * self.factor ** min(n, 64)
        return min(base, self.maximum)

    def next(self) -> float:
        """The delay to wait before the next attempt; each call counts one attempt."""
        delay = self.peek()
        self.attempts += 1
        if self.jitter:
            delay *= 1 - self.jitter * self._rng.random()
        return delay

    def reset(self) -> None:
        self.attempts = 0
