"""A cap on how many published sessions a re-solve may move (`--max-changes N`)."""

from __future__ import annotations

from ..domain import Forum, Programme
from .base import Constraint, Violation
from .changes import kept, moves, published_literals


def encode(enc) -> None:
    cap = enc.forum.baseline.max_changes if enc.forum.baseline else None
    if cap is None:
        return
    m = enc.model
    moved = []
    for session, entry in kept(enc.forum):
        sid = session.session_id
        same_time, same_room = published_literals(enc, session, entry)
        placed = enc.placed[sid]
        if same_time is None or same_room is None:
            moved.append(placed)  # its published place is no longer allowed: it must move
            continue
        stays = m.new_bool_var(f"stays[{sid}]")
        m.add_implication(stays, same_time)
        m.add_implication(stays, same_room)
        m.add(stays >= same_time + same_room - 1)
        moved.append(placed - stays)  # a place at either literal implies placed
    # A session left unplaced does not count: the model stays feasible, and what cannot be
    # placed within the cap is reported as such.
    m.add(sum(moved) <= cap)


def check(forum: Forum, programme: Programme) -> list[Violation]:
    cap = forum.baseline.max_changes if forum.baseline else None
    if cap is None:
        return []
    moved = sorted(s.session_id for s, _, p, _ in moves(forum, programme) if p is not None)
    if len(moved) <= cap:
        return []
    return [
        Violation(
            "max_changes",
            f"{len(moved)} published sessions move ({', '.join(moved)})"
            f", more than the {cap} allowed by --max-changes",
            tuple(moved),
        )
    ]


CONSTRAINT = Constraint(
    id="max_changes",
    title="At most N sessions move",
    rule="When re-solving with a cap, at most that many published sessions change time or room.",
    hard=True,
    encode=encode,
    check=check,
)
