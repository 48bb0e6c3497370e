"""track_stability (soft): for each theme and each day with at least one of its sessions, every
room its sessions use that day beyond the first costs 1, times the track_stability weight
(default 30).

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
Rooms seat exactly the attendance (10) so that room fit costs nothing. The model tests switch
every soft goal off but the ones they name (`only`), so that the objective derived by hand is
complete.
"""

import pytest
from conftest import forum, only, places, programme, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.domain import Room, Rule

TEN = [room("A", 10), room("B", 10), room("C", 10)]


def themed(n=3, themes=("T",), weights=None, rules=(), rooms=TEN, **changes):
    sessions = [session(f"S{i}", themes=themes) for i in range(1, n + 1)]
    return forum(sessions, rooms, weights=weights, rules=rules, **changes)


# -- through the checker -----------------------------------------------------------------------
def test_checker_counts_the_rooms_beyond_the_first():
    # Theme T on Monday in A, B and C: 3 rooms -> (3 - 1) x 30 = 60.
    report = check_programme(
        themed(),
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B"), ("S3", 1, "11:00", "C")),
    )
    assert report.violations == ()
    penalty = report.penalty("track_stability")
    assert penalty.raw == 2
    assert penalty.weighted == 60
    assert [(o.amount, o.message, o.sessions) for o in penalty.offences] == [
        (
            2,
            "theme T (Theme T) uses 3 rooms on Mon 04 May: Room A (S1), Room B (S2), Room C (S3)",
            ("S1", "S2", "S3"),
        )
    ]
    assert [o.subject for o in penalty.offences] == ["T"]
    assert report.penalty("theme_clash").weighted == 0  # one after the other


def test_checker_counts_rooms_not_sessions():
    # S1 and S2 in A, S3 in B, all on Monday: 2 rooms -> 1 x 30 = 30.
    report = check_programme(
        themed(),
        programme(("S3", 1, "09:00", "B"), ("S2", 1, "10:00", "A"), ("S1", 1, "09:00", "A")),
    )
    penalty = report.penalty("track_stability")
    assert penalty.weighted == 30
    assert [o.message for o in penalty.offences] == [
        "theme T (Theme T) uses 2 rooms on Mon 04 May: Room A (S1, S2), Room B (S3)"
    ]


def test_checker_names_the_rooms_in_order_of_their_names():
    # Room ids and names sort differently: the message follows the names.
    rooms = [
        Room("P", "Popov Room", "ITU", 10),
        Room("C3", "CICG Room 3", "CICG", 10),
        Room("K", "Room K", "ITU", 10),
    ]
    f = themed(4, themes=("GOV",), rooms=rooms)
    report = check_programme(
        f,
        programme(
            ("S1", 2, "09:00", "K"),
            ("S2", 2, "09:00", "C3"),
            ("S3", 2, "10:00", "P"),
            ("S4", 2, "11:00", "C3"),
        ),
    )
    assert [o.message for o in report.penalty("track_stability").offences] == [
        (
            "theme GOV (Theme GOV) uses 3 rooms on Tue 05 May: CICG Room 3 (S2, S4), "
            "Popov Room (S3), Room K (S1)"
        )
    ]
    assert report.penalty("track_stability").weighted == 60


def test_checker_counts_each_day_apart():
    # Monday: S1 in A, S2 in B (2 rooms: 1); Tuesday: S3 in C (1 room: 0). 1 x 30 = 30.
    report = check_programme(
        themed(),
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B"), ("S3", 2, "09:00", "C")),
    )
    assert [o.amount for o in report.penalty("track_stability").offences] == [1]
    assert report.penalty("track_stability").weighted == 30


def test_checker_counts_each_theme_of_a_session():
    # S1 (T, U) in A, S2 (T) in B, S3 (U) in B, all on Monday: T uses A, B (1) and U uses A, B
    # (1): 2 x 30 = 60.
    f = forum(
        [
            session("S1", themes=["T", "U"]),
            session("S2", themes=["T"]),
            session("S3", themes=["U"]),
        ],
        TEN,
    )
    report = check_programme(
        f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B"), ("S3", 1, "11:00", "B"))
    )
    assert [o.message.split(" uses")[0] for o in report.penalty("track_stability").offences] == [
        "theme T (Theme T)",
        "theme U (Theme U)",
    ]
    assert report.penalty("track_stability").weighted == 60


def test_checker_uses_the_weight():
    # 3 rooms on Monday: 2 x weight 7 = 14.
    report = check_programme(
        themed(weights={"track_stability": 7}),
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B"), ("S3", 1, "11:00", "C")),
    )
    assert report.penalty("track_stability").weighted == 14


def test_checker_weight_zero_switches_it_off():
    report = check_programme(
        themed(weights={"track_stability": 0}),
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B"), ("S3", 1, "11:00", "C")),
    )
    assert report.penalty("track_stability").weighted == 0


