"""Wall-clock budgets: when a command must be done, and what is left of that time.

A time limit is a promise about the wall clock, kept on a loaded machine too; what a search
does within it is counted separately, in deterministic work (see model/search.py), so that a
run can be repeated exactly whatever the machine's speed.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Deadline:
    """A moment on the monotonic clock, or none (no limit)."""

    at: float | None = None

    @classmethod
    def after(cls, seconds: float | None, start: float | None = None) -> Deadline:
        """`seconds` after `start` (default: now); no limit when `seconds` is None."""
        if seconds is None:
            return cls(None)
        return cls((time.monotonic() if start is None else start) + seconds)

    def left(self) -> float:
        """Seconds until the deadline (negative once passed; infinite without a limit)."""
        return math.inf if self.at is None else self.at - time.monotonic()

    def passed(self) -> bool:
        return self.left() <= 0

    def sooner(self, seconds: float) -> Deadline:
        """The deadline moved `seconds` earlier, to keep that time for what comes after."""
        return self if self.at is None else Deadline(self.at - seconds)

    def seconds(self, most: float) -> float:
        """What a step may take: at most `most`, and never past the deadline (at least a
        sliver, so that a step given no time still returns at once)."""
        return max(0.01, min(most, self.left()))
