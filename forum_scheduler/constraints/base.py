"""What every constraint module provides: metadata, a CP-SAT encoding and an independent check.

A module defines one `Constraint`. Its `encode` works on the model's variables (see
`model.encoding.Encoding`); its `check` (hard) or `penalty` (soft) works on a plain `Programme`
and must not reuse the encoding: the two are written separately so that one catches the
other's mistakes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from ..domain import Forum, Placement, Programme, Room, Session, clock


@dataclass(frozen=True)
class Violation:
    """A broken hard rule, said in the planners' words."""

    constraint: str
    message: str
    sessions: tuple[str, ...] = ()
    # The input row broken (an Unavailability or Rules row), when there is one: its note is
    # the reason a change message gives for a move away from this place.
    cause: object = field(default=None, compare=False)


@dataclass(frozen=True)
class Offence:
    """One contribution to a soft goal's penalty (before weighting)."""

    amount: int
    message: str
    sessions: tuple[str, ...] = ()
    subject: str = ""  # what the offence is about (a theme id, a room id...), for grouping
    cause: object = field(default=None, compare=False)  # the input row, as for a Violation


@dataclass(frozen=True)
class Penalty:
    """A soft goal's measure on a programme: `weighted` is what enters the objective."""

    constraint: str
    weighted: int
    offences: tuple[Offence, ...] = ()

    @property
    def raw(self) -> int:
        return sum(o.amount for o in self.offences)


@dataclass(frozen=True)
class Grouping:
    """A soft goal's penalty as a sum over groups of sessions, so that a move is priced by
    re-costing only the groups of the sessions it moves (the local search's delta).

    `keys(session, placement)` names the groups a placed session belongs to; `cost(key,
    placements)` is the weighted penalty of one group holding those placements. Summed over
    every group of a programme, the costs equal the goal's `penalty(...).weighted`.
    """

    keys: Callable[[Session, Placement], Iterable[Hashable]]
    cost: Callable[[Hashable, Sequence[Placement]], int]


@dataclass(frozen=True)
class Constraint:
    id: str
    title: str
    rule: str  # the rule in one sentence
    hard: bool
    encode: Callable  # (Encoding) -> None
    check: Callable | None = None  # hard: (Forum, Programme) -> list[Violation]
    penalty: Callable | None = None  # soft: (Forum, Programme) -> Penalty
    allowed_start: Callable | None = None  # hard filter: (Forum, Session, day, minute) -> bool
    allowed_room: Callable | None = None  # hard filter: (Forum, Session, Room) -> bool
    weight_key: str | None = None
    default_weight: int | None = None
    extra_weight_keys: dict[str, int] = field(default_factory=dict)
    # soft: (Forum, Options) -> a weighted penalty that no programme can go below
    lower_bound: Callable | None = None
    # soft: whether the penalty never falls when a session is added to a programme (then the
    # sessions with a single possible place give a lower bound, see bounds.py)
    monotone: bool = True
    # soft: (Forum) -> Grouping, or None when the goal needs a published programme (the local
    # search then does not run)
    grouping: Callable | None = None
    # whether each finding names the input row it breaks (`cause`, an Unavailability or Rules
    # row), whose note then tells why a session moved
    cites_rows: bool = False


@dataclass(frozen=True)
class Options:
    """Each session's possible starts (day, minute) and rooms once every hard filter has
    spoken: what a lower bound may assume of any programme."""

    starts: dict[str, list[tuple[int, int]]]
    rooms: dict[str, list[str]]

    def fixed(self, session_id: str) -> tuple[int, int, str] | None:
        """(day, minute, room) of a session with a single possible place, else None."""
        starts, rooms = self.starts.get(session_id, ()), self.rooms.get(session_id, ())
        if len(starts) == 1 and len(rooms) == 1:
            return (*starts[0], rooms[0])
        return None


def placed_pairs(forum: Forum, programme: Programme) -> list[tuple[Placement, Session]]:
    """The placements of known sessions, with their sessions (check helpers share this)."""
    sessions = forum.session_by_id
    return [(p, sessions[p.session_id]) for p in programme.placements if p.session_id in sessions]


def weight_of(forum: Forum, constraint: Constraint) -> int:
    return forum.weight(constraint.weight_key, constraint.default_weight)


def room_of(forum: Forum, placement: Placement) -> Room | None:
    return forum.room_by_id.get(placement.room_id)


def when(forum: Forum, day: int, start: int, end: int) -> str:
    """'Tue 05 May 10:00-11:45': how messages name a time."""
    return f"{forum.settings.day_label(day)} {clock(start)}-{clock(end)}"


def span(forum: Forum, placement: Placement) -> tuple[int, int]:
    """A placement's [start, end) in minutes of its day."""
    return placement.start, placement.start + forum.session_by_id[placement.session_id].duration


def row_note(placement: Placement) -> str:
    return f" (programme row {placement.row})" if placement.row else ""


def rows_note(*placements: Placement) -> str:
    """' (programme rows 12, 40)' for the placements read from a file, else ''."""
    rows = sorted({p.row for p in placements if p.row})
    if not rows:
        return ""
    return f" (programme row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows))})"
