"""Facilitators are not overloaded on a day and get a pause between their sessions."""

from __future__ import annotations

from collections import defaultdict

from ..domain import Forum, Programme, clock
from ..timegrid import MINUTES_PER_DAY
from .base import Constraint, Grouping, Offence, Penalty, placed_pairs, span, weight_of

DEFAULT_WEIGHT = 100


def _sessions_of(forum: Forum) -> dict[str, list[str]]:
    """Facilitator -> the ids of their sessions, each once, in id order."""
    out: dict[str, set[str]] = defaultdict(set)
    for s in forum.sessions:
        for person in s.facilitators:
            out[person].add(s.session_id)
    return {person: sorted(ids) for person, ids in sorted(out.items())}


def encode(enc) -> None:
    """(a) per facilitator and day: excess = max(0, their sessions on the day - maximum);
    (b) per pair of sessions sharing a facilitator: a Boolean `short`, true exactly when both
    are placed and neither ends at least the pause before the other starts.

    Both are fixed by the placements (not only bounded), so a programme's cost in the model is
    its penalty whatever the search leaves in the auxiliary variables."""
    forum = enc.forum
    weight = weight_of(forum, CONSTRAINT)
    if not weight:
        return
    sessions_of = _sessions_of(forum)
    if forum.settings.facilitator_max_sessions_per_day is not None:
        _encode_daily_maximum(enc, weight, sessions_of)
    if forum.settings.facilitator_min_pause_minutes > 0:
        _encode_pauses(enc, weight, sessions_of)


def _encode_daily_maximum(enc, weight: int, sessions_of: dict[str, list[str]]) -> None:
    m, most = enc.model, enc.forum.settings.facilitator_max_sessions_per_day
    for person, sids in sessions_of.items():
        for day in enc.grid.days:
            flags = [lit for sid in sids for (d, _), lit in enc.y[sid].items() if d == day]
            able = sum(1 for sid in sids if any(d == day for d, _ in enc.y[sid]))
            if able <= most:
                continue
            excess = m.new_int_var(0, able - most, f"load[{person},{day}]")
            m.add_max_equality(excess, [0, sum(flags) - most])
            enc.add_cost(CONSTRAINT.id, weight, excess, upper=able - most)


def _encode_pauses(enc, weight: int, sessions_of: dict[str, list[str]]) -> None:
    m, settings = enc.model, enc.forum.settings
    pause = settings.facilitator_min_pause_minutes
    # Week minutes put sessions on different days at least `night` apart; a pause longer than
    # that is kept off other days by spreading the days a further `stretch` minutes apart.
    night = MINUTES_PER_DAY - settings.day_end + settings.day_start
    stretch = max(0, pause - night)
    duration = {s.session_id: s.duration for s in enc.forum.sessions}
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for sids in sessions_of.values():
        for i, a in enumerate(sids):
            for b in sids[i + 1 :]:
                shared[(a, b)] += 1
    for (a, b), count in sorted(shared.items()):
        if not {d for d, _ in enc.y[a]} & {d for d, _ in enc.y[b]}:
            continue
        short = m.new_bool_var(f"short[{a},{b}]")
        a_first = m.new_bool_var(f"pause_first[{a},{b}]")
        start_a = enc.start[a] + stretch * enc.day[a]
        start_b = enc.start[b] + stretch * enc.day[b]
        end_a = start_a + duration[a]
        end_b = start_b + duration[b]
        # Not short, both placed: one of them ends at least the pause before the other starts.
        both = [enc.placed[a], enc.placed[b], ~short]
        m.add(end_a + pause <= start_b).only_enforce_if(both + [a_first])
        m.add(end_b + pause <= start_a).only_enforce_if(both + [~a_first])
        # Short: both placed, and neither is the pause apart from the other (so never on
        # different days, which the stretch puts at least the pause apart).
        m.add_implication(short, enc.placed[a])
        m.add_implication(short, enc.placed[b])
        m.add(start_b < end_a + pause).only_enforce_if(short)
        m.add(start_a < end_b + pause).only_enforce_if(short)
        enc.add_cost(CONSTRAINT.id, weight * count, short)


