"""Table-driven tests for every number, money, regulation and period format the corpus uses."""
import pytest

from jamsostek_ie.domain.numbers import parse_money, parse_percent, parse_quantity
from jamsostek_ie.domain.periods import parse_period
from jamsostek_ie.domain.regulations import parse_regulation


@pytest.mark.parametrize("text,value,qualifier,unit", [
    ("31,85 persen", 31.85, "exact", "percent"),
    ("31.9%", 31.9, "exact", "percent"),
    ("70 %", 70.0, "exact", "percent"),
    ("45%", 45.0, "exact", "percent"),
    ("35,35 persen", 35.35, "exact", "percent"),
    ("70 Persen", 70.0, "exact", "percent"),
    ("tiga puluh persen", 30.0, "exact", "percent"),
    ("lima puluh persen", 50.0, "exact", "percent"),
])
def test_percent(text, value, qualifier, unit):
    q = parse_percent(text)
    assert (q.value, q.qualifier, q.unit) == (value, qualifier, unit)


def test_percent_qualifiers_and_ranges():
    assert parse_percent("40 persen", before="hampir ").qualifier == "at_most"
    assert parse_percent("40 persen", before="lebih dari ").qualifier == "at_least"
    q = parse_percent("30-40 persen")
    assert (q.value, q.upper, q.qualifier) == (30.0, 40.0, "range")


@pytest.mark.parametrize("text", ["persen", "1.234.5 persen", "abc %", "", "2024"])
def test_percent_malformed_yields_none(text):
    assert parse_percent(text) is None


@pytest.mark.parametrize("text,value,qualifier,unit", [
    ("175,813 pekerja", 175813, "exact", "pekerja"),
    ("5,9 juta pekerja", 5_900_000, "exact", "pekerja"),
    ("5.900.000", 5_900_000, "exact", None),
    ("5,9 juta", 5_900_000, "exact", None),
    ("80 ribuan kepesertaan", 80_000, "approx", "kepesertaan"),
    ("468.000-an peserta", 468_000, "approx", "peserta"),
    ("27.025 ribu", 27_025_000, "exact", None),
    ("49,4 juta orang", 49_400_000, "exact", "orang"),
    ("503.582 orang tenaga kerja", 503_582, "exact", "tenaga kerja"),
    ("dua juta pekerja", 2_000_000, "exact", "pekerja"),
    ("satu juta peserta", 1_000_000, "exact", "peserta"),
    ("setengah juta pekerja", 500_000, "exact", "pekerja"),
    ("tiga ratus ribu pekerja", 300_000, "exact", "pekerja"),
    ("2 jutaan pekerja", 2_000_000, "approx", "pekerja"),
    ("4.000 nelayan", 4000, "exact", "nelayan"),
    ("5,125 juta", 5_125_000, "exact", None),
])
def test_quantity(text, value, qualifier, unit):
    q = parse_quantity(text)
    assert (q.value, q.qualifier, q.unit) == (value, qualifier, unit)


def test_quantity_range_and_context_qualifiers():
    q = parse_quantity("500-600 ribu pekerja")
    assert (q.value, q.upper, q.qualifier, q.unit) == (500_000, 600_000, "range", "pekerja")
    assert parse_quantity("63.680 pemberi kerja", before="lebih dari ").qualifier == "at_least"
    assert parse_quantity("40 ribu", before="hampir sekitar ").qualifier == "at_most"
    assert parse_quantity("1,2 juta", before="sekitar ").qualifier == "approx"
    assert parse_quantity("600-500 ribu") is None  # an upper bound below the lower one is not a range


@pytest.mark.parametrize("text", ["pekerja", "abc pekerja", "", None, 42])
def test_quantity_malformed_yields_none(text):
    assert parse_quantity(text) is None


@pytest.mark.parametrize("text,value", [
    ("Rp5.060.579.420.000", 5_060_579_420_000),
    ("Rp 10,5 miliar", 10_500_000_000),
    ("Rp10,5 milyar", 10_500_000_000),
    ("Rp.10,5 miliar", 10_500_000_000),
    ("159 Miliar Rupiah", 159_000_000_000),
    ("3,7 miliar Rupiah", 3_700_000_000),
    ("Rp25,1 T", 25_100_000_000_000),
    ("Rp 1,3 triliun", 1_300_000_000_000),
    ("Rp16.800", 16_800),
    ("Rp168 Miliar", 168_000_000_000),
])
def test_money(text, value):
    q = parse_money(text)
    assert q.value == value and q.unit == "rupiah"


@pytest.mark.parametrize("text", ["Rp", "Rpxyz", "", None])
def test_money_malformed_yields_none(text):
    assert parse_money(text) is None


