"""Every budget kept, whatever the input: the command runs in a child process that a small
parent watches.

The child does all the work (reading, solving, writing) and keeps its own time limit; it tells
the parent, through a pipe, when its clock started and how long it may take. The parent only
waits and watches: it stops the child if its memory passes the limit (`--memory-limit`,
default three quarters of the machine's memory), or if it runs past its promise (the time
limit plus the few seconds the command promises on top), and then says so plainly. So no
input, however large or hostile, can take the machine's memory or keep a user waiting past
the promise. Outputs are written to a temporary folder and swapped in, so a stopped child
leaves the previous outputs as they were. The child never outlives the parent: a parent
stopped by a signal stops the child first, and the kernel stops a child whose parent died.

Watching needs /proc (Linux); elsewhere the command runs in one process, with its own limits.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

CHANNEL = "FORUM_SCHEDULER_SUPERVISOR_FD"
POLL_SECONDS = 0.05
# Seconds past the time limit that each command promises to end within.
GRACE = {"solve": 5.0, "explain": 2.0}
# The child is stopped a little before the promise and below the memory limit, so that the
# parent's own reaction (one poll, the kill) stays inside them.
MARGIN_SECONDS = 0.5
MEMORY_MARGIN = 0.92
LEAST_MEMORY_MB = 64  # the smallest --memory-limit taken
EXIT_STOPPED = 1  # like "no schedule": the forum could not be done within the limits


def tell(**facts) -> None:
    """Child side: pass facts (started, seconds, memory_mb) to the watching parent, if any."""
    fd = os.environ.get(CHANNEL)
    if not fd:
        return
    try:
        os.write(int(fd), (json.dumps(facts) + "\n").encode("utf-8"))
    except OSError:
        pass  # no parent listening any more: nothing to tell


def default_memory_mb() -> int:
    """Three quarters of the machine's memory, in MB (4096 where it cannot be read)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 3 // 4 // 1024
    except OSError:
        pass
    return 4096


def can_watch() -> bool:
    return sys.platform.startswith("linux") and Path("/proc/self/status").exists()


# Signals that end the command: the child is stopped before the parent goes.
ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class _Ended(Exception):
    def __init__(self, signum: int):
        self.signum = signum


def _raise_ended(signum, _frame):
    raise _Ended(signum)


def run(argv: list[str]) -> int:
    """Run the command `argv` in a watched child and return its exit code."""
    read_end, write_end = os.pipe()
    env = dict(os.environ, **{CHANNEL: str(write_end)})
    for signum in ENDING_SIGNALS:
        signal.signal(signum, _raise_ended)
    child = subprocess.Popen(
        [sys.executable, "-m", "forum_scheduler", *argv],
        pass_fds=(write_end,),
        env=env,
        preexec_fn=_die_with_parent(os.getpid()),
    )
    os.close(write_end)
    command = next((a for a in argv if not a.startswith("-")), "")
    facts = {"memory_mb": _memory_option(argv)}
    buffer = b""
    try:
        while True:
            ready, _, _ = select.select([read_end], [], [], POLL_SECONDS)
            if ready:
                chunk = os.read(read_end, 65536)
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    facts.update(_fact(line))
            code = child.poll()
            if code is not None:
                return code
            why = _over(child.pid, facts, command)
            if why:
                _stop(child)
                sys.stdout.flush()
                print(why, file=sys.stderr, flush=True)
                return EXIT_STOPPED
    except KeyboardInterrupt:
        _stop(child)
        return 130
    except _Ended as ended:
        _stop(child)
        return 128 + ended.signum
    finally:
        os.close(read_end)


def _die_with_parent(parent: int):
    """A function for the child to run before it starts: ask the kernel to kill it when the
    parent dies, however the parent dies (prctl PR_SET_PDEATHSIG, Linux)."""

    def arm() -> None:
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:  # the parent died before the request took effect
            os._exit(EXIT_STOPPED)

    return arm


def _memory_option(argv: list[str]) -> int:
    """The --memory-limit given on the command line, else the default (also for a value the
    child will refuse as a usage error: it must not be stopped before it says so)."""
    for i, arg in enumerate(argv):
        text = arg.split("=", 1)[1] if arg.startswith("--memory-limit=") else None
        if arg == "--memory-limit" and i + 1 < len(argv):
            text = argv[i + 1]
        if text is not None:
            try:
                value = int(text)
            except ValueError:
                break
            return value if value >= LEAST_MEMORY_MB else default_memory_mb()
    return default_memory_mb()


def _fact(line: bytes) -> dict:
    try:
        data = json.loads(line.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _over(pid: int, facts: dict, command: str) -> str | None:
    """Why the child must stop now, or None."""
    memory = _rss_mb(pid)
    limit = facts.get("memory_mb")
    if limit and memory is not None and memory > limit * MEMORY_MARGIN:
        return (
            f"Stopped: the {command or 'command'} was about to pass its memory limit of "
            f"{limit:,} MB (--memory-limit; {memory:,} MB in use). The forum is too large for "
            "that limit: raise --memory-limit, or split the forum. No new outputs were written."
        )
    started, seconds = facts.get("started"), facts.get("seconds")
    if started is not None and seconds is not None:
        promise = seconds + GRACE.get(command, 5.0) - MARGIN_SECONDS
        if time.monotonic() - started > promise:
            return (
                f"Stopped: the {command or 'command'} ran past its time limit of {seconds:g} s "
                "(and the few seconds it promises on top). No new outputs were written; raise "
                "--time-limit, or run with --effort for a fixed amount of work."
            )
    return None


def _rss_mb(pid: int) -> int | None:
    """The resident memory of a process, in MB, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError):
        return None
    return None


def _stop(child: subprocess.Popen) -> None:
    """Kill the child and reap it (SIGKILL: it may be deep in the solver's C++ code)."""
    try:
        child.send_signal(signal.SIGKILL)
    except ProcessLookupError:
        pass
    child.wait()
