"""The pattern component: each regular form real news uses, and what it must not take."""
import pytest
from spacy.tokens import Span

from jamsostek_ie.pipeline.entity_patterns import clean_span


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


@pytest.mark.parametrize("text,expected", [
    # money, percent, counts
    ("iuran sebesar Rp5.060.579.420.000 pada 2024", ("Rp5.060.579.420.000", "MONEY")),
    ("senilai Rp 10,5 miliar untuk", ("Rp 10,5 miliar", "MONEY")),
    ("beasiswa 159 Miliar Rupiah bagi", ("159 Miliar Rupiah", "MONEY")),
    ("baru mencapai 31,85 persen dari", ("31,85 persen", "PERCENT")),
    ("cakupan 70 % pada", ("70 %", "PERCENT")),
    ("sebanyak 5,9 juta pekerja terlindungi", ("5,9 juta pekerja", "COUNT")),
    ("ada 468.000-an peserta aktif", ("468.000-an peserta", "COUNT")),
    ("tersebar di 17 kabupaten/kota di Sumsel", ("17 kabupaten/kota", "COUNT")),
    # regulations: issuers in capitals, plan documents with a year range, codes with slashes
    ("melalui Pergub NTB Nomor 34 Tahun 2022 tentang", ("Pergub NTB Nomor 34 Tahun 2022", "REGULATION")),
    ("sesuai RPJMD Kota Binjai 2021-2026 dengan", ("RPJMD Kota Binjai 2021-2026", "REGULATION")),
    ("serta Keputusan Gubernur NTT Nomor 182/KEP/HK/2023 tentang",
     ("Keputusan Gubernur NTT Nomor 182/KEP/HK/2023", "REGULATION")),
    ("berdasarkan Inpres No. 2/2021 yang", ("Inpres No. 2/2021", "REGULATION")),
    # BPJS offices
    ("Kepala Kantor Cabang BPJS Ketenagakerjaan Pontianak Ryan Gustaviana mengatakan",
     ("Kantor Cabang BPJS Ketenagakerjaan Pontianak", "ORG")),
    ("menurut data Kanwil Sulama pada", ("Kanwil Sulama", "ORG")),
    ("BPJS Ketenagakerjaan Kanwil Jabar mencatat", ("BPJS Ketenagakerjaan Kanwil Jabar", "ORG")),
])
def test_regular_forms(pattern_nlp, text, expected):
    assert expected in ents(pattern_nlp, text)


def test_titles_stay_outside_office_names(pattern_nlp):
    """'Direktur Utama' and 'Kepala Wilayah' are titles: the ORG starts at BPJS."""
    found = ents(pattern_nlp, "Direktur Utama BPJS Ketenagakerjaan menyebut")
    assert ("BPJS Ketenagakerjaan", "ORG") in found
    assert not any(t.startswith("Utama") for t, _ in found)


def test_a_person_after_an_office_name_is_not_part_of_it(pattern_nlp):
    found = ents(pattern_nlp, "Kepala Kantor Cabang Perintis BPJS Ketenagakerjaan Stabat Novita Sari menyebut")
    assert ("Kantor Cabang Perintis BPJS Ketenagakerjaan Stabat", "ORG") in found
    assert not any("Novita" in t for t, _ in found)


@pytest.mark.parametrize("text", ["pada tahun 2024 lalu", "Pasal 14 ayat 2", "hubungi 0812 3456 7890",
                                  "juara 1 lomba"])
def test_no_count_for_years_articles_phones(pattern_nlp, text):
    assert not [e for e in ents(pattern_nlp, text) if e[1] == "COUNT"]


def test_clean_span_repairs_and_drops(blank_nlp):
    doc = blank_nlp("Sebanyak 26.373 pekerja rentan dan 29 lainnya hadir di Linmas.")
    count = clean_span(Span(doc, 1, 4, label="COUNT"))
    assert count is not None and count.text == "26.373 pekerja"
    assert clean_span(Span(doc, 6, 7, label="COUNT")) is None  # a bare number
    assert clean_span(Span(doc, 10, 11, label="REGION")) is None  # not a place


