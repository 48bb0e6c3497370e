"""locked: when re-solving, a locked session keeps its published day, start and room.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

from conftest import forum, only, places, programme, published, room, session, solve

from forum_scheduler.check import check_programme


def fit_forum(locked=False):
    """Room fit wants S1 (10 people) in room A (10 seats), not B (100 seats)."""
    return forum(
        [session("S1", locked=locked)], [room("A", 10), room("B", 100)], weights=only(room_fit=1)
    )


def test_checker_reports_a_moved_locked_session():
    f = published(fit_forum(locked=True), ("S1", 1, "09:00", "B"))
    report = check_programme(f, programme(("S1", 2, "10:00", "A")))
    assert [v.constraint for v in report.violations] == ["locked"]
    assert report.violations[0].message == (
        "S1 is locked at Mon 04 May 09:00-10:00 in B but is at Tue 05 May 10:00-11:00 in A "
        "(programme row 2)"
    )


def test_checker_control_locked_session_in_place():
    f = published(fit_forum(locked=True), ("S1", 1, "09:00", "B"))
    assert check_programme(f, programme(("S1", 1, "09:00", "B"))).violations == ()


def test_model_keeps_a_locked_session_against_room_fit():
    f = published(fit_forum(locked=True), ("S1", 2, "10:00", "B"))
    assert places(solve(f)) == {"S1": (2, "10:00", "B")}


def test_model_lock_ticked_in_the_published_programme_counts_too():
    f = published(fit_forum(), ("S1", 2, "10:00", "B"), locked=("S1",))
    assert places(solve(f)) == {"S1": (2, "10:00", "B")}


def test_model_control_unlocked_session_moves_to_the_better_room():
    f = published(fit_forum(), ("S1", 2, "10:00", "B"))
    assert places(solve(f))["S1"][2] == "A"


def test_locked_without_a_published_programme_has_no_effect():
    result = solve(fit_forum(locked=True))
    assert places(result)["S1"][2] == "A"


def test_a_locked_place_that_is_no_longer_possible_is_reported():
    from forum_scheduler.domain import Unavailability

    f = forum(
        [session("S1", locked=True, facilitators=["ann"])],
        [room("A"), room("B")],
        unavailability=[Unavailability("ann", 1, 9 * 60, 12 * 60, row=7)],
    )
    result = solve(published(f, ("S1", 1, "09:00", "B")))
    assert result.status == "infeasible"
    assert [r.message for r in result.reasons] == [
        "S1 is locked at Mon 04 May 09:00 in B, but that place now breaks: facilitators only "
        "when available (facilitator_unavailability): ann Mon 04 May 09:00-12:00 "
        "(Unavailability row 7); unlock it or change the rule"
    ]


def test_control_the_same_edit_without_the_lock_moves_the_session():
    from forum_scheduler.domain import Unavailability

    f = forum(
        [session("S1", facilitators=["ann"])],
        [room("A"), room("B")],
        unavailability=[Unavailability("ann", 1, 9 * 60, 12 * 60)],
    )
    assert places(solve(published(f, ("S1", 1, "09:00", "B"))))["S1"][0] == 2
