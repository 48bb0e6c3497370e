"""Every calendar the tool writes, read as real clients read it: by icalendar (Python) and by
ical.js (the parser of web calendar clients), on both sides of a daylight-saving change.

The expected local and UTC times are computed here from the programme with zoneinfo, not by
the exporter's code. The calendars are found by walking the output folder, so a new kind of
calendar is covered as soon as it is written.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from clients import icaljs
from exportfixtures import PUBLISH, make_forum, make_programme
from icalendar import Calendar

from forum_scheduler.domain import Programme
from forum_scheduler.export import write_outputs

REPORT = {"status": "OPTIMAL", "objective": 0}
# The forum's week in spring (summer time starts on Sunday 29 March 2026) and in autumn
# (summer time ends on Sunday 25 October 2026): day 1 and day 5 lie on either side.
WEEKS = {"spring": date(2026, 3, 26), "autumn": date(2026, 10, 22)}


def _calendars(folder):
    return sorted(p for p in folder.rglob("*.ics") if "history" not in p.relative_to(folder).parts)


def _expected(forum, programme) -> dict[str, tuple[datetime, datetime]]:
    """Each placed session's start and end as aware datetimes in the forum's zone."""
    zone = ZoneInfo(forum.settings.timezone)
    sessions = {s.session_id: s for s in forum.sessions}
    spans = {}
    for p in programme.placements:
        day = forum.settings.first_day + timedelta(days=p.day - 1)
        start = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(minutes=p.start)
        start = start.replace(tzinfo=None).replace(tzinfo=zone)  # wall clock, not elapsed time
        end = start.replace(tzinfo=None) + timedelta(minutes=sessions[p.session_id].duration)
        spans[p.session_id] = (start, end.replace(tzinfo=zone))
    return spans


@pytest.fixture(params=sorted(WEEKS))
def published(request, tmp_path):
    """A forum published twice: the second time S06 is gone (so cancelled entries exist)."""
    forum = make_forum()
    forum = replace(forum, settings=replace(forum.settings, first_day=WEEKS[request.param]))
    programme = make_programme()
    write_outputs(forum, programme, tmp_path, REPORT, PUBLISH)
    kept = Programme(tuple(p for p in programme.placements if p.session_id != "S06"))
    folder = write_outputs(forum, kept, tmp_path, REPORT, PUBLISH + timedelta(days=1))
    return forum, kept, folder


def test_every_calendar_parses_in_icalendar_with_the_right_times(published):
    forum, programme, folder = published
    expected = _expected(forum, programme)
    offsets = set()
    for path in _calendars(folder):
        cal = Calendar.from_ical(path.read_bytes())
        assert cal.errors == [] and all(not c.errors for c in cal.walk()), path
        assert cal.get_missing_tzids() == set(), path
        for event in cal.walk("VEVENT"):
            sid = str(event["UID"]).split("@")[0]
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            if str(event.get("STATUS")) == "CANCELLED":
                assert sid not in expected, path
                continue
            assert (start, end) == expected[sid], (path, sid)
            assert start.tzinfo is not None and start.utcoffset() == expected[sid][0].utcoffset()
            offsets.add(start.utcoffset())
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}  # both sides of the change


def test_every_calendar_parses_in_icaljs_with_the_right_times(published):
    forum, programme, folder = published
    expected = _expected(forum, programme)
    paths = _calendars(folder)
    assert len(paths) >= 4  # the programme and three facilitators at least
    parsed = icaljs(paths)
    seen, cancelled = set(), set()
    for path in paths:
        calendar = parsed[str(path)]
        assert calendar["method"] == "PUBLISH", path
        assert calendar["timezones"] == [forum.settings.timezone], path
        assert calendar["events"], path
        for event in calendar["events"]:
            sid = event["uid"].split("@")[0]
            if event["status"] == "CANCELLED":
                cancelled.add(sid)
                continue
            start, end = expected[sid]
            assert event["zone"] == forum.settings.timezone, (path, sid)
            assert event["local_start"] == start.strftime("%Y-%m-%dT%H:%M:%S"), (path, sid)
            assert event["local_end"] == end.strftime("%Y-%m-%dT%H:%M:%S"), (path, sid)
            utc = start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            assert event["utc_start"] == utc, (path, sid)
            seen.add(sid)
    assert seen == set(expected)
    assert cancelled == {"S06"}
