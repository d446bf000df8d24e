"""What the writers write reads back as the same people (property-based), and by header."""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.contacts.parsing import Contact, parse_bytes
from rapport.contacts.writing import (
    GOOGLE_HEADER,
    LINKEDIN_HEADER,
    google_csv,
    linkedin_csv,
    vcard4,
)
from rapport.core.text import clean_line

_letters = st.characters(
    categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029\x85"
)
_field = st.text(_letters, max_size=30).map(clean_line)
_word = (
    st.text(st.characters(categories=["L"]), min_size=1, max_size=12).map(clean_line).filter(bool)
)
_email = st.builds(
    lambda user, host: f"{user}@{host}.example".lower(),
    st.from_regex(r"[a-z0-9][a-z0-9._+-]{0,15}", fullmatch=True),
    st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True),
)


@st.composite
def contacts(draw: st.DrawFn, *, max_emails: int) -> list[Contact]:
    """Distinct people: distinct e-mails and distinct names, so no two of them merge."""
    count = draw(st.integers(0, 6))
    emails = draw(
        st.lists(_email, min_size=count * max_emails, max_size=count * max_emails, unique=True)
    )
    firsts = draw(st.lists(_word, min_size=count, max_size=count, unique_by=str.casefold))
    out = []
    for i in range(count):
        first, last = firsts[i], draw(_word)
        mine = emails[i * max_emails : i * max_emails + draw(st.integers(0, max_emails))]
        out.append(
            Contact(
                name=f"{first} {last}",
                first_name=first,
                last_name=last,
                emails=mine,
                company=draw(_field),
                title=draw(_field),
                url=draw(st.sampled_from(["", "https://example.com/in/x"])),
                connected_on=draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1))),
            )
        )
    return out


def same(c: Contact, *, dates: bool) -> tuple[object, ...]:
    return (
        c.name,
        c.first_name,
        c.last_name,
        c.emails,
        c.company,
        c.title,
        c.url,
        c.connected_on if dates else None,
    )


@settings(max_examples=60, deadline=None)
@given(contacts(max_emails=1))
def test_linkedin_csv_reads_back_the_same_people_and_dates(people: list[Contact]) -> None:
    written = linkedin_csv(people)
    if not people:
        return
    result = parse_bytes(written.encode("utf-8"))
    assert result.format == "linkedin"
    assert [same(c, dates=True) for c in result.contacts] == [same(c, dates=True) for c in people]


@settings(max_examples=60, deadline=None)
@given(contacts(max_emails=3))
def test_google_csv_reads_back_the_same_people_with_every_email(people: list[Contact]) -> None:
    if not people:
        return
    result = parse_bytes(google_csv(people).encode("utf-8"))
    assert result.format == "google"
    assert [same(c, dates=False) for c in result.contacts] == [same(c, dates=False) for c in people]


@settings(max_examples=60, deadline=None)
@given(contacts(max_emails=3))
def test_vcard4_reads_back_the_same_people(people: list[Contact]) -> None:
    if not people:
        return
    written = vcard4(people)
    assert written.count("VERSION:4.0") == len(people)
    result = parse_bytes(written.encode("utf-8"))
    assert [same(c, dates=False) for c in result.contacts] == [same(c, dates=False) for c in people]


def test_linkedin_export_has_the_exact_header_and_date_format() -> None:
    ada = Contact(
        name="Ada Quill", first_name="Ada", last_name="Quill", connected_on=dt.date(2026, 2, 8)
    )
    lines = linkedin_csv([ada]).split("\r\n")
    assert lines[0] == "Notes:"
    assert lines[3] == ",".join(LINKEDIN_HEADER)
    assert lines[3] == "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    assert lines[4] == "Ada,Quill,,,,,08 Feb 2026"


def test_google_export_header_is_googles_own() -> None:
    first_line = google_csv([]).split("\r\n")[0]
    assert first_line.split(",") == GOOGLE_HEADER
    assert {
        "First Name",
        "Last Name",
        "E-mail 1 - Value",
        "Organization Name",
        "Organization Title",
    } <= set(GOOGLE_HEADER)


def test_a_name_a_spreadsheet_would_run_is_written_as_text_and_read_back_as_typed() -> None:
    mallory = Contact(
        name="=HYPERLINK(x) Quill",
        first_name="=HYPERLINK(x)",
        last_name="Quill",
        company="+Evil Corp",
        title="@SUM(A1)",
    )
    for written in (linkedin_csv([mallory]), google_csv([mallory])):
        cells = next(csv.reader(io.StringIO(written.split("\r\n")[-2])))
        assert not any(c.startswith(("=", "+", "-", "@")) for c in cells), cells
        back = parse_bytes(written.encode("utf-8")).contacts[0]
        assert (back.name, back.company, back.title) == (
            "=HYPERLINK(x) Quill",
            "+Evil Corp",
            "@SUM(A1)",
        )
