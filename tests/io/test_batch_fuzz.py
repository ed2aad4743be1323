"""Issue 14 fuzz: the batch path (``extract_to_file`` on a JSONL of random records: wrong types, lone
surrogates, huge fields, BOMs, bad lines) never crashes, writes each good record's claims exactly once,
and names every bad record in its report. Model-free (tests/stub_pipeline.py), small and fast."""
import json
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import jamsostek_ie
from jamsostek_ie.io.batch import extract_to_file, read_claims
from tests.stub_pipeline import stub_nlp

NLP = stub_nlp()
TEXT = "Cakupan kepesertaan BPJS Ketenagakerjaan di Jawa Barat mencapai 31,85 persen."
GOOD_KINDS = ["plain", "surrogate", "huge", "spaces", "date"]
BAD_KINDS = ["text_int", "text_list", "no_text", "not_json", "not_object", "latin1", "bad_date", "text_dict"]

record = st.tuples(st.sampled_from(GOOD_KINDS + BAD_KINDS),
                   st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20))


def _line(kind: str, i: int, noise: str):
    """(bytes of the line, id, expected text or None for a bad record)."""
    gid, bid = f"g{i}", f"b{i}"
    text = noise + " " + TEXT
    if kind == "plain":
        return json.dumps({"id": gid, "text": text}).encode(), gid, text
    if kind == "surrogate":
        raw = "\ud800" + text + "\udfff"
        return json.dumps({"id": gid, "text": raw}).encode(), gid, raw  # \ud800 escapes in the JSON
    if kind == "huge":
        raw = text + " " + "x" * 30_000
        return json.dumps({"id": gid, "text": raw, "extra": "y" * 30_000}).encode(), gid, raw
    if kind == "spaces":
        raw = text.replace(" ", "  ").replace("Barat", "Barat\t")
        return json.dumps({"id": gid, "text": raw}).encode(), gid, raw
    if kind == "date":
        return json.dumps({"id": gid, "text": text, "published": "2024-08-24"}).encode(), gid, text
    if kind == "text_int":
        return json.dumps({"id": bid, "text": 12}).encode(), bid, None
    if kind == "text_list":
        return json.dumps({"id": bid, "text": [TEXT]}).encode(), bid, None
    if kind == "text_dict":
        return json.dumps({"id": bid, "text": {"t": TEXT}}).encode(), bid, None
    if kind == "no_text":
        return json.dumps({"id": bid, "body": TEXT}).encode(), bid, None
    if kind == "not_json":
        return b'{"id": "' + bid.encode() + b'", "text": ', None, None
    if kind == "not_object":
        return json.dumps([bid, TEXT]).encode(), None, None
    if kind == "latin1":
        return ('{"id": "' + bid + '", "text": "Jaminan d\xe9j\xe0 31 persen"}').encode("latin-1"), None, None
    if kind == "bad_date":
        return json.dumps({"id": bid, "text": TEXT, "published": "kemarin"}).encode(), bid, None
    raise AssertionError(kind)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record, min_size=1, max_size=8), st.booleans(), st.integers(min_value=1, max_value=3))
@example([("plain", "\x85")], False, 1)  # NEL is a line break for str.splitlines, not for JSONL
def test_batch_fuzz_random_jsonl_records(records, bom, batch_size):
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        lines, good, bad = [], {}, []
        for i, (kind, noise) in enumerate(records):
            data, rid, text = _line(kind, i, noise)
            lines.append(data)
            if text is not None:
                good[rid] = text
            else:
                bad.append((i + 1, rid))
        src.write_bytes((b"\xef\xbb\xbf" if bom else b"") + b"\n".join(lines) + b"\n")
        res = extract_to_file(src, out, nlp=NLP, batch_size=batch_size)
        assert res["articles"] == len(good) and res["invalid"] == len(bad)
        written = Counter(read_claims(out)["article_id"]) if out.exists() else Counter()
        for rid, text in good.items():
            want = len(jamsostek_ie.extract(text, nlp=NLP, article_id=rid))
            assert written[rid] == want, (rid, written)
        assert set(written) <= set(good)
        report = "\n".join(res["problems"])
        for line_no, rid in bad:
            assert f"{src}:{line_no}" in report or (rid is not None and f"id {rid}" in report), (line_no, report)
