"""What a figure's nearest words say about its role (cues in ``resources/figure_cues.json``).

Two questions the claim builder asks of every PERCENT/COUNT the relation extractor linked:

- ``is_distractor``: is it no coverage figure at all? SCHEMA.md gives growth rates, new sign-ups,
  employer and office counts, uncovered workers and bases no claim relation; real news puts them
  beside the claims, in the same words ("naik 18,2 persen", "612 ribu peserta baru", "2.108 desa",
  "masih ada 65 juta pekerja", "dari total 1,6 juta pekerja").
- ``cue_kind``: does a word right before it decide achieved vs target? "target UCJ di Aceh yang baru
  mencapai 23,32 persen" is achieved although the sentence speaks of a target; "dari target 43,54
  persen" is a target.

Both read only the figure's own clause, so they never overrule what a sentence says elsewhere.
"""
from __future__ import annotations

from functools import lru_cache, wraps
from typing import Callable, FrozenSet, Optional, TypeVar

from spacy.tokens import Span

from .news import SENT_STARTS_KEY, is_other_part, sentence_span
from .numbers import parse_quantity
from ..resources import load as load_resource

FIGURE_LABELS = ("PERCENT", "COUNT")
T = TypeVar("T")
#: how far back a clause is read, in tokens (news clauses are shorter; a 2 MB line without a comma
#: must not make every figure read back to its start)
CLAUSE_WINDOW = 25


def _cues() -> dict:
    return load_resource("figure_cues")


@lru_cache(maxsize=None)
def _set(name: str) -> FrozenSet[str]:
    return frozenset(_cues()[name])


#: ``doc.user_data`` key of the per-document answers (the relation repair and the claim builder ask the
#: same questions of the same figures); plain strings and booleans, so a Doc still serialises
MEMO_KEY = "jamsostek_ie.figure_roles"


def _per_doc(fn: Callable[[Span], T]) -> Callable[[Span], T]:
    """Answer once per figure and document (``refresh`` drops the answers when the entities change)."""
    name = fn.__name__

    @wraps(fn)
    def cached(head: Span) -> T:
        memo = head.doc.user_data.setdefault(MEMO_KEY, {})
        key = f"{name}:{head.start}:{head.end}:{head.label_}"
        if key not in memo:
            memo[key] = fn(head)
        return memo[key]
    return cached


#: ``doc.user_data`` key of the entities the answers were given for
MEMO_ENTS_KEY = "jamsostek_ie.figure_roles.ents"


def refresh(doc) -> None:
    """Keep the per-document answers only while the entities are those they were given for (the relation
    repair and the claim builder call it first; the builder then reuses the repair's answers)."""
    ents = hash(tuple((e.start, e.end, e.label) for e in doc.ents))
    if doc.user_data.get(MEMO_ENTS_KEY) != ents:
        doc.user_data[MEMO_ENTS_KEY] = ents
        doc.user_data.pop(MEMO_KEY, None)
        doc.user_data.pop(SENT_STARTS_KEY, None)


def counts_non_workers(head: Span) -> bool:
    """A COUNT of villages, regencies, employers, offices or projects ("2.108 desa", "31.400 pemberi kerja")."""
    if head.label_ != "COUNT":
        return False
    q = parse_quantity(head.text)
    unit = (q.unit or "").lower() if q is not None else ""
    return bool(unit) and unit.split()[0] in _set("non_worker_units")


def is_change(head: Span) -> bool:
    """A growth figure: "naik 18,2 persen", "tumbuh 9,8 persen" (a change word right before it, with no
    "menjadi"/"ke"/"dari" between), or "minimal 20 persen dari tahun sebelumnya"."""
    doc, sent = head.doc, sentence_span(head)
    after = " ".join(t.lower_ for t in doc[head.end:min(sent.end, head.end + 5)])
    if any(after.startswith(p) for p in _cues()["change_after_phrases"]):
        return True
    skip, stop, change = _set("change_skip"), _set("change_stop"), _set("change_words")
    i = head.start - 1
    while i >= sent.start and head.start - i <= 3:
        low = doc[i].lower_
        if low in change:
            return True
        if low in stop or low not in skip:
            return False
        i -= 1
    return False


