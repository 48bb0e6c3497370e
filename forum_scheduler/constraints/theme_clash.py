"""Sessions that share a theme should not overlap, so a theme's followers can attend them all."""

from __future__ import annotations

from ..domain import Forum, Programme
from .base import Constraint, Penalty, weight_of
from .tag_clash import clash_floors, clash_grouping, clash_offences, encode_clash

DEFAULT_WEIGHT = 10


def _themes(session) -> list[str]:
    return list(dict.fromkeys(session.themes))


def encode(enc) -> None:
    encode_clash(enc, CONSTRAINT.id, weight_of(enc.forum, CONSTRAINT), _themes)


def penalty(forum: Forum, programme: Programme) -> Penalty:
    def label(theme: str) -> str:
        name = forum.theme_by_id[theme].name if theme in forum.theme_by_id else theme
        return f"theme {theme} ({name})"

    offences = clash_offences(forum, programme, _themes, label)
    return Penalty(
        CONSTRAINT.id,
        weight_of(forum, CONSTRAINT) * sum(o.amount for o in offences),
        tuple(offences),
    )


TAGS = _themes  # a session's tags for this goal, each once (the report names its floors)


def lower_bound(forum: Forum, options) -> int:
    """The clash minutes no programme can avoid (see tag_clash.clash_floors), weighted."""
    floors = clash_floors(forum, options, _themes)
    return weight_of(forum, CONSTRAINT) * sum(f.minutes for f in floors.values())


def grouping(forum: Forum):
    return clash_grouping(forum, _themes, weight_of(forum, CONSTRAINT))


CONSTRAINT = Constraint(
    id="theme_clash",
    title="Sessions of a theme do not overlap",
    rule="For each theme, every minute in which k > 1 of its sessions run at once costs k - 1.",
    hard=False,
    encode=encode,
    penalty=penalty,
    weight_key="theme_clash",
    lower_bound=lower_bound,
    default_weight=DEFAULT_WEIGHT,
    grouping=grouping,
)
