"""Calendar feeds: parsed back with icalendar, checked against what real clients need."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from exportfixtures import ODD_ID, PUBLISH, make_forum, make_programme
from icalendar import Calendar

from forum_scheduler.domain import Placement, Programme
from forum_scheduler.export.ical import (
    PRODID,
    calendar_file_names,
    forum_calendar,
    write_calendars,
)


@pytest.fixture
def forum():
    return make_forum()


@pytest.fixture
def programme():
    return make_programme()


@pytest.fixture
def written(tmp_path, forum, programme):
    write_calendars(forum, programme, tmp_path, PUBLISH, sequences={"S02": 3})
    return tmp_path


def _all_files(folder):
    """Every calendar written: the programme, the feeds and the session files."""
    feeds = sorted((folder / "calendars").glob("*.ics"))
    return [folder / "programme.ics", *feeds, *sorted((folder / "sessions").glob("*.ics"))]


def _events(cal):
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_programme_calendar_header(written, forum):
    cal = Calendar.from_ical((written / "programme.ics").read_bytes())
    assert cal["METHOD"] == "PUBLISH"
    assert cal["VERSION"] == "2.0"
    assert cal["PRODID"] == PRODID
    assert cal["NAME"] == cal["X-WR-CALNAME"] == "Forum Week 2026"
    assert cal["X-WR-TIMEZONE"] == "Europe/Zurich"
    assert cal["UID"]


def test_every_file_is_valid_and_well_formed(written):
    for path in _all_files(written):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), path
        assert raw.endswith(b"\r\n"), path
        lines = raw.split(b"\r\n")[:-1]
        assert all(b"\n" not in line and b"\r" not in line for line in lines), path
        assert max(len(line) for line in lines) <= 75, path
        cal = Calendar.from_ical(raw)
        assert cal.errors == [] and all(not c.errors for c in cal.walk()), path
        assert cal.get_missing_tzids() == set(), path
        assert b"ATTENDEE" not in raw and b"ORGANIZER" not in raw, path
        assert cal["METHOD"] == "PUBLISH", path
        for event in cal.walk("VEVENT"):
            assert event.decoded("DTSTAMP") == PUBLISH
            assert event.decoded("LAST-MODIFIED") == PUBLISH


def test_uids_and_sequences(written, forum):
    cal = Calendar.from_ical((written / "programme.ics").read_bytes())
    events = _events(cal)
    assert sorted(events) == [f"S0{i}@forum-week-2026" for i in range(1, 7)]
    assert events["S02@forum-week-2026"]["SEQUENCE"] == 3
    assert events["S01@forum-week-2026"]["SEQUENCE"] == 0


def test_events_are_sorted_by_date_start_room(written):
    cal = Calendar.from_ical((written / "programme.ics").read_bytes())
    assert [str(e["UID"]).split("@")[0] for e in cal.walk("VEVENT")] == [
        "S01",
        "S03",
        "S02",
        "S06",
        "S04",
        "S05",
    ]


def test_local_times_with_tzid_and_vtimezone_across_dst(written):
    raw = (written / "programme.ics").read_bytes()
    cal = Calendar.from_ical(raw)
    (vtz,) = cal.walk("VTIMEZONE")
    assert vtz["TZID"] == "Europe/Zurich"
    assert "COMMENT" not in vtz
    events = _events(cal)
    for event in events.values():
        assert event["DTSTART"].params["TZID"] == "Europe/Zurich"
        assert event["DTEND"].params["TZID"] == "Europe/Zurich"
    s01, s04 = events["S01@forum-week-2026"], events["S04@forum-week-2026"]
    assert s01.decoded("DTSTART").astimezone(UTC) == datetime(2026, 3, 26, 8, 0, tzinfo=UTC)  # CET
    assert s04.decoded("DTSTART").astimezone(UTC) == datetime(
        2026, 3, 30, 12, 30, tzinfo=UTC
    )  # CEST
    assert s04.decoded("DTEND") - s04.decoded("DTSTART") == timedelta(minutes=60)
    assert b"DTSTART;TZID=Europe/Zurich:20260330T143000\r\n" in raw


def test_event_text_fields(written):
    events = _events(Calendar.from_ical((written / "programme.ics").read_bytes()))
    s01 = events["S01@forum-week-2026"]
    assert s01["SUMMARY"] == "Opening of the week"
    assert s01["LOCATION"] == "Room One, ITU HQ"
    assert [str(c) for c in s01["CATEGORIES"].cats] == ["AI, Data", "Health"]
    description = str(s01["DESCRIPTION"])
    assert "opening" in description
    assert "Müller, Anna (UNIGE)" in description
    assert "Welcome, all; enjoy.\nSecond line." in description
    s02 = events["S02@forum-week-2026"]
    assert "Dupont; Jean" in str(s02["DESCRIPTION"]) and "Bob Smith" in str(s02["DESCRIPTION"])


def test_one_file_per_facilitator_with_their_sessions(written, forum):
    names = calendar_file_names(["anna", "bob", ODD_ID])
    feeds = ["theme-T-AI.ics", "theme-T-E.ics", "theme-T-H.ics"]
    feeds += ["room-K.ics", "room-R1.ics", "room-R2.ics"]
    assert sorted(p.name for p in (written / "calendars").iterdir()) == sorted(
        [*names.values(), *feeds]
    )
    expected = {"anna": {"S01", "S03"}, "bob": {"S02", "S06"}, ODD_ID: {"S02", "S04"}}
    for fid, sessions in expected.items():
        cal = Calendar.from_ical((written / "calendars" / names[fid]).read_bytes())
        assert {u.split("@")[0] for u in _events(cal)} == sessions
        label = forum.facilitator_by_id[fid].name
        assert cal["X-WR-CALNAME"] == f"Forum Week 2026 - {label}"
    assert not any("idle" in p.name for p in (written / "calendars").iterdir())


def test_calendar_uids_are_stable_and_distinct(written):
    """Every feed has its own calendar UID; a session's file is not a calendar of its own."""
    cals = [Calendar.from_ical(p.read_bytes()) for p in _all_files(written)]
    uids = [c["UID"] for c in cals if "UID" in c]
    assert len(uids) == len(cals) - len(list((written / "sessions").iterdir()))
    assert len(set(uids)) == len(uids)


