"""The solve report: report.json's content and the summary printed on the terminal."""

from __future__ import annotations

from .bounds import options_of
from .changelist import ADDED, CANCELLED, EDITED, change_list, describe, letters, reference
from .constraints import action_line_clash, theme_clash
from .constraints.base import weight_of
from .constraints.changes import held_place
from .constraints.registry import SOFT
from .constraints.tag_clash import clash_floors
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
                "lower_bound": result.goal_floors.get(c.id, 0),
                "offences": len(offences),
                "worst": [o.message for o in offences[:WORST]]
                if weight_of(forum, c) or c.id in ROW_WEIGHTED
                else [],
            }
        options = None
        for goal_id, tags_of, label in FORCED_CLASHES:
            if goal_id in goals and goals[goal_id]["weight"]:
                options = options or options_of(forum)
                goals[goal_id]["forced"] = _forced_clashes(
                    forum, result, options, goal_id, tags_of, label
                )
    unmet = [v.message for v in result.reasons]
    if result.check is not None:
        unmet += [v.message for v in result.check.violations]
    said = {sid for v in unmet_violations(result) for sid in v.sessions}
    unmet += [f"{sid} could not be placed" for sid in result.unplaced if sid not in said]
    gap = result.gap
    lower = sum(result.goal_floors.values())
    objective = result.objective
    report = {
        "notes": notes(forum),
        "forum": forum.settings.name,
        "sessions": len(forum.sessions),
        "placed": len(result.programme.by_session) if result.programme else 0,
        "rooms": len(forum.rooms),
        "days": forum.settings.days,
        "status": result.status,
        "schedule": result.is_schedule,
        "hard_rules_hold": result.check is not None and result.check.ok,
        "objective": objective,
        "solver_objective": result.solver_objective,
        "lower_bound": lower if result.goal_floors else None,
        "unavoidable_share": _share(result.best_bound, objective),
        "best_bound": result.best_bound,
        "solver_bound": result.solver_bound,
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
        "effort": {
            "rounds": result.effort,
            "planned_rounds": result.planned_effort,
            "deterministic_time": result.deterministic_time,
            "stopped_by": result.stopped_by,
            "repeat_with": f"--effort {result.effort}",
        },
        "time_limit": result.time_limit,
        "phases": dict(result.phases),
    }
    if reference(forum) is not None and result.is_schedule:
        report["changes"] = changes_summary(forum, result)
    return report


def _share(lower: float | None, objective: int | None) -> float | None:
    """The part of the penalty that no programme avoids (1 when there is no penalty)."""
    if objective is None or lower is None:
        return None
    return 1.0 if objective <= 0 else round(min(1.0, lower / objective), 4)


# The clash goals whose floors are said tag by tag: (goal, the tags of a session, a label).
FORCED_CLASHES = (
    ("theme_clash", theme_clash.TAGS, "theme"),
    ("action_line_clash", action_line_clash.TAGS, "action line"),
)


def changes_summary(forum: Forum, result: SolveResult) -> dict:
    """Counts and one line per change against what the calendars published (or, with no
    publish state, the programme a re-solve started from)."""
    changes = change_list(forum, result.programme)
    added = sum(1 for c in changes if ADDED in c.what)
    cancelled = sum(1 for c in changes if CANCELLED in c.what)
    baseline = forum.baseline
    placed = result.programme.by_session
    undone = sorted(
        sid
        for sid in placed
        if (held := held_place(forum, sid)) is not None
        and (held.day, held.start, held.room_id)
        == (placed[sid].day, placed[sid].start, placed[sid].room_id)
    )
    return {
        "against": reference(forum)[1],
        "edits_undone": undone,
        "previous": baseline.source if baseline else None,
        "changed": len(changes) - added - cancelled,
        "added": added,
        "cancelled": cancelled,
        "by_hand": sum(1 for c in changes if c.origin == EDITED),
        "locked": sorted(forum.locked_places),
        "max_changes": baseline.max_changes if baseline else None,
        "facilitators_to_tell": len({f for c in changes for f in c.facilitators}),
        # whose e-mail draft (changes/<id>.eml) has no recipient: no address in their email cell
        "without_email": sorted(f for f, one in letters(forum, changes).items() if not one.to),
        "list": [describe(forum, c) for c in changes],
    }


def _forced_clashes(
    forum: Forum, result: SolveResult, options, goal_id, tags_of, label
) -> list[str]:
    """The clash that the forum forces on each tag, beside what the programme has."""
    have: dict[str, int] = {}
    for offence in result.check.penalty(goal_id).offences:
        have[offence.subject] = have.get(offence.subject, 0) + offence.amount
    return [
        f"{label} {tag}: at least {floor.minutes} minutes of clash are unavoidable "
        f"({floor.reason}); this programme: {have.get(tag, 0)}"
        for tag, floor in clash_floors(forum, options, tags_of).items()
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
    "feasible": "schedule found; better ones may exist",
    "infeasible": "no schedule exists",
    "incomplete": "no complete schedule found within the time limit",
    "unknown": "no schedule found within the time limit",
    "invalid": "the solver's programme broke a hard rule; nothing was written",
}


def _status_text(report: dict) -> str:
    if report["status"] == "feasible" and report.get("changes", {}).get("previous"):
        return (
            "schedule found near the published programme (a re-solve repairs what the edit broke)"
        )
    return STATUS_TEXT[report["status"]]


