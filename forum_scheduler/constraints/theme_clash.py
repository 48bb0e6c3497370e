"""Sessions that share a theme should not overlap, so a theme's followers can attend them all."""

from __future__ import annotations

from collections import defaultdict

from ..domain import Forum, Programme
from .base import Constraint, Penalty, weight_of
from .tag_clash import clash_offences, encode_clash

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
    return {
        theme: (minutes, parallel, minutes - parallel)
        for theme, minutes in sorted(needed.items())
        if minutes > parallel
    }


CONSTRAINT = Constraint(
    id="theme_clash",
    title="Sessions of a theme do not overlap",
    rule="For each theme, every minute in which k > 1 of its sessions run at once costs k - 1.",
    hard=False,
    encode=encode,
    penalty=penalty,
    weight_key="theme_clash",
    default_weight=DEFAULT_WEIGHT,
)
