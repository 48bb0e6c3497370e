"""The output folder as a unit: one writer at a time, swapped in whole, never lost.

- **One writer**: a lock file beside the folder (`.<slug>.lock`) is held from reading the
  publish state to swapping the new folder in, so two runs into one folder publish one after
  the other, never both from the same state (a second run waits a little, then says who holds
  the lock).
- **Whole or not at all**: the outputs are built in a hidden temporary folder, written to disk
  (fsync) and exchanged with the old folder in one step where the system offers it (Linux's
  renameat2 RENAME_EXCHANGE); elsewhere with two renames, and a crash between them is
  repaired by the next run, which puts the previous folder back.
- **Nothing left behind**: the next run removes the temporary folders of runs that were killed.
- **Fail early**: before any search, the folder's parent must be writable and the names must
  fit the file system.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import OutputError

LOCK_WAIT_SECONDS = 10.0
TEMP, OLD = ".tmp-", ".old-"
LONGEST_NAME = 96  # the longest file name written inside the folder (calendar names are cut)
_held: dict[str, int] = {}  # lock path -> how many holders in this process (re-entrant)


def hidden(slug: str, kind: str) -> str:
    """The prefix of the output folder's hidden siblings: `.<slug>.tmp-`, `.<slug>.old-`."""
    return f".{slug}{kind}"


@contextmanager
def locked(out_root: Path | str, slug: str, wait: float = LOCK_WAIT_SECONDS):
    """Hold the output folder's lock; wait up to `wait` seconds for another run to finish,
    else raise OutputError naming the lock file. Re-entrant within one process."""
    out_root = Path(out_root)
    try:
        out_root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out_root}: {exc}") from exc
    path = out_root / f".{slug}.lock"
    key = str(path.resolve())
    if _held.get(key):
        _held[key] += 1
        try:
            yield path
        finally:
            _held[key] -= 1
        return
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        raise OutputError(f"cannot open the lock file {path}: {exc}") from exc
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise OutputError(
                    f"another run is writing into {out_root / slug} (it holds the lock file "
                    f"{path}); wait until it has finished, then run again"
                )
            time.sleep(0.1)
        _held[key] = 1
        try:
            yield path
        finally:
            _held.pop(key, None)
            _unlock(fd)
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(fd: int) -> None:
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass  # closing the file releases it anyway


def recover(out_root: Path, slug: str) -> None:
    """Repair what a killed run left (call with the lock held): a previous folder renamed aside
    but not put back is put back; temporary folders are removed."""
    final = out_root / slug
    if not out_root.is_dir():
        return
    olds = sorted(out_root.glob(hidden(slug, OLD) + "*"), key=lambda p: p.stat().st_mtime)
    if olds and not final.exists() and not final.is_symlink():
        os.rename(olds.pop(), final)  # the newest: the one a crash left between the renames
    for leftover in olds + list(out_root.glob(hidden(slug, TEMP) + "*")):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def new_build(out_root: Path, slug: str) -> Path:
    """An empty hidden folder beside the final one, to build the outputs in."""
    try:
        build = Path(tempfile.mkdtemp(prefix=hidden(slug, TEMP), dir=out_root))
        os.chmod(build, 0o755)  # mkdtemp makes it private; the outputs are meant to be shared
    except OSError as exc:
        raise OutputError(f"cannot create a folder in {out_root}: {exc}") from exc
    return build


def synced(folder: Path) -> None:
    """Write every file and folder below `folder` to disk (before the swap makes it visible)."""
    for root, _, files in os.walk(folder):
        for name in files:
            _fsync(Path(root) / name, os.O_RDONLY)
        _fsync(Path(root), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _fsync(path: Path, flags: int) -> None:
    try:
        fd = os.open(path, flags)
    except OSError:
        return  # a folder cannot be opened for syncing on every system
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def swap_in(build: Path, final: Path) -> None:
    """Make `build` the folder at `final`, in one step where the system can, and remove the
    folder it replaces. On failure `final` is as it was."""
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        raise OutputError(f"{final} exists and is not a folder")
    if not final.exists():
        os.rename(build, final)
    elif _exchange(build, final):
        shutil.rmtree(build, ignore_errors=True)  # `build` now holds the previous outputs
    else:
        old = build.with_name(build.name.replace(TEMP, OLD, 1))
        os.rename(final, old)  # a crash here is repaired by the next run (recover)
        try:
            os.rename(build, final)
        except BaseException:
            os.rename(old, final)
            raise
        shutil.rmtree(old, ignore_errors=True)
    _fsync(final.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 with RENAME_EXCHANGE); False where the
    system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def check_writable(out_root: Path | str, slug: str) -> None:
    """Before any search: the output folder can be made and written, and its names fit the
    file system. Raises OutputError saying what to change."""
    out_root = Path(out_root)
    final = out_root / slug
    existing = next((p for p in [out_root, *out_root.parents] if p.exists()), Path("."))
    name_max = _pathconf(existing, "PC_NAME_MAX", 255)
    path_max = _pathconf(existing, "PC_PATH_MAX", 4096)
    longest = len(hidden(slug, TEMP)) + 8
    if longest > name_max:
        raise OutputError(
            f"the forum's name makes folder names of {longest} characters, more than the "
            f"{name_max} this file system allows; shorten the forum's name"
        )
    deepest = len(str(final.absolute())) + len("/history/000/calendars/") + LONGEST_NAME
    if deepest > path_max:
        raise OutputError(
            f"the outputs' paths would be {deepest} characters long, more than the {path_max} "
            "this system allows; choose a shorter --out"
        )
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        probe = Path(tempfile.mkdtemp(prefix=hidden(slug, TEMP), dir=out_root))
        probe.rmdir()
    except OSError as exc:
        raise OutputError(f"the output folder {out_root} cannot be written: {exc}") from exc
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        raise OutputError(f"{final} exists and is not a folder; move it away or use another --out")


def _pathconf(path: Path, name: str, default: int) -> int:
    try:
        return os.pathconf(path, name)
    except (OSError, ValueError, AttributeError):
        return default
