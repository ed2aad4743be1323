"""The annotation contract (../shared/SCHEMA.md), defined once for the whole library."""
from __future__ import annotations

from typing import Dict, FrozenSet, Tuple

ENTITY_LABELS: Tuple[str, ...] = ("ORG", "REGION", "PERCENT", "COUNT", "MONEY", "REGULATION")
FIGURE_LABELS: FrozenSet[str] = frozenset({"PERCENT", "COUNT"})

#: relation label -> (allowed head labels, allowed child labels)
RELATION_TYPES: Dict[str, Tuple[FrozenSet[str], FrozenSet[str]]] = {
    "COVERAGE_OF": (frozenset({"PERCENT", "COUNT"}), frozenset({"REGION", "ORG"})),
    "TARGET_OF": (frozenset({"PERCENT", "COUNT"}), frozenset({"REGION", "ORG"})),
    "WORKFORCE_OF": (frozenset({"COUNT"}), frozenset({"REGION", "ORG"})),
    "CLAIMED_BY": (frozenset({"PERCENT", "COUNT"}), frozenset({"ORG"})),
    "AMOUNT_FOR": (frozenset({"MONEY"}), frozenset({"REGION", "ORG", "COUNT"})),
    "LEGAL_BASIS": (frozenset({"REGULATION"}), frozenset({"REGION", "ORG"})),
}
RELATION_LABELS: Tuple[str, ...] = tuple(RELATION_TYPES)

#: Relations that turn a figure into a coverage claim, with the claim kind they give.
CLAIM_RELATIONS: Dict[str, str] = {"COVERAGE_OF": "achieved", "TARGET_OF": "target"}

#: How a figure is qualified ("sekitar" approx, "lebih dari" at_least, "hampir" at_most, a range).
QUALIFIERS: Tuple[str, ...] = ("exact", "approx", "at_least", "at_most", "range")

SPLITS: Tuple[str, ...] = ("train", "dev", "test")
ORIGINS: Tuple[str, ...] = ("real", "written")


def relation_allowed(label: str, head_label: str, child_label: str) -> bool:
    """Whether the schema allows `label` between entities of these labels.

    label (str): relation label.
    head_label (str): entity label of the head.
    child_label (str): entity label of the child.
    RETURNS (bool): True when allowed.
    """
    types = RELATION_TYPES.get(label)
    return types is not None and head_label in types[0] and child_label in types[1]


def allowed_relations(head_label: str, child_label: str) -> Tuple[str, ...]:
    """Relation labels the schema allows between two entity labels."""
    return tuple(r for r in RELATION_LABELS if relation_allowed(r, head_label, child_label))
