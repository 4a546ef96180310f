"""Project the model to RDF triples (pyoxigraph terms).

People are ``foaf:Person`` with a role concept; services ``org:Organization``.
Every relation is a plain shortcut triple (``rel:parentOf``,
``gk:engagesWith``...) AND a qualified node of its own class carrying its
date, type, carer and ``prov:wasDerivedFrom`` evidence. Evidence is an
``oa:SpecificResource`` with quote and position selectors. IRIs are minted
from ID codes and stable hashes, so rebuilding gives the same graph.

Around the facts: the collection as a ``disco:Study`` with one
``disco:LogicalDataSet`` per data set and a ``disco:DataFile`` per file; the
extraction run as a ``prov:Activity`` associated with the
``prov:SoftwareAgent`` "graphkit <version>", which generated every relation
node and evidence node; and the SKOS concept schemes (``ontology/schemes.ttl``)
that the closed-list values point into. Dates come from the collection (the
data listing, file headers), never from the clock, so two builds of one
collection give the same triples.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable
from urllib.parse import quote

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse

from graphkit import __version__
from graphkit.errors import GraphkitError
from graphkit.model import Entity, Evidence, Graph, Relation, stable_hash
from graphkit.projections.absent import is_absent, present_attrs
from graphkit.stores.memo import canonical, digest

if TYPE_CHECKING:
    from graphkit.stores.memo import Memo

GK = "https://w3id.org/graphkit/ontology#"
ID = "https://w3id.org/graphkit/id/"
SCHEME = "https://w3id.org/graphkit/scheme/"
PREFIXES = {
    "dcterms": "http://purl.org/dc/terms/",
    "disco": "http://rdf-vocabulary.ddialliance.org/discovery#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "gk": GK,
    "gkid": ID,
    "gks": SCHEME,
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rel": "http://purl.org/vocab/relationship/",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "wd": "http://www.wikidata.org/entity/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
XSD_INT = NamedNode(PREFIXES["xsd"] + "integer")
XSD_BOOL = NamedNode(PREFIXES["xsd"] + "boolean")
XSD_DATE = NamedNode(PREFIXES["xsd"] + "date")
XSD_YEAR_MONTH = NamedNode(PREFIXES["xsd"] + "gYearMonth")
XSD_YEAR = NamedNode(PREFIXES["xsd"] + "gYear")
#: the study the collection is a copy of, unless ``graph.study`` names another
STUDY_TITLE = "The Relations Study Data, 2021-2022"
STUDY_KEY = "relations"
#: country name -> Wikidata item, for ``dcterms:spatial`` of the study
COUNTRIES = {"Scotland": "http://www.wikidata.org/entity/Q22", "England": "http://www.wikidata.org/entity/Q21"}
#: sector notation -> the schema.org organisation type a service of that sector also gets
SECTOR_TYPES = {
    "NHS": "schema:MedicalOrganization",
    "third-sector": "schema:NGO",
    "local-authority": "schema:GovernmentOrganization",
    "government": "schema:GovernmentOrganization",
}


@lru_cache(maxsize=None)
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
    "file": ("disco:DataFile", "prov:Entity"),  # named by its dcterms:title (see ``files``), never foaf:name
}
#: entity attribute -> (predicate, scheme for a SKOS concept or None for a literal)
ATTRIBUTES = {
    "role": ("gk:role", "role"),
    "household": ("gk:household", "household"),
    "housing": ("gk:housing", "housing"),
    "age_group": ("gk:ageGroup", "age-group"),
    "protection": ("gk:protection", "protection"),
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
    "stated_children": ("gk:statedChildren", None),
    "grandparent": ("gk:grandparent", None),
    "role_title": ("schema:jobTitle", None),
    # what a professional's or a service's descriptor says (graphkit/extract/profiles.py); list values give one triple each
    "profession": ("gk:profession", "profession"),
    "activity": ("gk:activity", "activity"),
    "work_field": ("gk:workField", "service-type"),
    "caseload": ("gk:caseload", None),
    "experience_years": ("gk:yearsOfExperience", None),
    "experience_field": ("gk:experienceField", None),
    "experience_since": ("gk:experienceSince", None),
    "qualified_year": ("gk:qualifiedIn", None),
    "in_post_since": ("gk:inPostSince", None),
    "lived_experience": ("gk:livedExperience", None),
    "recovery_since": ("gk:inRecoverySince", None),
    "in_study_service": ("gk:inStudyService", None),
    "former_title": ("gk:formerJobTitle", None),
    "case_types": ("gk:caseType", None),
    "runs": ("gk:runs", None),
    "team": ("gk:team", None),
    "setting": ("gk:setting", None),
    "client_group": ("gk:clientGroup", None),
    "medication": ("gk:prescribes", None),
    "partner_agency": ("gk:worksJointlyWith", None),
}
#: attributes whose value is a year: an ``xsd:gYear`` literal
YEAR_ATTRIBUTES = frozenset({"experience_since", "qualified_year", "in_post_since", "recovery_since"})
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


def date_literal(value: str) -> Literal:
    """An ISO date typed by its precision: ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` (else a plain string)."""
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return Literal(text, datatype=XSD_DATE)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return Literal(text, datatype=XSD_YEAR_MONTH)
    if re.fullmatch(r"\d{4}", text):
        return Literal(text, datatype=XSD_YEAR)
    return Literal(text)


@lru_cache(maxsize=1)
def scheme_triples() -> tuple[Triple, ...]:
    """The SKOS concept schemes shipped in ``graphkit.ontology`` (``schemes.ttl``), parsed once."""
    from graphkit.ontology import text

    return tuple(quad.triple for quad in parse(text("schemes.ttl"), format=RdfFormat.TURTLE))


class _Emitter:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.triples: set[Triple] = set()
        self.concepts: set[tuple[str, str]] = set()
        self.iris = {e.id: entity_iri(e.id, e.kind) for e in graph.entities.values()}
        for path in graph.files:
            self.iris.setdefault(path, entity_iri(path, "file"))
        self.sources: set[str] = set()
        self.passages: set[NamedNode] = set()
        key = str(graph.study.get("identifier") or STUDY_KEY)
        self.study = NamedNode(f"{ID}study/{quote(key, safe='')}")
        listed = sorted((p, f.date or "") for p, f in graph.files.items())
        self.run_iri = NamedNode(f"{ID}run/{stable_hash(__version__, key, *(x for pair in listed for x in pair))}")
        self.agent = NamedNode(f"{ID}agent/graphkit/{quote(__version__, safe='')}")

    def add(self, s: NamedNode, p: str | NamedNode, o: NamedNode | Literal | BlankNode) -> None:
        self.triples.add(Triple(s, term(p) if isinstance(p, str) else p, o))

    def value(self, s: NamedNode, attr: str, value: object) -> None:
        if isinstance(value, (list, tuple)):
            for item in value:
                self.value(s, attr, item)
            return
        if is_absent(value):
            return
        predicate, scheme = ATTRIBUTES[attr]
        if attr in YEAR_ATTRIBUTES:
            self.add(s, predicate, date_literal(str(value)))
        elif scheme:
            self.concepts.add((scheme, str(value)))
            self.add(s, predicate, concept(scheme, str(value)))
        else:
            self.add(s, predicate, literal(value))

    def evidence(self, subject: NamedNode, items: list[Evidence]) -> None:
        for ev in items:
            node = evidence_iri(ev)
            self.add(subject, "prov:wasDerivedFrom", node)
            if node in self.passages:  # one passage often supports several facts
                continue
            self.passages.add(node)
            self.add(node, RDF_TYPE, term("oa:SpecificResource"))
            self.add(node, RDF_TYPE, term("gk:Evidence"))
            self.add(node, "prov:wasGeneratedBy", self.run_iri)
            source = self.iris.get(ev.file) or entity_iri(ev.file, "file")
            self.sources.add(ev.file)
            self.add(node, "oa:hasSource", source)
            self.add(node, "prov:wasQuotedFrom", source)
            quote_sel = NamedNode(f"{node.value}#quote")
            pos_sel = NamedNode(f"{node.value}#position")
            self.add(node, "oa:hasSelector", quote_sel)
            self.add(node, "oa:hasSelector", pos_sel)
            self.add(quote_sel, RDF_TYPE, term("oa:TextQuoteSelector"))
            self.add(quote_sel, "oa:exact", literal(ev.quote))
            for attr, predicate in (("prefix", "oa:prefix"), ("suffix", "oa:suffix")):
                if getattr(ev, attr, None):  # not in the model yet: emitted once it is
                    self.add(quote_sel, predicate, literal(getattr(ev, attr)))
            self.add(pos_sel, RDF_TYPE, term("oa:TextPositionSelector"))
            self.add(pos_sel, "oa:start", literal(ev.start))
            self.add(pos_sel, "oa:end", literal(ev.end))
            self.add(node, "gk:lineStart", literal(ev.line_start))
            self.add(node, "gk:lineEnd", literal(ev.line_end))
            for attr, predicate in (("row", "gk:row"), ("column", "gk:column"), ("speaker", "gk:speaker")):
                if not is_absent(getattr(ev, attr)):
                    self.add(node, predicate, literal(getattr(ev, attr)))
            if not is_absent(ev.date):
                self.add(node, "dcterms:date", date_literal(ev.date))

    def entity(self, entity: Entity) -> None:
        s = self.iris[entity.id]
        classes = ENTITY_CLASSES.get(entity.kind)
        if classes is None:  # a guess would make it a person and count it in every question about people
            raise GraphkitError(f"entity {entity.id}: kind {entity.kind!r} has no RDF class (ENTITY_CLASSES)")
        for cls in classes:
            self.add(s, RDF_TYPE, term(cls))
        if entity.kind == "service" and entity.get("sector") in SECTOR_TYPES:
            self.add(s, RDF_TYPE, term(SECTOR_TYPES[entity.get("sector")]))
        self.add(s, "dcterms:identifier", literal(entity.id))
        if entity.label and entity.kind != "file":
            self.add(s, "foaf:name", literal(entity.label))
        for attr, value in present_attrs(entity.attrs).items():
            if attr in ATTRIBUTES:
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
        self.add(node, "prov:wasGeneratedBy", self.run_iri)
        self.add(node, source_role, s)
        self.add(node, target_role, o)
        self.add(node, "gk:current", literal(relation.current))
        if relation.date:
            self.add(node, "gk:asAt", date_literal(relation.date))
        arrangement = relation.attrs.get("arrangement")
        if arrangement and relation.kind == "care":
            self.concepts.add(("care-arrangement", arrangement))
            self.add(node, "gk:arrangement", concept("care-arrangement", arrangement))
        elif arrangement and relation.kind == "contact":
            self.concepts.add(("contact-arrangement", arrangement))
            self.add(node, "gk:arrangement", concept("contact-arrangement", arrangement))
        carer = relation.attrs.get("carer")
        if not is_absent(carer):
            self.add(node, "gk:carerLabel", literal(carer))
        carer_id = relation.attrs.get("carer_id")
        if carer_id in self.iris:
            self.add(node, "gk:carer", self.iris[carer_id])
        if relation.attrs.get("origin"):
            self.add(node, "gk:origin", literal(relation.attrs["origin"]))
        self.evidence(node, sorted(relation.evidence))

    def files(self) -> None:
        """Every data file and table evidence was read from: a ``disco:DataFile`` of the study, in its data set."""
        for path in sorted(set(self.graph.files) | self.sources):
            s = self.iris.get(path) or entity_iri(path, "file")
            self.add(s, RDF_TYPE, term("disco:DataFile"))
            self.add(s, RDF_TYPE, term("prov:Entity"))
            self.add(s, "dcterms:title", literal(path))
            self.add(s, "dcterms:isPartOf", self.study)
            self.add(self.run_iri, "prov:used", s)
            data_file = self.graph.files.get(path)
            if data_file is None:
                continue
            for attr, predicate in (("dataset", "gk:dataset"), ("type", "gk:dataType"), ("country", "gk:country")):
                if getattr(data_file, attr):
                    self.add(s, predicate, literal(getattr(data_file, attr)))
            if data_file.date:
                self.add(s, "dcterms:date", date_literal(data_file.date))
            if data_file.dataset:
                dataset = NamedNode(f"{self.study.value}/dataset/{quote(data_file.dataset, safe='')}")
                self.add(dataset, "disco:dataFile", s)

    def study_description(self) -> None:
        """The collection as a ``disco:Study``: its data sets, countries and the span of its file dates."""
        study, files = self.study, self.graph.files
        self.add(study, RDF_TYPE, term("disco:Study"))
        self.add(study, "dcterms:title", literal(str(self.graph.study.get("title") or STUDY_TITLE)))
        self.add(study, "dcterms:identifier", literal(study.value.rsplit("/", 1)[1]))
        for name in sorted({f.dataset for f in files.values() if f.dataset}):
            dataset = NamedNode(f"{study.value}/dataset/{quote(name, safe='')}")
            self.add(study, "disco:product", dataset)
            self.add(dataset, RDF_TYPE, term("disco:LogicalDataSet"))
            self.add(dataset, "dcterms:title", literal(name))
            self.add(dataset, "dcterms:isPartOf", study)
        for country in sorted({f.country for f in files.values() if f.country in COUNTRIES}):
            self.add(study, "dcterms:spatial", NamedNode(COUNTRIES[country]))
        dates = sorted(f.date for f in files.values() if f.date and re.match(r"\d{4}", f.date))
        if dates:
            period = NamedNode(f"{study.value}/temporal")
            self.add(study, "dcterms:temporal", period)
            self.add(period, RDF_TYPE, term("dcterms:PeriodOfTime"))
            self.add(period, "disco:startDate", date_literal(dates[0]))
            self.add(period, "disco:endDate", date_literal(dates[-1]))
            self.add(period, "rdfs:comment", literal("first and last dates of the data files this collection holds"))

    def activity(self) -> None:
        """The extraction run (``prov:Activity``) and the tool that ran it (``prov:SoftwareAgent``)."""
        run, agent = self.run_iri, self.agent
        self.add(run, RDF_TYPE, term("prov:Activity"))
        self.add(run, "rdfs:label", literal(f"{tool_agent()} extraction of {self.study.value.rsplit('/', 1)[1]}"))
        self.add(run, "prov:wasAssociatedWith", agent)
        self.add(run, "prov:used", self.study)
        self.add(agent, RDF_TYPE, term("prov:SoftwareAgent"))
        self.add(agent, "rdfs:label", literal(tool_agent()))
        self.add(agent, "foaf:name", literal("graphkit"))
        self.add(agent, "schema:softwareVersion", literal(__version__))

    def schemes(self) -> None:
        for triple in scheme_triples():
            self.triples.add(triple)
        for scheme, notation in sorted(self.concepts):
            c = concept(scheme, notation)
            self.add(c, RDF_TYPE, term("skos:Concept"))
            self.add(c, "skos:notation", literal(notation))
            self.add(c, "skos:inScheme", NamedNode(f"{SCHEME}{scheme}"))

    def run(self) -> set[Triple]:
        for entity in self.graph.entities.values():
            self.entity(entity)
        for relation in self.graph.relations.values():
            self.relation(relation)
        return self.rest()

    def lines(self, memo: Memo) -> list[bytes]:
        """The N-Triples lines (without " .") of ``run()``'s triples, sorted; each entity's and relation's
        lines from ``memo`` when it, the IRIs it can point to and the run are as in the build that kept them."""
        context = digest(canonical((sorted((k, v.value) for k, v in self.iris.items()), self.run_iri.value)))
        found: set[bytes] = set()
        parts = [(e, self.entity) for e in self.graph.entities.values()]
        parts += [(r, self.relation) for r in self.graph.relations.values()]
        for item, emit in parts:
            key = digest(context + canonical(item))
            part = memo.get(key)
            if part is None:
                part = self._part(emit, item)
                memo.put(key, part)
            if part[0]:
                found.update(part[0].split(b"\n"))
            self.concepts.update(part[1])
            self.sources.update(part[2])
        found.update(str(t).encode("utf-8") for t in self.rest())
        return sorted(found)  # UTF-8 bytes sort as their text does

    def _part(self, emit: Callable[[Any], None], item: Any) -> tuple[bytes, tuple, tuple[str, ...]]:
        """What ``emit(item)`` adds on its own: its lines (every passage it cites in full; as one UTF-8 text,
        which a memo loads far faster than a string a line), concepts and sources."""
        saved = self.triples, self.passages, self.concepts, self.sources
        self.triples, self.passages, self.concepts, self.sources = set(), set(), set(), set()
        try:
            emit(item)
            text = "\n".join(sorted(map(str, self.triples))).encode("utf-8")
            return text, tuple(sorted(self.concepts)), tuple(sorted(self.sources))
        finally:
            self.triples, self.passages, self.concepts, self.sources = saved

    def rest(self) -> set[Triple]:
        """The triples of the whole collection (figures, files, study, run, schemes, decisions), added to ``triples``."""
        for figure in self.graph.study.get("profile", []):
            self.figure(figure)
        self.files()
        self.study_description()
        self.activity()
        self.schemes()
        # the reviewer's decisions (graphkit.review.provenance): PROV-O beside the facts they revised
        from graphkit.review.provenance import review_triples

        self.triples.update(review_triples(self.graph, self.agent))
        return self.triples

    def figure(self, figure: dict) -> None:
        node = NamedNode(f"{ID}profile/{quote(figure['measure'], safe='')}")
        self.add(node, RDF_TYPE, term("gk:PublishedFigure"))
        self.add(node, "gk:measure", literal(figure["measure"]))
        self.add(node, "gk:published", literal(int(figure["published"])))
        if figure.get("note"):
            self.add(node, "gk:note", literal(figure["note"]))


class SortedTriples(list):
    """Triples already in the order of their N-Triples lines (``sort_triples`` leaves them as they are)."""


def to_triples(graph: Graph) -> SortedTriples:
    """All triples of the graph, sorted for byte-identical output."""
    return sort_triples(_Emitter(graph).run())


def ntriples_lines(graph: Graph, memo: Memo) -> list[bytes]:
    """The N-Triples lines of ``to_triples(graph)`` (UTF-8, each without its " ."), in order; the part of each entity
    and relation kept in ``memo`` for the next build."""
    return _Emitter(graph).lines(memo)


def sort_triples(triples: Iterable[Triple]) -> SortedTriples:
    """Triples in the order of their N-Triples lines: by subject, predicate, object.

    One ``str`` per triple is enough: an IRI ends at its ``>`` and a blank
    node label at its space, so no term's text is a prefix of another's."""
    if isinstance(triples, SortedTriples):  # sorting costs as much as writing the N-Triples: done once a build
        return triples
    return SortedTriples(sorted(triples, key=str))


def tool_agent() -> str:
    return f"graphkit {__version__}"
