"""What changed against what the calendars published, in the words sent to people.

Plain Python on the forum, its publish reference and the new programme; the exporters turn it
into changes.csv, the workbook's Changes sheet and one message per facilitator. The reference
is what the output folder's calendars last published (published.json), so the change list and
the messages always agree with the calendars' SEQUENCE and cancellations. Only when no such
state exists does a re-solve compare with the programme file it was given (`--previous`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from email.headerregistry import Address

from .domain import (
    Forum,
    Placement,
    Programme,
    PublishedEntry,
    Rule,
    Unavailability,
    clock,
    end_of,
)

ADDED, CANCELLED = "added", "cancelled"
# Where a change comes from: the planner's hand edit of the programme file given to
# --previous, a move the re-solve made, or an edit of the forum's workbooks.
EDITED, RESOLVED, FORUM_EDIT = "programme edit", "re-solve", "forum edit"


@dataclass(frozen=True)
class Reason:
    """Why a session changed, in the planner's words: the `change_note` of its Sessions row,
    or the `note` of an Unavailability or Rules row that its published place breaks and its
    new place keeps. `where` names the row, for the planners (the facilitators get the text)."""

    text: str
    where: str

    def for_planners(self) -> str:
        return f"{self.where}: {self.text}"


@dataclass(frozen=True)
class Change:
    """One session that is not as published: `what` lists day, time, room, title,
    facilitators, or says added / cancelled; `origin` says where the change comes from."""

    session_id: str
    title: str
    what: tuple[str, ...]
    old: PublishedEntry | None
    new: Placement | None
    facilitators: tuple[str, ...]  # everyone to tell: those of the old and the new session
    new_facilitators: tuple[str, ...] = ()
    origin: str = FORUM_EDIT
    reasons: tuple[Reason, ...] = ()

    @property
    def moved(self) -> bool:
        """A session still in the programme at another day, time or room."""
        return self.new is not None and bool({"day", "time", "room"} & set(self.what))


def reference(forum: Forum) -> tuple[dict[str, PublishedEntry], str] | None:
    """What the new programme is compared with, and where it comes from: the calendars'
    publish state, else the programme a re-solve started from, else nothing."""
    if forum.published is not None:
        return forum.published.by_session, forum.published.source
    if forum.baseline is not None:
        return forum.baseline.by_session, forum.baseline.source
    return None


def change_list(forum: Forum, programme: Programme) -> list[Change]:
    """Every session moved, retitled, added or cancelled against the reference, in the order
    of the new programme (cancelled ones last, by their published time)."""
    ref = reference(forum)
    if ref is None:
        return []
    published, _ = ref
    out = []
    for p in programme.sorted(forum):
        session = forum.session_by_id[p.session_id]
        old = published.get(p.session_id)
        people = session.facilitators
        if old is None:
            out.append(Change(p.session_id, session.title, (ADDED,), None, p, people))
            continue
        what = []
        if p.day != old.day:
            what.append("day")
        if p.start != old.start or end_of(forum, p) != old.end:
            what.append("time")
        if p.room_id != old.room_id:
            what.append("room")
        if session.title != old.title:
            what.append("title")
        if set(session.facilitators) != set(old.facilitators):
            what.append("facilitators")
        if what:
            both = tuple(dict.fromkeys(people + old.facilitators))
            origin = _origin(forum, p, old, what)
            out.append(
                Change(p.session_id, session.title, tuple(what), old, p, both, people, origin)
            )
    placed = programme.by_session
    for old in sorted(published.values(), key=lambda e: (e.day, e.start, e.room_id, e.session_id)):
        if old.session_id not in placed:
            out.append(Change(old.session_id, old.title, (CANCELLED,), old, None, old.facilitators))
    return _with_reasons(forum, programme, out)


def _with_reasons(forum: Forum, programme: Programme, changes: list[Change]) -> list[Change]:
    """Each change with its reasons: the session's change_note, then the notes of the rows its
    published place breaks (hard) or offends (soft) and its new place keeps, found by the
    independent checks of the programme with the moved sessions put back where published."""
    broken = _noted_rows_left(forum, programme, [c for c in changes if c.moved])
    out = []
    for c in changes:
        session = forum.session_by_id.get(c.session_id)
        reasons = []
        if session is not None and session.change_note:
            reasons.append(Reason(session.change_note, f"Sessions row {session.row}"))
        reasons += [_row_reason(row) for row in broken.get(c.session_id, ())]
        unique: dict[str, Reason] = {}
        for reason in reasons:
            unique.setdefault(reason.text, reason)
        out.append(replace(c, reasons=tuple(unique.values())) if unique else c)
    return out


def _noted_rows_left(forum: Forum, programme: Programme, moved: list[Change]) -> dict:
    """Session id -> the Unavailability and Rules rows with a note that the session breaks or
    offends at its published place and no longer at its new one."""
    if not moved or not any(r.note for r in (*forum.unavailability, *forum.rules)):
        return {}
    shift = forum.published.week_shift if forum.published is not None else 0
    back = {
        c.session_id: Placement(c.session_id, c.old.day + shift, c.old.start, c.old.room_id)
        for c in moved
        if 1 <= c.old.day + shift <= forum.settings.days and c.old.room_id in forum.room_by_id
    }
    if not back:
        return {}
    before = Programme(tuple(back.get(p.session_id, p) for p in programme.placements))
    now = _noted_findings(forum, programme)
    left: dict[str, list] = {}
    for sid, row in _noted_findings(forum, before):
        if sid in back and (sid, row) not in now and row not in left.get(sid, ()):
            left.setdefault(sid, []).append(row)
    # The rows in the order of the workbooks (Unavailability, then Rules), a total order: row
    # numbers repeat when sheets of several workbooks are merged.
    position = {row: i for i, row in enumerate((*forum.unavailability, *forum.rules))}

    def order(row) -> tuple:
        return (position.get(row, len(position)), repr(row))

    return {sid: sorted(rows, key=order) for sid, rows in left.items()}


def _noted_findings(forum: Forum, programme: Programme) -> set[tuple[str, object]]:
    """(session id, input row) of every finding of the constraints that cite rows (their
    independent checks, not the solver) whose row has a note."""
    from .constraints.registry import CONSTRAINTS

    findings = []
    for c in CONSTRAINTS:
        if c.cites_rows:
            findings += (
                c.check(forum, programme) if c.hard else c.penalty(forum, programme).offences
            )
    return {
        (sid, f.cause)
        for f in findings
        if isinstance(f.cause, (Unavailability, Rule)) and f.cause.note
        for sid in f.sessions
    }


def _row_reason(row) -> Reason:
    sheet = "Rules" if isinstance(row, Rule) else "Unavailability"
    return Reason(" ".join(row.note.split()), f"{sheet} row {row.row}")


def _origin(forum: Forum, new: Placement, old: PublishedEntry, what: list[str]) -> str:
    """A move is the planner's when the programme given to --previous already had the session
    at its new place; the forum's when the session keeps its start, room and place in the
    week (its duration or the week's first day changed); else the solve's. Other changes come
    from the forum's workbooks."""
    if not {"day", "time", "room"} & set(what):
        return FORUM_EDIT
    shift = forum.published.week_shift if forum.published is not None else 0
    if (old.day + shift, old.start, old.room_id) == (new.day, new.start, new.room_id):
        return FORUM_EDIT
    start = forum.baseline.by_session.get(new.session_id) if forum.baseline else None
    if (
        forum.published is not None
        and start is not None
        and (start.day, start.start, start.room_id) != (old.day, old.start, old.room_id)
        and (start.day, start.start, start.room_id) == (new.day, new.start, new.room_id)
    ):
        return EDITED
    return RESOLVED


def change_rows(forum: Forum, changes: list[Change]) -> list[dict]:
    """One dict per change, keyed by CHANGE_COLUMNS (what changes.csv and the sheet hold)."""
    rows = []
    # an old day is numbered in the week it was published in (its date says when that was)
    shift = forum.published.week_shift if forum.published is not None else 0
    for c in changes:
        row = {"session_id": c.session_id, "title": c.title, "change": ", ".join(c.what)}
        row.update(
            _side("old", forum, c.old.day, c.old.start, c.old.end, c.old.room_id, c.old.room)
            if c.old
            else _side("old")
        )
        if c.old:
            row["old_day"] = c.old.day + shift
        if c.new:
            room = forum.room_by_id[c.new.room_id]
            row.update(
                _side(
                    "new",
                    forum,
                    c.new.day,
                    c.new.start,
                    end_of(forum, c.new),
                    room.room_id,
                    room.name,
                )
            )
        else:
            row.update(_side("new"))
        row["facilitators"] = ", ".join(c.facilitators)
        row["origin"] = c.origin
        row["reason"] = "; ".join(r.for_planners() for r in c.reasons)
        rows.append(row)
    return rows


CHANGE_COLUMNS = (
    "session_id",
    "title",
    "change",
    "old_day",
    "old_date",
    "old_start",
    "old_end",
    "old_room_id",
    "old_room",
    "new_day",
    "new_date",
    "new_start",
    "new_end",
    "new_room_id",
    "new_room",
    "facilitators",
    "origin",
    "reason",
)


def _side(
    prefix: str, forum: Forum | None = None, day=None, start=None, end=None, room_id=None, room=None
) -> dict:
    if forum is None:
        return {f"{prefix}_{k}": "" for k in ("day", "date", "start", "end", "room_id", "room")}
    return {
        f"{prefix}_day": day,
        f"{prefix}_date": forum.settings.date_of(day).isoformat(),
        f"{prefix}_start": clock(start),
        f"{prefix}_end": clock(end),
        f"{prefix}_room_id": room_id,
        f"{prefix}_room": room,
    }


def describe(forum: Forum, change: Change, for_planners: bool = True) -> str:
    """One line: 'S012 Title: time changed, now Tue 05 May 10:00-11:30, Room A (was ...)'.

    For the planners (the summary, report.json), the venue is named when the session changes
    building, a move made by hand in the programme file says so, and each reason names its
    row. For the facilitators (their messages) every place names its venue and the reasons
    are the notes alone."""
    head = f"{change.session_id} {change.title}"
    if ADDED in change.what:
        where = _new_place(forum, change.new, venue=not for_planners)
        return f"{head}: new, {where}{_why(change, for_planners)}"
    o = change.old
    moved_venue = change.new is not None and _venue_of(forum, o) != _new_venue(forum, change.new)
    venue = moved_venue or not for_planners
    old = _old_place(forum, o, venue)
    if CANCELLED in change.what:
        return f"{head}: cancelled (was {old}){_why(change, for_planners)}"
    new = _new_place(forum, change.new, venue)
    if change.what == ("title",):
        text = f"{head}: new title (was {o.title!r}); still {new}"
    elif change.what == ("facilitators",):
        text = (
            f"{head}: facilitators now {', '.join(change.new_facilitators) or 'none'} "
            f"(were {', '.join(o.facilitators) or 'none'}); still {new}"
        )
    else:
        text = f"{head}: {', '.join(change.what)} changed, now {new} (was {old})"
        if for_planners and change.origin == EDITED:
            text += f"; moved by hand in {_file_name(forum.baseline.source)}"
    return text + _why(change, for_planners)


def _why(change: Change, for_planners: bool) -> str:
    if not change.reasons:
        return ""
    said = [r.for_planners() if for_planners else r.text for r in change.reasons]
    return f"; reason: {'; '.join(said)}"


def _place(forum: Forum, day: int, start: int, end: int, room: str, venue: str) -> str:
    where = f"{room} ({venue})" if venue else room
    return f"{forum.settings.day_label(day)} {clock(start)}-{clock(end)}, {where}"


def _new_place(forum: Forum, p: Placement, venue: bool) -> str:
    room = forum.room_by_id[p.room_id]
    return _place(forum, p.day, p.start, end_of(forum, p), room.name, room.venue if venue else "")


def _old_place(forum: Forum, o: PublishedEntry, venue: bool) -> str:
    return _place(
        forum, o.day, o.start, o.end, o.room or o.room_id, _venue_of(forum, o) if venue else ""
    )


def _venue_of(forum: Forum, entry: PublishedEntry) -> str:
    room = forum.room_by_id.get(entry.room_id)
    return entry.venue or (room.venue if room else "")


def _new_venue(forum: Forum, p: Placement) -> str:
    return forum.room_by_id[p.room_id].venue


def _file_name(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1] or source


@dataclass(frozen=True)
class Letter:
    """What one facilitator is told about their changed sessions. `text` is
    changes/<id>.txt and the body of changes/<id>.eml, which adds the `to` addresses (the
    Facilitators sheet's `email`, those that are addresses), the `subject` and their calendar."""

    facilitator_id: str
    name: str
    to: tuple[str, ...]
    subject: str
    text: str
    changes: tuple[Change, ...]


def letters(forum: Forum, changes: list[Change], attached: Iterable[str] = ()) -> dict[str, Letter]:
    """Facilitator id -> their letter, for everyone a change concerns. `attached` names the
    facilitators whose updated calendar goes with the letter, which then says so."""
    per_person: dict[str, list[Change]] = {}
    for change in changes:
        for fid in change.facilitators:
            per_person.setdefault(fid, []).append(change)
    with_calendar = set(attached)
    out = {}
    for fid in sorted(per_person):
        person = forum.facilitator_by_id.get(fid)
        name = person.name if person and person.name else fid
        items = tuple(per_person[fid])
        out[fid] = Letter(
            fid,
            name,
            addresses(person.email if person else ""),
            _subject(forum, fid, items),
            _text(forum, name, items, fid in with_calendar),
            items,
        )
    return out


def _text(forum: Forum, name: str, items: tuple[Change, ...], calendar: bool) -> str:
    attached = " (attached to this message)" if calendar else ""
    lines = [
        f"Dear {name},",
        "",
        f"The programme of {forum.settings.name} has changed for {len(items)} of your sessions:",
        "",
    ]
    lines += [f"- {describe(forum, c, for_planners=False)}" for c in items]
    lines += [
        "",
        "If you subscribed to your calendar, it updates by itself. If you imported the "
        f"calendar file instead, import the new one again{attached}: your sessions are "
        "updated in place, not duplicated. The rest of your sessions are unchanged.",
        "",
    ]
    return "\n".join(lines)


def _subject(forum: Forum, fid: str, items: tuple[Change, ...]) -> str:
    """'WSIS Forum 2026: your session S012 moved to Tue 05 May 10:00', or, for several
    changes, 'WSIS Forum 2026: 3 changes to your sessions'."""
    head = forum.settings.name
    if len(items) > 1:
        return f"{head}: {len(items)} changes to your sessions"
    c = items[0]
    sid = c.session_id
    if ADDED in c.what:
        return f"{head}: a new session for you, {sid}, on {_when(forum, c.new)}"
    if CANCELLED in c.what:
        return f"{head}: your session {sid} is cancelled"
    if "day" in c.what or "time" in c.what:
        return f"{head}: your session {sid} moved to {_when(forum, c.new)}"
    if "room" in c.what:
        return f"{head}: your session {sid} moved to {forum.room_by_id[c.new.room_id].name}"
    if "facilitators" in c.what and fid not in c.new_facilitators:
        return f"{head}: you no longer facilitate {sid}"
    if "facilitators" in c.what:
        return f"{head}: the facilitators of your session {sid} changed"
    return f"{head}: your session {sid} has a new title"


def _when(forum: Forum, p: Placement) -> str:
    return f"{forum.settings.day_label(p.day)} {clock(p.start)}"


def addresses(cell: str) -> tuple[str, ...]:
    """The e-mail addresses in an `email` cell (several may be separated by commas,
    semicolons or spaces); what is not an address is left out (the draft then has fewer
    recipients, or none, and the summary says so)."""
    found = []
    for piece in re.split(r"[,;\s]+", cell or ""):
        local, at, domain = piece.strip("<>").rpartition("@")
        try:  # a domain in other letters than ASCII travels in its IDNA form
            piece = f"{local}@{domain.encode('idna').decode('ascii')}" if at else ""
            Address(addr_spec=piece)
        except Exception:  # the email package and the codec raise several types
            continue
        if piece.isascii():
            found.append(piece)
    return tuple(dict.fromkeys(found))
