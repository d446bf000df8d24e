import io
import json
import timeit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from rapport.invitations.coach import NoteContext, analyze_note
from rapport.invitations.coach.evaluation import evaluate, load_examples

SARAH = NoteContext(recipient_name="Sarah Chen", sender_name="Tom Reyes")


def reasons(text: str, context: NoteContext | None = None) -> str:
    return "\n".join(analyze_note(text, context).reasons)


# --- default text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to add you to my professional network on LinkedIn.",
        "I\u2019d like to join your LinkedIn network",
        "Please join my network!",
        "Hi Sarah, I'd like to add you to my professional network. Best, Tom",
        "Dear Ms. Chen,\nI'd like to add you to my professional network on Rapport.\nRegards,\nTom",
        "i'd like to add you to my profesional netwrok on linkdin",  # typos
        "I'd like to add you to my network on LinkedIn.",  # a word dropped
        "I'd honestly like to add you to my professional network on LinkedIn.",  # a word added
        "I would love to add you to my professional network on Rapport.",  # Rapport, "I would love"
        "HELLO! HOPE YOU'RE WELL. PLEASE JOIN MY NETWORK ON LINKEDIN.",
        "Je souhaiterais vous ajouter à mon réseau professionnel sur LinkedIn.",
        "\uff30\uff4c\uff45\uff41\uff53\uff45 \uff4a\uff4f\uff49\uff4e"
        " \uff4d\uff59 \uff4e\uff45\uff54\uff57\uff4f\uff52\uff4b",  # full-width
    ],
)
def test_stock_phrases_and_their_edited_variants_are_default_text(text):
    analysis = analyze_note(text)
    assert analysis.default_text
    assert analysis.personalization == 0
    assert "Default text" in analysis.reasons[0]


def test_the_stock_phrase_with_a_personal_sentence_is_not_default_text():
    text = "Hi Sarah, loved your talk on query planning. I'd like to add you to my network."
    assert not analyze_note(text).default_text


def test_an_empty_note_is_default_text_with_zero_personalization():
    analysis = analyze_note("   ")
    assert (analysis.default_text, analysis.personalization) == (True, 0)
    assert analysis.reasons[0].startswith("Empty note")


@pytest.mark.parametrize(
    "text", ["Hi Sarah, thanks! Tom", "Hey!", "Hi Will 👋", "hello there ✨", "Good morning."]
)
def test_a_bare_greeting_is_generic_not_the_default_text(text):
    # Issue 21: only the platform's text and its trivial variants are "default".
    analysis = analyze_note(text)
    assert not analysis.default_text and not analysis.pitch
    assert analysis.band == "low" and analysis.verdict == "impersonal"


@pytest.mark.parametrize("text", ["", "   ", "...", "!!"])
def test_an_empty_note_is_the_default(text):
    assert analyze_note(text).default_text


def test_the_senders_own_name_does_not_stop_default_text():
    assert analyze_note("Sarah — Tom here. Please join my network.", SARAH).default_text


def test_a_short_note_of_ones_own_is_not_default_text():
    assert not analyze_note("Let's connect!").default_text


# --- names and context --------------------------------------------------------------------


def test_a_greeting_with_a_capitalised_name_names_the_recipient_without_context():
    assert "Names the recipient: Priya (+15)" in reasons("Hello Priya, we met at the Go meetup.")


def test_hi_there_names_nobody():
    assert "Names the recipient" not in reasons("Hi there, we met at the Go meetup.")


def test_the_recipients_first_name_counts_anywhere_in_the_note_with_context():
    assert "Names the recipient: Sarah" in reasons("We met at RubyConf, Sarah!", SARAH)


def test_names_match_across_accents_and_case():
    zoe = NoteContext(recipient_name="Zoë Martin")
    assert "Names the recipient: Zoë" in reasons("Hi zoe, we met at the design crawl.", zoe)


def test_a_short_form_of_the_first_name_counts():
    robert = NoteContext(recipient_name="Robert Walsh")
    assert "Names the recipient: Rob (+15)" in reasons("Hi Rob, we met at DevConf.", robert)


def test_greeting_someone_else_costs_points():
    text = "Hi John, we met at DevConf last spring."
    assert "Greets John, but the recipient is Sarah Chen (−15)" in reasons(text, SARAH)


def test_a_first_name_that_is_an_everyday_word_needs_a_greeting():
    will = NoteContext(recipient_name="Will Turner")
    assert "Names the recipient" not in reasons("Will you be at the offsite?", will)
    assert "Names the recipient: Will" in reasons("Hi Will, see you at the offsite.", will)


def test_a_mutual_connection_from_context_is_named_in_the_reasons():
    context = NoteContext(recipient_name="Sarah Chen", mutual_names=("Priya Raman",))
    text = "Hi Sarah, Priya Raman and I were on the payments team together."
    assert "Names a mutual connection: Priya Raman (+25)" in reasons(text, context)


