"""Random but schedulable forums in the input workbook contract, for tests and benchmarks.

    from forumgen import generate_forum, hidden_programme, write_xlsx, write_csv_folder

    sheets = generate_forum(150, seed=7)
    write_xlsx(sheets, "forum.xlsx")          # one workbook with every sheet
    write_csv_folder(sheets, "forum-csv")     # Forum.csv, Rooms.csv, ... one file per sheet
    known_good = hidden_programme(sheets)     # a timetable that obeys every hard rule

Every forum is schedulable by construction: a hidden timetable is built first (openings first
thing on day 1, a mid-week plenary, closings last thing on the last day, parallel sessions packed
into the rooms' free time), and everything else is derived from it: each session's attendance and
needed features come from the room it holds in the hidden timetable, facilitators are only given
sessions they can reach (no overlap, at least the venue travel time and the minimum pause between
two sessions, at most the daily maximum), unavailability is only declared where the hidden
timetable leaves the person or room free, and rules and pins are only written when the hidden
timetable satisfies them. The hidden timetable is kept under the key "_hidden"; the writers skip
keys that start with "_".

Only the standard library is needed, except `write_xlsx` (openpyxl, imported when called).
The same arguments always give the same forum.
"""

from __future__ import annotations

import csv
import math
import random
from datetime import date, time, timedelta
from pathlib import Path

from forum_scheduler.sheetwriter import CONTRACT_COLUMNS, shown, write_sheets

__all__ = ["SHEET_COLUMNS", "generate_forum", "hidden_programme", "write_csv_folder", "write_xlsx"]

SHEET_COLUMNS = CONTRACT_COLUMNS
HIDDEN_KEY = "_hidden"

# Forum settings of every generated forum
FIRST_DAY = date(2026, 5, 4)  # a Monday
DAY_START, DAY_END = 9 * 60, 18 * 60
BREAK = (12 * 60 + 45, 14 * 60 + 30)
SLOT = 15
TRAVEL = 15
PAUSE = 15
MAX_PER_DAY = 4
MAX_LOAD = 8  # sessions per facilitator over the week

DURATIONS = (45, 60, 90, 105, 120)
DURATION_WEIGHTS = (15, 25, 30, 20, 10)
INTERP, WEB = "interpretation", "webcast"

