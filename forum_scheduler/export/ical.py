"""iCalendar feeds: the whole programme, one per facilitator, theme and room, one per session.

The conventions come from what breaks in real calendar clients: METHOD:PUBLISH (not an
invitation), local times with a TZID *and* the VTIMEZONE that defines it, a DTSTAMP on every
event, UIDs that survive re-solves, and no ATTENDEE or ORGANIZER (importing those mails people).
Everything is derived from the inputs and the publish time (and, when write_outputs publishes,
from what was published before: see publish.py), so the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from ..domain import Forum, Placement, Programme, Session, end_of
from .folder import LONGEST_NAME

PRODID = "-//forum-scheduler//Forum Week Scheduler//EN"
CONFIRMED = "CONFIRMED"
CANCELLED = "CANCELLED"
PUBLISHED_TTL = "PT1H"
TIMEZONE_MARGIN = timedelta(days=30)
_UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://forum-scheduler.invalid/calendar")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
# Control characters but tab and line feed (which `lines` keeps and icalendar escapes).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_RESERVED_STEMS = {"con", "prn", "aux", "nul"} | {
    f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10)
}
_MAX_STEM = 80
PROGRAMME_ICS = "programme.ics"
CALENDARS_DIR = "calendars"  # facilitators' feeds, and the themes' and rooms' (prefixed)
SESSIONS_DIR = "sessions"  # one small file per session, to add it to a calendar
THEME_PREFIX, ROOM_PREFIX = "theme-", "room-"


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT: what it says, and the publish record that goes with it.

    Start and end are naive local times in the forum's zone, so that an event can be written
    again, byte for byte, from published.json (a cancelled session is no longer in the programme).
    `modified` stamps DTSTAMP and LAST-MODIFIED; None means the calendar's publish time.
    """

    session_id: str
    summary: str
    start: datetime
    end: datetime
    room_id: str
    location: str
    description: str
    categories: tuple[str, ...] = ()
    facilitators: tuple[str, ...] = ()  # whose calendars hold the event
    status: str = CONFIRMED
    sequence: int = 0
    modified: datetime | None = None
    # Facilitators who held the event and no longer facilitate the session: their calendars
    # keep it, cancelled, so that an imported copy does not linger there.
    former: tuple[str, ...] = ()
    # The session's theme ids, whose feeds hold the event (None: not known, in a publish state
    # written before theme feeds existed).
    themes: tuple[str, ...] | None = ()
    # Rooms and themes whose feeds held the event and no longer do (the session moved, or
    # left the theme): as for facilitators, those feeds keep it, cancelled.
    former_rooms: tuple[str, ...] = ()
    former_themes: tuple[str, ...] = ()


def forum_calendar(
    forum: Forum,
    programme: Programme,
    publish_time: datetime,
    sequences: dict[str, int] | None = None,
    only_sessions: Iterable[str] | None = None,
    name: str | None = None,
    *,
    feed: str = "",
) -> bytes:
    """One calendar of the programme as bytes (CRLF, folded at 75 octets, no BOM).

    `only_sessions` limits the events (a facilitator's feed); `name` overrides the display name;
    `feed` tells feeds apart in the calendar UID, which must stay the same between publishes.
    """
    keep = None if only_sessions is None else set(only_sessions)
    events = [
        e
        for e in _with_sequences(programme_events(forum, programme), sequences)
        if keep is None or e.session_id in keep
    ]
    return events_calendar(forum, events, publish_time, name, feed=feed)


def events_calendar(
    forum: Forum,
    events: Iterable[CalendarEvent],
    publish_time: datetime,
    name: str | None = None,
    *,
    feed: str = "",
    named: bool = True,
) -> bytes:
    """One calendar of the given events, in their order; see `forum_calendar`.

    `named=False` leaves out what makes a file a calendar of its own (its name, refresh
    interval and calendar UID): a file opened to add one session to a calendar, which some
    clients would otherwise open as a new calendar.
    """
    return _Serialiser(forum, publish_time).calendar(events, name, feed, named)


# An event of no consequence, to learn which TZIDs the forum's events name.
_PROBE = CalendarEvent("probe", "", datetime(2000, 1, 1), datetime(2000, 1, 1), "", "", "")


