"""Re-publishing: SEQUENCE, cancelled sessions, published.json and history/ (DESIGN.md section 5)."""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from exportfixtures import ODD_ID, PUBLISH, entries, event_blocks, make_forum, make_programme
from icalendar import Calendar

from forum_scheduler.domain import Placement, Programme
from forum_scheduler.errors import OutputError
from forum_scheduler.export import write_outputs
from forum_scheduler.export.ical import calendar_file_names
from forum_scheduler.export.publish import next_state, read_state, state_json, write_state

export = importlib.import_module("forum_scheduler.export")
REPORT = {"status": "OPTIMAL", "objective": 3}
SLUG = "forum-week-2026"
LATER = PUBLISH + timedelta(days=1)
LATEST = PUBLISH + timedelta(days=2)
NAMES = calendar_file_names(["anna", "bob", ODD_ID, "idle"])


def _publish(root, programme=None, when=PUBLISH, forum=None, **kwargs):
    programme = make_programme() if programme is None else programme
    return write_outputs(forum or make_forum(), programme, root, REPORT, when, **kwargs)


def _without(*session_ids):
    return Programme(
        tuple(p for p in make_programme().placements if p.session_id not in session_ids)
    )


def _moved(session_id, **changes):
    return Programme(
        tuple(
            dataclasses.replace(p, **changes) if p.session_id == session_id else p
            for p in make_programme().placements
        )
    )


def _snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _published(snapshot):
    """What history/ keeps of a folder's files."""
    return {p: b for p, b in snapshot.items() if p.parts[0] != "sessions"}


def _calendar_files(folder):
    """The published calendars (history/ left out) as bytes: the feeds and the sessions'."""
    paths = [folder / "programme.ics", *sorted((folder / "calendars").glob("*.ics"))]
    paths += sorted((folder / "sessions").glob("*.ics"))
    return {p.relative_to(folder): p.read_bytes() for p in paths}


def _events(path):
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def _cal(folder, fid):
    return folder / "calendars" / NAMES[fid]


def _state(folder):
    return json.loads((folder / "published.json").read_text(encoding="utf-8"))


