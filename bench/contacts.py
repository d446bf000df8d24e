"""Contacts: parsing and previewing 10,000 contacts of each format, importing them.

    python -m bench.contacts [--rows 10000]          everything; writes the section
    python -m bench.contacts db --rows N             one database (DATABASE_URL), JSON last

Parse: `parse_bytes` on a generated file of each format (LinkedIn CSV with the
Notes preamble, Google CSV with ` ::: ` joined e-mails, Outlook CSV in UTF-16,
vCard 4.0), with one contact in ten a duplicate to merge; median of three runs,
no database. Preview and import, per database: `import_start` (read, merge,
store the preview; a big file's read job included), then the preview page's own
read — the import from the database and `import_preview`, which matches every
address of the merged contacts against the members (300 of the addresses belong
to members) — then
`import_confirm` + the write job (`import_commit`), chunked as in production.
Target: parsing and previewing each format in at most 2 s.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FORMATS = ("linkedin", "google", "outlook", "vcard")
MEMBERS = 300
TARGET_S = 2.0


FIRSTS = ("Ada", "Ben", "Chidi", "Dana", "Eve", "Finn", "Gita", "Hana", "Ivy", "José", "Kemi")
LASTS = ("Quill", "Okafor", "Anozie", "Ito", "Moreau", "Walsh", "Rao", "Sato", "Ng", "Núñez")


def people(rows: int, seed: int = 15) -> list[Any]:
    from rapport.contacts.parsing import Contact

    rng = Random(seed)
    out: list[Contact] = []
    for i in range(rows):
        if i and i % 10 == 0:  # a duplicate to merge: same e-mail, other case
            twin = out[rng.randrange(len(out))]
            out.append(
                Contact(
                    name=twin.name,
                    first_name=twin.first_name,
                    last_name=twin.last_name,
                    emails=[twin.emails[0].upper()] if twin.emails else [],
                    company=twin.company,
                )
            )
            continue
        first, last = rng.choice(FIRSTS), f"{rng.choice(LASTS)}{i}"
        home = [f"c{i}@home.example"] if i % 3 == 0 else []
        out.append(
            Contact(
                name=f"{first} {last}",
                first_name=first,
                last_name=last,
                emails=[f"c{i}@contacts.example", *home],
                company=f"Company {i % 500}",
                title=rng.choice(["Engineer", "Designer", "CTO", ""]),
                url=f"https://www.example.com/in/c{i}",
                connected_on=dt.date(2020, 1, 1) + dt.timedelta(days=i % 2000),
            )
        )
    return out


def outlook_csv(contacts: list[Any]) -> bytes:
    header = [
        *("First Name", "Middle Name", "Last Name", "Title", "Company", "Job Title"),
        *("E-mail Address", "E-mail 2 Address", "E-mail 3 Address", "Notes"),
    ]
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for c in contacts:
        emails = [*c.emails, "", "", ""][:3]
        writer.writerow(
            [c.first_name, "", c.last_name, "", c.company, c.title, *emails, "Met\r\nonce"]
        )
    return out.getvalue().encode("utf-16")


def files(rows: int) -> dict[str, bytes]:
    from rapport.contacts.writing import google_csv, linkedin_csv, vcard4

    contacts = people(rows)
    return {
        "linkedin": linkedin_csv(contacts).encode("utf-8-sig"),
        "google": google_csv(contacts).encode("utf-8"),
        "outlook": outlook_csv(contacts),
        "vcard": vcard4(contacts).encode("utf-8"),
    }


def parse_part(rows: int) -> dict[str, Any]:
    from rapport.contacts.parsing import parse_bytes

    result: dict[str, Any] = {}
    for fmt, data in files(rows).items():
        times = []
        for _ in range(3):
            started = time.perf_counter()
            parsed = parse_bytes(data, parallel=True)  # as the read job does
            times.append(time.perf_counter() - started)
        assert parsed.format == fmt, (parsed.format, fmt)
        result[fmt] = {
            "bytes": len(data),
            "entries": len(parsed.originals),
            "people": len(parsed.contacts),
            "merges": len(parsed.merges),
            "median_s": statistics.median(times),
        }
    return result


def db_part(rows: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from rapport.accounts.models import EmailFindable, User
    from rapport.contacts import selectors
    from rapport.contacts.models import ContactImport
    from rapport.contacts.services import contacts_delete_all, import_confirm, import_start
    from rapport.contacts.services.imports import import_commit, import_read
    from rapport.contacts.views import PREVIEW_ROWS

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    call_command("migrate", verbosity=0)

    def member(email: str, name: str, handle: str) -> User:
        found = User.objects.filter(email=email).first()
        if found is not None:
            return found
        # Accounts without a password: matching reads only the account row (and signing up
        # 300 members through argon2 would only slow the set-up, which is not timed).
        return User.objects.create_user(email=email, display_name=name, handle=handle)

    owner = member("bench-contacts@bench.example", "Bench Contacts", "bench-contacts")
    for i in range(0, rows, max(1, rows // MEMBERS)):
        member(f"c{i}@contacts.example", f"Member {i}", f"bc{i}")
    User.objects.filter(email__endswith="@contacts.example").update(
        email_findable=EmailFindable.EVERYONE
    )
    result: dict[str, Any] = {"database": connection.vendor, "rows": rows}
    for fmt, data in files(rows).items():
        times = []
        for _ in range(3):  # median of three, like the parse
            contacts_delete_all(owner=owner)
            started = time.perf_counter()
            found = import_start(owner=owner, file_name=f"bench.{fmt}", data=data)
            if found.state == "parsing":  # a big file: the read job's turn, timed with it
                found = import_read(import_id=found.pk) or found
            # The preview page's own read: the import from the database, then its preview.
            preview = selectors.import_preview(
                owner, selectors.import_for(owner, found.pk), rows=PREVIEW_ROWS
            )
            times.append(time.perf_counter() - started)
        assert preview is not None, found.state
        preview_s = statistics.median(times)
        started = time.perf_counter()
        import_confirm(owner=owner, import_id=found.pk)
        import_commit(import_id=found.pk)
        import_s = time.perf_counter() - started
        done = ContactImport.objects.get(pk=found.pk)
        result[fmt] = {
            "preview_s": preview_s,
            "import_s": import_s,
            "people": preview.total,
            "matches": preview.counts["member"] + preview.counts["connected"],
            "added": done.added,
            "merged": done.merged,
        }
    contacts_delete_all(owner=owner)
    return result


def section(parse: dict[str, Any], dbs: list[dict[str, Any]], rows: int, command: str) -> str:
    from bench.__main__ import machine

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "<!-- bench:contacts -->",
        "## Contacts: parsing, previewing and importing address books",
        "",
        f"Command: `{command}`. Machine: {machine()}. Date: {dt.date.today().isoformat()}. "
        f"Load average at the start: {load}.",
        f"{rows:,} generated contacts per format, one in ten a duplicate (same e-mail, other "
        "case); LinkedIn with its Notes preamble and BOM, Google with ` ::: ` joined e-mails, "
        "Outlook in UTF-16 with multi-line notes, vCard 4.0 written by vobject. Parse: "
        "`parse_bytes` (decode, detect, read, merge), median of 3, no database. Preview: "
        "`import_start` + reading + the preview page's read (the import from the database, "
        "its merged contacts, every address matched against the members; "
        f"{MEMBERS} of the addresses are members'). Import: `import_confirm` + "
        f"the write job (chunks of 250, each its own transaction). Target: ≤ {TARGET_S:.0f} s "
        "to parse and preview (preview: median of 3).",
        "",
    ]
    header = "| format | file | people (entries) | parse s | " + " | ".join(
        f"{d['database']} preview s | {d['database']} import s" for d in dbs
    )
    lines += [header + " |", "|---" * (4 + 2 * len(dbs)) + "|"]
    for fmt in FORMATS:
        p = parse[fmt]
        cells = [f"{d[fmt]['preview_s']:.2f} | {d[fmt]['import_s']:.1f}" for d in dbs]
        lines.append(
            f"| {fmt} | {p['bytes'] / 1048576:.1f} MB | {p['people']:,} ({p['entries']:,}) | "
            f"{p['median_s']:.2f} | " + " | ".join(cells) + " |"
        )
    lines.append("")
    for d in dbs:
        lines.append(
            f"- {d['database']}: matches found in the preview: "
            + ", ".join(f"{fmt} {d[fmt]['matches']}" for fmt in FORMATS)
            + "; merged on import: "
            + ", ".join(f"{fmt} {d[fmt]['merged']:,}" for fmt in FORMATS)
            + "."
        )
    over = [
        fmt
        for fmt in FORMATS
        if parse[fmt]["median_s"] > TARGET_S or any(d[fmt]["preview_s"] > TARGET_S for d in dbs)
    ]
    if over:
        lines.append(
            f"- Over the {TARGET_S:.0f} s target: {', '.join(over)} (vCard: the time is "
            "vobject's per-line objects; big files are read by the background job, so no "
            "page waits on it; decision 0016)."
        )
    lines += ["<!-- /bench:contacts -->", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("part", nargs="?", choices=["all", "db"], default="all")
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    if args.part == "db":
        print(json.dumps(db_part(args.rows)))
        return
    command = "python -m bench.contacts" + (f" --rows {args.rows}" if args.rows != 10_000 else "")
    print(write(args.rows, command))


def write(rows: int, command: str) -> str:
    """Parse, then preview and import on SQLite and PostgreSQL; write the section."""
    from bench.__main__ import PG_URL, pg_available, run, write_section

    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    parse = parse_part(rows)
    print(json.dumps(parse), file=sys.stderr)
    urls = [f"sqlite:///{ROOT / 'var' / 'bench' / 'contacts.sqlite3'}"]
    if pg_available():
        urls.append(PG_URL)
    dbs = [run("bench.contacts", url, "db", "--rows", str(rows)) for url in urls]
    text = section(parse, dbs, rows, command)
    write_section(text, "contacts")
    return text


if __name__ == "__main__":
    main()
