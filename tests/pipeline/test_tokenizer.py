import pytest


@pytest.mark.parametrize("text,tokens", [
    ("Rp5.060.579.420.000", ["Rp", "5.060.579.420.000"]),
    ("Rp.10,5 miliar", ["Rp.", "10,5", "miliar"]),
    ("Rp. 3 M", ["Rp.", "3", "M"]),
    ("468.000-an peserta", ["468.000", "-an", "peserta"]),
    ("80 persennya", ["80", "persen", "nya"]),
    ("70persen", ["70", "persen"]),
    ("31,85persen", ["31,85", "persen"]),
    ("Rp3,3triliun", ["Rp", "3,3", "triliun"]),
    ("Inpres No.2/2021", ["Inpres", "No.", "2", "/", "2021"]),
    ("Inpres No. 2/2021", ["Inpres", "No.", "2", "/", "2021"]),
    ("tahun2023", ["tahun", "2023"]),
    ("Kab. Bandung", ["Kab.", "Bandung"]),
    ("Prov. Jabar", ["Prov.", "Jabar"]),
    ("31.9%", ["31.9", "%"]),
    ("500-600 ribu pekerja", ["500", "-", "600", "ribu", "pekerja"]),
])
def test_tokenizer_exceptions(blank_nlp, text, tokens):
    assert [t.text for t in blank_nlp.make_doc(text)] == tokens


def test_tokenizer_is_registered_in_config(blank_nlp):
    assert blank_nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "jamsostek_ie.tokenizer.v1"


def test_abbreviation_does_not_end_sentence(blank_nlp):
    doc = blank_nlp("Pemerintah Kab. Bandung menganggarkan iuran. Kemudian Prov. Jabar menyusul.")
    assert [s.text for s in doc.sents] == ["Pemerintah Kab. Bandung menganggarkan iuran.",
                                           "Kemudian Prov. Jabar menyusul."]


@pytest.mark.parametrize("text,tokens", [
    ("anak-anak", ["anak-anak"]),
    ("Undang-Undang Nomor 3", ["Undang-Undang", "Nomor", "3"]),
    ("se-Jawa Barat", ["se", "-", "Jawa", "Barat"]),
])
def test_hyphenated_words(blank_nlp, text, tokens):
    assert [t.text for t in blank_nlp.make_doc(text)] == tokens


def test_tokenizer_survives_disk_round_trip(blank_nlp, tmp_path):
    import spacy

    blank_nlp.to_disk(tmp_path / "p")
    nlp2 = spacy.load(tmp_path / "p")
    text = "Rp5.060.579.420.000, 468.000-an peserta, anak-anak, No.2/2021, 80 persennya"
    assert [t.text for t in nlp2.make_doc(text)] == [t.text for t in blank_nlp.make_doc(text)]
