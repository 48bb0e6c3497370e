"""Openings first on day 1, closings last on the last day."""

from __future__ import annotations

from ..domain import Forum, Session, clock
from .base import Constraint, Violation, placed_pairs, rows_note, span


def allowed_start(forum: Forum, session: Session, day: int, minute: int) -> bool:
    s = forum.settings
    openings, closings = forum.by_kind["opening"], forum.by_kind["closing"]
    if session.kind == "opening" and day != 1:
        return False
    if session.kind == "closing" and day != s.days:
        return False
    # Openings never overlap each other, so all of them end no earlier than their total length.
    if session.kind != "opening" and openings and day == 1:
        if minute < s.day_start + sum(x.duration for x in openings):
            return False
    if session.kind != "closing" and closings and day == s.days:
        if minute + session.duration > s.day_end - sum(x.duration for x in closings):
            return False
    return True


def encode(enc) -> None:
    forum, m = enc.forum, enc.model
    horizon = forum.settings.days * 24 * 60
    openings = [x.session_id for x in forum.sessions if x.kind == "opening"]
    closings = [x.session_id for x in forum.sessions if x.kind == "closing"]
    if openings:
        opening_end = m.new_int_var(0, horizon, "opening_end")
        for o in openings:
            m.add(opening_end >= enc.end[o]).only_enforce_if(enc.placed[o])
        for s in forum.sessions:
            if s.kind != "opening":
                m.add(enc.start[s.session_id] >= opening_end).only_enforce_if(
                    enc.placed[s.session_id]
                )
    if closings:
        closing_start = m.new_int_var(0, horizon, "closing_start")
        for c in closings:
            m.add(closing_start <= enc.start[c]).only_enforce_if(enc.placed[c])
        for s in forum.sessions:
            if s.kind != "closing":
                m.add(enc.end[s.session_id] <= closing_start).only_enforce_if(
                    enc.placed[s.session_id]
                )


def _week_time(placement, minute):
    return placement.day * 24 * 60 + minute


def check(forum, programme) -> list[Violation]:
    last = forum.settings.days
    items = placed_pairs(forum, programme)
    out = []
    for p, s in items:
        if s.kind == "opening" and p.day != 1:
            out.append(
                Violation(
                    "week_shape",
                    f"opening session {s.session_id} is on day {p.day}, not on day 1{rows_note(p)}",
                    (s.session_id,),
                )
            )
        if s.kind == "closing" and p.day != last:
            out.append(
                Violation(
                    "week_shape",
                    f"closing session {s.session_id} is on day "
                    f"{p.day}, not on the last day ({last}){rows_note(p)}",
                    (s.session_id,),
                )
            )
    openings = [(o, span(forum, o)[1]) for o, os in items if os.kind == "opening"]
    closings = [c for c, cs in items if cs.kind == "closing"]
    for p, s in items:
        end = span(forum, p)[1]
        if s.kind != "opening" and openings:
            # One line per session, against the opening that ends last.
            o, o_end = max(openings, key=lambda x: (_week_time(x[0], x[1]), x[0].session_id))
            if _week_time(p, p.start) < _week_time(o, o_end):
                out.append(
                    Violation(
                        "week_shape",
                        f"{s.session_id} starts {forum.settings.day_label(p.day)} "
                        f"{clock(p.start)}, before the opening {o.session_id} ends "
                        f"({forum.settings.day_label(o.day)} {clock(o_end)}){rows_note(p, o)}",
                        (s.session_id, o.session_id),
                    )
                )
        if s.kind != "closing" and closings:
            c = min(closings, key=lambda x: (_week_time(x, x.start), x.session_id))
            if _week_time(p, end) > _week_time(c, c.start):
                out.append(
                    Violation(
                        "week_shape",
                        f"{s.session_id} ends {forum.settings.day_label(p.day)} "
                        f"{clock(end)}, after the closing {c.session_id} starts "
                        f"({forum.settings.day_label(c.day)} {clock(c.start)}){rows_note(p, c)}",
                        (s.session_id, c.session_id),
                    )
                )
    return out


CONSTRAINT = Constraint(
    id="week_shape",
    title="Opening first, closing last",
    rule="Opening sessions are on day 1 and end before any other session starts; closing "
    "sessions are on the last day and start after every other session has ended.",
    hard=True,
    encode=encode,
    check=check,
    allowed_start=allowed_start,
)
