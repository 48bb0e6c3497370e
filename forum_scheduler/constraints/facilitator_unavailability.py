"""Facilitators are only booked when available (hard rows of the Unavailability sheet)."""

from __future__ import annotations

from ..domain import Forum, Session, clock
from .base import Constraint, Violation, placed_pairs, span, when


def allowed_start(forum: Forum, session: Session, day: int, minute: int) -> bool:
    end = minute + session.duration
    for person in session.facilitators:
        for u in forum.unavailability_of.get(person, ()):
            if u.hard and u.day == day and minute < u.end and u.start < end:
                return False
    return True


def encode(enc) -> None:
    """Enforced by the start filter: no start variable exists when a facilitator is away."""


def check(forum, programme) -> list[Violation]:
    out = []
    for p, s in placed_pairs(forum, programme):
        start, end = span(forum, p)
        for person in s.facilitators:
            for u in forum.unavailability_of.get(person, ()):
                if u.hard and u.day == p.day and start < u.end and u.start < end:
                    out.append(
                        Violation(
                            "facilitator_unavailability",
                            f"{person} is unavailable {when(forum, u.day, u.start, u.end)} "
                            f"(Unavailability row {u.row}) but facilitates {s.session_id} "
                            f"{clock(start)}-{clock(end)}",
                            (s.session_id,),
                            cause=u,
                        )
                    )
    return out


CONSTRAINT = Constraint(
    id="facilitator_unavailability",
    title="Facilitators only when available",
    rule="No session is held while one of its facilitators has a hard unavailability row.",
    hard=True,
    encode=encode,
    check=check,
    cites_rows=True,
    allowed_start=allowed_start,
)