class _Serialiser:
    """Writes calendars of one forum and publish time, serialising each event and each
    VTIMEZONE once however many calendars hold it (an event is in the programme, a session
    file and the feeds of its facilitators, themes and room).

    A calendar's bytes are its own properties, then its VTIMEZONE, then its events, each as
    icalendar serialises it: what Calendar.to_ical gives for the calendar with those
    components (tests/test_export_ical.py compares the two).
    """

    _END = b"END:VCALENDAR\r\n"

    def __init__(self, forum: Forum, publish_time: datetime):
        self.forum, self.publish_time = forum, publish_time
        self._events: dict[CalendarEvent, bytes] = {}
        self._zones: dict[tuple[date, date], bytes] = {}
        self._tzids: list[str] | None = None

    def calendar(
        self, events: Iterable[CalendarEvent], name: str | None, feed: str, named: bool
    ) -> bytes:
        events = list(events)
        head = _new_calendar(self.forum, name or self.forum.settings.name, feed, named).to_ical()
        parts = [head.removesuffix(self._END)]
        if events:
            parts.append(self._zone([e.start.date() for e in events]))
        parts += [self._event(e) for e in events]
        return b"".join([*parts, self._END])

    def _event(self, event: CalendarEvent) -> bytes:
        data = self._events.get(event)
        if data is None:
            stamp = _utc(event.modified if event.modified is not None else self.publish_time)
            data = self._events[event] = _vevent(self.forum, event, stamp).to_ical()
        return data

    def _zone(self, dates: list[date]) -> bytes:
        """The VTIMEZONE of every TZID the events use (none for a UTC forum)."""
        if self._tzids is None:
            probe = Calendar()
            probe.add_component(_vevent(self.forum, _PROBE, self.publish_time))
            self._tzids = sorted(probe.get_missing_tzids())
        span = _zone_span(self.forum, dates)
        if span not in self._zones:
            self._zones[span] = b"".join(_timezone(t, *span).to_ical() for t in self._tzids)
        return self._zones[span]


def programme_events(forum: Forum, programme: Programme) -> list[CalendarEvent]:
    """The programme's events in programme order, one per session: a UID may appear only once
    in a feed (a hand-edited programme may hold a session twice; the first placement wins)."""
    seen: set[str] = set()
    out = []
    for placement in programme.sorted(forum):
        if placement.session_id not in seen:
            seen.add(placement.session_id)
            out.append(placement_event(forum, placement))
    return out


def placement_event(forum: Forum, placement: Placement) -> CalendarEvent:
    """A placed session as a confirmed event (SEQUENCE 0, stamped with the publish time)."""
    session = forum.session_by_id[placement.session_id]
    start, end = _local_span(forum, placement)
    return CalendarEvent(
        session_id=session.session_id,
        summary=session.title,
        start=start,
        end=end,
        room_id=placement.room_id,
        location=_location(forum, placement.room_id),
        description=_description(forum, session),
        categories=tuple(theme_name(forum, t) for t in session.themes),
        facilitators=tuple(sorted(set(session.facilitators))),
        themes=tuple(dict.fromkeys(session.themes)),
    )


def _with_sequences(
    events: list[CalendarEvent], sequences: dict[str, int] | None
) -> list[CalendarEvent]:
    """Events with the SEQUENCE given for their session (0 for the others)."""
    if not sequences:
        return events
    return [replace(e, sequence=int(sequences.get(e.session_id, e.sequence))) for e in events]


