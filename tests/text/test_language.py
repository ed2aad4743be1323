"""The language check that keeps other languages from producing claims."""
import pytest

from jamsostek_ie.text.language import guess_language

OTHER = {
    "en": "Social security coverage in Texas reached 45 percent in 2023, officials said. The agency targets 70% "
          "by 2025 and has been working with employers.",
    "de": "Die Abdeckung in Bayern erreichte 45 Prozent im Jahr 2023. Das Ziel ist nicht erreicht und wird mit "
          "der Regierung besprochen.",
    "fr": "La couverture dans la région est de 45 pour cent et le gouvernement veut plus pour les travailleurs "
          "avec une nouvelle loi.",
    "es_pt": "La cobertura en la región es del 45 por ciento y el gobierno quiere más con una nueva ley para los "
             "trabajadores.",
}


def test_every_corpus_article_reads_as_indonesian(repo_root):
    from jamsostek_ie.corpus.store import load_articles

    foreign = [a.id for a in load_articles(repo_root) if guess_language(a.text).is_foreign]
    assert foreign == []


@pytest.mark.parametrize("lang", sorted(OTHER))
def test_other_languages_are_recognised(lang):
    g = guess_language(OTHER[lang])
    assert g.is_foreign and g.language == lang and g.foreign > g.indonesian


@pytest.mark.parametrize("text", ["Cakupan Jamsostek Jatim Tembus 41 Persen",  # a headline: no function words
                                  "", "12.345 / 67,8 %", "広東省 45%",
                                  "Liputan PERKESO di Selangor mencapai 45 peratus, kata pegawai yang hadir."])
def test_text_without_foreign_cues_is_kept(text):
    assert not guess_language(text).is_foreign


def test_an_english_quote_inside_indonesian_news_is_kept():
    text = ("Menurut dia, cakupan di Jawa Barat sudah mencapai 45 persen. \"This is the way for the workers,\" "
            "katanya kepada wartawan di Bandung, dan ia berharap target itu bisa tercapai tahun ini.")
    assert not guess_language(text).is_foreign