@pytest.mark.parametrize("text,rtype,number,year,region", [
    ("Inpres No. 2/2021", "Inpres", "2", 2021, None),
    ("Inpres 02 tahun 2021", "Inpres", "2", 2021, None),
    ("Inpres 2/2021", "Inpres", "2", 2021, None),
    ("Peraturan Gubernur Jawa Barat Nomor 158 Tahun 2021", "Pergub", "158", 2021, "Jawa Barat"),
    ("Keptutusan Gubernur Nomor 560.05/Kep.69-Kesra/2022", "Kepgub", "560.05/Kep.69-Kesra", 2022, None),
    ("RPJMN tahun 2024", "RPJMN", None, 2024, "Indonesia"),
    ("Perda 05 tahun 2023", "Perda", "5", 2023, None),
    ("Undang-Undang Nomor 3 Tahun 2024", "UU", "3", 2024, None),
    ("UU 24/2011", "UU", "24", 2011, None),
    ("PP No 44/2015", "PP", "44", 2015, None),
    ("Pemendagri 15 tahun 2023", "Permendagri", "15", 2023, None),
    ("Permenaker No. 5 Tahun 2021", "Permenaker", "5", 2021, None),
    ("Perbup Gianyar Nomer 12 Tahun 2022", "Perbup", "12", 2022, "Kabupaten Gianyar"),
    ("Perwal Medan No. 38 Tahun 2023", "Perwali", "38", 2023, "Kota Medan"),
    ("Qanun Aceh Nomor 7 Tahun 2014", "Perda", "7", 2014, "Aceh"),
    ("SE Gubernur Nomor 560/123/2023", "SE", "560/123", 2023, None),
    ("Perpres Nomor 36 Tahun 2023", "Perpres", "36", 2023, None),
    ("Instruksi Bupati Pati Nomor 2 Tahun 2024", "Inbup", "2", 2024, "Kabupaten Pati"),
    ("Instruksi Bupati No. 3 Tahun 2022", "Inbup", "3", 2022, None),
    ("Instruksi Wali Kota Medan No. 4 Tahun 2023", "Inwali", "4", 2023, "Kota Medan"),
])
def test_regulation(text, rtype, number, year, region):
    r = parse_regulation(text)
    assert (r.type, r.number, r.year) == (rtype, number, year)
    assert (r.region.name if r.region else None) == region


@pytest.mark.parametrize("text", ["Nomor 5 Tahun 2020", "", None, "peraturan"])
def test_regulation_malformed_yields_none(text):
    assert parse_regulation(text) is None


@pytest.mark.parametrize("text,published,expected", [
    ("hingga Oktober 2023 telah terlindungi", None, "2023-10"),
    ("pada tahun 2024, dengan target", None, "2024"),
    ("Tahun depan, kami menargetkan", "2023-12-21", "2024"),
    ("hingga akhir tahun ini naik", "2023-08-09", "2023-12"),
    ("hingga akhir 2023", None, "2023-12"),
    ("per Juni 2023 terdapat 36,7 juta", None, "2023-06"),
    ("tahun lalu mencapai 30 persen", "2025-02-01", "2024"),
])
def test_period(text, published, expected):
    assert str(parse_period(text, published=published)) == expected


def test_period_ignores_event_dates_and_needs_a_date_for_relative_phrases():
    assert parse_period("kata Romie, Rabu (9/8/2023).") is None
    assert parse_period("Tahun depan, kami menargetkan") is None


@pytest.mark.parametrize("text,expected", [
    ("Judul\n\n2024-11-15 23:43:09\nIlustrasi Kantor BPJS\n\nPONTIANAK - ...", "2024-11-15"),
    ("Judul berita\nJumat, 24 Agustus 2024 | 10:12 WIB\nBANDUNG - ...", "2024-08-24"),
    ("KETIK, BANDUNG – BPJS ... saat peresmian kantor, Rabu (9/8/2023).", "2023-08-09"),
    ("kepada wartawan pada Kamis (21/12/2023) di Bandung.", "2023-12-21"),
])
def test_infer_published(text, expected):
    from jamsostek_ie.domain.periods import infer_published

    assert str(infer_published(text)) == expected


@pytest.mark.parametrize("text", [
    "Pergub Nomor 4 Tahun 2023 berlaku hingga Oktober 2023.",  # a regulation and a period, no date
    "Cakupan naik 31/12 persen",
    "Rabu (31/2/2023) tanggal yang tidak ada",
    "",
])
def test_infer_published_reads_no_date_where_none_is_stated(text):
    from jamsostek_ie.domain.periods import infer_published

    assert infer_published(text) is None