@pytest.mark.parametrize(
    "prog",
    [
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A"), ("S3", 1, "11:00", "A")),
        programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A"), ("S3", 2, "09:00", "B")),
        programme(("S1", 1, "09:00", "A"), ("S2", 2, "09:00", "B"), ("S3", 2, "10:00", "B")),
    ],
    ids=["one room", "one room per day", "another room on the other day"],
)
def test_checker_control_one_room_per_day(prog):
    report = check_programme(themed(), prog)
    assert report.penalty("track_stability").weighted == 0
    assert report.penalty("track_stability").offences == ()


def test_checker_control_sessions_without_a_shared_theme():
    # S1 (T), S2 (U), S3 (no theme) in three rooms on Monday: each theme uses one room.
    f = forum([session("S1", themes=["T"]), session("S2", themes=["U"]), session("S3")], TEN)
    report = check_programme(
        f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B"), ("S3", 1, "09:00", "C"))
    )
    assert report.penalty("track_stability").weighted == 0


# -- through the model ---------------------------------------------------------------------------
def test_model_unavoidable_second_room_is_priced_by_solver_and_checker_alike():
    # One day 09:00-10:00 (one start), two rooms, S1 and S2 (theme T) must use both: 30.
    result = solve(themed(2, days=1, day_end=10 * 60, weights=only(track_stability=30)))
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == 30
    assert result.check.penalty("track_stability").weighted == 30
    # Weight 0: the goal is off, objective 0.
    off = solve(themed(2, days=1, day_end=10 * 60, weights=only()))
    assert off.status == "optimal"
    assert off.objective == off.solver_objective == 0


def test_model_default_weight_is_thirty():
    weights = only()
    del weights["track_stability"]
    result = solve(themed(2, days=1, day_end=10 * 60, weights=weights))
    assert result.objective == result.solver_objective == 30


def test_model_three_rooms_cost_two():
    # One start, three rooms, three sessions of T: 2 x 30 = 60.
    result = solve(themed(3, days=1, day_end=10 * 60, weights=only(track_stability=30)))
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == 60


def test_model_keeps_the_track_in_one_room_when_it_can():
    # One day 09:00-12:00 (three starts), three rooms: S1..S3 run one after the other in one
    # room: objective 0.
    result = solve(themed(3, days=1, weights=only(track_stability=30)))
    assert result.status == "optimal"
    assert result.objective == result.solver_objective == 0
    assert len({room_id for _, _, room_id in places(result).values()}) == 1


@pytest.mark.parametrize(
    "weight, same_day, objective",
    [
        # Two days of one start (09:00-10:00); S1 pinned to room A, S2 to room B; a soft
        # same_day(S1, S2) worth 20. Same day: two rooms cost 1 x weight; different days: the rule
        # costs 20. Each day is a track of its own, so different days cost no track penalty.
        (30, False, 20),
        (10, True, 10),
        (0, True, 0),
    ],
)
def test_model_counts_each_day_apart(weight, same_day, objective):
    f = forum(
        [session("S1", themes=["T"], pin_room="A"), session("S2", themes=["T"], pin_room="B")],
        TEN,
        rules=(Rule("same_day", "S1", "S2", hard=False, weight=20, row=2),),
        day_end=10 * 60,
        weights=only(track_stability=weight),
    )
    result = solve(f)
    assert result.status == "optimal"
    at = places(result)
    assert (at["S1"][0] == at["S2"][0]) is same_day
    assert result.objective == result.solver_objective == objective


@pytest.mark.parametrize(
    "weight, one_room, objective",
    [
        # One day 09:00-11:00 (starts 09:00, 10:00). Rooms A (10 seats) and B (20); S3 (no theme)
        # is pinned to A at 09:00. S1 and S2 (theme T, 10 expected each), theme_clash 10, room_fit 1.
        # Apart in time, one of them takes B at 09:00 (10 empty seats); the other at 10:00 in
        # B: 10 more empty seats (20 in all, one room), or in A: 0 seats but two rooms
        # (10 + weight). Both at 10:00 would cost a 60-minute clash (600).
        (30, True, 20),  # 20 < 40: one room, B
        (5, False, 15),  # 15 < 20: A and B
        (0, False, 10),  # the goal is off
    ],
)
def test_model_the_goal_changes_the_programme(weight, one_room, objective):
    f = forum(
        [
            session("S1", themes=["T"]),
            session("S2", themes=["T"]),
            session("S3", pin_day=1, pin_start=9 * 60, pin_room="A"),
        ],
        [room("A", 10), room("B", 20)],
        days=1,
        day_end=11 * 60,
        weights=only(track_stability=weight, theme_clash=10, room_fit=1),
    )
    result = solve(f)
    assert result.status == "optimal"
    at = places(result)
    assert at["S3"] == (1, "09:00", "A")
    assert {at["S1"][1], at["S2"][1]} == {"09:00", "10:00"}
    assert (at["S1"][2] == at["S2"][2]) is one_room
    if one_room:
        assert at["S1"][2] == "B"
    assert result.objective == result.solver_objective == objective
    assert result.check.penalty("track_stability").weighted == (0 if one_room else weight)