def is_new_signup(head: Span) -> bool:
    """New sign-ups: "612 ribu peserta baru" ("baru" right after the count, not "yang baru ...")."""
    doc = head.doc
    return (head.label_ == "COUNT" and head.end < len(doc) and doc[head.end].lower_ in _set("new_signup_after")
            and head.end < sentence_span(head).end)


def is_share(head: Span) -> bool:
    """A workforce share: "Komposisi pekerja di Kendal saat ini adalah 55,5% pekerja formal" (a share word
    earlier in the figure's clause)."""
    if head.label_ != "PERCENT":
        return False
    doc, sent = head.doc, sentence_span(head)
    stop, shares = (_set("kind_stop") - {"dan"}) | _set("share_stop"), _set("share_words")
    i = head.start - 1
    while i >= sent.start and head.start - i <= CLAUSE_WINDOW and doc[i].lower_ not in stop:
        if doc[i].lower_ in shares:
            return True
        i -= 1
    return False


def _clause_before(head: Span, extra_stops: FrozenSet[str] = frozenset()) -> list:
    """The lower-cased words before the figure back to its clause's start (nearest first)."""
    doc, sent = head.doc, sentence_span(head)
    stop = (_set("kind_stop") - {"dan", "menjadi", "jadi"}) | extra_stops
    out = []
    i = head.start - 1
    while (i >= sent.start and head.start - i <= CLAUSE_WINDOW and doc[i].lower_ not in stop
           and doc[i].ent_type_ not in FIGURE_LABELS):
        out.append(doc[i].lower_)
        i -= 1
    return out


def is_workforce_subject(head: Span) -> bool:
    """A base stated as a clause's subject: "jumlah nelayan di sana mencapai lebih dari 14.000 orang",
    "jumlah penduduk yang berpotensi menjadi peserta mencapai 158.000 orang" (D4); "jumlah pekerja yang
    terlindungi sebanyak ..." is coverage."""
    if head.label_ != "COUNT":
        return False
    words = _clause_before(head)
    subject = next((k for k, w in enumerate(words) if w in _set("workforce_subject")), None)
    if subject is None or subject == 0 or words[subject - 1] not in _set("workforce_nouns"):
        return False
    between = set(words[:subject])
    if between & _set("potential_words"):
        return True
    return not between & _set("coverage_words")


def is_other_scheme(head: Span) -> bool:
    """A figure of another statistic in its clause: unemployment, inflation, the economy, health
    insurance ("Tingkat pengangguran terbuka tercatat 4,91 persen", "target Universal Health Coverage",
    "setara 6 persen dari perekonomian daerah")."""
    doc, sent = head.doc, sentence_span(head)
    after = {t.lower_ for t in doc[head.end:min(sent.end, head.end + 3)]}
    return bool((set(_clause_before(head)) | after) & _set("other_scheme_words"))


def is_base(head: Span) -> bool:
    """The base another figure of its clause is measured against: "35 persen dari total 1,6 juta pekerja",
    "81.622 dari 253.305 pekerja" (but "naik dari 51%" is the level it started from)."""
    if head.label_ != "COUNT":
        return False  # a percentage is never the base of another figure: "menjadi 24 persen dari 20,6 persen"
    doc, sent = head.doc, sentence_span(head)
    i = head.start - 1
    skip = _set("base_skip")
    while i >= sent.start and doc[i].lower_ in skip and head.start - i <= 3:
        i -= 1
    if i < sent.start or doc[i].lower_ not in _set("base_before"):
        return False
    if i - 1 >= sent.start and doc[i - 1].lower_ in _set("rise_words"):
        return False
    return i - 1 >= sent.start and doc[i - 1].ent_type_ in FIGURE_LABELS


