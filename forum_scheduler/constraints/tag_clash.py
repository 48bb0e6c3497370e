"""What theme_clash and action_line_clash share: sessions grouped by a tag should not overlap.

Not a constraint itself. `encode_clash` is the CP-SAT side and `clash_offences` the plain
check side; they share no code with each other, so the check still verifies the encoding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ..domain import Forum, Programme, Session
from ..timegrid import TimeGrid
from .base import Grouping, Offence, placed_pairs, span, when

Tags = Callable[[Session], list[str]]


# -- encoding ------------------------------------------------------------------------------
def encode_clash(enc, constraint_id: str, weight: int, tags_of: Tags) -> None:
    """Per tag and slot: excess >= (sessions of the tag running) - 1; cost in minutes."""
    forum, m = enc.forum, enc.model
    if not weight:
        return
    members = defaultdict(list)
    for s in forum.sessions:
        for tag in tags_of(s):
            members[tag].append(s.session_id)
    slot = forum.settings.slot_minutes
    week_slots = _usable_week_slots(enc.grid)
    for tag, sids in sorted(members.items()):
        if len(sids) < 2:
            continue
        running, sessions_here = defaultdict(list), defaultdict(int)
        for sid in sids:
            for key, literals in enc.covers(sid).items():
                running[key].extend(literals)
                sessions_here[key] += 1
        excesses = []
        for key in sorted(running):
            here = sessions_here[key]
            if here < 2:
                continue
            # At most one start of each session covers a slot, so here - 1 bounds the excess.
            excess = m.new_int_var(0, here - 1, f"{constraint_id}[{tag},{key[0]},{key[1]}]")
            m.add(excess >= sum(running[key]) - 1)
            enc.add_cost(constraint_id, weight * slot, excess, upper=here - 1)
            excesses.append(excess)
        # A tag needing more slots than it can run in clashes for at least the difference:
        # redundant cuts that lift the solver's bound. Its parallel sessions run only in the
        # slots they can reach, and only in slots that no placed plenary holds (a plenary runs
        # alone, so it never clashes).
        parallel = [sid for sid in sids if not forum.session_by_id[sid].is_plenary]
        needed = sum(_slots(forum, sid) * enc.placed[sid] for sid in parallel)
        reachable = {key for sid in parallel for key in enc.covers(sid)}
        m.add(sum(excesses) >= needed - len(reachable))
        m.add(
            sum(excesses)
            >= needed
            - week_slots
            + sum(_slots(forum, p.session_id) * enc.placed[p.session_id] for p in forum.plenaries)
        )


def _slots(forum: Forum, session_id: str) -> int:
    return -(-forum.session_by_id[session_id].duration // forum.settings.slot_minutes)


def _usable_week_slots(grid) -> int:
    """Slots of the week that a session can cover: inside the hours, off the breaks."""
    s = grid.settings
    per_day = [
        k
        for k in range(grid.slots_per_day())
        if grid.fits_day(s.day_start + k * s.slot_minutes, s.slot_minutes)
    ]
    return len(per_day) * s.days


# -- lower bound ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Floor:
    """The clash minutes of one tag that no programme can avoid, and why."""

    minutes: int
    reason: str


def clash_floors(forum: Forum, options, tags_of: Tags) -> dict[str, Floor]:
    """Per tag that must clash, the least clash minutes of any programme (plain arithmetic,
    no solver). Two arguments, the larger wins:

    - time: its parallel sessions last longer than the minutes they can cover, which are at
      most the week's working minutes less the plenaries' (a plenary runs alone) and at most
      the minutes their possible starts reach;
    - starts: n sessions with only K possible (day, start) pairs between them put at least
      n - K of them at the start of another; sessions that start together clash for all but
      the longest one's minutes, so at least the n - K shortest durations clash.
    """
    grid = TimeGrid(forum.settings)
    week = grid.working_minutes() * forum.settings.days - sum(s.duration for s in forum.plenaries)
    slot = forum.settings.slot_minutes
    members = defaultdict(list)
    for s in forum.sessions:
        if not s.is_plenary:
            for tag in tags_of(s):
                members[tag].append(s)
    out = {}
    for tag, sessions in sorted(members.items()):
        if len(sessions) < 2:
            continue
        needed = sum(s.duration for s in sessions)
        reach = {
            (day, k)
            for s in sessions
            for day, minute in options.starts.get(s.session_id, ())
            for k in grid.slots_of(minute, s.duration)
        }
        room = min(week, len(reach) * slot)
        starts = {start for s in sessions for start in options.starts.get(s.session_id, ())}
        extra = len(sessions) - len(starts)
        shortest = sum(sorted(s.duration for s in sessions)[:extra]) if extra > 0 else 0
        by_time = needed - room
        if max(by_time, shortest) <= 0:
            continue
        if by_time >= shortest:
            reason = (
                f"{needed} minutes of sessions for {room} minutes they can run in without "
                "overlapping"
            )
            out[tag] = Floor(by_time, reason)
        else:
            reason = (
                f"{len(sessions)} sessions for {len(starts)} possible starts: at least "
                f"{extra} start together with another"
            )
            out[tag] = Floor(shortest, reason)
    return out


# -- grouping for the local search ----------------------------------------------------------
def clash_grouping(forum: Forum, tags_of: Tags, weight: int) -> Grouping:
    """One group per (tag, day), costing its clash minutes, as `clash_offences` counts them."""

    def keys(session: Session, placement) -> list:
        return [(tag, placement.day) for tag in tags_of(session)]

    def cost(key, placements) -> int:
        if len(placements) < 2:
            return 0
        return weight * clash_minutes([span(forum, p) for p in placements])

    return Grouping(keys, cost)


# -- check ---------------------------------------------------------------------------------
def clash_minutes(intervals: list[tuple[int, int]]) -> int:
    """Minutes during which more than one interval runs, counted once per extra interval."""
    events = sorted([(a, 1) for a, _ in intervals] + [(b, -1) for _, b in intervals])
    total, running, last = 0, 0, None
    for time, step in events:
        if last is not None and running > 1:
            total += (running - 1) * (time - last)
        running += step
        last = time
    return total


def clash_offences(
    forum: Forum, programme: Programme, tags_of: Tags, label: Callable[[str], str]
) -> list[Offence]:
    """One offence per (tag, day) whose sessions overlap, measured in clash minutes."""
    groups = defaultdict(list)
    for p, s in placed_pairs(forum, programme):
        for tag in tags_of(s):
            groups[(tag, p.day)].append(p)
    offences = []
    for (tag, day), items in sorted(groups.items()):
        minutes = clash_minutes([span(forum, p) for p in items])
        if not minutes:
            continue
        clashing = [
            p
            for p in items
            if any(
                q is not p
                and span(forum, q)[0] < span(forum, p)[1]
                and span(forum, p)[0] < span(forum, q)[1]
                for q in items
            )
        ]
        ids = tuple(sorted(p.session_id for p in clashing))
        first = min(clashing, key=lambda p: (p.start, p.session_id))
        offences.append(
            Offence(
                minutes,
                f"{label(tag)}: {', '.join(ids)} overlap for {minutes} "
                f"minutes on {forum.settings.day_label(day)} (from "
                f"{when(forum, day, *span(forum, first))})",
                ids,
                tag,
            )
        )
    return offences
