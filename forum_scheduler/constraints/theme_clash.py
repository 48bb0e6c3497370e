"""Sessions that share a theme should not overlap, so a theme's followers can attend them all."""

from __future__ import annotations

from collections import defaultdict

from ..domain import Forum, Programme
from .base import Constraint, Offence, Penalty, placed_pairs, span, weight_of, when

DEFAULT_WEIGHT = 10


def encode(enc) -> None:
    """Per theme and slot: excess >= (sessions of the theme running) - 1; cost in minutes."""
    forum, m = enc.forum, enc.model
    weight = weight_of(forum, CONSTRAINT)
    if not weight:
        return
    members = defaultdict(list)
    for s in forum.sessions:
        for theme in s.themes:
            members[theme].append(s.session_id)
    slot = forum.settings.slot_minutes
    week_slots = _week_slots(enc.grid)
    for theme, sids in sorted(members.items()):
        if len(sids) < 2:
            continue
        running, sessions_here = defaultdict(list), defaultdict(int)
        for sid in sids:
            for key, literals in enc.covers(sid).items():
                running[key].extend(literals)
                sessions_here[key] += 1
        excesses = []
        for key in sorted(running):
            literals = running[key]
            if sessions_here[key] < 2:
                continue
            excess = m.new_int_var(0, len(sids) - 1, f"clash[{theme},{key[0]},{key[1]}]")
            m.add(excess >= sum(literals) - 1)
            enc.add_cost(CONSTRAINT.id, weight * slot, excess, upper=len(sids) - 1)
            excesses.append(excess)
        # A theme needing more slots than it can run in clashes for at least the difference:
        # redundant cuts that lift the solver's bound. Its parallel sessions run only in the
        # slots they can reach, and only in slots that no placed plenary holds.
        parallel = [sid for sid in sids if not forum.session_by_id[sid].is_plenary]
        needed = sum(_slots(forum, sid) * enc.placed[sid] for sid in parallel)
        reachable = {key for sid in parallel for key in enc.covers(sid)}
        m.add(sum(excesses) >= needed - len(reachable))
        m.add(sum(excesses) >= needed - week_slots + sum(
            _slots(forum, p.session_id) * enc.placed[p.session_id] for p in forum.plenaries))


def _slots(forum: Forum, session_id: str) -> int:
    return -(-forum.session_by_id[session_id].duration // forum.settings.slot_minutes)


def _week_slots(grid) -> int:
    """Slots of the week that a session can cover: inside the hours, off the breaks."""
    s = grid.settings
    usable = [k for k in range(grid.slots_per_day())
              if grid.fits_day(s.day_start + k * s.slot_minutes, s.slot_minutes)]
    return len(usable) * s.days


def clash_minutes(intervals: list[tuple[int, int]]) -> int:
    """Minutes during which more than one interval runs, counted once per extra interval."""
    events = sorted([(a, 1) for a, _ in intervals] + [(b, -1) for _, b in intervals],
                    key=lambda e: (e[0], e[1]))
    total, running, last = 0, 0, None
    for time, step in events:
        if last is not None and running > 1:
            total += (running - 1) * (time - last)
        running += step
        last = time
    return total


def penalty(forum: Forum, programme: Programme) -> Penalty:
    weight = weight_of(forum, CONSTRAINT)
    groups = defaultdict(list)
    for p, s in placed_pairs(forum, programme):
        for theme in s.themes:
            groups[(theme, p.day)].append(p)
    offences = []
    for (theme, day), items in sorted(groups.items()):
        minutes = clash_minutes([span(forum, p) for p in items])
        if minutes:
            clashing = [p for p in items if any(
                q is not p and span(forum, q)[0] < span(forum, p)[1]
                and span(forum, p)[0] < span(forum, q)[1] for q in items)]
            ids = tuple(sorted(p.session_id for p in clashing))
            first = min(clashing, key=lambda p: p.start)
            name = forum.theme_by_id[theme].name if theme in forum.theme_by_id else theme
            offences.append(Offence(minutes, f"theme {theme} ({name}): {', '.join(ids)} overlap "
                                    f"for {minutes} minutes on {forum.settings.day_label(day)} "
                                    f"(from {when(forum, day, *span(forum, first))})", ids, theme))
    return Penalty(CONSTRAINT.id, weight * sum(o.amount for o in offences), tuple(offences))


def unavoidable(forum: Forum) -> dict[str, tuple[int, int, int]]:
    """Per theme that must clash: (its session minutes, the week's parallel minutes, the
    minutes of clash that no programme can avoid). Plenaries run alone, so their minutes are
    not parallel minutes, and a plenary never clashes."""
    from ..timegrid import TimeGrid

    week = TimeGrid(forum.settings).working_minutes() * forum.settings.days
    parallel = week - sum(s.duration for s in forum.plenaries)
    needed: dict[str, int] = defaultdict(int)
    for s in forum.sessions:
        if not s.is_plenary:
            for theme in s.themes:
                needed[theme] += s.duration
    return {theme: (minutes, parallel, minutes - parallel)
            for theme, minutes in sorted(needed.items()) if minutes > parallel}


CONSTRAINT = Constraint(
    id="theme_clash", title="Sessions of a theme do not overlap",
    rule="For each theme, every minute in which k > 1 of its sessions run at once costs k - 1.",
    hard=False, encode=encode, penalty=penalty, weight_key="theme_clash",
    default_weight=DEFAULT_WEIGHT)
