"""Issue 14.6: whitespace inside a figure ("31,85  persen", a tab, a thin space) keeps the claim, and
every offset still indexes the original text."""
import re
from pathlib import Path

import pytest

import jamsostek_ie
from jamsostek_ie.text.whitespace import squeeze_whitespace
from tests.stub_pipeline import stub_nlp

ROOT = Path(__file__).resolve().parents[2]
BASE = "Cakupan kepesertaan BPJS Ketenagakerjaan di Jawa Barat mencapai 31,85{ws}persen."
CORPUS_IDS = ["000_fc5a0832b3148d0c", "001_9d553b610f3e2b5b", "w101_aceh_gampong_bandaaceh",
              "w201_sumsel_kanwil_sumbagsel", "w301_bekasi_cakupan_pekerja"]


def _key(claims):
    return [(c.kind, c.label, c.value, c.unit, c.region.name if c.region else None) for c in claims]


def _hostile(text: str) -> str:
    """Spaces doubled, every third one a tab, every fifth a thin space (line breaks kept)."""
    n = 0

    def repl(_):
        nonlocal n
        n += 1
        return "\t" if n % 3 == 0 else "\u2009" if n % 5 == 0 else "  "

    return re.sub(" ", repl, text)


@pytest.mark.parametrize("ws", ["  ", "\t", "\u2009", " \u00a0 ", "\u202f"])
def test_whitespace_inside_figure_keeps_the_claim_with_original_offsets(ws):
    text = BASE.format(ws=ws)
    claims = jamsostek_ie.extract(text, nlp=stub_nlp())
    assert _key(claims) == [("achieved", "PERCENT", 31.85, "percent", "Jawa Barat")]
    ev = claims[0].evidence
    assert text[ev.figure_start:ev.figure_end] == claims[0].figure == f"31,85{ws}persen"
    assert text[ev.start:ev.end] == ev.sentence == text
    many = list(jamsostek_ie.extract_many([text, "Di  Bali  50  persen."], nlp=stub_nlp()))
    assert many[0] == claims


def test_whitespace_squeeze_maps_every_word_back():
    t = "A  b\tc\u2009d\n  e   f \n"
    sq = squeeze_whitespace(t)
    assert sq.text == "A b c d\n  e f \n"
    for m in re.finditer(r"\S+", sq.text):
        a, b = sq.span(m.start(), m.end())
        assert t[a:b] == m.group()
    assert squeeze_whitespace("plain text, single spaces\n\nonly") is None


def _corpus_case(nlp, aid):
    text = (ROOT / "corpus" / f"{aid}.txt").read_text(encoding="utf-8")
    hostile = _hostile(text)
    ref = jamsostek_ie.extract(text, nlp=nlp, published=False)
    got = jamsostek_ie.extract(hostile, nlp=nlp, published=False)
    assert _key(got) == _key(ref)
    for c in got:
        assert hostile[c.evidence.figure_start:c.evidence.figure_end] == c.figure
        assert hostile[c.evidence.start:c.evidence.end] == c.evidence.sentence
    return ref


def test_whitespace_corpus_articles_doubled_spaces_and_tabs_same_claims_patterns():
    nlp = stub_nlp()
    assert sum(len(_corpus_case(nlp, aid)) for aid in CORPUS_IDS) > 0


@pytest.mark.slow
def test_whitespace_corpus_articles_doubled_spaces_and_tabs_same_claims_shipped(shipped_nlp):
    assert sum(len(_corpus_case(shipped_nlp, aid)) for aid in CORPUS_IDS) > 0
