"""`rapport classify-message` and `rapport evaluate-message-guard` from the command line."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args: str, stdin: str | None = None) -> str:
    out = StringIO()
    extra = {"stdin": StringIO(stdin)} if stdin is not None else {}
    call_command("classify-message", *args, stdout=out, **extra)
    return out.getvalue()


def test_json_prints_one_object_with_the_promised_fields():
    data = json.loads(run("--json", "Hi {first_name}, do you have 15 minutes for a quick demo?"))
    assert data["pitch"] is True
    assert data["automated"] is True
    assert set(data["scores"]) == {"pitch", "automated"}
    assert any("{first_name}" in reason for reason in data["reasons"])


def test_jsonl_answers_every_line_in_order_and_carries_on_after_a_bad_one():
    lines = [
        json.dumps({"text": "Thanks for following! Let me know if I can help!"}),
        "not json",
        json.dumps({"txt": "wrong field"}),
        json.dumps({"text": "Good to see you at the alumni dinner, Ana."}),
    ]
    answers = [json.loads(line) for line in run("--jsonl", stdin="\n".join(lines)).splitlines()]
    assert len(answers) == 4
    assert answers[0]["automated"] is True
    assert answers[1]["error"] == "message.bad_line" and answers[1]["line"] == 2
    assert answers[2]["error"] == "message.bad_line" and answers[2]["line"] == 3
    assert answers[3]["pitch"] is False and answers[3]["automated"] is False


def test_plain_output_gives_reasons_and_a_suggestion():
    text = run("We help companies like yours cut costs. Book a call this week!")
    assert text.startswith("Flagged: pitch")
    assert "book a call" in text
    assert "Suggestion:" in text


def test_text_and_jsonl_together_or_neither_are_refused():
    with pytest.raises(CommandError, match="not both"):
        run("--jsonl", "hello", stdin="")
    with pytest.raises(CommandError, match="Give the message text"):
        run()


def test_evaluation_prints_precision_and_recall_per_class():
    out = StringIO()
    call_command("evaluate-message-guard", "--split", "test", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["split"] == "test"
    for name in ("pitch", "automated"):
        assert 0.0 <= report[name]["precision"] <= 1.0
        assert 0.0 <= report[name]["recall"] <= 1.0
    plain = StringIO()
    call_command("evaluate-message-guard", "--no-mistakes", stdout=plain)
    assert "precision" in plain.getvalue() and "pitch" in plain.getvalue()


def test_evaluation_with_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No labelled messages"):
        call_command("evaluate-message-guard", "--data", str(tmp_path / "nope.jsonl"))
