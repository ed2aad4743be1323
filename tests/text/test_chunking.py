"""Paragraph-aligned chunks of long texts: cover the text exactly, stay under the limit, cut at breaks."""
import pytest
from hypothesis import given, settings, strategies as st

from jamsostek_ie.text.chunking import chunk_spans


def pieces(text, n):
    return [text[s:e] for s, e in chunk_spans(text, n)]


def test_short_text_is_one_chunk():
    assert list(chunk_spans("Satu paragraf.", 100)) == [(0, 14)]
    assert list(chunk_spans("", 100)) == []


def test_cuts_after_a_blank_line_first():
    text = "Paragraf satu.\nBaris dua.\n\nParagraf dua yang panjang sekali."
    assert pieces(text, 40) == ["Paragraf satu.\nBaris dua.\n\n", "Paragraf dua yang panjang sekali."]


def test_then_after_a_line_break():
    text = "Baris satu yang panjang.\nBaris dua juga panjang.\nBaris tiga."
    assert pieces(text, 30)[0] == "Baris satu yang panjang.\n"


def test_then_after_a_sentence_end_then_at_whitespace():
    text = "Kalimat pertama ini. Kalimat kedua ini juga cukup panjang"
    assert pieces(text, 30)[0] == "Kalimat pertama ini. "
    words = "kata " * 20
    first = pieces(words, 23)[0]
    assert first.endswith(" ") and len(first) <= 23


def test_a_line_without_any_break_is_cut_hard():
    assert pieces("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_limit_below_two_is_refused():
    with pytest.raises(ValueError, match="E015"):
        list(chunk_spans("abc", 1))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n\n"), max_size=400), st.integers(min_value=2, max_value=60))
def test_chunks_cover_the_text_exactly_and_respect_the_limit(text, n):
    spans = list(chunk_spans(text, n))
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(0 < e - s <= n for s, e in spans)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
