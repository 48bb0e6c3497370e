"""Verify any programme (solved or edited by hand) with every constraint's independent check."""

from __future__ import annotations

from dataclasses import dataclass

from .constraints.base import Penalty, Violation
from .constraints.registry import HARD, SOFT
from .domain import Forum, Programme


@dataclass(frozen=True)
class CheckReport:
    violations: tuple[Violation, ...]
    penalties: tuple[Penalty, ...]

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def objective(self) -> int:
        return sum(p.weighted for p in self.penalties)

    def penalty(self, constraint_id: str) -> Penalty:
        return next(p for p in self.penalties if p.constraint == constraint_id)


def check_programme(forum: Forum, programme: Programme) -> CheckReport:
    """Every broken hard rule and every soft goal's penalty of `programme`."""
    violations = [v for c in HARD for v in c.check(forum, programme)]
    penalties = [c.penalty(forum, programme) for c in SOFT]
    return CheckReport(tuple(violations), tuple(penalties))
