"""The solve report: report.json's content and the summary printed on the terminal."""

from __future__ import annotations

from .changelist import ADDED, CANCELLED, EDITED, change_list, describe, reference
from .constraints.base import weight_of
from .constraints.registry import SOFT
from .constraints.theme_clash import unavoidable
from .domain import Forum
from .model.solve import SolveResult

WORST = 5  # offenders listed per goal
MAX_UNMET = 12  # unmet items printed on the terminal
ROW_WEIGHTED = ("soft_rules", "soft_unavailability")  # rows may carry their own weight


def build_report(forum: Forum, result: SolveResult) -> dict:
    """A plain dict (JSON-ready) of everything an organiser wants to know about a solve."""
    goals = {}
    if result.check is not None:
        for c in SOFT:
            if c.id == "changes" and forum.baseline is None:
                continue  # only a re-solve has a published programme to stay close to
            penalty = result.check.penalty(c.id)
            offences = sorted(penalty.offences, key=lambda o: (-o.amount, o.sessions))
            # Row-weighted goals: each broken row costs its own weight, so the measure is the
            # number of broken rows and the penalty their weights' sum.
            measure = len(offences) if c.id in ROW_WEIGHTED else penalty.raw
            goals[c.id] = {
                "title": c.title,
                "weight": weight_of(forum, c),
                "measure": measure,
                "penalty": penalty.weighted,
                "offences": len(offences),
                "worst": [o.message for o in offences[:WORST]]
                if weight_of(forum, c) or c.id in ROW_WEIGHTED
                else [],
            }
    if "theme_clash" in goals:
        goals["theme_clash"]["unavoidable"] = _unavoidable_clashes(forum, result)
    unmet = [v.message for v in result.reasons]
    if result.check is not None:
        unmet += [v.message for v in result.check.violations]
    said = {sid for v in unmet_violations(result) for sid in v.sessions}
    unmet += [f"{sid} could not be placed" for sid in result.unplaced if sid not in said]
    gap = result.gap
    report = {
        "notes": notes(forum),
        "forum": forum.settings.name,
        "sessions": len(forum.sessions),
        "rooms": len(forum.rooms),
        "days": forum.settings.days,
        "status": result.status,
        "schedule": result.is_schedule,
        "objective": result.objective,
        "solver_objective": result.solver_objective,
        "best_bound": result.best_bound,
        "gap": None if gap is None else round(gap, 6),
        "solve_seconds": round(result.wall_time, 2),
        "first_solution_seconds": None
        if result.first_solution_time is None
        else round(result.first_solution_time, 2),
        "greedy_placed": result.hint_placed,
        "unplaced": list(result.unplaced),
        "goals": goals,
        "unmet": unmet,
        "model": dict(result.model_size),
        "parameters": dict(result.parameters),
    }
    if reference(forum) is not None and result.is_schedule:
        report["changes"] = changes_summary(forum, result)
    return report


def changes_summary(forum: Forum, result: SolveResult) -> dict:
    """Counts and one line per change against what the calendars published (or, with no
    publish state, the programme a re-solve started from)."""
    changes = change_list(forum, result.programme)
    added = sum(1 for c in changes if ADDED in c.what)
    cancelled = sum(1 for c in changes if CANCELLED in c.what)
    baseline = forum.baseline
    return {
        "against": reference(forum)[1],
        "previous": baseline.source if baseline else None,
        "changed": len(changes) - added - cancelled,
        "added": added,
        "cancelled": cancelled,
        "by_hand": sum(1 for c in changes if c.origin == EDITED),
        "locked": sorted(forum.locked_places),
        "max_changes": baseline.max_changes if baseline else None,
        "facilitators_to_tell": len({f for c in changes for f in c.facilitators}),
        "list": [describe(forum, c) for c in changes],
    }


def _unavoidable_clashes(forum: Forum, result: SolveResult) -> list[str]:
    """Which theme clashes the week's capacity forces, beside those the programme has."""
    clashes: dict[str, int] = {}
    for offence in result.check.penalty("theme_clash").offences:
        clashes[offence.subject] = clashes.get(offence.subject, 0) + offence.amount
    return [
        f"theme {theme}: {minutes} minutes of sessions for {parallel} parallel minutes in "
        f"the week: at least {forced} minutes of clash are unavoidable (this programme: "
        f"{clashes.get(theme, 0)})"
        for theme, (minutes, parallel, forced) in unavoidable(forum).items()
    ]


def unmet_violations(result: SolveResult):
    yield from result.reasons
    if result.check is not None:
        yield from result.check.violations


