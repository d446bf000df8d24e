"""The note coach and the message guard: time per text, this tree against a reference
(issue 21's budget: ≤ 1 ms at the median). Prints one JSON line (the last).

    python -m bench.text_judgements                 this tree and the reference, side by side
    python -m bench.text_judgements --against REF   another reference commit

Every note of rapport/core/corpus/notes.jsonl (with its context) through `analyze_note`,
every message of messages.jsonl through `classify_message`, three passes in one process:
the first pass sees each text for the first time ("first sight": the word caches are
filling), the next two are "warm". Median and p95 of the per-text times of each.

In the same processes, the held-out test split is judged by each tree (precision and
recall; the personalization AUC; genuine messages called automated), and this tree's
cross-writer tables are taken from the evaluation commands.

The reference is, by default, the commit before the learned model came in (the parent
of the commit that added rapport/core/textmodel.py): the rules alone. It runs from a
temporary `git worktree` in its own process on the same texts, in the same run, so the
machine's mood of the moment weighs on both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import git

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "rapport" / "core" / "corpus"
PASSES = 3
TARGET_US = 1000


def _figures(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_us": round(statistics.median(ordered), 1),
        "p95_us": round(ordered[int(len(ordered) * 0.95)], 1),
    }


def measure(notes: Path, messages: Path) -> dict[str, Any]:
    """Time the code importable as `rapport` (this tree, or the reference's)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from rapport.conversations.guard.classify import classify_message
    from rapport.invitations.coach.analysis import analyze_note
    from rapport.invitations.coach.evaluation import context_from

    note_rows = [json.loads(line) for line in notes.read_text().splitlines() if line.strip()]
    note_args = [(r["text"], context_from(r.get("context", {}))) for r in note_rows]
    texts = [json.loads(line)["text"] for line in messages.read_text().splitlines() if line]
    result: dict[str, Any] = {"notes": len(note_args), "messages": len(texts)}
    jobs: list[tuple[str, Callable[[Any], Any], list[Any]]] = [
        ("note", lambda a: analyze_note(*a), note_args),
        ("message", classify_message, texts),
    ]
    for name, run, items in jobs:
        passes = []
        for _ in range(PASSES):
            times = []
            for item in items:
                began = time.perf_counter()
                run(item)
                times.append((time.perf_counter() - began) * 1e6)
            passes.append(times)
        result[name] = {
            "first_sight": _figures(passes[0]),
            "warm": _figures([t for times in passes[1:] for t in times]),
        }
    # After the timing, so that its first pass really is the first sight of every text.
    result["accuracy"] = _accuracy(note_rows, note_args, messages, analyze_note, classify_message)
    return result


def _rates(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    """Precision and recall of (predicted, labelled) pairs, counted as the evaluations do."""
    from rapport.core.evaluation import Confusion

    counts = Confusion()
    for predicted, labelled in pairs:
        counts.add(predicted, labelled)
    return {"precision": round(counts.precision, 3), "recall": round(counts.recall, 3)}


def _accuracy(
    note_rows: list[dict[str, Any]],
    note_args: list[Any],
    messages: Path,
    analyze_note: Any,
    classify_message: Any,
) -> dict[str, Any]:
    """The held-out (test) split judged by this code: the same figures for both trees."""
    from sklearn.metrics import roc_auc_score

    notes = [
        (row, analyze_note(*args))
        for row, args in zip(note_rows, note_args, strict=True)
        if row["split"] == "test"
    ]
    rows = [json.loads(line) for line in messages.read_text().splitlines() if line]
    verdicts = [(row, classify_message(row["text"])) for row in rows if row["split"] == "test"]
    personal = [row["personalization"] != "low" for row, _ in notes]
    return {
        "note_default": _rates([(a.default_text, r["default_text"]) for r, a in notes]),
        "note_pitch": _rates([(a.pitch, r["pitch"]) for r, a in notes]),
        "note_personal_auc": round(
            float(roc_auc_score(personal, [a.personalization for _, a in notes])), 3
        ),
        "message_pitch": _rates([(v.pitch, r["pitch"]) for r, v in verdicts]),
        "message_automated": _rates([(v.automated, r["automated"]) for r, v in verdicts]),
        "genuine_called_automated": sum(
            v.automated for r, v in verdicts if not r["pitch"] and not r["automated"]
        ),
        "test_notes": len(notes),
        "test_messages": len(verdicts),
    }


def cross_writer() -> dict[str, Any]:
    """The evaluation commands' cross-writer tables (this tree only: it trains)."""
    tables = {}
    for command in ("evaluate-note-coach", "evaluate-message-guard"):
        out = subprocess.run(
            [sys.executable, "-m", "rapport.cli", command, "--cross-writer", "--json"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        tables[command] = json.loads(out.stdout)
    return tables


def default_reference() -> str:
    added = git("log", "--diff-filter=A", "--format=%H", "--", "rapport/core/textmodel.py")
    return f"{added.splitlines()[-1]}~1"


def _run(tree: Path, notes: Path, messages: Path) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--measure",
            "--notes",
            str(notes),
            "--messages",
            str(messages),
        ],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(reference: str) -> dict[str, Any]:
    """This tree and `reference`, one after the other, on this tree's corpus."""
    notes, messages = CORPUS / "notes.jsonl", CORPUS / "messages.jsonl"
    load = os.getloadavg()
    current = _run(ROOT, notes, messages)
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "reference"
        git("worktree", "add", "--detach", str(tree), reference)
        try:
            before = _run(tree, notes, messages)
        finally:
            git("worktree", "remove", "--force", str(tree))
    return {
        "reference": git("rev-parse", "--short", reference),
        "current": current,
        "before": before,
        "cross_writer": cross_writer(),
        "load": " ".join(f"{x:.2f}" for x in load),
    }


def section(result: dict[str, Any], command: str, machine: str, date: str) -> str:
    cur, ref = result["current"], result["before"]
    lines = [
        "<!-- bench:text-judgements -->",
        "## Note coach and message guard: time per text (issue 21)",
        "",
        f"Command: `{command}` (`python -m bench.text_judgements`). Machine: {machine}. "
        f"Date: {date}. Load average at the start: {result['load']}.",
        f"Every labelled note ({cur['notes']:,}, with its context) through `analyze_note` and "
        f"every labelled message ({cur['messages']:,}) through `classify_message`, three "
        "passes in one process: the first sees each text for the first time, the other two "
        "are warm. The reference is the rules alone, "
        f"{result['reference']}, run from a git worktree in the same run on the same texts. "
        f"Target: ≤ {TARGET_US} µs at the median.",
        "",
        "| | rules alone, median µs | this tree, median µs | ratio | this tree, p95 µs |",
        "|---|---|---|---|---|",
    ]
    for name in ("note", "message"):
        for phase in ("first_sight", "warm"):
            now, then = cur[name][phase], ref[name][phase]
            lines.append(
                f"| {name}, {phase.replace('_', ' ')} | {then['median_us']:.0f} "
                f"| {now['median_us']:.0f} | {now['median_us'] / then['median_us']:.2f} "
                f"| {now['p95_us']:.0f} |"
            )
    met = [
        f"{name} {'met' if cur[name]['first_sight']['median_us'] <= TARGET_US else '**missed**'}"
        for name in ("note", "message")
    ]
    lines += ["", f"- Target at first sight: {', '.join(met)}.", ""]
    lines += _accuracy_lines(cur["accuracy"], ref["accuracy"], result["reference"])
    lines += _cross_writer_lines(result["cross_writer"])
    lines.append("<!-- /bench:text-judgements -->")
    return "\n".join(lines) + "\n"


def _accuracy_lines(now: dict[str, Any], then: dict[str, Any], reference: str) -> list[str]:
    rows = [
        ("note: default text", "note_default"),
        ("note: pitch", "note_pitch"),
        ("message: pitch", "message_pitch"),
        ("message: automated", "message_automated"),
    ]
    lines = [
        f"Held-out test split ({now['test_notes']} notes, {now['test_messages']} messages; "
        f"never trained or tuned on), the rules alone ({reference}) and this tree. Issue 21's "
        "targets: pitch precision and recall ≥ 0.95, automated recall ≥ 0.95 with no genuine "
        "message flagged, personalization AUC ≥ 0.97.",
        "",
        "| judgement | rules alone P / R | this tree P / R |",
        "|---|---|---|",
    ]
    for label, key in rows:
        a, b = then[key], now[key]
        lines.append(
            f"| {label} | {a['precision']:.3f} / {a['recall']:.3f} "
            f"| {b['precision']:.3f} / {b['recall']:.3f} |"
        )
    lines += [
        f"| note: personalization AUC (medium or high over low) | {then['note_personal_auc']:.3f} "
        f"| {now['note_personal_auc']:.3f} |",
        f"| message: genuine messages called automated | {then['genuine_called_automated']} "
        f"| {now['genuine_called_automated']} |",
        "",
    ]
    return lines


def _cross_writer_lines(tables: dict[str, Any]) -> list[str]:
    lines = [
        "Across writers (`rapport evaluate-… --cross-writer`): for each writer, a model trained "
        "on the dev split without that writer's texts, measured on that writer's dev texts — "
        'what a style never seen gets. "seed" is the first, hand-picked examples; "short" '
        "(everyday one-liners) holds no pitch or template at all, so a precision of 0 there "
        "means the model trained without them flagged some.",
        "",
    ]
    for command, table in tables.items():
        columns = list(next(iter(table.values())))
        lines.append(f"| `{command}` writer | " + " | ".join(columns) + " |")
        lines.append("|---" * (len(columns) + 1) + "|")
        for writer, row in table.items():
            lines.append(f"| {writer} | " + " | ".join(f"{row[c]:.3f}" for c in columns) + " |")
        lines.append("")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--notes", type=Path, default=CORPUS / "notes.jsonl")
    parser.add_argument("--messages", type=Path, default=CORPUS / "messages.jsonl")
    parser.add_argument("--against", default=None, help="Reference commit (the rules alone).")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.notes, args.messages)))
        return
    print(json.dumps(compare(args.against or default_reference())))


if __name__ == "__main__":
    main()
