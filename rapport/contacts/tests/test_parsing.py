"""Reading every format and era, every encoding, duplicates merged, and every bad file refused."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from rapport.contacts.parsing import MAX_BYTES, ContactsFileError, parse_bytes

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def people(data: bytes) -> list[tuple[str, list[str], str, str]]:
    return [(c.name, c.emails, c.company, c.title) for c in parse_bytes(data).contacts]


def refusal(data: bytes) -> ContactsFileError:
    with pytest.raises(ContactsFileError) as caught:
        parse_bytes(data)
    return caught.value


def test_linkedin_current_export_with_notes_preamble_bom_and_crlf() -> None:
    result = parse_bytes(sample("linkedin_2026.csv"))
    assert result.format == "linkedin"
    ada = result.contacts[0]
    assert (ada.first_name, ada.last_name, ada.emails) == (
        "Ada",
        "Quill",
        ["ada.quill@example.org"],
    )
    assert ada.url == "https://www.example.com/in/ada-quill"
    assert ada.connected_on == dt.date(2026, 2, 8)
    assert [c.name for c in result.contacts] == [
        "Ada Quill",
        "Ben Okafor",
        "Chidi Anozie",
        "Dörte Ünal",
    ]
    assert result.contacts[2].title == 'Analyst, "Risk"'


def test_linkedin_hidden_profile_rows_with_only_a_date_are_skipped_and_counted() -> None:
    result = parse_bytes(sample("linkedin_2026.csv"))
    assert result.skipped_hidden == 1
    assert all(c.name for c in result.contacts)


def test_linkedin_same_name_and_company_merge_keeping_the_earliest_date_and_every_email() -> None:
    result = parse_bytes(sample("linkedin_2026.csv"))
    ben = result.contacts[1]
    assert ben.emails == ["ben@okafor.example"]
    assert ben.connected_on == dt.date(2022, 5, 2)
    assert [(m.kept.name, m.lines, m.reason) for m in result.merges] == [
        ("Ben Okafor", [6, 9], "name_company")
    ]


def test_linkedin_older_export_without_preamble_or_url_merges_by_email_case_insensitively() -> None:
    result = parse_bytes(sample("linkedin_2016.csv"))
    assert result.format == "linkedin"
    assert people(sample("linkedin_2016.csv")) == [
        ("Elena Marsh", ["elena@marsh.example"], "Tidewater", "Engineer"),
        ("Farid Haddad", [], "Northwind", "Designer"),
    ]
    assert result.contacts[0].connected_on == dt.date(2016, 8, 17)
    assert result.merges[0].reason == "email"


def test_linkedin_data_export_zip_reads_connections_csv_inside() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Basic_LinkedInDataExport_02-08-2026/Profile.csv", "First Name\nAda\n")
        archive.writestr(
            "Basic_LinkedInDataExport_02-08-2026/Connections.csv", sample("linkedin_2026.csv")
        )
    result = parse_bytes(buffer.getvalue())
    assert result.format == "linkedin"
    assert len(result.contacts) == 4


def test_google_csv_splits_joined_values_and_keeps_labels() -> None:
    result = parse_bytes(sample("google.csv"))
    assert result.format == "google"
    ada = result.contacts[0]
    assert ada.emails == ["ada.quill@example.org", "ada@home.example"]
    assert (ada.company, ada.title, ada.labels) == ("Lumen Works", "Head of Research", ["Work"])
    gita = result.contacts[1]
    assert gita.emails == ["gita@saffron.example", "g.rao@mail.example"]
    assert result.merges[0].reason == "name_company"


def test_outlook_csv_in_utf16_with_multiline_notes() -> None:
    text = sample("outlook.csv").decode("utf-8")
    for encoded in (text.encode("utf-16"), text.encode("utf-16-le")):
        assert people(encoded) == [
            (
                "Hana Sato",
                ["hana.sato@example.jp", "hana@home.example"],
                "Kaizen Partners",
                "Partner",
            ),
            ("José Núñez", ["jose@nunez.example"], "Ñandú SA", "Director"),
        ]
        assert parse_bytes(encoded).format == "outlook"


def test_windows_1252_csv_is_read() -> None:
    text = sample("outlook.csv").decode("utf-8")
    assert people(text.encode("cp1252"))[1][0] == "José Núñez"


def test_vcard_21_quoted_printable_soft_breaks_and_charset() -> None:
    assert people(sample("vcard21.vcf")) == [
        (
            "Jürgen Müller",
            ["juergen@bruecke.example", "jm@mail.example"],
            "Brücke GmbH",
            "Ingenieur",
        ),
        ("Ivy Ng", ["ivy@pine.example"], "Pine & Co", ""),
    ]


def test_vcard_30_folded_lines_escapes_and_duplicates_by_email() -> None:
    result = parse_bytes(sample("vcard30.vcf"))
    kemi = result.contacts[0]
    assert kemi.company == "Baobab Health, Inc."
    assert kemi.title.endswith("Outreach Programme")
    assert kemi.emails == ["kemi@baobab.example", "kemi.okoro@home.example"]
    assert [(m.lines, m.reason) for m in result.merges] == [([1, 11], "email")]


def test_vcard_40_with_lf_line_endings() -> None:
    result = parse_bytes(sample("vcard40.vcf"))
    assert result.format == "vcard"
    assert [(c.name, c.url) for c in result.contacts] == [
        ("Lior Ben-David", "https://cedar.example/lior"),
        ("Mia Costa", ""),
    ]


def test_format_is_detected_from_content_not_name() -> None:
    assert parse_bytes(b"\n\n" + sample("vcard40.vcf")).format == "vcard"
    assert parse_bytes(sample("google.csv").replace(b"\n", b"\r\n")).format == "google"


HEADER = b"First Name,Last Name,Connected On\n"
UNTERMINATED = HEADER + b'Ada,"Quill,08 Feb 2026\nBen,O,01 Jan 2020\n'
VCARD_NO_END = b"BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\nBEGIN:VCARD\nFN:Ben\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
LONG_LINE = HEADER + b"Ada," + b"x" * (2 * 1024 * 1024) + b",08 Feb 2026\n"
BAD_VCARD_LINE = b"BEGIN:VCARD\nVERSION:3.0\nFN Ada\nEND:VCARD\n"
# A quote opened on line 3 and never closed, with more than csv's field limit after it.
UNTERMINATED_EARLY = (
    HEADER
    + b'Ada,"Quill,08 Feb 2026\n'
    + b"".join(b"Ben%d,O,01 Jan 2020\n" % i for i in range(9000))
)
UNKNOWN_CHARSET = (
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=NOPE;ENCODING=QUOTED-PRINTABLE:J=FCrgen\r\n"
    b"END:VCARD\r\n"
)
BAD_FILES = {
    "unknown": (b"name;mail\nAda;ada@x.org\n", "contacts.unknown_format", None),
    "unterminated-quote": (UNTERMINATED, "contacts.unterminated_quote", 2),
    "vcard-no-end": (VCARD_NO_END, "contacts.vcard_unclosed", 5),
    "binary": (PNG, "contacts.binary", None),
    "2mb-line": (LONG_LINE, "contacts.line_too_long", 2),
    "empty": (b"", "contacts.empty", None),
    "bad-zip": (b"PK\x03\x04 not really a zip", "contacts.bad_zip", None),
    "bad-vcard-line": (BAD_VCARD_LINE, "contacts.bad_vcard", 3),
    "unterminated-quote-early": (UNTERMINATED_EARLY, "contacts.unterminated_quote", 2),
    "unknown-charset": (UNKNOWN_CHARSET, "contacts.bad_vcard", None),
}


@pytest.mark.parametrize(("data", "code", "line"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_files_are_refused_with_a_stable_code_and_line(
    data: bytes, code: str, line: int | None
) -> None:
    error = refusal(data)
    assert (error.code, error.line) == (code, line)
    assert error.message
    assert error.as_dict() == {"error": code, "message": error.message, "line": line}


def test_a_file_over_the_size_limit_is_refused_before_reading_it() -> None:
    error = refusal(
        b"First Name,Last Name,Connected On\n" + b"Ada,Quill,08 Feb 2026\n" * (MAX_BYTES // 20)
    )
    assert error.code == "contacts.too_large"


def test_a_zip_without_connections_csv_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Profile.csv", "First Name\nAda\n")
    assert refusal(buffer.getvalue()).code == "contacts.zip_without_connections"


def test_vcard_properties_we_do_not_read_are_skipped_with_their_folded_lines() -> None:
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "QUJD" * 30 + "\r\n " + "REVG" * 30 + "\r\n"
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Noor Haddad\r\n"
        + photo
        + "TEL;TYPE=CELL:+1 555 0100\r\nADR;TYPE=HOME:;;1 Main St;Town;;;\r\n"
        + "item1.EMAIL;TYPE=INTERNET:Noor@Haddad.example\r\nitem1.X-ABLabel:_$!<Other>!$_\r\n"
        + "END:VCARD\r\n"
    )
    result = parse_bytes(card.encode())
    assert [(c.name, c.emails, c.line) for c in result.contacts] == [
        ("Noor Haddad", ["noor@haddad.example"], 1)
    ]


def _cards(n: int, *, bad_at: int | None = None) -> bytes:
    cards = []
    for i in range(n):
        fn = f"FN Person {i}" if i == bad_at else f"FN:Person {i}"
        cards.append(
            f"BEGIN:VCARD\nVERSION:3.0\n{fn}\nN:{i};Person;;;\nEMAIL:p{i % (n - 3)}@x.example\n"
            f"ORG:Company {i % 7}\nEND:VCARD\n"
        )
    return "".join(cards).encode()


def test_a_big_vcard_read_by_several_processes_gives_what_one_pass_gives(monkeypatch):
    from rapport.contacts.parsing import vcard

    data = _cards(60)
    monkeypatch.setattr(vcard, "PARALLEL_FROM", 10_000)
    alone = parse_bytes(data)
    monkeypatch.setattr(vcard, "PARALLEL_FROM", 10)
    monkeypatch.setattr(vcard, "_WORKERS", 3)
    together = parse_bytes(data, parallel=True)
    assert [(c.name, c.emails, c.company, c.line) for c in together.contacts] == [
        (c.name, c.emails, c.company, c.line) for c in alone.contacts
    ]
    assert len(together.contacts) == 57  # three duplicates by e-mail merged
    # A bad line in a later part is refused with its own line number, as in one pass.
    broken = _cards(60, bad_at=45)
    with pytest.raises(ContactsFileError) as refused:
        parse_bytes(broken, parallel=True)
    error = refused.value
    assert (error.code, error.line) == ("contacts.bad_vcard", 45 * 7 + 3)
    monkeypatch.setattr(vcard, "PARALLEL_FROM", 10_000)
    assert refusal(broken).line == error.line


def test_only_a_caller_without_threads_reads_in_forked_processes(monkeypatch):
    """A web request (threads) never forks; the job worker and the command line may."""
    from rapport.contacts.parsing import vcard

    monkeypatch.setattr(vcard, "PARALLEL_FROM", 10)
    monkeypatch.setattr(vcard, "_WORKERS", 3)

    def no_fork(*args: object, **kwargs: object) -> None:
        raise AssertionError("forked")

    monkeypatch.setattr(vcard, "ProcessPoolExecutor", no_fork)
    assert len(parse_bytes(_cards(60)).contacts) == 57
    with pytest.raises(AssertionError, match="forked"):
        parse_bytes(_cards(60), parallel=True)
