"""max_changes: with --max-changes N, a re-solve moves at most N published sessions.

Default tiny forum: 2 days (Mon 04 May, Tue 05 May 2026), 09:00-12:00, 30-minute slots.
"""

from conftest import forum, only, programme, published, room, session, solve

from forum_scheduler.check import check_programme
from forum_scheduler.constraints.changes import moves


def clashing(cap):
    """Three sessions of one theme were published side by side at 09:00 on Monday; theme
    clash wants two of them elsewhere, changes cost nothing."""
    f = forum(
        [session(s, themes=["T"]) for s in ("S1", "S2", "S3")],
        [room("A"), room("B"), room("C")],
        weights=only(theme_clash=1),
    )
    return published(
        f,
        ("S1", 1, "09:00", "A"),
        ("S2", 1, "09:00", "B"),
        ("S3", 1, "09:00", "C"),
        max_changes=cap,
    )


def test_checker_reports_too_many_moves():
    f = clashing(1)
    report = check_programme(
        f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B"), ("S3", 1, "11:00", "C"))
    )
    assert [v.constraint for v in report.violations] == ["max_changes"]
    assert report.violations[0].message == (
        "2 published sessions move (S2, S3), more than the 1 allowed by --max-changes"
    )


def test_checker_control_within_the_cap():
    f = clashing(2)
    report = check_programme(
        f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "B"), ("S3", 1, "11:00", "C"))
    )
    assert report.violations == ()


def test_model_honours_the_cap():
    result = solve(clashing(1))
    assert result.status == "optimal"
    assert len(moves(clashing(1), result.programme)) == 1
    assert result.objective == 60  # two of the three still overlap for an hour


def test_model_control_without_the_cap_moves_two():
    result = solve(clashing(None))
    assert len(moves(clashing(None), result.programme)) == 2
    assert result.objective == 0


def test_cap_zero_keeps_everything():
    result = solve(clashing(0))
    assert moves(clashing(0), result.programme) == []
    assert result.objective == 120
