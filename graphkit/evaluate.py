"""Score a built graph against a gold file (``GOLD-SCHEMA.md``), per relation family.

The predictions are the answers to the standard questions (the contract a
user sees), not the internal model, so what is scored is what is shipped.
Matching per family:

* ``parents``: (id, role, country, household, partner_in_treatment), all four must agree;
* ``children-care``: per parent, a named gold child matches the predicted child of
  that name with the same arrangement; an unnamed gold child matches any
  left-over predicted child with the same age group and arrangement;
* ``contact``: (parent, child name, arrangement), unnamed like children-care;
* ``service-engagement`` (parent, service), ``professionals`` (professional, service),
  ``works-with`` (professional, parent), ``kinship-care-services`` (parent, child name, service);
* ``partners``: (participant, partner name or ID), case-insensitive.

``macro_f1`` averages the seven core families; ``macro_f1_all`` adds partners.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import GoldFileError

CORE = ("parents", "children-care", "service-engagement", "professionals", "works-with", "contact", "kinship-care-services")
FAMILIES = (*CORE, "partners")
_PARTNERS = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX rel: <http://purl.org/vocab/relationship/>
SELECT ?parent_id ?partner_id ?name WHERE {
  ?p a gk:Participant ; rel:lifePartnerOf ?x ; dcterms:identifier ?parent_id .
  ?x dcterms:identifier ?partner_id .
  OPTIONAL { ?x foaf:name ?name }
}
"""

Item = tuple[Any, ...]


@dataclass
class Score:
    family: str
    matched: list[Item] = field(default_factory=list)
    false_positives: list[Item] = field(default_factory=list)
    misses: list[Item] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = len(self.matched) + len(self.false_positives)
        return len(self.matched) / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = len(self.matched) + len(self.misses)
        return len(self.matched) / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    scores: dict[str, Score]

    @property
    def macro_f1(self) -> float:
        return sum(self.scores[f].f1 for f in CORE) / len(CORE)

    @property
    def macro_f1_all(self) -> float:
        return sum(s.f1 for s in self.scores.values()) / len(self.scores)

    def as_dict(self) -> dict[str, Any]:
        return {
            "families": {
                name: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "matched": len(s.matched),
                       "false_positives": [list(x) for x in s.false_positives], "misses": [list(x) for x in s.misses]}
                for name, s in self.scores.items()
            },
            "macro_f1": self.macro_f1,
            "macro_f1_all": self.macro_f1_all,
        }


