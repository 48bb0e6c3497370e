"""A facilitator has at least the venue travel time between sessions in different venues."""

from __future__ import annotations

from collections import defaultdict

from ..domain import clock
from .base import Constraint, Violation, placed_pairs, rows_note, span


def _pairs(forum):
    """Pairs of sessions that share at least one facilitator, each pair once, in id order."""
    pairs = set()
    for sessions in forum.sessions_of_facilitator.values():
        ids = sorted({s.session_id for s in sessions})
        pairs.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
    return sorted(pairs)


def encode(enc) -> None:
    forum, m = enc.forum, enc.model
    travel = forum.settings.venue_travel_minutes
    if travel <= 0 or len(forum.venues) < 2:
        return
    venue_of = {r.room_id: r.venue for r in forum.rooms}
    for a, b in _pairs(forum):
        days_a = {d for d, _ in enc.y[a]}
        if not days_a & {d for d, _ in enc.y[b]}:
            continue
        in_venue = {}
        for sid in (a, b):
            groups = defaultdict(list)
            for room_id, z in enc.z[sid].items():
                groups[venue_of[room_id]].append(z)
            in_venue[sid] = groups
        apart = None
        for va, za in sorted(in_venue[a].items()):
            for vb, zb in sorted(in_venue[b].items()):
                if va != vb:
                    if apart is None:
                        apart = m.new_bool_var(f"apart[{a},{b}]")
                    m.add(apart >= sum(za) + sum(zb) - 1)
        if apart is None:
            continue
        a_first = m.new_bool_var(f"first[{a},{b}]")
        m.add(enc.end[a] + travel <= enc.start[b]).only_enforce_if([apart, a_first])
        m.add(enc.end[b] + travel <= enc.start[a]).only_enforce_if([apart, ~a_first])


def check(forum, programme) -> list[Violation]:
    travel = forum.settings.venue_travel_minutes
    out = []
    booked = defaultdict(list)
    for p, s in placed_pairs(forum, programme):
        for person in s.facilitators:
            booked[person].append(p)
    seen = set()
    for person, items in sorted(booked.items()):
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                pair = tuple(sorted((a.session_id, b.session_id)))
                if a.day != b.day or pair in seen or a.session_id == b.session_id:
                    continue
                first, second = sorted((a, b), key=lambda p: p.start)
                gap = second.start - span(forum, first)[1]
                room_1 = forum.room_by_id.get(first.room_id)
                room_2 = forum.room_by_id.get(second.room_id)
                if room_1 and room_2 and room_1.venue != room_2.venue and 0 <= gap < travel:
                    seen.add(pair)
                    out.append(
                        Violation(
                            "venue_travel",
                            f"{person} has {gap} minutes to go from {room_1.venue} "
                            f"({first.session_id}, ends {clock(span(forum, first)[1])}) to "
                            f"{room_2.venue} ({second.session_id}, starts "
                            f"{clock(second.start)}) on "
                            f"{forum.settings.day_label(a.day)}; travel needs {travel}"
                            f"{rows_note(first, second)}",
                            (first.session_id, second.session_id),
                        )
                    )
    return out


CONSTRAINT = Constraint(
    id="venue_travel",
    title="Time to travel between venues",
    rule="Between two sessions of one facilitator in different venues there are at least "
    "venue_travel_minutes.",
    hard=True,
    encode=encode,
    check=check,
)
