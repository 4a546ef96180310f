"""A built graph as a REFI-QDA project (QDA-XML 1.0): ``project.qde`` and its plain-text sources.

What a QDA tool (NVivo, ATLAS.ti, MAXQDA, QualCoder) shows after import:

- **Sources**: every text the graph was built from (``sources/<guid>.txt``, UTF-8, redacted as the
  build redacted it), named by its file name and carrying the data listing's data set, type,
  date and country as source variables. Tables are not sources.
- **Code book**: "Relations" (one code per relation kind, with the care and contact arrangements
  as child codes) and "People and services" (one code per entity kind); names and colours are the
  network page's, descriptions the ontology's labels and definitions.
- **Codings**: one ``PlainTextSelection`` per evidence passage, at character positions over the
  source text (zero-based, end exclusive: Python ``str`` offsets, as the standard counts
  characters), coded with the code of every fact it supports; its description names the facts.
- **Cases**: one per participant and per service, with variables from the graph and references
  to the selections that concern them and the sources they appear in.

Every GUID is a UUIDv5 of a stable key (``source:<path>``, ``selection:<evidence id>``...), and
nothing carries a clock time, so the same graph gives byte-identical documents.
"""

from __future__ import annotations

import re
import tomllib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import PurePosixPath
from typing import Any, Iterable

from lxml import etree as ET

from graphkit import __version__
from graphkit.model import Problem
from graphkit.projections.neo4j_rows import ARRANGEMENT_NODES, RELATION_TYPES, PropertyGraphRows
from graphkit.projections.rdf import PREFIXES, RELATIONS, SCHEME
from graphkit.redaction import RedactedText
from graphkit.views.styles import CARE_LABELS, CONTACT_STYLES, EDGE_STYLES, NODE_STYLES

NS = "urn:QDA-XML:project:1.0"
_KIND_OF_TYPE = {type_: kind for kind, type_ in RELATION_TYPES.items()}
_KIND_OF_LABEL = {label: kind for kind, (label, _, _) in ARRANGEMENT_NODES.items()}
#: What XML 1.0 cannot carry at all (not even escaped): replaced by U+FFFD in names and descriptions.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    return tomllib.loads(resources.files("graphkit.data").joinpath("qdpx.toml").read_text(encoding="utf-8"))


# -- the code book -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    key: str
    name: str
    description: str
    colour: str | None = None
    codable: bool = True
    children: tuple[Code, ...] = ()


@lru_cache(maxsize=1)
def _ontology_terms() -> dict[str, tuple[str, str]]:
    """IRI -> (label, definition) of every term the shipped ontology and schemes describe in English."""
    from pyoxigraph import RdfFormat, parse

    from graphkit.ontology import text

    found: dict[str, dict[str, str]] = defaultdict(dict)
    wanted = {PREFIXES["rdfs"] + "label": "label", PREFIXES["skos"] + "prefLabel": "label",
              PREFIXES["skos"] + "definition": "definition"}
    for name in ("graphkit.ttl", "schemes.ttl"):
        for quad in parse(text(name), format=RdfFormat.TURTLE):
            slot = wanted.get(quad.predicate.value)
            if slot and getattr(quad.object, "language", None) in ("en", None):
                found[quad.subject.value].setdefault(slot, quad.object.value)
    return {iri: (v.get("label", ""), v.get("definition", "")) for iri, v in found.items()}


def _describe(*terms: str | None) -> str:
    """``label: definition`` of the first of ``terms`` (CURIEs, or keys of qdpx.toml's [described]) that is described."""
    for term in filter(None, terms):
        written = settings()["described"].get(term)
        if written:
            return f"{written['label']}: {written['definition']}"
        prefix, _, local = term.partition(":")
        label, definition = _ontology_terms().get(PREFIXES.get(prefix, "?") + local, ("", ""))
        if definition:
            return f"{label}: {definition}"
    raise ValueError(f"qdpx.toml: no ontology definition for any of {terms}; describe one in [described]")


