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


def many_rooms() -> tuple[Forum, Programme]:
    """18 rooms in two venues (10 + 8) with wordy sessions all day."""
    rooms = tuple(Room(f"P{i}", f"Palais Room {i}", "Palais", 100) for i in range(1, 11)) + tuple(
        Room(f"A{i}", f"Annex Room {i}", "Annex", 40) for i in range(1, 9)
    )
    title = "Interactive Session: Universal acceptance of domain names and e-mail addresses"
    slots = ((9 * 60, 45), (10 * 60, 105), (12 * 60, 45), (14 * 60 + 30, 105), (16 * 60 + 30, 45))
    sessions, placements = [], []
    for r, place in enumerate(rooms):
        for k, (start, duration) in enumerate(slots):
            sid = f"S{r:02d}{k}"
            sessions.append(
                Session(sid, title, duration, 30, themes=("T-AI",), facilitators=("anna", "bob"))
            )
            placements.append(Placement(sid, 1, start, place.room_id))
    base = make_forum()
    forum = Forum(base.settings, rooms, base.themes, base.facilitators, tuple(sessions))
    return forum, Programme(tuple(placements))


# A report.json's stable part, as the workbook's Report sheet is given it.
REPORT = {
    "forum": "Forum Week 2026",
    "sessions": 7,
    "placed": 6,
    "schedule": True,
    "hard_rules_hold": True,
    "objective": 1200,
    "lower_bound": 300,
    "goals": {
        "room_fit": {
            "title": "Rooms fit the audience",
            "weight": 1,
            "measure": 900,
            "penalty": 900,
            "lower_bound": 300,
            "offences": 2,
            "worst": ["S05 (150 expected) leaves 50 of 200 seats empty in Room One"],
        },
        "theme_clash": {
            "title": "Sessions of a theme do not overlap",
            "weight": 10,
            "measure": 30,
            "penalty": 300,
            "lower_bound": 0,
            "offences": 1,
            "worst": [],
            "forced": ["theme T-AI: at least 0 minutes of clash are unavoidable"],
        },
    },
    "unmet": [],
    "notes": ["no Rules sheet in the inputs: none applied"],
}


def event_blocks(path) -> dict[str, bytes]:
    """Each VEVENT of a calendar file as its exact bytes, by session id, in file order."""
    import re

    raw = path.read_bytes()
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", raw, re.DOTALL)
    return {re.search(rb"\r\nUID:([^@]*)@", b).group(1).decode(): b for b in blocks}
