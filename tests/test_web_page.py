"""The programme's web page (index.html): its markup read with html.parser, and the page run in
headless Chromium, where the filters in the URL, the search, the print style and the escaping
of hostile titles are checked as a reader's browser shows them."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
import struct
import zlib
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from clients import dump_dom, pdf_pages, print_pdf, screenshot
from exportfixtures import ODD_ID, PUBLISH, make_forum, make_programme

from forum_scheduler.domain import Programme
from forum_scheduler.export import write_outputs
from forum_scheduler.export.colours import contrast, theme_colour
from forum_scheduler.export.html import render_html

XSS = "<script>alert(1)</script>"
HOSTILE_NAME = 'Eve "><img src=x onerror=alert(2)>'
ALL = {f"S0{i}" for i in range(1, 7)}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def hostile_forum():
    """The fixture forum with a script for a title, markup in a name and in a description."""
    forum = make_forum()
    sessions = tuple(
        dataclasses.replace(s, title=XSS, description="</p><script>document.title='x'</script>")
        if s.session_id == "S05"
        else s
        for s in forum.sessions
    )
    people = tuple(
        dataclasses.replace(f, name=HOSTILE_NAME) if f.facilitator_id == "idle" else f
        for f in forum.facilitators
    )
    sessions = tuple(
        dataclasses.replace(s, facilitators=("idle",)) if s.session_id == "S05" else s
        for s in sessions
    )
    return dataclasses.replace(forum, sessions=sessions, facilitators=people)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    return write_outputs(hostile_forum(), make_programme(), root, {"status": "OPTIMAL"}, PUBLISH)


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def all(self, tag=None, **attrs):
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and all(
                (n.attrs.get(k.rstrip("_")) or "").split().count(v)
                if k == "class_"
                else n.attrs.get(k) == v
                for k, v in attrs.items()
            )
        ]

    def one(self, tag=None, **attrs):
        [node] = self.all(tag, **attrs)
        return node

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    @property
    def hidden(self):
        return "hidden" in self.attrs


class Tree(HTMLParser):
    """A small DOM of a page, enough to find elements and read their text."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.root = self.node = Node("#document", {})
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.node)
        self.node.children.append(node)
        if tag not in VOID:
            self.node = node

    def handle_endtag(self, tag):
        node = self.node
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.node = node.parent

    def handle_data(self, data):
        self.node.children.append(data)


def page(folder) -> Node:
    return Tree((Path(folder) / "index.html").read_text(encoding="utf-8")).root


def shown(dom: Node) -> set[str]:
    """The session ids of the articles a reader sees."""
    return {
        a.attrs["id"].removeprefix("session-")
        for a in dom.all("article", class_="session")
        if not a.hidden
    }


# ---------------------------------------------------------------------------------------------
# The markup


def test_every_session_once_with_its_anchor_time_and_calendar_file(site):
    dom = page(site)
    articles = dom.all("article", class_="session")
    assert sorted(a.attrs["id"] for a in articles) == sorted(f"session-{s}" for s in ALL)
    ids = [n.attrs["id"] for n in dom.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))  # every anchor unique
    for article in articles:
        sid = article.attrs["id"].removeprefix("session-")
        [add] = [a for a in article.all("a") if a.attrs["href"].startswith("sessions/")]
        assert add.attrs["href"] == f"sessions/{sid}.ics"
        assert (site / add.attrs["href"]).is_file()
        assert article.one("a", href=f"#session-{sid}")  # the title links its own anchor
    s04 = dom.one("article", id="session-S04")
    times = [t.attrs["datetime"] for t in s04.all("time")]
    assert times == ["2026-03-30T14:30+02:00", "2026-03-30T15:30+02:00"]  # summer time
    s01 = dom.one("article", id="session-S01")
    assert [t.attrs["datetime"] for t in s01.all("time")][0] == "2026-03-26T09:00+01:00"
    assert "Room One" in s01.text() and "ITU HQ" in s01.text() and "C1, C7" in s01.text()
    assert "Müller, Anna (UNIGE)" in s01.text() and "180" in s01.text()
    assert "Welcome, all; enjoy.\nSecond line." in s01.text()
    assert [c.text() for c in s01.all("li", class_="chip")] == ["AI, Data", "Health"]


