"""`rapport contacts parse FILE --json`: what a file contains, or the error and exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter and command)
        [sys.executable, "-m", "rapport.cli", "contacts", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_parse_prints_format_and_merged_contacts_as_json() -> None:
    done = run("parse", str(SAMPLES / "linkedin_2016.csv"), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["format"] == "linkedin"
    assert [(c["name"], c["emails"], c["company"], c["title"]) for c in data["contacts"]] == [
        ("Elena Marsh", ["elena@marsh.example"], "Tidewater", "Engineer"),
        ("Farid Haddad", [], "Northwind", "Designer"),
    ]


def test_parse_of_a_bad_file_exits_2_with_the_error_json(tmp_path: Path) -> None:
    bad = tmp_path / "cut.vcf"
    bad.write_text("BEGIN:VCARD\nVERSION:4.0\nFN:Ada\n", encoding="utf-8")
    done = run("parse", str(bad), "--json")
    assert done.returncode == 2
    error = json.loads(done.stdout)
    assert error["error"] == "contacts.vcard_unclosed"
    assert error["line"] == 1
    assert "END:VCARD" in error["message"]


def test_parse_of_a_missing_file_exits_2(tmp_path: Path) -> None:
    done = run("parse", str(tmp_path / "nope.csv"), "--json")
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"] == "contacts.unreadable"
