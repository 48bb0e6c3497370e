"""What the facilitators are told after a re-solve: the reasons of a change, the letters
(addresses, subject, text) that changes/<id>.txt and changes/<id>.eml carry. Tiny forums built
from the domain, compared with what their calendars published; no solver."""

from __future__ import annotations

from dataclasses import replace

from conftest import calendars, forum, programme, room, session

from forum_scheduler.changelist import (
    CHANGE_COLUMNS,
    addresses,
    change_list,
    change_rows,
    describe,
    letters,
)
from forum_scheduler.domain import Facilitator, Rule, Unavailability

AWAY = "Travels to New York on Monday"


def two_rooms(*sessions, **kwargs):
    return forum(list(sessions), [room("A", venue="HQ"), room("B", venue="Annex")], **kwargs)


def moved_s1(f, **published):
    """S1 published Monday 09:00 in A, now on Tuesday 09:00 in A."""
    f = calendars(f, ("S1", 1, "09:00", "A"), *published.get("more", ()))
    return change_list(f, programme(("S1", 2, "09:00", "A"), *published.get("now", ())))


def test_the_note_of_the_unavailability_row_the_published_place_breaks_is_the_reason():
    away = Unavailability("P1", 1, 9 * 60, 12 * 60, note=AWAY, row=7)
    f = two_rooms(session("S1", facilitators=["P1"]), unavailability=[away])
    (change,) = moved_s1(f)
    assert [(r.text, r.where) for r in change.reasons] == [(AWAY, "Unavailability row 7")]
    row = change_rows(f, [change])[0]
    assert CHANGE_COLUMNS[-1] == "reason"  # a trailing column: the others keep their places
    assert row["reason"] == f"Unavailability row 7: {AWAY}"
    # the planners see the row, the facilitators the note alone
    assert describe(f, change).endswith(f"; reason: Unavailability row 7: {AWAY}")
    assert describe(f, change, for_planners=False).endswith(f"; reason: {AWAY}")


def test_a_row_without_a_note_or_one_the_session_never_broke_gives_no_reason():
    silent = Unavailability("P1", 1, 9 * 60, 12 * 60, row=7)
    elsewhere = Unavailability("P1", 2, 14 * 60, 15 * 60, note="Dentist", row=8)
    f = two_rooms(session("S1", facilitators=["P1"]), unavailability=[silent, elsewhere])
    (change,) = moved_s1(f)
    assert change.reasons == ()
    assert change_rows(f, [change])[0]["reason"] == ""


def test_a_room_closed_by_a_noted_row_and_a_rule_row_give_their_notes():
    closed = Unavailability("A", 1, 9 * 60, 10 * 60, note="Room A is repainted", row=3)
    rule = Rule("not_parallel", "S1", "S2", note="Same audience", row=4)
    f = two_rooms(session("S1"), session("S2"), unavailability=[closed], rules=[rule])
    # S2 now sits on Monday 09:00 in B: S1's published place breaks both rows
    (change,) = moved_s1(f, now=[("S2", 1, "09:00", "B")], more=[("S2", 1, "09:00", "B")])
    assert [r.where for r in change.reasons] == ["Unavailability row 3", "Rules row 4"]


def test_a_soft_row_is_a_reason_only_when_the_new_place_keeps_it():
    prefers = Unavailability("P1", 1, 9 * 60, 12 * 60, hard=False, note="Prefers afternoons", row=5)
    monday = Rule("not_on_day", "S1", value=1, hard=False, note="Not on the opening day", row=2)
    f = two_rooms(session("S1", facilitators=["P1"]), unavailability=[prefers], rules=[monday])
    (kept,) = moved_s1(f)
    assert [r.text for r in kept.reasons] == ["Prefers afternoons", "Not on the opening day"]
    f = calendars(f, ("S1", 1, "09:00", "A"))
    (still,) = change_list(f, programme(("S1", 1, "10:00", "B")))  # still Monday morning
    assert still.reasons == ()


def test_the_constraints_that_cite_rows_name_them_in_every_finding():
    """What the reasons rely on: each finding of a row-citing constraint carries its row."""
    from forum_scheduler.constraints.registry import CONSTRAINTS

    rows = [
        Unavailability("P1", 1, 9 * 60, 12 * 60, row=3),
        Unavailability("A", 1, 9 * 60, 12 * 60, row=4),
        Unavailability("P1", 1, 9 * 60, 12 * 60, hard=False, row=5),
        Unavailability("A", 1, 9 * 60, 12 * 60, hard=False, row=6),
    ]
    rules = [Rule("on_day", "S1", value=2, row=7), Rule("on_day", "S1", value=2, hard=False, row=8)]
    f = two_rooms(session("S1", facilitators=["P1"]), unavailability=rows, rules=rules)
    placed = programme(("S1", 1, "09:00", "A"))
    citing = [c for c in CONSTRAINTS if c.cites_rows]
    assert {c.id for c in citing} == {
        "facilitator_unavailability", "room_unavailability", "rules", "soft_unavailability",
        "soft_rules",
    }  # fmt: skip
    for c in citing:
        found = c.check(f, placed) if c.hard else c.penalty(f, placed).offences
        assert found and all(x.cause in (*rows, *rules) for x in found), c.id


