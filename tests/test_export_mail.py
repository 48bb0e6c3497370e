"""changes/<facilitator>.eml: the change message as an e-mail draft that any mail client
opens, addressed from the Facilitators sheet, with the facilitator's updated calendar attached;
the same inputs give the same bytes."""

from __future__ import annotations

import copy
import dataclasses
from datetime import timedelta
from email import policy
from email.parser import BytesParser

from exportfixtures import ODD_ID, PUBLISH, make_forum, make_programme
from forumgen import write_xlsx
from icalendar import Calendar
from openpyxl import load_workbook
from publishing import SLUG as FORTY
from publishing import STAMP, rows, run

from forum_scheduler.changelist import Letter
from forum_scheduler.domain import Programme, Unavailability
from forum_scheduler.export import write_outputs
from forum_scheduler.export.ical import calendar_file_names
from forum_scheduler.export.mail import draft

REPORT = {"status": "OPTIMAL", "objective": 3}
SLUG = "forum-week-2026"
LATER = PUBLISH + timedelta(days=1)
NAMES = calendar_file_names(["anna", "bob", ODD_ID, "idle"])
EMAILS = {"anna": "anna.muller@example.org", "bob": "bob@example.org", ODD_ID: ""}


def addressed_forum():
    f = make_forum()
    people = tuple(
        dataclasses.replace(p, email=EMAILS.get(p.facilitator_id, "")) for p in f.facilitators
    )
    # S02 (bob, jean) cannot stay on day 1 at 10:30: bob is away, and the row says why
    away = Unavailability("bob", 1, 10 * 60, 12 * 60, note="Bob lands at noon", row=4)
    return dataclasses.replace(f, facilitators=people, unavailability=(away,))


def edited_programme():
    """S02 moved to day 2, S03 dropped (anna keeps S01)."""
    return Programme(
        tuple(
            dataclasses.replace(p, day=2, start=14 * 60 + 30) if p.session_id == "S02" else p
            for p in make_programme().placements
            if p.session_id != "S03"
        )
    )


def publish_twice(root):
    """The first programme, then the edited one, into `root`; the folder."""
    f = make_forum()
    write_outputs(dataclasses.replace(f, facilitators=addressed_forum().facilitators),
                  make_programme(), root, REPORT, PUBLISH)  # fmt: skip
    edited = addressed_forum()
    edited = dataclasses.replace(edited, sessions=tuple(s for s in edited.sessions if s.session_id != "S03"))  # fmt: skip
    return write_outputs(edited, edited_programme(), root, REPORT, LATER)


def parse(path):
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


def test_every_facilitator_told_gets_a_draft_beside_the_text(tmp_path):
    folder = publish_twice(tmp_path)
    texts = sorted(p.stem for p in (folder / "changes").glob("*.txt"))
    drafts = sorted(p.stem for p in (folder / "changes").glob("*.eml"))
    assert texts == drafts == sorted(NAMES[f][:-4] for f in ("anna", "bob", ODD_ID))


def test_a_draft_is_addressed_titled_dated_and_unsent(tmp_path):
    folder = publish_twice(tmp_path)
    bob = parse(folder / "changes" / "bob.eml")
    assert bob["To"].addresses[0].addr_spec == "bob@example.org"
    assert bob["To"].addresses[0].display_name == "Bob Smith"
    assert bob["Subject"] == "Forum Week 2026: your session S02 moved to Fri 27 Mar 14:30"
    assert bob["X-Unsent"] == "1"  # opens as a draft to send
    assert bob["Date"].datetime == LATER  # the publish time, not the clock
    assert bob["From"] is None  # the sender's mail client fills it in
    anna = parse(folder / "changes" / "anna.eml")
    assert str(anna["To"]) == '"Müller, Anna" <anna.muller@example.org>'
    assert anna["Subject"] == "Forum Week 2026: your session S03 is cancelled"
    # no address on the Facilitators sheet: the draft still opens, without a recipient
    assert parse(folder / "changes" / NAMES[ODD_ID].replace(".ics", ".eml"))["To"] is None


def test_the_body_is_the_text_file_with_the_reason_and_both_venues(tmp_path):
    folder = publish_twice(tmp_path)
    for path in (folder / "changes").glob("*.eml"):
        body = parse(path).get_body(("plain",))
        assert body.get_content_charset() == "utf-8"
        assert body.get_content().replace("\r\n", "\n") == path.with_suffix(".txt").read_text(
            encoding="utf-8"
        )
    text = (folder / "changes" / "bob.txt").read_text(encoding="utf-8")
    assert "S02 Health data: day, time changed, now Fri 27 Mar 14:30-16:00, Salle B (CICG)" in text
    assert "(was Thu 26 Mar 10:30-12:00, Salle B (CICG)); reason: Bob lands at noon" in text
    assert "subscribed" in text and "import the new one again (attached to this message)" in text


