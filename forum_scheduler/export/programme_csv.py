"""The programme list (the contract's rows, DESIGN.md section 4) and programme.csv.

The list's columns, order and text formats are what planners and other tools rely on: dates
and times are text, list columns hold ids joined by ', ', and the same rows make the
workbook's Programme sheet, so that both files read back alike (programme_reader.py).
"""

from __future__ import annotations

from pathlib import Path

from ..domain import Forum, Placement, Programme, clock, end_of
from .cells import write_csv_rows

COLUMNS = (
    "session_id", "title", "kind", "day", "date", "start", "end", "room_id", "room", "venue",
    "themes", "action_lines", "facilitators", "attendance", "capacity", "locked",
    "facilitator_names", "description",
)  # fmt: skip


def programme_rows(forum: Forum, programme: Programme) -> list[dict]:
    """One dict per placement, keyed by COLUMNS in order, sorted by date, start and room."""
    return [_row(forum, p) for p in programme.sorted(forum)]


def _row(forum: Forum, placement: Placement) -> dict:
    session = forum.session_by_id[placement.session_id]
    room = forum.room_by_id[placement.room_id]
    return {
        "session_id": session.session_id,
        "title": session.title,
        "kind": session.kind,
        "day": placement.day,
        "date": forum.settings.date_of(placement.day).isoformat(),
        "start": clock(placement.start),
        "end": clock(end_of(forum, placement)),
        "room_id": room.room_id,
        "room": room.name,
        "venue": room.venue,
        "themes": ", ".join(session.themes),
        "action_lines": ", ".join(session.action_lines),
        "facilitators": ", ".join(session.facilitators),
        "attendance": session.attendance,
        "capacity": room.capacity,
        # A planner ticks this in the published programme to keep a session when re-solving;
        # a tick carries over to the next publish (a Sessions-sheet lock stays on that sheet,
        # so that unticking it there unlocks the session).
        "locked": "TRUE"
        if forum.baseline is not None
        and getattr(forum.baseline.by_session.get(session.session_id), "locked", False)
        else "",
        # For readers of the list: who the ids are, and what the session is about.
        "facilitator_names": facilitator_names(forum, session.facilitators),
        "description": session.description,
    }


def facilitator_names(forum: Forum, ids, separator: str = ", ") -> str:
    """The facilitators' names in the order of their ids (an unknown id stands for itself)."""
    return separator.join(
        forum.facilitator_by_id[f].name if f in forum.facilitator_by_id else f for f in ids
    )


def write_csv(forum: Forum, programme: Programme, path: Path | str) -> None:
    """UTF-8 without a byte-order mark, CR LF line ends (see cells.py)."""
    write_csv_rows(path, COLUMNS, programme_rows(forum, programme))
