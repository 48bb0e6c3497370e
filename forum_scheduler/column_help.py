"""What every sheet, column and setting of the input workbooks means, in the planners' words.

The template (`template.py`) puts this text on the workbooks' header cells, so that a planner
can fill them in without other documentation. `type`, `meaning` and `sample` are those of the
tables of data/README.md, word for word (a test holds them to it; markdown backticks aside);
`more` adds what the README says around its tables. The vocabularies themselves (kinds, rule
names, settings, weight keys) come from where the reader defines them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .constraints.registry import SOFT, weight_defaults
from .domain import KINDS, PAIR_RULES, RULE_KINDS
from .workbook import REQUIRED_COLUMNS, SETTINGS


@dataclass(frozen=True)
class Help:
    type: str
    meaning: str
    sample: str = ""
    more: str = ""
    default: str = ""  # settings only

    def text(self, name: str, required: bool) -> str:
        """The comment of a header (or a setting) cell."""
        parts = [f"{name} ({_plain(self.type)}{', required' if required else ''})"]
        parts.append(_sentence(self.meaning))
        if self.default and self.default != "required":
            parts.append(f"Default: {_plain(self.default)}.")
        if self.more:
            parts.append(self.more)
        if self.sample:
            parts.append(f"Example: {_plain(self.sample)}")
        return "\n".join(parts)


COLUMNS: dict[str, dict[str, Help]] = {
    "Forum": {
        "setting": Help("text", "the setting's name (one of those below)", more="One row per setting; point at a setting's name for what it means."),
        "value": Help("depends on the setting", "the setting's value: a text, a number, a date or a time"),
    },
    "Rooms": {
        "room_id": Help("text", "unique id, used by pins, Unavailability and the programme", "`CICG-1`, `ITU-POPOV`"),
        "name": Help("text", "the name shown in the programme", "`CICG Room 1`, `Popov Room`"),
        "venue": Help("text", "the building; moving between venues takes `venue_travel_minutes`", "`CICG`, `ITU HQ`"),
        "capacity": Help("integer", "seats; a session's attendance may not exceed it", "`900`"),
        "features": Help("list", "what the room offers; matched against the sessions' `needs`", "`interpretation, webcast`", more="Several separated by commas; free text, the same words as in the Sessions' needs."),
        "changeover_minutes": Help("integer", "minutes this room needs between two sessions; blank: the Forum's `room_changeover_minutes`", "`30`"),
    },
    "Themes": {
        "theme_id": Help("text", "unique id, used in the Sessions sheet", "`GOV`"),
        "name": Help("text", "the theme's name", "`Digital government and public services`"),
        "action_lines": Help("list", "the action lines (topic tags) the theme covers", "`C1, C7-egov, C11`", more="Several separated by commas."),
        "colour": Help("text, hex", "the colour of the theme's sessions in the day grids and their legend (blank: a light colour picked by the theme id, which stays the same when themes are added)", "`#4E79A7`"),
    },
    "Facilitators": {
        "facilitator_id": Help("text", "unique id, used in the Sessions sheet and the `who` column", "`ITU`, `P016`", more="A facilitator and a room may not share an id."),
        "name": Help("text", "the person's or organisation's name", "`International Telecommunication Union`, `Müller, Anna`"),
        "organisation": Help("text", "the facilitator's organisation, shown beside their name in the calendars", "`University of Geneva`"),
        "email": Help("text", "where the change messages go (`changes/<facilitator_id>.eml` is addressed to it); several addresses may be separated by commas or semicolons; blank: the draft has no recipient", "`anna.muller@example.org`"),
    },
    "Sessions": {
        "session_id": Help("text", "unique, stable id (it also makes the calendar UID)", "`S001`", more="Keep it once published: the calendars know the session by it."),
        "title": Help("text", "the session's title, shown in the programme and the calendars", "`Opening ceremony`"),
        "kind": Help("`opening`, `closing`, `plenary` or `parallel`", "the session's place in the week's shape; blank: `parallel`", "`opening`", more=(
            "opening: on day 1, before every other session. closing: on the last day, after "
            "every other session. plenary: nothing else runs meanwhile. parallel: the thematic "
            "sessions that run side by side. Openings and closings are plenaries too.")),
        "duration_minutes": Help("integer", "length; a multiple of `slot_minutes`", "`60`, `105`"),
        "themes": Help("list of theme ids", "the themes the session belongs to; sessions that share a theme should not overlap", "`SKILLS, AI`", more="Ids from the Themes sheet, separated by commas."),
        "action_lines": Help("list", "topic tags, such as those of its themes", "`C4, C7-eemploy`", more="Several separated by commas."),
        "facilitators": Help("list of facilitator ids", "who must be there", "`P037, UNDP`", more="Ids from the Facilitators sheet, separated by commas."),
        "attendance": Help("integer", "expected audience; at most the room's capacity", "`800`"),
        "needs": Help("list of room features", "the room must have every one", "`interpretation, webcast`", more="Words from the Rooms sheet's features, separated by commas."),
        "day": Help("pin: day number `1..N` or a date", "the session is held on that day", "`1`, `2026-05-06`", more="Blank: any day. Day 1 is the Forum's first_day."),
        "start": Help("pin: time", "the session starts at that time", "`09:00`", more="Blank: any time."),
        "room": Help("pin: room_id", "the session is held in that room", "`CICG-1`", more="Blank: any room that fits. Pick a room_id of the Rooms sheet."),
        "locked": Help("`TRUE` or blank", "when re-solving, keep the place the previous programme gives it", "`TRUE`"),
        "description": Help("text", "free text about the session, shown in the calendars", "`Ministers and heads of agencies on the next decade of WSIS`"),
        "change_note": Help("text", "why the planner changed the session, said to its facilitators when a re-solve lists the change (the `reason` of `changes.csv` and of their messages); blank: no note. Clear it once the change is sent", "`Moved at the host's request`"),
    },
    "Unavailability": {
        "who": Help("a facilitator_id or a room_id", "whom the row concerns", "`P023`, `ITU-H`", more="An id of the data workbook's Facilitators or Rooms sheet."),
        "day": Help("day number `1..N` or a date", "the day the row concerns", "`5`"),
        "from": Help("time", "start of the unavailable interval", "`12:00`", more="From and to both blank: the whole day; one blank: from the day's start, or to its end."),
        "to": Help("time", "end of the unavailable interval", "`14:30`"),
        "strength": Help("`hard` or `soft`", "hard: never broken; soft: a preference, weighed against the other goals; blank: `hard`", "`soft`"),
        "weight": Help("non-negative integer", "the penalty weight of a soft row; blank: the Weights sheet's `soft_unavailability`", "`3`"),
        "note": Help("text", "free text; when a session must move because its published place now falls in this row, the note is given as the reason of the move, in `changes.csv` and in the messages to the session's facilitators", "`Flight home from Geneva at 14:05 on Friday`"),
    },
    "Rules": {
        "rule": Help("a rule name", "what the rule requires (the rules are listed below)", "`before`"),
        "session_a": Help("session_id", "the session the rule is about", "`S023`", more="An id of the data workbook's Sessions sheet."),
        "session_b": Help("session_id", "the other session of a pair rule", "`S024`"),
        "value": Help("day or time", "the parameter of a single-session rule", "`2`, `10:00`", more="on_day, not_on_day: a day number or a date; start_after, end_before: a time."),
        "strength": Help("`hard` or `soft`", "hard: never broken; soft: a preference, weighed against the other goals; blank: `hard`", "`soft`"),
        "weight": Help("non-negative integer", "the penalty weight of a soft rule; blank: the Weights sheet's `soft_rules`", "`5`"),
        "note": Help("text", "free text; when a session must move because its published place now breaks this row, the note is given as the reason of the move, in `changes.csv` and in the messages to the session's facilitators", "`A two-part series`"),
    },
    "Weights": {
        "objective": Help("a weight key", "the soft goal weighed (the keys are listed below)", "`theme_clash`"),
        "weight": Help("non-negative integer", "0 switches the soft goal off", "`10`", more="A goal without a row keeps its default."),
    },
}  # fmt: skip

SETTINGS_HELP: dict[str, Help] = {
    "name": Help("text", "the forum's name; its slug names the output folder", "`WSIS Forum 2026`", default="required"),
    "first_day": Help("date", "the date of day 1", "`2026-05-04` (a Monday)", default="required"),
    "days": Help("integer", "number of consecutive days", "`5`", default="`5`"),
    "day_start": Help("time", "the start of every day; the slot grid counts from it", "`09:00`", default="`09:00`"),
    "day_end": Help("time", "the end of every day", "`18:15`", default="`18:00`"),
    "breaks": Help("text", "breaks no session may overlap, `HH:MM-HH:MM`; several separated by `;` (`12:45-14:30; 16:00-16:15`); absent or blank: no break", "`12:45-13:15; 14:00-14:30`", default="none"),
    "slot_minutes": Help("integer", "the slot grid: sessions start at `day_start` + a multiple of it", "`15`", default="`15`"),
    "session_starts": Help("list of times", "the standard starts: every session begins at one of these times of day, unless it is pinned to a start or is the second part of a hard `back_to_back` rule; each must lie on the slot grid, inside the day and outside the breaks (hard rule `standard_starts`)", "`09:00, 11:00, 13:15, 14:30, 16:30`", default="blank: any slot"),
    "room_changeover_minutes": Help("integer", "the least gap between the end of one session and the start of the next in the same room; a room's `changeover_minutes` overrides it (hard rule `room_changeover`)", "`15`", default="`0`"),
    "timezone": Help("text", "the forum's time zone (an IANA name), used in the calendars", "`Europe/Zurich`", default="`Europe/Zurich`"),
    "venue_travel_minutes": Help("integer", "the least gap a facilitator needs between two sessions in different venues", "`15`", default="`15`"),
    "facilitator_max_sessions_per_day": Help("integer", "the daily number of sessions above which a facilitator counts as overloaded (soft goal `facilitator_load`)", "`4`", default="blank: no limit"),
    "facilitator_min_pause_minutes": Help("integer", "the pause a facilitator should have between two sessions (soft goal `facilitator_load`)", "`15`", default="`0`"),
    "time_limit_seconds": Help("number", "how long the solver may search", "`60`", default="`60`"),
    "paper_size": Help("text", "the paper the workbook's day grids print on, one landscape page a day: `A4` or `A3` (any case); A3 keeps the text of a day with more than about 20 rooms legible (README, *The workbook on paper*)", "`A3`", default="`A4`"),
}  # fmt: skip

RULES_HELP: dict[str, str] = {
    "before": "A ends before B starts (A's end <= B's start)",
    "same_day": "A and B are on the same day",
    "different_day": "A and B are on different days",
    "not_parallel": "A and B do not overlap in time",
    "same_room": "A and B are in the same room",
    "back_to_back": "B starts when A ends, in the same room",
    "on_day": "A is held on that day",
    "not_on_day": "A is not held on that day",
    "start_after": "A starts at or after that time (start >= value)",
    "end_before": "A ends at or before that time (end <= value)",
}

# The settings that must be given (the others have a default).
REQUIRED_SETTINGS = tuple(k for k, h in SETTINGS_HELP.items() if h.default == "required")


def header_comment(sheet: str, column: str) -> str:
    """The comment on a header cell: the column's type, meaning, example, and the choices of
    a column taken from a vocabulary."""
    text = COLUMNS[sheet][column].text(column, column in REQUIRED_COLUMNS.get(sheet, ()))
    choices = _choices(sheet, column)
    return f"{text}\n{choices}" if choices else text


def setting_comment(setting: str) -> str:
    return SETTINGS_HELP[setting].text(setting, setting in REQUIRED_SETTINGS)


def _choices(sheet: str, column: str) -> str:
    if (sheet, column) == ("Sessions", "kind"):
        return "Choices: " + ", ".join(KINDS) + "."
    if (sheet, column) == ("Forum", "setting"):
        return "Settings: " + ", ".join(SETTINGS) + "."
    if (sheet, column) == ("Rules", "rule"):
        pair = [f"{r} (session_b): {RULES_HELP[r]}" for r in PAIR_RULES]
        single = [f"{r} (value): {RULES_HELP[r]}" for r in RULE_KINDS if r not in PAIR_RULES]
        return "Rules:\n" + "\n".join(pair + single)
    if (sheet, column) == ("Weights", "objective"):
        titles = {c.weight_key: c.title for c in SOFT if c.weight_key}
        keys = sorted(weight_defaults().items())
        return "Keys (default weight):\n" + "\n".join(f"{k} ({w}): {titles[k]}" for k, w in keys)
    return ""


def _plain(text: str) -> str:
    """Markdown's code quotes left out: a comment is plain text."""
    return text.replace("`", "")


def _sentence(text: str) -> str:
    text = _plain(text)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
