"""The random forum generator: deterministic, consistent, and schedulable by construction.

The hidden timetable is verified by a small checker written here, independently of the generator
and of the package, against the hard rules of the input contract.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from datetime import date, time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import forumgen
from forumgen import generate_forum, hidden_programme, write_csv_folder, write_xlsx

CASES = [(50, 0, 5), (150, 1, 5), (300, 2, 5), (80, 3, 3), (60, 4, 2)]


def split(value) -> list[str]:
    return [x.strip() for x in str(value or "").split(",") if x.strip()]


def minutes(value) -> int:
    if isinstance(value, time):
        return value.hour * 60 + value.minute
    h, m = str(value).split(":")
    return int(h) * 60 + int(m)


# --------------------------------------------------------------------------------------------
# An independent checker of a programme against the contract's hard rules
# --------------------------------------------------------------------------------------------


def check(sheets: dict, programme: list[dict]) -> list[str]:
    """Every hard-rule violation of `programme` (rows: session_id, day, start, room_id)."""
    settings = {r["setting"]: r["value"] for r in sheets["Forum"]}
    days, first_day = settings["days"], settings["first_day"]
    day_start, day_end = minutes(settings["day_start"]), minutes(settings["day_end"])
    slot, travel = settings["slot_minutes"], settings["venue_travel_minutes"]
    breaks = [tuple(minutes(t) for t in b.split("-")) for b in settings["breaks"].split(";")]
    rooms = {r["room_id"]: r for r in sheets["Rooms"]}
    sessions = {s["session_id"]: s for s in sheets["Sessions"]}

    def day_number(value) -> int:
        return (value - first_day).days + 1 if isinstance(value, date) else int(value)

    problems = []
    seen = Counter(p["session_id"] for p in programme)
    problems += [f"{sid} placed {n} times" for sid, n in seen.items() if n != 1]
    problems += [f"{sid} not placed" for sid in sessions if sid not in seen]

    place = {}
    for p in programme:
        s = sessions[p["session_id"]]
        day, start = p["day"], minutes(p["start"])
        end = start + s["duration_minutes"]
        place[s["session_id"]] = (day, start, end, p["room_id"])
        sid = s["session_id"]
        if not 1 <= day <= days:
            problems.append(f"{sid} on day {day}")
        if start < day_start or end > day_end:
            problems.append(f"{sid} outside the day's hours")
        if (start - day_start) % slot:
            problems.append(f"{sid} off the slot grid")
        if any(start < b1 and b0 < end for b0, b1 in breaks):
            problems.append(f"{sid} overlaps a break")
        room = rooms[p["room_id"]]
        if s["attendance"] > room["capacity"]:
            problems.append(f"{sid} too big for {room['room_id']}")
        if not set(split(s["needs"])) <= set(split(room["features"])):
            problems.append(f"{sid} lacks a feature in {room['room_id']}")
        if s["day"] is not None and day_number(s["day"]) != day:
            problems.append(f"{sid} not on its pinned day")
        if s["start"] is not None and minutes(s["start"]) != start:
            problems.append(f"{sid} not at its pinned start")
        if s["room"] is not None and s["room"] != p["room_id"]:
            problems.append(f"{sid} not in its pinned room")

    def week(sid, which):  # absolute minutes in the week
        day, start, end, _ = place[sid]
        return (day - 1) * 1440 + (start if which == "start" else end)

    def overlap(a, b):
        return week(a, "start") < week(b, "end") and week(b, "start") < week(a, "end")

    ids = sorted(place)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if place[a][3] == place[b][3] and overlap(a, b):
                problems.append(f"{a} and {b} share a room")
    # Week shape
    for sid, s in sessions.items():
        kind = s["kind"] or "parallel"
        if kind in ("opening", "closing", "plenary"):
            problems += [
                f"{o} runs during {kind} {sid}" for o in ids if o != sid and overlap(sid, o)
            ]
        if kind == "opening":
            if place[sid][0] != 1:
                problems.append(f"opening {sid} not on day 1")
            problems += [
                f"{o} starts before opening {sid} ends"
                for o in ids
                if sessions[o]["kind"] != "opening" and week(o, "start") < week(sid, "end")
            ]
        if kind == "closing":
            if place[sid][0] != days:
                problems.append(f"closing {sid} not on the last day")
            problems += [
                f"{o} ends after closing {sid} starts"
                for o in ids
                if sessions[o]["kind"] != "closing" and week(o, "end") > week(sid, "start")
            ]
    # Facilitators: no overlap, travel time between venues
    mine: dict[str, list[str]] = {}
    for sid, s in sessions.items():
        for f in split(s["facilitators"]):
            mine.setdefault(f, []).append(sid)
    for f, sids in mine.items():
        for i, a in enumerate(sids):
            for b in sids[i + 1 :]:
                if place[a][0] != place[b][0]:
                    continue
                gap = max(week(b, "start") - week(a, "end"), week(a, "start") - week(b, "end"))
                need = travel if rooms[place[a][3]]["venue"] != rooms[place[b][3]]["venue"] else 0
                if gap < need:
                    problems.append(f"{f} cannot be in {a} and {b}")
    # Unavailability (hard rows)
    for u in sheets["Unavailability"]:
        if (u["strength"] or "hard") != "hard":
            continue
        day = day_number(u["day"])
        lo = minutes(u["from"]) if u["from"] is not None else day_start
        hi = minutes(u["to"]) if u["to"] is not None else day_end
        busy = [sid for sid in ids if place[sid][3] == u["who"]] + mine.get(u["who"], [])
        for sid in busy:
            d, start, end, _ = place[sid]
            if d == day and start < hi and lo < end:
                problems.append(f"{sid} during the unavailability of {u['who']}")
    # Rules (hard rows)
    for r in sheets["Rules"]:
        if (r["strength"] or "hard") != "hard":
            continue
        a, b, v, k = r["session_a"], r["session_b"], r["value"], r["rule"]
        ok = _rule_holds(k, a, b, v, place, week, overlap, day_number)
        if not ok:
            problems.append(f"rule {k}({a}, {b or v}) broken")
    return problems


def _rule_holds(k, a, b, v, place, week, overlap, day_number) -> bool:
    """A hard Rules row, checked on the generated programme's places."""
    if k == "before":
        return week(a, "end") <= week(b, "start")
    if k == "same_day":
        return place[a][0] == place[b][0]
    if k == "different_day":
        return place[a][0] != place[b][0]
    if k == "not_parallel":
        return not overlap(a, b)
    if k == "same_room":
        return place[a][3] == place[b][3]
    if k == "back_to_back":
        return week(a, "end") == week(b, "start") and place[a][3] == place[b][3]
    if k == "on_day":
        return place[a][0] == day_number(v)
    if k == "not_on_day":
        return place[a][0] != day_number(v)
    if k == "start_after":
        return place[a][1] >= minutes(v)
    return place[a][2] <= minutes(v)  # end_before


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


