"""Re-solve typical edits against a published programme; print the figures in BENCHMARKS.md.

    python benchmarks/resolve.py [--limit 60] [--sizes 300] [--workers 2]

Each forum is solved once (the "published" programme, at --limit), then each edit below is
applied to the forum and re-solved against that programme with the default weights. For each:
the re-solve's wall time, the sessions whose time or room changed, and the checker's verdict.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import replace

from common import sample_and_generated

from forum_scheduler import check_programme, solve
from forum_scheduler.changelist import change_list
from forum_scheduler.domain import Unavailability, baseline_of


def busiest_day(forum, programme):
    """The facilitator with the most sessions on one day of the programme, and that day
    (among those with no pinned session and no plenary, whom a day off would not strand)."""
    fixed = {
        f
        for s in forum.sessions
        if s.is_plenary or s.pin_day or s.pin_start
        for f in s.facilitators
    }
    count = Counter()
    for p in programme.placements:
        for f in set(forum.session_by_id[p.session_id].facilitators) - fixed:
            count[(f, p.day)] += 1
    (person, day), _ = min(count.items(), key=lambda item: (-item[1], item[0]))
    return person, day


def edits(forum, programme):
    """(name, edited forum) for each typical edit."""
    yield "no edit", forum
    person, day = busiest_day(forum, programme)
    yield (
        f"facilitator {person} unavailable on day {day}",
        replace(
            forum,
            unavailability=forum.unavailability
            + (Unavailability(person, day, forum.settings.day_start, forum.settings.day_end),),
        ),
    )
    placed = {p.session_id: p for p in programme.placements}
    grow = next(s for s in forum.sessions if not s.is_plenary and s.session_id in placed)
    yield (
        f"session {grow.session_id} grows by {forum.settings.slot_minutes * 2} minutes",
        replace(
            forum,
            sessions=tuple(
                replace(s, duration=s.duration + 2 * forum.settings.slot_minutes)
                if s is grow
                else s
                for s in forum.sessions
            ),
        ),
    )
    used = Counter(p.room_id for p in programme.placements)
    lost = min(used, key=lambda r: (-used[r], r))
    lost_day = min(p.day for p in programme.placements if p.room_id == lost)
    yield (
        f"room {lost} lost on day {lost_day}",
        replace(
            forum,
            unavailability=forum.unavailability
            + (Unavailability(lost, lost_day, forum.settings.day_start, forum.settings.day_end),),
        ),
    )
    template = next(s for s in forum.sessions if not s.is_plenary)
    yield (
        "one session added",
        replace(
            forum,
            sessions=forum.sessions
            + (
                replace(
                    template,
                    session_id="NEW1",
                    title="Added session",
                    pin_day=None,
                    pin_start=None,
                    pin_room=None,
                    locked=False,
                ),
            ),
        ),
    )
    yield (
        f"session {grow.session_id} removed",
        replace(forum, sessions=tuple(s for s in forum.sessions if s is not grow)),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sizes", type=int, nargs="*", default=[300])
    args = parser.parse_args()
    print("| forum | edit | re-solve wall (s) | rounds | changed | added | cancelled | valid |")
    print("|---|---|---|---|---|---|---|---|")
    for name, forum in sample_and_generated(args.sizes):
        first = solve(forum, time_limit=args.limit, workers=args.workers)
        assert first.is_schedule, first.status
        for edit, edited in edits(forum, first.programme):
            again = replace(edited, baseline=baseline_of(forum, first.programme))
            clock = time.monotonic()
            result = solve(again, time_limit=args.limit, workers=args.workers)
            seconds = time.monotonic() - clock
            changes = change_list(again, result.programme) if result.programme else []
            kinds = Counter(
                "added"
                if "added" in c.what
                else "cancelled"
                if "cancelled" in c.what
                else "changed"
                for c in changes
            )
            valid = result.programme is not None and check_programme(again, result.programme).ok
            print(
                f"| {name} | {edit} | {seconds:.1f} | {result.effort} | "
                f"{kinds['changed']} | {kinds['added']} | {kinds['cancelled']} | "
                f"{'yes' if valid and result.is_schedule else 'NO: ' + result.status} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