def _value_codes(kind: str, scheme: str) -> tuple[Code, ...]:
    terms = _ontology_terms()
    prefix = f"{SCHEME}{scheme}/"
    names = {**CARE_LABELS, **{k: s.label for k, s in CONTACT_STYLES.items()}}
    codes = []
    for iri in sorted(i for i in terms if i.startswith(prefix)):
        notation = iri[len(prefix):]
        style = CONTACT_STYLES.get(notation)
        label, definition = terms[iri]
        codes.append(Code(f"relation:{kind}/{notation}", names.get(notation, label), f"{label}: {definition}",
                          style.colour if style else EDGE_STYLES[kind].colour))
    return tuple(sorted(codes, key=lambda c: c.name))


def codebook() -> tuple[Code, ...]:
    """The code tree: relation kinds (care and contact with their arrangement types), then entity kinds."""
    conf = settings()
    relation_codes = []
    for kind in conf["relation_codes"]["order"]:
        scheme = conf["relation_codes"]["values"].get(kind)
        relation_codes.append(Code(f"relation:{kind}", EDGE_STYLES[kind].label, _describe(*RELATIONS[kind][:2]),
                                   EDGE_STYLES[kind].colour, children=_value_codes(kind, scheme) if scheme else ()))
    entity_codes = [
        Code(f"entity:{kind}", NODE_STYLES[kind].label, _describe(conf["entity_codes"]["terms"][kind]), NODE_STYLES[kind].colour)
        for kind in conf["entity_codes"]["order"]
    ]
    groups = conf["codes"]
    return (
        Code("group:relations", groups["relations"]["name"], groups["relations"]["description"], codable=False,
             children=tuple(relation_codes)),
        Code("group:entities", groups["entities"]["name"], groups["entities"]["description"], codable=False,
             children=tuple(entity_codes)),
    )


def _all_codes(codes: Iterable[Code]) -> Iterable[Code]:
    for code in codes:
        yield code
        yield from _all_codes(code.children)


# -- facts read back from the graph ----------------------------------------------------------------------


@dataclass
class Fact:
    """A relation or an entity, with what a coding needs: its code, who and whom, its passages."""

    id: str
    code: str
    about: tuple[str, ...]  # the entities it concerns (cases link to it)
    summary: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class GraphFacts:
    facts: list[Fact]
    nodes: dict[str, dict[str, Any]]  # node id -> props, for Person/Service/DataFile/Evidence
    kinds: dict[str, str]  # entity id -> kind
    appears_in: dict[str, set[str]]  # entity id -> files
    children: dict[str, set[str]]  # parent id -> current children
    arrangements: dict[tuple[str, str], list[tuple[str, str]]]  # (parent id, care|contact) -> [(child, value)]
    left_out: list[str]  # fact ids the review rejected
    no_code: dict[str, int]  # relation kind outside the code book -> its passages (reported, not coded)


def _name(nodes: dict[str, dict[str, Any]], entity_id: str) -> str:
    name = nodes.get(entity_id, {}).get("name")
    return f"{entity_id} {name}" if name and name != entity_id else entity_id


