"""Candidate entity pairs and their hand-built features for the relation extractor.

Two feature vectors per candidate pair:

- ``pair_features``: what decides *which* entity a figure, amount or regulation attaches to:
  entity labels, distance, order, what lies between the two (other figures, other regions, a
  clause break), how many regions and organisations the sentence has, cue words.
- ``figure_features``: what decides a figure's *role* (coverage reached, target, workforce base,
  or none) from the figure and its sentence alone: cue words around it, the counted noun,
  distractor words (growth, claims paid, new sign-ups, BPJS Kesehatan), headline or quote.
  They are the same for every pair of one figure, so the role is learnt from every figure of
  the corpus whatever it is linked to (a region, an organisation), which is what lets a role
  learnt on region-linked figures carry over to organisation-linked ones.
"""
from __future__ import annotations

from typing import List, Tuple

import numpy

from spacy.tokens import Doc, Span

from ..domain.news import is_dateline
from ..schema import ENTITY_LABELS, allowed_relations

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
N_PAIR_FEATURES = (2 * len(ENTITY_LABELS) + len(_DIST_BUCKETS) + 1 + 1 + 4 + 4 + 4 + 3 + 3
              + 3 * len(_CUE_NAMES) + 6
              + 3 + 3 + 2 + 3 + len(_PREV_CHILD) + len(_PREV_HEAD) + len(_NEXT_HEAD) + 2 * len(_CUE_NAMES) + 4
              + 8 + 4 + 4)
_ORG_KINDS = ("bpjs_tk", "government", "bpjs_kesehatan")

_COVERAGE_WORDS = frozenset({"cakupan", "kepesertaan", "coverage", "ucj", "peserta", "terlindungi", "dilindungi",
                             "perlindungan", "terdaftar", "tercover", "terjamin", "terproteksi", "menjadi"})
_NEAR_GROUPS = (
    _COVERAGE_WORDS,
    frozenset({"penduduk", "angkatan", "bekerja", "potensial", "berhak", "eligible", "populasi"}),
    frozenset({"belum", "tidak"}),
    frozenset({"klaim", "kasus", "santunan", "beasiswa", "manfaat", "dibayarkan", "membayarkan"}),
    frozenset({"naik", "meningkat", "tumbuh", "pertumbuhan", "turun", "kenaikan", "dibanding", "dibandingkan",
               "yoy"}),
    frozenset({"baru", "tambahan", "bertambah", "menambah", "pendaftar"}),
    frozenset({"kesehatan", "jkn", "pbi", "kis"}),
    frozenset({"perusahaan", "pemberi", "badan", "kantor", "cabang", "unit", "desa", "kelurahan"}),
)
#: last word of a COUNT: units that are not people, and people
_UNIT_NOUNS = frozenset({"kerja", "usaha", "perusahaan", "cabang", "kantor", "unit", "desa", "klaim", "kasus", "anak",
                         "keluarga", "provinsi", "kabupaten", "kota", "nagari", "pasar"})
_PEOPLE_NOUNS = frozenset({"pekerja", "peserta", "orang", "tenaga", "buruh", "nelayan", "petani", "kepesertaan",
                           "jiwa", "warga", "pegawai", "karyawan"})
N_FIGURE_FEATURES = (2 + 5 * len(_CUE_NAMES) + len(_PREV_HEAD) + len(_NEXT_HEAD) + len(_NEAR_GROUPS) + 2 + 2
                     + 3 + 3 + 3 + 2 + 2)
#: columns of one candidate-pair row: pair features, then figure features (zeros for a non-figure head)
N_FEATURES = N_PAIR_FEATURES + N_FIGURE_FEATURES


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
        self.dateline = {(e.start, e.end): is_dateline(e) for e in self.ents if e.label_ == "REGION"}
        self._figure_rows = {}
        self._orgs = {}

    def sent_of(self, span: Span) -> Span:
        return self.sents[self.sent_index[(span.start, span.end)]]

    def ents_of(self, span: Span) -> List[Span]:
        """The entities of ``span``'s sentence."""
        return self.sent_ents[self.sent_index[(span.start, span.end)]]

    def n_regions(self, span: Span) -> int:
        """How many REGIONs other than datelines ``span``'s sentence has."""
        return sum(1 for e in self.ents_of(span) if e.label_ == "REGION" and not self.dateline.get((e.start, e.end)))

    def org(self, span: Span) -> Tuple[str, bool, bool]:
        """(kind, whether its name carries a region, whether it is a dateline outlet) of an ORG, computed once."""
        key = (span.start, span.end)
        info = self._orgs.get(key)
        if info is None:
            from ..domain.regions import canonical_org

            org = canonical_org(span.text)
            info = (org.kind if org else "other", bool(org and org.region is not None), is_dateline(span))
            self._orgs[key] = info
        return info

    def figure_row(self, head: Span) -> numpy.ndarray:
        """``figure_features`` of ``head``, computed once per figure (zeros for MONEY/REGULATION heads)."""
        key = (head.start, head.end)
        row = self._figure_rows.get(key)
        if row is None:
            row = (figure_features(head, self) if head.label_ in ("PERCENT", "COUNT")
                   else numpy.zeros(N_FIGURE_FEATURES, dtype="float32"))
            self._figure_rows[key] = row
        return row


