"""The change list of a re-solve as files: changes.csv and changes/<facilitator>.txt."""

from __future__ import annotations

from pathlib import Path

from ..changelist import (
    CHANGE_COLUMNS,
    change_list,
    change_rows,
    facilitator_messages,
    reference,
)
from ..domain import Forum, Programme
from .cells import write_csv_rows
from .ical import calendar_file_names


def write_changes(forum: Forum, programme: Programme, folder: Path | str) -> list[Path]:
    """Write the change list when there is something to compare with (what the folder's
    calendars published, or the programme a re-solve started from; nothing otherwise); return
    the paths written."""
    if reference(forum) is None:
        return []
    folder = Path(folder)
    changes = change_list(forum, programme)
    table = folder / "changes.csv"
    write_csv_rows(table, CHANGE_COLUMNS, change_rows(forum, changes))
    written = [table]
    messages = facilitator_messages(forum, changes)
    if messages:
        (folder / "changes").mkdir(exist_ok=True)
    names = calendar_file_names(messages)
    for fid, text in messages.items():
        path = folder / "changes" / (names[fid][: -len(".ics")] + ".txt")
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