ACTION_LINES = (
    "C1",
    "C2",
    "C3",
    "C4",
    "C5",
    "C6",
    "C7-egov",
    "C7-ebus",
    "C7-elearn",
    "C7-ehealth",
    "C7-eemploy",
    "C7-eenv",
    "C7-eagri",
    "C7-escience",
    "C8",
    "C9",
    "C10",
    "C11",
)
PALETTE = (
    "#4E79A7",
    "#F28E2B",
    "#E15759",
    "#76B7B2",
    "#59A14F",
    "#EDC948",
    "#B07AA1",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
    "#1F77B4",
    "#8C564B",
    "#2CA02C",
    "#D62728",
    "#9467BD",
    "#17BECF",
    "#BCBD22",
    "#7F7F7F",
    "#AEC7E8",
    "#FFBB78",
)
THEME_NAMES = (
    "Digital government",
    "Connectivity",
    "Access to knowledge",
    "Digital skills",
    "Cybersecurity and trust",
    "Digital economy",
    "Digital health",
    "Climate and environment",
    "Media and culture",
    "Artificial intelligence",
    "Inclusion and gender",
    "WSIS and the SDGs",
    "Smart cities",
    "Open science",
    "Digital agriculture",
    "Youth and education",
    "Data governance",
    "Accessibility",
    "Disaster resilience",
    "Regional cooperation",
)
SUBJECTS = (
    "Digital skills",
    "Open data",
    "Cybersecurity",
    "AI governance",
    "Broadband",
    "E-waste",
    "Digital ID",
    "E-health",
    "Community networks",
    "E-commerce",
    "Digital payments",
    "Media literacy",
    "Satellite connectivity",
    "Open science",
    "Early warning systems",
    "Smart farming",
    "E-learning",
    "Data protection",
    "Local content",
    "Digital public infrastructure",
    "Child online protection",
    "Green ICT",
    "Platform work",
    "Accessible ICTs",
    "Digital heritage",
)
CONTEXTS = (
    "in small island states",
    "for local governments",
    "and gender equality",
    "in the Global South",
    "for smallholder farmers",
    "after WSIS+20",
    "for persons with disabilities",
    "in humanitarian settings",
    "for SMEs",
    "in least developed countries",
    "for older persons",
    "in rural schools",
    "and the SDGs",
    "across borders",
    "for young people",
    "in cities, towns and villages",
)
FORMATS = (
    "Thematic Workshop",
    "Thematic Workshop",
    "Interactive Session",
    "Knowledge Café",
    "Country Workshop",
)
COUNTRIES = (
    "Rwanda",
    "Brazil",
    "Estonia",
    "Indonesia",
    "Kenya",
    "Viet Nam",
    "Costa Rica",
    "Côte d'Ivoire",
    "Türkiye",
    "Bangladesh",
    "Morocco",
    "Uruguay",
    "Fiji",
    "Mongolia",
)
FIRST_NAMES = (
    "Anna",
    "Jean",
    "Zoë",
    "João",
    "Wanjiru",
    "Ahmed",
    "Lan",
    "Priya",
    "Mariana",
    "Youssef",
    "Ji-won",
    "Farhana",
    "Siobhán",
    "Lars",
    "Amara",
    "Kwame",
    "Ingrid",
    "Sofía",
    "Hiroshi",
    "Émilie",
    "Olga",
    "Diego",
    "Noor",
    "Thandiwe",
    "Jakub",
)
LAST_NAMES = (
    "Müller",
    "Dupont",
    "Lefèvre",
    "Ribeiro",
    "Kamau",
    "El-Sayed",
    "Nguyễn",
    "Raghavan",
    "Solís",
    "Benali",
    "Kim",
    "Rahman",
    "O'Brien",
    "Øberg",
    "Diallo",
    "Mensah",
    "Svensson",
    "Martínez",
    "Tanaka",
    "Rousseau",
    "Petrenko",
    "Ramírez",
    "Fatima",
    "Moyo",
    "Nowak",
)
ORGANISATIONS = (
    "University of Geneva",
    "Open Internet Alliance",
    "Ministry of ICT, Rwanda",
    "Digital Rights Network",
    "Green Networks Institute",
    "Savanna Fintech Ltd",
    "Pacific Islands Telecom Association",
    "Centre for Trustworthy AI",
    "Community Radio Federation",
    "Institute for Digital Development Studies",
)
ORG_FACILITATORS = (
    "Digital Inclusion Network",
    "Global Connectivity Coalition",
    "Open Knowledge Partnership",
    "Youth Tech Council",
    "Regional ICT Agency",
)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def _join(items) -> str | None:
    return ", ".join(items) or None


class _Placed:
    """A session of the hidden timetable."""

    __slots__ = ("day", "duration", "facilitators", "kind", "room", "sid", "start")

    def __init__(self, sid, kind, duration, day, start, room):
        self.sid, self.kind, self.duration = sid, kind, duration
        self.day, self.start, self.room = day, start, room
        self.facilitators: list[str] = []

    @property
    def end(self) -> int:
        return self.start + self.duration

    def abs_start(self) -> int:
        return self.day * 24 * 60 + self.start

    def abs_end(self) -> int:
        return self.day * 24 * 60 + self.end


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


# --------------------------------------------------------------------------------------------
# The week's frame: openings, the mid-week plenary, closings, and the free parallel windows
# --------------------------------------------------------------------------------------------


