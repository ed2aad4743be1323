"""Region aliases (resources/region_aliases.json): the short forms news uses, each resolving to its own
Kemendagri code; sections disjoint, codes real, no alias shadowing an official name."""
import pytest

from jamsostek_ie.domain.regions import aliases, gazetteer, kemendagri_regions, nospace, resolve_region


#: every regency/city alias as news writes it → canonical name, level and Kemendagri code
REGENCY_ALIASES = [
    ("Bandarlampung", "Kota Bandar Lampung", "city", "18.71"),
    ("Bandar Lampung", "Kota Bandar Lampung", "city", "18.71"),
    ("Palangkaraya", "Kota Palangkaraya", "city", "62.71"),
    ("Pangkal Pinang", "Kota Pangkal Pinang", "city", "19.71"),
    ("Jakarta Pusat", "Kota Administrasi Jakarta Pusat", "city", "31.71"),
    ("Jakpus", "Kota Administrasi Jakarta Pusat", "city", "31.71"),
    ("Jakarta Utara", "Kota Administrasi Jakarta Utara", "city", "31.72"),
    ("Jakut", "Kota Administrasi Jakarta Utara", "city", "31.72"),
    ("Jakarta Barat", "Kota Administrasi Jakarta Barat", "city", "31.73"),
    ("Jakbar", "Kota Administrasi Jakarta Barat", "city", "31.73"),
    ("Jakarta Selatan", "Kota Administrasi Jakarta Selatan", "city", "31.74"),
    ("Jaksel", "Kota Administrasi Jakarta Selatan", "city", "31.74"),
    ("Jakarta Timur", "Kota Administrasi Jakarta Timur", "city", "31.75"),
    ("Jaktim", "Kota Administrasi Jakarta Timur", "city", "31.75"),
    ("Solo", "Kota Surakarta", "city", "33.72"),
    ("Surakarta", "Kota Surakarta", "city", "33.72"),
    ("Kukar", "Kabupaten Kutai Kartanegara", "regency", "64.02"),
    ("Kutai Kartanegara", "Kabupaten Kutai Kartanegara", "regency", "64.02"),
    ("PPU", "Kabupaten Penajam Paser Utara", "regency", "64.09"),
    ("Penajam Paser Utara", "Kabupaten Penajam Paser Utara", "regency", "64.09"),
    ("Kubu Raya", "Kabupaten Kubu Raya", "regency", "61.12"),
    ("Kotim", "Kabupaten Kotawaringin Timur", "regency", "62.02"),
    ("Tanbu", "Kabupaten Tanah Bumbu", "regency", "63.10"),
    ("Banda Aceh", "Kota Banda Aceh", "city", "11.71"),
    ("Deli Serdang", "Kabupaten Deli Serdang", "regency", "12.07"),
    ("Lobar", "Kabupaten Lombok Barat", "regency", "52.01"),
    ("Lotim", "Kabupaten Lombok Timur", "regency", "52.03"),
    ("Loteng", "Kabupaten Lombok Tengah", "regency", "52.02"),
    ("Lombok Timur", "Kabupaten Lombok Timur", "regency", "52.03"),
    ("Mabar", "Kabupaten Manggarai Barat", "regency", "53.15"),
    ("Kota Baru", "Kabupaten Kotabaru", "regency", "63.02"),
    ("Muba", "Kabupaten Musi Banyuasin", "regency", "16.06"),
    ("Halteng", "Kabupaten Halmahera Tengah", "regency", "82.02"),
    ("Malteng", "Kabupaten Maluku Tengah", "regency", "81.01"),
    ("Polman", "Kabupaten Polewali Mandar", "regency", "76.04"),
    ("Mateng", "Kabupaten Mamuju Tengah", "regency", "76.06"),
    ("OKI", "Kabupaten Ogan Komering Ilir", "regency", "16.02"),
    ("Kobar", "Kabupaten Kotawaringin Barat", "regency", "62.01"),
    ("Labuhanbatu", "Kabupaten Labuhanbatu", "regency", "12.10"),
    ("Abes", "Kabupaten Aceh Besar", "regency", "11.06"),
    ("Lubuklinggau", "Kota Lubuk Linggau", "city", "16.73"),
    ("Abdya", "Kabupaten Aceh Barat Daya", "regency", "11.12"),
    ("Agara", "Kabupaten Aceh Tenggara", "regency", "11.02"),
    ("Atam", "Kabupaten Aceh Tamiang", "regency", "11.16"),
    ("Pijay", "Kabupaten Pidie Jaya", "regency", "11.18"),
    ("Galus", "Kabupaten Gayo Lues", "regency", "11.13"),
    ("Madina", "Kabupaten Mandailing Natal", "regency", "12.13"),
    ("Sergai", "Kabupaten Serdang Bedagai", "regency", "12.18"),
    ("Labura", "Kabupaten Labuhanbatu Utara", "regency", "12.23"),
    ("Labusel", "Kabupaten Labuhanbatu Selatan", "regency", "12.22"),
    ("Labuhan Batu", "Kabupaten Labuhanbatu", "regency", "12.10"),
    ("Labuhan Batu Utara", "Kabupaten Labuhanbatu Utara", "regency", "12.23"),
    ("Labuhan Batu Selatan", "Kabupaten Labuhanbatu Selatan", "regency", "12.22"),
    ("Tapteng", "Kabupaten Tapanuli Tengah", "regency", "12.01"),
    ("Tapsel", "Kabupaten Tapanuli Selatan", "regency", "12.03"),
    ("Taput", "Kabupaten Tapanuli Utara", "regency", "12.02"),
    ("Humbahas", "Kabupaten Humbang Hasundutan", "regency", "12.16"),
    ("Tobasa", "Kabupaten Toba", "regency", "12.12"),
    ("Toba Samosir", "Kabupaten Toba", "regency", "12.12"),
    ("Toba", "Kabupaten Toba", "regency", "12.12"),
    ("Paluta", "Kabupaten Padang Lawas Utara", "regency", "12.20"),
    ("Palas", "Kabupaten Padang Lawas", "regency", "12.21"),
    ("Nisel", "Kabupaten Nias Selatan", "regency", "12.14"),
    ("Batubara", "Kabupaten Batu Bara", "regency", "12.19"),
    ("Siantar", "Kota Pematangsiantar", "city", "12.72"),
    ("Tebingtinggi", "Kota Tebing Tinggi", "city", "12.76"),
    ("Padang Sidimpuan", "Kota Padangsidimpuan", "city", "12.77"),
    ("Padangsidempuan", "Kota Padangsidimpuan", "city", "12.77"),
    ("Padang Sidempuan", "Kota Padangsidimpuan", "city", "12.77"),
    ("PSP", "Kota Padangsidimpuan", "city", "12.77"),
    ("Tanjung Balai", "Kota Tanjungbalai", "city", "12.74"),
    ("Gunung Sitoli", "Kota Gunungsitoli", "city", "12.78"),
    ("Pessel", "Kabupaten Pesisir Selatan", "regency", "13.01"),
    ("Pasbar", "Kabupaten Pasaman Barat", "regency", "13.12"),
    ("Padangpariaman", "Kabupaten Padang Pariaman", "regency", "13.05"),
    ("Limapuluh Kota", "Kabupaten Lima Puluh Kota", "regency", "13.07"),
    ("Lima Puluh Koto", "Kabupaten Lima Puluh Kota", "regency", "13.07"),
    ("Solsel", "Kabupaten Solok Selatan", "regency", "13.11"),
    ("Mentawai", "Kabupaten Kepulauan Mentawai", "regency", "13.09"),
    ("Padangpanjang", "Kota Padang Panjang", "city", "13.74"),
    ("Inhil", "Kabupaten Indragiri Hilir", "regency", "14.04"),
    ("Inhu", "Kabupaten Indragiri Hulu", "regency", "14.02"),
    ("Rohul", "Kabupaten Rokan Hulu", "regency", "14.06"),
    ("Rohil", "Kabupaten Rokan Hilir", "regency", "14.07"),
    ("Kuansing", "Kabupaten Kuantan Singingi", "regency", "14.09"),
    ("Meranti", "Kabupaten Kepulauan Meranti", "regency", "14.10"),
    ("Tanjabbar", "Kabupaten Tanjung Jabung Barat", "regency", "15.06"),
    ("Tanjabtim", "Kabupaten Tanjung Jabung Timur", "regency", "15.07"),
    ("Tanjab Barat", "Kabupaten Tanjung Jabung Barat", "regency", "15.06"),
    ("Tanjab Timur", "Kabupaten Tanjung Jabung Timur", "regency", "15.07"),
    ("Batang Hari", "Kabupaten Batanghari", "regency", "15.04"),
    ("Muarojambi", "Kabupaten Muaro Jambi", "regency", "15.05"),
    ("Sungaipenuh", "Kota Sungai Penuh", "city", "15.72"),
    ("Muratara", "Kabupaten Musi Rawas Utara", "regency", "16.13"),
    ("OKU", "Kabupaten Ogan Komering Ulu", "regency", "16.01"),
    ("OKUT", "Kabupaten Ogan Komering Ulu Timur", "regency", "16.08"),
    ("OKU Timur", "Kabupaten Ogan Komering Ulu Timur", "regency", "16.08"),
    ("OKUS", "Kabupaten Ogan Komering Ulu Selatan", "regency", "16.09"),
    ("OKU Selatan", "Kabupaten Ogan Komering Ulu Selatan", "regency", "16.09"),
    ("PALI", "Kabupaten Penukal Abab Lematang Ilir", "regency", "16.12"),
    ("Muaraenim", "Kabupaten Muara Enim", "regency", "16.03"),
    ("Pagaralam", "Kota Pagar Alam", "city", "16.72"),
    ("Benteng", "Kabupaten Bengkulu Tengah", "regency", "17.09"),
    ("Muko Muko", "Kabupaten Mukomuko", "regency", "17.06"),
    ("Lamsel", "Kabupaten Lampung Selatan", "regency", "18.01"),
    ("Lamtim", "Kabupaten Lampung Timur", "regency", "18.07"),
    ("Lamteng", "Kabupaten Lampung Tengah", "regency", "18.02"),
    ("Lampura", "Kabupaten Lampung Utara", "regency", "18.03"),
    ("Lambar", "Kabupaten Lampung Barat", "regency", "18.04"),
    ("Tuba", "Kabupaten Tulang Bawang", "regency", "18.05"),
    ("Tubaba", "Kabupaten Tulang Bawang Barat", "regency", "18.12"),
    ("Pesibar", "Kabupaten Pesisir Barat", "regency", "18.13"),
    ("Bateng", "Kabupaten Bangka Tengah", "regency", "19.04"),
    ("Basel", "Kabupaten Bangka Selatan", "regency", "19.03"),
    ("Babar", "Kabupaten Bangka Barat", "regency", "19.05"),
    ("Beltim", "Kabupaten Belitung Timur", "regency", "19.06"),
    ("Pangkalpinang", "Kota Pangkal Pinang", "city", "19.71"),
    ("Tanjungpinang", "Kota Tanjung Pinang", "city", "21.72"),
    ("Anambas", "Kabupaten Kepulauan Anambas", "regency", "21.05"),
    ("Kepulauan Seribu", "Kabupaten Administrasi Kepulauan Seribu", "regency", "31.01"),
    ("Kep Seribu", "Kabupaten Administrasi Kepulauan Seribu", "regency", "31.01"),
    ("Pulau Seribu", "Kabupaten Administrasi Kepulauan Seribu", "regency", "31.01"),
    ("KBB", "Kabupaten Bandung Barat", "regency", "32.17"),
    ("Tangsel", "Kota Tangerang Selatan", "city", "36.74"),
    ("Gunung Kidul", "Kabupaten Gunungkidul", "regency", "34.03"),
    ("Kulonprogo", "Kabupaten Kulon Progo", "regency", "34.01"),
    ("Kota Jogja", "Kota Yogyakarta", "city", "34.71"),
    ("Kota Yogya", "Kota Yogyakarta", "city", "34.71"),
    ("KLU", "Kabupaten Lombok Utara", "regency", "52.08"),
    ("KSB", "Kabupaten Sumbawa Barat", "regency", "52.07"),
    ("TTS", "Kabupaten Timor Tengah Selatan", "regency", "53.02"),
    ("TTU", "Kabupaten Timor Tengah Utara", "regency", "53.03"),
    ("Matim", "Kabupaten Manggarai Timur", "regency", "53.19"),
    ("Sumtim", "Kabupaten Sumba Timur", "regency", "53.11"),
    ("SBD", "Kabupaten Sumba Barat Daya", "regency", "53.18"),
    ("Flotim", "Kabupaten Flores Timur", "regency", "53.06"),
    ("KKR", "Kabupaten Kubu Raya", "regency", "61.12"),
    ("KKU", "Kabupaten Kayong Utara", "regency", "61.11"),
    ("Barsel", "Kabupaten Barito Selatan", "regency", "62.04"),
    ("Bartim", "Kabupaten Barito Timur", "regency", "62.13"),
    ("Barut", "Kabupaten Barito Utara", "regency", "62.05"),
    ("Gumas", "Kabupaten Gunung Mas", "regency", "62.10"),
    ("Pulpis", "Kabupaten Pulang Pisau", "regency", "62.11"),
    ("Palangka Raya", "Kota Palangkaraya", "city", "62.71"),
    ("HSS", "Kabupaten Hulu Sungai Selatan", "regency", "63.06"),
    ("HSU", "Kabupaten Hulu Sungai Utara", "regency", "63.08"),
    ("HST", "Kabupaten Hulu Sungai Tengah", "regency", "63.07"),
    ("Batola", "Kabupaten Barito Kuala", "regency", "63.04"),
    ("Tala", "Kabupaten Tanah Laut", "regency", "63.01"),
    ("Banjar Baru", "Kota Banjarbaru", "city", "63.72"),
    ("Kutim", "Kabupaten Kutai Timur", "regency", "64.08"),
    ("Kubar", "Kabupaten Kutai Barat", "regency", "64.07"),
    ("Mahulu", "Kabupaten Mahakam Ulu", "regency", "64.11"),
    ("Minut", "Kabupaten Minahasa Utara", "regency", "71.06"),
    ("Minsel", "Kabupaten Minahasa Selatan", "regency", "71.05"),
    ("Mitra", "Kabupaten Minahasa Tenggara", "regency", "71.07"),
    ("Bolmong", "Kabupaten Bolaang Mongondow", "regency", "71.01"),
    ("Bolmut", "Kabupaten Bolaang Mongondow Utara", "regency", "71.08"),
    ("Bolmong Utara", "Kabupaten Bolaang Mongondow Utara", "regency", "71.08"),
    ("Bolsel", "Kabupaten Bolaang Mongondow Selatan", "regency", "71.11"),
    ("Boltim", "Kabupaten Bolaang Mongondow Timur", "regency", "71.10"),
    ("Sitaro", "Kabupaten Kep. Siau Tagulandang Biaro", "regency", "71.09"),
    ("Kepulauan Siau Tagulandang Biaro", "Kabupaten Kep. Siau Tagulandang Biaro", "regency", "71.09"),
    ("Sangihe", "Kabupaten Kepulauan Sangihe", "regency", "71.03"),
    ("Talaud", "Kabupaten Kepulauan Talaud", "regency", "71.04"),
    ("Gorut", "Kabupaten Gorontalo Utara", "regency", "75.05"),
    ("Bonebol", "Kabupaten Bone Bolango", "regency", "75.03"),
    ("Kabgor", "Kabupaten Gorontalo", "regency", "75.01"),
    ("Parimo", "Kabupaten Parigi Moutong", "regency", "72.08"),
    ("Touna", "Kabupaten Tojo Una Una", "regency", "72.09"),
    ("Morut", "Kabupaten Morowali Utara", "regency", "72.12"),
    ("Tolitoli", "Kabupaten Toli-Toli", "regency", "72.04"),
    ("Bangkep", "Kabupaten Banggai Kepulauan", "regency", "72.07"),
    ("Balut", "Kabupaten Banggai Laut", "regency", "72.11"),
    ("Lutim", "Kabupaten Luwu Timur", "regency", "73.24"),
    ("Lutra", "Kabupaten Luwu Utara", "regency", "73.22"),
    ("Sidrap", "Kabupaten Sidenreng Rappang", "regency", "73.14"),
    ("Pangkep", "Kabupaten Pangkajene dan Kepulauan", "regency", "73.10"),
    ("Selayar", "Kabupaten Kepulauan Selayar", "regency", "73.01"),
    ("Tator", "Kabupaten Tana Toraja", "regency", "73.18"),
    ("Torut", "Kabupaten Toraja Utara", "regency", "73.26"),
    ("Pare Pare", "Kota Parepare", "city", "73.72"),
    ("Konsel", "Kabupaten Konawe Selatan", "regency", "74.05"),
    ("Konut", "Kabupaten Konawe Utara", "regency", "74.09"),
    ("Koltim", "Kabupaten Kolaka Timur", "regency", "74.11"),
    ("Kolut", "Kabupaten Kolaka Utara", "regency", "74.08"),
    ("Konkep", "Kabupaten Konawe Kepulauan", "regency", "74.12"),
    ("Butur", "Kabupaten Buton Utara", "regency", "74.10"),
    ("Busel", "Kabupaten Buton Selatan", "regency", "74.15"),
    ("Buteng", "Kabupaten Buton Tengah", "regency", "74.14"),
    ("Mubar", "Kabupaten Muna Barat", "regency", "74.13"),
    ("Baubau", "Kota Bau Bau", "city", "74.72"),
    ("Mamuju Utara", "Kabupaten Pasangkayu", "regency", "76.01"),
    ("Malra", "Kabupaten Maluku Tenggara", "regency", "81.02"),
    ("MBD", "Kabupaten Maluku Barat Daya", "regency", "81.08"),
    ("SBB", "Kabupaten Seram Bagian Barat", "regency", "81.06"),
    ("SBT", "Kabupaten Seram Bagian Timur", "regency", "81.05"),
    ("KKT", "Kabupaten Kepulauan Tanimbar", "regency", "81.03"),
    ("Tanimbar", "Kabupaten Kepulauan Tanimbar", "regency", "81.03"),
    ("MTB", "Kabupaten Kepulauan Tanimbar", "regency", "81.03"),
    ("Maluku Tenggara Barat", "Kabupaten Kepulauan Tanimbar", "regency", "81.03"),
    ("Bursel", "Kabupaten Buru Selatan", "regency", "81.09"),
    ("Aru", "Kabupaten Kepulauan Aru", "regency", "81.07"),
    ("Halsel", "Kabupaten Halmahera Selatan", "regency", "82.04"),
    ("Haltim", "Kabupaten Halmahera Timur", "regency", "82.06"),
    ("Halut", "Kabupaten Halmahera Utara", "regency", "82.03"),
    ("Halbar", "Kabupaten Halmahera Barat", "regency", "82.01"),
    ("Sula", "Kabupaten Kepulauan Sula", "regency", "82.05"),
    ("Kepsul", "Kabupaten Kepulauan Sula", "regency", "82.05"),
    ("Morotai", "Kabupaten Pulau Morotai", "regency", "82.07"),
    ("Taliabu", "Kabupaten Pulau Taliabu", "regency", "82.08"),
    ("Tidore", "Kota Tidore Kepulauan", "city", "82.72"),
    ("Biak", "Kabupaten Biak Numfor", "regency", "91.06"),
    ("Yapen", "Kabupaten Kepulauan Yapen", "regency", "91.05"),
    ("Fakfak", "Kabupaten Fak Fak", "regency", "92.03"),
    ("Bintuni", "Kabupaten Teluk Bintuni", "regency", "92.06"),
    ("Wondama", "Kabupaten Teluk Wondama", "regency", "92.07"),
    ("Pegaf", "Kabupaten Pegunungan Arfak", "regency", "92.12"),
    ("Mansel", "Kabupaten Manokwari Selatan", "regency", "92.11"),
    ("Pegubin", "Kabupaten Pegunungan Bintang", "regency", "95.02"),
    ("Kabupaten Tuba", "Kabupaten Tulang Bawang", "regency", "18.05"),
    ("Kabupaten Sula", "Kabupaten Kepulauan Sula", "regency", "82.05"),
    ("Kabupaten Aru", "Kabupaten Kepulauan Aru", "regency", "81.07"),
    ("Kabupaten Palas", "Kabupaten Padang Lawas", "regency", "12.21"),
    ("Kabupaten Meranti", "Kabupaten Kepulauan Meranti", "regency", "14.10"),
    ("Kabupaten Mitra", "Kabupaten Minahasa Tenggara", "regency", "71.07"),
    ("Kabupaten Balut", "Kabupaten Banggai Laut", "regency", "72.11"),
    ("Kabupaten Barut", "Kabupaten Barito Utara", "regency", "62.05"),
    ("Kabupaten Tala", "Kabupaten Tanah Laut", "regency", "63.01"),
    ("Kabupaten Benteng", "Kabupaten Bengkulu Tengah", "regency", "17.09"),
    ("Kabupaten Batubara", "Kabupaten Batu Bara", "regency", "12.19"),
    ("Kabupaten MTB", "Kabupaten Kepulauan Tanimbar", "regency", "81.03"),
    ("Kabupaten Loteng", "Kabupaten Lombok Tengah", "regency", "52.02"),
    ("Kota PSP", "Kota Padangsidimpuan", "city", "12.77"),
    ("50 Kota", "Kabupaten Lima Puluh Kota", "regency", "13.07"),
    ("Bukit Tinggi", "Kota Bukittinggi", "city", "13.75"),
    ("Pematang Siantar", "Kota Pematangsiantar", "city", "12.72"),
]


