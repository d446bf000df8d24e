from hypothesis import given
from hypothesis import strategies as st

from rapport.core.text import (
    clean_line,
    clean_paragraphs,
    normalize,
    search_terms,
    spreadsheet_safe,
    spreadsheet_text,
)


def test_normalize_folds_case_quotes_width_and_spaces():
    assert normalize("  I\u2019d  LIKE\u00a0to ＡＤＤ you ") == "i'd like to add you"


def test_clean_line_drops_control_characters_and_newlines():
    assert clean_line("Ada\x00 \n Lovelace\t") == "Ada Lovelace"


def test_clean_paragraphs_keeps_paragraph_breaks_only():
    assert clean_paragraphs("one\r\n\r\n\r\n\r\ntwo  \n\x07three") == "one\n\ntwo\nthree"


def test_search_terms_skip_single_letters_and_cap_count():
    assert search_terms("a data, engineer  x") == ["data", "engineer"]
    assert len(search_terms(" ".join(f"t{i}" for i in range(20)))) == 8


def test_a_cell_a_spreadsheet_would_run_is_written_as_text():
    assert spreadsheet_safe('=HYPERLINK("http://x.example","Ada")') == (
        '\'=HYPERLINK("http://x.example","Ada")'
    )
    assert [spreadsheet_safe(v) for v in ("+1", "-2", "@SUM(A1)", "Ada", "")] == [
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "Ada",
        "",
    ]


@given(st.text(max_size=12))
def test_what_is_written_safe_reads_back_exactly(value: str):
    assert spreadsheet_text(spreadsheet_safe(value)) == value
    assert not spreadsheet_safe(value).startswith(("=", "+", "-", "@", "\t", "\r"))
