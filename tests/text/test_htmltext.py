"""HTML → text with a map back to the source (standard library parser, no regexes over markup)."""
import pytest

from jamsostek_ie.text.htmltext import html_to_text

PAGE = """<!DOCTYPE html>
<html><head><title>Judul di tab</title><style>p { color: red }</style>
<script>var s = "<p>bukan teks</p>";</script></head>
<body><nav><a href="/">Beranda</a> <a href="/ekonomi">Ekonomi</a></nav>
<article>
<h1>Cakupan Jamsostek
   Jabar 31,85&nbsp;Persen</h1>
<p>BANDUNG &ndash; BPJS <b>Ketenagakerjaan</b> mencatat cakupan di
Jawa&#160;Barat baru <i>31,85</i> persen.<br>Target tahun depan 70&#37;.</p>
<!-- iklan -->
<ul><li>Satu</li><li>Dua</li></ul>
<table><tr><td>Jabar</td><td>31%</td></tr></table>
</article>
<aside>Baca juga: Cakupan Jatim 41 persen</aside>
<footer>&copy; 2024 Pojok Bandung</footer>
</body></html>"""


@pytest.fixture(scope="module")
def page():
    return html_to_text(PAGE)


def test_readable_text_only(page):
    t = page.text
    assert t.startswith("Cakupan Jamsostek Jabar 31,85 Persen\n\nBANDUNG – BPJS Ketenagakerjaan mencatat")
    for noise in ("Judul di tab", "color: red", "bukan teks", "Beranda", "iklan", "Baca juga", "2024 Pojok"):
        assert noise not in t
    assert "di Jawa Barat baru 31,85 persen.\nTarget tahun depan 70%." in t
    assert "Satu\nDua" in t and "Jabar 31%" in t


def test_block_elements_become_paragraphs_and_inline_whitespace_collapses(page):
    assert "\n\n" in page.text and "  " not in page.text and "\u00a0" not in page.text
    assert not page.text.startswith(("\n", " ")) and not page.text.endswith(("\n", " "))
    assert "\n" not in page.text.split("\n\n")[0]  # the headline's source line break is a space


def test_every_character_maps_into_the_source(page):
    for i, ch in enumerate(page.text):
        s, e = page.char_source(i)
        assert 0 <= s < e <= len(PAGE)
        if e - s == 1 and not ch.isspace():
            assert PAGE[s] == ch  # copied characters map one to one


@pytest.mark.parametrize("phrase,source", [
    ("31,85 Persen", "31,85&nbsp;Persen"),
    ("Ketenagakerjaan", "Ketenagakerjaan"),
    ("Jawa Barat", "Jawa&#160;Barat"),
    ("31,85 persen", "31,85</i> persen"),
    ("70%", "70&#37;"),
    ("–", "&ndash;"),
])
def test_spans_map_back_to_their_markup(page, phrase, source):
    start = page.text.index(phrase) if phrase != "31,85 persen" else page.text.rindex(phrase)
    s, e = page.to_source(start, start + len(phrase))
    assert PAGE[s:e] == source


def test_unclosed_head_and_skip_elements_do_not_swallow_the_article():
    ht = html_to_text("<html><head><title>x</title><body><div><nav>menu<p>Cakupan 40 persen.</div>"
                      "<p>Paragraf kedua.</p>")
    assert ht.text == "Paragraf kedua."
    ht = html_to_text("<html><head><meta charset=utf-8><p>Cakupan 40 persen.</p>")
    assert ht.text == "Cakupan 40 persen."


def test_plain_text_and_fragments():
    assert html_to_text("Cakupan 40 persen").text == "Cakupan 40 persen"
    assert html_to_text("").text == ""
    assert html_to_text("<p> </p><script>x</script>").text == ""
    assert html_to_text("a &amp; b &unknown; c < d").text == "a & b &unknown; c < d"


def test_non_str_is_a_type_error():
    with pytest.raises(TypeError, match="bytes"):
        html_to_text(b"<p>x</p>")
