"""The real clients the outputs are tested in: headless Chromium, LibreOffice, ical.js.

On a developer's machine a missing client skips its tests; CI sets
FORUM_SCHEDULER_REQUIRE_CLIENTS=1 (see .ci/run, which installs them), and there a missing client
fails the test instead, so that CI never passes by skipping them.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

JS = Path(__file__).parent / "js"
REQUIRED = os.environ.get("FORUM_SCHEDULER_REQUIRE_CLIENTS", "") not in ("", "0")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def missing(what: str, install: str):
    """Skip (or, in CI, fail) a test whose client is not installed."""
    message = f"{what} is not installed ({install}; .ci/run installs it)"
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


def chromium() -> str:
    """The path of a Chromium (or Chrome) binary."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome-headless-shell"):
        found = shutil.which(name)
        if found:
            return found
    missing("Chromium", "apt-get install chromium")


def soffice() -> str:
    """The path of LibreOffice's command-line program."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        missing("LibreOffice", "apt-get install libreoffice-calc-nogui")
    return found


def pdftotext() -> str:
    found = shutil.which("pdftotext")
    if not found:
        missing("pdftotext", "apt-get install poppler-utils")
    return found


def _chromium(url: str, profile: Path, *options: str, timeout: float) -> str:
    """Run headless Chromium on `url` with a fresh profile and give its output; the page's
    scripts get 3 s of virtual time first."""
    command = [
        chromium(),
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        "--virtual-time-budget=3000",
        *options,
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dump_dom(url: str, profile: Path, timeout: float = 60) -> str:
    """The page's DOM after its scripts ran, as headless Chromium serialises it."""
    return _chromium(url, profile, "--dump-dom", timeout=timeout)


def screenshot(url: str, path: Path, profile: Path, size=(1280, 1600), timeout=60) -> Path:
    """A PNG of the page at `url`, as headless Chromium renders it."""
    size_option = f"--window-size={size[0]},{size[1]}"
    _chromium(url, profile, size_option, f"--screenshot={path}", timeout=timeout)
    assert path.is_file(), f"Chromium made no screenshot of {url}"
    return path


def print_pdf(url: str, path: Path, profile: Path, timeout: float = 60) -> Path:
    """The page at `url` printed to PDF by headless Chromium (its print stylesheet applies),
    without the browser's header and footer."""
    _chromium(url, profile, "--no-pdf-header-footer", f"--print-to-pdf={path}", timeout=timeout)
    assert path.is_file(), f"Chromium printed no PDF of {url}"
    return path


def to_pdf(document: Path, out_dir: Path, profile: Path, timeout: float = 180) -> Path:
    """`document` converted to PDF by LibreOffice. soffice exits 0 even when it fails, so the
    PDF's existence is what tells."""
    return convert(document, "pdf", out_dir, profile, timeout)


def to_xlsx(document: Path, out_dir: Path, profile: Path, timeout: float = 180) -> Path:
    """`document` opened and saved again as .xlsx by LibreOffice (`out_dir` must not be the
    document's own folder)."""
    return convert(document, "xlsx", out_dir, profile, timeout)


# LibreOffice's CSV filter: comma, double quotes, UTF-8, from line 1, cells as shown (dates
# and times in their cell format), every sheet into its own file (-1).
CSV_EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def to_csv_sheets(
    document: Path, out_dir: Path, profile: Path, timeout: float = 180
) -> dict[str, Path]:
    """Every sheet of `document` saved as CSV by LibreOffice: sheet name -> its file (which
    LibreOffice names `<document>-<sheet>.csv`)."""
    done = _soffice(document, CSV_EVERY_SHEET, out_dir, profile, timeout)
    prefix = document.stem + "-"
    found = {
        p.stem[len(prefix) :]: p for p in out_dir.glob(f"{document.stem}-*.csv") if p.is_file()
    }
    assert found, f"LibreOffice made no CSV of {document}: {done.stdout} {done.stderr}"
    return found


def convert(document: Path, to: str, out_dir: Path, profile: Path, timeout: float = 180) -> Path:
    """`document` converted by LibreOffice into `out_dir/<stem>.<to>`; the file's existence is
    what tells, since soffice exits 0 even when it fails."""
    done = _soffice(document, to, out_dir, profile, timeout)
    made = out_dir / f"{document.stem}.{to.split(':')[0]}"
    assert made.is_file(), f"LibreOffice made no {to} of {document}: {done.stdout} {done.stderr}"
    return made


def _soffice(document: Path, to: str, out_dir: Path, profile: Path, timeout: float):
    command = [
        soffice(),
        f"-env:UserInstallation={profile.absolute().as_uri()}",
        "--headless",
        "--convert-to",
        to,
        "--outdir",
        str(out_dir),
        str(document),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF (pdftotext keeps page breaks as form feeds)."""
    done = subprocess.run(
        [pdftotext(), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    pages = done.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_words(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's words with their boxes in points (text, x0, y0, x1, y1), as pdftotext -bbox
    gives them: a word's width tells the size its text printed at."""
    done = subprocess.run(
        [pdftotext(), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    pages = []
    for page in done.stdout.split("<page ")[1:]:
        pages.append([(html.unescape(text), *map(float, box)) for *box, text in WORD.findall(page)])
    return pages


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def icaljs(paths: list[Path]) -> dict:
    """Every calendar file read by ical.js (tests/js/parse_ics.mjs): per file, its properties
    and its events with UTC and local times."""
    node = shutil.which("node")
    if not node or not (JS / "node_modules" / "ical.js").is_dir():
        missing("ical.js", "cd tests/js && npm ci")
    done = subprocess.run(
        [node, str(JS / "parse_ics.mjs"), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)
