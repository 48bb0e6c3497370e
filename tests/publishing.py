"""What the re-solve tests share: a generated forum of 40 sessions published once per test
session through the command line, copies of its output folder, and readers of its files."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from click.testing import CliRunner
from forumgen import generate_forum, write_xlsx
from icalendar import Calendar

from forum_scheduler.cli import main

SLUG = "generated-forum-40-2"
STAMP = ("--publish-time", "2026-05-01T10:00:00Z")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="session")
def published_forty(tmp_path_factory):
    """(sheets, workbook, output root) of the published forum; never written by a test."""
    sheets = generate_forum(40, seed=2)
    folder = tmp_path_factory.mktemp("published")
    workbook = folder / "forum.xlsx"
    write_xlsx(sheets, workbook)
    result = run("solve", workbook, "--out", folder / "out", "--time-limit", 3, "--quiet", *STAMP)
    assert result.exit_code == 0, result.output
    return sheets, workbook, folder / "out"


@pytest.fixture
def out(tmp_path, published_forty):
    """A fresh copy of the published output root for one test to re-solve into."""
    target = tmp_path / "out"
    shutil.copytree(published_forty[2], target)
    return target


def rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def events(path):
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}
