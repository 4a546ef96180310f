"""Project the model to RDF triples (pyoxigraph terms).

People are ``foaf:Person`` with a role concept; services ``org:Organization``.
Every relation is a plain shortcut triple (``rel:parentOf``,
``gk:engagesWith``...) AND a qualified node of its own class carrying its
date, type, carer and ``prov:wasDerivedFrom`` evidence. Evidence is an
``oa:SpecificResource`` with quote and position selectors. IRIs are minted
from ID codes and stable hashes, so rebuilding gives the same graph.
"""

from __future__ import annotations

from typing import Iterator
from urllib.parse import quote

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from graphkit import __version__
from graphkit.model import Entity, Evidence, Graph, Relation

GK = "https://w3id.org/graphkit/ontology#"
ID = "https://w3id.org/graphkit/id/"
SCHEME = "https://w3id.org/graphkit/scheme/"
PREFIXES = {
    "dcterms": "http://purl.org/dc/terms/",
    "disco": "http://rdf-vocabulary.ddialliance.org/discovery#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "gk": GK,
    "gkid": ID,
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rel": "http://purl.org/vocab/relationship/",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
XSD_INT = NamedNode(PREFIXES["xsd"] + "integer")
XSD_BOOL = NamedNode(PREFIXES["xsd"] + "boolean")
XSD_DATE = NamedNode(PREFIXES["xsd"] + "date")


def term(curie: str) -> NamedNode:
    prefix, local = curie.split(":", 1)
    return NamedNode(PREFIXES[prefix] + local)


RDF_TYPE = term("rdf:type")

ENTITY_CLASSES = {
    "parent": ("foaf:Person", "gk:Participant"),
    "family-member": ("foaf:Person", "gk:Participant"),
    "professional": ("foaf:Person", "gk:Professional"),
    "child": ("foaf:Person", "gk:Child"),
    "person": ("foaf:Person",),
    "service": ("org:Organization", "gk:Service"),
}
#: entity attribute -> (predicate, scheme for a SKOS concept or None for a literal)
ATTRIBUTES = {
    "role": ("gk:role", "role"),
    "household": ("gk:household", "household"),
    "age_group": ("gk:ageGroup", "age-group"),
    "service_type": ("gk:serviceType", "service-type"),
    "sector": ("gk:sector", "sector"),
    "country": ("gk:country", None),
    "partner_in_treatment": ("gk:partnerInTreatment", None),
    "in_treatment": ("gk:inTreatment", None),
    "age_band": ("gk:ageBand", None),
    "age": ("gk:age", None),
    "sex": ("gk:sex", None),
    "treatment": ("gk:treatment", None),
    "pregnant": ("gk:pregnant", None),
    "first_time": ("gk:firstTimeParent", None),
    "grandparent": ("gk:grandparent", None),
    "role_title": ("schema:jobTitle", None),
}
#: relation kind -> (shortcut predicate, qualified class, role of the source, role of the target)
RELATIONS = {
    "parent-of": ("rel:parentOf", "gk:Parenthood", "gk:parent", "gk:child"),
    "care": (None, "gk:CareArrangement", "gk:child", "gk:parent"),
    "contact": (None, "gk:ContactArrangement", "gk:parent", "gk:child"),
    "partner": ("rel:lifePartnerOf", "gk:Partnership", "gk:partner", "gk:partner"),
    "lives-with": ("rel:livesWith", "gk:CoResidence", "gk:resident", "gk:resident"),
    "engages-with": ("gk:engagesWith", "gk:Engagement", "gk:participant", "gk:service"),
    "works-at": ("org:memberOf", "org:Membership", "org:member", "org:organization"),
    "works-with": ("gk:worksWith", "gk:WorkingRelation", "gk:professional", "gk:client"),
    "carer-of": ("gk:carerOf", "gk:Caring", "gk:carer", "gk:child"),
    "relative-of": ("gk:relativeOf", "gk:Kinship", "gk:relative", "gk:participant"),
    "appears-in": ("gk:appearsIn", None, None, None),
}


def entity_iri(entity_id: str, kind: str) -> NamedNode:
    folder = {"service": "service", "file": "file"}.get(kind, "person")
    return NamedNode(f"{ID}{folder}/{quote(entity_id, safe='')}")


def concept(scheme: str, notation: str) -> NamedNode:
    return NamedNode(f"{SCHEME}{scheme}/{quote(notation, safe='')}")


def evidence_iri(evidence: Evidence) -> NamedNode:
    return NamedNode(f"{ID}evidence/{evidence.id}")


def relation_iri(relation: Relation) -> NamedNode:
    return NamedNode(f"{ID}{relation.kind}/{relation.id}")


def literal(value: object) -> Literal:
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=XSD_BOOL)
    if isinstance(value, int):
        return Literal(str(value), datatype=XSD_INT)
    return Literal(str(value))