def read_facts(rows: PropertyGraphRows) -> GraphFacts:
    """The facts of a graph from its property-graph rows (``neo4j/rows.json``), rejected ones left out."""
    review = settings()["review"]
    nodes = {row["id"]: row["props"] for row in rows.nodes}
    kinds = {row["id"]: row["props"].get("kind", "") for row in rows.nodes if row["label"] in ("Person", "Service")}
    derived: dict[str, list[str]] = defaultdict(list)
    ends: dict[str, dict[str, str]] = defaultdict(dict)
    appears_in: dict[str, set[str]] = defaultdict(set)
    children: dict[str, set[str]] = defaultdict(set)
    facts: list[Fact] = []
    left_out: list[str] = []
    no_code: dict[str, int] = defaultdict(int)
    for rel in sorted(rows.relationships, key=lambda r: r.get("id", "")):
        type_, props = rel["type"], rel["props"]
        if type_ == "DERIVED_FROM":
            derived[rel["start"]].append(rel["end"])
        elif type_ in ("OF_CHILD", "OF_PARENT", "CARED_FOR_BY"):
            ends[rel["start"]][type_] = rel["end"]
        elif type_ == "APPEARS_IN":
            appears_in[rel["start"]].add(rel["end"])
        elif type_ in _KIND_OF_TYPE:
            kind = _KIND_OF_TYPE[type_]
            if props.get(review["property"]) == review["rejected"]:
                left_out.append(rel["id"])
                continue
            if kind == "parent-of" and props.get("current", True):
                children[rel["start"]].add(rel["end"])
            if kind not in settings()["relation_codes"]["order"]:
                if props.get("evidenceIds"):
                    no_code[kind] += len(props["evidenceIds"])
                continue
            summary = f"{EDGE_STYLES[kind].label}: {_name(nodes, rel['start'])} \u2192 {_name(nodes, rel['end'])}"
            facts.append(Fact(rel["id"], f"relation:{kind}", (rel["start"], rel["end"]),
                              summary + _state(props, review["property"]), list(props.get("evidenceIds", []))))
    arrangements: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for row in sorted(rows.nodes, key=lambda r: r["id"]):
        props, node_id = row["props"], row["id"]
        if row["label"] in _KIND_OF_LABEL:
            kind = _KIND_OF_LABEL[row["label"]]
            if props.get(review["property"]) == review["rejected"]:
                left_out.append(node_id)
                continue
            parent, child = ends[node_id].get("OF_PARENT", ""), ends[node_id].get("OF_CHILD", "")
            value = str(props.get("arrangement", ""))
            if props.get("current", True):
                arrangements[(parent, kind)].append((child, value))
            label = CARE_LABELS.get(value) or (CONTACT_STYLES[value].label if value in CONTACT_STYLES else value)
            summary = f"{EDGE_STYLES[kind].label} / {label}: {_name(nodes, parent)} \u2192 {_name(nodes, child)}"
            if props.get("carer") and props["carer"] != parent:  # "with this parent" names the parent as carer
                summary += f"; carer: {props['carer']}"
            code = f"relation:{kind}/{value}" if value else f"relation:{kind}"
            facts.append(Fact(node_id, code, tuple(x for x in (parent, child, ends[node_id].get("CARED_FOR_BY")) if x),
                              summary + _state(props, review["property"]), derived.get(node_id, [])))
        elif node_id in kinds and kinds[node_id] in NODE_STYLES and derived.get(node_id):
            kind = kinds[node_id]
            facts.append(Fact(node_id, f"entity:{kind}", (node_id,), f"{NODE_STYLES[kind].label}: {_name(nodes, node_id)}",
                              derived[node_id]))
    return GraphFacts(facts, nodes, kinds, appears_in, children, arrangements, left_out, dict(no_code))


def _state(props: dict[str, Any], review_property: str) -> str:
    parts = []
    if props.get("asAt"):
        parts.append(f"as at {props['asAt']}")
    if props.get("current") is False:
        parts.append("ended or replaced")
    if props.get(review_property):
        parts.append(f"review: {props[review_property]}")
    return f" ({', '.join(parts)})" if parts else ""


# -- the document -------------------------------------------------------------------------------------


class Guids:
    """UUIDv5 GUIDs in graphkit's namespace: one stable key, one GUID, in every export."""

    def __init__(self, namespace: str) -> None:
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, namespace)

    def __call__(self, key: str) -> str:
        return str(uuid.uuid5(self.namespace, key))


@dataclass
class Project:
    """The document and the files that go beside it in the archive."""

    xml: bytes
    sources: dict[str, bytes]  # archive path -> UTF-8 text
    problems: list[Problem]
    counts: dict[str, int]


