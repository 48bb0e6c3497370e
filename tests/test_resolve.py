"""Re-solving against a published programme, end to end through the command line.

A generated forum of 40 sessions is solved and published once per module; each test then edits
the forum the way a planner would and re-solves with --previous into a copy of that output.
"""

from __future__ import annotations

import copy

import pytest
from forumgen import write_xlsx
from openpyxl import load_workbook
from publishing import SLUG, STAMP, events, rows, run


@pytest.fixture(scope="module")
def sheets(published_forty):
    return published_forty[0]


@pytest.fixture(scope="module")
def first(published_forty):
    """The published forum: its workbook and its output root."""
    return published_forty[1], published_forty[2]


def resolve(tmp_path, sheets, out, *extra):
    workbook = tmp_path / "edited.xlsx"
    write_xlsx(sheets, workbook)
    result = run(
        "solve",
        workbook,
        "--out",
        out,
        "--previous",
        out / SLUG,
        "--time-limit",
        5,
        "--quiet",
        *STAMP,
        *extra,
    )
    return result, out / SLUG


def tick_locked(book, sid, target):
    """Tick `locked` for session `sid` in a published programme.xlsx, as a planner would."""
    wb = load_workbook(book)
    ws = wb["Programme"]
    header = [c.value for c in ws[1]]
    for line in ws.iter_rows(min_row=2):
        if line[header.index("session_id")].value == sid:
            line[header.index("locked")].value = True
    wb.save(target)


def published(out):
    return {r["session_id"]: r for r in rows(out / SLUG / "programme.csv")}


def test_an_unchanged_forum_moves_nothing_and_rewrites_identical_calendars(tmp_path, sheets, out):
    before = {p.relative_to(out / SLUG): p.read_bytes() for p in (out / SLUG).rglob("*.ics")}
    result, folder = resolve(tmp_path, sheets, out)
    assert result.exit_code == 0, result.output
    assert "0 changed, 0 added, 0 cancelled" in result.output
    after = {p.relative_to(folder): p.read_bytes() for p in folder.glob("*.ics")}
    after |= {p.relative_to(folder): p.read_bytes() for p in (folder / "calendars").glob("*")}
    after |= {p.relative_to(folder): p.read_bytes() for p in (folder / "sessions").glob("*")}
    assert after == before
    assert rows(folder / "changes.csv") == []
    assert (folder / "history" / "001" / "programme.csv").is_file()


def test_a_facilitator_who_drops_a_day_moves_only_their_sessions(tmp_path, sheets, out):
    old = published(out)
    session = next(
        s
        for s in sheets["Sessions"]
        if s["kind"] == "parallel" and s["facilitators"] and not s["day"]
    )
    person = session["facilitators"].split(",")[0].strip()
    day = int(old[session["session_id"]]["day"])
    edited = copy.deepcopy(sheets)
    edited["Unavailability"].append(
        {
            "who": person,
            "day": day,
            "from": None,
            "to": None,
            "strength": "hard",
            "weight": None,
            "note": "ill",
        }
    )
    result, folder = resolve(tmp_path, edited, out)
    assert result.exit_code == 0, result.output
    changes = rows(folder / "changes.csv")
    moved = {c["session_id"] for c in changes}
    assert session["session_id"] in moved
    theirs = {
        s["session_id"]
        for s in sheets["Sessions"]
        if person in [f.strip() for f in (s["facilitators"] or "").split(",")]
        and int(old[s["session_id"]]["day"]) == day
    }
    assert moved == theirs  # nothing else needed to move
    row = next(c for c in changes if c["session_id"] == session["session_id"])
    assert row["old_day"] == str(day) and row["new_day"] != str(day)
    assert person in row["facilitators"]
    assert session["session_id"] in (folder / "changes" / f"{person}.txt").read_text()
    new, previous = events(folder / "programme.ics"), events(folder / "history/001/programme.ics")
    for uid, event in new.items():
        sid = uid.split("@")[0]
        if sid in moved:
            assert event["SEQUENCE"] == previous[uid]["SEQUENCE"] + 1
        else:
            assert event.to_ical() == previous[uid].to_ical()
    assert run("check", folder / "programme.csv", tmp_path / "edited.xlsx").exit_code == 0
    assert "Changes" in load_workbook(folder / "programme.xlsx", read_only=True).sheetnames