def test_days_and_start_times_in_order_under_their_headings(site):
    dom = page(site)
    days = dom.all("section", class_="day")
    assert [d.attrs["id"] for d in days] == ["day-2026-03-26", "day-2026-03-27", "day-2026-03-30"]
    assert [d.one("h2").text() for d in days][0] == "Thursday 26 March 2026"
    first = [
        (s.one("h3").text(), [a.attrs["id"] for a in s.all("article")])
        for s in days[0].all("section", class_="slot")
    ]
    assert first == [("09:00", ["session-S01"]), ("10:30", ["session-S03", "session-S02"])]


def test_feed_links_point_at_files_and_every_feed_is_linked(site):
    dom = page(site)
    links = {a.attrs["href"] for a in dom.all("a") if a.attrs.get("href", "").endswith(".ics")}
    assert all((site / link).is_file() for link in links)
    feeds = {p.relative_to(site).as_posix() for p in (site / "calendars").glob("*.ics")}
    assert {f for f in feeds if f.startswith(("calendars/theme-", "calendars/room-"))} <= links
    assert {"calendars/theme-T-AI.ics", "calendars/room-K.ics", "programme.ics"} <= links
    legend = dom.one("section", class_="legend")
    health = next(li for li in legend.all("li") if "Health" in li.text())
    assert health.one("a").attrs["href"] == "calendars/theme-T-H.ics"
    rooms = dom.one("section", id="rooms")
    row = next(tr for tr in rooms.all("tr") if "Salle B" in tr.text())
    assert row.one("a").attrs["href"] == "calendars/room-R2.ics"


def test_titles_names_and_descriptions_are_escaped(site):
    raw = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert XSS not in raw and "<img" not in raw
    dom = page(site)
    assert dom.one("h4", id="title-session-S05").text() == XSS
    [script] = dom.all("script")  # the page's own, nothing injected
    assert "alert" not in script.text()
    assert HOSTILE_NAME in dom.one("article", id="session-S05").text()
    assert not [n for n in dom.iter() if "onerror" in n.attrs]


