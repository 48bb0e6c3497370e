"""Writing a programme's outputs: CSV, workbook, calendars, web page and report, all or nothing.

Readers (people, calendar subscriptions, other tools) must never see a half-written folder, so
everything is built in a temporary sibling folder and swapped in with renames. The calendars
continue what the folder published before (published.json, see publish.py), and the folder being
replaced is kept under history/.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from ..domain import Forum, Programme
from ..errors import ForumInputError, InputIssue, OutputError
from ..programme_reader import programme_file, read_previous, read_programme
from .changes import write_changes
from .folder import check_writable, locked, new_build, recover, swap_in, synced
from .html import write_html
from .ical import forum_calendar, write_calendars
from .programme_csv import programme_rows, write_csv
from .programme_xlsx import write_xlsx
from .publish import (
    STATE_FILE,
    PublishState,
    check_identity,
    keep_history,
    next_state,
    published_of,
    read_state,
    with_files,
    write_state,
)

__all__ = [
    "check_writable",
    "forum_calendar",
    "locked",
    "programme_file",
    "programme_rows",
    "publish_time_from",
    "read_previous",
    "read_programme",
    "with_published",
    "write_calendars",
    "writing_seconds",
    "write_csv",
    "write_html",
    "write_outputs",
    "write_xlsx",
]

REPORT_JSON = "report.json"
# What depends on the machine and the clock: wall-clock figures, the bound and status that the
# whole-model search reaches by the time the rounds end, the time limit and the rounds planned
# from it, and the inputs' absolute paths. They stay in report.json (a record of the run, which
# `check FOLDER` reads for the inputs) and out of the workbook, so that the same input, seed,
# workers and effort give a byte-identical programme.xlsx however the run was stopped.
RUN_ONLY_KEYS = (
    "solve_seconds",
    "first_solution_seconds",
    "best_bound",
    "solver_bound",
    "gap",
    "unavoidable_share",
    "status",
    "inputs",
    "effort",
    "time_limit",
    "phases",
)


def write_outputs(
    forum: Forum,
    programme: Programme,
    out_root: Path | str,
    report: dict,
    publish_time: datetime,
    sequences: dict[str, int] | None = None,
    force: bool = False,
) -> Path:
    """Write every output into `<out_root>/<slug>/` atomically and return that folder.

    The calendars continue the folder's published.json: a session keeps its SEQUENCE and stamps
    while it is unchanged, a changed one gets SEQUENCE + 1, and one that is gone is published as
    CANCELLED. The folder being replaced is kept under history/<NNN>/ of the new one. `sequences`
    gives a lowest SEQUENCE per session id (for calendars published elsewhere; usually None).

    One run at a time writes into a folder (a lock; see folder.py), and the folder never goes
    missing. A folder that another forum published into is refused (unless `force`). On any
    failure the previous folder is left as it was, no temporary folder remains, and OutputError
    says what went wrong (an unreadable published.json among them).
    """
    out_root = Path(out_root)
    slug = forum.settings.slug
    final = out_root / slug
    with locked(out_root, slug):
        recover(out_root, slug)
        previous = read_state(final) if final.is_dir() else None
        if not force:
            check_identity(previous, forum, final)
        forum = _same_reference(forum, previous, final)
        build = new_build(out_root, slug)
        try:
            state = next_state(forum, programme, previous, publish_time, sequences)
            _write_all(forum, programme, build, report, publish_time, state)
            write_state(with_files(state, build), build)
            keep_history(final, build, previous)
            synced(build)
            swap_in(build, final)
        except BaseException as exc:
            shutil.rmtree(build, ignore_errors=True)
            if not isinstance(exc, Exception) or isinstance(exc, OutputError):
                raise  # Ctrl-C, or a message that already says what happened
            raise OutputError(
                f"could not write the outputs to {final} (left unchanged): {exc}"
            ) from exc
    return final


def writing_seconds(forum: Forum) -> float:
    """A generous estimate of how long writing the outputs takes, kept free at the end of a
    time limit: measured on a busy 2-core machine at about 3 s for 150 sessions and 5 s for
    300 (BENCHMARKS.md)."""
    return 1.0 + 0.015 * len(forum.sessions)


def with_published(forum: Forum, out_root: Path | str, force: bool = False) -> Forum:
    """The forum with what its output folder's calendars last published (published.json), the
    reference of every change list; unchanged when nothing was published there yet. An
    unreadable publish state, or the state of another forum (unless `force`), is an
    OutputError."""
    folder = Path(out_root) / forum.settings.slug
    state = read_state(folder) if folder.is_dir() else None
    if state is None:
        return forum
    if not force:
        check_identity(state, forum, folder)
    return replace(forum, published=published_of(state, forum, str(folder / STATE_FILE)))


def _same_reference(forum: Forum, state: PublishState | None, folder: Path) -> Forum:
    """The forum whose change list compares with the state about to be continued: the change
    files must tell what the calendars tell. A state that changed since the forum was given it
    (another run published meanwhile) stops the run."""
    if state is None:
        return forum
    if forum.published is None:
        return replace(forum, published=published_of(state, forum, str(folder / STATE_FILE)))
    if forum.published.version != state.version:
        raise OutputError(
            f"{folder / STATE_FILE} changed while this run was solving (another run published "
            "there meanwhile); nothing was written: run again to continue from it"
        )
    return forum


def _write_all(forum, programme, folder: Path, report, publish_time, state) -> None:
    """Every output file but the publish state, written into `folder`."""
    write_csv(forum, programme, folder / "programme.csv")
    stable = {k: v for k, v in report.items() if k not in RUN_ONLY_KEYS}
    write_xlsx(forum, programme, folder / "programme.xlsx", stable, publish_time=publish_time)
    events = state.events()
    write_calendars(forum, programme, folder, publish_time, events=events)
    write_html(forum, programme, folder, publish_time, events=events)  # links those calendars
    write_changes(forum, programme, folder, publish_time, events)  # if any reference
    text = json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"
    (folder / REPORT_JSON).write_text(text, encoding="utf-8")


def publish_time_from(inputs: list[Path], explicit: datetime | None = None) -> datetime:
    """The publish time stamped in the outputs (DESIGN.md section 5), in UTC, whole seconds.

    The explicit value wins, then SOURCE_DATE_EPOCH, then the newest input file's modification
    time, so that unchanged inputs give byte-identical outputs. A naive explicit time is UTC.
    With no input file at all, the current time is the only choice left.
    """
    if explicit is not None:
        moment = explicit if explicit.tzinfo else explicit.replace(tzinfo=UTC)
        return _whole_seconds_utc(moment)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return _from_epoch(epoch)
    times = [_mtime(f) for f in _input_files(inputs)]
    if times:
        return datetime.fromtimestamp(max(times), UTC)
    return _whole_seconds_utc(datetime.now(UTC))


def _from_epoch(text: str) -> datetime:
    try:
        return datetime.fromtimestamp(int(text), UTC)
    except (ValueError, OverflowError, OSError):
        issue = InputIssue(
            f"SOURCE_DATE_EPOCH={text!r} is not a number of seconds since 1970",
            source="SOURCE_DATE_EPOCH",
            hint="set it to a whole number such as 1767225600, or unset it",
        )
        raise ForumInputError([issue]) from None


def _input_files(inputs: list[Path]) -> list[Path]:
    """The input files, a folder standing for its files (lock and hidden files left out)."""
    files: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            files += [f for f in sorted(item.iterdir()) if f.is_file() and not _ignored(f)]
        elif item.is_file():
            files.append(item)
    return files


def _ignored(path: Path) -> bool:
    """Editors' lock files (`.~lock.x#`, `~$x.xlsx`) change while a file is open, not its data."""
    return path.name.startswith((".", "~$"))


def _mtime(path: Path) -> int:
    return int(path.stat().st_mtime)


def _whole_seconds_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)
