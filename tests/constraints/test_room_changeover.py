"""room_changeover: a room gets its changeover minutes between two sessions.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

from dataclasses import replace

import pytest
from conftest import forum, only, places, programme, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.domain import Rule
from forum_scheduler.model.explain import explain
from forum_scheduler.model.precheck import unplaceable


def fired(report):
    return {v.constraint for v in report.violations}


def pair(rooms=None, rules=(), **changes):
    changes.setdefault("room_changeover_minutes", 30)
    return forum([session("S1"), session("S2")], rooms or [room("A")], rules=rules, **changes)


def gaps(result) -> list[int]:
    """Minutes between consecutive sessions of each room and day."""
    out, by = [], {}
    for day, start, room_id in places(result).values():
        hours, minutes = map(int, start.split(":"))
        by.setdefault((room_id, day), []).append((hours * 60 + minutes, 60))
    for items in by.values():
        items.sort()
        out += [b - (a + d) for (a, d), (b, _) in zip(items, items[1:])]
    return out


# -- through the checker -----------------------------------------------------------------------
def test_checker_names_the_room_the_changeover_and_the_two_sessions():
    report = check_programme(pair(), programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A")))
    assert fired(report) == {"room_changeover"}
    assert [(v.message, v.sessions) for v in report.violations] == [
        (
            "Room A needs 30 minutes between sessions (Forum, room_changeover_minutes), but S1 "
            "ends at 10:00 and S2 starts at 10:00 on Mon 04 May (programme rows 2, 3)",
            ("S1", "S2"),
        )
    ]


def test_checker_a_room_of_its_own_overrides_the_forum_setting():
    a = replace(room("A"), changeover=15, row=2)
    report = check_programme(
        pair([a], room_changeover_minutes=0),
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A")),
    )
    assert fired(report) == {"room_changeover"}
    assert "needs 15 minutes between sessions (Rooms row 2, changeover_minutes)" in (
        report.violations[0].message
    )
    # A room with 0 of its own needs none, whatever the Forum sheet says.
    zero = replace(room("A"), changeover=0)
    report = check_programme(
        pair([zero]), programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A"))
    )
    assert report.violations == ()


@pytest.mark.parametrize(
    "prog",
    [
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:30", "A")),  # 30 minutes: enough
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B")),  # other room
        programme(("S1", 1, "09:00", "A"), ("S2", 2, "10:00", "A")),  # other day
    ],
    ids=["enough", "other room", "other day"],
)
def test_checker_control(prog):
    assert check_programme(pair([room("A"), room("B")]), prog).violations == ()


@pytest.mark.parametrize("strength", [True, False], ids=["hard", "soft"])
def test_checker_the_two_parts_of_a_back_to_back_rule_need_no_changeover(strength):
    f = pair(rules=[Rule("back_to_back", "S1", "S2", hard=strength, row=2)])
    report = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A")))
    assert report.violations == ()
    # Not directly after each other: the gap must be the changeover again.
    report = check_programme(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "A")))
    assert "room_changeover" not in fired(report)  # an overlap is room_overlap's to report
    report = check_programme(
        f, programme(("S2", 1, "09:00", "A"), ("S1", 1, "10:00", "A"))
    )  # reversed order: no exemption
    assert "room_changeover" in fired(report)


# -- through the model ---------------------------------------------------------------------------
def test_model_leaves_the_changeover_between_sessions():
    # One day 09:00-11:30, one room, two 60-minute sessions: 09:00 and 10:30 (never 10:00).
    result = solve(pair(days=1, day_end=11 * 60 + 30))
    assert result.is_schedule
    assert gaps(result) == [30]


def test_model_too_little_room_time_for_the_changeover_leaves_one_out():
    # One day 09:00-11:00: two sessions fit back to back, but not with 30 minutes between.
    assert solve(pair(days=1, day_end=11 * 60)).status == "infeasible"
    assert solve(pair(days=1, day_end=11 * 60, room_changeover_minutes=0)).is_schedule


@pytest.mark.parametrize("strength", [True, False], ids=["hard", "soft"])
def test_model_back_to_back_parts_follow_each_other_directly(strength):
    f = pair(
        rules=[Rule("back_to_back", "S1", "S2", hard=strength, weight=100, row=2)],
        days=1,
        day_end=11 * 60,
        weights=only(soft_rules=1000),
    )
    result = solve(f)
    assert result.is_schedule and result.objective == 0
    assert places(result) == {"S1": (1, "09:00", "A"), "S2": (1, "10:00", "A")}


def test_model_per_room_changeover():
    # Room A needs 60 minutes, room B none (its own 0 beats the Forum's 30): in one day
    # 09:00-11:00, three sessions fit only as two back to back in B and one in A.
    a, b = replace(room("A"), changeover=60), replace(room("B"), changeover=0)
    sessions = [session(f"S{i}") for i in (1, 2, 3)]
    f = forum(sessions, [a, b], days=1, day_end=11 * 60, room_changeover_minutes=30)
    result = solve(f)
    assert result.is_schedule
    got = places(result)
    assert sorted(r for _, _, r in got.values()) == ["A", "B", "B"]


# -- before the search and in explanations -------------------------------------------------------
def test_precheck_sessions_pinned_too_close_in_one_room():
    f = forum(
        [
            session("S1", pin_day=1, pin_start=9 * 60, pin_room="A", row=2),
            session("S2", pin_day=1, pin_start=10 * 60, pin_room="A", row=3),
        ],
        room_changeover_minutes=15,
    )
    reasons = unplaceable(f)
    assert [(r.constraint, r.message) for r in reasons] == [
        (
            "room_changeover",
            "S1 (ends 10:00) and S2 (starts 10:00) are pinned to Room A on Mon 04 May with 0 "
            "minutes between them, but the room needs 15 (Forum, room_changeover_minutes) "
            "(Sessions rows 2, 3)",
        )
    ]


def test_explain_names_the_changeover_and_the_fix():
    explanation = explain(pair(days=1, day_end=11 * 60), seconds=10)
    assert explanation.status == "infeasible"
    assert "changeover" in {i.kind for i in explanation.all_items}
    assert any(fix.kind == "changeover" for fix in explanation.fixes)
