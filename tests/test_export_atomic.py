"""Outputs appear whole or not at all, and the publish time follows DESIGN.md section 5."""

from __future__ import annotations

import importlib
import json
import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from exportfixtures import ODD_ID, PUBLISH, entries, make_forum, make_programme

from forum_scheduler.errors import ForumInputError, OutputError
from forum_scheduler.export import publish_time_from, write_outputs
from forum_scheduler.export.ical import calendar_file_names

# The package's API has a function called `export`, which hides the subpackage as an attribute.
export = importlib.import_module("forum_scheduler.export")
REPORT = {"status": "OPTIMAL", "objective": 12, "penalties": {"room_fit": 12}, "note": "café"}


def _snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_write_outputs_creates_the_full_folder(tmp_path):
    out = write_outputs(make_forum(), make_programme(), tmp_path / "outputs", REPORT, PUBLISH)
    assert out == tmp_path / "outputs" / "forum-week-2026"
    names = {str(p) for p in _snapshot(out)}
    calendars = {f"calendars/{n}" for n in calendar_file_names(["anna", "bob", ODD_ID]).values()}
    calendars |= {f"calendars/theme-{t}.ics" for t in ("T-AI", "T-H", "T-E")}
    calendars |= {f"calendars/room-{r}.ics" for r in ("R1", "R2", "K")}
    calendars |= {f"sessions/S0{i}.ics" for i in range(1, 7)}
    outputs = {"programme.csv", "programme.xlsx", "programme.ics", "report.json", "published.json"}
    assert names == outputs | calendars | {"index.html"}
    text = (out / "report.json").read_text(encoding="utf-8")
    assert text == json.dumps(REPORT, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert entries(tmp_path / "outputs") == ["forum-week-2026"]


def test_rewriting_replaces_the_folder_and_is_reproducible(tmp_path):
    first = _snapshot(write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH))
    out = tmp_path / "forum-week-2026"
    (out / "stale.txt").write_text("from an older run")
    second = _snapshot(write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH))
    current = {p: b for p, b in second.items() if p.parts[0] != "history"}
    # The stale file is gone; a publish over a published folder lists what changed (nothing),
    # in changes.csv and in the workbook's Changes sheet.
    changes, book = Path("changes.csv"), Path("programme.xlsx")
    assert current.keys() == first.keys() | {changes}
    assert current[changes].decode("utf-8").count("\n") == 1  # the header alone
    state = Path("published.json")  # only its version counter moves on
    same = {state, changes, book}
    assert {p: b for p, b in current.items() if p not in same} == {
        p: b for p, b in first.items() if p not in same
    }
    now, then = json.loads(current[state]), json.loads(first[state])
    assert (now.pop("version"), then.pop("version")) == (2, 1)
    assert now.pop("files").keys() == then.pop("files").keys() | {"changes.csv"}
    assert now == then
    assert entries(tmp_path) == ["forum-week-2026"]
    third = _snapshot(write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH))
    again = {p: b for p, b in third.items() if p.parts[0] != "history"}
    assert again[book] == current[book] and again[changes] == current[changes]


@pytest.mark.parametrize("writer", ["write_calendars", "write_xlsx", "write_csv"])
def test_failure_leaves_previous_folder_untouched(tmp_path, monkeypatch, writer):
    out = write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH)
    before = _snapshot(out)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export, writer, broken)
    later = PUBLISH + timedelta(days=1)
    with pytest.raises(OutputError, match="disk full"):
        write_outputs(make_forum(), make_programme(), tmp_path, {"status": "changed"}, later)
    assert _snapshot(out) == before
    assert entries(tmp_path) == ["forum-week-2026"]


def test_failure_on_first_write_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "write_calendars", lambda *a, **k: 1 / 0)
    with pytest.raises(OutputError):
        write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH)
    assert entries(tmp_path) == []


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two renames"])
def test_failure_while_swapping_restores_the_old_folder(tmp_path, monkeypatch, exchange):
    from forum_scheduler.export import folder

    out = write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH)
    before = _snapshot(out)
    real_rename = os.rename

    def rename(src, dst):
        if ".tmp-" in str(src):
            raise OSError("rename refused")
        real_rename(src, dst)

    def refused(a, b):
        raise OSError("rename refused")

    monkeypatch.setattr(folder.os, "rename", rename)
    monkeypatch.setattr(folder, "_exchange", refused if exchange else (lambda a, b: False))
    with pytest.raises(OutputError, match="rename refused"):
        write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH + timedelta(days=1))
    assert _snapshot(out) == before
    assert entries(tmp_path) == ["forum-week-2026"]


