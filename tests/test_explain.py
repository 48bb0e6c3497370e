"""Explanations of impossible forums: the right sessions and rules, minimal, and fixes that work.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

from __future__ import annotations

import pytest
from conftest import forum, room, session
from forumgen import generate_forum, write_xlsx

from forum_scheduler import load_forum
from forum_scheduler.domain import Rule, Unavailability
from forum_scheduler.model.explain import explain, explanation_lines, feasible, only_sessions, relax


def too_big():
    return forum([session("S1", attendance=500), session("S2")], [room("A", 100), room("B", 50)])


def missing_feature():
    return forum(
        [session("S1", needs=["interpretation"]), session("S2")],
        [room("A", 100, features=["webcast"])],
    )


def overbooked_facilitator():
    # ann is free only Tue 11:00-12:00 but facilitates two one-hour sessions; S3 is unrelated.
    return forum(
        [
            session("S1", facilitators=["ann"]),
            session("S2", facilitators=["ann"]),
            session("S3", facilitators=["bob"]),
        ],
        [room("A"), room("B")],
        unavailability=[
            Unavailability("ann", 1, 9 * 60, 12 * 60, row=2),
            Unavailability("ann", 2, 9 * 60, 11 * 60, row=3),
            Unavailability("bob", 1, 9 * 60, 10 * 60, row=4),
        ],
    )


def before_cycle():
    return forum(
        [session(s) for s in ("S1", "S2", "S3", "S4")],
        [room("A"), room("B")],
        rules=[
            Rule("before", "S1", "S2", row=2),
            Rule("before", "S2", "S3", row=3),
            Rule("before", "S3", "S1", row=4),
            Rule("before", "S1", "S4", row=5),
        ],
    )


def plenaries_overflow():
    # Three two-hour plenaries for two three-hour days: they cannot each run alone.
    return forum(
        [
            session("P1", 120, kind="plenary"),
            session("P2", 120, kind="plenary"),
            session("P3", 120, kind="plenary"),
            session("S1"),
        ],
        [room("A"), room("B")],
    )


def colliding_pins():
    return forum(
        [
            session("S1", pin_day=1, pin_start=9 * 60, pin_room="A"),
            session("S2", pin_day=1, pin_start=9 * 60, pin_room="A"),
            session("S3"),
        ],
        [room("A"), room("B")],
    )


def busy_only_room():
    # S1 (150 people) fits only room A; bob, its facilitator, is away all Tuesday (row 3), and
    # on Monday A is closed 09:00-10:00 (row 4) and taken 10:00-12:00 by S2 (120 people, so
    # only A, pinned at 10:00). bob's Monday row 2 falls inside S2's time: not needed.
    return forum(
        [
            session("S1", attendance=150, facilitators=["bob"]),
            session("S2", 120, attendance=120, pin_day=1, pin_start=10 * 60),
            session("S3"),
            session("S4", facilitators=["cy"]),
        ],
        [room("A", 200), room("B", 100)],
        unavailability=[
            Unavailability("bob", 1, 10 * 60, 11 * 60, row=2),
            Unavailability("bob", 2, 9 * 60, 12 * 60, row=3),
            Unavailability("A", 1, 9 * 60, 10 * 60, row=4),
            Unavailability("cy", 2, 9 * 60, 10 * 60, row=5),
        ],
    )


CASES = {
    "a session bigger than every room": (too_big, {("session", "S1"), ("capacity", "S1")}),
    "a needed feature no room has": (missing_feature, {("session", "S1"), ("needs", "S1")}),
    "a facilitator booked beyond their time": (
        overbooked_facilitator,
        {
            ("session", "S1"),
            ("session", "S2"),
            ("facilitator", "ann"),
            ("unavailability", 2),
            ("unavailability", 3),
        },
    ),
    "a cycle of before rules": (
        before_cycle,
        {
            ("session", "S1"),
            ("session", "S2"),
            ("session", "S3"),
            ("rule", 2),
            ("rule", 3),
            ("rule", 4),
        },
    ),
    "plenaries that cannot fit": (
        plenaries_overflow,
        {("session", "P1"), ("session", "P2"), ("session", "P3"), ("plenary_alone", None)},
    ),
    "two pins in one room at one time": (
        colliding_pins,
        {("session", "S1"), ("session", "S2"), ("pin", "S1"), ("pin", "S2")},
    ),
    "a facilitator unavailable whenever the only suitable room is free": (
        busy_only_room,
        {
            ("session", "S1"),
            ("session", "S2"),
            ("facilitator", "bob"),
            ("capacity", "S1"),
            ("capacity", "S2"),
            ("pin", "S2"),
            ("unavailability", 3),
            ("unavailability", 4),
        },
    ),
}


def named(explanation):
    return {(i.kind, i.key[0] if i.key else None) for i in explanation.items}


@pytest.mark.parametrize("case", sorted(CASES))
def test_explanation_names_the_conflict_and_nothing_else(case):
    build, expected = CASES[case]
    f = build()
    explanation = explain(f)
    assert explanation.status == "infeasible"
    assert explanation.minimal
    assert named(explanation) == expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_explanation_is_minimal_dropping_any_one_item_lets_its_sessions_be_placed(case):
    f = CASES[case][0]()
    explanation = explain(f, verify_fixes=False)
    small = only_sessions(f, explanation.sessions)
    assert feasible(small) is False  # the set is a conflict...
    for item in explanation.items:  # ...and each of its items is needed
        assert feasible(relax(small, [item])) is True, item.text
    if explanation.stand_ins:  # items that clash in several ways: all of them must go
        assert feasible(relax(small, explanation.stand_ins)) is True


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_suggested_fix_makes_the_whole_forum_schedulable(case):
    f = CASES[case][0]()
    explanation = explain(f)
    assert explanation.fixes
    for item in explanation.fixes:
        assert feasible(relax(f, [item])) is True, item.fix


def test_a_clash_with_several_causes_lists_them_all():
    # S1 and S2 are pinned to overlap; they share two facilitators and S2 is a plenary: any of
    # the three makes the overlap illegal, so the explanation must name all three.
    pin = {"pin_day": 1, "pin_start": 9 * 60}
    f = forum(
        [
            session("S1", facilitators=["ann", "bob"], **pin),
            session(
                "S2", kind="plenary", facilitators=["ann", "bob"], pin_day=1, pin_start=9 * 60 + 30
            ),
            session("S3"),
        ],
        [room("A"), room("B")],
    )
    explanation = explain(f)
    assert {(i.kind, i.key[0] if i.key else None) for i in explanation.stand_ins} == {
        ("facilitator", "ann"),
        ("facilitator", "bob"),
        ("plenary_alone", None),
    }
    small = only_sessions(f, explanation.sessions)
    for item in explanation.stand_ins:
        assert feasible(relax(small, [item])) is False, item.text  # one alone is not enough
    assert feasible(relax(small, explanation.stand_ins)) is True
    lines = explanation_lines(explanation)
    assert any("several ways at once" in line for line in lines)


def test_explanation_text_names_rows_and_says_it_is_minimal():
    lines = explanation_lines(explain(before_cycle()))
    assert lines[0] == (
        "These rules conflict: without any one of them, S1, S2, S3 can all be placed together:"
    )
    assert "  - rule before(S1, S2) (Rules row 2)" in lines
    assert "  - make Rules row 4 soft" in lines
    assert not any("S4" in line for line in lines)


@pytest.mark.parametrize("size, seed", [(30, 1), (40, 2), (60, 3)])
def test_a_schedulable_forum_is_never_explained_as_infeasible(tmp_path, size, seed):
    path = tmp_path / "forum.xlsx"
    write_xlsx(generate_forum(size, seed=seed), path)
    assert explain(load_forum([path])).status == "feasible"


def test_a_schedulable_tiny_forum_is_feasible():
    f = forum([session("S1"), session("S2")], [room("A")])
    assert explain(f).status == "feasible"
    assert explanation_lines(explain(f)) == [
        "Every session can be placed under the hard rules: the forum can be scheduled."
    ]


# -- the pre-checks that stop a solve before any search ------------------------------------------
def precheck_messages(f):
    from forum_scheduler.model.precheck import unplaceable

    return [v.message for v in unplaceable(f)]


def test_precheck_a_facilitator_booked_beyond_their_time():
    assert precheck_messages(overbooked_facilitator()) == [
        "ann facilitates 2 sessions of 120 minutes in all (S1, S2) but is available 60 minutes "
        "of the week (Unavailability rows 2, 3)"
    ]


def test_precheck_plenaries_longer_than_the_week():
    # Three two-hour plenaries in two three-hour days fit by total minutes but not by day: the
    # pre-check (a sum) stays silent, and the explanation above finds it.
    assert precheck_messages(plenaries_overflow()) == []
    f = forum([session(f"P{i}", 120, kind="plenary") for i in range(4)], [room("A")])
    assert precheck_messages(f) == [
        "the 4 openings, closings and plenaries last 480 minutes in all and each runs alone, "
        "but the week has 360 minutes outside the breaks (P0, P1, P2, P3)"
    ]


def test_precheck_pins_that_share_a_facilitator_or_a_plenary():
    pin = {"pin_day": 1, "pin_start": 9 * 60}
    shared = forum(
        [
            session("S1", facilitators=["ann"], **pin),
            session("S2", facilitators=["ann"], pin_day=1, pin_start=9 * 60 + 30),
        ],
        [room("A"), room("B")],
    )
    assert precheck_messages(shared) == [
        "S1 (09:00) and S2 (09:30) are pinned to overlap on Mon 04 May, both facilitated by ann"
    ]
    plenary = forum(
        [session("P", kind="plenary", **pin), session("S1", **pin)], [room("A"), room("B")]
    )
    assert precheck_messages(plenary) == [
        "P (09:00) and S1 (09:00) are pinned to overlap on Mon 04 May, and a plenary runs alone"
    ]


def test_precheck_control_nothing_said_of_a_schedulable_forum():
    f = forum(
        [session("S1", facilitators=["ann"]), session("S2", facilitators=["ann"])],
        [room("A")],
        unavailability=[Unavailability("ann", 1, 9 * 60, 12 * 60)],
    )
    assert precheck_messages(f) == []


# -- cases a review found ------------------------------------------------------------------------
def test_the_change_cap_is_part_of_the_explanation_not_ignored():
    # S3 (added) is pinned where S1 was published; --max-changes 0 forbids moving S1.
    from conftest import published

    f = published(
        forum(
            [session("S1"), session("S2"), session("S3", pin_day=1, pin_start=9 * 60)], [room("A")]
        ),
        ("S1", 1, "09:00", "A"),
        ("S2", 1, "10:00", "A"),
        max_changes=0,
    )
    assert feasible(f) is False  # the greedy alone would have said yes: it ignores the cap
    explanation = explain(f)
    assert explanation.status == "infeasible"
    assert ("max_changes", None) in named(explanation)
    assert any(i.kind == "max_changes" for i in explanation.fixes)


def test_a_conflict_with_the_closing_names_the_closing():
    # One day; S's facilitator P is away 09:00-11:00 and the closing C must come last: S has
    # no start before C. The conflict is S, P's absence and C's place, not S's attendance.
    f = forum(
        [session("C", kind="closing"), session("S", facilitators=["P"])],
        [room("A")],
        days=1,
        unavailability=[Unavailability("P", 1, 9 * 60, 11 * 60, row=2)],
    )
    explanation = explain(f)
    kinds = {i.kind for i in explanation.all_items}
    assert "session" in kinds and "unavailability" in kinds
    assert kinds & {"week_shape", "plenary_alone"}
    assert "capacity" not in kinds
    small = only_sessions(f, explanation.sessions)
    assert feasible(small) is False
    for item in explanation.items:
        assert feasible(relax(small, [item])) is True, item.text


def test_precheck_counts_overlapping_breaks_once():
    from forum_scheduler.domain import Break

    # One day 09:00-12:00 with breaks 10:00-11:00 and 10:30-11:00: two free hours, so two
    # one-hour plenaries fit (09:00 and 11:00).
    f = forum(
        [session("P1", kind="plenary"), session("P2", kind="plenary")],
        [room("A")],
        days=1,
        breaks=(Break(600, 660), Break(630, 660)),
    )
    assert precheck_messages(f) == []
    assert explain(f).status == "feasible"


def test_fixes_not_tried_in_time_are_not_said_to_fail():
    from forum_scheduler.model.explain import Explanation, Item

    items = (
        Item("session", ("S1",), "S1 is in the programme", "drop S1"),
        Item("session", ("S2",), "S2 is in the programme", "drop S2"),
    )
    out_of_time = explanation_lines(Explanation("infeasible", items, True, untried=items))
    assert not any("No single change" in line for line in out_of_time)
    assert any("the time ran out before the others were tried" in line for line in out_of_time)
    assert out_of_time[-1] == "  (not tried: drop S1; drop S2)"
    all_tried = explanation_lines(Explanation("infeasible", items, True))
    assert any("No single change of these makes the whole forum" in line for line in all_tried)
