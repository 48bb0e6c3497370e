"""A small forum and programme for the exporter tests, built directly from the domain classes.

The week runs Thu 26 Mar - Mon 30 Mar 2026 in Europe/Zurich, so it spans the switch to summer
time on Sunday 29 March: day 1 is UTC+1, day 5 is UTC+2.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from forum_scheduler.domain import (
    Facilitator,
    Forum,
    Placement,
    Programme,
    Room,
    Session,
    Settings,
    Theme,
)

PUBLISH = datetime(2026, 3, 1, 12, 30, 15, tzinfo=UTC)
ODD_ID = "jean;x/y"  # a facilitator id that is not safe as a file name


def make_forum() -> Forum:
    settings = Settings(name="Forum Week 2026", first_day=date(2026, 3, 26), days=5)
    rooms = (
        Room("R1", "Room One", "ITU HQ", 200),
        Room("R2", "Salle B", "CICG", 80),
        Room("K", "Room K", "CICG", 40),
    )
    themes = (
        Theme("T-AI", "AI, Data", ("C1",), colour="#1F77B4"),
        Theme("T-H", "Health", ("C7",)),
        Theme("T-E", "Ethics; Society", ("C10",), colour="bad"),
    )
    facilitators = (
        Facilitator("anna", "Müller, Anna", "UNIGE"),
        Facilitator(ODD_ID, "Dupont; Jean"),
        Facilitator("bob", "Bob Smith"),
        Facilitator("idle", "Idle Person"),
    )
    sessions = (
        Session("S01", "Opening of the week", 60, 180, kind="opening", themes=("T-AI", "T-H"),
                action_lines=("C1", "C7"), facilitators=("anna",),
                description="Welcome, all; enjoy.\nSecond line."),
        Session("S02", "Health data", 90, 60, themes=("T-H",), facilitators=("bob", ODD_ID)),
        Session("S03", "=Equality & ethics", 90, 35, themes=("T-E",), facilitators=("anna",)),
        Session("S04", "After the clock change", 60, 70, themes=("T-AI",), facilitators=(ODD_ID,)),
        Session("S05", "Closing", 45, 150, kind="closing"),
        Session("S06", "Ünïcödé café ☕", 60, 30, facilitators=("bob",)),
        Session("S07", "Not placed", 60, 30, facilitators=("idle",)),
    )  # fmt: skip
    return Forum(settings, rooms, themes, facilitators, sessions)


def make_programme() -> Programme:
    """Deliberately out of order, so that sorting is tested."""
    return Programme(
        (
            Placement("S05", 5, 17 * 60, "R1"),
            Placement("S03", 1, 10 * 60 + 30, "K"),
            Placement("S04", 5, 14 * 60 + 30, "R2"),
            Placement("S02", 1, 10 * 60 + 30, "R2"),
            Placement("S06", 2, 9 * 60, "K"),
            Placement("S01", 1, 9 * 60, "R1"),
        )
    )


def placement_keys(programme: Programme) -> list[tuple]:
    """What a round trip must preserve, independent of order and row numbers."""
    return sorted((p.session_id, p.day, p.start, p.room_id) for p in programme.placements)


def entries(folder) -> list[str]:
    """What a folder shows a reader: its names, but the hidden lock file of an output folder
    (which stays beside it, to keep one writer at a time)."""
    import os

    return sorted(n for n in os.listdir(folder) if not n.endswith(".lock"))