def _frame(rng: random.Random, days: int, n_sessions: int):
    """Specials as (kind, duration, day, start) and the free windows of each day."""
    specials = []
    # Openings: day 1 from 09:00, one after the other, 15 minutes apart
    n_open = 2 if days > 1 and (n_sessions >= 80 or rng.random() < 0.4) else 1
    t = DAY_START
    for i in range(n_open):
        if i == 0:
            d = rng.choice((60, 90)) if days > 1 else 60
        else:
            d = rng.choice((60, 90, 105))
        specials.append(("opening", d, 1, t))
        t += d + 15
    opening_end = t - 15
    # Closings: the last day, ending by DAY_END, one after the other, 15 minutes apart
    n_close = 2 if days > 1 and (n_sessions >= 80 or rng.random() < 0.4) else 1
    durations = [rng.choice((60, 90, 105)) for _ in range(n_close - 1)] + [60]
    end = DAY_END - 15 * rng.randint(0, 2)
    closing = []
    for d in reversed(durations):
        closing.append(("closing", d, days, end - d))
        end -= d + 15
    closing.reverse()
    closing_start = closing[0][3]
    # The plenary: mid-week, in a free part of that day
    pday = max(1, (days + 1) // 2) if days != 2 else 1
    options = []
    for d in (60, 90, 105, 120):
        for s in (DAY_START, 11 * 60, BREAK[1], 16 * 60 + 15):
            e = s + d
            if _overlaps(s, e, *BREAK) or e > DAY_END:
                continue
            if pday == 1 and s < opening_end + 15:
                continue
            if pday == days and e + 15 > closing_start:
                continue
            options.append((d, s))
    pdur, pstart = rng.choice(options)
    specials += [("plenary", pdur, pday, pstart)] + closing
    # Free windows for parallel sessions on each day
    windows = {}
    for day in range(1, days + 1):
        lo, hi = DAY_START, DAY_END
        if day == 1:
            lo = opening_end
        if day == days:
            hi = closing_start
        free = []
        for w0, w1 in ((DAY_START, BREAK[0]), (BREAK[1], DAY_END)):
            w0, w1 = max(w0, lo), min(w1, hi)
            if w1 - w0 < 45:
                continue
            # cut out the plenary
            cuts = [(w0, w1)]
            if day == pday:
                cuts = []
                for c0, c1 in ((w0, min(w1, pstart)), (max(w0, pstart + pdur), w1)):
                    if c1 - c0 >= 45:
                        cuts.append((c0, c1))
            free += cuts
        windows[day] = free
    return specials, windows


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


def generate_forum(
    n_sessions: int,
    seed: int = 0,
    *,
    days: int = 5,
    n_rooms: int | None = None,
    n_themes: int | None = None,
    n_facilitators: int | None = None,
    utilisation: float = 0.45,
    durations: tuple[tuple[int, int], ...] | None = None,
) -> dict[str, list[dict]]:
    """Sheets (Forum, Rooms, Themes, Facilitators, Sessions, Unavailability, Rules, Weights) as
    lists of row dicts keyed by the contract's column names; values are str/int/None or
    datetime.date/time. The hidden timetable is under "_hidden" (see `hidden_programme`).

    n_sessions counts every session (openings, plenary and closings included); rooms scale so
    that about `utilisation` of the parallel room-time is used. With n_rooms given and too few
    rooms for the sessions, ValueError is raised. `durations`: (minutes, weight) pairs for the
    parallel sessions (default: a forum's 45-120 minute sessions; talks of a conference are
    shorter).
    """
    if n_sessions < 10:
        raise ValueError("n_sessions must be at least 10")
    if days < 1:
        raise ValueError("days must be at least 1")
    if not 0.05 <= utilisation <= 0.9:
        raise ValueError("utilisation must be between 0.05 and 0.9")
    rng = random.Random(f"forumgen:{seed}:{n_sessions}:{days}")

    specials, windows = _frame(rng, days, n_sessions)
    n_parallel = n_sessions - len(specials)
    lengths, weights = zip(*durations) if durations else (DURATIONS, DURATION_WEIGHTS)
    durations = rng.choices(lengths, weights=weights, k=n_parallel)
    free_minutes = sum(w1 - w0 for ws in windows.values() for w0, w1 in ws)

    # Rooms and the hidden placement of the parallel sessions
    rooms_given = n_rooms is not None
    if n_rooms is None:
        n_rooms = max(4, math.ceil(sum(durations) / (utilisation * free_minutes)))
    if n_rooms < 2:
        raise ValueError("n_rooms must be at least 2 (two venues)")
    while True:
        rooms = _rooms(rng, n_rooms)
        placed = _pack(rng, durations, rooms, windows)
        if placed is not None:
            break
        if rooms_given:
            raise ValueError(f"{n_parallel} parallel sessions do not fit in {n_rooms} rooms")
        n_rooms += 1

    # Session ids: openings first, then the others, closings last
    hall = rooms[0]
    second = rooms[1] if rooms[1]["capacity"] >= 200 else hall
    programme: list[_Placed] = []
    opening = [s for s in specials if s[0] == "opening"]
    closing = [s for s in specials if s[0] == "closing"]
    plenary = [s for s in specials if s[0] == "plenary"]
    for kind, d, day, start in opening:
        programme.append(_Placed(None, kind, d, day, start, hall["room_id"]))
    middle = [
        _Placed(None, "plenary", d, day, start, second["room_id"]) for _, d, day, start in plenary
    ]
    middle += [_Placed(None, "parallel", d, day, start, room) for d, day, start, room in placed]
    rng.shuffle(middle)
    programme += middle
    for kind, d, day, start in closing:
        programme.append(_Placed(None, kind, d, day, start, hall["room_id"]))
    for i, p in enumerate(programme, start=1):
        p.sid = f"S{i:03d}"

    room_by_id = {r["room_id"]: r for r in rooms}
    themes = _themes(rng, n_themes or max(4, min(20, round(n_sessions / 12))))
    n_fac = n_facilitators or max(6, round(n_parallel / 2))
    facilitators = _facilitators(rng, n_fac, programme, room_by_id)
    sessions = _sessions(rng, programme, room_by_id, themes, days)
    unavailability = _unavailability(rng, programme, rooms, facilitators, days)
    rules = _rules(rng, programme, n_sessions, days)

    settings = [
        ("name", f"Generated Forum {n_sessions}-{seed}"),
        ("first_day", FIRST_DAY),
        ("days", days),
        ("day_start", _time(DAY_START)),
        ("day_end", _time(DAY_END)),
        ("breaks", f"{_clock(BREAK[0])}-{_clock(BREAK[1])}"),
        ("slot_minutes", SLOT),
        ("timezone", "Europe/Zurich"),
        ("venue_travel_minutes", TRAVEL),
        ("facilitator_max_sessions_per_day", MAX_PER_DAY),
        ("facilitator_min_pause_minutes", PAUSE),
        ("time_limit_seconds", 60),
    ]
    return {
        "Forum": [{"setting": k, "value": v} for k, v in settings],
        "Rooms": rooms,
        "Themes": [{k: v for k, v in t.items() if not k.startswith("_")} for t in themes],
        "Facilitators": facilitators,
        "Sessions": sessions,
        "Unavailability": unavailability,
        "Rules": rules,
        "Weights": [
            {"objective": "theme_clash", "weight": 10},
            {"objective": "room_fit", "weight": 1},
        ],
        HIDDEN_KEY: [
            {"session_id": p.sid, "day": p.day, "start": _clock(p.start), "room_id": p.room}
            for p in programme
        ],
    }


def hidden_programme(sheets: dict[str, list[dict]]) -> list[dict]:
    """The hidden timetable of a generated forum: rows with session_id, day (1..N), start
    ('HH:MM') and room_id; it obeys every hard rule of the forum."""
    return [dict(row) for row in sheets[HIDDEN_KEY]]


def _rooms(rng: random.Random, n_rooms: int) -> list[dict]:
    """Two venues; room 1 is the plenary hall, room 2 a large room at the other venue."""
    venues = ("Conference Centre", "Headquarters")
    prefixes = ("CC", "HQ")
    rooms = []
    counters = [0, 0]
    for i in range(n_rooms):
        v = 0 if i == 0 else 1 if i == 1 else (0 if i % 2 == 0 else 1)
        counters[v] += 1
        if i == 0:
            capacity, features, name = 50 * rng.randint(12, 20), [INTERP, WEB], "Plenary Hall"
        elif i == 1:
            capacity, features, name = 50 * rng.randint(5, 10), [INTERP, WEB], "Assembly Room"
        else:
            capacity = rng.choices(
                (40, 50, 60, 70, 80, 100, 120, 150, 200), weights=(10, 12, 14, 12, 12, 10, 8, 5, 3)
            )[0]
            features = []
            if rng.random() < (0.4 if capacity >= 100 else 0.1):
                features.append(INTERP)
            if rng.random() < 0.55:
                features.append(WEB)
            name = f"Room {counters[v]}"
        rooms.append(
            {
                "room_id": f"{prefixes[v]}-{counters[v]}",
                "name": name,
                "venue": venues[v],
                "capacity": capacity,
                "features": _join(features),
            }
        )
    return rooms


def _pack(rng, durations, rooms, windows):
    """Place each duration in some room's free window, left to right with small gaps."""
    cursors = {
        (r["room_id"], day, i): w0
        for r in rooms
        for day, ws in windows.items()
        for i, (w0, _) in enumerate(ws)
    }
    ends = {
        (r["room_id"], day, i): w1
        for r in rooms
        for day, ws in windows.items()
        for i, (_, w1) in enumerate(ws)
    }
    keys = sorted(cursors)
    placed = []
    order = sorted(range(len(durations)), key=lambda i: -durations[i])
    for i in order:
        d = durations[i]
        gap = rng.choice((0, 0, 15, 15, 30))
        fits = [k for k in keys if cursors[k] + gap + d <= ends[k]]
        if not fits:
            gap = 0
            fits = [k for k in keys if cursors[k] + d <= ends[k]]
        if not fits:
            return None
        k = rng.choice(fits)
        start = cursors[k] + gap
        cursors[k] = start + d
        room, day, _ = k
        placed.append((i, d, day, start, room))
    placed.sort()
    return [(d, day, start, room) for _, d, day, start, room in placed]


def _themes(rng: random.Random, n: int) -> list[dict]:
    out = []
    for i in range(n):
        lines = sorted(rng.sample(ACTION_LINES, rng.randint(2, 4)), key=ACTION_LINES.index)
        name = THEME_NAMES[i % len(THEME_NAMES)]
        if i >= len(THEME_NAMES):
            name += f" {i // len(THEME_NAMES) + 1}"
        out.append(
            {
                "theme_id": f"T{i + 1:02d}",
                "name": name,
                "action_lines": ", ".join(lines),
                "colour": PALETTE[i % len(PALETTE)],
                "_lines": lines,
                "_weight": 1.0 / (1 + rng.random() * 4) ** 1.5,
            }
        )  # themes of varied size
    return out


def _facilitators(rng, n_fac, programme, room_by_id):
    """Facilitator rows; each session gets facilitators who can be there in the hidden timetable."""
    rows, targets = [], {}
    for i in range(1, n_fac + 1):
        fid = f"F{i:03d}"
        if i % 9 == 0:
            name = ORG_FACILITATORS[(i // 9 - 1) % len(ORG_FACILITATORS)]
            organisation, email = name, f"contact{i}@example.org"
        else:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            style = rng.random()
            name = (
                f"{last}, {first}"
                if style < 0.25
                else f"{last}; {first}"
                if style < 0.3
                else f"{first} {last}"
            )
            organisation = rng.choice(ORGANISATIONS)
            email = f"person{i}@example.org"
        rows.append(
            {"facilitator_id": fid, "name": name, "organisation": organisation, "email": email}
        )
        targets[fid] = rng.choices(range(1, MAX_LOAD + 1), weights=(18, 18, 16, 14, 11, 9, 7, 7))[0]

    busy: dict[str, list[_Placed]] = {f: [] for f in targets}
    venue = {rid: r["venue"] for rid, r in room_by_id.items()}

    def fits(fid: str, p: _Placed) -> bool:
        mine = busy[fid]
        if len(mine) >= MAX_LOAD:
            return False
        if sum(1 for q in mine if q.day == p.day) >= MAX_PER_DAY:
            return False
        for q in mine:
            if q.day != p.day:
                continue
            need = max(PAUSE, TRAVEL if venue[q.room] != venue[p.room] else 0)
            if p.start < q.end + need and q.start < p.end + need:
                return False
        return True

    def give(fid: str, p: _Placed) -> None:
        busy[fid].append(p)
        p.facilitators.append(fid)

    ids = list(targets)
    # A host organisation (and a second one) runs the openings, the plenary and the closings.
    hosts = ids[:2]
    for p in programme:
        if p.kind != "parallel":
            for h in hosts[: 1 if p.kind == "plenary" else 2]:
                if fits(h, p):
                    give(h, p)
    # The parallel sessions: prefer facilitators far from their target load
    parallel = [p for p in programme if p.kind == "parallel"]
    rng.shuffle(parallel)
    for p in parallel:
        wanted = rng.choices((1, 2, 3), weights=(45, 40, 15))[0]
        for _ in range(wanted):
            room_left = [
                f
                for f in ids
                if f not in p.facilitators and len(busy[f]) < targets[f] and fits(f, p)
            ]
            if not room_left:
                room_left = [f for f in ids if f not in p.facilitators and fits(f, p)]
            if not room_left:
                break
            weights = [max(1, targets[f] - len(busy[f])) ** 2 for f in room_left]
            give(rng.choices(room_left, weights=weights)[0], p)
    # Everyone facilitates at least one session
    for f in ids:
        if not busy[f]:
            for p in parallel:
                if len(p.facilitators) < 3 and fits(f, p):
                    give(f, p)
                    break
    kept = [r for r in rows if busy[r["facilitator_id"]]]
    for p in programme:
        p.facilitators.sort()
    return kept


def _sessions(rng, programme, room_by_id, themes, days):
    weights = [t["_weight"] for t in themes]
    rows = []
    for p in programme:
        room = room_by_id[p.room]
        features = [f for f in (room["features"] or "").split(", ") if f]
        if p.kind == "parallel":
            top = min(room["capacity"], 300)
            attendance = max(10, 5 * (rng.randint(int(0.35 * top), top) // 5))
            needs = [f for f in features if rng.random() < (0.3 if f == INTERP else 0.4)]
            fmt = rng.choice(FORMATS)
            if fmt == "Country Workshop":
                title = f"{fmt}: {rng.choice(COUNTRIES)} - {rng.choice(SUBJECTS).lower()}"
            else:
                title = f"{fmt}: {rng.choice(SUBJECTS)} {rng.choice(CONTEXTS)}"
            chosen = []
            for _ in range(rng.choices((1, 2), weights=(6, 4))[0]):
                t = rng.choices(themes, weights=weights)[0]
                if t not in chosen:
                    chosen.append(t)
        else:
            share = {"opening": 0.8, "plenary": 0.6, "closing": 0.5}[p.kind]
            attendance = 10 * int(room["capacity"] * share / 10)
            needs = list(features)
            title = {
                "opening": "Opening ceremony",
                "plenary": "High-level plenary",
                "closing": "Closing ceremony",
            }[p.kind]
            chosen = [themes[-1]]
        pool = sorted({line for t in chosen for line in t["_lines"]}, key=ACTION_LINES.index)
        lines = sorted(
            rng.sample(pool, min(len(pool), rng.choice((0, 1, 1, 2)))), key=ACTION_LINES.index
        )
        rows.append(
            {
                "session_id": p.sid,
                "title": title,
                "kind": p.kind,
                "duration_minutes": p.duration,
                "themes": _join(t["theme_id"] for t in chosen),
                "action_lines": _join(lines),
                "facilitators": _join(p.facilitators),
                "attendance": attendance,
                "needs": _join(needs),
                "day": None,
                "start": None,
                "room": None,
                "locked": None,
                "description": None,
            }
        )
    # Same titles for the openings/closings would be dull: number them
    for kind in ("opening", "closing"):
        same = [r for r in rows if r["kind"] == kind]
        if len(same) > 1:
            for i, r in enumerate(same, start=1):
                r["title"] = f"{r['title']} (part {i})"
    # Pins, all taken from the hidden timetable
    by_id = {p.sid: p for p in programme}
    first = rows[0]
    if rng.random() < 0.5:
        opening = by_id[first["session_id"]]
        first.update(day=1, start=_time(opening.start), room=opening.room)
    last = rows[-1]
    if rng.random() < 0.5:
        last.update(day=days)
    parallel_rows = [r for r in rows if r["kind"] == "parallel"]
    for r in rng.sample(parallel_rows, max(3, len(parallel_rows) // 30)):
        p = by_id[r["session_id"]]
        what = rng.choice(("day", "day_date", "start", "room", "day_start", "all"))
        if what in ("day", "day_start", "all"):
            r["day"] = p.day
        if what == "day_date":
            r["day"] = FIRST_DAY + timedelta(days=p.day - 1)
        if what in ("start", "day_start", "all"):
            r["start"] = _time(p.start)
        if what in ("room", "all"):
            r["room"] = p.room
    for r in rng.sample(parallel_rows, max(1, len(parallel_rows) // 25)):
        topic = r["title"].split(": ", 1)[-1].lower()
        r["description"] = f"About {topic}; open to all participants."
    return rows


def _free_gaps(busy: list[tuple[int, int]]) -> list[tuple[int, int]]:
    gaps, t = [], DAY_START
    for s, e in sorted(busy):
        if s > t:
            gaps.append((t, s))
        t = max(t, e)
    if t < DAY_END:
        gaps.append((t, DAY_END))
    return gaps


def _unavailability(rng, programme, rooms, facilitators, days):
    """Rows only where the hidden timetable leaves the person or room free."""
    busy: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for p in programme:
        busy.setdefault((p.room, p.day), []).append((p.start, p.end))
        for f in p.facilitators:
            # keep the travel time / pause clear as well
            busy.setdefault((f, p.day), []).append((p.start - PAUSE, p.end + PAUSE))
    fac_ids = [f["facilitator_id"] for f in facilitators]
    room_ids = [r["room_id"] for r in rooms]
    n_fac = min(len(fac_ids), max(3, len(fac_ids) // 12))
    n_room = min(len(room_ids), max(1, len(room_ids) // 6))
    picks = (
        [(f, "hard") for f in rng.sample(fac_ids, n_fac)]
        + [(r, "hard") for r in rng.sample(room_ids, n_room)]
        + [(f, "soft") for f in rng.sample(fac_ids, min(len(fac_ids), 2))]
    )
    rows = []
    for who, strength in picks:
        day = rng.randint(1, days)
        gaps = [(a, b) for a, b in _free_gaps(busy.get((who, day), [])) if b - a >= 30]
        if not gaps:
            continue
        a, b = rng.choice(gaps)
        a = max(DAY_START, -(-a // SLOT) * SLOT)  # onto the 15-minute grid, inside the gap
        b = min(DAY_END, b // SLOT * SLOT)
        if b - a < 30:
            continue
        if (a, b) != (DAY_START, DAY_END) and b - a > 60 and rng.random() < 0.5:
            # part of the gap only
            if rng.random() < 0.5:
                b = a + SLOT * rng.randint(2, (b - a) // SLOT)
            else:
                a = b - SLOT * rng.randint(2, (b - a) // SLOT)
        day_value = FIRST_DAY + timedelta(days=day - 1) if rng.random() < 0.2 else day
        whole = (a, b) == (DAY_START, DAY_END)
        rows.append(
            {
                "who": who,
                "day": day_value,
                "from": None if a == DAY_START else _time(a),
                "to": None if b == DAY_END else _time(b),
                "strength": strength if strength == "soft" or rng.random() < 0.5 else None,
                "weight": rng.choice((None, 2, 5)) if strength == "soft" else None,
                "note": "Away all day" if whole else "Not available",
            }
        )
    return rows


def _rules(rng, programme, n_sessions, days):
    """Rules that the hidden timetable satisfies."""
    par = [p for p in programme if p.kind == "parallel"]
    rows = []

    def pair_rule(kind, ok, tries=200):
        for _ in range(tries):
            a, b = rng.sample(par, 2)
            if ok(a, b):
                return a, b
        return None

    tests = {
        "before": lambda a, b: a.abs_end() <= b.abs_start(),
        "same_day": lambda a, b: a.day == b.day,
        "different_day": lambda a, b: a.day != b.day,
        "not_parallel": lambda a, b: (
            not _overlaps(a.abs_start(), a.abs_end(), b.abs_start(), b.abs_end())
        ),
        "same_room": lambda a, b: a.room == b.room,
    }
    kinds = [
        "before",
        "same_day",
        "different_day",
        "not_parallel",
        "same_room",
        "on_day",
        "not_on_day",
        "start_after",
        "end_before",
        "back_to_back",
    ]
    n_rules = max(len(kinds) + 1, n_sessions // 15)
    for i in range(n_rules):
        kind = kinds[i % len(kinds)]
        soft = i == len(kinds) or (i > len(kinds) and rng.random() < 0.3)
        row = {
            "rule": kind,
            "session_a": None,
            "session_b": None,
            "value": None,
            "strength": "soft" if soft else rng.choice((None, "hard")),
            "weight": rng.choice((None, 3, 5)) if soft else None,
            "note": None,
        }
        if kind in tests:
            found = pair_rule(kind, tests[kind])
            if not found:
                continue
            row["session_a"], row["session_b"] = found[0].sid, found[1].sid
        elif kind == "back_to_back":
            pairs = [
                (a, b)
                for a in par
                for b in par
                if a.room == b.room and a.day == b.day and a.end == b.start
            ]
            if not pairs:
                continue
            a, b = rng.choice(pairs)
            row["session_a"], row["session_b"] = a.sid, b.sid
        else:
            a = rng.choice(par)
            row["session_a"] = a.sid
            if kind == "on_day":
                row["value"] = a.day
            elif kind == "not_on_day":
                others = [d for d in range(1, days + 1) if d != a.day]
                if not others:
                    continue
                row["value"] = rng.choice(others)
            elif kind == "start_after":
                row["value"] = _time(max(DAY_START, a.start - SLOT * rng.randint(0, 4)))
            else:
                row["value"] = _time(min(DAY_END, a.end + SLOT * rng.randint(0, 4)))
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------


def _columns(name: str, rows: list[dict]) -> list[str]:
    columns = list(SHEET_COLUMNS.get(name, []))
    for row in rows:
        columns += [k for k in row if k not in columns]
    return columns


def write_csv_folder(sheets: dict[str, list[dict]], folder) -> None:
    """One `<Sheet>.csv` per sheet (UTF-8, header row); times as HH:MM, dates as YYYY-MM-DD."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        if name.startswith("_"):
            continue
        columns = _columns(name, rows)
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([shown(row.get(c)) for c in columns])


def write_xlsx(sheets: dict[str, list[dict]], path) -> None:
    """One workbook with every sheet: real date and time cells, bold frozen header.
    The same sheets give the same bytes."""
    write_sheets(
        sheets,
        path,
        {name: _columns(name, rows) for name, rows in sheets.items() if not name.startswith("_")},
    )