def test_same_seed_same_forum_other_seed_other_forum():
    assert generate_forum(80, seed=3) == generate_forum(80, seed=3)
    assert generate_forum(80, seed=3) != generate_forum(80, seed=4)


@pytest.mark.parametrize("n, seed, days", CASES)
def test_sizes(n, seed, days):
    sheets = generate_forum(n, seed=seed, days=days)
    sessions = sheets["Sessions"]
    assert len(sessions) == n
    kinds = Counter(s["kind"] for s in sessions)
    assert kinds["opening"] >= 1 and kinds["closing"] >= 1 and kinds["plenary"] >= 1
    assert {s["duration_minutes"] for s in sessions} <= {45, 60, 90, 105, 120}
    assert len({r["venue"] for r in sheets["Rooms"]}) == 2
    load = Counter(f for s in sessions for f in split(s["facilitators"]))
    assert set(load) == {f["facilitator_id"] for f in sheets["Facilitators"]}
    assert 1 <= min(load.values()) and max(load.values()) <= 8
    assert len(sheets["Themes"]) >= 4
    assert sheets["Unavailability"] and sheets["Rules"]
    assert any(r["strength"] == "soft" for r in sheets["Rules"])
    assert any(u["strength"] == "soft" for u in sheets["Unavailability"])


def test_rooms_scale_with_sessions_and_utilisation():
    rooms = [len(generate_forum(n, seed=0)["Rooms"]) for n in (50, 150, 300)]
    assert rooms[0] < rooms[1] < rooms[2]
    busy = len(generate_forum(150, seed=0, utilisation=0.7)["Rooms"])
    roomy = len(generate_forum(150, seed=0, utilisation=0.3)["Rooms"])
    assert busy < roomy
    assert len(generate_forum(100, seed=0, n_rooms=12)["Rooms"]) == 12
    with pytest.raises(ValueError):
        generate_forum(300, seed=0, n_rooms=2)