def test_a_shared_employer_from_context_is_recognised_by_name():
    context = NoteContext(shared_employers=("Stripe, Inc.",))
    assert "Mentions something you share: Stripe" in reasons("I was at Stripe in 2019.", context)


def test_a_shared_school_matches_by_its_telling_word():
    context = NoteContext(shared_schools=("University of Edinburgh",))
    assert "Mentions something you share" in reasons("Another Edinburgh grad here!", context)


@pytest.mark.parametrize(
    ("text", "criterion"),
    [
        ("Marta Silva suggested I reach out about the docs sprint.", "Names a mutual connection"),
        ("My colleague Jonas said you run the Leipzig meetup.", "Names a mutual connection"),
        ("We met at the Lisbon data breakfast.", "Says how you met"),
        ("I found you through the Rust forum.", "Says how you met"),
        ("Fellow Michigan alum here.", "Mentions something you share"),
        ("We both worked at Atlassian around 2018.", "Mentions something you share"),
        ("Your article on vacuum tuning saved my weekend.", "Mentions something specific"),
        ("Happy to share the benchmark scripts if they help.", "Offers the recipient something"),
    ],
)
def test_without_context_cheap_heuristics_find_each_personal_element(text, criterion):
    assert criterion in reasons(text)


def test_each_personal_element_raises_the_score():
    one = analyze_note("Hi Sarah, we met at the Go meetup in Berlin.").personalization
    two = analyze_note(
        "Hi Sarah, we met at the Go meetup in Berlin. Your talk on generics was great."
    ).personalization
    assert 0 < one < two


def test_flattery_and_networking_cliches_cost_points():
    text = "Impressive profile! Keen to expand my network for our mutual benefit."
    analysis = analyze_note(text)
    assert "Generic flattery: 'impressive profile' (−10)" in analysis.reasons
    assert any(r.startswith("Networking cliché: 'expand my network'") for r in analysis.reasons)
    assert analysis.personalization == 0


def test_an_unfilled_placeholder_costs_points():
    assert "Unfilled template placeholder: '{first_name}'" in reasons("Hi {first_name}, hello!")


def test_bands_follow_the_score():
    assert analyze_note("Let's connect!").band == "low"
    assert analyze_note("Nice meeting you at the Berlin Rust meetup!").band == "medium"
    text = (
        "Hi Lea, Jonas Weber suggested I get in touch. We met at the Rust meetup and "
        "I'd be happy to share the slides from my talk."
    )
    assert analyze_note(text).band == "high"


@given(st.text(max_size=300))
def test_personalization_stays_between_0_and_100_and_the_result_is_json_ready(text):
    analysis = analyze_note(text, SARAH)
    assert 0 <= analysis.personalization <= 100
    json.dumps(analysis.as_dict())


# --- sales pitch --------------------------------------------------------------------------


def test_a_pitch_is_flagged_with_the_phrases_that_triggered_it():
    analysis = analyze_note("Hi Ana, our platform cuts payroll errors. Can we book a quick call?")
    assert analysis.pitch
    assert analysis.reasons[0].startswith("Reads as a sales pitch:")
    assert "'book a quick call'" in analysis.reasons[0]


def test_a_sales_offer_earns_no_points_for_what_is_in_it_for_the_recipient():
    analysis = analyze_note("We help startups like yours. Happy to send a free trial code.")
    assert analysis.pitch
    assert analysis.signals["offer"].points == 0
    assert any(r.startswith("What it offers is the sale itself") for r in analysis.reasons)


def test_a_pitch_keeps_its_personal_points():
    text = "Hi Sarah, saw your post on churn. We help SaaS companies cut churn by 20%."
    analysis = analyze_note(text)
    assert analysis.pitch
    assert analysis.signals["specific"].points == 25


@pytest.mark.parametrize(
    "text",
    [
        "Hi Sarah, loved your demo at PyCon — the live profiling was great.",
        "Thanks for the call last week, Omar. I'll send the reading list.",
        "Happy to hop on a call if you want to talk through the PhD application.",
    ],
)
def test_innocent_calls_and_demos_are_not_flagged(text):
    assert not analyze_note(text).pitch


# --- normalisation ------------------------------------------------------------------------


def test_curly_quotes_and_full_width_letters_read_like_plain_text():
    plain = analyze_note("Hi Sarah, we met at PyCon. I'd be glad to share my notes.")
    fancy = analyze_note(
        "Hi Sarah, we met at \uff30\uff59\uff23\uff4f\uff4e. I\u2019d be glad to share my notes."
    )
    assert fancy.personalization == plain.personalization
    assert fancy.default_text == plain.default_text


def test_analysing_a_note_takes_well_under_a_millisecond():
    examples = load_examples("all")
    seconds = min(
        timeit.repeat(lambda: [analyze_note(e.text, e.context) for e in examples], number=1)
    )
    assert seconds / len(examples) < 0.002  # measured about 0.3 ms; generous for slow CI


# --- commands -----------------------------------------------------------------------------