def _clean(value: Any) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def _sub(parent: ET._Element, tag: str, attrs: dict[str, Any] | None = None, text: str | None = None) -> ET._Element:
    element = ET.SubElement(parent, f"{{{NS}}}{tag}", {k: _clean(v) for k, v in (attrs or {}).items() if v is not None})
    if text is not None:
        element.text = _clean(text)
    return element


def _codes_xml(parent: ET._Element, codes: Iterable[Code], guid: Guids) -> None:
    for code in codes:
        attrs = {"guid": guid(f"code:{code.key}"), "name": code.name, "isCodable": "true" if code.codable else "false",
                 "color": code.colour}
        element = _sub(parent, "Code", attrs)
        _sub(element, "Description", text=code.description)
        _codes_xml(element, code.children, guid)


def _value_xml(parent: ET._Element, variable: dict[str, Any], value: Any, guid: Guids, scope: str) -> None:
    element = _sub(parent, "VariableValue")
    _sub(element, "VariableRef", {"targetGUID": guid(f"variable:{scope}:{variable['name']}")})
    if variable["type"] == "Boolean":
        _sub(element, "BooleanValue", text="true" if value else "false")
    elif variable["type"] == "Integer":
        _sub(element, "IntegerValue", text=str(int(value)))
    else:
        _sub(element, "TextValue", text="; ".join(map(str, value)) if isinstance(value, list) else str(value))


def _case_values(facts: GraphFacts, entity_id: str) -> dict[str, Any]:
    """Variable name -> value for one case (absent when the graph does not say)."""
    kind, props = facts.kinds[entity_id], facts.nodes[entity_id]
    derived = {
        "children": lambda: len(facts.children.get(entity_id, ())),
        "care": lambda: "\n".join(f"{_name(facts.nodes, c)}: {v}" for c, v in sorted(facts.arrangements.get((entity_id, "care"), []))),
        "contact": lambda: "\n".join(f"{_name(facts.nodes, c)}: {v}" for c, v in sorted(facts.arrangements.get((entity_id, "contact"), []))),
    }
    values: dict[str, Any] = {}
    for variable in settings()["cases"]["variable"]:
        if kind not in variable.get("kinds", settings()["cases"]["kinds"]):
            continue
        value = derived[variable["derived"]]() if "derived" in variable else props.get(variable["property"], variable.get("default"))
        if value is not None and value != "":
            values[variable["name"]] = value
    return values


def _known(code_key: str, known: set[str], where: str, problems: list[Problem]) -> str:
    """``code_key``, or its family's when the code book has no such value (an arrangement outside the scheme)."""
    if code_key in known:
        return code_key
    problems.append(Problem(where, f"no code for {code_key!r} in the code book: coded with {code_key.split('/', 1)[0]!r}"))
    return code_key.split("/", 1)[0]


def _source_name(rel: str, taken: dict[str, int]) -> str:
    name = PurePosixPath(rel).name
    return name if taken[name] == 1 else rel


@dataclass(frozen=True)
class _Selection:
    start: int
    end: int
    evidence: str
    facts: tuple[Fact, ...]