@pytest.mark.parametrize("n, seed, days", CASES)
def test_ids_unique_and_references_exist(n, seed, days):
    sheets = generate_forum(n, seed=seed, days=days)
    for sheet, key in [
        ("Rooms", "room_id"),
        ("Themes", "theme_id"),
        ("Facilitators", "facilitator_id"),
        ("Sessions", "session_id"),
    ]:
        ids = [r[key] for r in sheets[sheet]]
        assert len(ids) == len(set(ids)), sheet
    rooms = {r["room_id"] for r in sheets["Rooms"]}
    facilitators = {f["facilitator_id"] for f in sheets["Facilitators"]}
    assert not rooms & facilitators  # one namespace for the `who` column
    themes = {t["theme_id"]: set(split(t["action_lines"])) for t in sheets["Themes"]}
    features = {f for r in sheets["Rooms"] for f in split(r["features"])}
    sessions = {s["session_id"] for s in sheets["Sessions"]}
    for s in sheets["Sessions"]:
        assert split(s["themes"]) and set(split(s["themes"])) <= set(themes)
        covered = set().union(*(themes[t] for t in split(s["themes"])))
        assert set(split(s["action_lines"])) <= covered
        assert set(split(s["facilitators"])) <= facilitators
        assert set(split(s["needs"])) <= features
        assert s["room"] is None or s["room"] in rooms
        assert s["duration_minutes"] % 15 == 0
    for u in sheets["Unavailability"]:
        assert u["who"] in rooms | facilitators
    for r in sheets["Rules"]:
        assert r["session_a"] in sessions and (r["session_b"] is None or r["session_b"] in sessions)
    assert {h["session_id"] for h in hidden_programme(sheets)} == sessions


@pytest.mark.parametrize("n, seed, days", CASES)
def test_hidden_timetable_obeys_every_hard_rule(n, seed, days):
    sheets = generate_forum(n, seed=seed, days=days)
    assert check(sheets, hidden_programme(sheets)) == []


def test_hidden_timetable_keeps_facilitator_pauses_and_daily_maximum():
    sheets = generate_forum(200, seed=5)
    settings = {r["setting"]: r["value"] for r in sheets["Forum"]}
    place = {h["session_id"]: (h["day"], minutes(h["start"])) for h in hidden_programme(sheets)}
    length = {s["session_id"]: s["duration_minutes"] for s in sheets["Sessions"]}
    per_person: dict[str, list[str]] = {}
    for s in sheets["Sessions"]:
        for f in split(s["facilitators"]):
            per_person.setdefault(f, []).append(s["session_id"])
    for sids in per_person.values():
        for day in {place[s][0] for s in sids}:
            todays = sorted((place[s][1], s) for s in sids if place[s][0] == day)
            assert len(todays) <= settings["facilitator_max_sessions_per_day"]
            for (a_start, a), (b_start, _) in zip(todays, todays[1:]):
                assert b_start - (a_start + length[a]) >= settings["facilitator_min_pause_minutes"]


def test_checker_sees_a_broken_timetable():
    """Control: the checker is not vacuous."""
    sheets = generate_forum(60, seed=1)
    programme = hidden_programme(sheets)
    opening = next(s["session_id"] for s in sheets["Sessions"] if s["kind"] == "opening")
    parallel = next(
        p
        for p in programme
        if p["session_id"] != opening
        and next(s for s in sheets["Sessions"] if s["session_id"] == p["session_id"])["kind"]
        == "parallel"
    )
    parallel.update(day=1, start="09:00")
    assert any("opening" in problem for problem in check(sheets, programme))


def test_hidden_rows_are_not_written(tmp_path):
    sheets = generate_forum(50, seed=0)
    write_csv_folder(sheets, tmp_path / "csv")
    names = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert names == sorted(f"{n}.csv" for n in forumgen.SHEET_COLUMNS)
    with open(tmp_path / "csv" / "Forum.csv", encoding="utf-8", newline="") as fh:
        forum = {row["setting"]: row["value"] for row in csv.DictReader(fh)}
    assert forum["first_day"] == "2026-05-04" and forum["day_start"] == "09:00"
    with open(tmp_path / "csv" / "Sessions.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == forumgen.SHEET_COLUMNS["Sessions"]
    assert [r["session_id"] for r in rows] == [s["session_id"] for s in sheets["Sessions"]]
    assert all(r["start"] == "" or len(r["start"]) == 5 for r in rows)


def test_xlsx_has_every_sheet_with_real_cells_and_is_reproducible(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    sheets = generate_forum(50, seed=0)
    write_xlsx(sheets, tmp_path / "a.xlsx")
    write_xlsx(sheets, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert wb.sheetnames == list(forumgen.SHEET_COLUMNS)
    forum = {row[0]: row[1] for row in wb["Forum"].iter_rows(min_row=2, values_only=True)}
    assert forum["day_start"] == time(9, 0)
    assert forum["first_day"].date() == date(2026, 5, 4)
    assert wb["Sessions"].max_row == 51
