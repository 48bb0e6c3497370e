"""forum-scheduler: timetable a forum week from Excel workbooks with OR-Tools CP-SAT.

The public API, one call per CLI command:

    forum = load_forum(["data/wsis-forum.xlsx", "constraints/wsis-forum.xlsx"])
    result = solve(forum, time_limit=60, seed=0, workers=2)
    if result.is_schedule:
        export(forum, result, "outputs")
    report = check(forum, read_programme("outputs/wsis-forum-2026/programme.csv", forum))

    # After an edit: re-solve against what was published (solve --previous, --max-changes)
    edited = with_baseline(load_forum([...]),
                           read_previous("outputs/wsis-forum-2026", forum, max_changes=5))
    result = solve(edited)
    moved = change_list(edited, result.programme)

    # A new forum: workbooks to fill in (forum-scheduler init)
    write_template("my-forum")  # my-forum/data/forum.xlsx, my-forum/constraints/forum.xlsx
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .changelist import Change, change_list
from .check import CheckReport, check_programme
from .domain import Baseline, Forum, Placement, Programme, baseline_of
from .errors import ForumInputError, ForumSchedulerError, InputIssue, OutputError
from .export import (
    programme_file,
    publish_time_from,
    read_previous,
    read_programme,
    with_published,
    write_outputs,
)
from .export.checked import write_checked
from .model.explain import Explanation, explain, explanation_lines
from .model.solve import Progress, SolveResult, solve_forum
from .report import build_report
from .samples import sample_inputs
from .template import write_template
from .workbook import load_forum, with_baseline

__version__ = "0.1.0"

solve = solve_forum
check = check_programme


def export(
    forum: Forum,
    result: SolveResult,
    out_root: str | Path = "outputs",
    publish_time: datetime | None = None,
    *,
    report: dict | None = None,
    force: bool = False,
) -> Path:
    """Write a solved programme's outputs into `<out_root>/<forum slug>/`, all or nothing.

    The publish time defaults to SOURCE_DATE_EPOCH, else the newest input file's time (so the
    same inputs give the same files); `report` defaults to `build_report(forum, result)`;
    `force` publishes into a folder that another forum published into."""
    if not result.is_schedule or result.programme is None:
        raise ForumSchedulerError(f"there is no schedule to export (status {result.status})")
    stamp = publish_time_from([Path(s) for s in forum.sources], publish_time)
    if forum.published is None:  # the change list compares with what the calendars hold
        forum = with_published(forum, out_root, force=force)
    if report is None:
        report = build_report(forum, result)
    return write_outputs(forum, result.programme, out_root, report, stamp, force=force)


__all__ = [
    "Baseline",
    "Change",
    "CheckReport",
    "Explanation",
    "Forum",
    "ForumInputError",
    "ForumSchedulerError",
    "InputIssue",
    "OutputError",
    "Placement",
    "Programme",
    "Progress",
    "SolveResult",
    "baseline_of",
    "build_report",
    "change_list",
    "check",
    "check_programme",
    "explain",
    "explanation_lines",
    "export",
    "programme_file",
    "load_forum",
    "publish_time_from",
    "read_previous",
    "read_programme",
    "sample_inputs",
    "solve",
    "solve_forum",
    "with_baseline",
    "with_published",
    "write_checked",
    "write_outputs",
    "write_template",
]
