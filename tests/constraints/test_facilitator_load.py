"""facilitator_load (soft): (a) each session of a facilitator above
facilitator_max_sessions_per_day on a day costs 1 (blank: no limit); (b) each pair of a
facilitator's sessions on one day with a gap of 0 or more but below
facilitator_min_pause_minutes costs 1 (0: no pause). Counted per facilitator, times the
facilitator_load weight (default 100).

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
Rooms seat exactly the attendance (10), so room fit costs nothing; the forums built by
`load_forum` switch balanced_days off, since the spread of sessions over the days is not the
point here.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.domain import Rule

TEN = [room("A", 10), room("B", 10), room("C", 10)]
NO_SPREAD = {"balanced_days": 0}


def load_forum(n=3, duration=60, people=("ana",), weights=None, rules=(), **changes):
    sessions = [session(f"S{i}", duration=duration, facilitators=people) for i in range(1, n + 1)]
    return forum(sessions, TEN, weights={**NO_SPREAD, **(weights or {})}, rules=rules, **changes)


def others_are_zero(report):
    return all(p.weighted == 0 for p in report.penalties if p.constraint != "facilitator_load")


# -- through the checker: (a) the daily maximum -------------------------------------------------
THREE_ON_MONDAY = programme(
    ("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A"), ("S3", 1, "11:00", "A")
)


def test_checker_counts_the_sessions_above_the_daily_maximum():
    # ana has 3 sessions on Monday, the maximum is 2: 1 above -> 1 x 100 = 100.
    report = check_programme(load_forum(facilitator_max_sessions_per_day=2), THREE_ON_MONDAY)
    assert report.violations == ()
    penalty = report.penalty("facilitator_load")
    assert penalty.weighted == 100
    assert penalty.raw == 1
    assert [(o.amount, o.message, o.sessions) for o in penalty.offences] == [
        (
            1,
            "ana has 3 sessions on Mon 04 May (S1, S2, S3), 1 above the maximum of 2",
            ("S1", "S2", "S3"),
        )
    ]
    assert [o.subject for o in penalty.offences] == ["ana"]
    assert others_are_zero(report)


def test_checker_counts_each_day_and_each_facilitator_alone():
    # Maximum 1. ana and bob both lead S1-S3; S1 and S2 on Monday, S3 on Tuesday.
    # Monday: 2 sessions, 1 above, for ana and for bob -> 2; Tuesday: 1, not above.
    # 2 x 100 = 200.
    prog = programme(("S1", 1, "09:00", "A"), ("S2", 1, "11:00", "A"), ("S3", 2, "09:00", "A"))
    report = check_programme(
        load_forum(people=("ana", "bob"), facilitator_max_sessions_per_day=1), prog
    )
    penalty = report.penalty("facilitator_load")
    assert [(o.amount, o.message.split(" ")[0]) for o in penalty.offences] == [
        (1, "ana"),
        (1, "bob"),
    ]
    assert penalty.weighted == 200


def test_checker_lists_the_sessions_in_the_order_of_the_day():
    # S3 first, then S1, then S2; maximum 1: 2 above -> 200.
    prog = programme(("S1", 1, "10:00", "A"), ("S2", 1, "11:00", "A"), ("S3", 1, "09:00", "A"))
    penalty = check_programme(load_forum(facilitator_max_sessions_per_day=1), prog).penalty(
        "facilitator_load"
    )
    assert [o.message for o in penalty.offences] == [
        "ana has 3 sessions on Mon 04 May (S3, S1, S2), 2 above the maximum of 1"
    ]
    assert penalty.weighted == 200


@pytest.mark.parametrize(
    "prog",
    [
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A"), ("S3", 2, "09:00", "A")),
        programme(("S1", 2, "09:00", "A"), ("S2", 1, "10:00", "A"), ("S3", 2, "11:00", "A")),
    ],
    ids=["2 then 1", "1 then 2"],
)
def test_checker_control_at_most_the_maximum_each_day(prog):
    report = check_programme(load_forum(facilitator_max_sessions_per_day=2), prog)
    assert report.penalty("facilitator_load").weighted == 0
    assert report.penalty("facilitator_load").offences == ()


def test_checker_control_sessions_of_different_people():
    f = forum(
        [session("S1", facilitators=["ana"]), session("S2", facilitators=["bob"]), session("S3")],
        TEN,
        facilitator_max_sessions_per_day=1,
    )
    assert check_programme(f, THREE_ON_MONDAY).penalty("facilitator_load").weighted == 0


# -- through the checker: (b) the pause ---------------------------------------------------------
def test_checker_counts_a_pause_below_the_minimum():
    # S1 09:00-10:00, S2 10:00-11:00: 0 minutes between them, 30 wanted -> 1 x 100 = 100.
    prog = programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B"))
    report = check_programme(load_forum(2, facilitator_min_pause_minutes=30), prog)
    assert report.violations == ()
    penalty = report.penalty("facilitator_load")
    assert penalty.weighted == 100
    assert [(o.amount, o.message, o.sessions) for o in penalty.offences] == [
        (
            1,
            (
                "ana has 0 minutes between S1 (ends 10:00) and S2 (starts 10:00) on Mon 04 May; "
                "the minimum pause is 30"
            ),
            ("S1", "S2"),
        )
    ]
    assert others_are_zero(report)


def test_checker_orders_the_pair_by_time():
    # S2 09:00-09:30, S1 10:00-11:00: 30 minutes, 60 wanted -> 100, said in time order.
    f = forum(
        [session("S1", facilitators=["ana"]), session("S2", 30, facilitators=["ana"])],
        TEN,
        facilitator_min_pause_minutes=60,
    )
    penalty = check_programme(
        f, programme(("S1", 1, "10:00", "A"), ("S2", 1, "09:00", "A"))
    ).penalty("facilitator_load")
    assert [(o.message, o.sessions) for o in penalty.offences] == [
        (
            (
                "ana has 30 minutes between S2 (ends 09:30) and S1 (starts 10:00) on Mon 04 May; "
                "the minimum pause is 60"
            ),
            ("S2", "S1"),
        )
    ]
    assert penalty.weighted == 100


def test_checker_counts_every_pair_not_only_neighbours():
    # Three 30-minute sessions at 09:00, 09:30, 10:00; pause 60.
    # S1-S2: 0 minutes, S2-S3: 0 minutes, S1-S3: 30 minutes: all three below 60 -> 300.
    prog = programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:30", "A"), ("S3", 1, "10:00", "A"))
    penalty = check_programme(load_forum(3, 30, facilitator_min_pause_minutes=60), prog).penalty(
        "facilitator_load"
    )
    assert [o.sessions for o in penalty.offences] == [("S1", "S2"), ("S1", "S3"), ("S2", "S3")]
    assert [o.message.split(" ")[2] for o in penalty.offences] == ["0", "30", "0"]
    assert penalty.weighted == 300


def test_checker_counts_a_pair_once_per_shared_facilitator():
    # ana and bob both lead S1 and S2, back to back, pause 30: 1 for ana + 1 for bob -> 200.
    prog = programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A"))
    penalty = check_programme(
        load_forum(2, people=("ana", "bob"), facilitator_min_pause_minutes=30), prog
    ).penalty("facilitator_load")
    assert [o.subject for o in penalty.offences] == ["ana", "bob"]
    assert penalty.weighted == 200


@pytest.mark.parametrize(
    "prog",
    [
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:30", "A")),  # exactly the pause: enough
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "11:00", "A")),  # more than the pause
        programme(("S1", 1, "11:00", "A"), ("S2", 2, "09:00", "A")),  # other day
    ],
    ids=["exactly the pause", "longer", "other day"],
)
def test_checker_control_pause_kept(prog):
    report = check_programme(load_forum(2, facilitator_min_pause_minutes=30), prog)
    assert report.penalty("facilitator_load").weighted == 0
    assert report.penalty("facilitator_load").offences == ()


def test_checker_control_overlap_is_not_a_short_pause():
    # S1 09:00-10:00 and S2 09:30-10:30 overlap: a hard facilitator_overlap violation, and a
    # negative gap, which the pause part does not count.
    prog = programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:30", "B"))
    report = check_programme(load_forum(2, facilitator_min_pause_minutes=30), prog)
    assert {v.constraint for v in report.violations} == {"facilitator_overlap"}
    assert report.penalty("facilitator_load").weighted == 0


# -- through the checker: both parts, settings blank, the weight ------------------------------
def test_checker_adds_both_parts():
    # Maximum 2 and pause 30, three back-to-back sessions on Monday:
    # (a) 1 above the maximum; (b) S1-S2 0 minutes, S2-S3 0 minutes, S1-S3 60 (enough): 2.
    # 3 x 100 = 300.
    report = check_programme(
        load_forum(facilitator_max_sessions_per_day=2, facilitator_min_pause_minutes=30),
        THREE_ON_MONDAY,
    )
    penalty = report.penalty("facilitator_load")
    assert sorted(o.amount for o in penalty.offences) == [1, 1, 1]
    assert penalty.raw == 3
    assert penalty.weighted == 300


def test_checker_control_both_settings_blank():
    # No maximum (blank) and no pause (0): three back-to-back sessions cost nothing.
    f = load_forum()
    assert f.settings.facilitator_max_sessions_per_day is None
    assert f.settings.facilitator_min_pause_minutes == 0
    report = check_programme(f, THREE_ON_MONDAY)
    assert report.penalty("facilitator_load").weighted == 0
    assert report.penalty("facilitator_load").offences == ()


def test_checker_uses_the_weight():
    # Same as test_checker_adds_both_parts with weight 7: 3 x 7 = 21; weight 0: nothing.
    settings = {"facilitator_max_sessions_per_day": 2, "facilitator_min_pause_minutes": 30}
    report = check_programme(
        load_forum(weights={"facilitator_load": 7}, **settings), THREE_ON_MONDAY
    )
    assert report.penalty("facilitator_load").weighted == 21
    off = check_programme(load_forum(weights={"facilitator_load": 0}, **settings), THREE_ON_MONDAY)
    assert off.penalty("facilitator_load").weighted == 0
    assert off.objective == 0


# -- through the model ---------------------------------------------------------------------------
SAME_DAY = (Rule("same_day", "S1", "S2", hard=False, weight=50, row=2),)


@pytest.mark.parametrize(
    "weight, same_day, objective",
    [
        # Maximum 1 per day, 2 days; ana leads S1 and S2; a soft same_day(S1, S2) worth 50.
        # Same day: 1 session above the maximum costs the weight; different days: the rule, 50.
        (100, False, 50),  # 100 > 50: different days
        (30, True, 30),  # 30 < 50: same day
        (0, True, 0),  # the goal is off: same day, nothing to pay
    ],
)
def test_model_daily_maximum_sends_sessions_to_different_days(weight, same_day, objective):
    f = load_forum(
        2, rules=SAME_DAY, facilitator_max_sessions_per_day=1, weights={"facilitator_load": weight}
    )
    result = solve(f)
    assert result.status == "optimal"
    at = places(result)
    assert (at["S1"][0] == at["S2"][0]) is same_day
    assert result.objective == result.solver_objective == objective
    assert result.check.penalty("facilitator_load").weighted == (weight if same_day else 0)


def test_model_daily_maximum_alone_spreads_the_sessions():
    # Maximum 1, 2 days, nothing else to weigh: S1 and S2 on different days, objective 0.
    result = solve(load_forum(2, facilitator_max_sessions_per_day=1))
    assert result.status == "optimal"
    at = places(result)
    assert at["S1"][0] != at["S2"][0]
    assert result.objective == result.solver_objective == 0


END_BY_11 = (Rule("end_before", "S2", value=11 * 60, hard=False, weight=50, row=2),)


@pytest.mark.parametrize(
    "weight, starts, objective",
    [
        # One day; S1 pinned to 09:00-10:00; S2 (60 minutes) may start at 10:00, 10:30 or 11:00, and
        # a soft end_before(S2, 11:00) worth 50 wants 10:00, right after S1. Pause 30:
        (100, {"10:30", "11:00"}, 50),  # a 0-minute pause costs 100 > 50: S2 moves away, the rule
        # costs 50
        (40, {"10:00"}, 40),  # 40 < 50: back to back, the short pause costs 40
        (0, {"10:00"}, 0),  # the goal is off: back to back, nothing to pay
    ],
)
def test_model_pause_moves_back_to_back_sessions_apart(weight, starts, objective):
    sessions = [
        session("S1", facilitators=["ana"], pin_start=9 * 60),
        session("S2", facilitators=["ana"]),
    ]
    f = forum(
        sessions,
        TEN,
        rules=END_BY_11,
        days=1,
        facilitator_min_pause_minutes=30,
        weights={"facilitator_load": weight},
    )
    result = solve(f)
    assert result.status == "optimal"
    assert places(result)["S2"][1] in starts
    assert result.objective == result.solver_objective == objective


def test_model_pause_alone_keeps_the_sessions_apart():
    # One day, 09:00-12:00, two 60-minute sessions of ana, pause 60: 09:00 and 11:00 is the only
    # way to keep it (S1, S2 in either order): objective 0.
    result = solve(load_forum(2, days=1, facilitator_min_pause_minutes=60))
    assert result.status == "optimal"
    assert sorted(t for _, t, _ in places(result).values()) == ["09:00", "11:00"]
    assert result.objective == result.solver_objective == 0


def test_model_unavoidable_load_is_priced_by_solver_and_checker_alike():
    # One day of 3 hours, ana leads three 60-minute sessions: they fill the day back to back.
    # Maximum 1: 2 above -> 2; pause 30: S1-S2 and S2-S3 0 minutes (S1-S3 60 is enough) -> 2.
    # 4 x 100 = 400.
    f = load_forum(days=1, facilitator_max_sessions_per_day=1, facilitator_min_pause_minutes=30)
    result = solve(f)
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == 400
    assert result.check.penalty("facilitator_load").weighted == 400
    off = solve(
        load_forum(
            days=1,
            facilitator_max_sessions_per_day=1,
            facilitator_min_pause_minutes=30,
            weights={"facilitator_load": 0},
        )
    )
    assert off.status == "optimal"
    assert off.objective == off.solver_objective == 0


def test_model_counts_a_pair_once_per_shared_facilitator():
    # One day 09:00-11:00: S1 and S2 (both ana's and bob's) fill it back to back.
    # Pause 30: 1 short pause for ana + 1 for bob; maximum 1: 1 above for ana + 1 for bob.
    # 4 x 100 = 400.
    f = load_forum(
        2,
        people=("ana", "bob"),
        days=1,
        day_end=11 * 60,
        facilitator_max_sessions_per_day=1,
        facilitator_min_pause_minutes=30,
    )
    result = solve(f)
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == 400


def test_model_sessions_on_consecutive_days_are_never_short_of_a_pause():
    # A pause longer than the night (12:00 to 09:00 is 1260 minutes): S1 pinned to Monday
    # 11:00-12:00, S2 pinned to 09:00 on either day, and a hard different_day rule puts it on
    # Tuesday. Different days owe no pause, and the solver must agree.
    sessions = [
        session("S1", facilitators=["ana"], pin_day=1, pin_start=11 * 60),
        session("S2", facilitators=["ana"], pin_start=9 * 60),
    ]
    apart = (Rule("different_day", "S1", "S2", row=2),)
    result = solve(forum(sessions, TEN, rules=apart, facilitator_min_pause_minutes=1300))
    assert result.status == "optimal"
    assert {sid: at[:2] for sid, at in places(result).items()} == {
        "S1": (1, "11:00"),
        "S2": (2, "09:00"),
    }
    assert result.objective == result.solver_objective == 0
    # The same long pause on one day: 0 minutes between them costs 100.
    same_day = [
        session("S1", facilitators=["ana"], pin_day=1, pin_start=9 * 60),
        session("S2", facilitators=["ana"], pin_day=1, pin_start=11 * 60),
    ]
    result = solve(forum(same_day, TEN, facilitator_min_pause_minutes=1300, weights=NO_SPREAD))
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == 100