def test_a_lock_ticked_in_the_published_workbook_is_honoured(tmp_path, sheets, out):
    """Lock a session in programme.xlsx, then make its place impossible: the re-solve must
    refuse rather than move it."""
    old = published(out)
    session = next(
        s
        for s in sheets["Sessions"]
        if s["kind"] == "parallel" and s["facilitators"] and not s["day"]
    )
    sid, person = session["session_id"], session["facilitators"].split(",")[0].strip()
    edited_book = tmp_path / "published-locked.xlsx"
    tick_locked(out / SLUG / "programme.xlsx", sid, edited_book)
    edited = copy.deepcopy(sheets)
    edited["Unavailability"].append(
        {
            "who": person,
            "day": int(old[sid]["day"]),
            "from": None,
            "to": None,
            "strength": "hard",
            "weight": None,
            "note": None,
        }
    )
    workbook = tmp_path / "edited.xlsx"
    write_xlsx(edited, workbook)
    result = run("solve", workbook, "--out", out, "--previous", edited_book, "--quiet", *STAMP)
    assert result.exit_code == 1
    assert f"{sid} is locked at" in result.output and "unlock it" in result.output
    # Without the tick, the same edit simply moves the session.
    result = run(
        "solve",
        workbook,
        "--out",
        out,
        "--previous",
        out / SLUG,
        "--quiet",
        "--time-limit",
        5,
        *STAMP,
    )
    assert result.exit_code == 0, result.output
    assert sid in {c["session_id"] for c in rows(out / SLUG / "changes.csv")}


def test_a_removed_session_is_cancelled_in_every_calendar_that_held_it(tmp_path, sheets, out):
    edited = copy.deepcopy(sheets)
    gone = next(s for s in edited["Sessions"] if s["kind"] == "parallel" and s["facilitators"])
    edited["Sessions"].remove(gone)
    edited["Rules"] = [
        r for r in edited["Rules"] if gone["session_id"] not in (r["session_a"], r["session_b"])
    ]
    result, folder = resolve(tmp_path, edited, out)
    assert result.exit_code == 0, result.output
    change = next(c for c in rows(folder / "changes.csv") if c["session_id"] == gone["session_id"])
    assert change["change"] == "cancelled" and change["new_day"] == ""
    uid = f"{gone['session_id']}@{SLUG}"
    for path in [folder / "programme.ics"] + [
        folder / "calendars" / f"{p.strip()}.ics" for p in gone["facilitators"].split(",")
    ]:
        event = events(path)[uid]
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["SEQUENCE"] == 1


def test_an_added_session_is_listed_and_published_at_sequence_0(tmp_path, sheets, out):
    edited = copy.deepcopy(sheets)
    template = next(s for s in edited["Sessions"] if s["kind"] == "parallel" and not s["day"])
    edited["Sessions"].append(dict(template, session_id="NEW1", title="A late addition"))
    result, folder = resolve(tmp_path, edited, out)
    assert result.exit_code == 0, result.output
    change = next(c for c in rows(folder / "changes.csv") if c["session_id"] == "NEW1")
    assert change["change"] == "added" and change["old_day"] == ""
    assert events(folder / "programme.ics")[f"NEW1@{SLUG}"]["SEQUENCE"] == 0
    assert "1 added" in result.output


def test_max_changes_refuses_more_forced_moves_than_allowed(tmp_path, sheets, out):
    old = published(out)
    used = sorted(
        (sum(1 for r in old.values() if (r["room_id"], r["day"]) == key), key)
        for key in {(r["room_id"], r["day"]) for r in old.values() if r["kind"] == "parallel"}
    )
    room, day = used[-1][1]  # the room and day with the most sessions: lost that day
    edited = copy.deepcopy(sheets)
    edited["Unavailability"].append(
        {
            "who": room,
            "day": int(day),
            "from": None,
            "to": None,
            "strength": "hard",
            "weight": None,
            "note": None,
        }
    )
    in_room = sorted(sid for sid, r in old.items() if (r["room_id"], r["day"]) == (room, day))
    assert len(in_room) > 1
    result, _ = resolve(tmp_path, edited, out, "--max-changes", 1)
    assert result.exit_code == 1
    assert f"{len(in_room)} published sessions must move" in result.output
    assert "--max-changes allows 1" in result.output