class _Emitter:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.triples: set[Triple] = set()
        self.concepts: set[tuple[str, str]] = set()
        self.iris = {e.id: entity_iri(e.id, e.kind) for e in graph.entities.values()}
        for path in graph.files:
            self.iris.setdefault(path, entity_iri(path, "file"))

    def add(self, s: NamedNode, p: str | NamedNode, o: NamedNode | Literal | BlankNode) -> None:
        self.triples.add(Triple(s, term(p) if isinstance(p, str) else p, o))

    def value(self, s: NamedNode, attr: str, value: object) -> None:
        predicate, scheme = ATTRIBUTES[attr]
        if scheme:
            self.concepts.add((scheme, str(value)))
            self.add(s, predicate, concept(scheme, str(value)))
        else:
            self.add(s, predicate, literal(value))

    def evidence(self, subject: NamedNode, items: list[Evidence]) -> None:
        for ev in items:
            node = evidence_iri(ev)
            self.add(subject, "prov:wasDerivedFrom", node)
            self.add(node, RDF_TYPE, term("oa:SpecificResource"))
            self.add(node, RDF_TYPE, term("gk:Evidence"))
            source = self.iris.get(ev.file) or entity_iri(ev.file, "file")
            self.add(node, "oa:hasSource", source)
            self.add(source, "dcterms:title", literal(ev.file))
            quote_sel = NamedNode(f"{node.value}#quote")
            pos_sel = NamedNode(f"{node.value}#position")
            self.add(node, "oa:hasSelector", quote_sel)
            self.add(node, "oa:hasSelector", pos_sel)
            self.add(quote_sel, RDF_TYPE, term("oa:TextQuoteSelector"))
            self.add(quote_sel, "oa:exact", literal(ev.quote))
            self.add(pos_sel, RDF_TYPE, term("oa:TextPositionSelector"))
            self.add(pos_sel, "oa:start", literal(ev.start))
            self.add(pos_sel, "oa:end", literal(ev.end))
            self.add(node, "gk:lineStart", literal(ev.line_start))
            self.add(node, "gk:lineEnd", literal(ev.line_end))
            for attr, predicate in (("row", "gk:row"), ("column", "gk:column"), ("speaker", "gk:speaker"), ("date", "dcterms:date")):
                if getattr(ev, attr) is not None:
                    self.add(node, predicate, literal(getattr(ev, attr)))

    def entity(self, entity: Entity) -> None:
        s = self.iris[entity.id]
        for cls in ENTITY_CLASSES.get(entity.kind, ("foaf:Person",)):
            self.add(s, RDF_TYPE, term(cls))
        self.add(s, "dcterms:identifier", literal(entity.id))
        if entity.label:
            self.add(s, "foaf:name", literal(entity.label))
        for attr, value in sorted(entity.attrs.items()):
            if value is not None and attr in ATTRIBUTES:
                self.value(s, attr, value)
        self.evidence(s, entity.all_evidence())

    def relation(self, relation: Relation) -> None:
        shortcut, cls, source_role, target_role = RELATIONS[relation.kind]
        s, o = self.iris[relation.source], self.iris[relation.target]
        if shortcut and relation.current:
            self.add(s, shortcut, o)
        if cls is None:
            return
        node = relation_iri(relation)
        self.add(node, RDF_TYPE, term(cls))
        self.add(node, "dcterms:identifier", literal(relation.id))
        self.add(node, source_role, s)
        self.add(node, target_role, o)
        self.add(node, "gk:current", literal(relation.current))
        if relation.date:
            self.add(node, "gk:asAt", literal(relation.date))
        arrangement = relation.attrs.get("arrangement")
        if arrangement and relation.kind == "care":
            self.concepts.add(("care-arrangement", arrangement))
            self.add(node, "gk:arrangement", concept("care-arrangement", arrangement))
        elif arrangement and relation.kind == "contact":
            self.concepts.add(("contact-arrangement", arrangement))
            self.add(node, "gk:arrangement", concept("contact-arrangement", arrangement))
        carer = relation.attrs.get("carer")
        if carer is not None:
            self.add(node, "gk:carerLabel", literal(carer))
        carer_id = relation.attrs.get("carer_id")
        if carer_id in self.iris:
            self.add(node, "gk:carer", self.iris[carer_id])
        if relation.attrs.get("origin"):
            self.add(node, "gk:origin", literal(relation.attrs["origin"]))
        self.evidence(node, sorted(relation.evidence))

    def files(self) -> None:
        for path, data_file in sorted(self.graph.files.items()):
            s = self.iris[path]
            self.add(s, RDF_TYPE, term("disco:DataFile"))
            self.add(s, "dcterms:title", literal(path))
            for attr, predicate in (("dataset", "gk:dataset"), ("type", "gk:dataType"), ("date", "dcterms:date"), ("country", "gk:country")):
                if getattr(data_file, attr):
                    self.add(s, predicate, literal(getattr(data_file, attr)))

    def schemes(self) -> None:
        for scheme, notation in sorted(self.concepts):
            c = concept(scheme, notation)
            self.add(c, RDF_TYPE, term("skos:Concept"))
            self.add(c, "skos:notation", literal(notation))
            self.add(c, "skos:inScheme", NamedNode(f"{SCHEME}{scheme}"))

    def run(self) -> set[Triple]:
        self.files()
        for entity in self.graph.entities.values():
            self.entity(entity)
        for relation in self.graph.relations.values():
            self.relation(relation)
        for figure in self.graph.study.get("profile", []):
            self.figure(figure)
        self.schemes()
        return self.triples

    def figure(self, figure: dict) -> None:
        node = NamedNode(f"{ID}profile/{quote(figure['measure'], safe='')}")
        self.add(node, RDF_TYPE, term("gk:PublishedFigure"))
        self.add(node, "gk:measure", literal(figure["measure"]))
        self.add(node, "gk:published", literal(int(figure["published"])))
        if figure.get("note"):
            self.add(node, "gk:note", literal(figure["note"]))


def to_triples(graph: Graph) -> list[Triple]:
    """All triples of the graph, sorted for byte-identical output."""
    return sorted(_Emitter(graph).run(), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def tool_agent() -> str:
    return f"graphkit {__version__}"


def iter_ntriples(triples: list[Triple]) -> Iterator[str]:
    for t in triples:
        yield f"{t.subject} {t.predicate} {t.object} .\n"