def test_file_names_are_safe_and_unique():
    names = calendar_file_names(
        ["anna", ODD_ID, "jean_x_y", "Bob", "bob", "..", "a b", "a_b", "con"]
    )
    assert names["anna"] == "anna.ics"
    assert names["jean_x_y"] == "jean_x_y.ics"
    assert names[ODD_ID].startswith("jean_x_y-")
    stems = [n.casefold() for n in names.values()]
    assert len(set(stems)) == len(stems)
    for name in names.values():
        assert all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in name)
        assert not name.startswith(".")


def test_same_inputs_give_same_bytes(tmp_path, forum, programme):
    a, b = tmp_path / "a", tmp_path / "b"
    write_calendars(forum, programme, a, PUBLISH, {"S02": 3})
    write_calendars(make_forum(), make_programme(), b, PUBLISH, {"S02": 3})
    for left in _all_files(a):
        assert left.read_bytes() == (b / left.relative_to(a)).read_bytes()


def test_publish_time_in_another_zone_is_stamped_in_utc(forum, programme):
    local = PUBLISH.astimezone(timezone(timedelta(hours=2)))
    raw = forum_calendar(forum, programme, local)
    assert raw == forum_calendar(forum, programme, PUBLISH)
    assert b"DTSTAMP:20260301T123015Z\r\n" in raw


def test_only_sessions_and_name(forum, programme):
    raw = forum_calendar(forum, programme, PUBLISH, only_sessions={"S05"}, name="Closing only")
    cal = Calendar.from_ical(raw)
    assert list(_events(cal)) == ["S05@forum-week-2026"]
    assert cal["X-WR-CALNAME"] == "Closing only"
    assert "CATEGORIES" not in cal.walk("VEVENT")[0]


def test_vtimezone_changes_at_the_local_time_before_the_jump(forum, programme):
    """RFC 5545 onsets are in the old offset: summer time starts 02:00 CET on 29 March 2026."""
    (vtz,) = Calendar.from_ical(forum_calendar(forum, programme, PUBLISH)).walk("VTIMEZONE")
    (daylight,) = vtz.walk("DAYLIGHT")
    assert daylight.decoded("DTSTART") == datetime(2026, 3, 29, 2, 0)
    assert daylight["TZOFFSETFROM"].td == timedelta(hours=1)
    assert daylight["TZOFFSETTO"].td == timedelta(hours=2)