def test_max_changes_without_previous_is_a_usage_error(first):
    result = run("solve", first[0], "--max-changes", 3)
    assert result.exit_code == 2 and "--max-changes needs --previous" in result.output


def test_an_unreadable_previous_programme_exits_2_and_writes_nothing(tmp_path, first):
    bad = tmp_path / "previous.csv"
    bad.write_text("session_id,day,start,room_id\nS001,1,9h,R01\n", encoding="utf-8")
    result = run("solve", first[0], "--previous", bad, "--out", tmp_path / "new")
    assert result.exit_code == 2
    assert "Cannot read the previous programme" in result.output
    assert "row 2, column start" in result.output and "'9h' is not a time of day" in result.output
    assert not (tmp_path / "new").exists()


def test_a_previous_programme_of_another_forum_is_noted(tmp_path, first):
    other = tmp_path / "other.csv"
    other.write_text("session_id,day,start,end,room_id\nX1,1,09:00,10:00,R01\n", encoding="utf-8")
    result = run(
        "solve",
        first[0],
        "--previous",
        other,
        "--out",
        tmp_path / "new",
        "--quiet",
        "--time-limit",
        3,
    )
    assert result.exit_code == 0, result.output
    assert "shares no session id with this forum" in result.output
    assert "1 cancelled" in result.output


def test_a_broken_publish_state_stops_the_run_before_the_search(tmp_path, first, out):
    (out / SLUG / "published.json").write_text("{ not json", encoding="utf-8")
    before = sorted(p.name for p in (out / SLUG).iterdir())
    result = run("solve", first[0], "--out", out, "--previous", out / SLUG, "--time-limit", 30)
    assert result.exit_code == 2
    assert "cannot read the publish state" in result.output
    assert "Solving" not in result.output  # refused before any search
    assert sorted(p.name for p in (out / SLUG).iterdir()) == before


def test_a_lock_ticked_in_the_output_folders_workbook_is_read_with_previous_folder(
    tmp_path, sheets, out
):
    """--previous <folder> reads programme.xlsx, where planners tick `locked`."""
    old = published(out)
    session = next(
        s
        for s in sheets["Sessions"]
        if s["kind"] == "parallel" and s["facilitators"] and not s["day"]
    )
    sid, person = session["session_id"], session["facilitators"].split(",")[0].strip()
    book = out / SLUG / "programme.xlsx"
    tick_locked(book, sid, book)
    edited = copy.deepcopy(sheets)
    edited["Unavailability"].append(
        {
            "who": person,
            "day": int(old[sid]["day"]),
            "from": None,
            "to": None,
            "strength": "hard",
            "weight": None,
            "note": None,
        }
    )
    result, _ = resolve(tmp_path, edited, out)
    assert result.exit_code == 1
    assert f"{sid} is locked at" in result.output


def test_a_new_facilitator_on_a_session_is_a_change_to_send(tmp_path, sheets, out):
    edited = copy.deepcopy(sheets)
    target = next(s for s in edited["Sessions"] if s["kind"] == "parallel" and s["facilitators"])
    before = [p.strip() for p in target["facilitators"].split(",")]
    newcomer = next(
        f["facilitator_id"] for f in edited["Facilitators"] if f["facilitator_id"] not in before
    )
    target["facilitators"] = ", ".join(before + [newcomer])
    result, folder = resolve(tmp_path, edited, out)
    assert result.exit_code == 0, result.output
    change = next(
        c for c in rows(folder / "changes.csv") if c["session_id"] == target["session_id"]
    )
    assert "facilitators" in change["change"]
    assert (folder / "changes" / f"{newcomer}.txt").is_file()


def test_sessions_published_on_a_day_the_week_no_longer_has_move(tmp_path, sheets, out):
    old = published(out)
    edited = copy.deepcopy(sheets)
    # The week loses its last day; pins, absences and day rules of the old week are dropped.
    for row in edited["Forum"]:
        if row["setting"] == "days":
            days = int(row["value"])
            row["value"] = days - 1
    for s in edited["Sessions"]:
        s["day"] = None  # the generated pins refer to the old week
        s["start"] = None
        s["room"] = None
    edited["Unavailability"] = []
    edited["Rules"] = [r for r in edited["Rules"] if r["rule"] not in ("on_day", "not_on_day")]
    result, folder = resolve(tmp_path, edited, out)
    assert result.exit_code == 0, result.output
    gone = {sid for sid, r in old.items() if int(r["day"]) == days}
    changed = {c["session_id"]: c for c in rows(folder / "changes.csv")}
    assert gone and gone <= set(changed)
    assert all(changed[sid]["old_day"] == str(days) for sid in gone)
    assert all(changed[sid]["new_day"] not in ("", str(days)) for sid in gone)