def write_calendars(
    forum: Forum,
    programme: Programme,
    folder: Path | str,
    publish_time: datetime,
    sequences: dict[str, int] | None = None,
    *,
    events: Iterable[CalendarEvent] | None = None,
) -> list[Path]:
    """Write every calendar; return the paths written.

    `programme.ics` (every session), `calendars/<facilitator>.ics`, `calendars/theme-<id>.ics`
    and `calendars/room-<id>.ics` (feeds to subscribe to: each facilitator, theme and room
    holding at least one event), and `sessions/<session>.ics` (one event, to add to a
    calendar; the same VEVENT as in the feeds, so that importing it again updates it).

    By default the events are the programme's, with `sequences`. `events` (the publish state's,
    see publish.py) replaces them: it carries each event's own SEQUENCE, status and stamps, and
    may hold cancelled sessions, which stay in every calendar that held them (and keep their
    session file, so that importing it again cancels the copy).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if events is None:
        events = _with_sequences(programme_events(forum, programme), sequences)
    events = list(events)
    serialiser = _Serialiser(forum, publish_time)
    whole = folder / PROGRAMME_ICS
    whole.write_bytes(serialiser.calendar(events, None, "", True))
    written = [whole]
    for feed in _feeds(forum, events):
        path = folder / feed.path
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(serialiser.calendar(feed.events, feed.title, feed.key, feed.named))
        written.append(path)
    return written


@dataclass(frozen=True)
class FeedPaths:
    """Where each calendar is written, as POSIX paths relative to the output folder; what
    holds no event has no file (and is absent here)."""

    facilitators: dict[str, str]
    themes: dict[str, str]
    rooms: dict[str, str]
    sessions: dict[str, str]
    programme: str = PROGRAMME_ICS


# The prefixes of the theme and room feeds in calendars/, which no facilitator's name takes.
FEED_PREFIXES = (THEME_PREFIX, ROOM_PREFIX)


def feed_paths(events: Iterable[CalendarEvent]) -> FeedPaths:
    """The paths `write_calendars` gives the calendars of `events` (the same events give the
    same paths, so that a page can link them)."""
    held = _held(list(events))
    # A facilitator's id that starts like a theme or room feed always gets a hashed name, so
    # that a facilitator added later can never take over a feed that people subscribed to.
    facilitators = calendar_file_names(held["facilitators"], reserved=FEED_PREFIXES)
    themes = calendar_file_names(held["themes"], THEME_PREFIX, taken=facilitators.values())
    taken = [*facilitators.values(), *themes.values()]
    rooms = calendar_file_names(held["rooms"], ROOM_PREFIX, taken=taken)
    sessions = calendar_file_names(held["sessions"])
    return FeedPaths(
        facilitators={k: f"{CALENDARS_DIR}/{v}" for k, v in facilitators.items()},
        themes={k: f"{CALENDARS_DIR}/{v}" for k, v in themes.items()},
        rooms={k: f"{CALENDARS_DIR}/{v}" for k, v in rooms.items()},
        sessions={k: f"{SESSIONS_DIR}/{v}" for k, v in sessions.items()},
    )


@dataclass(frozen=True)
class _Feed:
    path: str
    title: str
    key: str  # tells the feed apart in its calendar UID
    events: list[CalendarEvent]
    named: bool = True


def _feeds(forum: Forum, events: list[CalendarEvent]) -> list[_Feed]:
    """Every calendar but programme.ics, in a fixed order."""
    held, paths = _held(events), feed_paths(events)
    name = forum.settings.name
    out = []
    for fid, mine in held["facilitators"].items():
        title = f"{name} - {facilitator_name(forum, fid)}"
        out.append(_Feed(paths.facilitators[fid], title, f"facilitator/{fid}", mine))
    for tid, mine in held["themes"].items():
        title = f"{name} - {theme_name(forum, tid)}"
        out.append(_Feed(paths.themes[tid], title, f"theme/{tid}", mine))
    for rid, mine in held["rooms"].items():
        title = f"{name} - {_room_label(forum, rid, mine)}"
        out.append(_Feed(paths.rooms[rid], title, f"room/{rid}", mine))
    for sid, mine in held["sessions"].items():
        out.append(_Feed(paths.sessions[sid], name, f"session/{sid}", mine, named=False))
    return out


def _held(events: list[CalendarEvent]) -> dict[str, dict[str, list[CalendarEvent]]]:
    """Per kind of feed, each id holding at least one event -> its events, in the calendar's
    order; feeds that held an event and no longer do keep it, cancelled."""
    return {
        "facilitators": _held_by(events, lambda e: e.facilitators, lambda e: e.former),
        "themes": _held_by(events, lambda e: e.themes or (), lambda e: e.former_themes),
        "rooms": _held_by(events, lambda e: (e.room_id,), lambda e: e.former_rooms),
        "sessions": _held_by(events, lambda e: (e.session_id,), lambda e: ()),
    }


def _held_by(events, current, former) -> dict[str, list[CalendarEvent]]:
    out: dict[str, list[CalendarEvent]] = {}
    for event in events:
        for key in dict.fromkeys(current(event)):
            out.setdefault(key, []).append(event)
        for key in dict.fromkeys(former(event)):
            out.setdefault(key, []).append(replace(event, status=CANCELLED))
    return {key: out[key] for key in sorted(out)}


def _room_label(forum: Forum, room_id: str, events: list[CalendarEvent]) -> str:
    """The room's name and venue; for a room the forum no longer has, what its events said."""
    if room_id in forum.room_by_id:
        return _location(forum, room_id)
    return events[-1].location or room_id


def facilitator_name(forum: Forum, facilitator_id: str) -> str:
    """The facilitator's display name, falling back to the id for an unknown one."""
    fac = forum.facilitator_by_id.get(facilitator_id)
    return fac.name if fac and fac.name else facilitator_id


