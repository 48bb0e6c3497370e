"""What changed against what the calendars published, in the words sent to people.

Plain Python on the forum, its publish reference and the new programme; the exporters turn it
into changes.csv, the workbook's Changes sheet and one message per facilitator. The reference
is what the output folder's calendars last published (published.json), so the change list and
the messages always agree with the calendars' SEQUENCE and cancellations. Only when no such
state exists does a re-solve compare with the programme file it was given (`--previous`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .domain import Forum, Placement, Programme, PublishedEntry, clock, end_of

ADDED, CANCELLED = "added", "cancelled"
# Where a change comes from: the planner's hand edit of the programme file given to
# --previous, a move the re-solve made, or an edit of the forum's workbooks.
EDITED, RESOLVED, FORUM_EDIT = "programme edit", "re-solve", "forum edit"


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
    return out


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


def describe(forum: Forum, change: Change, origin: bool = True) -> str:
    """One line: 'S012 Title: time changed, now Tue 05 May 10:00-11:30, Room A (was ...)'.

    The venue is named when the session changes building; with `origin`, a move the planner
    made by hand in the programme file says so (the facilitators' messages leave that out)."""
    head = f"{change.session_id} {change.title}"
    if ADDED in change.what:
        n = change.new
        return f"{head}: new, {_new_place(forum, n, venue=False)}"
    o = change.old
    moved_venue = change.new is not None and _venue_of(forum, o) != _new_venue(forum, change.new)
    old = _old_place(forum, o, moved_venue)
    if CANCELLED in change.what:
        return f"{head}: cancelled (was {old})"
    new = _new_place(forum, change.new, moved_venue)
    if change.what == ("title",):
        return f"{head}: new title (was {o.title!r}); still {new}"
    if change.what == ("facilitators",):
        return (
            f"{head}: facilitators now {', '.join(change.new_facilitators) or 'none'} "
            f"(were {', '.join(o.facilitators) or 'none'}); still {new}"
        )
    text = f"{head}: {', '.join(change.what)} changed, now {new} (was {old})"
    if origin and change.origin == EDITED:
        text += f"; moved by hand in {_file_name(forum.baseline.source)}"
    return text


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


def facilitator_messages(forum: Forum, changes: list[Change]) -> dict[str, str]:
    """Facilitator id -> a short plain-text message listing their changed sessions."""
    per_person: dict[str, list[Change]] = {}
    for change in changes:
        for fid in change.facilitators:
            per_person.setdefault(fid, []).append(change)
    messages = {}
    for fid in sorted(per_person):
        person = forum.facilitator_by_id.get(fid)
        name = person.name if person and person.name else fid
        items = per_person[fid]
        lines = [
            f"Dear {name},",
            "",
            f"the programme of {forum.settings.name} has changed for "
            f"{len(items)} of your sessions:",
            "",
        ]
        lines += [f"- {describe(forum, c, origin=False)}" for c in items]
        lines += [
            "",
            "If you subscribed to your calendar, it updates by itself. If you imported the "
            "calendar file instead, import the new one again: your sessions are updated in "
            "place, not duplicated. The rest of your sessions are unchanged.",
            "",
        ]
        messages[fid] = "\n".join(lines)
    return messages
