"""changes: when re-solving, each published session moved costs 3 points for a new time and 1
for a new room, times (1 + its facilitators).

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

import pytest
from conftest import (
    calendars,
    forum,
    only,
    places,
    programme,
    published,
    room,
    session,
    solve,
)

from forum_scheduler.check import check_programme
from forum_scheduler.constraints import changes
from forum_scheduler.domain import Unavailability


def one_session(**weights):
    f = forum(
        [session("S1", facilitators=["ann"])],
        [room("A", 10), room("B", 100)],
        weights=only(**weights),
    )
    return published(f, ("S1", 1, "09:00", "A"))


@pytest.mark.parametrize(
    "where, points",
    [
        (("S1", 1, "09:00", "A"), 0),
        (("S1", 1, "09:00", "B"), 2),  # new room: 1 point x (1 + 1 facilitator)
        (("S1", 2, "09:00", "A"), 6),  # new day: 3 points x 2
        (("S1", 1, "10:00", "A"), 6),  # new start
        (("S1", 2, "10:00", "B"), 8),  # both
    ],
)
def test_checker_counts_change_points(where, points):
    f = one_session(changes=100)
    penalty = changes.penalty(f, programme(where))
    assert penalty.raw == points
    assert penalty.weighted == 100 * points


def test_checker_names_the_move_and_the_people_to_tell():
    f = one_session(changes=100)
    (offence,) = changes.penalty(f, programme(("S1", 2, "10:00", "B"))).offences
    assert offence.message == (
        "S1 moves from Mon 04 May 09:00-10:00 in A to Tue 05 May "
        "10:00-11:00 in B (1 facilitator to tell)"
    )
    assert offence.sessions == ("S1",)


def test_added_and_removed_sessions_cost_nothing():
    f = forum([session("S1"), session("S2")], [room("A")], weights=only(changes=100))
    f = published(f, ("S1", 1, "09:00", "A"), ("S9", 1, "10:00", "A"))  # S9 was removed
    assert changes.penalty(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A"))).raw == 0


def test_no_published_programme_no_penalty():
    f = forum([session("S1")], [room("A")], weights=only(changes=100))
    assert changes.penalty(f, programme(("S1", 2, "10:00", "A"))).raw == 0


# -- through the model ---------------------------------------------------------------------------
def fit_forum(change_weight):
    """S1 (10 people, no facilitator) was published in B (100 seats, 90 empty: room fit 90);
    moving it to A (10 seats) costs one change point."""
    f = forum(
        [session("S1")],
        [room("A", 10), room("B", 100)],
        weights=only(room_fit=1, changes=change_weight),
    )
    return published(f, ("S1", 1, "09:00", "B"))


def test_model_keeps_the_published_place_when_a_change_costs_more():
    result = solve(fit_forum(100))
    assert places(result) == {"S1": (1, "09:00", "B")}
    assert result.objective == 90


def test_model_control_moves_when_the_change_is_worth_it():
    result = solve(fit_forum(50))
    assert places(result) == {"S1": (1, "09:00", "A")}
    assert result.objective == 50
    assert (
        result.solver_penalties["changes"]
        == check_programme(fit_forum(50), result.programme).penalty("changes").weighted
    )


def test_model_prefers_a_new_room_to_a_new_time():
    f = forum(
        [session("S1")],
        [room("A"), room("B")],
        weights=only(changes=100),
        unavailability=[Unavailability("B", 1, 9 * 60, 10 * 60)],
    )
    result = solve(published(f, ("S1", 1, "09:00", "B")))
    assert places(result) == {"S1": (1, "09:00", "A")}
    assert result.objective == 100


def test_model_moves_the_session_with_fewer_facilitators():
    # A grew into a clash: both were published in room A at 09:00; one must move.
    f = forum(
        [session("S1", facilitators=["ann", "bob", "cy"]), session("S2")],
        [room("A"), room("B")],
        weights=only(changes=100),
    )
    result = solve(published(f, ("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "A")))
    assert places(result) == {"S1": (1, "09:00", "A"), "S2": (1, "09:00", "B")}
    assert result.objective == 100


def test_a_move_that_gains_nothing_is_undone():
    from forum_scheduler.model.solve import _undo_needless_moves

    # Nothing prices rooms or times, changes cost 0: every move is neutral. S1 goes back at
    # once; S2 can go back only once S3 has left its published place, which the loop sees.
    f = forum(
        [session("S1"), session("S2"), session("S3")],
        [room("A"), room("B")],
        weights=only(changes=0),
    )
    f = published(f, ("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A"), ("S3", 2, "09:00", "A"))
    moved = programme(("S1", 1, "09:00", "B"), ("S2", 1, "11:00", "A"), ("S3", 1, "10:00", "A"))
    kept = _undo_needless_moves(f, moved)
    assert {p.session_id: (p.day, p.start, p.room_id) for p in kept.placements} == {
        "S1": (1, 540, "A"),
        "S2": (1, 600, "A"),
        "S3": (2, 540, "A"),
    }


# -- a hand edit of the programme file ---------------------------------------------------------
def hand_edited(**weights):
    """S1 was published (its calendars show it) Mon 09:00 in A; the planner moved it by hand
    to Tue 09:00 in B in the programme given to --previous."""
    f = forum(
        [session("S1", facilitators=["ann"])],
        [room("A", 10), room("B", 100), room("C", 100)],
        weights=only(**weights),
    )
    return calendars(published(f, ("S1", 2, "09:00", "B")), ("S1", 1, "09:00", "A"))


@pytest.mark.parametrize(
    "where, points",
    [
        # 1 facilitator: each point counts twice. The edit's place costs only what its
        # facilitator must be told (new day and room: 4 x 2); undoing the edit costs twice the
        # move from the edit; a third place costs both.
        (("S1", 2, "09:00", "B"), 8),
        (("S1", 1, "09:00", "A"), 2 * 8),
        (("S1", 2, "09:00", "A"), 2 * 2 + 6),  # the edit's time, the calendars' room
        (("S1", 1, "10:00", "C"), 2 * 8 + 8),
    ],
)
def test_checker_counts_a_hand_edit_against_both_places(where, points):
    assert changes.penalty(hand_edited(changes=100), programme(where)).raw == points


def test_checker_says_when_a_hand_edit_is_undone():
    (offence,) = changes.penalty(
        hand_edited(changes=100), programme(("S1", 1, "09:00", "A"))
    ).offences
    assert offence.message == (
        "S1's hand edit is undone: the programme given put it Tue 05 May 09:00-10:00 in B, and "
        "it is back where its calendars show it, Mon 04 May 09:00-10:00 in A (no one to tell)"
    )


def test_model_keeps_a_valid_hand_edit_even_where_the_calendars_place_fits_better():
    # Back in A (10 seats) would save B's 90 empty seats, but undoing the planner's edit costs
    # 16 change points x 100, against 8 x 100 for keeping it.
    result = solve(hand_edited(changes=100, room_fit=1))
    assert result.is_schedule
    assert places(result) == {"S1": (2, "09:00", "B")}


def test_model_undoes_a_clashing_hand_edit_rather_than_move_an_untouched_session():
    # One day 09:00-12:00, one room A. S1 (1 facilitator) was published at 11:00; the planner
    # moved it by hand to 09:00, onto S2 (2 facilitators). Undoing the edit costs twice S1's
    # move, 2 x 3 x 2 = 12 points; keeping it means moving S2 (3 x 3 = 9 points) and telling
    # S1's facilitator (3 x 2 = 6): 15. The re-solve undoes the edit.
    f = forum(
        [
            session("S1", facilitators=["ann"]),
            session("S2", facilitators=["bob", "cy"]),
            session("S3"),
        ],
        [room("A")],
        weights=only(changes=100),
        days=1,
        day_end=12 * 60,
    )
    f = published(f, ("S1", 1, "09:00", "A"), ("S2", 1, "09:00", "A"), ("S3", 1, "10:00", "A"))
    f = calendars(f, ("S1", 1, "11:00", "A"), ("S2", 1, "09:00", "A"), ("S3", 1, "10:00", "A"))
    result = solve(f)
    assert result.is_schedule
    assert places(result) == {
        "S1": (1, "11:00", "A"),
        "S2": (1, "09:00", "A"),
        "S3": (1, "10:00", "A"),
    }
