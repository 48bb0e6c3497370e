"""The session files and the theme and room feeds: what they hold, and that they update the
same entries as programme.ics in clients (icalendar, and ical.js as web clients read them)."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

from clients import icaljs
from exportfixtures import ODD_ID, PUBLISH, event_blocks, make_forum, make_programme
from icalendar import Calendar

from forum_scheduler.domain import Facilitator, Programme, Theme
from forum_scheduler.export import write_outputs
from forum_scheduler.export.folder import LONGEST_NAME
from forum_scheduler.export.ical import calendar_file_names, feed_paths, programme_events

REPORT = {"status": "OPTIMAL"}
LATER = PUBLISH + timedelta(days=1)
LATEST = PUBLISH + timedelta(days=2)
THEMES = {"T-AI": {"S01", "S04"}, "T-H": {"S01", "S02"}, "T-E": {"S03"}}
ROOMS = {"R1": {"S01", "S05"}, "R2": {"S02", "S04"}, "K": {"S03", "S06"}}


def _publish(root, programme=None, when=PUBLISH, forum=None):
    programme = make_programme() if programme is None else programme
    return write_outputs(forum or make_forum(), programme, root, REPORT, when)


def _change(programme, sid, **changes):
    return Programme(
        tuple(
            dataclasses.replace(p, **changes) if p.session_id == sid else p
            for p in programme.placements
        )
    )


def _with_session(forum, sid, **changes):
    sessions = tuple(
        dataclasses.replace(s, **changes) if s.session_id == sid else s for s in forum.sessions
    )
    return dataclasses.replace(forum, sessions=sessions)


def _events(path):
    """session id -> (STATUS, SEQUENCE) of a calendar file's events."""
    cal = Calendar.from_ical(path.read_bytes())
    return {
        str(e["UID"]).split("@")[0]: (str(e["STATUS"]), int(e["SEQUENCE"]))
        for e in cal.walk("VEVENT")
    }


def _feeds(out):
    return sorted((out / "calendars").glob("*.ics")) + sorted((out / "sessions").glob("*.ics"))


def test_each_session_file_is_its_programme_event_byte_for_byte(tmp_path):
    out = _publish(tmp_path)
    _publish(tmp_path, _change(make_programme(), "S03", start=11 * 60), when=LATER)
    programme = event_blocks(out / "programme.ics")
    files = sorted((out / "sessions").glob("*.ics"))
    assert [f.name for f in files] == [f"S0{i}.ics" for i in range(1, 7)]
    for path in files:
        cal = Calendar.from_ical(path.read_bytes())
        (event,) = cal.walk("VEVENT")
        sid = path.stem
        assert event_blocks(path) == {sid: programme[sid]}  # same UID, SEQUENCE, DTSTAMP, text
        assert cal["METHOD"] == "PUBLISH" and cal.get_missing_tzids() == set()
        # a file to add one session: no calendar name, which would open a new calendar
        assert "X-WR-CALNAME" not in cal and "NAME" not in cal and "UID" not in cal
    assert _events(out / "sessions" / "S03.ics") == {"S03": ("CONFIRMED", 1)}


def test_theme_and_room_feeds_hold_their_sessions(tmp_path):
    out = _publish(tmp_path)
    programme = event_blocks(out / "programme.ics")
    uids = set()
    for kind, expected, label in (
        ("theme", THEMES, {"T-AI": "AI, Data", "T-H": "Health", "T-E": "Ethics; Society"}),
        ("room", ROOMS, {"R1": "Room One, ITU HQ", "R2": "Salle B, CICG", "K": "Room K, CICG"}),
    ):
        for key, sessions in expected.items():
            path = out / "calendars" / f"{kind}-{key}.ics"
            cal = Calendar.from_ical(path.read_bytes())
            assert set(event_blocks(path)) == sessions, path
            assert all(event_blocks(path)[s] == programme[s] for s in sessions)
            assert cal["X-WR-CALNAME"] == cal["NAME"] == f"Forum Week 2026 - {label[key]}"
            assert cal["METHOD"] == "PUBLISH" and cal.get_missing_tzids() == set()
            assert cal.errors == [] and all(not c.errors for c in cal.walk())
            uids.add(str(cal["UID"]))
    assert len(uids) == 6  # each feed is a calendar of its own in a client