def test_nothing_is_loaded_from_anywhere(site):
    """No network (nor file) resource: no element that loads one, no URL that leaves the
    folder, and a policy that forbids any load but the page's own style and script."""
    dom = page(site)
    loading = {"img", "link", "iframe", "object", "embed", "audio", "video", "source", "frame"}
    assert not [n.tag for n in dom.iter() if n.tag in loading]
    assert all("src" not in n.attrs for n in dom.iter())
    for node in dom.iter():
        for key in ("href", "action", "src"):
            value = node.attrs.get(key) or ""
            assert not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", value, re.I), (node.tag, value)
    [style] = dom.all("style")
    [script] = dom.all("script")
    assert "url(" not in style.text() and "@import" not in style.text()
    assert not re.search(r"https?:|fetch\(|XMLHttpRequest|import\(", script.text())
    policy = dom.one("meta", **{"http-equiv": "Content-Security-Policy"}).attrs["content"]
    assert "default-src 'none'" in policy
    for node, directive in ((style, "style-src"), (script, "script-src")):
        digest = base64.b64encode(hashlib.sha256(node.text().encode("utf-8")).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy


def test_same_inputs_give_the_same_bytes():
    a = render_html(hostile_forum(), make_programme(), PUBLISH)
    b = render_html(hostile_forum(), make_programme(), PUBLISH)
    assert a == b
    later = render_html(hostile_forum(), make_programme(), PUBLISH + timedelta(hours=1))
    changed = [(x, y) for x, y in zip(a.splitlines(), later.splitlines()) if x != y]
    assert len(changed) == 1 and "Published" in changed[0][0]  # only the stated publish time


def test_the_publish_time_is_the_one_given(site):
    lead = page(site).one("p", class_="lead")
    stamp = lead.one("time")
    assert stamp.attrs["datetime"] == "2026-03-01T12:30:15Z"
    assert stamp.text() == "1 March 2026, 13:30"  # Zurich time


def test_headings_labels_and_keyboard_landmarks(site):
    dom = page(site)
    assert dom.one("html").attrs["lang"] == "en"
    assert len(dom.all("h1")) == 1
    h2 = [h.text() for h in dom.all("h2")]
    for day in ("Thursday 26 March 2026", "Friday 27 March 2026", "Monday 30 March 2026"):
        assert day in h2
    assert len(dom.all("h3")) == len(dom.all("section", class_="slot")) == 5
    assert len(dom.all("h4")) == 6
    form = dom.one("form", id="filters")
    assert form.attrs["method"] == "get"
    controls = form.all("select") + form.all("input")
    names = [c.attrs["name"] for c in controls]
    assert names == ["day", "theme", "action_line", "venue", "room", "facilitator", "q"]
    labelled = {label.attrs["for"] for label in form.all("label")}
    assert {c.attrs["id"] for c in controls} <= labelled
    assert form.one("input").attrs["type"] == "search"
    skip = dom.one("a", class_="skip")
    assert dom.one(id=skip.attrs["href"][1:]).tag == "main"
    count = dom.one("p", id="count")
    assert count.attrs["aria-live"] == "polite" and count.text() == "6 sessions."


def test_theme_colours_are_the_themes_and_their_text_contrasts(site):
    forum = hostile_forum()
    style = page(site).one("style").text()
    rules = dict(
        (m.group(1), (m.group(2), m.group(3)))
        for m in re.finditer(r"\.chip\.(t\d+)\{background:#(\w{6});color:#(\w{6})", style)
    )
    assert len(rules) == len(forum.themes)
    for i, theme in enumerate(forum.themes):
        background, text = rules[f"t{i}"]
        assert background == theme_colour(forum, theme.theme_id)
        assert contrast(background, text) >= 4.5, theme.theme_id
    assert rules["t0"][0] == "1F77B4"  # the planner's own colour, kept


def test_without_javascript_the_whole_programme_shows(site):
    dom = page(site)
    assert shown(dom) == ALL
    assert not [n for n in dom.iter() if n.hidden and n.tag in ("section", "article", "main")]
    assert dom.one("form", id="filters").hidden  # filters only appear where they work


def test_an_anchor_stays_when_its_session_moves():
    before = Tree(render_html(make_forum(), make_programme(), PUBLISH)).root
    moved = Programme(
        tuple(
            dataclasses.replace(p, day=2, start=14 * 60 + 30, room_id="R1")
            if p.session_id == "S02"
            else p
            for p in make_programme().placements
        )
    )
    after = Tree(render_html(make_forum(), moved, PUBLISH)).root
    assert before.one("article", id="session-S02").one("h4").text() == "Health data"
    assert after.one("article", id="session-S02").one("h4").text() == "Health data"
    assert after.one("article", id="session-S02").parent.parent.parent.attrs["id"] == (
        "day-2026-03-27"
    )


def test_a_forum_without_themes_has_no_theme_legend():
    forum = make_forum()
    forum = dataclasses.replace(
        forum,
        themes=(),
        sessions=tuple(dataclasses.replace(s, themes=()) for s in forum.sessions),
    )
    page = render_html(forum, make_programme(), PUBLISH)
    assert 'id="themes-heading"' not in page and "listed with the themes" not in page
    assert "each room also has its own calendar" in page
    assert 'id="themes-heading"' in render_html(make_forum(), make_programme(), PUBLISH)


def test_cancelled_sessions_are_listed_with_their_file(tmp_path):
    forum = make_forum()
    write_outputs(forum, make_programme(), tmp_path, {}, PUBLISH)
    rest = Programme(tuple(p for p in make_programme().placements if p.session_id != "S03"))
    out = write_outputs(forum, rest, tmp_path, {}, PUBLISH + timedelta(days=1))
    dom = page(out)
    assert shown(dom) == ALL - {"S03"}
    cancelled = dom.one("section", id="cancelled")
    [item] = cancelled.all("li")
    assert "=Equality & ethics" in item.text() and "Thu 26 Mar 10:30" in item.text()
    link = item.one("a").attrs["href"]
    assert link == "sessions/S03.ics" and "STATUS:CANCELLED" in (out / link).read_text()


# ---------------------------------------------------------------------------------------------
# In a browser


def _dom(site, query: str, tmp_path) -> Node:
    url = (site / "index.html").as_uri() + query
    return Tree(dump_dom(url, tmp_path / "profile")).root


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?theme=T-H&day=2026-03-26", {"S01", "S02"}),
        ("?theme=T-AI", {"S01", "S04"}),
        ("?action_line=C7", {"S01"}),
        ("?venue=CICG&day=2026-03-27", {"S06"}),
        (f"?facilitator={quote(ODD_ID, safe='')}&room=R2", {"S02", "S04"}),
        ("?q=cafe", {"S06"}),  # accents and case do not matter
        ("?q=SMITH%20health", {"S02"}),  # every word must match
        ("?theme=no-such-theme", ALL),  # a value the page does not offer is ignored
    ],
)
def test_filters_in_the_url_show_exactly_the_matching_sessions(site, tmp_path, query, expected):
    dom = _dom(site, query, tmp_path)
    assert shown(dom) == expected
    assert not dom.one("form", id="filters").hidden  # the script ran and showed the filters
    for section in dom.all("section", class_="slot") + dom.all("section", class_="day"):
        assert section.hidden == (not any(not a.hidden for a in section.all("article")))
    count = dom.one("p", id="count").text()
    assert count == (
        "6 sessions." if expected == ALL else f"{len(expected)} of 6 sessions match the filters."
    )
    assert dom.one("p", id="no-match").hidden


