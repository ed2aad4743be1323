"""Candidate entity pairs and their hand-built features for the relation extractor.

The features carry what generalises across outlets: entity labels, distance, order, what lies
between the two entities (other figures, other regions, a clause break) and cue words around
the figure (target verbs, coverage verbs, workforce nouns, money nouns, distractor words).
"""
from __future__ import annotations

from typing import List, Tuple

import numpy

from spacy.tokens import Doc, Span

from .schema import ENTITY_LABELS, allowed_relations

_LABEL_INDEX = {label: i for i, label in enumerate(ENTITY_LABELS)}
_ALLOWED = {(h, c): bool(allowed_relations(h, c)) for h in ENTITY_LABELS for c in ENTITY_LABELS}

CUES = {
    "target": {"target", "targetkan", "menargetkan", "ditargetkan", "targetnya", "sasaran", "menyasar", "disasar",
               "rencana", "direncanakan", "merencanakan", "harapkan", "diharapkan", "berharap", "akan", "bisa",
               "menganggarkan", "dianggarkan", "mengalokasikan", "dialokasikan", "diproyeksikan", "proyeksi",
               "ambisi", "mengejar", "dikejar", "optimistis", "optimis", "naik", "menjadi", "tahun", "depan",
               "rpjmn", "rpjmd", "mendatang", "ditetapkan", "dipatok", "mematok", "ingin", "upaya", "hingga"},
    "achieved": {"mencapai", "tercapai", "capai", "capaian", "terlindungi", "dilindungi", "terdaftar", "tercatat",
                 "mencatat", "mencatatkan", "sudah", "telah", "baru", "kini", "saat", "ini", "sebanyak", "total",
                 "cakupan", "coverage", "kepesertaan", "peserta", "aktif", "terdaftar", "realisasi", "posisi",
                 "per", "menjangkau", "meliputi", "terjamin", "dijamin", "dicover", "ter-cover", "tercover"},
    "workforce": {"penduduk", "angkatan", "bekerja", "potensial", "berhak", "eligible", "jumlah", "dari",
                  "total", "populasi", "usia", "produktif", "pekerja", "tenaga", "kerja", "di antaranya",
                  "antaranya", "sebanyak", "mencapai", "terdapat"},
    "money": {"anggaran", "iuran", "manfaat", "klaim", "beasiswa", "santunan", "dana", "apbd", "apbdes", "apbn",
              "bantuan", "dibayarkan", "membayarkan", "menyalurkan", "disalurkan", "senilai", "sebesar",
              "nominal", "total", "premi", "dialokasikan", "menggelontorkan", "digelontorkan", "penerimaan",
              "dikelola", "kelolaan", "investasi"},
    "distractor": {"naik", "meningkat", "tumbuh", "pertumbuhan", "inflasi", "kenaikan", "turun", "menurun",
                   "penurunan", "belum", "baru", "kesehatan", "jkn", "bpjs kesehatan", "pbi", "perusahaan",
                   "pemberi", "badan", "usaha", "kantor", "cabang", "unit", "ump", "umk", "upah", "harga",
                   "persen", "dibandingkan", "dibanding", "sebelumnya", "yoy", "tambahan", "bertambah",
                   "menambah", "pendaftar"},
    "title": {"bupati", "gubernur", "wali", "walikota", "wakil", "sekda", "kepala", "pj", "penjabat", "plt",
              "ketua", "anggota", "direktur", "deputi", "menteri", "camat", "kadis", "kadisnaker"},
    "negation": {"belum", "tidak", "tanpa", "bukan"},
}
_CUE_NAMES = tuple(CUES)
_DIST_BUCKETS = (1, 2, 3, 5, 8, 12, 20, 35)
_PREV_CHILD = ("di", "se", "wilayah", "provinsi", "kabupaten", "kota", "untuk", "bagi", "oleh", "dari", "kepada",
               "menurut", "data", "kata", "ujar", "bersama", "dan")
_PREV_HEAD = ("dari", "total", "sebanyak", "mencapai", "baru", "target", "menjadi", "sebesar", "capai", "sekitar",
              "hanya", "bagi", "untuk", "kepada", "dengan", "atau", "penduduk", "lebih", "hampir", "naik", "turun")
_NEXT_HEAD = ("yang", "dari", "di", "atau", "pekerja", "peserta", "orang", "penduduk", "pada", "hingga", "pada",
              "tenaga", "itu", "terlindungi", "dengan", "untuk", "bagi")
N_FEATURES = (2 * len(ENTITY_LABELS) + len(_DIST_BUCKETS) + 1 + 1 + 4 + 4 + 4 + 3 + 3
              + 3 * len(_CUE_NAMES) + 6
              + 3 + 3 + 2 + 3 + len(_PREV_CHILD) + len(_PREV_HEAD) + len(_NEXT_HEAD) + 2 * len(_CUE_NAMES) + 4
              + 8)


