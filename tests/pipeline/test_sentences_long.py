"""Issue 14.2: over-long sentences are split (at a comma/semicolon past 150 tokens, else every 200)."""
from jamsostek_ie.pipeline.sentences import HARD_SENTENCE_TOKENS, MAX_SENTENCE_TOKENS
from jamsostek_ie.pipeline.tokenizer import blank


def _nlp():
    nlp = blank()
    assert "jamsostek_sentencizer" in nlp.pipe_names
    return nlp


def _lengths(doc):
    return [len([t for t in s if not t.is_space]) for s in doc.sents]


def test_long_sentence_is_split_at_the_next_comma_after_150_tokens():
    text = ", ".join("Jawa Barat 31,85 persen dan Bali 40 persen peserta" for _ in range(60)) + "."
    doc = _nlp()(text)
    lengths = _lengths(doc)
    assert len(lengths) > 1 and max(lengths) <= MAX_SENTENCE_TOKENS + 10
    for s in list(doc.sents)[:-1]:
        assert s[-1].text == ","


def test_long_sentence_without_commas_is_split_every_200_tokens():
    doc = _nlp()(" ".join(["Bali 40 persen peserta"] * 200))
    lengths = _lengths(doc)
    assert max(lengths) <= HARD_SENTENCE_TOKENS and sum(lengths) == 800 and len(lengths) == 4


def test_long_sentence_normal_sentences_are_not_split():
    text = "Cakupan di Jawa Barat, Bali, dan Aceh mencapai 31,85 persen, " * 10 + "naik. Lalu turun."
    doc = _nlp()(text)
    assert len(list(doc.sents)) == 2 and _lengths(doc)[0] < MAX_SENTENCE_TOKENS
