"""Every output tells the same story after a hand edit: the change list, the facilitator
messages and the calendars' SEQUENCE all compare with what the calendars last published.

A generated forum of 40 sessions is solved and published once per module; each test edits the
published programme.xlsx by hand, as a planner would in Excel, checks it, and re-solves with
--previous <that workbook> through the command line.
"""

from __future__ import annotations

import json
import shutil

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from publishing import SLUG, STAMP, rows, run

from forum_scheduler import check_programme, load_forum
from forum_scheduler.domain import Placement, Programme, clock
from forum_scheduler.export import read_programme


@pytest.fixture(scope="module")
def first(published_forty):
    return published_forty[1], published_forty[2]


def resolve_from_the_workbook(workbook, out):
    """solve --previous <out>/<slug>/programme.xlsx, as a planner who edited it would."""
    previous = out / SLUG / "programme.xlsx"
    result = run(
        "solve",
        workbook,
        "--out",
        out,
        "--previous",
        previous,
        "--time-limit",
        5,
        "--quiet",
        *STAMP,
    )
    assert result.exit_code == 0, result.output
    return result


def sequences(path) -> dict[str, tuple[int, str]]:
    """session id -> (SEQUENCE, STATUS) of a calendar file's events."""
    cal = Calendar.from_ical(path.read_bytes())
    return {
        str(e["UID"]).split("@")[0]: (int(e["SEQUENCE"]), str(e["STATUS"]))
        for e in cal.walk("VEVENT")
    }


def edit_row(book, sid, **cells):
    """Change cells of session `sid`'s row in programme.xlsx, as a planner would."""
    wb = load_workbook(book)
    ws = wb["Programme"]
    header = [c.value for c in ws[1]]
    for line in ws.iter_rows(min_row=2):
        if line[header.index("session_id")].value == sid:
            for column, value in cells.items():
                line[header.index(column)].value = value
    wb.save(book)


def assert_outputs_agree(before, folder, output=None):
    """The terminal summary, report.json, changes.csv, changes/<id>.txt and every calendar's
    SEQUENCE tell the same story."""
    changes = {c["session_id"]: c for c in rows(folder / "changes.csv")}
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))["changes"]
    assert [line.split(" ", 1)[0] for line in report["list"]] == list(changes)
    kinds = [c["change"] for c in changes.values()]
    added, cancelled = kinds.count("added"), kinds.count("cancelled")
    assert (report["added"], report["cancelled"]) == (added, cancelled)
    assert report["changed"] == len(changes) - added - cancelled
    told = {p for c in changes.values() for p in c["facilitators"].split(", ") if p}
    assert report["facilitators_to_tell"] == len(told)
    if output is not None:
        assert (
            f"{report['changed']} changed" in output
            and f"{added} added, {cancelled} cancelled; {len(told)} facilitator(s) to tell"
            in output
        )
    for path in [folder / "programme.ics", *sorted((folder / "calendars").glob("*.ics"))]:
        old = (
            sequences(before / path.relative_to(folder))
            if (before / path.relative_to(folder)).exists()
            else {}
        )
        new = sequences(path)
        raised = {sid for sid, seq in new.items() if sid not in old or seq != old[sid]}
        if path.name == "programme.ics":
            assert raised == set(changes), path
        elif path.name.startswith(("theme-", "room-")):  # facilitators are F001...
            assert raised == set(changes) & set(new), path  # each change it holds
        else:
            person = path.stem
            told = {sid for sid, c in changes.items() if person in c["facilitators"].split(", ")}
            assert raised == told, path
            message = folder / "changes" / f"{person}.txt"
            if told:
                text = message.read_text(encoding="utf-8")
                assert all(sid in text for sid in told), person
                # Subscribed calendars follow by themselves; imported files must be imported
                # again: the message says both.
                assert "subscribed" in text and "import the new one again" in text
            else:
                assert not message.exists(), person


def free_room_move(forum, programme):
    """A session that can move to another room at the same time without breaking a rule, and
    that room (the hand move of the first case)."""
    for p in programme.sorted(forum):
        session = forum.session_by_id[p.session_id]
        if session.is_plenary or not session.facilitators or session.pin_room:
            continue
        for room in forum.rooms:
            if room.room_id == p.room_id:
                continue
            moved = Placement(p.session_id, p.day, p.start, room.room_id)
            trial = Programme(
                tuple(moved if q.session_id == p.session_id else q for q in programme.placements)
            )
            if check_programme(forum, trial).ok:
                return p, room
    raise AssertionError("no free room anywhere")


def test_a_hand_move_in_the_workbook_is_a_change_that_every_output_tells(tmp_path, first, out):
    workbook = first[0]
    folder = out / SLUG
    before = tmp_path / "before"
    shutil.copytree(folder, before)
    forum = load_forum([workbook])
    published = read_programme(folder / "programme.csv", forum)
    placement, room = free_room_move(forum, published)
    sid = placement.session_id
    edit_row(folder / "programme.xlsx", sid, room_id=room.room_id, room=room.name, locked=True)

    checked = run("check", folder, workbook)
    assert checked.exit_code == 0, checked.output
    assert f"Checked {folder / 'programme.xlsx'}" in checked.output  # what the planner edited
    assert "Every hard rule holds." in checked.output

    result = resolve_from_the_workbook(workbook, out)
    assert "1 by hand in the edited programme" in result.output
    changes = {c["session_id"]: c for c in rows(folder / "changes.csv")}
    row = changes[sid]
    assert row["origin"] == "programme edit" and "room" in row["change"]
    assert (row["old_room_id"], row["new_room_id"]) == (placement.room_id, room.room_id)
    for person in forum.session_by_id[sid].facilitators:
        text = (folder / "changes" / f"{person}.txt").read_text(encoding="utf-8")
        assert sid in text and room.name in text
        assert sequences(folder / "calendars" / f"{person}.ics")[sid] == (1, "CONFIRMED")
    assert_outputs_agree(before, folder, result.output)


