"""Explain impossible variants of the sample forum (and of a generated 300-session forum).

    python benchmarks/explain.py [--sizes 300]

Each case breaks a schedulable forum in one way; the table gives the explanation's time, the
sessions and item kinds it names, whether it is proven minimal, and the verified fixes.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from common import sample_and_generated

from forum_scheduler import explain
from forum_scheduler.domain import Rule, Unavailability


def parallel(forum, n):
    """The first n parallel, unpinned sessions that have facilitators."""
    return [
        s
        for s in forum.sessions
        if s.kind == "parallel"
        and s.facilitators
        and s.pin_day is None
        and s.pin_start is None
        and not s.pin_room
    ][:n]


def with_sessions(forum, changed):
    by_id = {s.session_id: s for s in changed}
    return replace(forum, sessions=tuple(by_id.get(s.session_id, s) for s in forum.sessions))


def cases(forum):
    a, b, c = parallel(forum, 3)
    yield "a session bigger than every room", with_sessions(forum, [replace(a, attendance=5000)])
    yield (
        "a needed feature no room has",
        with_sessions(forum, [replace(a, needs=a.needs | {"sign-language booth"})]),
    )
    person = a.facilitators[0]
    away = tuple(
        Unavailability(person, d, 0, 24 * 60, row=900 + d)
        for d in range(1, forum.settings.days + 1)
    )
    yield (
        f"facilitator {person} away all week",
        replace(forum, unavailability=forum.unavailability + away),
    )
    yield (
        "a cycle of before rules",
        replace(
            forum,
            rules=forum.rules
            + (
                Rule("before", a.session_id, b.session_id, row=901),
                Rule("before", b.session_id, c.session_id, row=902),
                Rule("before", c.session_id, a.session_id, row=903),
            ),
        ),
    )
    pin = {"pin_day": 2, "pin_start": forum.settings.day_start, "pin_room": forum.rooms[-1].room_id}
    yield (
        "two pins in one room at one time",
        with_sessions(
            forum,
            [
                replace(a, attendance=1, needs=frozenset(), **pin),
                replace(b, attendance=1, needs=frozenset(), **pin),
            ],
        ),
    )
    # The only room with a feature is closed on the only day the facilitator can come.
    room = forum.rooms[-1]
    rooms = tuple(
        replace(r, features=r.features | {"braille"}) if r is room else r for r in forum.rooms
    )
    others = tuple(
        Unavailability(person, d, 0, 24 * 60, row=910 + d)
        for d in range(1, forum.settings.days + 1)
        if d != 3
    )
    closed = Unavailability(room.room_id, 3, 0, 24 * 60, row=920)
    yield (
        "the only suitable room closed when the facilitator can come",
        replace(
            with_sessions(forum, [replace(a, needs=frozenset({"braille"}), attendance=1)]),
            rooms=rooms,
            unavailability=forum.unavailability + others + (closed,),
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[300])
    args = parser.parse_args()
    print(
        "| forum | case | status | time (s) | sessions named | item kinds | minimal | "
        "verified fixes |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, forum in sample_and_generated(args.sizes):
        for case, broken in cases(forum):
            clock = time.monotonic()
            e = explain(broken)
            seconds = time.monotonic() - clock
            kinds = sorted({i.kind for i in e.items})
            print(
                f"| {name} | {case} | {e.status} | {seconds:.1f} | {', '.join(e.sessions)} | "
                f"{', '.join(kinds)} | {'yes' if e.minimal else 'no'} | {len(e.fixes)} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
