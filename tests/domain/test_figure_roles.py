"""A figure's role from its nearest words (domain/figure_roles.py): distractors and kind cues."""
import pytest

from jamsostek_ie.domain import figure_roles as fr
from tests.helpers import doc_with_ents, ent, predicted


@pytest.fixture()
def fig(blank_nlp):
    """``fig(text, "figure", label, others=[(text, label)])``: the figure's Span in a Doc of ``text``
    whose entities are the figure and the other spans named (each by its first occurrence)."""
    def make(text, figure, label="PERCENT", others=()):
        return ent(doc_with_ents(blank_nlp, text, [(figure, label), *others]), figure)
    return make


@pytest.mark.parametrize("text,figure", [
    ("Selain itu, 2.108 desa di Sumsel telah mendaftarkan perangkat desanya.", "2.108 desa"),
    ("BPJS mencatat ada 31.400 pemberi kerja yang sudah mendaftar.", "31.400 pemberi kerja"),
    ("Bantuan iuran tersebar di 17 kabupaten/kota.", "17 kabupaten/kota"),
])
def test_counts_of_villages_employers_and_regencies_are_no_claims(fig, text, figure):
    span = fig(text, figure, "COUNT")
    assert fr.counts_non_workers(span) and fr.is_distractor(span)


@pytest.mark.parametrize("text,figure,label", [
    ("Di Konawe saja, jumlah peserta aktif naik 18,2 persen menjadi 58.300 pekerja.", "18,2 persen", "PERCENT"),
    ("Jumlah peserta di Sulsel tumbuh 9,8 persen.", "9,8 persen", "PERCENT"),
    ("Jumlah itu naik sekitar 5,6 juta dibanding tahun sebelumnya.", "5,6 juta", "COUNT"),
])
def test_growth_figures_are_no_claims(fig, text, figure, label):
    assert fr.is_change(fig(text, figure, label)) and fr.is_distractor(fig(text, figure, label))


@pytest.mark.parametrize("text,figure", [
    ("Cakupan di Seluma diperkirakan naik menjadi 24 persen pada akhir 2026.", "24 persen"),
    ("Cakupan di Jabar naik dari 38,6 persen pada akhir 2024 menjadi 45 persen.", "38,6 persen"),
])
def test_levels_after_a_change_word_stay_claims(fig, text, figure):
    span = fig(text, figure)
    assert not fr.is_change(span) and not fr.is_distractor(span)


def test_new_signups_are_no_claims(fig):
    span = fig("Jawa Tengah mencatat 612 ribu peserta baru sepanjang 2025.", "612 ribu peserta", "COUNT")
    assert fr.is_new_signup(span) and fr.is_distractor(span)
    kept = fig("Sebanyak 612 ribu peserta yang baru mendaftar tercatat di Jawa Tengah.", "612 ribu peserta", "COUNT")
    assert not fr.is_new_signup(kept)


def test_the_base_after_dari_is_no_claim_but_the_level_before_it_is(fig):
    text = "Cakupan baru 31,9 persen dari total 1,6 juta pekerja di Kabupaten Bandung."
    base = fig(text, "1,6 juta pekerja", "COUNT", others=[("31,9 persen", "PERCENT")])
    assert fr.is_base(base) and fr.is_distractor(base)
    level = fig(text, "31,9 persen", "PERCENT", others=[("1,6 juta pekerja", "COUNT")])
    assert not fr.is_distractor(level)
    # a percentage is never a base: "menjadi 24 persen dari 20,6 persen" is where coverage started
    start = fig("Cakupan naik menjadi 24 persen dari 20,6 persen.", "20,6 persen", others=[("24 persen", "PERCENT")])
    assert not fr.is_base(start)


@pytest.mark.parametrize("text,figure,label", [
    ("4,6 Juta Pekerja Kalimantan Terancam Tanpa Perlindungan", "4,6 Juta Pekerja", "COUNT"),
    ("Jumlah itu dari semesta coverage sebesar 2.871.182 pekerja.", "2.871.182 pekerja", "COUNT"),
    ("Pemda harus menaikkan cakupan sebesar minimal 20 persen dari tahun sebelumnya.", "20 persen", "PERCENT"),
    ("Komposisi pekerja di Kabupaten Kendal saat ini adalah 55,5% pekerja formal dan 45,5% pekerja informal.",
     "45,5%", "PERCENT"),
])
def test_uncovered_universe_growth_and_share_figures_are_no_claims(fig, text, figure, label):
    assert fr.is_distractor(fig(text, figure, label))


