"""Rules sheet: relations between sessions (before, same_day...) and single-session limits.

Every row is either hard (never broken) or soft (breaking it costs its weight). Both strengths
share one encoding per rule kind, switched by an enforcement literal, and one plain check.
"""

from __future__ import annotations

from ..domain import Forum, Placement, Programme, Rule, Session, clock
from .base import Constraint, Grouping, Offence, Penalty, Violation, rows_note

SOFT_RULES_DEFAULT = 1000


# -- the check: does a rule hold for these placements? ---------------------------------------
def rule_holds(forum: Forum, rule: Rule, a: Placement, b: Placement | None) -> bool:
    duration = forum.session_by_id
    a_start = (a.day, a.start)
    a_end = (a.day, a.start + duration[a.session_id].duration)
    kind, value = rule.rule, rule.value
    if kind == "on_day":
        return a.day == value
    if kind == "not_on_day":
        return a.day != value
    if kind == "start_after":
        return a.start >= value
    if kind == "end_before":
        return a_end[1] <= value
    assert b is not None
    b_start = (b.day, b.start)
    b_end = (b.day, b.start + duration[b.session_id].duration)
    if kind == "before":
        return a_end <= b_start
    if kind == "same_day":
        return a.day == b.day
    if kind == "different_day":
        return a.day != b.day
    if kind == "not_parallel":
        return a_end <= b_start or b_end <= a_start
    if kind == "same_room":
        return a.room_id == b.room_id
    if kind == "back_to_back":
        return b_start == a_end and a.room_id == b.room_id
    raise ValueError(f"unknown rule {kind}")


def _evaluate(forum: Forum, programme: Programme, hard: bool):
    """(rule, holds) for every rule of the given strength whose sessions are placed."""
    placed = programme.by_session
    for rule in forum.rules:
        if rule.hard != hard:
            continue
        a, b = placed.get(rule.session_a), placed.get(rule.session_b) if rule.session_b else None
        if a is None or (rule.session_b and b is None):
            continue
        yield rule, rule_holds(forum, rule, a, b)


def _message(forum: Forum, rule: Rule, programme: Programme) -> str:
    placed = programme.by_session
    where = []
    for sid in (rule.session_a, rule.session_b):
        if sid:
            p = placed[sid]
            end = p.start + forum.session_by_id[sid].duration
            where.append(
                f"{sid} is {forum.settings.day_label(p.day)} {clock(p.start)}-"
                f"{clock(end)} in {p.room_id}"
            )
    note = f" ({rule.note})" if rule.note else ""
    rows = rows_note(*(placed[sid] for sid in (rule.session_a, rule.session_b) if sid))
    return (
        f"rule {rule.describe()} (Rules row {rule.row}){note} is broken: {'; '.join(where)}{rows}"
    )


def check(forum: Forum, programme: Programme) -> list[Violation]:
    return [
        Violation(
            "rules",
            _message(forum, rule, programme),
            tuple(x for x in (rule.session_a, rule.session_b) if x),
            cause=rule,
        )
        for rule, holds in _evaluate(forum, programme, hard=True)
        if not holds
    ]


def soft_weight(forum: Forum, rule: Rule) -> int:
    return (
        rule.weight if rule.weight is not None else forum.weight("soft_rules", SOFT_RULES_DEFAULT)
    )


def penalty(forum: Forum, programme: Programme) -> Penalty:
    offences = tuple(
        Offence(
            soft_weight(forum, rule),
            _message(forum, rule, programme),
            tuple(x for x in (rule.session_a, rule.session_b) if x),
            cause=rule,
        )
        for rule, holds in _evaluate(forum, programme, hard=False)
        if not holds and soft_weight(forum, rule)
    )
    return Penalty("soft_rules", sum(o.amount for o in offences), offences)


# -- the encoding ------------------------------------------------------------------------------
def allowed_start(forum: Forum, session: Session, day: int, minute: int) -> bool:
    """Hard single-session rules only remove starts."""
    for rule in forum.rules:
        if not rule.hard or rule.session_a != session.session_id or rule.session_b:
            continue
        probe = Placement(session.session_id, day, minute, "")
        if not rule_holds(forum, rule, probe, None):
            return False
    return True


