"""The constraint catalogue, hard rules first. Adding a constraint means adding it here."""

from __future__ import annotations

from . import (
    action_line_clash,
    balanced_days,
    changes,
    facilitator_load,
    facilitator_overlap,
    facilitator_unavailability,
    locked,
    max_changes,
    pins,
    placement,
    plenary_alone,
    room_capacity,
    room_changeover,
    room_features,
    room_fit,
    room_overlap,
    room_unavailability,
    rules,
    soft_unavailability,
    standard_starts,
    theme_clash,
    track_stability,
    venue_travel,
    week_shape,
)
from .base import Constraint

CONSTRAINTS: tuple[Constraint, ...] = (
    placement.CONSTRAINT,
    pins.CONSTRAINT,
    standard_starts.CONSTRAINT,
    locked.CONSTRAINT,
    week_shape.CONSTRAINT,
    plenary_alone.CONSTRAINT,
    room_capacity.CONSTRAINT,
    room_features.CONSTRAINT,
    room_overlap.CONSTRAINT,
    room_changeover.CONSTRAINT,
    room_unavailability.CONSTRAINT,
    facilitator_unavailability.CONSTRAINT,
    facilitator_overlap.CONSTRAINT,
    venue_travel.CONSTRAINT,
    rules.CONSTRAINT,
    max_changes.CONSTRAINT,
    theme_clash.CONSTRAINT,
    room_fit.CONSTRAINT,
    action_line_clash.CONSTRAINT,
    track_stability.CONSTRAINT,
    facilitator_load.CONSTRAINT,
    balanced_days.CONSTRAINT,
    soft_unavailability.CONSTRAINT,
    rules.SOFT_CONSTRAINT,
    changes.CONSTRAINT,
)

HARD = tuple(c for c in CONSTRAINTS if c.hard)
SOFT = tuple(c for c in CONSTRAINTS if not c.hard)


def weight_defaults() -> dict[str, int]:
    """Every weight key of the Weights sheet with its default."""
    return {c.weight_key: c.default_weight for c in SOFT if c.weight_key}


def by_id(constraint_id: str) -> Constraint:
    for c in CONSTRAINTS:
        if c.id == constraint_id:
            return c
    raise KeyError(constraint_id)