def test_a_share_word_does_not_reach_past_yaitu(fig):
    text = "Komposisi pekerja adalah 55,5% pekerja formal yaitu dari 338.681 pekerja baru 14.177 pekerja atau 7%."
    assert not fr.is_share(fig(text, "7%"))


def test_figures_in_a_related_article_link_are_no_claims(fig):
    span = fig("Baca Juga: Disnaker Jatim Catat 11.200 Pekerja Terkena PHK", "11.200 Pekerja", "COUNT")
    assert fr.is_distractor(span)


@pytest.mark.parametrize("text,figure,kind", [
    ("Target UCJ di Aceh yang baru mencapai 23,32 persen dari total pekerja.", "23,32 persen", "achieved"),
    ("Dari target UCJ sebesar 43,54 persen di tahun 2025, saat ini baru tercapai sekitar 408.974 pekerja.",
     "43,54 persen", "target"),
    ("Dari target UCJ sebesar 43,54 persen di tahun 2025, saat ini baru tercapai sekitar 408.974 pekerja.",
     "408.974 pekerja", "achieved"),
    ("Cakupan dapat meningkat dari 51% pada Juli 2024 menjadi 65% pada Desember 2024.", "51%", "achieved"),
    ("Sudah 39 ribu warga Balangan terdaftar dengan target 70 ribu di tahun 2024.", "39 ribu warga", "achieved"),
    ("Sudah 39 ribu warga Balangan terdaftar dengan target 70 ribu di tahun 2024.", "70 ribu", "target"),
    ("Pemkab Bidik 50 Persen Akhir Tahun", "50 Persen", "target"),
    # budgeted or planned coverage is a target (SCHEMA), even after "baru"; paying it now is achieved
    ("Pemkab Serang baru menganggarkan bantuan iuran untuk 6.500 pekerja rentan.", "6.500 pekerja", "target"),
    ("Pemkab Ende menanggung iuran 2.450 tukang ojek dengan anggaran Rp 505 juta.", "2.450 tukang ojek", "achieved"),
    ("Untuk saat ini sudah 39 ribu warga terdaftar.", "39 ribu warga", "achieved"),
])
def test_kind_words_right_before_a_figure_decide_its_kind(fig, text, figure, kind):
    label = "PERCENT" if ("persen" in figure.lower() or "%" in figure) else "COUNT"
    assert fr.cue_kind(fig(text, figure, label)) == kind


@pytest.mark.parametrize("text,figure", [
    ("Padahal, target capaian pada bulan tersebut seharusnya sudah mencapai 59 persen.", "59 persen"),
    ("Pemkab Deli Serdang mengalokasikan Rp4,6 milyar untuk melindungi 19.800 petani pada 2025.", "19.800 petani"),
    ("Cakupan naik menjadi 30 persen.", "30 persen"),
])
def test_no_kind_word_leaves_the_relation_label_to_decide(fig, text, figure):
    label = "PERCENT" if "persen" in figure else "COUNT"
    assert fr.cue_kind(fig(text, figure, label)) is None


def _predicted(nlp, text, ents, rels):
    """A Doc with the given entities and relations scored like the extractor's (veto mode)."""
    doc = doc_with_ents(nlp, text, ents)
    doc._.relations = predicted(doc, rels)
    return doc


def test_builder_applies_kind_words_and_vetoes_to_predicted_links(blank_nlp):
    from jamsostek_ie.domain.claim_builder import build_claims

    text = ("Target UCJ di Aceh yang baru mencapai 23,32 persen. "
            "Jumlah peserta di Aceh tumbuh 9,8 persen.")
    doc = _predicted(blank_nlp, text, [("Aceh", "REGION"), ("23,32 persen", "PERCENT"), ("9,8 persen", "PERCENT")],
                     [("23,32 persen", "Aceh", "TARGET_OF"), ("9,8 persen", "Aceh", "COVERAGE_OF")])
    claims = build_claims(doc)
    assert [(c.figure, c.kind) for c in claims] == [("23,32 persen", "achieved")]  # 9,8: a growth rate
    # gold links are the annotator's decision: no veto, no kind override
    for r in doc._.relations:
        del r["score"]
    assert [(c.figure, c.kind) for c in build_claims(doc)] == [("23,32 persen", "target"), ("9,8 persen", "achieved")]