def test_the_attachment_is_the_facilitators_updated_calendar(tmp_path):
    folder = publish_twice(tmp_path)
    for fid in ("anna", "bob", ODD_ID):
        stem = NAMES[fid][: -len(".ics")]
        (attachment,) = parse(folder / "changes" / f"{stem}.eml").iter_attachments()
        assert attachment.get_content_type() == "text/calendar"
        assert attachment.get_param("method") == "PUBLISH"
        assert attachment.get_filename() == f"{SLUG}-{NAMES[fid]}"
        raw = attachment.get_payload(decode=True)
        assert raw == (folder / "calendars" / NAMES[fid]).read_bytes()
        events = {str(e["UID"]).split("@")[0]: e for e in Calendar.from_ical(raw).walk("VEVENT")}
        if fid == "anna":
            assert str(events["S03"]["STATUS"]) == "CANCELLED"
        else:
            assert events["S02"]["SEQUENCE"] == 1


def test_the_same_inputs_give_byte_identical_drafts(tmp_path):
    one, two = publish_twice(tmp_path / "one"), publish_twice(tmp_path / "two")
    drafts = sorted(p.name for p in (one / "changes").glob("*.eml"))
    assert drafts
    for name in drafts:
        assert (one / "changes" / name).read_bytes() == (two / "changes" / name).read_bytes()
    raw = (one / "changes" / "bob.eml").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF throughout
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))


def test_hostile_names_and_subjects_stay_in_their_headers():
    letter = Letter(
        "x",
        'Eve "Boss"\r\nBcc: all@example.org',
        ("eve@example.org",),
        "Forum\nBcc: all@example.org: 2 changes",
        "Dear Eve,\n",
        (),
    )
    message = BytesParser(policy=policy.default).parsebytes(draft(letter, PUBLISH))
    assert message["Bcc"] is None
    assert message["To"].addresses[0].addr_spec == "eve@example.org"
    assert message["Subject"] == "Forum Bcc: all@example.org: 2 changes"
    assert not list(message.iter_attachments())
    assert message.get_content() == "Dear Eve,\r\n"  # CRLF, as mail has it


def test_unicode_names_are_encoded_and_read_back():
    letter = Letter(
        "p", "Nguyễn Thị Lan", ("lan@example.org",), "Forum: café ☕", "Chère Lan,\n", ()
    )
    raw = draft(letter, PUBLISH, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "forum-p.ics")
    assert max(raw) < 128  # plain ASCII on the wire: encoded words, quoted-printable, base64
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert message["To"].addresses[0].display_name == "Nguyễn Thị Lan"
    assert message["Subject"] == "Forum: café ☕"
    assert message.get_body(("plain",)).get_content() == "Chère Lan,\r\n"


def test_a_resolve_through_the_command_writes_drafts_with_the_reason(
    tmp_path, published_forty, out
):
    """A facilitator drops a day (the row says why) and has no e-mail address: their drafts
    and their co-facilitators' carry the reason; theirs has no recipient, and the summary
    says so."""
    sheets = published_forty[0]
    old = {r["session_id"]: r for r in rows(out / FORTY / "programme.csv")}
    session = next(
        s
        for s in sheets["Sessions"]
        if s["kind"] == "parallel" and s["facilitators"] and not s["day"]
    )
    person = session["facilitators"].split(",")[0].strip()
    edited = copy.deepcopy(sheets)
    edited["Unavailability"].append(
        {
            "who": person,
            "day": int(old[session["session_id"]]["day"]),
            "note": "Travels to New York",
        }
    )
    row = len(edited["Unavailability"]) + 1
    for f in edited["Facilitators"]:
        if f["facilitator_id"] == person:
            f["email"] = None
    workbook = tmp_path / "edited.xlsx"
    write_xlsx(edited, workbook)
    result = run("solve", workbook, "--out", out, "--previous", out / FORTY, "--time-limit", 5, "--quiet", *STAMP)  # fmt: skip
    assert result.exit_code == 0, result.output
    folder = out / FORTY
    assert f"No e-mail address for {person} (Facilitators sheet, email)" in result.output
    changes = {c["session_id"]: c for c in rows(folder / "changes.csv")}
    assert (
        changes[session["session_id"]]["reason"] == f"Unavailability row {row}: Travels to New York"
    )
    emails = {f["facilitator_id"]: f["email"] for f in edited["Facilitators"]}
    told = {p for c in changes.values() for p in c["facilitators"].split(", ") if p}
    assert {p.stem for p in (folder / "changes").glob("*.eml")} == told
    for fid in told:
        message = parse(folder / "changes" / f"{fid}.eml")
        if emails[fid]:
            assert message["To"].addresses[0].addr_spec == emails[fid]
        else:
            assert message["To"] is None
        (attachment,) = message.iter_attachments()
        assert (
            attachment.get_payload(decode=True)
            == (folder / "calendars" / f"{fid}.ics").read_bytes()
        )
    body = parse(folder / "changes" / f"{person}.eml").get_body(("plain",)).get_content()
    assert session["session_id"] in body and "reason: Travels to New York" in body
    sheet = load_workbook(folder / "programme.xlsx", read_only=True)["Changes"]
    assert next(sheet.iter_rows(max_row=1, values_only=True))[-1] == "reason"
