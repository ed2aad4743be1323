"""Organisations → canonical names (domain/organisations.py): BPJS offices and the region their name
carries, regional governments and agencies, national bodies."""
import json

import pytest

from jamsostek_ie.domain.organisations import canonical_org


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


@pytest.mark.parametrize("text,name,kind,office,code", [
    # Pemko is Sumatran usage for Pemerintah Kota
    ("Pemko Medan", "Pemerintah Kota Medan", "government", None, "12.71"),
    ("Pemko Palangka Raya", "Pemerintah Kota Palangkaraya", "government", None, "62.71"),
    ("Pemkot Tanjungpinang", "Pemerintah Kota Tanjung Pinang", "government", None, "21.72"),
    ("Pemerintah Kota (Pemkot) Bandung", "Pemerintah Kota Bandung", "government", None, "32.73"),
    ("Pemerintah Kabupaten (Pemkab) Bandung", "Pemerintah Kabupaten Bandung", "government", None, "32.04"),
    ("Pemerintah Provinsi (Pemprov) Jawa Barat", "Pemerintah Provinsi Jawa Barat", "government", None, "32"),
    ("Pemerintah Daerah Provinsi Jawa Barat", "Pemerintah Provinsi Jawa Barat", "government", None, "32"),
    ("Pemerintah Aceh", "Pemerintah Aceh", "government", None, "11"),
    ("Pemprov Aceh", "Pemerintah Aceh", "government", None, "11"),
    ("Pemda Gianyar", "Pemerintah Kabupaten Gianyar", "government", None, "51.04"),
    ("Pemda HSS", "Pemerintah Kabupaten Hulu Sungai Selatan", "government", None, "63.06"),
    ("Pemkab HSS", "Pemerintah Kabupaten Hulu Sungai Selatan", "government", None, "63.06"),
    ("Pemkab Inhil", "Pemerintah Kabupaten Indragiri Hilir", "government", None, "14.04"),
    ("Pemkab Lutim", "Pemerintah Kabupaten Luwu Timur", "government", None, "73.24"),
    ("Pemkab Sidrap", "Pemerintah Kabupaten Sidenreng Rappang", "government", None, "73.14"),
    ("Pemkab KBB", "Pemerintah Kabupaten Bandung Barat", "government", None, "32.17"),
    ("Pemkab Tasik", "Pemerintah Kabupaten Tasikmalaya", "government", None, "32.06"),
    ("Pemkot Tasik", "Pemerintah Kota Tasikmalaya", "government", None, "32.78"),
    ("Pemkab Bekasi", "Pemerintah Kabupaten Bekasi", "government", None, "32.16"),
    ("Pemkab Mitra", "Pemerintah Kabupaten Minahasa Tenggara", "government", None, "71.07"),
    ("Disnaker Kota Bekasi", "Disnaker Kota Bekasi", "government", None, "32.75"),
    ("Disnaker Inhil", "Disnaker Kabupaten Indragiri Hilir", "government", None, "14.04"),
    ("Dinas Tenaga Kerja Kabupaten Ketapang", "Disnaker Kabupaten Ketapang", "government", None, "61.04"),
    ("Disnakertrans Jabar", "Disnakertrans Jawa Barat", "government", None, "32"),
    ("Disnakertrans Tanjab Barat", "Disnakertrans Kabupaten Tanjung Jabung Barat", "government", None, "15.06"),
    ("Dinas Tenaga Kerja dan Transmigrasi (Disnakertrans) Sulut", "Disnakertrans Sulawesi Utara", "government",
     None, "71"),
    ("DPRD Jabar", "DPRD Jawa Barat", "government", None, "32"),
    ("DPRD Provinsi Jawa Barat", "DPRD Jawa Barat", "government", None, "32"),
    ("DPRD Kota Medan", "DPRD Kota Medan", "government", None, "12.71"),
    ("DPRD Kabupaten Bogor", "DPRD Kabupaten Bogor", "government", None, "32.01"),
    ("DPRD Sidrap", "DPRD Kabupaten Sidenreng Rappang", "government", None, "73.14"),
    # BPJS offices: a district inside the name narrows the region to the regency/city holding it
    ("BPJS Ketenagakerjaan Cabang Tangerang Cikupa", "BPJS Ketenagakerjaan", "bpjs_tk", "cabang", "36.03"),
    ("BPJS Ketenagakerjaan Cabang Bekasi Cikarang", "BPJS Ketenagakerjaan", "bpjs_tk", "cabang", "32.16"),
    ("Kantor Cabang Jakarta Cilandak", "BPJS Ketenagakerjaan", "bpjs_tk", "cabang", "31.74"),
    ("BPJS Ketenagakerjaan KCP Bandung Soreang", "BPJS Ketenagakerjaan", "bpjs_tk", "kcp", "32.04"),
    ("KCP BPJS Ketenagakerjaan Cikarang", "BPJS Ketenagakerjaan", "bpjs_tk", "kcp", "32.16"),
    ("BPJS Ketenagakerjaan Cabang Purwokerto", "BPJS Ketenagakerjaan", "bpjs_tk", "cabang", "33.02"),
    ("BPJS Ketenagakerjaan KCP Sekayu", "BPJS Ketenagakerjaan", "bpjs_tk", "kcp", "16.06.01"),
    ("BPJS Ketenagakerjaan Cabang Tangerang Batu Ceper", "BPJS Ketenagakerjaan", "bpjs_tk", "cabang", "36.71"),
    ("BPJS Ketenagakerjaan Cabang Medan Utara", "BPJS Ketenagakerjaan", "bpjs_tk", "cabang", "12.71"),
    ("BPJS Ketenagakerjaan Cabang Siantar", "BPJS Ketenagakerjaan", "bpjs_tk", "cabang", "12.72"),
    ("BPJS Ketenagakerjaan Cabang Pangkalpinang", "BPJS Ketenagakerjaan", "bpjs_tk", "cabang", "19.71"),
    ("Kanwil Jabar", "BPJS Ketenagakerjaan", "bpjs_tk", "kanwil", "32"),
    ("Kanwil Sumbagsel", "BPJS Ketenagakerjaan", "bpjs_tk", "kanwil", None),
    ("BPJS Ketenagakerjaan Kanwil Banuspa", "BPJS Ketenagakerjaan", "bpjs_tk", "kanwil", None),
    # national bodies: no region
    ("Kemnaker", "Kementerian Ketenagakerjaan", "ministry", None, None),
    ("Kemnaker RI", "Kementerian Ketenagakerjaan", "ministry", None, None),
    ("Kementerian Ketenagakerjaan", "Kementerian Ketenagakerjaan", "ministry", None, None),
    ("Kemendagri", "Kementerian Dalam Negeri", "ministry", None, None),
    ("DJSN", "Dewan Jaminan Sosial Nasional", "other", None, None),
    ("Dewan Jaminan Sosial Nasional", "Dewan Jaminan Sosial Nasional", "other", None, None),
    ("BP2MI", "Badan Pelindungan Pekerja Migran Indonesia", "other", None, None),
    ("KP2MI", "Kementerian Pelindungan Pekerja Migran Indonesia", "ministry", None, None),
    ("Bappenas", "Kementerian PPN/Bappenas", "ministry", None, None),
    ("Kementerian PPN/Bappenas", "Kementerian PPN/Bappenas", "ministry", None, None),
    ("BPS", "Badan Pusat Statistik", "other", None, None),
    ("Komisi IX DPR", "Komisi IX DPR RI", "other", None, None),
    ("Komisi IX DPR RI", "Komisi IX DPR RI", "other", None, None),
    ("Kementerian Komunikasi dan Digital", "Kementerian Komunikasi dan Digital", "ministry", None, None),
    # not regional governments
    ("Pemerintah Pusat", "Pemerintah Pusat", "other", None, None),
    ("Pemkab", "Pemkab", "other", None, None),
])
def test_canonical_org_forms(text, name, kind, office, code):
    o = canonical_org(text)
    assert (o.name, o.kind, o.office) == (name, kind, office)
    if code is None:
        assert o.region is None or o.region.code is None
    else:
        assert o.region.code == code


def test_office_area_org_carries_the_group_region():
    o = canonical_org("Kanwil Sumbagsel")
    assert (o.region.name, o.region.level) == ("Sumatera Bagian Selatan", "office_area")
    assert canonical_org("Kemnaker").is_national and not canonical_org("Pemko Medan").is_national


def test_org_json_round_trip():
    o = canonical_org("Pemko Batam")
    assert json.loads(json.dumps(o.to_dict()))["region"]["code"] == "21.71"
