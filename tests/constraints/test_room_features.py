"""room_features: a session is held in a room that has every feature it needs.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme


def fired(report):
    return {v.constraint for v in report.violations}


# -- through the checker -----------------------------------------------------------------------
def checker_forum():
    rooms = [room("A", features=["webcast"]), room("B", features=["interpretation", "webcast"])]
    return forum([session("S1", needs=["interpretation", "webcast"]), session("S2")], rooms)


def test_checker_reports_the_missing_feature():
    report = check_programme(
        checker_forum(), programme(("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "B"))
    )
    assert fired(report) == {"room_features"}
    assert [(v.message, v.sessions) for v in report.violations] == [
        ("S1 needs interpretation, which Room A does not have (programme row 2)", ("S1",))
    ]


def test_checker_lists_every_missing_feature():
    rooms = [room("A"), room("B", features=["interpretation", "webcast"])]
    f = forum([session("S1", needs=["webcast", "interpretation"])], rooms)
    report = check_programme(f, programme(("S1", 1, "09:00", "A")))
    assert fired(report) == {"room_features"}
    assert [v.message for v in report.violations] == [
        "S1 needs interpretation, webcast, which Room A does not have (programme row 2)"
    ]


def test_checker_control_session_in_the_equipped_room():
    report = check_programme(
        checker_forum(), programme(("S1", 1, "09:00", "B"), ("S2", 1, "09:00", "A"))
    )
    assert report.violations == ()


# -- through the model ---------------------------------------------------------------------------
def test_model_uses_the_equipped_room_despite_room_fit():
    # A seats 10 (= attendance), B seats 100 and has interpretation.
    # Needing interpretation, S1 must take B: 90 empty seats. Without the need it takes A: 0.
    rooms = [room("A", 10), room("B", 100, features=["interpretation"])]
    result = solve(forum([session("S1", attendance=10, needs=["interpretation"])], rooms))
    assert result.status == "optimal"
    assert places(result)["S1"][2] == "B"
    assert result.objective == 90

    control = solve(forum([session("S1", attendance=10)], rooms))
    assert control.status == "optimal"
    assert places(control)["S1"][2] == "A"
    assert control.objective == 0


def test_model_feature_no_room_has_is_infeasible():
    rooms = [room("A", features=["webcast"]), room("B", features=["interpretation"])]
    f = forum([session("S1", needs=["interpretation", "webcast"]), session("S2")], rooms)
    result = solve(f)
    assert result.status == "infeasible"
    assert result.unplaced == ("S1",)
    assert [r.message for r in result.reasons] == [
        "S1 needs interpretation, webcast, which no room has together"
    ]


def test_model_equipped_room_too_small_is_infeasible():
    rooms = [room("A", 100), room("B", 20, features=["webcast"])]
    result = solve(forum([session("S1", attendance=50, needs=["webcast"])], rooms))
    assert result.status == "infeasible"
    assert result.unplaced == ("S1",)
    assert any("no room is both big enough and so equipped" in r.message for r in result.reasons)