def test_a_facilitator_taken_off_a_session_sees_it_cancelled_in_their_calendar(
    tmp_path, sheets, out
):
    edited = copy.deepcopy(sheets)
    target = next(
        s
        for s in edited["Sessions"]
        if s["kind"] == "parallel" and s["facilitators"] and "," in s["facilitators"]
    )
    people = [p.strip() for p in target["facilitators"].split(",")]
    dropped, kept = people[0], people[1:]
    target["facilitators"] = ", ".join(kept)
    result, folder = resolve(tmp_path, edited, out)
    assert result.exit_code == 0, result.output
    uid = f"{target['session_id']}@{SLUG}"
    before = events(folder / "history" / "001" / "programme.ics")[uid]["SEQUENCE"]
    theirs = events(folder / "calendars" / f"{dropped}.ics")[uid]
    assert str(theirs["STATUS"]) == "CANCELLED" and theirs["SEQUENCE"] == before + 1
    for person in kept:
        still = events(folder / "calendars" / f"{person}.ics")[uid]
        assert str(still["STATUS"]) == "CONFIRMED" and still["SEQUENCE"] == before + 1
    assert "facilitators" in next(
        c["change"] for c in rows(folder / "changes.csv") if c["session_id"] == target["session_id"]
    )


def test_sample_forum_a_facilitator_loses_a_day_only_their_sessions_move(tmp_path):
    """The acceptance case of re-solving on the bundled sample, through the Python API: the
    facilitator's sessions on the lost day move, anything else only for a net gain, and only
    the moved sessions' calendar entries change."""
    from collections import Counter
    from dataclasses import replace
    from datetime import UTC, datetime

    from forum_scheduler import (
        change_list,
        check,
        export,
        load_forum,
        read_previous,
        sample_inputs,
        solve,
        with_baseline,
    )
    from forum_scheduler.domain import Placement, Programme, Unavailability

    forum = load_forum(sample_inputs())
    first = solve(forum, time_limit=5, workers=2)
    folder = export(forum, first, tmp_path, datetime(2026, 5, 1, tzinfo=UTC))
    fixed = {
        f
        for s in forum.sessions
        if s.is_plenary or s.pin_day or s.pin_start
        for f in s.facilitators
    }
    load = Counter(
        (f, p.day)
        for p in first.programme.placements
        for f in forum.session_by_id[p.session_id].facilitators
        if f not in fixed
    )
    (person, day), _ = min(load.items(), key=lambda item: (-item[1], item[0]))
    theirs = {
        p.session_id
        for p in first.programme.placements
        if p.day == day and person in forum.session_by_id[p.session_id].facilitators
    }
    edited = replace(
        forum, unavailability=forum.unavailability + (Unavailability(person, day, 0, 24 * 60),)
    )
    edited = with_baseline(edited, read_previous(folder, edited))
    again = solve(edited, workers=2)
    assert again.is_schedule and check(edited, again.programme).ok
    moved = {c.session_id for c in change_list(edited, again.programme)}
    assert theirs <= moved
    # Anything else that moved, moved because the programme gains more than the move costs:
    # put back alone, it breaks a hard rule or costs more.
    for sid in moved - theirs:
        entry = edited.baseline.by_session[sid]
        back = Placement(sid, entry.day, entry.start, entry.room_id)
        trial = Programme(
            tuple(back if p.session_id == sid else p for p in again.programme.placements)
        )
        report = check(edited, trial)
        assert not report.ok or report.objective > again.objective, sid
    before = events(folder / "programme.ics")
    export(edited, again, tmp_path, datetime(2026, 5, 2, tzinfo=UTC))
    after = events(folder / "programme.ics")
    for uid, event in after.items():
        if uid.split("@")[0] in moved:
            assert event["SEQUENCE"] == before[uid]["SEQUENCE"] + 1
        else:
            assert event.to_ical() == before[uid].to_ical()