def summary_lines(report: dict, verbose: bool = False) -> list[str]:
    """The human summary of a report, one line per item: first what an organiser asks (is
    everything placed, does every rule hold, how good is it), then the details."""
    days = report["days"]
    lines = [
        f"{report['forum']}: {report['sessions']} sessions, {report['rooms']} rooms, "
        f"{days} day{'s' if days != 1 else ''}"
    ]
    if report["schedule"]:
        lines.append(
            f"All {report['placed']} sessions placed; every hard rule holds, re-checked by the "
            "independent checker."
        )
        lines += _quality_lines(report)
    elif list(report.get("phases", {})) == ["pre-checks"]:
        lines.append(
            "No schedule was written: the pre-checks found rules that no programme can satisfy "
            "(below), so no search ran."
        )
    else:
        lines.append(
            f"{report.get('placed', 0)} of {report['sessions']} sessions placed: no schedule "
            "was written."
        )
    lines.append(f"Status: {report['status']} - {_status_text(report)}")
    lines += _effort_lines(report, verbose)
    if report["schedule"]:
        lines += _goal_lines(report)
    lines += _changes_lines(report.get("changes"))
    lines += [f"Note: {text}" for text in report["notes"]]
    if report["unmet"]:
        lines.append("Not met:")
        lines += [f"  - {text}" for text in report["unmet"][:MAX_UNMET]]
        if len(report["unmet"]) > MAX_UNMET:
            where = " (report.json lists them all)" if report["schedule"] else ""
            lines.append(f"  ... and {len(report['unmet']) - MAX_UNMET} more{where}")
    return lines


def _quality_lines(report: dict) -> list[str]:
    """How good the programme is, in words: the penalty, and how much of it no programme of
    this forum can avoid (the larger of the goals' own floors and the solver's proof)."""
    objective, bound, floors = report["objective"], report["best_bound"], report["lower_bound"]
    if objective == 0:
        return ["No soft goal costs anything: no programme can do better."]
    if bound is None:
        return [f"Penalty {objective:,} over the soft goals."]
    text = (
        f"Penalty {objective:,} over the soft goals; no programme of this forum can score below "
        f"{bound:,.0f}, so at least {100 * report['unavoidable_share']:.0f}% of it is provably "
        "unavoidable"
    )
    if floors is not None and floors < bound:
        text += f" (the goals' own floors below add up to {floors:,}; the solver proved more)"
    return [text + "."]


def _effort_lines(report: dict, verbose: bool) -> list[str]:
    """The search's work, and a line when the clock stopped it before its planned work."""
    effort = report.get("effort") or {
        "rounds": 0,
        "planned_rounds": 0,
        "deterministic_time": 0,
        "stopped_by": "n/a",
    }
    lines = []
    if effort["stopped_by"] == "time limit" and effort["rounds"] < effort["planned_rounds"]:
        lines.append(
            f"The time limit stopped the search after {effort['rounds']} of "
            f"{effort['planned_rounds']} planned rounds (a busy or slower machine); "
            f"solve {effort['repeat_with']} repeats this programme exactly."
        )
    if report["parameters"].get("found_by") == "full solve":
        lines.append(
            "The programme came from the whole-model search (the rounds left a session "
            "unplaced): it depends on the machine's speed, and --effort does not repeat it."
        )
    first = report["first_solution_seconds"]
    if verbose or report["schedule"]:
        lines.append(
            f"Solved in {report['solve_seconds']} s (first schedule after "
            f"{first if first is not None else 'n/a'} s); effort {effort['rounds']} rounds"
        )
    if verbose:
        gap = report["gap"]
        lines.append(
            f"Solver: objective {report['solver_objective']}, CP-SAT bound "
            f"{_number(report['solver_bound'])}, best bound {_number(report['best_bound'])}, "
            f"gap {'n/a' if gap is None else f'{100 * gap:.1f}%'}; deterministic time "
            f"{effort['deterministic_time']}, planned rounds {effort['planned_rounds']}, "
            f"stopped by {effort['stopped_by']}"
        )
        phases = ", ".join(f"{k} {v:g} s" for k, v in report.get("phases", {}).items())
        if phases:
            lines.append(f"Steps: {phases}")
    return lines


def _number(value) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


def _goal_lines(report: dict) -> list[str]:
    lines = ["Soft goals: penalty (weight x measure), and the part no programme avoids:"]
    for goal_id, goal in report["goals"].items():
        if goal_id in ROW_WEIGHTED:
            how = f"{goal['measure']} row(s) broken, at their weights"
        else:
            how = f"{goal['weight']} x {goal['measure']:,}"
        lines.append(
            f"  {goal_id:<20} {goal['penalty']:>9,}  ({how})  unavoidable "
            f"{goal.get('lower_bound', 0):,}"
        )
        for text in goal["worst"][:3]:
            lines.append(f"      {text}")
        for text in goal.get("forced", []):
            lines.append(f"      {text}")
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
    unaddressed = changes.get("without_email", [])
    if unaddressed:
        shown = ", ".join(unaddressed[:MAX_UNMET])
        more = f" and {len(unaddressed) - MAX_UNMET} more" if len(unaddressed) > MAX_UNMET else ""
        lines.append(
            f"No e-mail address for {shown}{more} (Facilitators sheet, email): their drafts in "
            "changes/ have no recipient yet"
        )
    undone = changes.get("edits_undone", [])
    if undone:
        lines.append(
            f"Hand edits undone, back where their calendars show them (the edited place broke a "
            f"rule or cost more than undoing it): {', '.join(undone)}"
        )
    return lines