def test_a_rejected_hand_edit_is_undone_and_no_message_names_the_edited_place(tmp_path, first, out):
    workbook = first[0]
    folder = out / SLUG
    before = tmp_path / "before"
    shutil.copytree(folder, before)
    forum = load_forum([workbook])
    published = read_programme(folder / "programme.csv", forum)
    # Put a session on top of another one in its room: check rejects it.
    ordered = [
        p
        for p in published.sorted(forum)
        if not forum.session_by_id[p.session_id].pin_day
        and not forum.session_by_id[p.session_id].is_plenary
    ]
    a = ordered[0]
    b = next(
        p
        for p in ordered[1:]
        if p.session_id != a.session_id and forum.session_by_id[p.session_id].facilitators
    )
    edit_row(
        folder / "programme.xlsx",
        b.session_id,
        day=a.day,
        start=clock(a.start),
        room_id=a.room_id,
        room=forum.room_by_id[a.room_id].name,
    )
    checked = run("check", folder, workbook)
    assert checked.exit_code == 1, checked.output
    if a.start != b.start:  # the end left as it was: a warning, and the start wins
        assert "Warning: Programme row" in checked.output

    result = resolve_from_the_workbook(workbook, out)
    changes = {c["session_id"]: c for c in rows(folder / "changes.csv")}
    edited_place = f"{forum.settings.day_label(a.day)} {clock(a.start)}"
    if b.session_id in changes:  # moved elsewhere: said against the published place
        row = changes[b.session_id]
        assert (int(row["old_day"]), row["old_start"], row["old_room_id"]) == (
            b.day,
            clock(b.start),
            b.room_id,
        )
    for message in (folder / "changes").glob("*.txt") if (folder / "changes").exists() else ():
        for line in message.read_text(encoding="utf-8").splitlines():
            if b.session_id in line:
                assert f"was {edited_place}" not in line
    assert_outputs_agree(before, folder, result.output)


def test_without_a_publish_state_the_change_list_compares_with_the_given_file(tmp_path, first, out):
    workbook = first[0]
    folder = out / SLUG
    alone = tmp_path / "elsewhere" / "programme.csv"
    alone.parent.mkdir()
    shutil.copy(folder / "programme.csv", alone)
    result = run(
        "solve",
        workbook,
        "--out",
        tmp_path / "fresh",
        "--previous",
        alone,
        "--time-limit",
        3,
        "--quiet",
        *STAMP,
    )
    assert result.exit_code == 0, result.output
    note = "the output folder holds no publish state (published.json): the change list compares"
    assert result.output.count(note) == 1
    assert f"Changes against {alone}" in result.output


def test_a_fresh_solve_over_a_published_folder_lists_what_moved(tmp_path, first, out):
    workbook = first[0]
    folder = out / SLUG
    before = tmp_path / "before"
    shutil.copytree(folder, before)
    result = run("solve", workbook, "--out", out, "--time-limit", 3, "--seed", 7, "--quiet", *STAMP)
    assert result.exit_code == 0, result.output
    assert f"Changes against {folder / 'published.json'}" in result.output
    assert_outputs_agree(before, folder, result.output)


def test_check_warns_of_a_stale_end_and_takes_the_start(tmp_path, first, out):
    workbook = first[0]
    folder = out / SLUG
    forum = load_forum([workbook])
    p = next(
        p
        for p in read_programme(folder / "programme.csv", forum).sorted(forum)
        if not forum.session_by_id[p.session_id].pin_start
    )
    edit_row(folder / "programme.xlsx", p.session_id, start=clock(p.start + 15))
    checked = run("check", folder, workbook)
    assert checked.exit_code in (0, 1), checked.output  # a check, not bad input
    assert "Warning: Programme row" in checked.output
    assert f"{p.session_id}'s end" in checked.output and "the start wins" in checked.output


def test_what_the_forum_edit_moved_is_a_forum_edit(tmp_path, published_forty, out):
    """The week moved on by seven days and a session made 15 minutes longer: the sessions that
    kept their start, room and place in the week moved by the forum's edit, and an old day is
    numbered in the week it was published in."""
    import copy
    from datetime import timedelta

    from forumgen import write_xlsx

    sheets = copy.deepcopy(published_forty[0])
    for row in sheets["Forum"]:
        if row["setting"] == "first_day":
            row["value"] += timedelta(days=7)
    for row in sheets["Unavailability"]:  # dates move with the week
        if not isinstance(row["day"], int):
            row["day"] += timedelta(days=7)
    longer = next(s for s in sheets["Sessions"] if s["kind"] == "parallel")
    longer["duration_minutes"] += 15
    workbook = tmp_path / "forum.xlsx"
    write_xlsx(sheets, workbook)
    result = run(
        "solve", workbook, "--out", out, "--previous", out / SLUG, "--force", "--effort", 2,
        "--quiet", *STAMP,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "as after the week moved: each session is read by its day number" in result.output
    changes = rows(out / SLUG / "changes.csv")
    assert len(changes) == len(sheets["Sessions"])  # every date changed
    days = {int(c["old_day"]) for c in changes}
    assert days <= set(range(1, 6)), days
    kept = [
        c for c in changes
        if (c["old_day"], c["old_start"], c["old_room_id"])
        == (c["new_day"], c["new_start"], c["new_room_id"])
    ]  # fmt: skip
    assert len(kept) > len(changes) // 2
    assert {c["origin"] for c in kept} == {"forum edit"}
    assert {c["origin"] for c in changes if c not in kept} <= {"re-solve"}
