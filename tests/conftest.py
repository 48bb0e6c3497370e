"""Small forums built directly from the domain, for tests whose optimum is derived by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from forum_scheduler.domain import (
    Baseline,
    Break,
    Facilitator,
    Forum,
    Placement,
    Programme,
    Published,
    PublishedEntry,
    Room,
    Rule,
    Session,
    Settings,
    Theme,
    Unavailability,
)

# The published forum that the re-solve tests share (tests/publishing.py).
pytest_plugins = ["publishing"]


def settings(**changes) -> Settings:
    base = Settings(
        name="Tiny Forum",
        first_day=date(2026, 5, 4),
        days=2,
        day_start=9 * 60,
        day_end=12 * 60,
        breaks=(),
        slot_minutes=30,
        venue_travel_minutes=0,
        time_limit_seconds=20,
    )
    return replace(base, **changes)


def room(room_id: str, capacity: int = 100, venue: str = "HQ", features=()) -> Room:
    return Room(room_id, f"Room {room_id}", venue, capacity, frozenset(features))


def session(session_id: str, duration: int = 60, attendance: int = 10, **fields) -> Session:
    for key in ("needs",):
        if key in fields:
            fields[key] = frozenset(fields[key])
    for key in ("themes", "facilitators", "action_lines"):
        if key in fields:
            fields[key] = tuple(fields[key])
    return Session(session_id, f"Session {session_id}", duration, attendance, **fields)


def forum(
    sessions,
    rooms=None,
    *,
    facilitators=(),
    themes=(),
    unavailability=(),
    rules=(),
    weights=None,
    **setting_changes,
) -> Forum:
    rooms = rooms if rooms is not None else [room("A")]
    people = {f for s in sessions for f in s.facilitators} | set(facilitators)
    theme_ids = {t for s in sessions for t in s.themes} | set(themes)
    return Forum(
        settings(**setting_changes),
        tuple(rooms),
        tuple(Theme(t, f"Theme {t}") for t in sorted(theme_ids)),
        tuple(Facilitator(f, f"Person {f}") for f in sorted(people)),
        tuple(sessions),
        tuple(unavailability),
        tuple(rules),
        dict(weights or {}),
    )


def programme(*placements) -> Programme:
    """programme(("S1", 1, "09:00", "A"), ...)"""
    out = []
    for i, (sid, day, start, room_id) in enumerate(placements, start=2):
        hours, minutes = start.split(":")
        out.append(Placement(sid, day, int(hours) * 60 + int(minutes), room_id, row=i))
    return Programme(tuple(out))


def published(f: Forum, *entries, max_changes=None, locked=()) -> Forum:
    """The forum re-solved against a published programme: published(f, ("S1", 1, "09:00",
    "A"), ...); `locked` names sessions ticked locked in the published file."""
    out = []
    for i, (sid, day, start, room_id) in enumerate(entries, start=2):
        hours, minutes = start.split(":")
        begin = int(hours) * 60 + int(minutes)
        s = f.session_by_id.get(sid)
        out.append(
            PublishedEntry(
                sid,
                s.title if s else f"Session {sid}",
                day,
                begin,
                begin + (s.duration if s else 60),
                room_id,
                f"Room {room_id}",
                s.facilitators if s else (),
                sid in locked,
                i,
            )
        )
    return replace(f, baseline=Baseline(tuple(out), "published.csv", max_changes))


def calendars(f: Forum, *entries) -> Forum:
    """The forum with what its calendars published (published.json): calendars(f, ("S1", 1,
    "09:00", "A"), ...), for a re-solve whose programme file was edited by hand."""
    out = []
    for sid, day, start, room_id in entries:
        hours, minutes = start.split(":")
        begin = int(hours) * 60 + int(minutes)
        s = f.session_by_id[sid]
        out.append(
            PublishedEntry(
                sid,
                s.title,
                day,
                begin,
                begin + s.duration,
                room_id,
                f"Room {room_id}",
                s.facilitators,
            )
        )
    return replace(f, published=Published(tuple(out), "published.json", 1))


def solve(f):
    """Solve a tiny forum: they reach a proven optimum in well under a second."""
    from forum_scheduler.model.solve import solve_forum

    return solve_forum(f, time_limit=10, workers=2)


def places(result) -> dict:
    """session id -> (day, "HH:MM", room id) of a solved programme."""
    from forum_scheduler.domain import clock

    return {p.session_id: (p.day, clock(p.start), p.room_id) for p in result.programme.placements}


def only(**weights) -> dict:
    """Weights with every soft goal off but the ones given."""
    from forum_scheduler.constraints.registry import weight_defaults

    return {key: 0 for key in weight_defaults()} | weights


@pytest.fixture
def tiny():
    """Namespace of the builders above, for tests that prefer a fixture."""
    import types

    return types.SimpleNamespace(
        settings=settings,
        room=room,
        session=session,
        forum=forum,
        programme=programme,
        Break=Break,
        Rule=Rule,
        Unavailability=Unavailability,
    )
