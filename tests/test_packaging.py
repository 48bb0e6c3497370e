"""The bundled sample must work after a regular (non-editable) install."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_the_sample_and_finds_it(tmp_path):
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "dist").glob("forum_scheduler-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "forum_scheduler/sample_data/wsis-forum.xlsx" in names
        assert "forum_scheduler/sample_data/wsis-forum-constraints.xlsx" in names
        for name in ("programme.html.j2", "programme.css", "programme.js"):
            assert f"forum_scheduler/export/templates/{name}" in names  # the web page's
        archive.extractall(tmp_path / "site")
    probe = (
        "import forum_scheduler as f; paths = f.sample_inputs(); "
        "assert all('sample_data' in str(p) for p in paths), paths; "
        "import datetime, importlib; html = importlib.import_module('forum_scheduler.export.html'); "
        "forum = f.load_forum(paths); moment = datetime.datetime(2026, 1, 1); "
        "assert forum.settings.name in html.render_html(forum, f.Programme(()), moment); "
        "print(len(forum.sessions))"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tmp_path / "site")},
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "150"
