"""Every session is placed once, inside one day's hours, on the slot grid, off the breaks."""

from __future__ import annotations

from collections import Counter

from ..domain import Forum, Programme, clock
from .base import Constraint, Violation, placed_pairs, row_note, when


def encode(enc) -> None:
    """Nothing to add: the encoding makes only starts that fit a day, one per session."""


def check(forum: Forum, programme: Programme) -> list[Violation]:
    s = forum.settings
    out = []
    counts = Counter(p.session_id for p in programme.placements)
    for sid, count in sorted(counts.items()):
        if count > 1 and sid in forum.session_by_id:
            rows = [str(p.row) for p in programme.placements if p.session_id == sid and p.row]
            at = f" (programme rows {', '.join(rows)})" if rows else ""
            out.append(Violation("placement", f"{sid} is placed {count} times{at}", (sid,)))
    for session in forum.sessions:
        if session.session_id not in counts:
            out.append(
                Violation(
                    "placement",
                    f"{session.session_id} '{session.title}' is not placed",
                    (session.session_id,),
                )
            )
    for p in programme.placements:
        if p.session_id not in forum.session_by_id:
            out.append(
                Violation(
                    "placement",
                    f"{p.session_id} is not a session of the forum{row_note(p)}",
                    (p.session_id,),
                )
            )
        elif p.room_id not in forum.room_by_id:
            out.append(
                Violation(
                    "placement",
                    f"{p.session_id} is in {p.room_id}, which is not "
                    f"a room of the forum{row_note(p)}",
                    (p.session_id,),
                )
            )
    for p, session in placed_pairs(forum, programme):
        sid, end = p.session_id, p.start + session.duration
        if not 1 <= p.day <= s.days:
            out.append(
                Violation(
                    "placement",
                    f"{sid} is on day {p.day}, outside the forum week "
                    f"(days 1 to {s.days}){row_note(p)}",
                    (sid,),
                )
            )
            continue
        if p.start < s.day_start or end > s.day_end:
            out.append(
                Violation(
                    "placement",
                    f"{sid} runs {when(forum, p.day, p.start, end)}, "
                    f"outside the day's hours {clock(s.day_start)}-"
                    f"{clock(s.day_end)}{row_note(p)}",
                    (sid,),
                )
            )
        if (p.start - s.day_start) % s.slot_minutes:
            out.append(
                Violation(
                    "placement",
                    f"{sid} starts at {clock(p.start)}, off the "
                    f"{s.slot_minutes}-minute grid that starts at "
                    f"{clock(s.day_start)}{row_note(p)}",
                    (sid,),
                )
            )
        for b in s.breaks:
            if p.start < b.end and b.start < end:
                out.append(
                    Violation(
                        "placement",
                        f"{sid} runs {when(forum, p.day, p.start, end)}"
                        f" across the break {clock(b.start)}-{clock(b.end)}"
                        f"{row_note(p)}",
                        (sid,),
                    )
                )
    return out


CONSTRAINT = Constraint(
    id="placement",
    title="Each session placed once, inside the day",
    rule="Every session is placed exactly once, inside one day's hours, starting on the slot "
    "grid and overlapping no break.",
    hard=True,
    encode=encode,
    check=check,
)
