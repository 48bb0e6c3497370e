"""What was published before, so that re-published calendars update cleanly in clients.

A calendar client matches an event by UID and takes a new version only if its SEQUENCE is higher
(or, for the same SEQUENCE, its DTSTAMP later). So the output folder keeps `published.json`: per
session ever published, a fingerprint of what clients must be told about (date, times, room,
title, status), its SEQUENCE, when it last changed, and the whole event, so that a session that
is gone can be published once more as STATUS:CANCELLED. The previous version of the folder is
kept under `history/<NNN>/`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from ..domain import Forum, Programme, Published, PublishedEntry
from ..errors import OutputError
from .ical import CANCELLED, CONFIRMED, CalendarEvent, programme_events

STATE_FILE = "published.json"
HISTORY_DIR = "history"
# What a snapshot in history/<NNN>/ keeps of the folder being replaced. Not sessions/: each of
# its files is one event of the snapshot's programme.ics, and there is one per session ever
# published, which every later snapshot would copy again.
KEPT_FILES = (
    "programme.csv",
    "programme.xlsx",
    "programme.ics",
    "index.html",
    "report.json",
    STATE_FILE,
    "changes.csv",
)
KEPT_FOLDERS = ("calendars", "changes")
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_STATUSES = (CONFIRMED, CANCELLED)


@dataclass(frozen=True)
class Entry:
    """One session as last published, with the fingerprint its SEQUENCE was given for."""

    event: CalendarEvent
    fingerprint: str


@dataclass(frozen=True)
class PublishState:
    """The contents of published.json: the publish counter and every session ever published."""

    version: int
    entries: dict[str, Entry]
    # Which forum published here (name, first day): another forum must not take the folder.
    forum: dict[str, str] = field(default_factory=dict)
    # Each file published (path in the folder -> sha256), to tell a hand edit at the next
    # publish: history/ keeps an edited file under its own name.
    files: dict[str, str] = field(default_factory=dict)

    def events(self) -> list[CalendarEvent]:
        """Calendar order: confirmed events as in the programme (date, start, room, session),
        then cancelled ones by session id, so that a tombstone's place does not move."""
        live = [e.event for e in self.entries.values() if e.event.status != CANCELLED]
        gone = [e.event for e in self.entries.values() if e.event.status == CANCELLED]
        live.sort(key=lambda e: (e.start, e.room_id, e.session_id))
        gone.sort(key=lambda e: e.session_id)
        return live + gone


def fingerprint(event: CalendarEvent) -> str:
    """A hash of what clients must be told about: a different one raises the SEQUENCE."""
    fields = [
        event.start.date().isoformat(),
        event.start.strftime("%H:%M"),
        event.end.strftime("%H:%M"),
        event.room_id,
        event.summary,
        event.status,
        sorted(event.facilitators),  # who must be told: a calendar that lost it, or gained it
    ]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


def next_state(
    forum: Forum,
    programme: Programme,
    previous: PublishState | None,
    publish_time: datetime,
    sequences: dict[str, int] | None = None,
) -> PublishState:
    """The state after publishing `programme` at `publish_time` over `previous`.

    A session keeps its SEQUENCE and time of last change while nothing about it changes, so its
    VEVENT stays byte-identical; a session of `previous` no longer in the programme is cancelled.
    `sequences` gives a lowest SEQUENCE per session (say, for calendars published elsewhere).
    """
    stamp = utc_seconds(publish_time)
    old = previous.entries if previous else {}
    entries = {}
    for event in programme_events(forum, programme):
        entries[event.session_id] = _carry(old.get(event.session_id), event, stamp)
    for session_id, entry in sorted(old.items()):
        if session_id not in entries:
            entries[session_id] = _carry(entry, replace(entry.event, status=CANCELLED), stamp)
    for session_id, lowest in (sequences or {}).items():
        entry = entries.get(session_id)
        if entry is not None and entry.event.sequence < lowest:
            event = replace(entry.event, sequence=int(lowest), modified=stamp)
            entries[session_id] = replace(entry, event=event)
    return PublishState((previous.version if previous else 0) + 1, entries, identity(forum))


