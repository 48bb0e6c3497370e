"""Sessions that share an action line should not overlap, so its followers can attend them all."""

from __future__ import annotations

from collections import defaultdict

from ..domain import Forum, Programme
from .base import Constraint, Offence, Penalty, placed_pairs, span, weight_of, when

DEFAULT_WEIGHT = 5


def _lines(session) -> list[str]:
    """A session's action lines, each once (a line listed twice still counts once)."""
    return list(dict.fromkeys(session.action_lines))


def encode(enc) -> None:
    """Per action line and slot: excess >= (sessions of the line running) - 1; cost in minutes."""
    forum, m = enc.forum, enc.model
    weight = weight_of(forum, CONSTRAINT)
    if not weight:
        return
    members = defaultdict(list)
    for s in forum.sessions:
        for line in _lines(s):
            members[line].append(s.session_id)
    slot = forum.settings.slot_minutes
    week_slots = _usable_week_slots(enc.grid)
    for line, sids in sorted(members.items()):
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
            excess = m.new_int_var(0, here - 1, f"al_clash[{line},{key[0]},{key[1]}]")
            m.add(excess >= sum(running[key]) - 1)
            enc.add_cost(CONSTRAINT.id, weight * slot, excess, upper=here - 1)
            excesses.append(excess)
        # A line needing more slots than it can run in clashes for at least the difference:
        # redundant cuts that lift the solver's bound. Its parallel sessions run only in the
        # slots they can reach, and only in slots that no placed plenary holds (a plenary runs
        # alone, so it never clashes).
        parallel = [sid for sid in sids if not forum.session_by_id[sid].is_plenary]
        needed = sum(_slots(forum, sid) * enc.placed[sid] for sid in parallel)
        reachable = {key for sid in parallel for key in enc.covers(sid)}
        m.add(sum(excesses) >= needed - len(reachable))
        m.add(sum(excesses) >= needed - week_slots + sum(
            _slots(forum, p.session_id) * enc.placed[p.session_id] for p in forum.plenaries))


def _slots(forum: Forum, session_id: str) -> int:
    return -(-forum.session_by_id[session_id].duration // forum.settings.slot_minutes)


def _usable_week_slots(grid) -> int:
    """Slots of the week that a session can cover: inside the hours, off the breaks."""
    s = grid.settings
    per_day = [k for k in range(grid.slots_per_day())
               if grid.fits_day(s.day_start + k * s.slot_minutes, s.slot_minutes)]
    return len(per_day) * s.days


def _clash_minutes(intervals: list[tuple[int, int]]) -> int:
    """Minutes during which more than one interval runs, counted once per extra interval."""
    events = sorted([(a, 1) for a, _ in intervals] + [(b, -1) for _, b in intervals])
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
        for line in _lines(s):
            groups[(line, p.day)].append(p)
    offences = []
    for (line, day), items in sorted(groups.items()):
        minutes = _clash_minutes([span(forum, p) for p in items])
        if not minutes:
            continue
        clashing = [p for p in items if any(
            q is not p and span(forum, q)[0] < span(forum, p)[1]
            and span(forum, p)[0] < span(forum, q)[1] for q in items)]
        ids = tuple(sorted(p.session_id for p in clashing))
        first = min(clashing, key=lambda p: (p.start, p.session_id))
        offences.append(Offence(minutes, f"action line {line}: {', '.join(ids)} overlap for "
                                f"{minutes} minutes on {forum.settings.day_label(day)} "
                                f"(from {when(forum, day, *span(forum, first))})", ids,
                                subject=line))
    return Penalty(CONSTRAINT.id, weight * sum(o.amount for o in offences), tuple(offences))


CONSTRAINT = Constraint(
    id="action_line_clash", title="Sessions of an action line do not overlap",
    rule="For each action line, every minute in which k > 1 of its sessions run at once costs "
         "k - 1.",
    hard=False, encode=encode, penalty=penalty, weight_key="action_line_clash",
    default_weight=DEFAULT_WEIGHT)