@pytest.mark.parametrize("text,name,level,code", REGENCY_ALIASES)
def test_regency_alias(text, name, level, code):
    r = resolve_region(text)
    assert (r.name, r.level, r.code) == (name, level, code)
    assert r.province == kemendagri_regions()[code.split(".")[0]]


def test_regency_alias_table_covers_the_json():
    al = aliases()
    keys = {k for k, v in {**al["regencies"], **al["resolve_only"]}.items() if isinstance(v, str)}
    assert keys == {t.lower() for t, *_ in REGENCY_ALIASES}


@pytest.mark.parametrize("text,prefer,name", [
    ("Tasik", None, "Kota Tasikmalaya"),
    ("Tasik", "regency", "Kabupaten Tasikmalaya"),
    ("Kabupaten Tasik", None, "Kabupaten Tasikmalaya"),
    ("Kota Tasik", None, "Kota Tasikmalaya"),
    ("Tangerang", None, "Kota Tangerang"),
    ("Tangerang", "regency", "Kabupaten Tangerang"),
])
def test_short_form_shared_by_regency_and_city_follows_prefer(text, prefer, name):
    assert resolve_region(text, prefer=prefer).name == name


@pytest.mark.parametrize("text,name,level", [
    ("Pulau Kalimantan", "Kalimantan", "island_group"),
    ("Pulau Sumatra", "Sumatera", "island_group"),
    ("Pulau Sulawesi", "Sulawesi", "island_group"),
    ("Pulau Papua", "Tanah Papua", "island_group"),
    ("Madura", "Madura", "island_group"),
    ("Pulau Madura", "Madura", "island_group"),
    ("Pulau Lombok", "Lombok", "island_group"),
    ("Pulau Sumbawa", "Sumbawa", "island_group"),
    ("Pulau Flores", "Flores", "island_group"),
    ("Flores", "Flores", "island_group"),
    ("Pulau Sumba", "Sumba", "island_group"),
    ("Sumba", "Sumba", "island_group"),
    ("Pulau Timor", "Timor", "island_group"),
    ("Nusra", "Nusa Tenggara", "island_group"),
    ("Jabodetabek", "Jabodetabek", "region_group"),
    ("Jabotabek", "Jabodetabek", "region_group"),
    ("Jabodebek", "Jabodebek", "region_group"),
    ("Bodebek", "Bodebek", "region_group"),
    ("Bandung Raya", "Bandung Raya", "region_group"),
    ("Priangan Timur", "Priangan Timur", "region_group"),
    ("Ciayumajakuning", "Ciayumajakuning", "region_group"),
    ("Solo Raya", "Solo Raya", "region_group"),
    ("Subosukawonosraten", "Solo Raya", "region_group"),
    ("Banyumas Raya", "Banyumas Raya", "region_group"),
    ("Barlingmascakeb", "Banyumas Raya", "region_group"),
    ("Gerbangkertosusila", "Gerbangkertosusila", "region_group"),
    ("Banuspa", "Bali Nusa Tenggara dan Papua", "office_area"),
    ("Bali Nusa Tenggara dan Papua", "Bali Nusa Tenggara dan Papua", "office_area"),
    ("Bali Nusa Tenggara Papua", "Bali Nusa Tenggara dan Papua", "office_area"),
    ("Sumbagsel", "Sumatera Bagian Selatan", "office_area"),
    ("Sumbagut", "Sumatera Bagian Utara", "office_area"),
    ("Sulama", "Sulawesi Maluku", "office_area"),
    ("Bali Nusra", "Bali Nusa Tenggara", "office_area"),
    ("Pulau Sumatera", "Sumatera", "island_group"),
    ("Tanah Papua", "Tanah Papua", "island_group"),
    ("seluruh Indonesia", "Indonesia", "country"),
])
def test_group_aliases_have_no_code(text, name, level):
    r = resolve_region(text)
    assert (r.name, r.level, r.code, r.province) == (name, level, None, None)


