"""standard_starts: with session_starts set, sessions begin only at those times of day.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

import pytest
from conftest import forum, places, programme, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.domain import Rule
from forum_scheduler.model.explain import explain
from forum_scheduler.model.precheck import unplaceable

NINE, TEN_THIRTY = 9 * 60, 10 * 60 + 30


def fired(report):
    return {v.constraint for v in report.violations}


def blocks(sessions, rooms=None, **changes):
    changes.setdefault("session_starts", (NINE, TEN_THIRTY))
    return forum(sessions, rooms or [room("A"), room("B")], **changes)


# -- through the checker -----------------------------------------------------------------------
def test_checker_names_the_session_its_start_and_the_standard_starts():
    f = blocks([session("S1"), session("S2")])
    report = check_programme(f, programme(("S1", 1, "09:30", "A"), ("S2", 1, "10:30", "B")))
    assert fired(report) == {"standard_starts"}
    assert [(v.message, v.sessions) for v in report.violations] == [
        (
            "S1 starts at 09:30 on Mon 04 May, not at a standard start (09:00, 10:30; Forum, "
            "session_starts) (programme row 2)",
            ("S1",),
        )
    ]


@pytest.mark.parametrize(
    "f",
    [
        blocks([session("S1")], session_starts=()),  # no standard starts: any slot
        blocks([session("S1", pin_start=9 * 60 + 30)]),  # a pin says otherwise
        blocks(  # the second part of a back_to_back rule begins when the first ends
            [session("S0", duration=30), session("S1")],
            rules=[Rule("back_to_back", "S0", "S1", row=2)],
        ),
    ],
    ids=["not set", "pinned start", "back to back"],
)
def test_checker_control_exempt_sessions(f):
    prog = programme(("S0", 1, "09:00", "A"), ("S1", 1, "09:30", "A"))
    prog = programme(("S1", 1, "09:30", "A")) if "S0" not in f.session_by_id else prog
    assert [
        v for v in check_programme(f, prog).violations if v.constraint == "standard_starts"
    ] == []


def test_checker_control_standard_start_on_any_day():
    f = blocks([session("S1"), session("S2")])
    prog = programme(("S1", 2, "10:30", "A"), ("S2", 1, "09:00", "A"))
    assert check_programme(f, prog).violations == ()


# -- through the model ---------------------------------------------------------------------------
def test_model_places_every_session_at_a_standard_start():
    # Four 60-minute sessions, two rooms, two days: 09:00, 10:00 and 11:00 would all fit, but
    # only 09:00 and 10:30 are standard.
    f = blocks([session(f"S{i}") for i in range(1, 5)])
    result = solve(f)
    assert result.is_schedule
    assert {start for _, start, _ in places(result).values()} <= {"09:00", "10:30"}


def test_model_a_week_too_short_for_the_blocks_leaves_a_session_out():
    # One day, one room, starts 09:00 and 10:30: three sessions of 60 minutes fit the hours
    # (09:00, 10:00, 11:00) but not the two blocks.
    f = blocks([session(f"S{i}") for i in (1, 2, 3)], [room("A")], days=1)
    assert solve(f).status == "infeasible"
    control = blocks([session(f"S{i}") for i in (1, 2, 3)], [room("A")], days=1, session_starts=())
    assert solve(control).is_schedule


def test_model_pins_and_back_to_back_followers_keep_their_own_start():
    f = blocks(
        [session("S0", duration=30), session("S1"), session("S2", pin_start=11 * 60)],
        [room("A")],
        days=1,
        rules=[Rule("back_to_back", "S0", "S1", row=2)],
    )
    result = solve(f)
    assert result.is_schedule
    got = places(result)
    assert got["S2"][1] == "11:00" and got["S0"][1] in ("09:00", "10:30")
    assert got["S1"][1] in ("09:30", "11:00")


# -- before the search and in explanations -------------------------------------------------------
def test_precheck_names_the_standard_starts_when_no_start_fits():
    # A 90-minute session cannot start at 11:00 (the day ends at 12:00).
    f = forum([session("S1", duration=90)], session_starts=(11 * 60,))
    reasons = unplaceable(f)
    assert [r.constraint for r in reasons] == ["placement"]
    assert (
        "the rule 'Sessions begin at the standard starts' (standard_starts) leaves it none "
        "by itself" in reasons[0].message
    )
    assert "Forum, session_starts: 11:00" in reasons[0].message


def test_explain_names_the_standard_starts_and_the_fix():
    f = blocks([session(f"S{i}") for i in (1, 2, 3)], [room("A")], days=1)
    explanation = explain(f, seconds=10)
    assert explanation.status == "infeasible"
    kinds = {i.kind for i in explanation.all_items}
    assert "standard_starts" in kinds
    assert any(fix.kind == "standard_starts" for fix in explanation.fixes)
