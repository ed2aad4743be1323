"""A model-free pipeline that yields claims (issue 14 tests): the pattern entities, plus a stub relation
step that links every PERCENT/COUNT to the nearest REGION of its sentence (COVERAGE_OF); used while the
shipped model may be mid-retrain."""
from spacy.language import Language


@Language.component("test_nearest_region_relations")
def nearest_region_relations(doc):
    rels = []
    for sent in doc.sents:
        ents = [e for e in doc.ents if e.start >= sent.start and e.end <= sent.end]
        regions = [e for e in ents if e.label_ == "REGION"]
        for fig in (e for e in ents if e.label_ in ("PERCENT", "COUNT")):
            if regions:
                r = min(regions, key=lambda r: abs(r.start - fig.start))
                rels.append({"head": (fig.start, fig.end), "child": (r.start, r.end), "label": "COVERAGE_OF",
                             "score": 1.0})
    doc._.relations = rels
    return doc


def stub_nlp():
    from jamsostek_ie.pipeline.tokenizer import blank

    nlp = blank()
    nlp.add_pipe("jamsostek_patterns")
    nlp.add_pipe("test_nearest_region_relations")
    nlp.add_pipe("coverage_claims")
    return nlp
