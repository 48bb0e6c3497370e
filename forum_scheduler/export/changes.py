"""The change list of a re-solve as files: changes.csv, and per facilitator concerned
changes/<facilitator>.txt (the message) and changes/<facilitator>.eml (the same message as an
e-mail draft, their updated calendar attached)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from ..changelist import CHANGE_COLUMNS, change_list, change_rows, letters, reference
from ..domain import Forum, Programme
from .cells import write_csv_rows
from .ical import FEED_PREFIXES, CalendarEvent, calendar_file_names, feed_paths
from .mail import draft


def write_changes(
    forum: Forum,
    programme: Programme,
    folder: Path | str,
    publish_time: datetime | None = None,
    events: Iterable[CalendarEvent] | None = None,
) -> list[Path]:
    """Write the change list when there is something to compare with (what the folder's
    calendars published, or the programme a re-solve started from; nothing otherwise); return
    the paths written.

    Runs after the calendars are written into `folder`: each draft attaches the facilitator's
    calendar from there. `events` are those the calendars were written from (the publish
    state's), which decide the calendars' file names; `publish_time` dates the drafts."""
    if reference(forum) is None:
        return []
    folder = Path(folder)
    changes = change_list(forum, programme)
    table = folder / "changes.csv"
    write_csv_rows(table, CHANGE_COLUMNS, change_rows(forum, changes))
    written = [table]
    calendars = _calendar_files(folder, events)
    mine = letters(forum, changes, attached=calendars)
    if mine:
        (folder / "changes").mkdir(exist_ok=True)
    # the calendars' own names where they exist, so that changes/ and calendars/ match
    names = {**calendar_file_names(mine, reserved=FEED_PREFIXES), **_names(calendars)}
    for fid, letter in mine.items():
        stem = folder / "changes" / names[fid][: -len(".ics")]
        text = stem.with_name(stem.name + ".txt")
        text.write_text(letter.text, encoding="utf-8", newline="\n")
        calendar = calendars.get(fid)
        eml = stem.with_name(stem.name + ".eml")
        eml.write_bytes(
            draft(
                letter,
                publish_time,
                calendar.read_bytes() if calendar else None,
                f"{forum.settings.slug}-{calendar.name}" if calendar else "",
            )
        )
        written += [text, eml]
    return written


def _calendar_files(folder: Path, events: Iterable[CalendarEvent] | None) -> dict[str, Path]:
    """Facilitator id -> their calendar file in `folder`, named as write_calendars names it
    (from the facilitators holding the events, cancelled ones included)."""
    if events is None:
        return {}
    found = {}
    for fid, relative in feed_paths(events).facilitators.items():
        path = folder / relative
        if path.is_file():
            found[fid] = path
    return found


def _names(calendars: dict[str, Path]) -> dict[str, str]:
    return {fid: path.name for fid, path in calendars.items()}
