"""Sessions begin at the forum's standard starts, so that participants can move between rooms.

Real forums run their parallel sessions in blocks (the WSIS Forum: 09:00, 11:00, 13:15 for
lunch-time sessions, 14:30, 16:30). With the Forum setting `session_starts`, every session
begins at one of those times of day, openings, closings and plenaries included, except where
the planner said otherwise: a session pinned to a start keeps its pin, and the second session
of a hard `back_to_back` rule begins when the first ends.
"""

from __future__ import annotations

from ..domain import Forum, Programme, Session, clock
from .base import Constraint, Violation, placed_pairs, row_note


def starts_text(forum: Forum) -> str:
    return ", ".join(clock(m) for m in forum.settings.session_starts)


def exempt(forum: Forum, session: Session) -> bool:
    """Pinned to a start, or following another session directly by a hard rule."""
    if session.pin_start is not None:
        return True
    return any(
        r.hard and r.rule == "back_to_back" and r.session_b == session.session_id
        for r in forum.rules
    )


def allowed_start(forum: Forum, session: Session, day: int, minute: int) -> bool:
    starts = forum.settings.session_starts
    return not starts or minute in starts or exempt(forum, session)


def encode(enc) -> None:
    """Enforced by the start filter above: other starts get no variable."""


def check(forum: Forum, programme: Programme) -> list[Violation]:
    starts = forum.settings.session_starts
    if not starts:
        return []
    out = []
    for p, s in placed_pairs(forum, programme):
        if p.start in starts or exempt(forum, s):
            continue
        out.append(
            Violation(
                "standard_starts",
                f"{s.session_id} starts at {clock(p.start)} on "
                f"{forum.settings.day_label(p.day)}, not at a standard start "
                f"({starts_text(forum)}; Forum, session_starts){row_note(p)}",
                (s.session_id,),
            )
        )
    return out


CONSTRAINT = Constraint(
    id="standard_starts",
    title="Sessions begin at the standard starts",
    rule="When the Forum sheet lists session_starts, every session begins at one of them, "
    "unless it is pinned to a start or directly follows another by a hard back_to_back rule.",
    hard=True,
    encode=encode,
    check=check,
    allowed_start=allowed_start,
)