def candidate_rows(doc: Doc, ctx: "DocContext" = None) -> Tuple[List[Tuple[Span, Span]], numpy.ndarray]:
    """Candidate pairs of ``doc`` and their feature rows (pair features, then figure features).

    RETURNS (tuple[list, numpy.ndarray]): the pairs of ``candidate_pairs`` and an array of shape
        (len(pairs), N_FEATURES).
    """
    ctx = ctx or DocContext(doc)
    pairs = candidate_pairs(doc, ctx)
    if not pairs:
        return pairs, numpy.zeros((0, N_FEATURES), dtype="float32")
    rows = [numpy.concatenate([pair_features(h, c, ctx), ctx.figure_row(h)]) for h, c in pairs]
    return pairs, numpy.vstack(rows)


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


def figure_features(head: Span, ctx: "DocContext" = None) -> numpy.ndarray:
    """Feature vector (length ``N_FIGURE_FEATURES``) of a PERCENT/COUNT and its sentence, whatever it
    is paired with: what its role (coverage, target, workforce base, none) depends on.

    head (Span): the figure. ctx (DocContext | None): the document's shared data.
    """
    doc = head.doc
    ctx = ctx or DocContext(doc)
    sent = ctx.sent_of(head)
    sent_ents = ctx.ents_of(head)
    f: List[float] = [1.0 if head.label_ == "PERCENT" else 0.0, 1.0 if head.label_ == "COUNT" else 0.0]
    for width in (3, 8):
        f += _cues(doc[max(sent.start, head.start - width):head.start])
    f += _cues(list(doc[head.end:min(sent.end, head.end + 3)]) + list(head))
    f += _cues(doc[head.end:min(sent.end, head.end + 8)])
    f += _cues(doc[sent.start:sent.end])
    ph = doc[head.start - 1].lower_ if head.start > sent.start else ""
    f += [1.0 if ph == w else 0.0 for w in _PREV_HEAD]
    nh = doc[head.end].lower_ if head.end < sent.end else ""
    f += [1.0 if nh == w else 0.0 for w in _NEXT_HEAD]
    near = {t.lower_ for t in doc[max(sent.start, head.start - 8):min(sent.end, head.end + 6)]}
    f += [1.0 if near & group else 0.0 for group in _NEAR_GROUPS]
    last = head[-1].lower_
    f += [1.0 if head.label_ == "COUNT" and last in _UNIT_NOUNS else 0.0,
          1.0 if head.label_ == "COUNT" and last in _PEOPLE_NOUNS else 0.0]
    f += [1.0 if sent.start == 0 else 0.0, 1.0 if any(t.lower_ in {"nasional", "indonesia"} for t in sent) else 0.0]
    f += _bucket(ctx.n_regions(head), (0, 1, 2))
    f += _bucket(sum(1 for e in sent_ents if e.label_ == "ORG"), (0, 1, 2))
    figures = [e for e in sent_ents if e.label_ in ("PERCENT", "COUNT")]
    f += _bucket(len(figures), (1, 2, 3))
    index = next((i for i, e in enumerate(figures) if e.start == head.start), 0)
    f += [1.0 if index == 0 else 0.0, 1.0 if index == len(figures) - 1 else 0.0]
    f += [1.0 if any(t.text in {'"', "“", "”"} for t in sent) else 0.0,
          1.0 if ph in {"dari", "total"} or (head.start - 2 >= sent.start and doc[head.start - 2].lower_ == "dari")
          else 0.0]
    return numpy.asarray(f, dtype="float32")


def pair_features(head: Span, child: Span, ctx: "DocContext" = None) -> numpy.ndarray:
    """Feature vector (length ``N_PAIR_FEATURES``) for one candidate pair.

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
    sent_ents = ctx.ents_of(head)
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
    n_regions = ctx.n_regions(head)
    f += _bucket(n_regions, (0, 1, 2))
    f += _bucket(sum(1 for e in sent_ents if e.label_ == "ORG"), (0, 1, 2))
    org_kind, org_region, org_outlet = ctx.org(child) if child.label_ == "ORG" else ("", False, False)
    f += [1.0 if child.label_ == "ORG" and org_region else 0.0,
          1.0 if child.label_ == "ORG" and not org_region else 0.0]
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
    # which organisation: the kind of the child, and whether the sentence offers another government or
    # BPJS body for the figure (an outlet in a dateline is never the scope of a figure)
    f += [1.0 if org_kind == k else 0.0 for k in _ORG_KINDS] + [1.0 if org_outlet else 0.0]
    others = [ctx.org(e) for e in sent_ents if e.label_ == "ORG" and e.start != child.start]
    f += [1.0 if any(o[0] == "government" for o in others) else 0.0,
          1.0 if any(o[0] == "bpjs_tk" for o in others) else 0.0,
          1.0 if child.label_ == "ORG" and not org_outlet and not any(not o[2] for o in others) else 0.0,
          1.0 if is_fig and child.label_ == "ORG" and n_regions == 0 and org_kind in ("bpjs_tk", "government")
          and not org_outlet else 0.0]
    return numpy.asarray(f, dtype="float32")