def identity(forum: Forum) -> dict[str, str]:
    """What tells one forum from another in the same folder (slugs may be the same)."""
    return {"name": forum.settings.name, "first_day": forum.settings.first_day.isoformat()}


def check_identity(state: PublishState | None, forum: Forum, folder: Path) -> None:
    """Refuse to publish one forum over another's calendars: it would cancel the other's
    sessions and take over their UIDs. A state written before identities were kept passes."""
    if state is None or not state.forum or state.forum == identity(forum):
        return
    theirs = f"'{state.forum.get('name')}' from {state.forum.get('first_day')}"
    mine = f"'{forum.settings.name}' from {forum.settings.first_day.isoformat()}"
    raise OutputError(
        f"{folder} holds the calendars of {theirs}, not of {mine}; publishing there would cancel "
        "its sessions in its facilitators' calendars. Use another --out, or, if it is the same "
        "forum renamed or moved, run with --force"
    )


# Files that record the run (its timings) rather than the programme: left out of the
# hashes, so that published.json is byte-identical between repeated runs.
RUN_RECORDS = ("report.json",)


def with_files(state: PublishState, folder: Path) -> PublishState:
    """The state with the hash of every file written in `folder` (but published.json,
    history/ and the run records)."""
    files = {}
    for path in sorted(Path(folder).rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if (
            path.is_file()
            and not path.is_symlink()
            and relative != STATE_FILE
            and relative not in RUN_RECORDS
            and not (relative.startswith(HISTORY_DIR + "/"))
        ):
            files[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return replace(state, files=files)


def _carry(old: Entry | None, event: CalendarEvent, stamp: datetime) -> Entry:
    """`event` as it will be published, given what was published before.

    A changed fingerprint raises the SEQUENCE, and so does a change of the theme feeds that hold
    the event cancelled (the session left a theme, or came back: its status changes there); any
    change (also a description or a room's name) stamps the publish time, so that clients take
    the newer text of the event. Facilitators, rooms and themes whose calendars held the event
    and no longer do are kept in `former`, `former_rooms` and `former_themes`.
    """
    mark = fingerprint(event)
    if old is None:
        return Entry(replace(event, sequence=0, modified=stamp), mark)
    before = old.event
    if before.themes is None:  # published before theme feeds: no feed held it yet
        before = replace(before, themes=event.themes if event.themes is not None else ())
        old = Entry(before, old.fingerprint)
    themes = event.themes if event.themes is not None else before.themes
    event = replace(
        event,
        themes=themes,
        former=_gone({*before.facilitators, *before.former}, event.facilitators),
        former_rooms=_gone({before.room_id, *before.former_rooms}, [event.room_id]),
        former_themes=_gone({*before.themes, *before.former_themes}, themes),
    )
    changed = mark != old.fingerprint or event.former_themes != before.former_themes
    same = replace(event, sequence=before.sequence + changed, modified=before.modified)
    if same == before and not changed:
        return old
    return Entry(replace(same, modified=stamp), mark)


def _gone(held, now) -> tuple[str, ...]:
    """The feeds that held an event and no longer do, in a fixed order."""
    return tuple(sorted(set(held) - set(now)))


def published_of(state: PublishState, forum: Forum, source: str = "") -> Published:
    """The sessions that `state`'s calendars hold as confirmed, as the change list's reference.

    Days count from the forum's first day as it is now; a room's name and venue are the
    forum's, or what the calendar's location said for a room the forum no longer has."""
    entries = []
    for session_id, entry in sorted(state.entries.items()):
        event = entry.event
        if event.status == CANCELLED:
            continue
        room = forum.room_by_id.get(event.room_id)
        name, _, venue = event.location.rpartition(", ")
        start = event.start.hour * 60 + event.start.minute
        entries.append(
            PublishedEntry(
                session_id,
                event.summary,
                (event.start.date() - forum.settings.first_day).days + 1,
                start,
                start + int((event.end - event.start).total_seconds()) // 60,
                event.room_id,
                room.name if room else (name or event.location),
                event.facilitators,
                venue=room.venue if room else venue,
            )
        )
    entries.sort(key=lambda e: (e.day, e.start, e.room_id, e.session_id))
    return Published(tuple(entries), source, state.version, _week_shift(state, forum))


def _week_shift(state: PublishState, forum: Forum) -> int:
    """Days between the first day the state was published with and the forum's (0 when the
    state does not say)."""
    try:
        then = date.fromisoformat(state.forum.get("first_day", ""))
    except ValueError:
        return 0
    return (forum.settings.first_day - then).days


def read_state(folder: Path) -> PublishState | None:
    """The state in `folder`/published.json; None if there is none (the first publish).

    A file that cannot be read is an OutputError: guessing would reset every SEQUENCE, and
    clients would then ignore the updates.
    """
    path = Path(folder) / STATE_FILE
    if not path.exists() and not path.is_symlink():
        return None
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
        return _state_from_json(data)
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
        raise OutputError(
            f"cannot read the publish state {path}: {_reason(exc)}. Nothing was written; "
            f"restore the file from a copy under {HISTORY_DIR}/ or remove it (which restarts "
            "every calendar SEQUENCE at 0)"
        ) from exc


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing {exc}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    return str(exc)


def _state_from_json(data) -> PublishState:
    """Check and convert the parsed JSON; any surprise raises ValueError, TypeError or KeyError."""
    if not isinstance(data, dict):
        raise TypeError("not a JSON object")
    version = data["version"]
    sessions = data["sessions"]
    if not _is_int(version) or version < 0:
        raise ValueError(f"version {version!r} is not a whole number")
    if not isinstance(sessions, dict):
        raise TypeError("sessions is not a JSON object")
    entries = {}
    for session_id, item in sessions.items():
        try:
            entries[session_id] = _entry_from_json(session_id, item)
        except KeyError as exc:
            raise ValueError(f"session {session_id}: missing {exc}") from None
        except (ValueError, TypeError) as exc:
            raise ValueError(f"session {session_id}: {exc}") from None
    forum = data.get("forum", {})
    files = data.get("files", {})
    if not isinstance(forum, dict) or not all(isinstance(v, str) for v in forum.values()):
        raise TypeError("forum is not a JSON object of texts")
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        raise TypeError("files is not a JSON object of texts")
    return PublishState(version, entries, forum, files)


def _entry_from_json(session_id: str, item) -> Entry:
    if not isinstance(item, dict):
        raise TypeError("not a JSON object")
    sequence, status = item["sequence"], item["status"]
    if not _is_int(sequence) or sequence < 0:
        raise ValueError(f"sequence {sequence!r} is not a whole number")
    if status not in _STATUSES:
        raise ValueError(f"status {status!r} is not one of {', '.join(_STATUSES)}")
    event = CalendarEvent(
        session_id=session_id,
        summary=_text(item, "summary"),
        start=_local(item, "start"),
        end=_local(item, "end"),
        room_id=_text(item, "room_id"),
        location=_text(item, "location"),
        description=_text(item, "description"),
        categories=_texts(item, "categories"),
        facilitators=_texts(item, "facilitators"),
        former=_texts(item, "former") if "former" in item else (),
        themes=_texts(item, "themes") if "themes" in item else None,
        former_rooms=_texts(item, "former_rooms") if "former_rooms" in item else (),
        former_themes=_texts(item, "former_themes") if "former_themes" in item else (),
        status=status,
        sequence=sequence,
        modified=datetime.strptime(_text(item, "modified"), _UTC_FORMAT).replace(tzinfo=UTC),
    )
    return Entry(event, _text(item, "fingerprint"))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(item: dict, key: str) -> str:
    value = item[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} is not text")
    return value


def _texts(item: dict, key: str) -> tuple[str, ...]:
    value = item[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{key} is not a list of text")
    return tuple(value)


def _local(item: dict, key: str) -> datetime:
    moment = datetime.fromisoformat(_text(item, key))
    if moment.tzinfo is not None:
        raise ValueError(f"{key} is not a local time")
    return moment


def state_json(state: PublishState) -> str:
    """published.json's text: sorted keys, indent 2, trailing newline: reproducible."""
    sessions = {sid: _entry_json(entry) for sid, entry in state.entries.items()}
    data = {
        "files": state.files,
        "forum": state.forum,
        "sessions": sessions,
        "version": state.version,
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _entry_json(entry: Entry) -> dict:
    event = entry.event
    return {
        "categories": list(event.categories),
        "description": event.description,
        "end": event.end.isoformat(),
        "facilitators": list(event.facilitators),
        "fingerprint": entry.fingerprint,
        "former": list(event.former),
        "former_rooms": list(event.former_rooms),
        "former_themes": list(event.former_themes),
        "location": event.location,
        "modified": utc_seconds(event.modified).strftime(_UTC_FORMAT),
        "room_id": event.room_id,
        "sequence": event.sequence,
        "start": event.start.isoformat(),
        "status": event.status,
        "summary": event.summary,
        "themes": list(event.themes or ()),
    }


def write_state(state: PublishState, folder: Path) -> Path:
    """Write published.json into `folder` (UTF-8, LF line ends on every system)."""
    path = Path(folder) / STATE_FILE
    path.write_bytes(state_json(state).encode("utf-8"))
    return path


def keep_history(old: Path, build: Path, previous: PublishState | None) -> Path | None:
    """Copy the outputs about to be replaced into `build`/history/<NNN>/, NNN = the version of
    `previous` (000 without one).

    The older snapshots in `old`/history/ are carried over too. Only regular files are copied:
    a link is never followed (it could point anywhere). A file that differs from what was
    published (a planner's hand edit of programme.xlsx, say) is kept as `<name>.edited<ext>`,
    so that a snapshot never shows an edit as what was published. Only `build` is written, so
    a failure before the swap leaves `old` as it was. Returns the new snapshot's folder, or None
    when `old` held no outputs. A name already taken (the state was reset) gets a suffix.
    """
    old, history = Path(old), Path(build) / HISTORY_DIR
    if not old.is_dir() or old.is_symlink():
        return None
    older = old / HISTORY_DIR
    if older.is_dir() and not older.is_symlink():
        for snapshot in sorted(older.iterdir()):
            if snapshot.is_dir() and not snapshot.is_symlink():
                _copy_regular(snapshot, history / snapshot.name, {})
    present = [n for n in KEPT_FILES + KEPT_FOLDERS if _regular_or_folder(old / n)]
    if not present:
        return None
    version = previous.version if previous else 0
    target = _free_name(history, f"{version:03d}")
    target.mkdir(parents=True)
    published = previous.files if previous else {}
    for name in present:
        if (old / name).is_dir():
            _copy_regular(old / name, target / name, published, name + "/")
        else:
            _copy_file(old / name, target, name, published)
    return target


def _regular_or_folder(path: Path) -> bool:
    return not path.is_symlink() and (path.is_file() or path.is_dir())


def _copy_regular(source: Path, target: Path, published: dict[str, str], prefix: str = ""):
    """Copy the regular files below `source` into `target` (links and the rest left out)."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        if path.is_symlink():
            continue
        if path.is_dir():
            _copy_regular(path, target / path.name, published, f"{prefix}{path.name}/")
        elif path.is_file():
            _copy_file(path, target, f"{prefix}{path.name}", published)


def _copy_file(path: Path, folder: Path, relative: str, published: dict[str, str]) -> None:
    """One file into `folder`: under its own name, or `.edited` if it is not as published."""
    name = path.name
    recorded = published.get(relative)
    if recorded is not None and hashlib.sha256(path.read_bytes()).hexdigest() != recorded:
        name = f"{path.stem}.edited{path.suffix}"
    shutil.copy2(path, folder / name, follow_symlinks=False)


def _free_name(folder: Path, name: str) -> Path:
    candidate, n = folder / name, 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{name}-{n}"
    return candidate


def utc_seconds(moment: datetime) -> datetime:
    """UTC, whole seconds; a naive time is taken to be UTC already."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)
