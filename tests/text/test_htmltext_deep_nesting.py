"""Issue 14.2: html_to_text is linear in nesting depth (unclosed <p><b> by the ten thousand)."""
import time

from jamsostek_ie.text.htmltext import html_to_text


def test_html_deep_unclosed_nesting_is_linear():
    n = 50_000
    src = "<p><b>" * n + "Cakupan 31,85 persen" + "</b>" * 3 + "</p>x"
    t = time.perf_counter()
    ht = html_to_text(src)
    seconds = time.perf_counter() - t
    assert ht.text == "Cakupan 31,85 persen\n\nx"
    s, e = ht.to_source(0, 7)
    assert src[s:e] == "Cakupan"
    assert seconds < 15, f"{seconds:.1f} s: quadratic again (was ~45 s before the fix, ~0.5 s after)"
