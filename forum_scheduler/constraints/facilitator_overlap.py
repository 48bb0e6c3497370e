"""A facilitator is never in two sessions at once."""

from __future__ import annotations

from collections import defaultdict

from .base import Constraint, Violation, placed_pairs, rows_note, span, when


def encode(enc) -> None:
    """Per facilitator and slot, at most one of their sessions runs (a clique on the starts)."""
    for _person, sessions in sorted(enc.forum.sessions_of_facilitator.items()):
        if len(sessions) < 2:
            continue
        by_slot = defaultdict(list)
        for s in sessions:
            for key, literals in enc.covers(s.session_id).items():
                by_slot[key].extend(literals)
        for key in sorted(by_slot):
            if len(by_slot[key]) > 1:
                enc.model.add_at_most_one(by_slot[key])


def check(forum, programme) -> list[Violation]:
    out = []
    booked = defaultdict(list)
    for p, s in placed_pairs(forum, programme):
        for person in s.facilitators:
            booked[person].append(p)
    for person, items in sorted(booked.items()):
        for i, a in enumerate(items):
            a0, a1 = span(forum, a)
            for b in items[i + 1 :]:
                b0, b1 = span(forum, b)
                if a.day == b.day and a0 < b1 and b0 < a1 and a.session_id != b.session_id:
                    out.append(
                        Violation(
                            "facilitator_overlap",
                            f"{person} is in {a.session_id} and {b.session_id} at once on "
                            f"{when(forum, a.day, max(a0, b0), min(a1, b1))}"
                            f"{rows_note(a, b)}",
                            (a.session_id, b.session_id),
                        )
                    )
    return out


CONSTRAINT = Constraint(
    id="facilitator_overlap",
    title="No facilitator double-booked",
    rule="Two sessions that share a facilitator never overlap in time.",
    hard=True,
    encode=encode,
    check=check,
)
