"""Why a forum has no schedule: a minimal set of conflicting rules, and fixes that work.

1. The hard rules alone, without an objective, with one assumption per session ("this session
   is placed"): CP-SAT's `sufficient_assumptions_for_infeasibility` names sessions that cannot
   all be placed together.
2. Those sessions alone form a small forum. Every rule that touches them is an `Item` a planner
   could relax (a session, a pin, a facilitator on a session, an Unavailability row, a Rules
   row, a room need...). A deletion loop relaxes one item at a time and keeps it relaxed while
   the small forum stays infeasible; what remains is minimal: relaxing any one item of it makes
   those sessions schedulable together.
3. Each item is then relaxed in the whole forum and re-solved: the fixes that make the whole
   forum schedulable are verified, not guessed.

Items are changes to the forum's data (`relax`), so every check reuses the normal model.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from ..budget import Deadline
from ..check import check_programme
from ..constraints.registry import HARD
from ..constraints.room_changeover import changeover
from ..constraints.standard_starts import exempt, starts_text
from ..domain import Baseline, Forum, Programme, Session, clock
from .encoding import Encoding
from .greedy import greedy_programme
from .precheck import allowed_rooms, pin_problems, unplaceable
from .search import NO_DEADLINE

PROBE_SECONDS = 2.0  # one feasibility check of a small forum
FIRST_CORE_SECONDS = 6.0  # the whole forum's first core
MAX_FIXES = 3  # verified fixes to list, cheapest first
MAX_STAND_INS = 6  # items found for one role in the conflict
MAX_CONFLICT_SESSIONS = 60  # beyond, a conflict is said as the pre-check says it


@dataclass(frozen=True)
class Item:
    """One thing a planner could relax; `kind` and `key` say what, `text` says it in words."""

    kind: str
    key: tuple
    text: str
    fix: str
    cost: int = 5  # how heavy the fix is for planners: lower is cheaper (fixes are sorted so)


@dataclass
class Explanation:
    """status: infeasible (items explain it), feasible (the forum can be scheduled), or
    unknown (neither proven in the time given)."""

    status: str
    items: tuple[Item, ...] = ()  # each needed: relaxing any one lets the sessions be placed
    minimal: bool = False
    # Items that cause the conflict in several ways at once (two shared facilitators and the
    # plenary rule, say): relaxing one of them is not enough, relaxing all of them is.
    stand_ins: tuple[Item, ...] = ()
    fixes: tuple[Item, ...] = ()  # verified: relaxing this one item makes the forum schedulable
    untried: tuple[Item, ...] = ()  # items whose fix was not verified in time
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def sessions(self) -> tuple[str, ...]:
        return tuple(sorted({i.key[0] for i in self.items if i.kind == "session"}))

    @property
    def all_items(self) -> tuple[Item, ...]:
        return self.items + self.stand_ins


# -- feasibility -----------------------------------------------------------------------------
def feasible(
    forum: Forum,
    seconds: float = PROBE_SECONDS,
    workers: int = 1,
    deadline: Deadline = NO_DEADLINE,
) -> bool | None:
    """True if every session can be placed under the hard rules, False if proven not, None if
    undecided in `seconds` (or by the deadline)."""
    from ortools.sat.python import cp_model

    if unplaceable(forum):
        return False
    enc = _hard_model(forum)
    hint = greedy_programme(enc, {})
    if _complete_and_valid(forum, hint):
        return True
    for _sid, lit in enc.placed.items():
        enc.model.add(lit == 1)
    _hint(enc, hint)
    if deadline.passed():
        return None
    solver = _solver(deadline.seconds(seconds), workers)
    status = solver.solve(enc.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return False if status == cp_model.INFEASIBLE else None


def _complete_and_valid(forum: Forum, hint) -> bool:
    """The greedy placed every session and the independent checker accepts it (the greedy
    does not know every rule, --max-changes for one)."""
    return (
        len(hint) == len(forum.sessions)
        and check_programme(forum, Programme(tuple(hint.values()))).ok
    )


def _hard_model(forum: Forum) -> Encoding:
    enc = Encoding(forum, list(HARD))
    for constraint in HARD:
        constraint.encode(enc)
    return enc


def _hint(enc: Encoding, hint) -> None:
    for sid, ys in enc.y.items():
        p = hint.get(sid)
        if p is None:
            continue
        enc.model.add_hint(enc.placed[sid], True)
        for key, lit in ys.items():
            enc.model.add_hint(lit, key == (p.day, p.start))
        for room_id, lit in enc.z[sid].items():
            enc.model.add_hint(lit, room_id == p.room_id)


def _solver(seconds: float, workers: int):
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    return solver


def first_core(
    forum: Forum, seconds: float = FIRST_CORE_SECONDS, deadline: Deadline = NO_DEADLINE
) -> tuple[str, list[str]]:
    """('infeasible', sessions that cannot all be placed) / ('feasible', []) / ('unknown', []).

    The sessions returned are proven impossible together on their own, so that the deletion
    loop starts from a real conflict. Openings, closings and plenaries are added when needed:
    the rules of the week's shape tie every other session to them.
    """
    from ortools.sat.python import cp_model

    structural = sorted(s.session_id for s in forum.sessions if s.is_plenary)
    reasons = unplaceable(forum)
    if reasons:  # single sessions with no room or start, or a cycle of rules: start there
        found = sorted({s for r in reasons[:1] for s in r.sessions})
        group = _first_proven(forum, [found, sorted(set(found) | set(structural))], deadline)
        if group:
            return "infeasible", group
    enc = _hard_model(forum)
    hint = greedy_programme(enc, {})
    if not reasons and _complete_and_valid(forum, hint):
        return "feasible", []
    # Cheap first: a session the greedy left out may be impossible on its own, or with the
    # sessions it shares a facilitator or a hard rule with (and the plenaries).
    for sid in sorted(s.session_id for s in forum.sessions if s.session_id not in hint):
        group = _first_proven(forum, [_alone(sid), _neighbours(forum, sid)], deadline)
        if group:
            return "infeasible", group
    lits = {enc.placed[s.session_id].index: s.session_id for s in forum.sessions}
    enc.model.add_assumptions([enc.placed[s.session_id] for s in forum.sessions])
    if deadline.passed():
        return "unknown", []
    solver = _solver(deadline.seconds(seconds), 1)  # cores are only minimised single-threaded
    status = solver.solve(enc.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "feasible", []
    if status != cp_model.INFEASIBLE:
        return "unknown", []
    core = sorted(lits[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in lits)
    group = _first_proven(forum, [core, sorted(set(core) | set(structural))], deadline)
    return ("infeasible", group) if group else ("unknown", [])


def _first_proven(forum: Forum, groups, deadline: Deadline = NO_DEADLINE) -> list[str]:
    """The first group of sessions proven impossible on its own, or []."""
    for group in groups:
        if group and feasible(only_sessions(forum, group), deadline=deadline) is False:
            return list(group)
    return []


def _alone(session_id: str) -> list[str]:
    return [session_id]


def _neighbours(forum: Forum, session_id: str) -> list[str]:
    """The session, the sessions that share a facilitator or a hard rule with it, and the
    plenaries (which empty every room)."""
    session = forum.session_by_id[session_id]
    people = set(session.facilitators)
    out = {session_id} | {
        s.session_id for s in forum.sessions if people & set(s.facilitators) or s.is_plenary
    }
    for r in forum.rules:
        if r.hard and session_id in (r.session_a, r.session_b):
            out |= {r.session_a} | ({r.session_b} if r.session_b else set())
    return sorted(out)


# -- items -----------------------------------------------------------------------------------
def items_of(forum: Forum, sessions: list[str]) -> list[Item]:
    """Every relaxable item that touches these sessions, in the order the deletion loop tries
    them: the least telling first (so that what remains names rules, not bystanders)."""
    chosen = [forum.session_by_id[s] for s in sessions]
    ids = set(sessions)
    people = {p for s in chosen for p in s.facilitators}
    out = [_session_item(s) for s in chosen]
    kinds = {s.kind for s in chosen}
    if kinds & {"opening", "closing"}:
        out.append(
            Item(
                "week_shape",
                (),
                "openings run first on day 1 and closings last on the last day (Sessions, kind)",
                "change kind opening/closing to plenary",
                6,
            )
        )
    alone = [s.session_id for s in chosen if s.is_plenary]
    if alone:
        # Relaxed by making them parallel sessions, which also frees an opening or closing
        # from its place in the week: the text says both, so that the claim stays true.
        verb = (
            "is an opening, closing or plenary"
            if len(alone) == 1
            else "are openings, closings or plenaries"
        )
        out.append(
            Item(
                "plenary_alone",
                (),
                f"{', '.join(alone)} {verb}: nothing runs beside "
                "them (and an opening comes first, a closing last) (Sessions, kind)",
                f"make {', '.join(alone)} parallel (Sessions, kind)",
                8,
            )
        )
    if forum.settings.session_starts and not all(exempt(forum, s) for s in chosen):
        out.append(
            Item(
                "standard_starts",
                (),
                f"sessions begin only at the standard starts {starts_text(forum)} "
                "(Forum, session_starts)",
                "clear session_starts (Forum) or add a start to it",
                6,
            )
        )
    usable = {r for s in chosen for r in allowed_rooms(forum, s)}
    if any(changeover(forum, forum.room_by_id[r]) > 0 for r in usable):
        out.append(
            Item(
                "changeover",
                (),
                "rooms need their changeover time between sessions (Forum, "
                "room_changeover_minutes; Rooms, changeover_minutes)",
                "set room_changeover_minutes and the rooms' changeover_minutes to 0",
                4,
            )
        )
    if len(forum.venues) > 1 and people:
        out.append(
            Item(
                "venue_travel",
                (),
                f"a facilitator needs "
                f"{forum.settings.venue_travel_minutes} minutes between venues (Forum, "
                "venue_travel_minutes)",
                "set venue_travel_minutes to 0",
                4,
            )
        )
    if forum.baseline is not None and forum.baseline.max_changes is not None:
        out.append(
            Item(
                "max_changes",
                (),
                f"at most {forum.baseline.max_changes} published sessions may move (--max-changes)",
                "raise --max-changes",
                2,
            )
        )
    for person in sorted(people):
        theirs = tuple(s.session_id for s in chosen if person in s.facilitators)
        rows = "" if len(theirs) > 1 else _row("Sessions", forum.session_by_id[theirs[0]].row)
        moved = theirs[-1]
        out.append(
            Item(
                "facilitator",
                (person, theirs),
                f"{person} facilitates {' and '.join(theirs)}{rows}",
                f"find another facilitator than {person} for {moved}",
                5,
            )
        )
    for u in forum.unavailability:
        if u.hard and (u.who in people or u.who in forum.room_by_id):
            what = "room" if u.who in forum.room_by_id else "facilitator"
            out.append(
                Item(
                    "unavailability",
                    (u.row, u.who, u.day, u.start, u.end),
                    f"{what} {u.who} is unavailable {forum.settings.day_label(u.day)} "
                    f"{clock(u.start)}-{clock(u.end)}{_row('Unavailability', u.row)}",
                    f"drop or shorten Unavailability row {u.row} ({u.who}), or make it soft",
                    1,
                )
            )
    for r in forum.rules:
        if r.hard and r.session_a in ids and (r.session_b is None or r.session_b in ids):
            out.append(
                Item(
                    "rule",
                    (r.row, r.rule, r.session_a, r.session_b),
                    f"rule {r.describe()}{_row('Rules', r.row)}",
                    f"make Rules row {r.row} soft",
                    1,
                )
            )
    bad_pins = {v.sessions[0]: v.message for v in pin_problems(forum)}
    for s in chosen:
        if s.session_id in bad_pins:  # a pinned start that fits no day: say why
            out.append(
                Item(
                    "pin",
                    (s.session_id,),
                    bad_pins[s.session_id],
                    f"unpin {s.session_id} or pin it to a start where it fits",
                    2,
                )
            )
        elif s.pin_day is not None or s.pin_start is not None or s.pin_room:
            parts = [
                f"day {s.pin_day}" if s.pin_day else "",
                clock(s.pin_start) if s.pin_start is not None else "",
                f"room {s.pin_room}" if s.pin_room else "",
            ]
            out.append(
                Item(
                    "pin",
                    (s.session_id,),
                    f"{s.session_id} is pinned to "
                    f"{' '.join(p for p in parts if p)}{_row('Sessions', s.row)}",
                    f"unpin {s.session_id} (clear its day, start and room)",
                    2,
                )
            )
        if s.session_id in forum.locked_places:
            e = forum.locked_places[s.session_id]
            out.append(
                Item(
                    "locked",
                    (s.session_id,),
                    f"{s.session_id} is locked at "
                    f"{forum.settings.day_label(e.day)} {clock(e.start)} in {e.room_id}",
                    f"unlock {s.session_id}",
                    2,
                )
            )
        if s.needs:
            rooms = [r.room_id for r in forum.rooms if s.needs <= r.features]
            out.append(
                Item(
                    "needs",
                    (s.session_id,),
                    f"{s.session_id} needs "
                    f"{', '.join(sorted(s.needs))} (rooms with it: "
                    f"{', '.join(rooms) or 'none'}){_row('Sessions', s.row)}",
                    f"drop {s.session_id}'s needs or equip another room",
                    3,
                )
            )
        bigger = [r.room_id for r in forum.rooms if r.capacity >= s.attendance]
        suited = [r.capacity for r in forum.rooms if s.needs <= r.features] or [0]
        out.append(
            Item(
                "capacity",
                (s.session_id,),
                f"{s.session_id} expects {s.attendance} "
                f"people (rooms that seat them: {', '.join(bigger) or 'none'})"
                f"{_row('Sessions', s.row)}",
                f"lower {s.session_id}'s attendance "
                f"(the largest suitable room seats {max(suited)}) or add a bigger room",
                3,
            )
        )
    return out


def _session_item(s: Session) -> Item:
    return Item(
        "session",
        (s.session_id,),
        f"{s.session_id} '{s.title}' is in the programme "
        f"({s.kind}, {s.duration} minutes){_row('Sessions', s.row)}",
        f"drop {s.session_id} or move it to another week",
        9,
    )


def _row(sheet: str, row: int | None) -> str:
    return f" ({sheet} row {row})" if row else ""


def relax(forum: Forum, items) -> Forum:
    """The forum with these items switched off."""
    items = list(items)
    kinds = {i.kind for i in items}
    dropped = {i.key[0] for i in items if i.kind == "session"}
    by = lambda kind: {i.key for i in items if i.kind == kind}  # noqa: E731
    unpinned, unlocked = by("pin"), by("locked")
    no_needs, no_capacity = by("needs"), by("capacity")
    # A facilitator item frees the last of its sessions from that person (one is enough to
    # end a clash between two of them, or to free a session from its person's absences).
    unassigned = {(theirs[-1], person) for person, theirs in by("facilitator")}
    sessions = []
    for s in forum.sessions:
        if s.session_id in dropped:
            continue
        key = (s.session_id,)
        changes = {}
        if key in unpinned:
            changes.update(pin_day=None, pin_start=None, pin_room=None)
        if key in unlocked:
            changes.update(locked=False)
        if key in no_needs:
            changes.update(needs=frozenset())
        if key in no_capacity:
            changes.update(attendance=0)
        people = tuple(p for p in s.facilitators if (s.session_id, p) not in unassigned)
        if people != s.facilitators:
            changes.update(facilitators=people)
        if "week_shape" in kinds and s.kind in ("opening", "closing"):
            changes.update(kind="plenary")
        if "plenary_alone" in kinds and s.is_plenary:
            changes.update(kind="parallel")
        sessions.append(replace(s, **changes) if changes else s)
    kept = {s.session_id for s in sessions}
    rows, rules = by("unavailability"), by("rule")
    out = replace(
        forum,
        sessions=tuple(sessions),
        unavailability=tuple(
            u
            for u in forum.unavailability
            if not (u.hard and (u.row, u.who, u.day, u.start, u.end) in rows)
        ),
        rules=tuple(
            r
            for r in forum.rules
            if r.session_a in kept
            and (r.session_b is None or r.session_b in kept)
            and not (r.hard and (r.row, r.rule, r.session_a, r.session_b) in rules)
        ),
    )
    if "venue_travel" in kinds:
        out = replace(out, settings=replace(out.settings, venue_travel_minutes=0))
    if "standard_starts" in kinds:
        out = replace(out, settings=replace(out.settings, session_starts=()))
    if "changeover" in kinds:
        out = replace(
            out,
            settings=replace(out.settings, room_changeover_minutes=0),
            rooms=tuple(replace(r, changeover=None) for r in out.rooms),
        )
    if forum.baseline is not None:
        entries = tuple(
            replace(e, locked=False) if (e.session_id,) in unlocked else e
            for e in forum.baseline.entries
        )
        cap = None if "max_changes" in kinds else forum.baseline.max_changes
        out = replace(out, baseline=Baseline(entries, forum.baseline.source, cap))
    return out


def only_sessions(forum: Forum, sessions) -> Forum:
    """The forum reduced to these sessions (and the rules among them)."""
    keep = set(sessions)
    return relax(forum, [_session_item(s) for s in forum.sessions if s.session_id not in keep])


# -- the explanation -------------------------------------------------------------------------
def explain(forum: Forum, seconds: float = 10.0, verify_fixes: bool = True) -> Explanation:
    """A minimal set of conflicting items and the fixes that work, within about `seconds`:
    every step stops at the deadline, and what it could not finish is said (a set that may
    not be the smallest, fixes not tried)."""
    clock_start = time.monotonic()
    deadline = Deadline.after(seconds, clock_start)
    status, sessions = first_core(forum, min(FIRST_CORE_SECONDS, seconds / 2), deadline)
    if status != "infeasible":
        return Explanation(status, seconds=time.monotonic() - clock_start)
    if len(sessions) > MAX_CONFLICT_SESSIONS:
        # A conflict of hundreds of sessions (the week's room time, a facilitator's load) is
        # said by the pre-check itself; narrowing it item by item would take far too long.
        reasons = unplaceable(forum)
        note = reasons[0].message if reasons else f"{len(sessions)} sessions conflict"
        return Explanation(
            "infeasible",
            notes=[
                note,
                f"The conflict involves {len(sessions)} sessions, too many to narrow "
                "down rule by rule; the reason above is what to change.",
            ],
            seconds=time.monotonic() - clock_start,
        )
    small = only_sessions(forum, sessions)
    core, minimal = _shrink(small, items_of(forum, sessions), [], deadline)
    # Again on the sessions that stayed, so that every item (and every stand-in below) is
    # about them alone.
    sessions = sorted(i.key[0] for i in core if i.kind == "session")
    small, items = only_sessions(forum, sessions), items_of(forum, sessions)
    core, again_minimal = _shrink(small, items, [], deadline)
    minimal = minimal and again_minimal
    # An item whose relaxing alone leaves the sessions impossible has stand-ins: other items
    # that cause the same conflict (two shared facilitators, say). Find them, so that the
    # explanation does not send the planner round a loop of re-runs.
    groups = []
    for item in [i for i in core if i.kind != "session"]:
        alone = feasible(relax(small, [item]), deadline=deadline)
        if alone is None:
            minimal = False
        if alone is not False:
            continue
        group = [item]
        while (
            len(group) < MAX_STAND_INS and feasible(relax(small, group), deadline=deadline) is False
        ):
            again, _ = _shrink(small, items, group, deadline)
            new = [i for i in again if i.kind != "session" and i not in core and i not in group]
            if not new:
                break
            group += new
        if feasible(relax(small, group), deadline=deadline) is not True:
            minimal = False  # the group found does not end the conflict on its own
        groups.append(group)
    stand_ins = tuple(dict.fromkeys(i for g in groups for i in g))
    explanation = Explanation(
        "infeasible", tuple(i for i in core if i not in stand_ins), minimal, stand_ins=stand_ins
    )
    if verify_fixes:
        fixes, untried, longest = [], [], 0.0
        candidates = list(explanation.items) + list(stand_ins)
        for item in sorted(candidates, key=lambda i: (i.cost, i.kind, i.key)):
            started = time.monotonic()
            if len(fixes) >= MAX_FIXES or deadline.left() < longest:
                untried.append(item)
                continue
            verdict = feasible(relax(forum, [item]), PROBE_SECONDS, workers=2, deadline=deadline)
            if verdict:
                fixes.append(item)
            elif verdict is None:
                untried.append(item)  # the deadline came first
            longest = max(longest, time.monotonic() - started)
        explanation.fixes, explanation.untried = tuple(fixes), tuple(untried)
    explanation.seconds = time.monotonic() - clock_start
    return explanation


def _shrink(small: Forum, items: list[Item], relaxed_first: list[Item], deadline=NO_DEADLINE):
    """The deletion loop: (the items that stay needed, whether every probe was decided).
    Past the deadline the remaining items are kept unprobed: still a proven conflict, maybe
    not the smallest."""
    relaxed = list(relaxed_first)
    minimal = True
    for item in items:
        if item in relaxed:
            continue
        if (
            item.kind != "session"
            and item.key
            and item.key[0] in {r.key[0] for r in relaxed if r.kind == "session"}
        ):
            relaxed.append(item)  # it belongs to a session already left out
            continue
        if deadline.passed():
            minimal = False
            continue
        verdict = feasible(relax(small, relaxed + [item]), deadline=deadline)
        if verdict is False:
            relaxed.append(item)  # still infeasible without it: not part of the conflict
        elif verdict is None:
            minimal = False  # undecided: kept, so the set stays a proven conflict
    return tuple(i for i in items if i not in relaxed), minimal


def explanation_lines(explanation: Explanation) -> list[str]:
    """The explanation in the planners' words, one line each."""
    if explanation.status == "feasible":
        return ["Every session can be placed under the hard rules: the forum can be scheduled."]
    if explanation.status == "unknown":
        return ["Could not decide within the time given whether the forum can be scheduled."]
    if not explanation.items and explanation.notes:
        return ["The forum cannot be scheduled:"] + [f"  {note}" for note in explanation.notes]
    named = explanation.sessions
    sessions = (
        f"{named[0]} can be placed"
        if len(named) == 1
        else f"{', '.join(named)} can all be placed together"
    )
    head = (
        "These rules conflict"
        + (
            f": without any one of them, {sessions}"
            if explanation.minimal
            else " (the set may not be the smallest: some checks ran out of time)"
        )
        + ":"
    )
    lines = [head] + [f"  - {item.text}" for item in explanation.items]
    if explanation.stand_ins:
        lines.append(
            "  and these, which cause the clash in several ways at once (relaxing "
            "one of them is not enough; relaxing all of them is):"
        )
        lines += [f"      - {item.text}" for item in explanation.stand_ins]
    if explanation.fixes:
        lines.append("Fixes verified by re-solving (each alone makes the forum schedulable):")
        lines += [f"  - {item.fix}" for item in explanation.fixes]
    elif explanation.items and not explanation.untried:
        lines.append(
            "No single change of these makes the whole forum schedulable: other "
            "conflicts remain; fix this one and run explain again."
        )
    elif explanation.items:
        lines.append(
            "No change tried so far makes the whole forum schedulable; the time ran out before "
            "the others were tried (run forum-scheduler explain with a longer --time-limit)."
        )
    if explanation.untried:
        lines.append(f"  (not tried: {'; '.join(i.fix for i in explanation.untried)})")
    return lines