def test_a_multi_province_kanwil_figure_in_a_one_province_article_is_the_province(blank_nlp):
    from jamsostek_ie.domain.claim_builder import build_claims

    text = ("Kejati Aceh dan BPJS Ketenagakerjaan Luncurkan RAN 2025\n"
            "Kepala Kanwil BPJS Ketenagakerjaan Sumbagut mengungkapkan target UCJ sebesar 43,54 persen di tahun 2025.")
    doc = _predicted(blank_nlp, text, [("Aceh", "REGION"), ("Kanwil BPJS Ketenagakerjaan Sumbagut", "ORG"),
                                       ("43,54 persen", "PERCENT")],
                     [("43,54 persen", "Kanwil BPJS Ketenagakerjaan Sumbagut", "TARGET_OF")])
    (claim,) = build_claims(doc)
    assert claim.region.name == "Aceh" and claim.context
    # the whole office area when the sentence says so
    doc2 = _predicted(blank_nlp, text.replace("target UCJ", "untuk seluruh wilayah kerja target UCJ"),
                      [("Aceh", "REGION"), ("Kanwil BPJS Ketenagakerjaan Sumbagut", "ORG"), ("43,54 persen", "PERCENT")],
                      [("43,54 persen", "Kanwil BPJS Ketenagakerjaan Sumbagut", "TARGET_OF")])
    assert build_claims(doc2)[0].region.name == "Sumatera Bagian Utara"


def test_venues_are_no_claim_region(blank_nlp):
    from spacy.tokens import Span

    from jamsostek_ie.domain.claim_builder import is_venue

    doc = blank_nlp("Kami menyasar 4,6 juta pekerja pada 2026,” tegas Adi Hendratta di Banjarmasin, Senin.")
    i = next(t.i for t in doc if t.text == "Banjarmasin")
    assert is_venue(Span(doc, i, i + 1, label="REGION"))
    doc = blank_nlp("ujar Maria Tefa, agen Perisai asal Mollo Utara.")
    i = next(t.i for t in doc if t.text == "Mollo")
    assert is_venue(Span(doc, i, i + 2, label="REGION"))
    doc = blank_nlp("BP3MI mencatat pekerja migran asal Kaltara yang terdaftar sekitar 1.250 orang.")
    i = next(t.i for t in doc if t.text == "Kaltara")
    assert not is_venue(Span(doc, i, i + 1, label="REGION"))  # the workers' own region


def test_a_national_articles_context_link_to_a_province_named_in_passing_is_national(blank_nlp):
    from jamsostek_ie.domain.claim_builder import build_claims

    text = ("BPJS Ketenagakerjaan Catat Pekerja Konstruksi Terlindungi\n"
            "JAKARTA – BPJS Ketenagakerjaan mencatat kenaikan peserta jasa konstruksi.\n"
            "Proyek strategis menjadi penyumbang terbesar.\n"
            "Kenaikan terbesar terjadi di luar Jawa.\n"
            "Adapun Sulawesi Tenggara mencatat 27.400 orang.\n"
            "Dari sisi target, lembaga ini membidik 10,5 juta pekerja konstruksi terlindungi pada akhir tahun.")
    ents = [("Sulawesi Tenggara", "REGION"), ("27.400 orang", "COUNT"), ("10,5 juta pekerja", "COUNT")]
    doc = _predicted(blank_nlp, text, ents, [("27.400 orang", "Sulawesi Tenggara", "COVERAGE_OF"),
                                             ("10,5 juta pekerja", "Sulawesi Tenggara", "TARGET_OF")])
    by_figure = {c.figure: c.region.name for c in build_claims(doc)}
    assert by_figure == {"27.400 orang": "Sulawesi Tenggara", "10,5 juta pekerja": "Indonesia"}
    # pointing back to the place keeps it
    doc = _predicted(blank_nlp, text.replace("lembaga ini membidik", "di provinsi itu dibidik"), ents,
                     [("10,5 juta pekerja", "Sulawesi Tenggara", "TARGET_OF")])
    assert build_claims(doc)[0].region.name == "Sulawesi Tenggara"