def penalty(forum: Forum, programme: Programme) -> Penalty:
    weight = weight_of(forum, CONSTRAINT)
    settings = forum.settings
    most, pause = settings.facilitator_max_sessions_per_day, settings.facilitator_min_pause_minutes
    booked = defaultdict(dict)  # (person, day) -> {session id: placement}
    for p, s in placed_pairs(forum, programme):
        for person in s.facilitators:
            booked[(person, p.day)][p.session_id] = p
    offences = []
    for (person, day), by_id in sorted(booked.items()):
        items = sorted(by_id.values(), key=lambda p: (p.start, p.session_id))
        label = settings.day_label(day)
        if most is not None and len(items) > most:
            ids = tuple(p.session_id for p in items)
            offences.append(
                Offence(
                    len(items) - most,
                    f"{person} has {len(items)} sessions on "
                    f"{label} ({', '.join(ids)}), {len(items) - most} above the "
                    f"maximum of {most}",
                    ids,
                    subject=person,
                )
            )
        if pause <= 0:
            continue
        for i, first in enumerate(items):
            for second in items[i + 1 :]:
                first_end = span(forum, first)[1]
                gap = second.start - first_end
                if 0 <= gap < pause:
                    offences.append(
                        Offence(
                            1,
                            f"{person} has {gap} minutes between "
                            f"{first.session_id} (ends {clock(first_end)}) and "
                            f"{second.session_id} (starts {clock(second.start)}) "
                            f"on {label}; the minimum pause is {pause}",
                            (first.session_id, second.session_id),
                            subject=person,
                        )
                    )
    return Penalty(CONSTRAINT.id, weight * sum(o.amount for o in offences), tuple(offences))


def lower_bound(forum: Forum, options) -> int:
    """Sessions a facilitator has above the daily maximum whatever the days: more sessions
    than the maximum times the days they can be on, or more on a day than the maximum among
    those that can only be held that day; weighted. (Pauses between sessions with a single
    possible place are counted by the bound every goal shares, see bounds.py.)"""
    most = forum.settings.facilitator_max_sessions_per_day
    if most is None:
        return 0
    total = 0
    for sids in _sessions_of(forum).values():
        days = [{d for d, _ in options.starts.get(sid, ())} for sid in sids]
        every = set().union(*days)
        only = defaultdict(int)
        for possible in days:
            if len(possible) == 1:
                only[next(iter(possible))] += 1
        total += max(len(sids) - most * len(every), sum(max(0, n - most) for n in only.values()))
    return weight_of(forum, CONSTRAINT) * total


def grouping(forum: Forum) -> Grouping:
    """A group per (facilitator, day): sessions above the maximum and pauses too short."""
    weight, settings = weight_of(forum, CONSTRAINT), forum.settings
    most, pause = settings.facilitator_max_sessions_per_day, settings.facilitator_min_pause_minutes
    durations = {s.session_id: s.duration for s in forum.sessions}

    def keys(session, placement) -> list:
        return [(person, placement.day) for person in dict.fromkeys(session.facilitators)]

    def cost(key, placements) -> int:
        total = max(0, len(placements) - most) if most is not None else 0
        if pause > 0 and len(placements) > 1:
            items = sorted(placements, key=lambda p: (p.start, p.session_id))
            for i, first in enumerate(items):
                end = first.start + durations[first.session_id]
                total += sum(1 for second in items[i + 1 :] if 0 <= second.start - end < pause)
        return weight * total

    return Grouping(keys, cost)


CONSTRAINT = Constraint(
    id="facilitator_load",
    title="Facilitators not overloaded, with pauses",
    rule="Each session of a facilitator above facilitator_max_sessions_per_day on a day costs 1, "
    "and so does each pair of a facilitator's sessions on one day with a gap of 0 or more "
    "but below facilitator_min_pause_minutes.",
    hard=False,
    encode=encode,
    penalty=penalty,
    weight_key="facilitator_load",
    lower_bound=lower_bound,
    default_weight=DEFAULT_WEIGHT,
    grouping=grouping,
)