def run(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    if stdin is None:
        call_command(*args, stdout=out)
    else:
        call_command(*args, stdout=out, stdin=io.StringIO(stdin))
    return out.getvalue()


def test_analyze_note_json_prints_one_object_with_the_verdicts():
    result = json.loads(run("analyze-note", "--json", "Please join my network."))
    assert result["default_text"] is True
    assert result["pitch"] is False
    assert result["personalization"] == 0
    assert isinstance(result["reasons"], list) and result["reasons"]


def test_analyze_note_takes_context_from_options():
    out = run(
        "analyze-note",
        "--json",
        "--recipient",
        "Sarah Chen",
        "--mutual",
        "Priya Raman",
        "Hi Sarah, Priya mentioned you.",
    )
    assert "Names a mutual connection: Priya (+25)" in json.loads(out)["reasons"]


def test_analyze_note_without_text_says_what_to_give():
    with pytest.raises(CommandError, match="Give the note text"):
        run("analyze-note", "--json")


def test_analyze_note_jsonl_answers_every_line_in_order_and_survives_a_bad_one():
    lines = [
        json.dumps({"text": "Please join my network"}),
        "{not json",
        json.dumps({"text": "Hi Sarah, we met at PyCon", "recipient_name": "Sarah Chen"}),
        json.dumps({"note": "no text field"}),
        json.dumps({"text": "We help companies like yours. Book a demo!"}),
    ]
    output = run("analyze-note", "--jsonl", stdin="\n".join(lines))
    out = [json.loads(line) for line in output.splitlines()]
    assert len(out) == 5
    assert out[0]["default_text"] is True
    assert (out[1]["error"], out[1]["line"]) == ("note.bad_line", 2)
    assert "Names the recipient: Sarah (+15)" in out[2]["reasons"]
    assert out[3]["error"] == "note.bad_line"
    assert out[4]["pitch"] is True


def test_analyze_note_jsonl_flushes_each_line():
    class Recorder(io.StringIO):
        def __init__(self):
            super().__init__()
            self.lines_at_flush: list[int] = []

        def flush(self):
            self.lines_at_flush.append(self.getvalue().count("\n"))

    out = Recorder()
    stdin = io.StringIO('{"text": "a"}\n{"text": "b"}\n')
    call_command("analyze-note", "--jsonl", stdout=out, stdin=stdin)
    assert out.lines_at_flush[:2] == [1, 2]


def test_evaluate_note_coach_prints_precision_recall_and_mistakes():
    out = run("evaluate-note-coach", "--split", "dev")
    assert "precision" in out and "recall" in out
    assert "band accuracy" in out


# --- labelled data and the held-out measurement -------------------------------------------


def test_the_labelled_notes_are_plenty_varied_and_split():
    notes = load_examples("all")
    assert len(notes) >= 1500
    assert len({n.text for n in notes}) == len(notes)
    assert {n.split for n in notes} == {"dev", "test"}
    assert sum(n.pitch for n in notes) >= 40 and sum(n.default_text for n in notes) >= 40


def test_on_the_held_out_split_the_coach_does_not_slip():
    # Issue 21's targets, which the shipped model meets on the test split (924 notes,
    # `rapport evaluate-note-coach --split test`): default 1.000/0.966, pitch 0.968/0.957,
    # AUC 0.980, bands 0.860.
    report = evaluate(load_examples("test"), "test")
    assert report.total >= 900
    assert report.default_text.precision >= 0.99
    assert report.default_text.recall >= 0.95
    assert report.pitch.precision >= 0.95
    assert report.pitch.recall >= 0.95
    assert report.personal_auc >= 0.97
    assert report.band_accuracy >= 0.85


# --- one verdict (issue 11, item 15) ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("I'd like to add you to my professional network.", "default"),
        (
            "Hi Sarah, I help companies like yours grow revenue. Book a quick demo this week!",
            "pitch",
        ),
        ("Saw your profile, let's connect.", "impersonal"),
        (
            "Sarah, we met at the Lisbon data meetup where you spoke about dbt tests; I'd love to "
            "compare notes on our migration.",
            "personal",
        ),
    ],
)
def test_the_coach_gives_one_verdict(text, verdict):
    analysis = analyze_note(text, SARAH)
    assert analysis.verdict == verdict
    assert analysis.as_dict()["verdict"] == verdict


@given(st.text(max_size=300))
def test_a_note_called_personal_is_never_a_pitch_default_text_or_low_scoring(text):
    analysis = analyze_note(text, SARAH)
    if analysis.verdict == "personal":
        assert not analysis.pitch and not analysis.default_text
        assert analysis.band != "low"
    assert (analysis.verdict == "pitch") == (analysis.pitch and not analysis.default_text)


def test_the_live_coach_shows_the_verdict_alone(client, ada, ben):
    from django.urls import reverse

    client.force_login(ada)
    page = client.post(
        reverse("invitations:coach", args=["ben"]),
        {"note": "Hi Ben, I help companies like yours grow revenue. Book a quick demo!"},
    ).content.decode()
    assert 'data-testid="coach-pitch"' in page
    assert "Personal note" not in page and 'data-testid="coach-personal"' not in page