def test_a_search_that_matches_nothing_says_so(site, tmp_path):
    dom = _dom(site, "?q=zzz-nothing", tmp_path)
    assert shown(dom) == set()
    assert all(d.hidden for d in dom.all("section", class_="day"))
    assert not dom.one("p", id="no-match").hidden


def test_a_hostile_title_shows_as_text_and_runs_nothing(site, tmp_path):
    dom = _dom(site, "", tmp_path)
    assert dom.one("h4", id="title-session-S05").text() == XSS
    scripts = dom.all("script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text()
    assert not dom.all("img") and not [n for n in dom.iter() if "onerror" in n.attrs]
    assert dom.one("title").text() == "Forum Week 2026: programme"
    assert shown(dom) == ALL


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and every pixel (3 bytes, RGB) of an 8-bit RGB or RGBA PNG, which is what
    Chromium writes (decoded here: the suite has no imaging library)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[bytes, bytes] = {}
    at = 8
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        chunks[kind] = chunks.get(kind, b"") + data[at + 8 : at + 8 + size]
        at += 12 + size
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 8 and colour in (2, 6)
    step = 3 if colour == 2 else 4
    stride = width * step
    raw = zlib.decompress(chunks[b"IDAT"])
    previous, pixels = bytearray(stride), []
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride) if kind else ():
            left = line[x - step] if x >= step else 0
            up = previous[x]
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            else:
                corner = previous[x - step] if x >= step else 0
                guess = left + up - corner
                near = min((abs(guess - v), i, v) for i, v in enumerate((left, up, corner)))
                line[x] = (line[x] + near[2]) & 255
        pixels += [bytes(line[i : i + 3]) for i in range(0, stride, step)]
        previous = line
    return width, height, pixels


def test_a_screenshot_shows_the_filtered_programme_in_its_colours(site, tmp_path):
    url = (site / "index.html").as_uri() + "?theme=T-H&day=2026-03-26"
    shot = screenshot(url, tmp_path / "page.png", tmp_path / "profile", size=(1000, 1200))
    width, height, pixels = png_pixels(shot)
    assert (width, height) == (1000, 1200)
    colours = set(pixels)
    assert len(colours) > 50  # text, chips and borders, not a blank page
    health = bytes.fromhex(theme_colour(hostile_forum(), "T-H"))
    assert pixels.count(health) > 500  # its chips and its sessions' stripes are drawn


def test_printing_drops_the_controls_and_starts_each_day_on_a_page(site, tmp_path):
    pdf = print_pdf((site / "index.html").as_uri(), tmp_path / "page.pdf", tmp_path / "profile")
    pages = pdf_pages(pdf)
    text = "\n".join(pages)
    for gone in ("Show everything", "Add to calendar", "Skip to the programme", "programme.ics"):
        assert gone not in text
    assert "Forum Week 2026" in pages[0] and "Thursday 26 March 2026" in pages[0]
    starts = [p.strip().splitlines()[0].strip() for p in pages]
    assert "Friday 27 March 2026" in starts and "Monday 30 March 2026" in starts
    assert "Health data" in text and "AI, Data" in text  # themes named, not only coloured