class _Document:
    """Builds ``project.qde`` part by part, in the order Project.xsd requires."""

    def __init__(self, facts: GraphFacts, texts: dict[str, RedactedText], name: str) -> None:
        self.conf = settings()
        self.guid = Guids(self.conf["project"]["namespace"])
        self.user = self.guid(f"user:{self.conf['project']['user']}")
        self.facts, self.texts, self.name = facts, texts, name
        self.problems: list[Problem] = []
        self.counts = {"sources": len(texts), "selections": 0, "codings": 0, "cases": 0, "table passages": 0,
                       "rejected facts": len(facts.left_out)}
        self.selections: dict[str, list[_Selection]] = defaultdict(list)  # file -> its coded passages
        self.concerns: dict[str, set[str]] = defaultdict(set)  # entity id -> evidence ids of its selections
        self.root = ET.Element(f"{{{NS}}}Project", {"name": _clean(name), "origin": f"graphkit {__version__}",
                                                    "creatingUserGUID": self.user}, nsmap={None: NS})

    def passages(self) -> None:
        """One selection per evidence span of a text, coded with every fact it supports."""
        for kind, n in sorted(self.facts.no_code.items()):
            self.problems.append(Problem(f"relation kind {kind}", f"no code for it in qdpx.toml [relation_codes]: {n} passage(s) not coded with it"))
        by_evidence: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.facts.facts:
            for ev in fact.evidence:
                by_evidence[ev].append(fact)
        for ev_id in sorted(by_evidence):
            ev = self.facts.nodes.get(ev_id)
            if ev is None:
                self.problems.append(Problem(ev_id, "evidence named by a fact is not in the graph"))
                continue
            if ev.get("row") is not None:
                self.counts["table passages"] += 1
                continue
            where = f"{ev['file']}, line {ev['lineStart']}"
            text = self.texts.get(ev["file"])
            if text is None:
                self.problems.append(Problem(where, "a fact's passage is in a file whose text the build did not keep: not coded"))
                continue
            start, end = text.span(int(ev["start"]), int(ev["end"]))
            if text.text[start:end] != ev["quote"]:
                self.problems.append(Problem(where, f"the passage's quote and the source text differ at characters {start}-{end}: not coded"))
                continue
            self.selections[ev["file"]].append(_Selection(start, end, ev_id, tuple(by_evidence[ev_id])))
            for fact in by_evidence[ev_id]:
                for entity in fact.about:
                    self.concerns[entity].add(ev_id)

    def users_and_codes(self) -> set[str]:
        """The graphkit user and the code book; returns the code keys."""
        _sub(_sub(self.root, "Users"), "User", {"guid": self.user, "name": self.conf["project"]["user"]})
        codes = codebook()
        _codes_xml(_sub(_sub(self.root, "CodeBook"), "Codes"), codes, self.guid)
        return {code.key for code in _all_codes(codes)}

    def variables_and_cases(self) -> None:
        case_ids = [e for e in sorted(self.facts.kinds) if self.facts.kinds[e] in self.conf["cases"]["kinds"]]
        case_values = {e: _case_values(self.facts, e) for e in case_ids}
        used = {("case", n) for values in case_values.values() for n in values}
        used |= {("source", v["name"]) for v in self.conf["sources"]["variable"] for rel in self.texts
                 if self.facts.nodes.get(rel, {}).get(v["property"])}
        declared = [(scope, v) for scope, group in (("case", "cases"), ("source", "sources"))
                    for v in self.conf[group]["variable"] if (scope, v["name"]) in used]
        if declared:
            variables = _sub(self.root, "Variables")
            for scope, variable in declared:
                element = _sub(variables, "Variable", {"guid": self.guid(f"variable:{scope}:{variable['name']}"),
                                                       "name": variable["name"], "typeOfVariable": variable["type"]})
                _sub(element, "Description", text=variable["description"])
        if not case_ids:
            return
        by_name = {v["name"]: v for v in self.conf["cases"]["variable"]}
        cases = _sub(self.root, "Cases")
        for entity_id in case_ids:
            case = _sub(cases, "Case", {"guid": self.guid(f"case:{entity_id}"), "name": _name(self.facts.nodes, entity_id)})
            _sub(case, "Description", text=f"{NODE_STYLES[self.facts.kinds[entity_id]].label} {entity_id}")
            for var_name, value in case_values[entity_id].items():
                _value_xml(case, by_name[var_name], value, self.guid, "case")
            passages = self.concerns.get(entity_id, set())
            files = self.facts.appears_in.get(entity_id, set()) | {self.facts.nodes[e]["file"] for e in passages}
            for rel in sorted(f for f in files if f in self.texts):
                _sub(case, "SourceRef", {"targetGUID": self.guid(f"source:{rel}")})
            for ev_id in sorted(passages):
                _sub(case, "SelectionRef", {"targetGUID": self.guid(f"selection:{ev_id}")})
        self.counts["cases"] = len(case_ids)

    def sources(self, known_codes: set[str]) -> dict[str, bytes]:
        """The TextSources with their selections; returns the archive's source files."""
        files: dict[str, bytes] = {}
        if not self.texts:
            return files
        element = _sub(self.root, "Sources")
        taken: dict[str, int] = defaultdict(int)
        for rel in self.texts:
            taken[PurePosixPath(rel).name] += 1
        for rel in sorted(self.texts):
            source_guid = self.guid(f"source:{rel}")
            props = self.facts.nodes.get(rel, {})
            date = str(props.get("date", ""))
            source = _sub(element, "TextSource", {
                "guid": source_guid, "name": _source_name(rel, taken), "plainTextPath": f"internal://{source_guid}.txt",
                "creatingUser": self.user,
                "creationDateTime": f"{date}T00:00:00Z" if re.fullmatch(r"\d{4}-\d\d-\d\d", date) else None,
            })
            listing = ", ".join(str(props[k]) for k in ("dataType", "dataset", "date", "country") if props.get(k))
            _sub(source, "Description", text=rel + (f" ({listing})" if listing else ""))
            for selection in sorted(self.selections.get(rel, []), key=lambda s: (s.start, s.end, s.evidence)):
                self._selection(source, rel, selection, known_codes)
            for variable in self.conf["sources"]["variable"]:
                if props.get(variable["property"]):
                    _value_xml(source, variable, props[variable["property"]], self.guid, "source")
            files[f"sources/{source_guid}.txt"] = self.texts[rel].text.encode("utf-8")
        return files

    def _selection(self, source: ET._Element, rel: str, selection: _Selection, known_codes: set[str]) -> None:
        ev_id, ev = selection.evidence, self.facts.nodes[selection.evidence]
        element = _sub(source, "PlainTextSelection", {"guid": self.guid(f"selection:{ev_id}"), "startPosition": selection.start,
                                                      "endPosition": selection.end, "creatingUser": self.user})
        said = ", ".join(str(ev[k]) for k in ("speaker", "date") if ev.get(k))
        passage = f"Passage {ev_id}, line {ev['lineStart']}" + (f" ({said})" if said else "")
        _sub(element, "Description", text="\n".join([*(f.summary for f in selection.facts), passage]))
        where = f"{rel}, line {ev['lineStart']}"
        for code_key in sorted({_known(f.code, known_codes, where, self.problems) for f in selection.facts}):
            coding = _sub(element, "Coding", {"guid": self.guid(f"coding:{ev_id}:{code_key}"), "creatingUser": self.user})
            _sub(coding, "CodeRef", {"targetGUID": self.guid(f"code:{code_key}")})
            self.counts["codings"] += 1
        self.counts["selections"] += 1

    def description(self) -> None:
        _sub(self.root, "Description", text=(
            f"{self.name}: exported by graphkit {__version__}. Every coded passage is a fact graphkit read from the "
            "texts; its description names the fact (who, relation, whom) and where it was said. Facts read from "
            "tables are not coded (tables are not sources)."
        ))


def project_document(rows: PropertyGraphRows, texts: dict[str, RedactedText], *, name: str) -> Project:
    """Build the project: the graph's facts coded on the build's (redacted) texts."""
    document = _Document(read_facts(rows), texts, name)
    document.passages()
    known_codes = document.users_and_codes()
    document.variables_and_cases()
    files = document.sources(known_codes)
    document.description()
    ET.indent(document.root, space=" ")
    xml = ET.tostring(document.root, encoding="UTF-8", xml_declaration=True) + b"\n"
    return Project(xml, files, document.problems, document.counts)
