"""What a re-solve changed against the published programme, in the words sent to people.

Plain Python on the forum, its baseline and the new programme; the exporters turn it into
changes.csv, the workbook's Changes sheet and one message per facilitator.
"""

from __future__ import annotations

from dataclasses import dataclass

from .domain import Forum, Placement, Programme, PublishedEntry, clock, end_of

ADDED, CANCELLED = "added", "cancelled"


@dataclass(frozen=True)
class Change:
    """One session that is not as published: `what` lists day, time, room, title,
    facilitators, or says added / cancelled."""

    session_id: str
    title: str
    what: tuple[str, ...]
    old: PublishedEntry | None
    new: Placement | None
    facilitators: tuple[str, ...]  # everyone to tell: those of the old and the new session
    new_facilitators: tuple[str, ...] = ()


def change_list(forum: Forum, programme: Programme) -> list[Change]:
    """Every session moved, retitled, added or cancelled, in the order of the new programme
    (cancelled ones last, by their published time)."""
    if forum.baseline is None:
        return []
    published = forum.baseline.by_session
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
            both = tuple(dict.fromkeys(old.facilitators + people))
            out.append(Change(p.session_id, session.title, tuple(what), old, p, both, people))
    placed = programme.by_session
    for old in forum.baseline.entries:
        if old.session_id not in placed:
            out.append(Change(old.session_id, old.title, (CANCELLED,), old, None, old.facilitators))
    return out


def change_rows(forum: Forum, changes: list[Change]) -> list[dict]:
    """One dict per change, keyed by CHANGE_COLUMNS (what changes.csv and the sheet hold)."""
    rows = []
    for c in changes:
        row = {"session_id": c.session_id, "title": c.title, "change": ", ".join(c.what)}
        row.update(
            _side("old", forum, c.old.day, c.old.start, c.old.end, c.old.room_id, c.old.room)
            if c.old
            else _side("old")
        )
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


def describe(forum: Forum, change: Change) -> str:
    """One line: 'S012 Title: moved from Tue 05 May 10:00-11:30, Room A to ...'."""

    def place(day, start, end, room):
        return f"{forum.settings.day_label(day)} {clock(start)}-{clock(end)}, {room}"

    head = f"{change.session_id} {change.title}"
    if ADDED in change.what:
        n = change.new
        return f"{head}: new, {place(n.day, n.start, end_of(forum, n), _room(forum, n))}"
    o = change.old
    old = place(o.day, o.start, o.end, o.room or o.room_id)
    if CANCELLED in change.what:
        return f"{head}: cancelled (was {old})"
    n = change.new
    new = place(n.day, n.start, end_of(forum, n), _room(forum, n))
    if change.what == ("title",):
        return f"{head}: new title (was {o.title!r}); still {new}"
    if change.what == ("facilitators",):
        return (
            f"{head}: facilitators now {', '.join(change.new_facilitators) or 'none'} "
            f"(were {', '.join(o.facilitators) or 'none'}); still {new}"
        )
    return f"{head}: {', '.join(change.what)} changed, now {new} (was {old})"


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
        lines += [f"- {describe(forum, c)}" for c in items]
        lines += [
            "",
            "Calendars imported from the published programme update themselves; "
            "the rest of your sessions are unchanged.",
            "",
        ]
        messages[fid] = "\n".join(lines)
    return messages


def _room(forum: Forum, placement: Placement) -> str:
    return forum.room_by_id[placement.room_id].name
