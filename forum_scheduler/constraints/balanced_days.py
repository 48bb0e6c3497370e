"""The parallel sessions spread evenly over the days of the week."""

from __future__ import annotations

from collections import defaultdict

from ..domain import Forum, Programme
from ..timegrid import TimeGrid
from .base import Constraint, Grouping, Offence, Penalty, placed_pairs, weight_of

DEFAULT_WEIGHT = 20


def available_minutes(forum: Forum) -> dict[int, int]:
    """Day -> the minutes it has for parallel sessions: its working minutes outside the breaks
    minus the minutes of the plenaries (openings, closings included) pinned to both that day and
    a start; never below 0."""
    settings = forum.settings
    working = TimeGrid(settings).working_minutes()
    taken: dict[int, int] = defaultdict(int)
    for s in forum.plenaries:
        if s.pin_day is not None and s.pin_start is not None:
            taken[s.pin_day] += s.duration
    return {day: max(0, working - taken[day]) for day in range(1, settings.days + 1)}


def fair_shares(forum: Forum) -> dict[int, int]:
    """Day -> ceil(N x the day's available minutes / the week's), N the parallel sessions; a
    week with no available minute at all shares by days alike."""
    parallel = sum(1 for s in forum.sessions if not s.is_plenary)
    avail = available_minutes(forum)
    total = sum(avail.values())
    if total == 0:
        avail = {day: 1 for day in avail}
        total = len(avail)
    return {day: -(-parallel * minutes // total) for day, minutes in avail.items()}


def encode(enc) -> None:
    """Per day: excess = max(0, the parallel sessions starting on the day - its fair share),
    fixed by the placements (not only bounded)."""
    forum, m = enc.forum, enc.model
    weight = weight_of(forum, CONSTRAINT)
    if not weight:
        return
    parallel = [s.session_id for s in forum.sessions if not s.is_plenary]
    for day, share in sorted(fair_shares(forum).items()):
        flags = [lit for sid in parallel for (d, _), lit in enc.y[sid].items() if d == day]
        able = sum(1 for sid in parallel if any(d == day for d, _ in enc.y[sid]))
        if able <= share:
            continue
        excess = m.new_int_var(0, able - share, f"crowded[{day}]")
        m.add_max_equality(excess, [0, sum(flags) - share])
        enc.add_cost(CONSTRAINT.id, weight, excess, upper=able - share)


def penalty(forum: Forum, programme: Programme) -> Penalty:
    weight = weight_of(forum, CONSTRAINT)
    held = defaultdict(set)  # day -> ids of the parallel sessions placed on it
    for p, s in placed_pairs(forum, programme):
        if not s.is_plenary:
            held[p.day].add(s.session_id)
    offences = []
    for day, share in sorted(fair_shares(forum).items()):
        count = len(held.get(day, ()))
        if count > share:
            offences.append(
                Offence(
                    count - share,
                    f"{forum.settings.day_label(day)} holds "
                    f"{count} parallel sessions, {count - share} above its fair "
                    f"share of {share}",
                    tuple(sorted(held[day])),
                    subject=forum.settings.date_of(day).isoformat(),
                )
            )
    return Penalty(CONSTRAINT.id, weight * sum(o.amount for o in offences), tuple(offences))


def lower_bound(forum: Forum, options) -> int:
    """Parallel sessions that can only be held on one day, above that day's share; weighted."""
    only = defaultdict(int)
    for s in forum.sessions:
        days = {d for d, _ in options.starts.get(s.session_id, ())}
        if not s.is_plenary and len(days) == 1:
            only[next(iter(days))] += 1
    shares = fair_shares(forum)
    return weight_of(forum, CONSTRAINT) * sum(
        max(0, n - shares.get(day, 0)) for day, n in only.items()
    )


def grouping(forum: Forum) -> Grouping:
    """A group per day of its parallel sessions: how many it holds above its fair share."""
    weight, shares = weight_of(forum, CONSTRAINT), fair_shares(forum)

    def keys(session, placement) -> list:
        return [] if session.is_plenary else [placement.day]

    def cost(day, placements) -> int:
        return weight * max(0, len(placements) - shares.get(day, len(placements)))

    return Grouping(keys, cost)


CONSTRAINT = Constraint(
    id="balanced_days",
    title="Parallel sessions spread over the days",
    rule="Each day costs the number of parallel sessions it holds above its fair share, "
    "ceil(N x the day's minutes free of breaks and pinned plenaries / the week's), N being "
    "the number of parallel sessions.",
    hard=False,
    encode=encode,
    penalty=penalty,
    weight_key="balanced_days",
    lower_bound=lower_bound,
    default_weight=DEFAULT_WEIGHT,
    grouping=grouping,
)