def notes(forum: Forum) -> list[str]:
    """Things in the input that the tool reads but does not act on yet, said plainly."""
    out = []
    constraint_sheets = [
        n for n in forum.absent_sheets if n in ("Unavailability", "Rules", "Weights")
    ]
    if constraint_sheets:
        out.append(
            f"no {', '.join(constraint_sheets)} sheet in the inputs: none applied"
            f"{' (default weights)' if 'Weights' in constraint_sheets else ''}; did you "
            "forget the constraints workbook?"
        )
    locked = [s.session_id for s in forum.sessions if s.locked]
    if locked and forum.baseline is None:
        out.append(
            f"{len(locked)} session(s) are locked ({', '.join(locked[:5])}"
            f"{', ...' if len(locked) > 5 else ''}), but no previous programme was given:"
            " locked has no effect"
        )
    if forum.baseline is not None and forum.published is None:
        out.append(
            f"the output folder holds no publish state (published.json): the change list "
            f"compares with {forum.baseline.source}"
        )
    if (
        forum.baseline is not None
        and forum.baseline.entries
        and not any(e.session_id in forum.session_by_id for e in forum.baseline.entries)
    ):
        out.append(
            f"the previous programme ({forum.baseline.source}) shares no session id with "
            "this forum: is it the programme of another forum? Every published session "
            "is cancelled and every session is new"
        )
    return out


STATUS_TEXT = {
    "optimal": "optimal schedule (proven best under the weights)",
    "feasible": "schedule found (time limit reached before optimality was proven)",
    "infeasible": "no schedule exists",
    "incomplete": "no complete schedule found within the time limit",
    "unknown": "no schedule found within the time limit",
    "invalid": "the solver's programme broke a hard rule; nothing was written",
}


def _status_text(report: dict) -> str:
    if report["status"] == "feasible" and report.get("changes", {}).get("previous"):
        return (
            "schedule found near the published programme (a re-solve repairs what the "
            "edit broke and computes no bound)"
        )
    return STATUS_TEXT[report["status"]]


def summary_lines(report: dict) -> list[str]:
    """The human summary of a report, one line per item."""
    days = report["days"]
    lines = [
        f"{report['forum']}: {report['sessions']} sessions, {report['rooms']} rooms, "
        f"{days} day{'s' if days != 1 else ''}",
        f"Status: {report['status']} - {_status_text(report)}",
    ]
    if report["schedule"]:
        gap = report["gap"]
        gap_text = "n/a" if gap is None else f"{100 * gap:.1f}%"
        bound = report["best_bound"]
        bound_text = "n/a" if bound is None else f"{bound:g}"
        first = report["first_solution_seconds"]
        lines.append(
            f"Objective {report['objective']} (best bound {bound_text}, gap {gap_text}); "
            f"solved in {report['solve_seconds']} s, first schedule after "
            f"{first if first is not None else 'n/a'} s"
        )
        lines.append("Soft goals (weight x measure = penalty):")
        for goal_id, goal in report["goals"].items():
            if goal_id in ROW_WEIGHTED:
                lines.append(
                    f"  {goal_id:<20} {goal['measure']:>7} row(s) broken, at their "
                    f"weights = {goal['penalty']:>8}"
                )
            else:
                lines.append(
                    f"  {goal_id:<20} {goal['weight']:>5} x {goal['measure']:>7} = "
                    f"{goal['penalty']:>8}"
                )
            for text in goal["worst"][:3]:
                lines.append(f"      {text}")
            for text in goal.get("unavoidable", []):
                lines.append(f"      {text}")
    lines += _changes_lines(report.get("changes"))
    lines += [f"Note: {text}" for text in report["notes"]]
    if report["unmet"]:
        lines.append("Not met:")
        lines += [f"  - {text}" for text in report["unmet"][:MAX_UNMET]]
        if len(report["unmet"]) > MAX_UNMET:
            lines.append(
                f"  ... and {len(report['unmet']) - MAX_UNMET} more (all are in "
                "report.json, or run with fewer sessions to see them)"
            )
    return lines


def _changes_lines(changes: dict | None) -> list[str]:
    if changes is None:
        return []
    by_hand = changes.get("by_hand", 0)
    lines = [
        f"Changes against {changes['against']}: {changes['changed']} changed"
        f"{f' ({by_hand} by hand in the edited programme)' if by_hand else ''}, "
        f"{changes['added']} added, {changes['cancelled']} cancelled; "
        f"{changes['facilitators_to_tell']} facilitator(s) to tell"
    ]
    lines += [f"  {text}" for text in changes["list"][:MAX_UNMET]]
    if len(changes["list"]) > MAX_UNMET:
        lines.append(f"  ... and {len(changes['list']) - MAX_UNMET} more (see changes.csv)")
    return lines
