"""What the benchmark scripts share: the forums they measure."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from forumgen import generate_forum, write_xlsx  # noqa: E402

from forum_scheduler import load_forum, sample_inputs  # noqa: E402


def sample_and_generated(sizes, seed: int = 1):
    """("sample", the sample forum), then ("<n> sessions", a generated forum) per size."""
    yield "sample", load_forum(sample_inputs())
    folder = Path(tempfile.mkdtemp())
    for n in sizes:
        path = folder / f"forum-{n}.xlsx"
        write_xlsx(generate_forum(n, seed=seed), path)
        yield f"{n} sessions", load_forum([path])