def test_first_publish_gives_sequence_0_and_a_deterministic_state(tmp_path):
    out = _publish(tmp_path)
    files = [out / "programme.ics", *sorted((out / "calendars").glob("*.ics"))]
    for path in files:
        for event in _events(path).values():
            assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED", path
            assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED") == PUBLISH, path
    text = (out / "published.json").read_bytes().decode("utf-8")
    state = json.loads(text)
    assert text == json.dumps(state, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert state["version"] == 1
    assert sorted(state["sessions"]) == ["S01", "S02", "S03", "S04", "S05", "S06"]
    s02 = state["sessions"]["S02"]
    assert s02["sequence"] == 0 and s02["status"] == "CONFIRMED"
    assert s02["modified"] == "2026-03-01T12:30:15Z"
    assert s02["facilitators"] == ["bob", ODD_ID]
    assert s02["start"] == "2026-03-26T10:30:00" and s02["end"] == "2026-03-26T12:00:00"
    assert s02["room_id"] == "R2" and s02["summary"] == "Health data"
    assert re.fullmatch("[0-9a-f]{64}", s02["fingerprint"])
    assert not (out / "history").exists()


def test_republishing_the_same_programme_rewrites_identical_calendars(tmp_path):
    out = _publish(tmp_path)
    before, state = _calendar_files(out), _state(out)
    _publish(tmp_path, when=LATER)
    assert _calendar_files(out) == before
    again = _state(out)
    assert again.pop("version") == 2 and state.pop("version") == 1
    again.pop("files"), state.pop("files")  # the workbook carries the publish time
    assert again == state
    assert entries(tmp_path) == [SLUG]


def test_same_inputs_and_state_give_byte_identical_outputs(tmp_path):
    for root in (tmp_path / "a", tmp_path / "b"):
        _publish(root)
        _publish(root, _moved("S03", start=11 * 60), when=LATER)
    left, right = _snapshot(tmp_path / "a" / SLUG), _snapshot(tmp_path / "b" / SLUG)
    assert left == right
    assert {"programme.csv", "programme.xlsx", "history/001/programme.xlsx"} <= {
        str(p) for p in left
    }


def test_moving_a_session_raises_only_its_sequence(tmp_path):
    out = _publish(tmp_path)
    blocks = event_blocks(out / "programme.ics")
    anna = event_blocks(_cal(out, "anna"))
    untouched = {fid: _cal(out, fid).read_bytes() for fid in ("bob", ODD_ID)}
    _publish(tmp_path, _moved("S03", day=3, start=14 * 60 + 30), when=LATER)
    after = event_blocks(out / "programme.ics")
    assert {k: v for k, v in after.items() if k != "S03"} == {
        k: v for k, v in blocks.items() if k != "S03"
    }
    s03 = _events(out / "programme.ics")["S03"]
    assert s03["SEQUENCE"] == 1 and s03["STATUS"] == "CONFIRMED"
    assert s03.decoded("DTSTAMP") == s03.decoded("LAST-MODIFIED") == LATER
    assert s03.decoded("DTSTART").replace(tzinfo=None) == datetime(2026, 3, 28, 14, 30)
    mine = event_blocks(_cal(out, "anna"))
    assert mine["S01"] == anna["S01"] and mine["S03"] != anna["S03"]
    assert _events(_cal(out, "anna"))["S03"]["SEQUENCE"] == 1
    assert {fid: _cal(out, fid).read_bytes() for fid in ("bob", ODD_ID)} == untouched
    assert _state(out)["sessions"]["S03"]["modified"] == "2026-03-02T12:30:15Z"
    assert _state(out)["sessions"]["S01"]["modified"] == "2026-03-01T12:30:15Z"


def test_moving_to_another_room_raises_the_sequence(tmp_path):
    out = _publish(tmp_path)
    _publish(tmp_path, _moved("S06", room_id="R1"), when=LATER)
    events = _events(out / "programme.ics")
    assert events["S06"]["SEQUENCE"] == 1 and events["S06"]["LOCATION"] == "Room One, ITU HQ"
    assert events["S01"]["SEQUENCE"] == 0


def test_a_removed_session_is_cancelled_once_in_every_calendar_that_held_it(tmp_path):
    out = _publish(tmp_path)
    old = _events(out / "programme.ics")["S02"]
    anna = _cal(out, "anna").read_bytes()
    _publish(tmp_path, _without("S02"), when=LATER)
    for path in (out / "programme.ics", _cal(out, "bob"), _cal(out, ODD_ID)):
        s02 = _events(path)["S02"]
        assert s02["STATUS"] == "CANCELLED" and s02["SEQUENCE"] == 1, path
        assert str(s02["UID"]) == "S02@forum-week-2026"
        assert s02.decoded("DTSTART") == old.decoded("DTSTART")
        assert s02["SUMMARY"] == old["SUMMARY"] and s02["LOCATION"] == old["LOCATION"]
        assert s02.decoded("DTSTAMP") == LATER
    assert _cal(out, "anna").read_bytes() == anna
    order = list(event_blocks(out / "programme.ics"))
    assert order == ["S01", "S03", "S06", "S04", "S05", "S02"]  # tombstones after the programme
    cancelled = _calendar_files(out)
    _publish(tmp_path, _without("S02"), when=LATEST)
    assert _calendar_files(out) == cancelled  # still CANCELLED, same SEQUENCE and DTSTAMP
    entry = _state(out)["sessions"]["S02"]
    assert entry["status"] == "CANCELLED" and entry["sequence"] == 1
    assert entry["modified"] == "2026-03-02T12:30:15Z"
    assert entry["facilitators"] == ["bob", ODD_ID]


def test_a_facilitator_left_with_cancelled_sessions_only_keeps_a_calendar(tmp_path):
    out = _publish(tmp_path)
    _publish(tmp_path, _without("S02", "S04"), when=LATER)
    events = _events(_cal(out, ODD_ID))
    assert sorted(events) == ["S02", "S04"]
    assert all(e["STATUS"] == "CANCELLED" and e["SEQUENCE"] == 1 for e in events.values())
    assert Calendar.from_ical(_cal(out, ODD_ID).read_bytes()).get_missing_tzids() == set()


def test_a_session_that_comes_back_is_confirmed_with_a_higher_sequence(tmp_path):
    out = _publish(tmp_path)
    _publish(tmp_path, _without("S02"), when=LATER)
    _publish(tmp_path, when=LATEST)
    for path in (out / "programme.ics", _cal(out, "bob")):
        s02 = _events(path)["S02"]
        assert s02["STATUS"] == "CONFIRMED" and s02["SEQUENCE"] == 2, path
        assert s02.decoded("DTSTAMP") == LATEST
    assert list(event_blocks(out / "programme.ics")) == ["S01", "S03", "S02", "S06", "S04", "S05"]


def test_an_added_session_gets_sequence_0(tmp_path):
    out = _publish(tmp_path, _without("S06"))
    before = event_blocks(out / "programme.ics")
    added = Programme(make_programme().placements + (Placement("S07", 3, 9 * 60, "K"),))
    _publish(tmp_path, added, when=LATER)
    events = _events(out / "programme.ics")
    for sid in ("S06", "S07"):
        assert events[sid]["SEQUENCE"] == 0 and events[sid].decoded("DTSTAMP") == LATER
    after = event_blocks(out / "programme.ics")
    assert {k: after[k] for k in before} == before
    assert _events(_cal(out, "idle"))["S07"]["SEQUENCE"] == 0


def test_a_title_change_raises_the_sequence(tmp_path):
    out = _publish(tmp_path)
    forum = make_forum()
    sessions = tuple(
        dataclasses.replace(s, title="Opening, renamed") if s.session_id == "S01" else s
        for s in forum.sessions
    )
    _publish(tmp_path, forum=dataclasses.replace(forum, sessions=sessions), when=LATER)
    for path in (out / "programme.ics", _cal(out, "anna")):
        events = _events(path)
        assert events["S01"]["SEQUENCE"] == 1 and events["S01"]["SUMMARY"] == "Opening, renamed"
        assert events["S03"]["SEQUENCE"] == 0 and events["S03"].decoded("DTSTAMP") == PUBLISH


def test_a_description_change_keeps_the_sequence_but_restamps(tmp_path):
    """Clients take a newer DTSTAMP at the same SEQUENCE; only time, room, title, status count."""
    out = _publish(tmp_path)
    forum = make_forum()
    sessions = tuple(
        dataclasses.replace(s, description="New text") if s.session_id == "S05" else s
        for s in forum.sessions
    )
    _publish(tmp_path, forum=dataclasses.replace(forum, sessions=sessions), when=LATER)
    s05 = _events(out / "programme.ics")["S05"]
    assert s05["SEQUENCE"] == 0 and "New text" in str(s05["DESCRIPTION"])
    assert s05.decoded("DTSTAMP") == s05.decoded("LAST-MODIFIED") == LATER


def test_history_keeps_the_previous_versions(tmp_path):
    out = _publish(tmp_path)
    first = _snapshot(out)
    (out / "changes.csv").write_text("session_id\n")
    (out / "changes").mkdir()
    (out / "changes" / "anna.txt").write_text("moved")
    (out / "stale.txt").write_text("not an output")
    _publish(tmp_path, _moved("S03", start=11 * 60), when=LATER)
    second = {p: b for p, b in _snapshot(out).items() if p.parts[0] != "history"}
    kept = _snapshot(out / "history" / "001")
    # sessions/ is left out: each of its files is an event of the snapshot's programme.ics
    assert Path("index.html") in kept and Path("calendars/theme-T-AI.ics") in kept
    assert kept == _published(first) | {
        Path("changes.csv"): b"session_id\n",
        Path("changes/anna.txt"): b"moved",
    }
    assert not (out / "history" / "001" / "stale.txt").exists()
    _publish(tmp_path, when=LATEST)
    assert sorted(os.listdir(out / "history")) == ["001", "002"]
    assert _snapshot(out / "history" / "001") == kept
    assert _snapshot(out / "history" / "002") == _published(second)
    assert json.loads((out / "history" / "002" / "published.json").read_text())["version"] == 2
    assert entries(tmp_path) == [SLUG]


def test_an_old_folder_without_state_goes_to_history_000(tmp_path):
    out = _publish(tmp_path)
    (out / "published.json").unlink()
    before = _snapshot(out)
    _publish(tmp_path, _moved("S03", start=11 * 60), when=LATER)
    assert _snapshot(out / "history" / "000") == _published(before)
    assert _state(out)["version"] == 1
    assert _events(out / "programme.ics")["S03"]["SEQUENCE"] == 0  # nothing to continue from


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00",
        b"[]",
        b'{"version": 1}',
        b'{"version": 1, "sessions": {"S01": {"sequence": "one"}}}',
    ],
)
def test_a_corrupt_state_is_an_output_error_and_changes_nothing(tmp_path, content):
    out = _publish(tmp_path)
    (out / "published.json").write_bytes(content)
    before = _snapshot(out)
    with pytest.raises(OutputError, match=r"published\.json"):
        _publish(tmp_path, _without("S02"), when=LATER)
    assert _snapshot(out) == before
    assert entries(tmp_path) == [SLUG]