def _alias_codes():
    al = aliases()
    for section in ("provinces", "regencies", "resolve_only"):
        for key, value in al[section].items():
            yield section, key, [value] if isinstance(value, str) else value


def test_every_alias_code_is_a_kemendagri_code():
    codes = kemendagri_regions()
    bad = [(s, k, c) for s, k, cs in _alias_codes() for c in cs if c not in codes]
    bad += [("government_names", c, c) for c in aliases()["government_names"] if c not in codes]
    assert bad == []
    for section, key, cs in _alias_codes():
        assert ("." in cs[0]) == (section != "provinces"), key


def test_alias_sections_are_disjoint():
    al = aliases()
    sections = ["provinces", "regencies", "resolve_only", "groups"]
    for i, a in enumerate(sections):
        for b in sections[i + 1:]:
            assert set(al[a]) & set(al[b]) == set(), (a, b)


def test_every_alias_resolves_to_its_own_code():
    for _, key, codes in _alias_codes():
        if len(codes) == 1:
            assert resolve_region(key).code == codes[0], key
        else:  # a regency and a city of one name: each is reachable through prefer
            assert {resolve_region(key, prefer=p).code for p in ("regency", "city")} == set(codes), key


def test_alias_never_shadows_another_official_name():
    """A regency/city alias may not be the bare name of a different regency/city ("never guess"); a province's
    own name (Jambi, Bengkulu, Gorontalo) is the province by design."""
    bare = gazetteer()[2]
    for section, key, codes in _alias_codes():
        if section == "provinces":
            continue
        official = bare.get(nospace(key))
        assert official is None or sorted(official) == sorted(codes), (key, official)


def test_shared_short_forms_are_one_regency_and_one_city():
    for _, key, codes in _alias_codes():
        if len(codes) > 1:
            assert sorted(resolve_region(key, prefer=p).level for p in ("regency", "city")) == ["city", "regency"]
