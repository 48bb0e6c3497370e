"""Publishing that cannot lose a version: killed runs, runs at the same time, links, read-only
folders, and another forum's folder, through the real command in subprocesses."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from exportfixtures import entries
from publishing import SLUG, STAMP

CLI = [sys.executable, "-m", "forum_scheduler"]
# A run that writes slowly, so that a kill lands during the write: each calendar file takes
# a moment (the real writer, only slower).
SLOW_WRITER = """
import sys, time
from forum_scheduler.export import ical
real = ical.write_calendars
def slow(*args, **kwargs):
    print("writing", flush=True)
    out = real(*args, **kwargs)
    time.sleep(0.6)
    return out
ical.write_calendars = slow
import forum_scheduler.export as export
export.write_calendars = slow
from forum_scheduler.cli import main
sys.argv = ["forum-scheduler"] + sys.argv[1:]
main()
"""


def solve_args(workbook, out, *extra):
    return ["solve", str(workbook), "--out", str(out), "--effort", "0", "--quiet", *STAMP, *extra]


def consistent(out: Path) -> dict:
    """The output folder holds one complete version: every file the publish state lists, as
    it lists it, and a history of the versions before it. Returns the state."""
    folder = out / SLUG
    state = json.loads((folder / "published.json").read_text(encoding="utf-8"))
    for name in ("programme.csv", "programme.xlsx", "programme.ics", "report.json"):
        assert (folder / name).is_file(), name
    import hashlib

    for name, digest in state["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    history = (
        sorted(p.name for p in (folder / "history").iterdir())
        if (folder / "history").exists()
        else []
    )
    assert history == [f"{v:03d}" for v in range(1, state["version"])], history
    return state


@pytest.mark.skipif(sys.platform == "win32", reason="signals")
def test_killed_at_random_moments_while_writing_the_folder_stays_whole(tmp_path, published_forty):
    _, workbook, published = published_forty
    out = tmp_path / "out"
    shutil.copytree(published, out)
    rng = random.Random(7)
    versions = [consistent(out)["version"]]
    for _ in range(6):
        child = subprocess.Popen(
            [sys.executable, "-c", SLOW_WRITER, *solve_args(workbook, out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for line in child.stdout:  # the summary first, then the build begins
            if line.strip() == "writing":
                break
        time.sleep(rng.uniform(0.0, 0.8))
        child.send_signal(signal.SIGKILL)
        child.wait()
        state = consistent(out)  # the old version or the new one, whole either way
        assert state["version"] in (versions[-1], versions[-1] + 1)
        versions.append(state["version"])
    done = subprocess.run([*CLI, *solve_args(workbook, out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    final = consistent(out)
    assert final["version"] == versions[-1] + 1
    assert entries(out) == [SLUG]  # the killed runs' temporary folders are gone


def test_two_publishes_at_once_publish_one_after_the_other(tmp_path, published_forty):
    _, workbook, published = published_forty
    out = tmp_path / "out"
    shutil.copytree(published, out)
    start = consistent(out)["version"]
    runs = [
        subprocess.Popen(
            [*CLI, *solve_args(workbook, out, "--previous", out / SLUG, "--seed", str(seed))],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in (1, 2)
    ]
    results = [(r.wait(), r.stderr.read()) for r in runs]
    done = [code for code, _ in results if code == 0]
    for code, err in results:
        assert code in (0, 2), err
        if code == 2:
            assert "another run is writing into" in err and ".lock" in err
    state = consistent(out)
    assert state["version"] == start + len(done)  # each publish continued the one before
    snapshots = [
        (out / SLUG / "history" / f"{v:03d}" / "published.json") for v in range(1, state["version"])
    ]
    versions = [json.loads(p.read_text())["version"] for p in snapshots]
    assert versions == list(range(1, state["version"]))  # no two snapshots of one version


@pytest.mark.parametrize("where", ["read-only", "under a file"])
def test_an_unwritable_output_folder_is_said_before_any_search(tmp_path, published_forty, where):
    _, workbook, _ = published_forty
    if where == "read-only":
        if os.geteuid() == 0:
            pytest.skip("root may write anywhere")
        out = tmp_path / "read-only"
        out.mkdir()
        out.chmod(0o500)
    else:
        (tmp_path / "a-file").write_text("")
        out = tmp_path / "a-file" / "out"
    done = subprocess.run([*CLI, *solve_args(workbook, out)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "Cannot write the outputs" in done.stderr and "placed" not in done.stdout


def test_an_output_folder_that_is_a_file_is_said_before_any_search(tmp_path, published_forty):
    _, workbook, _ = published_forty
    out = tmp_path / "out"
    out.mkdir()
    (out / SLUG).write_text("not a folder")
    done = subprocess.run([*CLI, *solve_args(workbook, out)], capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert "exists and is not a folder" in done.stderr and "placed" not in done.stdout


def test_a_forum_name_too_long_for_the_file_system_is_said_before_any_search(tmp_path):
    from forum_scheduler.errors import OutputError
    from forum_scheduler.export import check_writable

    with pytest.raises(OutputError, match="shorten the forum's name"):
        check_writable(tmp_path, "x" * 300)


def test_init_never_writes_through_a_link(tmp_path):
    target = tmp_path / "elsewhere.xlsx"
    (tmp_path / "mine" / "data").mkdir(parents=True)
    (tmp_path / "mine" / "data" / "forum.xlsx").symlink_to(target)  # dangling
    done = subprocess.run([*CLI, "init", str(tmp_path / "mine")], capture_output=True, text=True)
    assert done.returncode == 2
    assert "Not writing through the link" in done.stderr
    assert not target.exists()


def test_another_forum_with_the_same_slug_is_refused_before_any_search(tmp_path, published_forty):
    sheets, _, published = published_forty
    out = tmp_path / "out"
    import copy

    from forumgen import write_xlsx

    shutil.copytree(published, out)
    other = copy.deepcopy(sheets)
    for row in other["Forum"]:
        if row["setting"] == "name":
            row["value"] = row["value"].replace(" ", "_", 1)  # the same slug
    workbook = tmp_path / "other.xlsx"
    write_xlsx(other, workbook)
    done = subprocess.run([*CLI, *solve_args(workbook, out)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "holds the calendars of" in done.stderr and "--force" in done.stderr
    done = subprocess.run(
        [*CLI, *solve_args(workbook, out, "--force")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