def _norm(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _sets(family: str, gold: set[Item], predicted: set[Item]) -> Score:
    score = Score(family)
    score.matched = sorted(gold & predicted, key=str)
    score.false_positives = sorted(predicted - gold, key=str)
    score.misses = sorted(gold - predicted, key=str)
    return score


def _named_match(family: str, gold: list[Item], predicted: list[Item]) -> Score:
    """Items are (parent, name, group, arrangement): a name decides when gold has one, else group+arrangement."""
    score = Score(family)
    left = list(predicted)
    unnamed: list[Item] = []
    for item in gold:
        parent, name, group, arrangement = item
        if name is None:
            unnamed.append(item)
            continue
        hit = next((p for p in left if p[0] == parent and _norm(p[1]) == _norm(name) and p[3] == arrangement), None)
        if hit:
            left.remove(hit)
            score.matched.append(item)
        else:
            score.misses.append(item)
    gold_names = {(g[0], _norm(g[1])) for g in gold if g[1]}
    for item in unnamed:
        parent, _, group, arrangement = item
        hit = next((p for p in left if p[0] == parent and p[3] == arrangement and (group is None or p[2] == group)
                    and (p[0], _norm(p[1])) not in gold_names), None)
        if hit:
            left.remove(hit)
            score.matched.append(item)
        else:
            score.misses.append(item)
    score.false_positives = left
    return score


def score(gold: dict[str, Any], answers: dict[str, list[dict[str, Any]]], partners: list[dict[str, Any]]) -> Evaluation:
    """Compare ``answers`` (question name -> rows) and partner rows with ``gold``."""
    scores: dict[str, Score] = {}
    gold_parents = {(pid, p.get("role"), p.get("country"), p.get("household"), p.get("partner_in_treatment"))
                    for pid, p in gold.get("parents", {}).items()}
    pred_parents = {(r["parent_id"], r["role"], r["country"], r["household"], r["partner_in_treatment"]) for r in answers["parents"]}
    scores["parents"] = _sets("parents", gold_parents, pred_parents)
    gold_children = [(pid, c.get("name"), c.get("age_group"), c.get("care_arrangement"))
                     for pid, kids in gold.get("children", {}).items() for c in kids]
    pred_children = [(r["parent_id"], r["child_name"], r["age_group"], r["care_arrangement"]) for r in answers["children-care"]]
    scores["children-care"] = _named_match("children-care", gold_children, pred_children)
    scores["service-engagement"] = _sets("service-engagement", {(e[0], e[1]) for e in gold.get("engagement", [])},
                                         {(r["parent_id"], r["service_id"]) for r in answers["service-engagement"]})
    scores["professionals"] = _sets("professionals", {(e[0], e[1]) for e in gold.get("professionals", [])},
                                    {(r["professional_id"], r["service_id"]) for r in answers["professionals"] if r["service_id"]})
    scores["works-with"] = _sets("works-with", {tuple(e[:2]) for e in gold.get("works_with", [])},
                                 {(r["professional_id"], r["parent_id"]) for r in answers["works-with"]})
    gold_contact = [(c[0], c[1], None, c[2]) for c in gold.get("contact", [])]
    pred_contact = [(r["parent_id"], r["child_name"], None, r["arrangement"]) for r in answers["contact"]]
    scores["contact"] = _named_match("contact", gold_contact, pred_contact)
    scores["kinship-care-services"] = _sets(
        "kinship-care-services", {(k[0], _norm(k[1]), k[2]) for k in gold.get("kinship_services", [])},
        {(r["parent_id"], _norm(r["child_name"]), r["service_id"]) for r in answers["kinship-care-services"]})
    gold_partners = {(p[0], _norm(p[1])) for p in gold.get("partners", [])}
    pred_partners = set()
    for row in partners:
        names = {_norm(row.get("name")), _norm(row.get("partner_id"))} - {None}
        hit = next(((row["parent_id"], n) for n in names if (row["parent_id"], n) in gold_partners), None)
        if hit or row.get("name"):
            pred_partners.add(hit or (row["parent_id"], _norm(row["name"])))
    scores["partners"] = _sets("partners", gold_partners, pred_partners)
    return Evaluation(scores)


def evaluate_built(out: Path, gold: dict[str, Any]) -> Evaluation:
    """Score the graph already built in ``out``."""
    from graphkit.questions import answer, load_question
    from graphkit.stores.oxigraph import open_store, run_select

    names = ("parents", "children-care", "service-engagement", "professionals", "works-with", "contact", "kinship-care-services")
    answers = {name: answer(load_question(name), out)[1] for name in names}
    partners = run_select(open_store(out), _PARTNERS)[1]
    return score(gold, answers, partners)


#: GOLD-SCHEMA.md's families: the JSON type of each, and of each of its items
_GOLD_SHAPE = {"parents": (dict, dict), "children": (dict, list), "engagement": (list, list), "professionals": (list, list),
               "works_with": (list, list), "contact": (list, list), "kinship_services": (list, list), "partners": (list, list)}


def read_gold(path: Path) -> dict[str, Any]:
    """A gold file, checked against GOLD-SCHEMA.md's shape: a wrong file is an error, not a score of 0.000."""
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldFileError(f"{path}: cannot read the gold file: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise GoldFileError(f"{path}: not a JSON gold file ({exc})") from None
    if not isinstance(gold, dict) or not set(_GOLD_SHAPE) & set(gold):
        raise GoldFileError(f"{path}: not a gold file: a JSON object with {', '.join(_GOLD_SHAPE)} (GOLD-SCHEMA.md)")
    for family, (kind, item) in _GOLD_SHAPE.items():
        value = gold.get(family, kind())
        items = value.values() if isinstance(value, dict) else value
        if not isinstance(value, kind) or not all(isinstance(i, item) for i in items):
            raise GoldFileError(f"{path}: {family!r} must be a JSON {'object' if kind is dict else 'array'} of "
                                f"{'objects' if item is dict else 'arrays'} (GOLD-SCHEMA.md)")
    return gold


def evaluate(collection: Path, gold_path: Path, *, out: Path | None = None) -> Evaluation:
    """Build ``collection`` (into ``out``, or a temporary folder) and score it against ``gold_path``."""
    from graphkit.pipeline import build

    gold = read_gold(gold_path)
    if out is not None:
        build(Path(collection), Path(out))
        return evaluate_built(Path(out), gold)
    with tempfile.TemporaryDirectory(prefix="graphkit-eval-") as tmp:
        build(Path(collection), Path(tmp))
        return evaluate_built(Path(tmp), gold)


def _show(item: Item) -> str:
    return "  ".join("-" if x is None else str(x) for x in item)


def render(evaluation: Evaluation, *, details: bool = True) -> str:
    """A readable report: the table, then each family's false positives and misses."""
    lines = [f"{'family':<24}{'P':>7}{'R':>7}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}", "-" * 60]
    for name, s in evaluation.scores.items():
        lines.append(f"{name:<24}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{len(s.matched):>5}"
                     f"{len(s.false_positives):>5}{len(s.misses):>5}")
    lines += ["-" * 60, f"{'macro-F1 (7 core)':<38}{evaluation.macro_f1:>7.3f}", f"{'macro-F1 (all 8)':<38}{evaluation.macro_f1_all:>7.3f}"]
    if details:
        for name, s in evaluation.scores.items():
            if s.false_positives or s.misses:
                lines.append(f"\n{name}:")
                lines += [f"  + false positive: {_show(x)}" for x in s.false_positives]
                lines += [f"  - missed:         {_show(x)}" for x in s.misses]
    return "\n".join(lines) + "\n"