def calendar_file_names(
    ids: Iterable[str], prefix: str = "", taken: Iterable[str] = (), reserved: Iterable[str] = ()
) -> dict[str, str]:
    """Id -> a safe, unique `<prefix><name>.ics`, even on case-insensitive file systems.

    A clean id is used as it is; any other gets its unsafe characters replaced by `_` plus a hash
    of the original id, so two ids can never share a file. Names in `taken` (other feeds of the
    same folder) are avoided the same way, and so are names that start with a `reserved`
    prefix (another kind of feed's: a facilitator whose id is `theme-x` gets a hashed name and
    theme x keeps `theme-x.ics`, whoever is added later). Every name fits LONGEST_NAME.
    """
    ids = sorted(set(ids))
    used = {n.casefold() for n in taken}
    reserved = tuple(r.casefold() for r in reserved)
    folded: dict[str, int] = {}
    for fid in ids:
        folded[fid.casefold()] = folded.get(fid.casefold(), 0) + 1

    def clash(fid: str) -> bool:
        name = f"{prefix}{fid}.ics".casefold()
        return folded[fid.casefold()] > 1 or name in used or name.startswith(reserved)

    names = {fid: prefix + _file_stem(fid, clash(fid), 10, len(prefix)) for fid in ids}
    if not _distinct(names.values(), used):  # only by a constructed id
        names = {fid: prefix + _file_stem(fid, True, 64, len(prefix) + 3) for fid in ids}
    for fid in ids:  # taken even so (an id built from another's hash): count on, up to -99
        stem, n = names[fid], 1
        while f"{names[fid]}.ics".casefold() in used:
            n += 1
            names[fid] = f"{stem}-{n}"
        used.add(f"{names[fid]}.ics".casefold())
    return {fid: stem + ".ics" for fid, stem in names.items()}


def _distinct(stems: Iterable[str], used: set[str]) -> bool:
    names = [f"{s}.ics".casefold() for s in stems]
    return len(set(names)) == len(names) and not used.intersection(names)


def _file_stem(fid: str, clash: bool, digits: int, reserved: int = 0) -> str:
    """The id itself if safe, otherwise a sanitised prefix plus a hash of the id; `reserved`
    characters of the name go to a prefix put before it."""
    safe = _UNSAFE.sub("_", fid)
    longest = min(_MAX_STEM, LONGEST_NAME - len(".ics") - 1 - digits) - reserved
    clean = (
        safe == fid
        and not clash
        and fid.strip(".") != ""
        and not fid.startswith(".")
        and len(fid) <= _MAX_STEM - reserved
        and fid.split(".")[0].casefold() not in _RESERVED_STEMS
    )
    if clean:
        return fid
    digest = hashlib.sha256(fid.encode("utf-8")).hexdigest()[:digits]
    prefix = safe.lstrip(".")[:longest]
    return f"{prefix}-{digest}" if prefix else f"id-{digest}"


def one_line(text: str) -> str:
    """A calendar text property on one line: line breaks become spaces and other control
    characters go (icalendar escapes line feeds, not a bare carriage return, which a client
    would take for the end of the line: an injected property)."""
    return " ".join(CONTROL.sub(" ", text.replace("\r", " ").replace("\n", " ")).split())


def lines(text: str) -> str:
    """A multi-line calendar text (a description): line ends as line feeds, which icalendar
    escapes; other control characters go."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(CONTROL.sub(" ", line).rstrip() for line in text.split("\n"))


def _new_calendar(forum: Forum, display_name: str, feed: str, named: bool = True) -> Calendar:
    """The calendar properties that clients use to name, place and de-duplicate a feed."""
    slug = forum.settings.slug
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    if named:
        cal.add("NAME", one_line(display_name))
        cal.add("X-WR-CALNAME", one_line(display_name))
    cal.add("X-WR-TIMEZONE", one_line(forum.settings.timezone))
    if named:
        cal.add("X-PUBLISHED-TTL", PUBLISHED_TTL)
        cal.add("UID", str(uuid.uuid5(_UID_NAMESPACE, f"{slug}/{feed}" if feed else slug)))
    return cal


def _vevent(forum: Forum, event: CalendarEvent, stamp: datetime) -> Event:
    """One VEVENT; its UID depends only on the session id and the forum."""
    zone = ZoneInfo(forum.settings.timezone)
    vevent = Event()
    vevent.add("UID", one_line(f"{event.session_id}@{forum.settings.slug}"))
    vevent.add("SEQUENCE", int(event.sequence))
    vevent.add("DTSTAMP", stamp)
    vevent.add("LAST-MODIFIED", stamp)
    vevent.add("DTSTART", event.start.replace(tzinfo=zone))
    vevent.add("DTEND", event.end.replace(tzinfo=zone))
    vevent.add("SUMMARY", one_line(event.summary))
    vevent.add("LOCATION", one_line(event.location))
    vevent.add("DESCRIPTION", lines(event.description))
    vevent.add("STATUS", event.status)
    if event.categories:
        vevent.add("CATEGORIES", [one_line(c) for c in event.categories])
    return vevent


def _local_span(forum: Forum, placement: Placement) -> tuple[datetime, datetime]:
    """Start and end as naive local times; the forum's IANA zone (never a fixed offset) is
    attached when the VEVENT is written."""
    midnight = datetime.combine(forum.settings.date_of(placement.day), time())
    start = midnight + timedelta(minutes=placement.start)
    end = midnight + timedelta(minutes=end_of(forum, placement))
    return start, end


def _location(forum: Forum, room_id: str) -> str:
    room = forum.room_by_id.get(room_id)
    if room is None:
        return room_id
    return ", ".join(part for part in (room.name or room.room_id, room.venue) if part)


def theme_name(forum: Forum, theme_id: str) -> str:
    """The theme's display name, falling back to the id for an unknown one."""
    theme = forum.theme_by_id.get(theme_id)
    return theme.name if theme and theme.name else theme_id