def test_ical_js_reads_every_feed_with_the_programme_uids(tmp_path):
    out = _publish(tmp_path)
    paths = [out / "programme.ics", *_feeds(out)]
    parsed = icaljs(paths)
    whole = {e["uid"]: e for e in parsed[str(out / "programme.ics")]["events"]}
    assert len(whole) == 6
    for path in paths[1:]:
        calendar = parsed[str(path)]
        assert calendar["method"] == "PUBLISH" and calendar["timezones"] == ["Europe/Zurich"]
        assert calendar["events"], path
        for event in calendar["events"]:
            assert event["zone"] == "Europe/Zurich" and event["tzid"] == "Europe/Zurich"
            same = whole[event["uid"]]
            for key in ("summary", "sequence", "utc_start", "utc_end", "local_start", "status"):
                assert event[key] == same[key], (path, key)
    s04 = parsed[str(out / "sessions" / "S04.ics")]["events"]
    assert [e["utc_start"] for e in s04] == ["2026-03-30T12:30:00.000Z"]  # after the DST switch


def test_a_cancelled_session_stays_cancelled_in_its_file_and_feeds(tmp_path):
    out = _publish(tmp_path)
    _publish(
        tmp_path,
        Programme(tuple(p for p in make_programme().placements if p.session_id != "S03")),
        when=LATER,
    )
    cancelled = {"S03": ("CANCELLED", 1)}
    assert _events(out / "sessions" / "S03.ics") == cancelled
    assert _events(out / "calendars" / "theme-T-E.ics") == cancelled
    assert _events(out / "calendars" / "room-K.ics") == {"S06": ("CONFIRMED", 0)} | cancelled
    before = {p.relative_to(out): p.read_bytes() for p in _feeds(out)}
    _publish(
        tmp_path,
        Programme(tuple(p for p in make_programme().placements if p.session_id != "S03")),
        when=LATEST,
    )
    assert {p.relative_to(out): p.read_bytes() for p in _feeds(out)} == before


def test_a_session_that_changes_room_is_cancelled_in_the_room_it_left(tmp_path):
    out = _publish(tmp_path)
    _publish(tmp_path, _change(make_programme(), "S02", room_id="R1"), when=LATER)
    assert _events(out / "calendars" / "room-R2.ics") == {
        "S02": ("CANCELLED", 1),
        "S04": ("CONFIRMED", 0),
    }
    assert _events(out / "calendars" / "room-R1.ics")["S02"] == ("CONFIRMED", 1)
    assert _events(out / "programme.ics")["S02"] == ("CONFIRMED", 1)
    _publish(tmp_path, make_programme(), when=LATEST)  # back where it was
    assert _events(out / "calendars" / "room-R2.ics")["S02"] == ("CONFIRMED", 2)
    assert _events(out / "calendars" / "room-R1.ics")["S02"] == ("CANCELLED", 2)


def test_a_session_that_leaves_a_theme_is_cancelled_in_its_feed(tmp_path):
    out = _publish(tmp_path)
    forum = _with_session(make_forum(), "S02", themes=("T-E",))
    _publish(tmp_path, forum=forum, when=LATER)
    # its status changes in a feed that held it: the SEQUENCE rises, everywhere alike
    assert _events(out / "calendars" / "theme-T-H.ics")["S02"] == ("CANCELLED", 1)
    assert _events(out / "calendars" / "theme-T-E.ics")["S02"] == ("CONFIRMED", 1)
    assert _events(out / "programme.ics")["S02"] == ("CONFIRMED", 1)
    assert _events(out / "programme.ics")["S01"] == ("CONFIRMED", 0)
    before = {p.relative_to(out): p.read_bytes() for p in [out / "programme.ics", *_feeds(out)]}
    _publish(tmp_path, forum=forum, when=LATEST)
    after = {p.relative_to(out): p.read_bytes() for p in [out / "programme.ics", *_feeds(out)]}
    assert after == before  # unchanged: no new SEQUENCE, no new stamp


def test_a_state_from_before_theme_feeds_continues_without_restamping(tmp_path):
    """published.json written before the feeds existed has no themes nor former rooms:
    republishing the same programme leaves every event as it was."""
    out = _publish(tmp_path)
    before = (out / "programme.ics").read_bytes()
    state = json.loads((out / "published.json").read_text(encoding="utf-8"))
    for entry in state["sessions"].values():
        for key in ("themes", "former_rooms", "former_themes"):
            del entry[key]
    (out / "published.json").write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")
    _publish(tmp_path, when=LATER)
    assert (out / "programme.ics").read_bytes() == before
    again = json.loads((out / "published.json").read_text(encoding="utf-8"))
    assert again["sessions"]["S01"]["themes"] == ["T-AI", "T-H"]


