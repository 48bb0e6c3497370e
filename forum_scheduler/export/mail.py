"""A facilitator's change message as an e-mail draft (changes/<facilitator_id>.eml).

Any mail client opens an .eml file; `X-Unsent: 1` makes Outlook open it as a draft to send
(others offer to edit it as a new message), with the recipient, subject, text and the
facilitator's updated calendar filled in, so that the planner only reviews it and presses
send. There is no From: the sender's client fills it in.

The same letter and publish time give the same bytes: the Date is the publish time (not the
clock), and the MIME boundary, which the email package would otherwise draw at random, is
derived from the content.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from ..changelist import Letter
from .ical import one_line

# CRLF line ends and lines of at most 78 characters, as mail transports expect.
POLICY = policy.SMTP


def draft(
    letter: Letter,
    publish_time: datetime | None = None,
    calendar: bytes | None = None,
    calendar_name: str = "",
) -> bytes:
    """The letter as an RFC 5322 message: To (the facilitator's addresses, absent when there
    is none), Subject, Date (the publish time), X-Unsent, the text as UTF-8 plain text and,
    when given, the calendar as a `text/calendar; method=PUBLISH` attachment."""
    msg = EmailMessage(policy=POLICY)
    if letter.to:
        name = one_line(letter.name)
        msg["To"] = [Address(display_name=name, addr_spec=a) for a in letter.to]
    msg["Subject"] = one_line(letter.subject)
    if publish_time is not None:
        msg["Date"] = format_datetime(publish_time)
    msg["X-Unsent"] = "1"
    msg.set_content(letter.text, charset="utf-8", cte="quoted-printable")
    if calendar is not None:
        msg.add_attachment(
            calendar,
            maintype="text",
            subtype="calendar",
            filename=calendar_name,
            params={"method": "PUBLISH", "charset": "utf-8", "name": calendar_name},
        )
        for part in msg.iter_parts():
            del part["MIME-Version"]  # the email package repeats it in a part: the top says it
        msg.set_boundary(_boundary(letter, calendar))
    return msg.as_bytes(policy=POLICY)


def _boundary(letter: Letter, calendar: bytes) -> str:
    """A boundary that depends only on the content: a hash of the parts cannot occur in them,
    and it starts with '=_', which neither quoted-printable nor base64 text can hold."""
    digest = hashlib.sha256()
    for part in (letter.facilitator_id, letter.subject, letter.text):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(calendar)
    return "=_forum-scheduler-" + digest.hexdigest()[:32]
