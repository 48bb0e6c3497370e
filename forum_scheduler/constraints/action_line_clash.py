"""Sessions that share an action line should not overlap, so its followers can attend them all."""

from __future__ import annotations

from ..domain import Forum, Programme
from .base import Constraint, Penalty, weight_of
from .tag_clash import clash_floors, clash_grouping, clash_offences, encode_clash

DEFAULT_WEIGHT = 5


def _lines(session) -> list[str]:
    """A session's action lines, each once (a line listed twice still counts once)."""
    return list(dict.fromkeys(session.action_lines))


def encode(enc) -> None:
    encode_clash(enc, CONSTRAINT.id, weight_of(enc.forum, CONSTRAINT), _lines)


def penalty(forum: Forum, programme: Programme) -> Penalty:
    offences = clash_offences(forum, programme, _lines, lambda line: f"action line {line}")
    return Penalty(
        CONSTRAINT.id,
        weight_of(forum, CONSTRAINT) * sum(o.amount for o in offences),
        tuple(offences),
    )


TAGS = _lines  # a session's tags for this goal, each once (the report names its floors)


def lower_bound(forum: Forum, options) -> int:
    """The clash minutes no programme can avoid (see tag_clash.clash_floors), weighted."""
    floors = clash_floors(forum, options, _lines)
    return weight_of(forum, CONSTRAINT) * sum(f.minutes for f in floors.values())


def grouping(forum: Forum):
    return clash_grouping(forum, _lines, weight_of(forum, CONSTRAINT))


CONSTRAINT = Constraint(
    id="action_line_clash",
    title="Sessions of an action line do not overlap",
    rule="For each action line, every minute in which k > 1 of its sessions run at once costs "
    "k - 1.",
    hard=False,
    encode=encode,
    penalty=penalty,
    weight_key="action_line_clash",
    lower_bound=lower_bound,
    default_weight=DEFAULT_WEIGHT,
    grouping=grouping,
)