@pytest.mark.parametrize(
    "pins, objective",
    [
        # Every session pinned (day, start, room), so the solver only settles its track variables;
        # what it counts must be exactly what the checker counts. S1 (T, U), S2 (T), S3 (U), S4 (T).
        # Monday T in A, B, C (2), U in A, C (1): 3 x 30.
        ([(1, 9 * 60, "A"), (1, 9 * 60, "B"), (1, 10 * 60, "C"), (1, 11 * 60, "C")], 90),
        # Monday T in A, B (1), U in A (0); Tuesday U in C, T in C (0): 30.
        ([(1, 9 * 60, "A"), (1, 9 * 60, "B"), (2, 9 * 60, "C"), (2, 10 * 60, "C")], 30),
        # Monday all in A; Tuesday U alone in C: 0.
        ([(1, 9 * 60, "A"), (1, 10 * 60, "A"), (2, 9 * 60, "C"), (1, 11 * 60, "A")], 0),
    ],
)
def test_model_solver_counts_what_the_checker_counts_for_a_fixed_programme(pins, objective):
    themes = [["T", "U"], ["T"], ["U"], ["T"]]
    sessions = [
        session(f"S{i}", themes=themes[i - 1], pin_day=d, pin_start=t, pin_room=r)
        for i, (d, t, r) in enumerate(pins, start=1)
    ]
    result = solve(forum(sessions, TEN, weights=only(track_stability=30)))
    assert result.status == "optimal"
    assert result.check.penalty("track_stability").weighted == objective
    assert result.objective == result.solver_objective == objective


def test_checker_leaves_plenaries_out_of_tracks():
    # The plenary P of theme T is in the hall H, the parallel sessions S1 and S2 of T in room A:
    # the track holds one room (A), so nothing to pay; moving S2 to B costs 1 room.
    f = forum(
        [
            session("P", kind="plenary", themes=["T"]),
            session("S1", themes=["T"]),
            session("S2", themes=["T"]),
        ],
        [room("H", 100), room("A"), room("B")],
        weights=only(track_stability=30),
    )
    kept = programme(("P", 1, "09:00", "H"), ("S1", 1, "10:00", "A"), ("S2", 1, "11:00", "A"))
    assert check_programme(f, kept).penalty("track_stability").weighted == 0
    split = programme(("P", 1, "09:00", "H"), ("S1", 1, "10:00", "A"), ("S2", 1, "11:00", "B"))
    assert check_programme(f, split).penalty("track_stability").weighted == 30


@pytest.mark.parametrize(
    "where",
    [
        {"S1": (1, 540, "A"), "S2": (1, 600, "A"), "S3": (2, 540, "B")},
        {"S1": (1, 540, "A"), "S2": (1, 600, "B"), "S3": (1, 660, "C")},
        {"S1": (1, 540, "A"), "S2": (2, 600, "B"), "S3": (2, 660, "C")},
    ],
)
def test_model_settles_its_tracks_from_the_placements_as_the_checker_counts(where):
    # The encoding's track literals are forced up by clauses and held down only by the cost:
    # completing a programme sets them from the placements, exactly as the checker counts.
    from ortools.sat.python import cp_model

    from forum_scheduler.constraints.registry import CONSTRAINTS
    from forum_scheduler.domain import Placement, Programme
    from forum_scheduler.model.encoding import Encoding

    f = themed(3, weights=only(track_stability=30))
    enc = Encoding(f, list(CONSTRAINTS))
    for constraint in CONSTRAINTS:
        constraint.encode(enc)
    placements = {sid: Placement(sid, d, t, r) for sid, (d, t, r) in where.items()}
    values = {}
    for settle in enc.settlers:
        values.update({var.index: value for var, value in settle(placements)})
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    for var_index, value in values.items():
        enc.model.add(enc.model.get_bool_var_from_proto_index(var_index) == int(value))
    for sid, p in placements.items():
        enc.model.add(enc.y[sid][(p.day, p.start)] == 1)
        enc.model.add(enc.z[sid][p.room_id] == 1)
    assert solver.solve(enc.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)  # consistent
    cost = sum(solver.value(e) for cid, e in enc.objective if cid == "track_stability")
    expected = check_programme(f, Programme(tuple(placements.values())))
    assert cost == expected.penalty("track_stability").weighted
    assert values  # the tracks had literals to settle