def test_title_wali_kota_stays_outside_the_region(pattern_nlp):
    assert ("Solo", "REGION") in ents(pattern_nlp, "kata Wakil Wali Kota Solo Bagus Setiadi")
    assert ("Kota Semarang", "REGION") in ents(pattern_nlp, "pekerja di Kota Semarang naik")


@pytest.mark.parametrize("span_text,kept", [
    ("Kantor Wilayah BPJS Ketenagakerjaan Jawa Barat Romie Erfianto", "Kantor Wilayah BPJS Ketenagakerjaan Jawa Barat"),
    ("BPJS Ketenagakerjaan Cabang Bojongsoang Kabupaten Bandung", "BPJS Ketenagakerjaan Cabang Bojongsoang Kabupaten Bandung"),
    ("Kantor Wilayah Jawa Barat BPJS Ketenagakerjaan", "Kantor Wilayah Jawa Barat BPJS Ketenagakerjaan"),
    ("BPJS Kesehatan Cabang Garut", "BPJS Kesehatan Cabang Garut"),
])
def test_clean_span_cuts_a_person_off_an_office_name(blank_nlp, span_text, kept):
    """The trained NER sometimes runs an office name into the official's name after it."""
    doc = blank_nlp(f"Kepala {span_text} mengatakan")
    out = clean_span(Span(doc, 1, 1 + len(span_text.split()), label="ORG"))
    assert out is not None and out.text == kept


@pytest.mark.parametrize("text,expected", [
    ("Kejati Aceh dan BPJS Ketenagakerjaan Luncurkan RAN 2025", ("RAN 2025", "REGULATION")),
    ("meluncurkan Rencana Aksi Nasional (RAN) Optimalisasi Jaminan Sosial Ketenagakerjaan Tahun 2025 di Banda Aceh",
     ("Rencana Aksi Nasional (RAN) Optimalisasi Jaminan Sosial Ketenagakerjaan Tahun 2025", "REGULATION")),
    ("amanat Peraturan Kejaksaan Nomor 7 Tahun 2021 tentang", ("Peraturan Kejaksaan Nomor 7 Tahun 2021", "REGULATION")),
])
def test_action_plans_and_prosecutor_regulations(pattern_nlp, text, expected):
    assert expected in ents(pattern_nlp, text)


def test_lower_case_common_words_are_no_region(pattern_nlp, blank_nlp):
    """"tambang batu bara" is coal, not Kabupaten Batu Bara; "secara nasional" stays a REGION."""
    assert not [e for e in ents(pattern_nlp, "ditopang perkebunan sawit dan tambang batu bara di wilayah itu")
                if e[1] == "REGION"]
    doc = blank_nlp("tambang batu bara dan cakupan secara nasional")
    assert clean_span(Span(doc, 1, 3, label="REGION")) is None
    assert clean_span(Span(doc, 6, 7, label="REGION")) is not None


def test_nasional_after_a_superlative_is_no_region(blank_nlp):
    doc = blank_nlp("DKI Jakarta menjadi provinsi dengan peserta terbanyak nasional, yakni 8,01 juta orang")
    i = next(t.i for t in doc if t.text == "nasional")
    assert clean_span(Span(doc, i, i + 1, label="REGION")) is None


def test_a_region_the_ner_cut_short_is_extended_to_the_known_name(blank_nlp):
    doc = blank_nlp("Ketiganya adalah Kota Subulussalam, Kabupaten Aceh Singkil dan Kabupaten Simeulue.")
    i = next(t.i for t in doc if t.text == "Kabupaten")
    repaired = clean_span(Span(doc, i, i + 2, label="REGION"))
    assert repaired is not None and repaired.text == "Kabupaten Aceh Singkil"


def test_an_authority_with_its_area_is_one_org(pattern_nlp):
    """"Otorita IKN" is the body that applies a regulation (an ORG), not the place IKN."""
    assert ("Otorita IKN", "ORG") in ents(pattern_nlp, "Permenaker itu diterapkan Otorita IKN melalui surat edaran.")