def test_a_bad_entry_is_named_in_the_error(tmp_path):
    out = _publish(tmp_path)
    state = _state(out)
    state["sessions"]["S04"]["status"] = "TENTATIVE"
    (out / "published.json").write_text(json.dumps(state), encoding="utf-8")
    with pytest.raises(OutputError, match="session S04: status 'TENTATIVE'"):
        _publish(tmp_path, when=LATER)


def test_failure_while_keeping_history_leaves_the_old_folder(tmp_path, monkeypatch):
    out = _publish(tmp_path)
    before = _snapshot(out)

    def broken(*args, **kwargs):
        raise OSError("no space left")

    monkeypatch.setattr(export, "keep_history", broken)
    with pytest.raises(OutputError, match="no space left"):
        _publish(tmp_path, _without("S02"), when=LATER)
    assert _snapshot(out) == before
    assert entries(tmp_path) == [SLUG]


def test_sequences_give_a_lowest_sequence(tmp_path):
    out = _publish(tmp_path, sequences={"S02": 3})
    assert _events(out / "programme.ics")["S02"]["SEQUENCE"] == 3
    before = _calendar_files(out)
    _publish(tmp_path, when=LATER)
    assert _calendar_files(out) == before
    _publish(tmp_path, _moved("S02", start=11 * 60), when=LATEST)
    assert _events(out / "programme.ics")["S02"]["SEQUENCE"] == 4


def test_state_round_trips_through_published_json(tmp_path):
    forum = make_forum()
    first = next_state(forum, make_programme(), None, PUBLISH)
    second = next_state(forum, _without("S05"), first, LATER)
    write_state(second, tmp_path)
    again = read_state(tmp_path)
    assert again == second
    assert state_json(again) == (tmp_path / "published.json").read_text(encoding="utf-8")
    assert again.entries["S05"].event.modified == LATER.astimezone(UTC)
    assert read_state(tmp_path / "nowhere") is None