def test_a_crash_between_the_two_renames_is_repaired_by_the_next_run(tmp_path):
    """Where folders cannot be exchanged in one step, a run killed between renaming the old
    folder aside and renaming the new one in leaves no output folder: the next run puts the
    old one back (with its history), then publishes over it."""
    out = write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH)
    write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH)
    aside = tmp_path / ".forum-week-2026.old-crashed"
    os.rename(out, aside)  # the state a crash between the two renames leaves
    (tmp_path / ".forum-week-2026.tmp-crashed").mkdir()  # and its half-built folder
    write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH)
    assert sorted(os.listdir(out / "history")) == ["001", "002"]
    assert json.loads((out / "published.json").read_text())["version"] == 3
    assert entries(tmp_path) == ["forum-week-2026"]


def test_temporary_folders_of_killed_runs_are_removed_by_the_next_run(tmp_path):
    out = write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH)
    for name in (".forum-week-2026.tmp-a1b2", ".forum-week-2026.tmp-c3d4"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "programme.csv").write_text("half written")
    write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH)
    assert entries(tmp_path) == [out.name]


def test_history_copies_regular_files_only_and_never_follows_a_link(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the outputs")
    out = write_outputs(make_forum(), make_programme(), tmp_path / "o", REPORT, PUBLISH)
    (out / "report.json").unlink()
    (out / "report.json").symlink_to(secret)
    (out / "calendars" / "link.ics").symlink_to(secret)
    write_outputs(make_forum(), make_programme(), tmp_path / "o", REPORT, PUBLISH)
    snapshot = out / "history" / "001"
    assert not (snapshot / "report.json").exists()
    assert not (snapshot / "calendars" / "link.ics").exists()
    assert all(
        "not for the outputs" not in p.read_text(errors="ignore")
        for p in snapshot.rglob("*")
        if p.is_file()
    )


def test_a_hand_edited_file_is_kept_in_history_under_its_own_name(tmp_path):
    out = write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH)
    published = (out / "programme.csv").read_bytes()
    (out / "programme.xlsx").write_bytes(b"edited by a planner")
    write_outputs(make_forum(), make_programme(), tmp_path, REPORT, PUBLISH)
    snapshot = out / "history" / "001"
    assert (snapshot / "programme.edited.xlsx").read_bytes() == b"edited by a planner"
    assert not (snapshot / "programme.xlsx").exists()  # never an edit shown as published
    assert (snapshot / "programme.csv").read_bytes() == published


def test_another_forum_with_the_same_slug_is_refused_unless_forced(tmp_path):
    first = make_forum()
    write_outputs(first, make_programme(), tmp_path, REPORT, PUBLISH)
    other = replace(first, settings=replace(first.settings, name="Forum_Week 2026"))
    assert other.settings.slug == first.settings.slug
    with pytest.raises(OutputError, match="holds the calendars of 'Forum Week 2026'"):
        write_outputs(other, make_programme(), tmp_path, REPORT, PUBLISH)
    write_outputs(other, make_programme(), tmp_path, REPORT, PUBLISH, force=True)
    state = json.loads((tmp_path / first.settings.slug / "published.json").read_text())
    assert state["forum"]["name"] == "Forum_Week 2026"


def test_publish_time_explicit_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000")
    explicit = datetime(2026, 5, 4, 10, 0, 0, 999999, tzinfo=timezone(timedelta(hours=2)))
    assert publish_time_from([tmp_path], explicit) == datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    naive = datetime(2026, 5, 4, 10, 0)
    assert publish_time_from([], naive) == datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def test_publish_time_from_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    moment = publish_time_from([tmp_path], None)
    assert moment == datetime(2026, 1, 1, tzinfo=UTC)
    assert moment.tzinfo is not None


def test_bad_source_date_epoch_is_an_input_error(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ForumInputError):
        publish_time_from([], None)


def test_publish_time_from_newest_input(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    workbook = tmp_path / "forum.xlsx"
    folder = tmp_path / "constraints"
    folder.mkdir()
    older, newer = folder / "Rules.csv", folder / "Weights.csv"
    lock = folder / ".~lock.Rules.csv#"
    for path in (workbook, older, newer, lock):
        path.write_text("x")
    os.utime(workbook, (1_700_000_000, 1_700_000_000))
    os.utime(older, (1_700_000_100, 1_700_000_100))
    os.utime(newer, (1_700_000_200.75, 1_700_000_200.75))
    os.utime(lock, (1_800_000_000, 1_800_000_000))  # an open editor's lock file is not input
    moment = publish_time_from([workbook, folder], None)
    assert moment == datetime.fromtimestamp(1_700_000_200, UTC)
    assert moment.microsecond == 0 and moment.tzinfo is not None
    assert publish_time_from([workbook], None) == datetime.fromtimestamp(1_700_000_000, UTC)