def test_a_facilitator_added_later_never_takes_over_a_theme_or_room_feed(tmp_path):
    """People subscribe to theme-T-AI.ics: a facilitator whose id looks like a feed's name,
    added in a later publish, gets a hashed name, and the feed keeps its file and content."""
    out = _publish(tmp_path)
    theme, room = out / "calendars" / "theme-T-AI.ics", out / "calendars" / "room-K.ics"
    calendar_uids = {p: Calendar.from_ical(p.read_bytes())["UID"] for p in (theme, room)}
    forum = make_forum()
    people = (Facilitator("theme-T-AI", "Theme Person"), Facilitator("ROOM-k", "Room Person"))
    forum = dataclasses.replace(forum, facilitators=forum.facilitators + people)
    forum = _with_session(forum, "S06", facilitators=("theme-T-AI", "ROOM-k"))
    out = _publish(tmp_path, forum=forum, when=LATER)
    assert set(_events(theme)) == THEMES["T-AI"]
    assert set(_events(room)) == ROOMS["K"]
    for path, uid in calendar_uids.items():
        assert Calendar.from_ical(path.read_bytes())["UID"] == uid, path
    for fid, name in (("theme-T-AI", "Theme Person"), ("ROOM-k", "Room Person")):
        (person,) = (out / "calendars").glob(f"{fid}-*.ics")
        assert re.fullmatch(rf"{fid}-[0-9a-f]{{10}}\.ics", person.name)
        assert set(_events(person)) == {"S06"}
        assert str(Calendar.from_ical(person.read_bytes())["X-WR-CALNAME"]).endswith(name)
        (draft,) = (out / "changes").glob(f"{fid}-*.eml")  # named, and attached, as theirs
        message = BytesParser(policy=policy.default).parsebytes(draft.read_bytes())
        (attached,) = list(message.iter_attachments())
        assert attached.get_content().encode("utf-8") == person.read_bytes()
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="calendars/theme-T-AI.ics"' in html and 'href="calendars/room-K.ics"' in html


def test_feed_names_are_safe_short_and_distinct():
    long = "x" * 200
    forum = make_forum()
    themes = (
        Theme("a/b", "Slash"),
        Theme("A/B", "Upper"),
        Theme(long, "Long"),
        Theme("..", "Dots"),
    )
    forum = dataclasses.replace(forum, themes=forum.themes + themes)
    ids = ["a/b", "A/B", long, "..", "T-AI"]
    forum = _with_session(forum, "S01", themes=tuple(ids))
    forum = _with_session(forum, "S02", session_id=long)
    programme = _change(make_programme(), "S02", session_id=long)
    paths = feed_paths(programme_events(forum, programme))
    assert sorted(paths.themes) == sorted(ids + ["T-H", "T-E"])
    feeds = [*paths.facilitators.values(), *paths.themes.values(), *paths.rooms.values()]
    for folder in (feeds, list(paths.sessions.values())):
        folded = [name.casefold() for name in folder]
        assert len(set(folded)) == len(folded)  # distinct, on a case-insensitive disk too
        for path in folder:
            name = path.split("/")[1]
            assert len(name) <= LONGEST_NAME, name
            assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.ics", name), name
    assert paths.themes["T-AI"] == "calendars/theme-T-AI.ics"
    assert paths.sessions["S01"] == "sessions/S01.ics"
    assert re.fullmatch(r"sessions/x{80}-[0-9a-f]{10}\.ics", paths.sessions[long])


def test_a_constructed_facilitator_id_cannot_take_a_feeds_name():
    """Even ids built from the hashed names a theme's feed would get push it further."""
    taken = ["theme-x.ics"]
    for _ in range(4):
        name = calendar_file_names(["x"], "theme-", taken=taken)["x"]
        assert name.casefold() not in {t.casefold() for t in taken}
        assert len(name) <= LONGEST_NAME and name.startswith("theme-x-")
        taken.append(name.upper())  # a facilitator takes it, in other letter case
    assert re.fullmatch(r"theme-x-[0-9a-f]{64}-3\.ics", name)


def test_odd_facilitator_id_files_are_unchanged():
    """Facilitators' file names are what subscriptions point at: they keep their form."""
    names = calendar_file_names(["anna", ODD_ID, "a" * 81])
    assert names["anna"] == "anna.ics"
    assert re.fullmatch(r"jean_x_y-[0-9a-f]{10}\.ics", names[ODD_ID])
    assert re.fullmatch(r"a{80}-[0-9a-f]{10}\.ics", names["a" * 81])


def test_feeds_are_listed_in_the_publish_state(tmp_path):
    out = _publish(tmp_path)
    files = json.loads((out / "published.json").read_text(encoding="utf-8"))["files"]
    for path in [*_feeds(out), out / "index.html"]:
        assert Path(path).relative_to(out).as_posix() in files