@_per_doc
def is_workforce_figure(head: Span) -> bool:
    """A COUNT that is a base coverage is measured against (SCHEMA WORKFORCE_OF: population, working
    population, eligible or potential workers): "dari total 1,6 juta pekerja", "jumlah nelayan ...
    mencapai 14.000 orang", "potensi 98.206 pekerja"."""
    if head.label_ != "COUNT" or counts_non_workers(head) or is_other_scheme(head):
        return False
    sent = sentence_span(head)
    window = {t.lower_ for t in head.doc[max(sent.start, head.start - _cues()["not_claim_window"]):head.start]}
    return is_base(head) or is_workforce_subject(head) or bool(window & _set("potential_words"))


@_per_doc
def is_distractor(head: Span) -> bool:
    """A figure whose nearest words say it is no coverage figure: "potensi 98.206 pekerja", "gap sebesar
    112.399", "di urutan 16", "175.047 pekerja ... belum ...", growth figures, new sign-ups, counts of
    villages or employers, bases ("dari total ..."), workforce shares ("komposisi ... 55,5% pekerja
    formal"), and figures in a "Baca Juga" link or caption."""
    cues = _cues()
    sent = sentence_span(head)
    n = cues["not_claim_window"]
    window = head.doc[max(sent.start, head.start - n):head.start]
    cut = [t.i for t in window if t.text in (",", ";", ":")]
    if cut:  # "Dari 412 ribu pekerja potensial, baru 120.716 orang": the cue is another clause's
        window = head.doc[cut[-1] + 1:head.start]
    if {t.lower_ for t in window} & _set("not_claim_before"):
        return True
    before_text = " " + " ".join(t.lower_ for t in window) + " "
    if any(f" {p} " in before_text for p in cues["not_claim_before_phrases"]):
        return True
    claim_after, not_after = _set("claim_cues_after"), _set("not_claim_after")
    for t in head.doc[head.end:min(sent.end, head.end + n + 1)]:
        if t.lower_ in claim_after or t.lower_ in _set("base_before"):
            break  # "31,85 persen dari pekerja potensial": the cue is the base's, not the figure's
        if t.lower_ in not_after:
            return True
    return (counts_non_workers(head) or is_change(head) or is_new_signup(head) or is_base(head)
            or is_share(head) or is_workforce_subject(head) or is_other_scheme(head) or is_other_part(sent))


@_per_doc
def cue_kind(head: Span) -> Optional[str]:
    """"achieved" or "target" when a word right before the figure, in its clause, says so; else None.

    "dari target UCJ sebesar 43,54 persen" → target; "saat ini baru tercapai sekitar 408.974 pekerja" →
    achieved; "naik dari 51% menjadi 65%": 51% → achieved; "seharusnya sudah mencapai 59 persen" → None
    (a modal before "sudah": the relation extractor decides)."""
    cues = _cues()
    doc, sent = head.doc, sentence_span(head)
    stop, targets, achieved = _set("kind_stop"), _set("target_words"), _set("achieved_words")
    between_ok, modal = _set("achieved_between"), _set("modal_words")
    between = []
    i = head.start - 1
    while i >= sent.start and head.start - i <= cues["kind_window"]:
        tok = doc[i]
        low = tok.lower_
        if low in stop or tok.ent_type_ in FIGURE_LABELS:
            return None
        if low in targets:
            return "target"
        if low in _set("base_before") and i - 1 >= sent.start and doc[i - 1].lower_ in _set("rise_words"):
            return "achieved"
        if low in achieved:
            if any(b not in between_ok for b in between):
                return None
            before = doc[max(sent.start, i - cues["modal_window"]):i]
            if any(t.lower_ in modal or t.lower_ in targets for t in before):
                return None
            if i - 1 >= sent.start and doc[i - 1].lower_ in _set("purpose_words"):
                return None  # "untuk melindungi 8.500 pekerja": a plan
            return "achieved"
        between.append(low)
        i -= 1
    return None
