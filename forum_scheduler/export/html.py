"""The programme as one static web page, `index.html`, beside the calendars it links to.

The page is a single self-contained file: its style and script are inline and it loads nothing,
so it works from a web server, a shared drive or an e-mail attachment alike, and a
Content-Security-Policy lets the browser run only the page's own script and style (an injected
one would not run even if escaping ever failed). The whole programme is rendered on the server,
so it reads without JavaScript and prints; the script only filters it, keeping the filters in
the URL so that a filtered view can be linked and bookmarked.

Every text from the planners' files goes through Jinja2's autoescaping. The page is a function
of the forum, the programme, the publish time and the calendars' events: the same inputs give
the same bytes (no clock, no random ids, sorted JSON).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..domain import MONTHS, WEEKDAYS, Forum, Placement, Programme, clock, end_of
from .colours import text_colour, theme_colour
from .ical import (
    CANCELLED,
    CalendarEvent,
    FeedPaths,
    facilitator_label,
    feed_paths,
    programme_events,
    theme_name,
)

INDEX_HTML = "index.html"
TEMPLATE = "programme.html.j2"
# The filters, in the order of the form and of the URL's query: (query name, label, all).
FILTERS = (
    ("day", "Day", "All days"),
    ("theme", "Theme", "All themes"),
    ("action_line", "Action line", "All action lines"),
    ("venue", "Venue", "All venues"),
    ("room", "Room", "All rooms"),
    ("facilitator", "Facilitator", "All facilitators"),
)
KIND_LABELS = {"opening": "Opening", "closing": "Closing", "plenary": "Plenary"}
_DIGITS = re.compile(r"(\d+)")


def write_html(
    forum: Forum,
    programme: Programme,
    folder: Path | str,
    publish_time: datetime,
    *,
    events: Iterable[CalendarEvent] | None = None,
) -> Path:
    """Write `index.html` into `folder` and return its path.

    `events` are the calendars' events (the publish state's, see publish.py), which decide the
    calendar files the page links to and the cancelled sessions it lists; by default, the
    programme's. Pass the same events as to `write_calendars`, so that every link has its file.
    """
    Path(folder).mkdir(parents=True, exist_ok=True)
    path = Path(folder) / INDEX_HTML
    page = render_html(forum, programme, publish_time, events=events)
    path.write_bytes(page.encode("utf-8"))
    return path


def render_html(
    forum: Forum,
    programme: Programme,
    publish_time: datetime,
    *,
    events: Iterable[CalendarEvent] | None = None,
) -> str:
    """The page's text; see `write_html`."""
    events = list(events) if events is not None else programme_events(forum, programme)
    paths = feed_paths(events)
    env = _environment()
    themes = _themes(forum, programme)
    css = _source(env, "programme.css") + "".join(_theme_rule(t) for t in themes.values())
    script = _source(env, "programme.js")
    sessions = _sessions(forum, programme, themes, paths)
    context = {
        "name": forum.settings.name,
        "timezone": forum.settings.timezone,
        "dates": _date_range(forum),
        "published": _moment(publish_time, forum),
        "programme_ics": paths.programme,
        "css": Markup(css),
        "script": Markup(script),
        "csp": _policy(css, script),
        "days": _days(forum, sessions),
        "filters": _filters(forum, programme, themes),
        "total": len(sessions),
        "themes": [t for t in themes.values() if t.theme_id in forum.theme_by_id or t.sessions],
        "theme_feeds": paths.themes,
        "rooms": _rooms(forum, programme, paths),
        "cancelled": _cancelled(forum, programme, events, paths),
    }
    return env.get_template(TEMPLATE).render(context)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """Templates ship inside the package; every value is escaped unless marked safe."""
    return Environment(
        loader=PackageLoader("forum_scheduler.export", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _source(env: Environment, name: str) -> str:
    """A file of the templates folder, as it is (the page's own style and script)."""
    return env.loader.get_source(env, name)[0]


def _policy(css: str, script: str) -> str:
    """Content-Security-Policy: nothing from anywhere, but the page's own inline style and
    script, named by their hashes; a form may only submit to the page itself."""
    return "; ".join(
        (
            "default-src 'none'",
            f"style-src '{_hash(css)}'",
            f"script-src '{_hash(script)}'",
            "base-uri 'none'",
            "form-action 'self'",
        )
    )


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@dataclass(frozen=True)
class ThemeView:
    theme_id: str
    name: str
    css_class: str
    colour: str  # RRGGBB
    text: str  # RRGGBB that contrasts with `colour`
    sessions: int


def _themes(forum: Forum, programme: Programme) -> dict[str, ThemeView]:
    """The forum's themes in the sheet's order, then any other theme a session names; each
    with a CSS class of its own (by position: ids may hold any character)."""
    placed = [forum.session_by_id[sid] for sid in _placed(forum, programme)]
    ids = [t.theme_id for t in forum.themes]
    ids += sorted({t for s in placed for t in s.themes} - set(ids))
    out = {}
    for i, tid in enumerate(dict.fromkeys(ids)):
        colour = theme_colour(forum, tid)
        count = sum(tid in s.themes for s in placed)
        view = ThemeView(tid, theme_name(forum, tid), f"t{i}", colour, text_colour(colour), count)
        out[tid] = view
    return out


def _theme_rule(theme: ThemeView) -> str:
    """A theme's colours: its chips, and the stripe of its sessions."""
    c, t = theme.colour, theme.text
    return (
        f".chip.{theme.css_class}{{background:#{c};color:#{t};border-color:#{c}}}"
        f".session.{theme.css_class}{{border-left-color:#{c}}}\n"
    )


@dataclass(frozen=True)
class SessionView:
    session_id: str
    anchor: str
    title: str
    kind: str  # "" for a parallel session
    day: int
    start_minute: int
    start: str  # HH:MM
    end: str
    start_iso: str
    end_iso: str
    room: str
    venue: str
    themes: list[ThemeView]
    action_lines: list[str]
    facilitators: list[str]
    attendance: int
    description: str
    calendar: str
    filter: dict[str, list[str]]

    @property
    def css_class(self) -> str:
        return self.themes[0].css_class if self.themes else ""


def _placed(forum: Forum, programme: Programme) -> dict[str, Placement]:
    """Each placed session once, in programme order (a hand-edited programme may hold one
    twice: the first placement wins, as in the calendars)."""
    out: dict[str, Placement] = {}
    for placement in programme.sorted(forum):
        out.setdefault(placement.session_id, placement)
    return out


def _sessions(forum: Forum, programme: Programme, themes, paths: FeedPaths) -> list[SessionView]:
    out = []
    for sid, placement in _placed(forum, programme).items():
        session = forum.session_by_id[sid]
        room = forum.room_by_id.get(placement.room_id)
        day = forum.settings.date_of(placement.day)
        end = end_of(forum, placement)
        facilitators = list(dict.fromkeys(session.facilitators))
        views = [themes[t] for t in dict.fromkeys(session.themes)]
        out.append(
            SessionView(
                session_id=sid,
                anchor="session-" + Path(paths.sessions[sid]).stem,
                title=session.title,
                kind=KIND_LABELS.get(session.kind, ""),
                day=placement.day,
                start_minute=placement.start,
                start=clock(placement.start),
                end=clock(end),
                start_iso=_local_iso(forum, day, placement.start),
                end_iso=_local_iso(forum, day, end),
                room=(room.name or room.room_id) if room else placement.room_id,
                venue=room.venue if room else "",
                themes=views,
                action_lines=list(dict.fromkeys(session.action_lines)),
                facilitators=[facilitator_label(forum, f) for f in facilitators],
                attendance=session.attendance,
                description=session.description.strip(),
                calendar=paths.sessions[sid],
                filter={
                    "day": [day.isoformat()],
                    "theme": [t.theme_id for t in views],
                    "action_line": list(dict.fromkeys(session.action_lines)),
                    "venue": [room.venue] if room else [],
                    "room": [placement.room_id],
                    "facilitator": facilitators,
                },
            )
        )
    return out


@dataclass(frozen=True)
class Slot:
    anchor: str
    start: str
    start_iso: str
    sessions: list[SessionView]


@dataclass(frozen=True)
class Day:
    anchor: str
    iso: str
    label: str
    short: str
    slots: list[Slot]


def _days(forum: Forum, sessions: list[SessionView]) -> list[Day]:
    """The days that hold sessions, each with its start times in order."""
    by_day: dict[int, dict[int, list[SessionView]]] = {}
    for view in sessions:
        by_day.setdefault(view.day, {}).setdefault(view.start_minute, []).append(view)
    out = []
    for number in sorted(by_day):
        when = forum.settings.date_of(number)
        anchor = f"day-{when.isoformat()}"
        slots = [
            Slot(
                f"{anchor}-{clock(minute).replace(':', '')}",
                clock(minute),
                _local_iso(forum, when, minute),
                views,
            )
            for minute, views in sorted(by_day[number].items())
        ]
        out.append(Day(anchor, when.isoformat(), _long_date(when), _short_date(when), slots))
    return out


def _filters(forum: Forum, programme: Programme, themes: dict[str, ThemeView]) -> list[dict]:
    """Each filter's options (value, label): what the placed sessions hold, in a useful order."""
    placed = _placed(forum, programme)
    sessions = [forum.session_by_id[sid] for sid in placed]
    rooms = [forum.room_by_id.get(p.room_id) for p in placed.values()]
    days = sorted({p.day for p in placed.values()})
    room_ids = {p.room_id for p in placed.values()}
    people = {f for s in sessions for f in s.facilitators}
    options = {
        "day": [
            (forum.settings.date_of(d).isoformat(), _short_date(forum.settings.date_of(d)))
            for d in days
        ],
        "theme": [(t.theme_id, t.name) for t in themes.values() if t.sessions],
        "action_line": [
            (line, line)
            for line in sorted({a for s in sessions for a in s.action_lines}, key=_total)
        ],
        "venue": [(v, v) for v in sorted({r.venue for r in rooms if r}, key=_total)],
        "room": [
            (r.room_id, f"{r.name or r.room_id} ({r.venue})" if r.venue else r.name or r.room_id)
            for r in forum.rooms
            if r.room_id in room_ids
        ]
        + [(rid, rid) for rid in sorted(room_ids - set(forum.room_by_id))],
        "facilitator": sorted(
            ((f, facilitator_label(forum, f)) for f in people),
            key=lambda item: (_natural(item[1].casefold()), item[0]),
        ),
    }
    return [
        {"name": name, "label": label, "all": every, "options": options[name]}
        for name, label, every in FILTERS
    ]


def _rooms(forum: Forum, programme: Programme, paths: FeedPaths) -> list[dict]:
    """The forum's rooms that have a calendar, in the sheet's order, with their sessions."""
    held = Counter(p.room_id for p in _placed(forum, programme).values())
    return [
        {
            "name": room.name or room.room_id,
            "venue": room.venue,
            "capacity": room.capacity,
            "sessions": held[room.room_id],
            "calendar": paths.rooms[room.room_id],
        }
        for room in forum.rooms
        if room.room_id in paths.rooms
    ]


def _cancelled(
    forum: Forum, programme: Programme, events: list[CalendarEvent], paths: FeedPaths
) -> list[dict]:
    """Sessions published before and no longer in the programme: their files cancel a copy
    that someone added to a calendar."""
    placed = {p.session_id for p in programme.placements}
    zone = ZoneInfo(forum.settings.timezone)
    out = []
    for event in events:
        if event.status != CANCELLED or event.session_id in placed:
            continue
        start = event.start.replace(tzinfo=zone)
        out.append(
            {
                "title": event.summary,
                "when": f"{_short_date(start.date())} {start:%H:%M}",
                "iso": start.isoformat(timespec="minutes"),
                "calendar": paths.sessions[event.session_id],
            }
        )
    return out


def _local_iso(forum: Forum, day: date, minute: int) -> str:
    """A valid HTML global date and time: the local time with the zone's offset that day."""
    moment = datetime.combine(day, time()) + timedelta(minutes=minute)
    return moment.replace(tzinfo=ZoneInfo(forum.settings.timezone)).isoformat(timespec="minutes")


def _moment(publish_time: datetime, forum: Forum) -> dict[str, str]:
    """The publish time, in the forum's zone for people and in UTC for the markup."""
    if publish_time.tzinfo is None:
        publish_time = publish_time.replace(tzinfo=UTC)
    local = publish_time.astimezone(ZoneInfo(forum.settings.timezone))
    utc = publish_time.astimezone(UTC).replace(microsecond=0)
    return {
        "iso": utc.isoformat().replace("+00:00", "Z"),
        "label": f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H:%M}",
    }


def _date_range(forum: Forum) -> str:
    first = forum.settings.date_of(1)
    last = forum.settings.date_of(forum.settings.days)
    if first == last:
        return _long_date(first)
    if first.year == last.year:
        return f"{_long_date(first, year=False)} – {_long_date(last)}"
    return f"{_long_date(first)} – {_long_date(last)}"


def _long_date(day: date, year: bool = True) -> str:
    text = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def _short_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]}"


def _total(text: str) -> tuple:
    """Natural order, then the text itself: `C1` and `C01` sort alike by `_natural`, and the
    page must not depend on the order of a set."""
    return (_natural(text), text)


def _natural(text: str) -> tuple:
    """C2 before C10: digit runs compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(text))


__all__ = ["INDEX_HTML", "render_html", "write_html"]
