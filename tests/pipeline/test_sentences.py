def test_lines_and_punctuation_split_sentences(blank_nlp):
    doc = blank_nlp("Judul Berita Tanpa Titik\nKALIMAT satu. Kalimat “dua.” Tiga? Empat")
    assert [s.text.strip() for s in doc.sents] == ["Judul Berita Tanpa Titik", "KALIMAT satu.",
                                                   "Kalimat “dua.”", "Tiga?", "Empat"]


def test_decimal_numbers_do_not_split(blank_nlp):
    doc = blank_nlp("Cakupan 31.9 persen dan Rp.10,5 miliar tercatat.")
    assert len(list(doc.sents)) == 1


def test_component_round_trip(blank_nlp, tmp_path):
    blank_nlp.to_disk(tmp_path / "p")
    import spacy

    nlp2 = spacy.load(tmp_path / "p")
    assert "jamsostek_sentencizer" in nlp2.pipe_names
