"""`make bench`: run each benchmark on SQLite and PostgreSQL side by side, write docs/benchmarks.md.

Per database: member search (which loads the demo community), then invitations
through the service layer on that same community. Then the graph benchmark
(`bench.graph`: Rapport's graph index against networkx, igraph, networkit and
PostgreSQL on a generated graph). Each writes its own section between
`<!-- bench:NAME -->` markers. Sizes: `--size small` (a few minutes) and
`--size full`; `--only graph` (or search, invitations, messages, trust, networkmap, contacts,
feed, post-stats, notifications, influence, companies, groups, text-judgements,
side-by-side) runs just that part. `side-by-side` (`bench.against`) runs the send paths,
the job queue's draining and the main pages of this tree beside the previous commit
(or `BENCH_REFERENCE`) in the same run, on PostgreSQL.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
SIZES = {"small": 2_000, "full": 20_000}
# Invitations sent through the service layer per database.
SENDS = {"small": 1_000, "full": 5_000}
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
    # The machines are shared: the load when the section is written says how noisy it was.
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.node()}: {os.cpu_count()} cores, {cpu}{mem}; Python {platform.python_version()}"
        f"; load average {load} (1, 5, 15 min) at the end of the run"
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


def run(module: str, database_url: str, *args: str, cwd: Path = ROOT) -> dict[str, Any]:
    """One benchmark against one database, in its own process; its last line is JSON.
    `cwd` is the tree whose code runs (another commit's worktree, for comparisons)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RAPPORT_VAR_DIR": str(ROOT / "var" / "bench"),
    }
    out = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        sys.stderr.write(out.stderr)
        out.check_returncode()
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_search(members: int, database_url: str) -> dict[str, Any]:
    return run("bench.search", database_url, "--members", str(members))


def run_invitations(members: int, sends: int, database_url: str) -> dict[str, Any]:
    # The search benchmark has just loaded the same community into this database.
    args = ("--members", str(members), "--sends", str(sends), "--reuse")
    return run("bench.invitations", database_url, *args)


def run_messages(members: int, sends: int, database_url: str) -> dict[str, Any]:
    args = ("--members", str(members), "--sends", str(sends), "--reuse")
    return run("bench.messages", database_url, *args)


MESSAGE_ROWS = (
    ("guarded", "new connections: guard (classifier + bulk) on every send"),
    ("unguarded", "older connections: no guard (signature still stored)"),
    ("requests", "message requests to 2nd-degree members: guard + quota slot"),
)