def test_a_session_placed_twice_appears_once(forum, programme):
    """A hand-edited programme may hold a session twice; a feed may hold each UID only once."""
    doubled = Programme(programme.placements + (Placement("S01", 2, 9 * 60, "R1"),))
    uids = [
        str(e["UID"])
        for e in Calendar.from_ical(forum_calendar(forum, doubled, PUBLISH)).walk("VEVENT")
    ]
    assert uids.count("S01@forum-week-2026") == 1


def test_control_characters_never_reach_a_calendar(tmp_path, forum, programme):
    """A bare CR in the forum's or a facilitator's name, control characters in a title: the
    API takes any Forum, so the calendars clean what they write (the workbook reader refuses
    such text before; see test_workbook)."""
    from dataclasses import replace

    from forum_scheduler.domain import Facilitator

    injected = "Forum\rBEGIN:VEVENT\rATTENDEE:mailto:x@example.org"
    people = tuple(
        replace(f, name=f.name + "\rATTENDEE:mailto:y@example.org\nZ") for f in forum.facilitators
    ) or (Facilitator("F1", "Ann\rATTENDEE:x"),)
    hostile = replace(
        forum,
        settings=replace(forum.settings, name=injected),
        facilitators=people,
        sessions=tuple(
            replace(s, title=s.title + "\x00\x07\x1b\x0b!", description="a\rb\r\nc")
            for s in forum.sessions
        ),
    )
    write_calendars(hostile, programme, tmp_path, PUBLISH)
    for path in _all_files(tmp_path):
        raw = path.read_bytes()
        assert not any(ch in raw for ch in (b"\x00", b"\x07", b"\x1b", b"\x0b"))
        assert raw.count(b"\r") == raw.count(b"\r\n") and raw.count(b"\n") == raw.count(b"\r\n")
        unfolded = raw.replace(b"\r\n ", b"").split(b"\r\n")
        assert not [line for line in unfolded if line.startswith(b"ATTENDEE")]
        cal = Calendar.from_ical(raw)
        events = cal.walk("VEVENT")
        assert sum(line == b"BEGIN:VEVENT" for line in unfolded) == len(events)
        if path.name == "programme.ics":
            assert len(events) == len(programme.placements)
        assert len(events) == len({str(e["UID"]) for e in events})  # nothing injected
        assert all("ATTENDEE" not in e for e in events)
        name = str(cal.get("X-WR-CALNAME", ""))  # a session's file has none
        assert "\r" not in name and "\n" not in name


def test_calendars_are_the_bytes_icalendar_writes_for_them(forum, programme):
    """Each event is serialised once for all the calendars that hold it, and the calendars
    spliced from those bytes; the result is what icalendar writes for the whole calendar."""
    from forum_scheduler.export.ical import (
        _new_calendar,
        _timezone,
        _vevent,
        _zone_span,
        events_calendar,
        programme_events,
    )

    events = programme_events(forum, programme)
    cal = _new_calendar(forum, "A feed", "theme/x")
    for event in events:
        cal.add_component(_vevent(forum, event, PUBLISH))
    cal.add_component(
        _timezone("Europe/Zurich", *_zone_span(forum, [e.start.date() for e in events]))
    )
    cal.subcomponents.insert(0, cal.subcomponents.pop())  # VTIMEZONE first, as clients expect
    assert events_calendar(forum, events, PUBLISH, "A feed", feed="theme/x") == cal.to_ical()
    assert (
        events_calendar(forum, [], PUBLISH)
        == _new_calendar(forum, forum.settings.name, "").to_ical()
    )


def test_a_forum_in_utc_gets_utc_times_and_no_vtimezone(tmp_path, forum, programme):
    from dataclasses import replace

    utc = replace(forum, settings=replace(forum.settings, timezone="UTC"))
    write_calendars(utc, programme, tmp_path, PUBLISH)
    for path in _all_files(tmp_path):
        raw = path.read_bytes()
        cal = Calendar.from_ical(raw)
        assert not cal.walk("VTIMEZONE") and b"TZID" not in raw, path
        assert cal.get_missing_tzids() == set()
    assert b"DTSTART:20260326T090000Z\r\n" in (tmp_path / "programme.ics").read_bytes()
