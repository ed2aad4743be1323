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
N_FEATURES = (2 * len(ENTITY_LABELS) + len(_DIST_BUCKETS) + 1 + 1 + 4 + 4 + 4 + 3 + 3
              + 3 * len(_CUE_NAMES) + 6)


def candidate_pairs(doc: Doc) -> List[Tuple[Span, Span]]:
    """Ordered (head, child) entity pairs in one sentence that the schema allows some relation for.

    Works on any Doc; a Doc without sentence boundaries counts as one sentence.
    RETURNS (list[tuple[Span, Span]]): candidate pairs in document order.
    """
    ents = list(doc.ents)
    if not ents:
        return []
    if doc.has_annotation("SENT_START"):
        sent_of = {}
        for i, sent in enumerate(doc.sents):
            for e in ents:
                if sent.start <= e.start < sent.end:
                    sent_of[(e.start, e.end)] = i
    else:
        sent_of = {(e.start, e.end): 0 for e in ents}
    pairs = []
    for h in ents:
        for c in ents:
            if h is c or (h.start == c.start and h.end == c.end):
                continue
            if sent_of.get((h.start, h.end)) != sent_of.get((c.start, c.end)):
                continue
            if allowed_relations(h.label_, c.label_):
                pairs.append((h, c))
    return pairs


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


def pair_features(head: Span, child: Span) -> numpy.ndarray:
    """Feature vector (length ``N_FEATURES``) for one candidate pair."""
    doc = head.doc
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
    ents_between = [e for e in doc.ents if e.start >= lo.end and e.end <= hi.start]
    figures_between = sum(1 for e in ents_between if e.label_ in ("PERCENT", "COUNT"))
    same_between = sum(1 for e in ents_between if e.label_ == child.label_)
    f += _bucket(len(ents_between), (0, 1, 2, 3))
    f += _bucket(figures_between, (0, 1, 2, 3))
    f += _bucket(same_between, (0, 1, 2, 3))
    # rank of this child among same-label children of the head in the sentence, by distance
    sent = head.sent if doc.has_annotation("SENT_START") else doc[:]
    rivals = [e for e in doc.ents if e.label_ == child.label_ and sent.start <= e.start < sent.end and e != child]
    dist = abs(child.start - head.start)
    rank = sum(1 for e in rivals if abs(e.start - head.start) < dist)
    f += _bucket(rank, (0, 1, 2))
    # rank of this head among figures competing for the child
    hrivals = [e for e in doc.ents if e.label_ == head.label_ and sent.start <= e.start < sent.end and e != head]
    hrank = sum(1 for e in hrivals if abs(e.start - child.start) < dist)
    f += _bucket(hrank, (0, 1, 2))
    before_head = doc[max(sent.start, head.start - 6):head.start]
    after_head = doc[head.end:min(sent.end, head.end + 4)]
    f += _cues(before_head) + _cues(between_tokens) + _cues(list(after_head) + list(head))
    prev = doc[child.start - 1] if child.start > 0 else None
    f.append(1.0 if prev is not None and prev.lower_ in CUES["title"] else 0.0)
    f.append(1.0 if _is_dateline(child) else 0.0)
    f.append(1.0 if sent.start == 0 else 0.0)
    f.append(1.0 if head.label_ == "COUNT" and head[-1].lower_ in {"kerja", "usaha", "perusahaan", "cabang",
                                                                   "kantor", "unit", "desa", "klaim", "kasus"}
             else 0.0)
    f.append(1.0 if any(t.lower_ in {"nasional", "indonesia"} for t in sent) else 0.0)
    f.append(1.0 if child.label_ == "ORG" and any(t.lower_ in {"bpjs", "bpjamsostek", "jamsostek"} for t in child)
             else 0.0)
    return numpy.asarray(f, dtype="float32")
