"""The vCard preview before and after 04572b4, for the same-run comparison in docs/benchmarks.md.

    cd <checkout> && DATABASE_URL=… python -m bench.contacts_preview_ab

Run it alternately in a `git worktree` of 5ceb813 (before) and a checkout of 04572b4 or
later (after), against a database `python -m bench.contacts db` has set up. Each run
times three passes of the 10,000-card vCard file through `import_start`, the read job
and the preview page's own read from the database; one JSON line out. The "before" side
runs the preview view's code as it stood at 5ceb813 (it had no selector to call).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    from bench.contacts import files
    from rapport.accounts.models import User
    from rapport.contacts import selectors
    from rapport.contacts.parsing import Contact
    from rapport.contacts.services import contacts_delete_all, import_start
    from rapport.contacts.services.imports import import_read

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    owner = User.objects.get(email="bench-contacts@bench.example")
    data = files(10_000)["vcard"]
    after = hasattr(selectors, "import_preview")
    runs: list[float] = []
    total = 0
    for _ in range(3):
        contacts_delete_all(owner=owner)
        started = time.perf_counter()
        found = import_start(owner=owner, file_name="bench.vcf", data=data)
        import_read(import_id=found.pk)
        found = selectors.import_for(owner, found.pk)
        if after:
            preview = selectors.import_preview(owner, found, rows=100)
            assert preview is not None, found.state
            total = preview.total
        else:
            from rapport.contacts.services import imports

            merge = getattr(imports, "preview_merged")  # noqa: B009 (gone since 04572b4)
            merged = merge([Contact.from_json(c) for c in (found.parsed or {})["originals"]])
            matches = selectors.matches_for(owner, (e for c in merged for e in c.emails))
            _rows = [(c, selectors.match_of(c.emails, matches)) for c in merged[:100]]
            counts: dict[str, int] = {}
            for contact in merged:
                match = selectors.match_of(contact.emails, matches)
                status = match.status if match else "none"
                counts[status] = counts.get(status, 0) + 1
            total = len(merged)
        runs.append(time.perf_counter() - started)
    print(json.dumps({"side": "after" if after else "before", "runs": runs, "people": total}))


if __name__ == "__main__":
    main()
