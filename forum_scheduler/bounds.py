"""Lower bounds of the soft goals: the part of the penalty that no programme can avoid.

Plain arithmetic on the forum, no solver, so the summary can say how much of a programme's
penalty is provably unavoidable. Each goal's bound is the larger of two sound arguments:

- its module's own `lower_bound` (theme clash forced by the week's minutes or its starts, the
  smallest room a session may use, a facilitator's sessions against their days...);
- the penalty of the sessions whose place is already decided (a single possible start and room
  under the hard rules), which every programme holds, for every goal whose penalty never falls
  when a session is added.

A bound on the whole objective is the sum of the goals' bounds.
"""

from __future__ import annotations

from .constraints.base import Options, weight_of
from .constraints.registry import SOFT
from .domain import Forum, Placement, Programme
from .model.precheck import allowed_starts, rooms_by_session


def options_of(forum: Forum) -> Options:
    """Each session's possible starts and rooms under the hard filters."""
    starts = {s.session_id: allowed_starts(forum, s) for s in forum.sessions}
    return Options(starts, rooms_by_session(forum))


def goal_floors(forum: Forum, options: Options | None = None) -> dict[str, int]:
    """Goal id -> the weighted penalty that no programme can go below (0 when none is known)."""
    options = options or options_of(forum)
    decided = Programme(
        tuple(
            Placement(s.session_id, *place)
            for s in forum.sessions
            if (place := options.fixed(s.session_id)) is not None
        )
    )
    out = {}
    for goal in SOFT:
        if not weight_of(forum, goal) and goal.id not in ("soft_rules", "soft_unavailability"):
            out[goal.id] = 0
            continue
        own = goal.lower_bound(forum, options) if goal.lower_bound else 0
        held = goal.penalty(forum, decided).weighted if goal.monotone else 0
        out[goal.id] = max(own, held)
    return out
