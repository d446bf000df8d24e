"""`make bench`: run each benchmark on SQLite and PostgreSQL side by side, write docs/benchmarks.md.

Sizes: `--size small` (seconds to a minute) and `--size full`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
SIZES = {"small": 2_000, "full": 20_000}
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/rapport_bench")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.node()}: {os.cpu_count()} cores, {cpu}{mem}; Python {platform.python_version()}"
    )


def pg_available() -> bool:
    """Whether PostgreSQL answers; creates the benchmark database if it is missing."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(PG_URL)
    try:
        with psycopg.connect(
            host=cfg["HOST"],
            port=cfg["PORT"] or 5432,
            user=cfg["USER"],
            password=cfg["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
            autocommit=True,
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    except psycopg.Error:
        return False
    return True


def run_search(members: int, database_url: str) -> dict[str, object]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RAPPORT_VAR_DIR": str(ROOT / "var" / "bench"),
    }
    out = subprocess.run(
        [sys.executable, "-m", "bench.search", "--members", str(members)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def search_section(runs: list[dict[str, object]], members: int, command: str) -> str:
    lines = [
        "<!-- bench:search -->",
        "## Member search",
        "",
        f"Command: `{command}`. Machine: {machine()}. Date: {dt.date.today().isoformat()}.",
        f"A demo community of {members:,} members (`rapport demo --members {members} --seed 1`);",
        "each query runs 30 times: count + first page of 20 cards (headline, current position).",
        "",
    ]
    header = (
        "| query | "
        + " | ".join(f"{r['database']} median ms | {r['database']} p95 ms" for r in runs)
        + " | matches |"
    )
    lines += [header, "|---" * (2 * len(runs) + 2) + "|"]
    labels = list(runs[0]["queries"])  # type: ignore[call-overload]
    for label in labels:
        cells = []
        for r in runs:
            q = r["queries"][label]  # type: ignore[index]
            cells.append(f"{q['median_ms']:.2f} | {q['p95_ms']:.2f}")
        lines.append(
            f"| {label} | " + " | ".join(cells) + f" | {runs[0]['queries'][label]['matches']} |"
        )  # type: ignore[index]
    lines.append("")
    for r in runs:
        lines.append(
            f"- {r['database']}: {r['members']:,} members, {r['connections']:,} "
            f"connections, demo load {r['load_seconds']:.1f} s."
        )
    lines += ["<!-- /bench:search -->", ""]
    return "\n".join(lines)


def write_section(section: str, marker: str) -> None:
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n\nWritten by `make bench`.\n\n"
    pattern = re.compile(rf"<!-- bench:{marker} -->.*?<!-- /bench:{marker} -->\n?", re.S)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text + section
    DOC.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=SIZES, default="small")
    args = parser.parse_args()
    members = SIZES[args.size]
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    runs = [run_search(members, f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}")]
    if pg_available():
        runs.append(run_search(members, PG_URL))
    else:
        print(f"PostgreSQL not reachable at {PG_URL}: SQLite only", file=sys.stderr)
    command = "make bench" if args.size == "small" else "make bench-full"
    write_section(search_section(runs, members, command), "search")
    print(DOC.read_text())


if __name__ == "__main__":
    main()
