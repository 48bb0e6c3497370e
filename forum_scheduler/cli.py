"""The command line: parse, call the API, print, exit. Exit 0 done, 1 no schedule, 2 bad input."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import click

import forum_scheduler as api

from . import __version__
from .budget import Deadline
from .errors import ForumInputError, OutputError
from .export import check_writable, locked, writing_seconds
from .model.solve import Progress
from .report import ROW_WEIGHTED, summary_lines
from .supervise import CHANNEL, LEAST_MEMORY_MB, can_watch, tell
from .supervise import run as supervised
from .workbook import with_settings

EXIT_DONE, EXIT_NO_SCHEDULE, EXIT_BAD_INPUT = 0, 1, 2

INPUTS = click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))


def _inputs_or_sample(inputs: tuple[Path, ...]) -> list[Path]:
    if inputs:
        return list(inputs)
    paths = api.sample_inputs()
    click.echo(f"No input given: using the bundled sample forum ({paths[0].name}).", err=True)
    return paths


def _load(inputs: list[Path]):
    try:
        return api.load_forum(inputs)
    except ForumInputError as exc:
        click.echo(f"Cannot read the forum: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)


def _publish_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not a date and time such as 2026-05-01T12:00:00Z",
            param_hint="--publish-time",
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


MEMORY_LIMIT = click.option(
    "--memory-limit",
    type=click.IntRange(min=LEAST_MEMORY_MB),
    default=None,
    help="Megabytes of memory the command may use; past it, it stops and says so "
    "(default: three quarters of the machine's memory).",
)


def entry() -> None:
    """The console command: the work runs in a child process that a parent watches, so that
    every time and memory limit holds whatever the input (supervise.py)."""
    if can_watch() and not os.environ.get(CHANNEL):
        sys.exit(supervised(sys.argv[1:]))
    main(prog_name="forum-scheduler")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="forum-scheduler")
def main() -> None:
    """Timetable a forum week from Excel workbooks (or folders of CSV files).

    \b
    The loop:
      1. forum-scheduler init my-forum        workbooks to fill in
      2. forum-scheduler solve my-forum/*/*.xlsx
      3. edit them; solve again with --previous outputs/<forum>/: what moved
      4. forum-scheduler check PROGRAMME INPUT...  (a programme edited by hand)

    The workbooks' sheets and columns are documented in data/README.md, every rule and weight
    in constraints/README.md (in the project's source, beside README.md).
    """


@main.command(short_help="Solve the forum and write the programme, calendars and report.")
@INPUTS
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Output folder.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Wall-clock seconds the whole command may take, reading and writing included "
    "(default: the Forum sheet's time_limit_seconds, else 60; none with --effort alone).",
)
@click.option(
    "--effort",
    type=click.IntRange(min=0),
    default=None,
    help="Rounds of search to do, exactly: repeats a run (report.json's effort) on any "
    "machine. Default: planned from the time limit.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed of the search.")
@click.option(
    "--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Search threads."
)
@click.option(
    "--publish-time",
    default=None,
    help="Time stamped in the calendars (ISO 8601); default: SOURCE_DATE_EPOCH, else "
    "the newest input file's modification time.",
)
@click.option(
    "--previous",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Re-solve against this published programme (programme.csv, programme.xlsx "
    "or an output folder): keep locked sessions, move as few as possible.",
)
@click.option(
    "--max-changes",
    type=click.IntRange(min=0),
    default=None,
    help="With --previous: move at most N published sessions.",
)
@click.option(
    "--no-explain",
    is_flag=True,
    help="When there is no schedule, do not search for the conflicting rules.",
)
@click.option("--quiet", is_flag=True, help="Print the summary only, no progress.")
@click.option(
    "--verbose", is_flag=True, help="Also print the solver's bound and gap, and each step's time."
)
@click.option(
    "--force",
    is_flag=True,
    help="Publish even into a folder that another forum (another name or first day) published "
    "into: its calendars are continued as if they were this forum's.",
)
@MEMORY_LIMIT
def solve(
    inputs,
    out,
    time_limit,
    effort,
    seed,
    workers,
    publish_time,
    previous,
    max_changes,
    no_explain,
    quiet,
    verbose,
    force,
    memory_limit,
):
    """Solve the forum in INPUT... and write the programme into OUT/<forum-slug>/.

    An INPUT is an .xlsx workbook or a folder of CSV files; with none, the bundled sample
    forum is solved. Exit 0: a schedule was written; 1: no schedule; 2: bad input."""
    started = time.monotonic()  # the time limit counts reading and writing too
    if time_limit is not None:
        tell(started=started, seconds=time_limit)
    stamp = _publish_time(publish_time)
    if max_changes is not None and previous is None:
        raise click.UsageError("--max-changes needs --previous (the programme to stay close to)")
    paths = _inputs_or_sample(inputs)
    forum = _load(paths)
    if previous is not None:
        try:
            forum = api.with_baseline(forum, api.read_previous(previous, forum, max_changes))
        except ForumInputError as exc:
            click.echo(f"Cannot read the previous programme: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        for note in forum.baseline.notes:
            click.echo(f"Note: {note}", err=True)
        target = out / forum.settings.slug
        if previous.is_dir() and previous.resolve() != target.resolve():
            click.echo(
                f"Note: the calendars and the change list continue what was published in "
                f"{target} (its published.json), not in {previous}",
                err=True,
            )
    if time_limit is None and effort is None:
        time_limit = forum.settings.time_limit_seconds
    if time_limit is not None:
        forum = with_settings(forum, time_limit_seconds=time_limit)
        tell(started=started, seconds=time_limit)
    deadline = Deadline.after(time_limit, started)
    # Before any search: the outputs can be written, no other run is writing there (its lock
    # is held to the end of this command), and what the calendars published is read: the
    # change list's reference.
    try:
        check_writable(out, forum.settings.slug)
        click.get_current_context().with_resource(locked(out, forum.settings.slug))
        forum = api.with_published(forum, out, force=force)
    except OutputError as exc:
        click.echo(f"Cannot write the outputs: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if not quiet:
        limits = [f"time limit {time_limit:g} s" if time_limit is not None else "no time limit"]
        if effort is not None:
            limits.append(f"effort {effort} rounds")
        click.echo(
            f"Solving {forum.settings.name}: {len(forum.sessions)} sessions, "
            f"{len(forum.rooms)} rooms ({', '.join(limits)}, {workers} workers, seed {seed})",
            err=True,
        )

    def show(progress: Progress) -> None:
        click.echo(f"  {progress.seconds:7.1f} s  objective {progress.objective:>12}", err=True)

    result = api.solve(
        forum,
        time_limit=time_limit,
        effort=effort,
        seed=seed,
        workers=workers,
        on_progress=None if quiet else show,
        started=started,
        reserve=writing_seconds(forum),
    )
    report = api.build_report(forum, result)
    report["inputs"] = [str(p.resolve()) for p in paths]  # so that `check FOLDER` finds them
    for line in summary_lines(report, verbose=verbose):
        click.echo(line)
    if not result.is_schedule:
        if not no_explain and result.status in ("infeasible", "incomplete", "unknown"):
            _print_explanation(forum, result.status != "infeasible", deadline)
        sys.exit(EXIT_NO_SCHEDULE)
    try:
        folder = api.export(forum, result, out, stamp, report=report, force=force)
    except OutputError as exc:
        click.echo(f"Cannot write the outputs: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    calendars = len(list((folder / "calendars").glob("*.ics")))
    sessions = len(list((folder / "sessions").glob("*.ics")))
    extra = ""
    if (folder / "changes.csv").is_file():
        messages = len(list((folder / "changes").glob("*.txt")))
        extra = f", changes.csv, {messages} facilitator message(s) in changes/"
    click.echo(
        f"Wrote {folder}/: index.html, programme.csv, programme.xlsx, programme.ics, "
        f"{calendars} facilitator, theme and room calendars, {sessions} session calendars, "
        f"report.json, published.json{extra}"
    )


@main.command(short_help="Check a programme (edited by hand) against every rule.")
@click.argument("programme", type=click.Path(exists=True, path_type=Path))
@INPUTS
@MEMORY_LIMIT
def check(programme, inputs, memory_limit):
    """Check PROGRAMME (a programme.csv, programme.xlsx or output folder) against the forum.

    The forum is read from INPUT... (workbooks or CSV folders); with none, from the inputs
    that solve recorded in the report.json beside PROGRAMME, else the bundled sample forum.
    Exit 0: every hard rule holds; 1: some are broken; 2: bad input."""
    forum = _load(list(inputs) or _recorded_inputs(programme) or _inputs_or_sample(()))
    try:
        plan = api.read_programme(programme, forum)
    except ForumInputError as exc:
        click.echo(f"Cannot read the programme: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    result = api.check(forum, plan)
    click.echo(
        f"Checked {api.programme_file(programme)}: {len(plan.placements)} rows against "
        f"{forum.settings.name} ({len(forum.sessions)} sessions)"
    )
    for warning in plan.warnings:
        click.echo(f"Warning: {warning}")
    if result.ok:
        click.echo("Every hard rule holds.")
    else:
        click.echo(
            f"{len(result.violations)} hard rule violation"
            f"{'s' if len(result.violations) != 1 else ''}:"
        )
        for v in result.violations:
            click.echo(f"  - [{v.constraint}] {v.message}")
    click.echo(f"Soft goals: penalty {result.objective:,}, the sum of the goals below")
    rows = {}
    for p in plan.placements:
        rows.setdefault(p.session_id, []).append(p.row)
    for p in result.penalties:
        if p.constraint == "changes" and forum.baseline is None:
            continue  # only a re-solve has a published programme to compare with
        measure = len(p.offences) if p.constraint in ROW_WEIGHTED else p.raw
        click.echo(f"  {p.constraint:<20} measure {measure:>7}  penalty {p.weighted:>8}")
        if not p.weighted:
            continue
        for offence in sorted(p.offences, key=lambda o: (-o.amount, o.sessions))[:3]:
            where = sorted({r for sid in offence.sessions for r in rows.get(sid, []) if r})
            label = (
                f"row{'s' if len(where) > 1 else ''} {', '.join(map(str, where))}: "
                if where and "programme row" not in offence.message
                else ""
            )
            click.echo(f"      {label}{offence.message}")
    try:
        copy = api.write_checked(programme, plan, result)
    except (OutputError, OSError) as exc:
        click.echo(f"Cannot write the highlighted copy: {exc}", err=True)
    else:
        click.echo(
            f"Highlighted copy (a comment on each row that breaks a rule or costs a "
            f"penalty): {copy}"
        )
    sys.exit(EXIT_DONE if result.ok else EXIT_NO_SCHEDULE)


def _recorded_inputs(programme: Path) -> list[Path]:
    """The forum inputs that solve recorded in the report.json beside a programme, if they
    all still exist."""
    folder = programme if programme.is_dir() else programme.parent
    try:
        recorded = json.loads((folder / "report.json").read_text(encoding="utf-8"))["inputs"]
        paths = [Path(p) for p in recorded]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    if not paths or not all(p.exists() for p in paths):
        return []
    click.echo(
        f"No input given: using the forum that report.json names "
        f"({', '.join(str(p) for p in paths)}).",
        err=True,
    )
    return paths


# Explaining after a failed solve needs at least this long to say anything useful.
LEAST_EXPLANATION_SECONDS = 2.0
EXPLANATION_SECONDS = 10.0  # the most it gets when the time limit leaves more


def _print_explanation(forum, incomplete: bool, deadline: Deadline) -> None:
    """Explain a failed solve in what is left of the time limit (the margin after it is
    kept for explain's own last steps)."""
    seconds = min(EXPLANATION_SECONDS, deadline.left())
    if seconds < LEAST_EXPLANATION_SECONDS:
        click.echo(
            "No time left within the time limit to explain; run forum-scheduler explain "
            "(it takes about 10 s)."
        )
        return
    click.echo("Explaining (forum-scheduler explain; --no-explain skips this)...", err=True)
    explanation = api.explain(forum, seconds=seconds)
    if incomplete and explanation.status == "feasible":
        click.echo(
            "Every session can be placed under the hard rules: the search ran out of "
            "time. Raise --time-limit."
        )
        return
    for line in api.explanation_lines(explanation):
        click.echo(line)


@main.command(short_help="Say why a forum cannot be scheduled, and which rules conflict.")
@INPUTS
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=10,
    show_default=True,
    help="Seconds to look for the conflict and verify fixes (the command ends within this "
    "plus about 2).",
)
@MEMORY_LIMIT
def explain(inputs, time_limit, memory_limit):
    """Say why the forum in INPUT... cannot be scheduled, and which single changes fix it.

    Names a minimal set of conflicting rules (dropping any one lets their sessions be placed
    together) and the fixes verified by re-solving. Exit 0: the forum can be scheduled;
    1: it cannot (explained); 2: bad input."""
    started = time.monotonic()
    tell(started=started, seconds=time_limit)
    forum = _load(_inputs_or_sample(inputs))
    # Reading counts: the explanation gets what is left (at least a moment, to say so).
    explanation = api.explain(forum, seconds=max(0.5, time_limit - (time.monotonic() - started)))
    for line in api.explanation_lines(explanation):
        click.echo(line)
    sys.exit(EXIT_DONE if explanation.status == "feasible" else EXIT_NO_SCHEDULE)


@main.command(short_help="Write workbooks to fill in, the sample forum as an example.")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def init(folder):
    """Write FOLDER/data/forum.xlsx and FOLDER/constraints/forum.xlsx to start a forum.

    They hold the sample forum as a worked example to change into yours, with a comment on
    every header saying what the column holds, dropdowns and checks. Never over a file."""
    try:
        targets = api.write_template(folder)
    except OutputError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(
        f"Wrote {targets[0]} and {targets[1]}. Edit them (point at a header for what its "
        f"column holds), then run:\n  forum-scheduler solve {targets[0]} {targets[1]}"
    )