def _description(forum: Forum, session: Session) -> str:
    """Facilitators are named here rather than as ATTENDEEs, which would send invitations."""
    lines = [f"Kind: {session.kind}"]
    if session.themes:
        lines.append("Themes: " + ", ".join(theme_name(forum, t) for t in session.themes))
    if session.facilitators:
        lines.append(
            "Facilitators: " + "; ".join(facilitator_label(forum, f) for f in session.facilitators)
        )
    if session.description:
        lines += ["", session.description]
    return "\n".join(lines)


def facilitator_label(forum: Forum, facilitator_id: str) -> str:
    """The facilitator's name, with the organisation when there is one."""
    fac = forum.facilitator_by_id.get(facilitator_id)
    name = facilitator_name(forum, facilitator_id)
    return f"{name} ({fac.organisation})" if fac and fac.organisation else name


def _zone_span(forum: Forum, dates: list[date]) -> tuple[date, date]:
    """The dates a VTIMEZONE covers: the forum's and the events' dates plus a margin (a
    cancelled event may lie outside the forum's current week)."""
    dates = [*dates, forum.settings.date_of(1), forum.settings.date_of(forum.settings.days)]
    return min(dates) - TIMEZONE_MARGIN, max(dates) + TIMEZONE_MARGIN


@lru_cache(maxsize=32)
def _timezone(tzid: str, first: date, last: date) -> Timezone:
    """The generated VTIMEZONE without its COMMENT, which only clutters clients' views
    (cached: building one walks the zone's transitions; only ever serialised, never changed)."""
    component = Timezone.from_tzid(tzid, first_date=first, last_date=last)
    component.pop("COMMENT", None)
    _fix_onsets(component, ZoneInfo(tzid))
    return component


def _fix_onsets(component: Timezone, zone: ZoneInfo) -> None:
    """Make every onset the local time *before* the change, as RFC 5545 reads it.

    icalendar 7 writes a spring-forward onset as the wall time after the jump (03:00 instead of
    02:00 in Zurich), which moves the change by an hour; each onset is checked against the zone
    and corrected only if the correction is the one that matches it.
    """
    for sub in component.subcomponents:
        before, after = sub["TZOFFSETFROM"].td, sub["TZOFFSETTO"].td
        sub.DTSTART = _onset(zone, sub["DTSTART"].dt, before, after)
        if "RDATE" in sub:
            rdates = sub.pop("RDATE")
            values = [
                d.dt
                for group in (rdates if isinstance(rdates, list) else [rdates])
                for d in group.dts
            ]
            sub.add("RDATE", [_onset(zone, v, before, after) for v in values])


def _onset(zone: ZoneInfo, wall: datetime, before: timedelta, after: timedelta) -> datetime:
    if _changes_at(zone, wall, before, after):
        return wall
    shifted = wall - after + before
    return shifted if _changes_at(zone, shifted, before, after) else wall


def _changes_at(zone: ZoneInfo, wall: datetime, before: timedelta, after: timedelta) -> bool:
    """Does the zone's offset go from `before` to `after` at `wall` (local time in `before`)?"""
    instant = (wall - before).replace(tzinfo=UTC)
    previous = (instant - timedelta(seconds=1)).astimezone(zone).utcoffset()
    return previous == before and instant.astimezone(zone).utcoffset() == after


def _utc(moment: datetime) -> datetime:
    """DTSTAMP must be UTC; a naive publish time is taken to be UTC already."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)