def test_the_planners_change_note_comes_first_and_serves_any_change():
    away = Unavailability("P1", 1, 9 * 60, 12 * 60, note=AWAY, row=7)
    s1 = replace(session("S1", facilitators=["P1"]), change_note="At the host's request", row=2)
    s2 = replace(session("S2"), title="A new title", change_note="Renamed by the organisers", row=3)
    as_published = two_rooms(s1, session("S2"), unavailability=[away])
    f = calendars(as_published, ("S1", 1, "09:00", "A"), ("S2", 2, "10:00", "B"))
    f = replace(f, sessions=(s1, s2))  # then S2 was renamed
    changes = {
        c.session_id: c
        for c in change_list(f, programme(("S1", 2, "09:00", "A"), ("S2", 2, "10:00", "B")))
    }
    assert [r.where for r in changes["S1"].reasons] == ["Sessions row 2", "Unavailability row 7"]
    assert [r.text for r in changes["S2"].reasons] == ["Renamed by the organisers"]


def test_an_unchanged_session_says_nothing_of_its_change_note():
    s1 = replace(session("S1"), change_note="Old news", row=2)
    f = calendars(two_rooms(s1), ("S1", 1, "09:00", "A"))
    assert change_list(f, programme(("S1", 1, "09:00", "A"))) == []


def people(f, **emails):
    return replace(
        f, facilitators=tuple(Facilitator(p, f"Person {p}", email=e) for p, e in emails.items())
    )


def test_a_letter_is_addressed_named_and_titled_from_the_sheets():
    f = two_rooms(session("S1", facilitators=["P1", "P2"]), session("S2", facilitators=["P1"]))
    f = people(f, P1="p1@example.org; p1.assistant@example.org", P2="not an address")
    f = calendars(f, ("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A"))
    told = letters(f, change_list(f, programme(("S1", 2, "09:00", "B"), ("S2", 1, "11:00", "A"))))
    assert set(told) == {"P1", "P2"}
    assert told["P1"].to == ("p1@example.org", "p1.assistant@example.org")
    assert told["P2"].to == ()  # the draft opens without a recipient
    assert told["P1"].subject == "Tiny Forum: 2 changes to your sessions"
    assert told["P2"].subject == "Tiny Forum: your session S1 moved to Tue 05 May 09:00"
    text = told["P2"].text
    assert text.startswith("Dear Person P2,\n")
    # every place names its venue, old and new
    assert (
        "now Tue 05 May 09:00-10:00, Room B (Annex) (was Mon 04 May 09:00-10:00, Room A (HQ))"
        in text
    )
    assert "subscribed" in text and "import the new one again" in text
    assert "attached" not in text  # no calendar given with the letter
    assert "attached to this message" in letters(f, told["P2"].changes, ["P2"])["P2"].text


def test_subjects_say_what_happened_to_a_single_session():
    f = people(
        two_rooms(session("S1", facilitators=["P1"]), session("S2", facilitators=["P2"])),
        P1="",
        P2="",
    )
    f = calendars(f, ("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A"))
    room_only = letters(
        f, change_list(f, programme(("S1", 1, "09:00", "B"), ("S2", 1, "10:00", "A")))
    )
    assert room_only["P1"].subject == "Tiny Forum: your session S1 moved to Room B"
    cancelled = letters(f, change_list(f, programme(("S2", 1, "10:00", "A"))))
    assert cancelled["P1"].subject == "Tiny Forum: your session S1 is cancelled"
    f = calendars(f, ("S1", 1, "09:00", "A"))
    added = letters(f, change_list(f, programme(("S1", 1, "09:00", "A"), ("S2", 1, "10:00", "A"))))
    assert added["P2"].subject == "Tiny Forum: a new session for you, S2, on Mon 04 May 10:00"


def test_addresses_keep_what_is_an_address():
    assert addresses("anna@example.org") == ("anna@example.org",)
    assert addresses(" <a@x.org>, b@y.org;a@x.org ") == ("a@x.org", "b@y.org")
    assert addresses("") == addresses("n/a") == addresses("anna at example.org") == ()
    assert addresses("anna@, @x.org, ok@x.org") == ("ok@x.org",)
    assert addresses("anna@exämple.org") == ("anna@xn--exmple-cua.org",)  # IDNA, as mail has it
    assert addresses("ánna@example.org") == ()


def test_the_sessions_sheet_change_note_is_read(tmp_path):
    from forumgen import generate_forum, write_csv_folder

    from forum_scheduler import load_forum

    sheets = generate_forum(12, seed=1)
    sheets["Sessions"][3]["change_note"] = "Moved at the\nhost's request"
    write_csv_folder(sheets, tmp_path / "forum")
    forum = load_forum([tmp_path / "forum"])
    sid = sheets["Sessions"][3]["session_id"]
    assert forum.session_by_id[sid].change_note == "Moved at the host's request"  # one line
    assert forum.session_by_id[sheets["Sessions"][4]["session_id"]].change_note == ""
