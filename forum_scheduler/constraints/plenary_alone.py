"""Nothing runs in parallel with an opening, closing or plenary session, in any room."""

from __future__ import annotations

from ..domain import Forum, Session
from .base import Constraint, Violation, placed_pairs, rows_note, span, when


def allowed_start(forum: Forum, session: Session, day: int, minute: int) -> bool:
    """A plenary pinned to one day and start blocks that time for every other session."""
    end = minute + session.duration
    for p in forum.plenaries:
        if p is not session and p.pin_day == day and p.pin_start is not None:
            if minute < p.pin_start + p.duration and p.pin_start < end:
                return False
    return True


def encode(enc) -> None:
    """A cumulative over the whole forum: a plenary takes every room's worth of capacity."""
    forum = enc.forum
    if not forum.plenaries:
        return
    size = max(1, len(forum.sessions))
    intervals = [enc.interval[s.session_id] for s in forum.sessions]
    demands = [size if s.is_plenary else 1 for s in forum.sessions]
    enc.model.add_cumulative(intervals, demands, size)


def check(forum, programme) -> list[Violation]:
    out = []
    items = placed_pairs(forum, programme)
    for i, (a, sa) in enumerate(items):
        for b, sb in items[i + 1 :]:
            if not (sa.is_plenary or sb.is_plenary) or a.day != b.day or sa is sb:
                continue
            a0, a1 = span(forum, a)
            b0, b1 = span(forum, b)
            if a0 < b1 and b0 < a1:
                plenary, other = (a, b) if sa.is_plenary else (b, a)
                kind = forum.session_by_id[plenary.session_id].kind
                p0, p1 = span(forum, plenary)
                o0, o1 = span(forum, other)
                out.append(
                    Violation(
                        "plenary_alone",
                        f"{other.session_id} ({when(forum, other.day, o0, o1)}) "
                        f"runs during the {kind} {plenary.session_id} "
                        f"({when(forum, plenary.day, p0, p1)})"
                        f"{rows_note(other, plenary)}",
                        (other.session_id, plenary.session_id),
                    )
                )
    return out


CONSTRAINT = Constraint(
    id="plenary_alone",
    title="Nothing in parallel with a plenary",
    rule="While an opening, closing or plenary session runs, no other session runs in any room.",
    hard=True,
    encode=encode,
    check=check,
    allowed_start=allowed_start,
)
