"""`rapport contacts import HANDLE FILE` and `rapport contacts export HANDLE --format …`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from rapport.contacts.models import ImportedContact
from rapport.contacts.parsing import parse_bytes
from rapport.contacts.tests.factories import SAMPLES
from rapport.conversations.tests.factories import connect

pytestmark = pytest.mark.django_db


def test_import_writes_the_contacts_and_prints_a_summary(ada) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("contacts", "import", "ada", str(SAMPLES / "vcard30.vcf"), stdout=out, stderr=err)
    summary = json.loads(out.getvalue())
    assert (summary["format"], summary["read"], summary["added"], summary["merged"]) == (
        "vcard",
        2,
        1,
        1,
    )
    assert ImportedContact.objects.get(owner=ada).name == "Kemi Okoro"


def test_import_of_a_bad_file_exits_2_and_writes_nothing(ada, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02binary\x00\xff" * 100)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("contacts", "import", "ada", str(bad), stdout=out)
    assert exited.value.code == 2
    assert json.loads(out.getvalue())["error"] == "contacts.binary"
    assert not ImportedContact.objects.exists()


def test_export_writes_connections_in_the_chosen_format(ada, ben, tmp_path: Path) -> None:
    connect(ada, ben)
    target = tmp_path / "out.vcf"
    call_command("contacts", "export", "ada", "--format", "vcard", "--output", str(target))
    result = parse_bytes(target.read_bytes())
    assert (result.format, [c.name for c in result.contacts]) == ("vcard", ["Ben Okafor"])