class DocContext:
    """Per-document data every pair of the document shares, computed once: entities, sentence bounds,
    the entities of each sentence and which REGIONs are datelines."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.ents = list(doc.ents)
        self.has_sents = doc.has_annotation("SENT_START")
        self.sents = list(doc.sents) if self.has_sents else [doc[:]]
        self.sent_index = {}
        self.sent_ents: List[List[Span]] = [[] for _ in self.sents]
        starts = [s.start for s in self.sents]
        import bisect

        for e in self.ents:
            i = bisect.bisect_right(starts, e.start) - 1
            self.sent_index[(e.start, e.end)] = i
            self.sent_ents[i].append(e)
        self.dateline = {(e.start, e.end): _is_dateline(e) for e in self.ents if e.label_ == "REGION"}

    def sent_of(self, span: Span) -> Span:
        return self.sents[self.sent_index[(span.start, span.end)]]


def candidate_pairs(doc: Doc, ctx: "DocContext" = None) -> List[Tuple[Span, Span]]:
    """Ordered (head, child) entity pairs in one sentence that the schema allows some relation for.

    Works on any Doc; a Doc without sentence boundaries counts as one sentence.
    RETURNS (list[tuple[Span, Span]]): candidate pairs in document order.
    """
    ctx = ctx or DocContext(doc)
    pairs = []
    for group in ctx.sent_ents:
        for h in group:
            for c in group:
                if h.start == c.start and h.end == c.end:
                    continue
                if _ALLOWED.get((h.label_, c.label_)):
                    pairs.append((h, c))
    return sorted(pairs, key=lambda p: (p[0].start, p[1].start))


def _bucket(value: int, edges) -> List[float]:
    out = [0.0] * len(edges)
    for i, edge in enumerate(edges):
        if value <= edge:
            out[i] = 1.0
            break
    else:
        out[-1] = 1.0
    return out


def _cues(tokens) -> List[float]:
    words = {t.lower_ for t in tokens}
    return [1.0 if words & CUES[name] else 0.0 for name in _CUE_NAMES]


def _line_start(span: Span) -> int:
    doc = span.doc
    i = span.start
    while i > 0 and "\n" not in doc[i - 1].whitespace_ and not (doc[i - 1].is_space and "\n" in doc[i - 1].text):
        i -= 1
    return i


def _is_dateline(span: Span) -> bool:
    """A place at the start of a line followed by a comma, dash or bracket: "PONTIANAK, outlet.com -",
    "KETIK, BANDUNG –", "Bandarlampung (ANTARA) -"."""
    doc = span.doc
    offset = span.start - _line_start(span)
    if offset > 3:
        return False
    if offset > 0 and not span.text.isupper():
        return False
    nxt = doc[span.end: min(span.end + 2, len(doc))]
    return len(nxt) > 0 and nxt[0].text in {",", "–", "—", "-", "(", "|", ":"}


def pair_features(head: Span, child: Span, ctx: "DocContext" = None) -> numpy.ndarray:
    """Feature vector (length ``N_FEATURES``) for one candidate pair.

    ctx (DocContext | None): the document's shared data; pass it when scoring many pairs of one Doc.
    """
    doc = head.doc
    ctx = ctx or DocContext(doc)
    f: List[float] = []
    hl = [0.0] * len(ENTITY_LABELS)
    hl[_LABEL_INDEX[head.label_]] = 1.0
    cl = [0.0] * len(ENTITY_LABELS)
    cl[_LABEL_INDEX[child.label_]] = 1.0
    f += hl + cl
    lo, hi = (head, child) if head.start < child.start else (child, head)
    gap = max(0, hi.start - lo.end)
    f += _bucket(gap, _DIST_BUCKETS)
    f.append(1.0 if head.start < child.start else 0.0)
    between_tokens = doc[lo.end:hi.start]
    f.append(1.0 if any(t.text in {";", ":", "“", "”", '"'} for t in between_tokens) else 0.0)
    sent = ctx.sent_of(head)
    sent_ents = ctx.sent_ents[ctx.sent_index[(head.start, head.end)]]
    ents_between = [e for e in sent_ents if e.start >= lo.end and e.end <= hi.start]
    figures_between = sum(1 for e in ents_between if e.label_ in ("PERCENT", "COUNT"))
    same_between = sum(1 for e in ents_between if e.label_ == child.label_)
    f += _bucket(len(ents_between), (0, 1, 2, 3))
    f += _bucket(figures_between, (0, 1, 2, 3))
    f += _bucket(same_between, (0, 1, 2, 3))
    # rank of this child among same-label children of the head in the sentence, by distance
    rivals = [e for e in sent_ents if e.label_ == child.label_ and e != child]
    dist = abs(child.start - head.start)
    rank = sum(1 for e in rivals if abs(e.start - head.start) < dist)
    f += _bucket(rank, (0, 1, 2))
    # rank of this head among figures competing for the child
    hrivals = [e for e in sent_ents if e.label_ == head.label_ and e != head]
    hrank = sum(1 for e in hrivals if abs(e.start - child.start) < dist)
    f += _bucket(hrank, (0, 1, 2))
    before_head = doc[max(sent.start, head.start - 6):head.start]
    after_head = doc[head.end:min(sent.end, head.end + 4)]
    f += _cues(before_head) + _cues(between_tokens) + _cues(list(after_head) + list(head))
    prev = doc[child.start - 1] if child.start > 0 else None
    f.append(1.0 if prev is not None and prev.lower_ in CUES["title"] else 0.0)
    f.append(1.0 if ctx.dateline.get((child.start, child.end), False) else 0.0)
    f.append(1.0 if sent.start == 0 else 0.0)
    f.append(1.0 if head.label_ == "COUNT" and head[-1].lower_ in {"kerja", "usaha", "perusahaan", "cabang",
                                                                   "kantor", "unit", "desa", "klaim", "kasus"}
             else 0.0)
    f.append(1.0 if any(t.lower_ in {"nasional", "indonesia"} for t in sent) else 0.0)
    f.append(1.0 if child.label_ == "ORG" and any(t.lower_ in {"bpjs", "bpjamsostek", "jamsostek"} for t in child)
             else 0.0)
    # how many regions / orgs / figures the sentence has (the schema links to an ORG only without a REGION)
    n_regions = sum(1 for e in sent_ents if e.label_ == "REGION" and not ctx.dateline.get((e.start, e.end)))
    f += _bucket(n_regions, (0, 1, 2))
    f += _bucket(sum(1 for e in sent_ents if e.label_ == "ORG"), (0, 1, 2))
    f += [1.0 if child.label_ == "ORG" and _org_has_region(child) else 0.0,
          1.0 if child.label_ == "ORG" and not _org_has_region(child) else 0.0]
    f += _bucket(sum(1 for t in between_tokens if t.text in {",", ";"}), (0, 1, 2))
    pc = doc[child.start - 1].lower_ if child.start > sent.start else ""
    f += [1.0 if pc == w else 0.0 for w in _PREV_CHILD]
    ph = doc[head.start - 1].lower_ if head.start > sent.start else ""
    f += [1.0 if ph == w else 0.0 for w in _PREV_HEAD]
    nh = doc[head.end].lower_ if head.end < sent.end else ""
    f += [1.0 if nh == w else 0.0 for w in _NEXT_HEAD]
    f += _cues(doc[sent.start:head.start]) + _cues(doc[sent.start:sent.end])
    f.append(1.0 if head.label_ == "COUNT" and any(t.lower_ in {"penduduk", "angkatan", "bekerja", "potensial",
                                                                  "berhak", "eligible"}
                                                   for t in doc[max(sent.start, head.start - 4):min(sent.end, head.end + 4)])
             else 0.0)
    f.append(1.0 if any(t.lower_ in CUES["negation"] for t in doc[head.end:min(sent.end, head.end + 4)]) else 0.0)
    f.append(1.0 if child.start < head.start and not any(e.label_ in ("PERCENT", "COUNT") for e in ents_between)
             else 0.0)
    f.append(1.0 if sent.end - sent.start > 40 else 0.0)
    # interactions a linear layer cannot form by itself
    is_fig = head.label_ in ("PERCENT", "COUNT")
    target_cue = any(t.lower_ in CUES["target"] - {"hingga", "tahun", "bisa", "naik", "menjadi", "upaya"} for t in sent)
    bpjs_child = child.label_ == "ORG" and any(t.lower_ in {"bpjs", "bpjamsostek", "jamsostek"} for t in child)
    f += [1.0 if is_fig and child.label_ == "ORG" and n_regions == 0 else 0.0,
          1.0 if is_fig and child.label_ == "ORG" and n_regions == 0 and target_cue else 0.0,
          1.0 if is_fig and child.label_ == "ORG" and n_regions == 0 and not target_cue else 0.0,
          1.0 if is_fig and child.label_ == "REGION" and n_regions == 1 else 0.0,
          1.0 if is_fig and child.label_ == "REGION" and target_cue else 0.0,
          1.0 if is_fig and child.label_ == "ORG" and n_regions > 0 else 0.0,
          1.0 if head.label_ == "MONEY" and child.label_ == "COUNT" else 0.0,
          1.0 if is_fig and child.label_ == "ORG" and n_regions == 0 and bpjs_child else 0.0]
    return numpy.asarray(f, dtype="float32")


def _org_has_region(span: Span) -> bool:
    from .regions import canonical_org

    org = canonical_org(span.text)
    return org is not None and org.region is not None
