"""Member search on a demo community: one database per run, results as JSON on stdout.

Run through `python -m bench`, which starts this once per database so each run
gets its own settings (DATABASE_URL is read when Django starts).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

QUERIES = {
    "name (q=surname)": {"q": "{surname}"},
    "title (q=engineer)": {"q": "engineer"},
    "two terms (q=engineer + city)": {"q": "engineer {city}"},
    "company filter": {"company": "{company}"},
    "skill filter": {"skill": "{skill}"},
    "location filter": {"location": "{city}"},
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from rapport.accounts.models import User
    from rapport.companies.models import Position
    from rapport.members.models import Profile, Skill
    from rapport.members.selectors import SearchFilters, search_members
    from rapport.network.models import Connection

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("demo", members=args.members, seed=1, stdout=quiet)
    load_seconds = time.perf_counter() - started

    # Realistic parameters, taken from the data rather than chosen to be fast.
    sample = User.objects.filter(is_staff=False).order_by("pk")[args.members // 2]
    position = Position.objects.filter(is_current=True).select_related("company").first()
    values = {
        "surname": sample.display_name.split()[-1],
        "city": Profile.objects.exclude(location="")
        .values_list("location", flat=True)
        .order_by("member_id")
        .first()
        .split(",")[0],  # type: ignore[union-attr]
        "company": position.company.slug if position else "",
        "skill": Skill.objects.order_by("pk").values_list("slug", flat=True).first(),
    }
    results = {}
    for label, template in QUERIES.items():
        filters = SearchFilters(**{k: v.format(**values) for k, v in template.items()})
        timings = []
        total = 0
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            # What the search page does: rank every match (degrees from the graph
            # index), then load the first page's cards.
            found = search_members(viewer=sample, filters=filters, page=1, size=20)
            total = found.page.total
            for m in found.page.items:  # what a result card renders
                _ = (m.profile.headline, [p.title for p in m.current_positions])  # type: ignore[attr-defined]
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        results[label] = {
            "median_ms": statistics.median(timings),
            "p95_ms": timings[int(len(timings) * 0.95) - 1],
            "matches": total,
        }
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "members": User.objects.count(),
                "connections": Connection.objects.count(),
                "load_seconds": load_seconds,
                "queries": results,
            }
        )
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