def messages_section(runs: list[dict[str, Any]], command: str) -> str:
    first = runs[0]
    flags = ", ".join(f"{n} {flag}" for flag, n in sorted(first["flags"].items()))
    lines = [
        "<!-- bench:messages -->",
        "## Messages through the service layer, with the first-contact guard",
        "",
        f"Command: `{command}`. Machine: {machine()}. Date: {dt.date.today().isoformat()}.",
        f"On the search benchmark's demo community ({first['members']:,} members). Each send is "
        "`message_send` in its own transaction with every check, and queues its trust "
        "recompute job on commit (the database job queue, as in production). Guarded: "
        f"{first['senders']} senders write to connections made for the run (four in ten genuine, "
        "the rest pitches, automated greetings and a mail merge; flagged ones sent anyway), so "
        "bulk detection compares each with the sender's growing history; the guard flagged "
        f"{flags} in the {first['guarded']['count'] + 10} guarded sends (first 10 are warm-up). "
        f"Requests: {first['requests']['count']} attempts, {first['requests_written']} written "
        "(the rest found a conversation already open between the pair).",
        "",
    ]
    header = "| operation | " + " | ".join(
        f"{r['database']} per s | {r['database']} median ms | {r['database']} p95 ms" for r in runs
    )
    lines += [header + " |", "|---" * (3 * len(runs) + 1) + "|"]
    for key, label in MESSAGE_ROWS:
        cells = [
            f"{r[key]['per_second']:,.0f} | {r[key]['median_ms']:.2f} | {r[key]['p95_ms']:.2f}"
            for r in runs
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    for r in runs:
        lines.append(
            f"- {r['database']}: the classifier alone, on the same texts: "
            f"{r['classify_per_second_median']:,.0f} messages per second (median of 5 passes)."
        )
    lines += ["<!-- /bench:messages -->", ""]
    return "\n".join(lines)


def search_section(runs: list[dict[str, Any]], members: int, command: str) -> str:
    lines = [
        "<!-- bench:search -->",
        "## Member search",
        "",
        f"Command: `{command}`. Machine: {machine()}. Date: {dt.date.today().isoformat()}.",
        f"A demo community of {members:,} members (`rapport demo --members {members} --seed 1`);",
        "each query runs 30 times as the searcher in the middle of the community: every match"
        " ranked (relevance, then degree from the graph index), then the first page of 20"
        " cards (headline, current position).",
        "",
    ]
    header = (
        "| query | "
        + " | ".join(f"{r['database']} median ms | {r['database']} p95 ms" for r in runs)
        + " | matches |"
    )
    lines += [header, "|---" * (2 * len(runs) + 2) + "|"]
    labels = list(runs[0]["queries"])
    for label in labels:
        cells = []
        for r in runs:
            q = r["queries"][label]
            cells.append(f"{q['median_ms']:.2f} | {q['p95_ms']:.2f}")
        lines.append(
            f"| {label} | " + " | ".join(cells) + f" | {runs[0]['queries'][label]['matches']} |"
        )
    lines.append("")
    for r in runs:
        lines.append(
            f"- {r['database']}: {r['members']:,} members, {r['connections']:,} "
            f"connections, demo load {r['load_seconds']:.1f} s."
        )
    lines += ["<!-- /bench:search -->", ""]
    return "\n".join(lines)


INVITATION_ROWS = (
    ("send", "send: `invitation_send`, all checks, own transaction"),
    ("send_first", "… a sender's first send (creates their quota slots)"),
    ("send_later", "… a sender's later sends"),
    ("accept", "accept: `invitation_accept` (makes the connection)"),
    ("decline", '"I don\'t know": `invitation_decline` (re-reads standing)'),
    ("coach", "the note coach alone: `analyze_note`"),
)


def invitations_section(runs: list[dict[str, Any]], command: str) -> str:
    first = runs[0]
    mix = ", ".join(f"{n} {label}" for label, n in sorted(first["mix"].items()))
    lines = [
        "<!-- bench:invitations -->",
        "## Invitations through the service layer",
        "",
        f"Command: `{command}`. Machine: {machine()}. Date: {dt.date.today().isoformat()}.",
        f"On the search benchmark's demo community ({first['members']:,} members), "
        f"{first['send']['count']:,} invitations between distinct pairs (mostly friends of "
        f"friends) from {first['senders']} senders in good standing ({first['per_sender']} each); "
        f"notes: {mix}. Each send is its own transaction with every check: connection, "
        "pending pair, history, preferences, the coach with the pair's shared context, "
        "standing, quota slots, and the notification on commit. Policy caps raised to "
        f"{first['caps']['daily']} a day and {first['caps']['weekly']} a week so none is hit. "
        'Then half the recipients accept and a quarter answer "I don\'t know"; the coach '
        "is also timed alone on the same notes (3 passes).",
        "",
    ]
    header = "| operation | " + " | ".join(
        f"{r['database']} per s | {r['database']} median ms | {r['database']} p95 ms" for r in runs
    )
    lines += [header + " |", "|---" * (3 * len(runs) + 1) + "|"]
    for key, label in INVITATION_ROWS:
        cells = [
            f"{r[key]['per_second']:,.0f} | {r[key]['median_ms']:.2f} | {r[key]['p95_ms']:.2f}"
            for r in runs
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    for r in runs:
        busiest = ", ".join(
            f"{table} {n:g}" for table, n in list(r["queries_by_table"].items())[:5]
        )
        lines.append(
            f"- {r['database']}: {r['queries_per_send']:.1f} queries per send "
            f"(most: {busiest}); {r['invitations_before']:,} invitations and "
            f"{r['connections']:,} connections before the run."
        )
    lines += ["<!-- /bench:invitations -->", ""]
    return "\n".join(lines)


def write_section(section: str, marker: str, *, only_if_missing: bool = False) -> None:
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n\nWritten by `make bench`.\n\n"
    pattern = re.compile(rf"<!-- bench:{marker} -->.*?<!-- /bench:{marker} -->\n?", re.S)
    if pattern.search(text):
        if only_if_missing:
            return
        text = pattern.sub(lambda _: section, text)
    else:
        text += section
    DOC.write_text(text)


def run_graph(size: str) -> dict[str, Any]:
    """The graph benchmark in its own process; progress goes to stderr, JSON last on stdout."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.graph", "--size", size],
        cwd=ROOT,
        env={**os.environ, "RAPPORT_VAR_DIR": str(ROOT / "var" / "bench")},
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


PARTS = (
    "search",
    "invitations",
    "messages",
    "trust",
    "graph",
    "networkmap",
    "contacts",
    "feed",
    "post-stats",
    "notifications",
    "influence",
    "companies",
    "groups",
    "text-judgements",
    "side-by-side",
)
# Benchmarks that flush and load their own data get a PostgreSQL database each, so two
# of them never empty each other's tables.
OWN_DATABASES = {
    "feed": "rapport_bench_feed",
    "post-stats": "rapport_bench_poststats",
    "notifications": "rapport_bench_notifications",
    "influence": "rapport_bench_influence",
    "companies": "rapport_bench_companies",
    "groups": "rapport_bench_groups",
}


def run_trust_db(members: int, database_url: str) -> dict[str, Any]:
    return run("bench.trust", database_url, "db", "--members", str(members), "--reuse")


def run_trust_graph(size: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.trust", "graph", "--size", size],
        cwd=ROOT,
        env={**os.environ, "RAPPORT_VAR_DIR": str(ROOT / "var" / "bench")},
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        sys.stderr.write(out.stderr)
        out.check_returncode()
    return json.loads(out.stdout.strip().splitlines()[-1])


def trust_section(runs: list[dict[str, Any]], graph: dict[str, Any], command: str) -> str:
    first = runs[0]
    lines = [
        "<!-- bench:trust -->",
        "## Trust and introductions",
        "",
        f"Command: `{command}`. Machine: {machine()}. Date: {dt.date.today().isoformat()}.",
        f"On the demo community ({first['members']:,} members): a member connected to "
        f"{first['connections']:,} others (half by invitation), who exchanged messages with 300 "
        "of them (some answered, some pitched back), has their trust recomputed — every fact "
        "gathered, every reason written, "
        f"{first['scores_written']:,} rows upserted in one transaction "
        f"({first['queries']} queries). One pair is what a job does after a message. Routes: "
        f"`path_proposals` from a member of degree {first['asker_degree']} to 2nd- and 3rd-degree "
        "targets — up to fifty routes of ≤ 3 hops from the graph index, the trust rows of every "
        "hop, ranked by the weakest hop, the best through each first hop kept (five at most), "
        "unnamed hops worked out, names for those kept.",
        "",
    ]
    header = "| operation | " + " | ".join(
        f"{r['database']} median ms | {r['database']} p95 ms" for r in runs
    )
    lines += [header + " |", "|---" * (2 * len(runs) + 1) + "|"]
    rows = (
        (f"trust recomputation, member with {first['connections']:,} connections", "recompute"),
        ("trust recomputation, one pair (after a message)", "recompute_pair"),
    )
    for label, key in rows:
        cells = [f"{r[key]['median_ms']:.2f} | {r[key]['p95_ms']:.2f}" for r in runs]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for degree in ("2nd", "3rd"):
        cells = [
            f"{r['routes'][degree]['median_ms']:.2f} | {r['routes'][degree]['p95_ms']:.2f}"
            for r in runs
        ]
        count = first["routes"][degree]["count"]
        lines.append(
            f"| route proposal, {degree}-degree target (n={count}) | " + " | ".join(cells) + " |"
        )
    lines += [
        "",
        f"On the graph benchmark's graph ({graph['members']:,} members, "
        f"{graph['connections']:,} connections; `python -m bench.trust graph`): the ranking "
        "core of `path_proposals` — `GraphIndex.paths(a, b, 50)` then `rank_routes` by the "
        "weakest hop — with hop strengths from a seeded table standing in for the trust rows "
        "(their reads are measured above):",
        "",
        "| target | median ms | p95 ms | routes found |",
        "|---|---|---|---|",
    ]
    for degree in ("2nd", "3rd"):
        q = graph[degree]
        lines.append(
            f"| {degree}-degree pair (n={q['count']}) | {q['median_ms']:.3f} | "
            f"{q['p95_ms']:.3f} | {q['routes']:,} |"
        )
    lines += ["<!-- /bench:trust -->", ""]
    return "\n".join(lines)


def run_own_databases(part: str, command: str) -> str:
    """A benchmark that loads its own data, on SQLite and (when it answers) PostgreSQL."""
    import importlib

    module = f"bench.{part.replace('-', '_')}"
    name = OWN_DATABASES[part]
    urls = [f"sqlite:///{ROOT / 'var' / 'bench' / (name + '.sqlite3')}"]
    if pg_available():
        own = PG_URL.rsplit("/", 1)[0] + "/" + name
        _create_database(own)
        urls.append(own)
    runs = [run(module, url) for url in urls]
    section: Any = importlib.import_module(module).section
    return str(section(runs, command))


def _create_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    with psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        connect_timeout=3,
        autocommit=True,
    ) as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]
        ).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument(
        "--only", choices=PARTS, action="append", help="Run only this part (repeatable)."
    )
    args = parser.parse_args()
    parts = set(args.only or PARTS)
    members, sends = SIZES[args.size], SENDS[args.size]
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    command = "make bench" if args.size == "small" else "make bench-full"
    if args.only:
        command = f"python -m bench --size {args.size} " + " ".join(
            f"--only {p}" for p in args.only
        )
    if parts & {"search", "invitations", "messages", "trust"}:
        databases = [f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}"]
        if pg_available():
            databases.append(PG_URL)
        else:
            print(f"PostgreSQL not reachable at {PG_URL}: SQLite only", file=sys.stderr)
        search, invitations, sent, trusted = [], [], [], []
        for url in databases:
            # Invitations run on the community the search benchmark has just loaded.
            if "search" in parts:
                search.append(run_search(members, url))
            if "invitations" in parts:
                invitations.append(run_invitations(members, sends, url))
            if "messages" in parts:
                sent.append(run_messages(members, sends, url))
            if "trust" in parts:
                trusted.append(run_trust_db(members, url))
        if "search" in parts:
            write_section(search_section(search, members, command), "search")
        if invitations:
            write_section(invitations_section(invitations, command), "invitations")
        if sent:
            write_section(messages_section(sent, command), "messages")
        if trusted:
            graph_part = run_trust_graph(args.size)
            write_section(trust_section(trusted, graph_part, command), "trust")
    if "networkmap" in parts:
        from bench.networkmap import section

        url = f"sqlite:///{ROOT / 'var' / 'bench' / 'networkmap.sqlite3'}"
        write_section(section(run("bench.networkmap", url), command, machine()), "networkmap")
    if "contacts" in parts:
        from bench.contacts import write as write_contacts

        write_contacts(10_000, command)
    for part in ("feed", "post-stats", "notifications", "influence", "companies", "groups"):
        if part in parts:
            write_section(run_own_databases(part, command), part)
    if "text-judgements" in parts:
        from bench.text_judgements import section as judgements_section

        out = subprocess.run(
            [sys.executable, "-m", "bench.text_judgements"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        date = dt.date.today().isoformat()
        write_section(judgements_section(result, command, machine(), date), "text-judgements")
    if "side-by-side" in parts and pg_available():
        # Issue 20's send paths, jobs and pages beside the previous commit (or
        # BENCH_REFERENCE), in the same run.
        from bench.against import compare
        from bench.against import section as side_by_side

        reference = os.environ.get("BENCH_REFERENCE", "HEAD~1")
        result = compare(reference, members=members, sends=sends)
        write_section(
            side_by_side(result, f"{command} (BENCH_REFERENCE={reference})"), "side-by-side"
        )
    if "graph" in parts:
        from bench.graph import sections

        result = run_graph(args.size)
        date = dt.date.today().isoformat()
        for marker, text, only_if_missing in sections(result, command, machine(), date):
            write_section(text, marker, only_if_missing=only_if_missing)
    print(DOC.read_text())


if __name__ == "__main__":
    main()