def _encode_rule(enc, rule: Rule, enforce: list) -> None:
    m, a, b, v = enc.model, rule.session_a, rule.session_b, rule.value
    kind = rule.rule
    if kind == "on_day":
        m.add(enc.day[a] == v).only_enforce_if(enforce)
    elif kind == "not_on_day":
        m.add(enc.day[a] != v).only_enforce_if(enforce)
    elif kind == "start_after":
        m.add(enc.time_of_day[a] >= v).only_enforce_if(enforce)
    elif kind == "end_before":
        duration = enc.forum.session_by_id[a].duration
        m.add(enc.time_of_day[a] + duration <= v).only_enforce_if(enforce)
    elif kind == "before":
        m.add(enc.end[a] <= enc.start[b]).only_enforce_if(enforce)
    elif kind == "same_day":
        m.add(enc.day[a] == enc.day[b]).only_enforce_if(enforce)
    elif kind == "different_day":
        m.add(enc.day[a] != enc.day[b]).only_enforce_if(enforce)
    elif kind == "not_parallel":
        a_first = m.new_bool_var(f"rule{rule.row}_order")
        m.add(enc.end[a] <= enc.start[b]).only_enforce_if(enforce + [a_first])
        m.add(enc.end[b] <= enc.start[a]).only_enforce_if(enforce + [~a_first])
    elif kind in ("same_room", "back_to_back"):
        for room_id in sorted(set(enc.z[a]) | set(enc.z[b])):
            m.add(enc.z[a].get(room_id, 0) == enc.z[b].get(room_id, 0)).only_enforce_if(enforce)
        if kind == "back_to_back":
            m.add(enc.start[b] == enc.end[a]).only_enforce_if(enforce)


def _placed_literals(enc, rule: Rule) -> list:
    return [enc.placed[sid] for sid in (rule.session_a, rule.session_b) if sid]


def encode(enc) -> None:
    for rule in enc.forum.rules:
        if rule.hard and rule.session_b:
            _encode_rule(enc, rule, _placed_literals(enc, rule))


def encode_soft(enc) -> None:
    for rule in enc.forum.rules:
        if rule.hard:
            continue
        kept = enc.model.new_bool_var(f"rule{rule.row}_kept")
        _encode_rule(enc, rule, _placed_literals(enc, rule) + [kept])
        enc.add_cost("soft_rules", soft_weight(enc.forum, rule), 1 - kept)


def grouping(forum: Forum) -> Grouping:
    """A group per soft row: its weight when its sessions are all placed and it is broken."""
    soft = [(i, rule) for i, rule in enumerate(forum.rules) if not rule.hard]
    rows_of: dict[str, list[int]] = {}
    for i, rule in soft:
        for sid in dict.fromkeys(x for x in (rule.session_a, rule.session_b) if x):
            rows_of.setdefault(sid, []).append(i)

    def cost(i, placements) -> int:
        rule = forum.rules[i]
        placed = {p.session_id: p for p in placements}
        a, b = placed.get(rule.session_a), placed.get(rule.session_b)
        if a is None or (rule.session_b and b is None) or not soft_weight(forum, rule):
            return 0
        return 0 if rule_holds(forum, rule, a, b) else soft_weight(forum, rule)

    return Grouping(lambda session, placement: rows_of.get(session.session_id, ()), cost)


CONSTRAINT = Constraint(
    id="rules",
    title="Hard rules of the Rules sheet",
    rule="Every Rules row with strength hard holds (before, same_day, different_day, "
    "not_parallel, same_room, back_to_back, on_day, not_on_day, start_after, end_before).",
    hard=True,
    encode=encode,
    check=check,
    cites_rows=True,
    allowed_start=allowed_start,
)

SOFT_CONSTRAINT = Constraint(
    id="soft_rules",
    title="Soft rules of the Rules sheet",
    rule="Every Rules row with strength soft that is broken costs its weight (blank: the "
    "soft_rules weight).",
    hard=False,
    encode=encode_soft,
    penalty=penalty,
    cites_rows=True,
    weight_key="soft_rules",
    default_weight=SOFT_RULES_DEFAULT,
    grouping=grouping,
)
