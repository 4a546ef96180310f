"""SHACL on Oxigraph: the shapes compiled into SPARQL, one query per shape and constraint component.

Each query covers every focus node of its shape at once, so a validation runs a fixed number of
queries whatever the size of the graph. Only the parts of SHACL that ``ontology/shapes.ttl`` uses are
compiled: ``sh:targetClass``; ``sh:property`` with an IRI, ``sh:inversePath`` or sequence path;
``sh:minCount``, ``sh:maxCount``, ``sh:disjoint``, ``sh:class``, ``sh:datatype``, ``sh:in``,
``sh:minInclusive``, ``sh:minLength``, ``sh:or``, ``sh:not`` (of a shape of value constraints and
``sh:class``); ``sh:severity``, ``sh:message``, ``sh:deactivated``;
and SHACL-SPARQL constraints (``sh:select`` with ``sh:prefixes``) that do not use ``$this`` in their
pattern. Any other SHACL term on a shape raises :class:`UnsupportedShape`: a new kind of constraint
fails loudly instead of being skipped.

Only the shapes' own terms are written into queries, through :func:`_iri` and :func:`_literal`.

Oxigraph keeps a literal of a datatype it knows by its value, and SHACL sees what it keeps: a
non-canonical form is reported canonical (``"+01"^^xsd:integer`` as ``1``); ``xsd:int``, ``xsd:long``
and the other integer types become ``xsd:integer``; an integer beyond 64 bits is ill formed. graphkit
writes canonical ``xsd:integer`` literals only, so none of this shows in a build.

After a small change to a validated graph, :func:`recheck` runs each check again only for the nodes the changed
triples can reach, on the part of the graph that decides them (:mod:`graphkit.shacl_delta`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, Triple, parse

from graphkit.errors import BackendError
from graphkit.shacl_delta import Locality, affected, neighbourhood, path_locality, rule_locality
from graphkit.stores.oxigraph import sparql_code
from graphkit.validate import Result

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_CLASSES = {RDFS + "Class", "http://www.w3.org/2002/07/owl#Class"}

#: sh:datatype values: True where Oxigraph can cast a string to the datatype, which fails exactly on
#: an ill-formed lexical form; False where every lexical form is well formed
_DATATYPES = {XSD + "string": False, RDF + "langString": False} | {
    XSD + name: True for name in ("boolean", "integer", "decimal", "double", "float", "date", "dateTime",
                                  "time", "gYear", "gYearMonth", "duration")}
_NOT_CONSTRAINTS = {"severity", "message", "deactivated", "name", "description", "order", "group"}
_EXPRESSION_COMPONENTS = {"datatype", "in", "minInclusive", "minLength", "or"}
_VALUE_COMPONENTS = _EXPRESSION_COMPONENTS | {"class", "not"}
_PATH_COMPONENTS = {"minCount", "maxCount", "disjoint"}
_NODE_SHAPE_TERMS = _NOT_CONSTRAINTS | _VALUE_COMPONENTS | {"targetClass", "property", "sparql"}
_PROPERTY_SHAPE_TERMS = _NOT_CONSTRAINTS | _VALUE_COMPONENTS | _PATH_COMPONENTS | {"path"}
_SPARQL_TERMS = {"select", "prefixes", "message", "deactivated"}  # severity belongs to the shape
_DECLARATION_TERMS = {"declare", "prefix", "namespace"}
_SAFE_IRI = re.compile(r'[^<>"{}|^`\\\x00-\x20]+')
_PREFIX_NAME = re.compile(r"[A-Za-z](?:[\w.-]*[\w-])?")
_PRE_BOUND = re.compile(r"[?$](?:this|currentShape|shapesGraph)\b")

Term = NamedNode | BlankNode | Literal
Shapes = dict[Term, dict[str, list[Term]]]
Show = Callable[[Term], str]


class UnsupportedShape(BackendError):
    """The shapes use a part of SHACL that the Oxigraph engine does not compile."""


@dataclass(frozen=True)
class CoreCheck:
    """One constraint component of one shape: ``query`` selects ``?this``, and ``?value`` if it has one."""

    query: str
    shape: str | None  # the source shape's IRI, or its node shape and path when it is anonymous
    severity: str
    message: str
    path: str | None  # the result path, when it is an IRI
    classes: frozenset[str]  # the focus classes
    locality: Locality  # what a result about one focus node rests on


@dataclass(frozen=True)
class SparqlCheck:
    """A SHACL-SPARQL constraint: ``select`` runs once and each row applies to every node ``focus_query`` selects."""

    select: str
    focus_query: str
    shape: str | None
    severity: str
    message: str
    locality: Locality | None  # what a row about one ``?value`` rests on, when the rule can be read so


@dataclass(frozen=True)
class Compiled:
    core: tuple[CoreCheck, ...]
    sparql: tuple[SparqlCheck, ...]


def _iri(term: Term) -> str:
    """``<iri>`` for a named node of the shapes; nothing else is written into a query as an IRI."""
    if not isinstance(term, NamedNode) or not _SAFE_IRI.fullmatch(term.value):
        raise UnsupportedShape(f"{term}: an IRI is needed here")
    return f"<{term.value}>"


def _literal(term: Term) -> str:
    if not isinstance(term, Literal):
        raise UnsupportedShape(f"{term}: a literal is needed here")
    return str(term)  # pyoxigraph writes it as N-Triples, escaped: also a SPARQL literal


def _term(term: Term) -> str:
    return _iri(term) if isinstance(term, NamedNode) else _literal(term)


def _integer(term: Term) -> int:
    if not isinstance(term, Literal) or term.datatype.value != XSD + "integer":
        raise UnsupportedShape(f"{term}: an xsd:integer is needed here")
    return int(term.value)


def _read(turtle: str) -> tuple[Shapes, dict[str, str]]:
    """Every subject's objects by predicate, and the file's prefixes (to name IRIs in messages)."""
    shapes: Shapes = {}
    parser = parse(turtle, format=RdfFormat.TURTLE)
    for quad in parser:
        shapes.setdefault(quad.subject, {}).setdefault(quad.predicate.value, []).append(quad.object)
    return shapes, parser.prefixes


def _objects(shapes: Shapes, node: Term, local: str) -> list[Term]:
    return shapes.get(node, {}).get(SH + local, [])


def _one(shapes: Shapes, node: Term, predicate: str) -> Term | None:
    values = shapes.get(node, {}).get(predicate, [])
    if len(values) > 1:
        raise UnsupportedShape(f"{node}: more than one {predicate}")
    return values[0] if values else None


def _list(shapes: Shapes, head: Term) -> list[Term]:
    items, node = [], head
    while node != NamedNode(RDF + "nil"):
        first, node = _one(shapes, node, RDF + "first"), _one(shapes, node, RDF + "rest")
        if first is None or node is None:
            raise UnsupportedShape(f"{head}: not a well-formed RDF list")
        items.append(first)
    return items


def _sh_terms(shapes: Shapes, node: Term) -> set[str]:
    """The SHACL local names of the node's predicates."""
    return {p[len(SH):] for p in shapes.get(node, {}) if p.startswith(SH)}


def _refuse_unknown(node: Term, terms: set[str], allowed: set[str], what: str) -> None:
    unknown = sorted(terms - allowed)
    if unknown:
        raise UnsupportedShape(
            f"{node}: sh:{', sh:'.join(unknown)} on a {what} is not supported by the Oxigraph engine "
            "(extend graphkit/shacl_sparql.py, or validate with engine='pyshacl')")


def _active(shapes: Shapes, node: Term) -> bool:
    flag = _one(shapes, node, SH + "deactivated")
    return not (isinstance(flag, Literal) and flag.value == "true")


def _severity(shapes: Shapes, shape: Term) -> str:
    severity = _one(shapes, shape, SH + "severity")
    return severity.value.rsplit("#", 1)[-1] if severity is not None else "Violation"


def _message(shapes: Shapes, *nodes: Term) -> str | None:
    """The first node's ``sh:message``; of several, the least, as the pySHACL engine reports."""
    for node in nodes:
        messages = _objects(shapes, node, "message")
        if messages:
            return min(m.value for m in messages)
    return None


def _namer(prefixes: dict[str, str]) -> Show:
    """Short names for default messages: ``dcterms:identifier`` rather than the whole IRI."""
    longest_first = sorted(((p, ns) for p, ns in prefixes.items() if ns), key=lambda item: -len(item[1]))

    def show(term: Term) -> str:
        if isinstance(term, Literal):
            return term.value
        for prefix, namespace in longest_first:
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return f"<{term.value}>"

    return show


def _path(shapes: Shapes, node: Term, show: Show) -> tuple[str, str]:
    """The SPARQL property path of a ``sh:path`` value, and how a message names it."""
    if isinstance(node, NamedNode):
        return _iri(node), show(node)
    predicates = set(shapes.get(node, {}))
    if predicates == {SH + "inversePath"}:
        query, shown = _path(shapes, _one(shapes, node, SH + "inversePath"), show)
        return f"^({query})", f"^{shown}"
    if predicates == {RDF + "first", RDF + "rest"}:
        steps = [_path(shapes, step, show) for step in _list(shapes, node)]
        return "(" + "/".join(q for q, _ in steps) + ")", "/".join(s for _, s in steps)
    raise UnsupportedShape(f"{node}: only IRI, sh:inversePath and sequence paths are supported")


def _steps(shapes: Shapes, node: Term) -> list[tuple[NamedNode, bool]]:
    """A ``sh:path`` (checked by :func:`_path`) as its steps: (predicate, inverse)."""
    if isinstance(node, NamedNode):
        return [(node, False)]
    inverse = _one(shapes, node, SH + "inversePath")
    if inverse is not None:
        return [(predicate, not backward) for predicate, backward in reversed(_steps(shapes, inverse))]
    return [step for part in _list(shapes, node) for step in _steps(shapes, part)]


def _instance_of(variable: str, cls: Term) -> str:
    return f"{variable} <{RDF}type>/<{RDFS}subClassOf>* {_iri(cls)}"


def _condition(shapes: Shapes, name: str, value: Term) -> str:
    """A SPARQL expression true when ``?value`` meets one value constraint, false otherwise (never an error).
    Not for ``sh:class``: EXISTS costs Oxigraph ~0.1 ms a value, so that one is an OPTIONAL pattern."""
    if name == "datatype":
        if value.value not in _DATATYPES:
            raise UnsupportedShape(f"sh:datatype {value}: its lexical forms cannot be checked in SPARQL")
        test = f"isLITERAL(?value) && sameTerm(DATATYPE(?value), {_iri(value)})"
        if _DATATYPES[value.value]:
            test += f" && isLITERAL({_iri(value)}(STR(?value)))"
    elif name == "in":
        test = " || ".join(f"sameTerm(?value, {_term(member)})" for member in _list(shapes, value)) or "false"
    elif name == "minInclusive":
        test = f"{_literal(value)} <= ?value"  # an error where the two do not compare: a violation
    elif name == "minLength":
        test = f"!isBLANK(?value) && STRLEN(STR(?value)) >= {_integer(value)}"
    else:  # "or"
        test = " || ".join(f"({_conforms(shapes, member)})" for member in _list(shapes, value)) or "false"
    return f"COALESCE({test}, false)"


def _conforms(shapes: Shapes, member: Term) -> str:
    """The expression for ``?value`` conforming to a shape of an ``sh:or`` list (value constraints only)."""
    terms = _sh_terms(shapes, member)
    _refuse_unknown(member, terms, _EXPRESSION_COMPONENTS, "shape inside sh:or")
    tests = [_condition(shapes, name, value) for name in sorted(terms) for value in _objects(shapes, member, name)]
    return " && ".join(tests) or "true"


def _conforms_with_class(shapes: Shapes, member: Term) -> str:
    """The expression for ``?value`` conforming to the shape inside ``sh:not``: value constraints and
    ``sh:class`` (an EXISTS here: ``sh:not`` guards few nodes, the files and the services)."""
    terms = _sh_terms(shapes, member)
    _refuse_unknown(member, terms, _EXPRESSION_COMPONENTS | {"class"}, "shape inside sh:not")
    tests = [f"EXISTS {{ {_instance_of('?value', cls)} }}" for cls in _objects(shapes, member, "class")]
    tests += [_condition(shapes, name, value) for name in sorted(terms - {"class"}) for value in _objects(shapes, member, name)]
    return " && ".join(tests) or "true"


def _focus(classes: Iterable[Term]) -> str:
    """A sub-select of the instances of ``classes`` as ``?this``, each once."""
    union = " UNION ".join(f"{{ {_instance_of('?this', cls)} }}" for cls in sorted(classes, key=str))
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def _default_message(name: str, value: Term, path: str | None, show: Show) -> str:
    return {
        "minCount": lambda: f"fewer than {value.value} value(s) of {path}",
        "maxCount": lambda: f"more than {value.value} value(s) of {path}",
        "disjoint": lambda: f"a value of {path} is also a value of {show(value)}",
        "class": lambda: f"a value is not an instance of {show(value)}",
        "datatype": lambda: f"a value is not a well-formed {show(value)} literal",
        "in": lambda: "a value is not one of those allowed (sh:in)",
        "minInclusive": lambda: f"a value is less than {show(value)}, or not comparable to it",
        "minLength": lambda: f"a value is shorter than {value.value} character(s), or is a blank node",
        "or": lambda: "a value conforms to none of the shapes of sh:or",
        "not": lambda: "a value conforms to the shape of sh:not",
    }[name]()


def shape_name(owner: str | None, shown_path: str, show: Show) -> str:
    """How a result names an anonymous property shape: its node shape and its path, ``gksh:ChildShape/gk:role``."""
    return f"{show(NamedNode(owner)) if owner else '_'}/{shown_path}"


@lru_cache(maxsize=4)
def shapes_namer(turtle: str) -> Show:
    """Short names by the prefixes of the shapes file, for messages and shape names."""
    return _namer(_read(turtle)[1])


def _owner(shapes: Shapes, shape: Term) -> str | None:
    """The node shape (the least IRI, if several) whose ``sh:property`` is ``shape``."""
    owners = sorted(node.value for node, predicates in shapes.items() if isinstance(node, NamedNode)
                    and shape in predicates.get(SH + "property", []))
    return owners[0] if owners else None


def _core_checks(shapes: Shapes, shape: Term, classes: set[Term], show: Show) -> list[CoreCheck]:
    """One check per constraint of ``shape``, each over all the instances of ``classes``."""
    path_node = _one(shapes, shape, SH + "path")
    if path_node is None:
        shown_path, values = None, "BIND (?this AS ?value)"  # a node shape's value node is its focus node
    else:
        path, shown_path = _path(shapes, path_node, show)
        values = f"?this {path} ?value ."
    steps = _steps(shapes, path_node) if path_node is not None else []
    if isinstance(shape, NamedNode):
        source: str | None = shape.value
    else:
        source = shape_name(_owner(shapes, shape), shown_path or "", show)
    focus = _focus(classes)
    checks = []
    for name in sorted((_VALUE_COMPONENTS | _PATH_COMPONENTS) & _sh_terms(shapes, shape)):
        for value in _objects(shapes, shape, name):
            if name == "minCount":
                query = (f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ {values} }} }} "
                         f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {_integer(value)})")
            elif name == "maxCount":
                query = (f"SELECT ?this WHERE {{ {focus} {values} }} "
                         f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {_integer(value)})")
            elif name == "class":  # a literal is the subject of no triple: never an instance
                query = (f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} "
                         f"OPTIONAL {{ ?value <{RDF}type> ?class . ?class <{RDFS}subClassOf>* {_iri(value)} }} "
                         "FILTER (!BOUND(?class)) }")
            elif name == "not":
                query = (f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} "
                         f"FILTER ({_conforms_with_class(shapes, value)}) }}")
            elif name == "disjoint":
                query = f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} ?this {_iri(value)} ?value . }}"
            else:
                query = (f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} "
                         f"FILTER (!{_condition(shapes, name, value)}) }}")
            checks.append(CoreCheck(
                query=query,
                shape=source,
                severity=_severity(shapes, shape),
                message=_message(shapes, shape) or _default_message(name, value, shown_path, show),
                path=path_node.value if isinstance(path_node, NamedNode) else None,
                classes=frozenset(c.value for c in classes),
                locality=path_locality(steps, value_type=name in ("class", "not"),
                                       disjoint=value if name == "disjoint" and isinstance(value, NamedNode) else None),
            ))
    return checks


def _prefix_declarations(shapes: Shapes, constraint: Term) -> str:
    lines = set()
    for holder in _objects(shapes, constraint, "prefixes"):
        for declaration in _objects(shapes, holder, "declare"):
            prefix, namespace = _one(shapes, declaration, SH + "prefix"), _one(shapes, declaration, SH + "namespace")
            if prefix is None or namespace is None or not _PREFIX_NAME.fullmatch(prefix.value):
                raise UnsupportedShape(f"{holder}: a malformed sh:declare")
            lines.add(f"PREFIX {prefix.value}: {_iri(NamedNode(namespace.value))}")
    return "".join(line + "\n" for line in sorted(lines))


def _graph_wide(select: str) -> bool:
    """Whether the query's pattern (past its projection) leaves ``$this`` and the other pre-bound variables unused."""
    code = sparql_code(select)  # a variable name inside a string, IRI or comment is not a use
    return _PRE_BOUND.search(code, max(code.find("{"), 0)) is None


def _sparql_checks(shapes: Shapes, shape: Term, classes: set[Term]) -> list[SparqlCheck]:
    """The shape's SHACL-SPARQL constraints. Each runs once: a query whose pattern does not mention
    ``$this`` has the same solutions whatever node is pre-bound to it, so every focus node gets them all."""
    checks = []
    for constraint in _objects(shapes, shape, "sparql"):
        _refuse_unknown(constraint, _sh_terms(shapes, constraint), _SPARQL_TERMS, "SPARQL constraint")
        select = _one(shapes, constraint, SH + "select")
        if not _active(shapes, constraint):
            continue
        if not isinstance(select, Literal):
            raise UnsupportedShape(f"{shape}: a SPARQL constraint needs one sh:select")
        if not _graph_wide(select.value):
            raise UnsupportedShape(
                f"{shape}: the Oxigraph engine runs each SPARQL constraint once for all its focus nodes, "
                "so its pattern cannot use $this (write the rule for the whole graph, as shapes.ttl does)")
        checks.append(SparqlCheck(
            select=_prefix_declarations(shapes, constraint) + select.value,
            focus_query=f"SELECT ?this WHERE {{ {_focus(classes)} }}",
            shape=shape.value if isinstance(shape, NamedNode) else None,
            severity=_severity(shapes, shape),
            message=_message(shapes, constraint, shape) or f"a SPARQL constraint of {shape.value} is not met",
            locality=rule_locality(_prefix_declarations(shapes, constraint) + select.value),
        ))
    return checks


def _shape_nodes(shapes: Shapes) -> tuple[list[Term], list[Term]]:
    """The node shapes and the property shapes: every node with a SHACL term that is not part of another
    shape (a SPARQL constraint, a path, a shape inside ``sh:or``) nor a prefix declaration."""
    parts: set[Term] = set()
    for node in shapes:
        parts.update(_objects(shapes, node, "sparql"))
        parts.update(_objects(shapes, node, "path"))
        parts.update(_objects(shapes, node, "inversePath"))
        for head in _objects(shapes, node, "or"):
            parts.update(_list(shapes, head))
        parts.update(_objects(shapes, node, "not"))
    property_shapes = {p for node in shapes for p in _objects(shapes, node, "property")}
    node_shapes = set()
    for node, predicates in shapes.items():
        types = {t.value for t in predicates.get(RDF + "type", [])}
        if SH + "PropertyShape" in types or SH + "path" in predicates:
            property_shapes.add(node)
        elif node not in parts and (SH + "NodeShape" in types or not _sh_terms(shapes, node) <= _DECLARATION_TERMS):
            node_shapes.add(node)
    return sorted(node_shapes - property_shapes, key=str), sorted(property_shapes, key=str)


@lru_cache(maxsize=4)
def compile_shapes(turtle: str) -> Compiled:
    """The checks of the shapes in ``turtle``; refuses any SHACL term it cannot compile."""
    shapes, _ = _read(turtle)
    show = shapes_namer(turtle)
    node_shapes, property_shapes = _shape_nodes(shapes)
    focus_classes: dict[Term, set[Term]] = {}
    sparql: list[SparqlCheck] = []
    for node in node_shapes:
        _refuse_unknown(node, _sh_terms(shapes, node), _NODE_SHAPE_TERMS, "node shape")
        if {t.value for t in shapes[node].get(RDF + "type", [])} & _CLASSES:
            raise UnsupportedShape(f"{node}: implicit class targets are not supported by the Oxigraph engine")
        if not _active(shapes, node):
            continue
        classes = set(_objects(shapes, node, "targetClass"))
        for shape in [node, *_objects(shapes, node, "property")]:
            focus_classes.setdefault(shape, set()).update(classes)
        if classes:
            sparql += _sparql_checks(shapes, node, classes)
    for shape in property_shapes:
        _refuse_unknown(shape, _sh_terms(shapes, shape), _PROPERTY_SHAPE_TERMS, "property shape")
        if _one(shapes, shape, SH + "path") is None:
            raise UnsupportedShape(f"{shape}: a property shape needs one sh:path")
    core = [check for shape, classes in sorted(focus_classes.items(), key=lambda item: str(item[0]))
            if classes and _active(shapes, shape) for check in _core_checks(shapes, shape, classes, show)]
    return Compiled(tuple(core), tuple(sparql))


@lru_cache(maxsize=4)
def graph_rule_shapes(turtle: str) -> frozenset[str]:
    """The shapes with a SPARQL constraint written for the whole graph (``$this`` unused in its pattern):
    the node at fault in their results is the value, not the focus node."""
    shapes, _ = _read(turtle)
    return frozenset(
        shape.value for shape, predicates in shapes.items() if isinstance(shape, NamedNode)
        for constraint in predicates.get(SH + "sparql", [])
        for select in _objects(shapes, constraint, "select")
        if _active(shapes, constraint) and isinstance(select, Literal) and _graph_wide(select.value))


def _string(term: object) -> str:
    return term.value if isinstance(term, (NamedNode, BlankNode, Literal)) else str(term)


def _fill(template: str, bindings: dict[str, object]) -> str:
    """A SPARQL constraint's message with each ``{?name}`` / ``{$name}`` replaced by the bound value."""
    for name, value in bindings.items():
        if value is not None:
            template = template.replace("{?" + name + "}", _string(value)).replace("{$" + name + "}", _string(value))
    return template


#: a result and the node it is about (a core check's focus node, a rule's value; N-Triples), None if none
Row = tuple["str | None", Result]


def _core_rows(store: Store, check: CoreCheck) -> list[Row]:
    solutions = store.query(check.query)
    with_value = "value" in [v.value for v in solutions.variables]
    return [(str(row["this"]), Result(
        severity=check.severity, focus=row["this"].value, path=check.path,
        value=row["value"].value if with_value else None, message=check.message, shape=check.shape,
    )) for row in solutions]


def _rule_rows(store: Store, rule: SparqlCheck, focus_nodes: list[Term]) -> list[Row]:
    if not focus_nodes:
        return []
    solutions = store.query(rule.select)
    names = [v.value for v in solutions.variables]
    rows = []
    for row in solutions:
        bindings = {name: row[name] for name in names}
        path, value = bindings.get("path"), bindings.get("value")
        for focus in focus_nodes:
            rows.append((None if value is None else str(value), Result(
                severity=rule.severity, focus=focus.value,
                path=path.value if isinstance(path, NamedNode) else None,
                value=_string(focus if value is None else value),  # a node shape's default value: the focus
                message=_fill(rule.message, bindings | {"this": focus}), shape=rule.shape,
            )))
    return rows


def _focus_nodes(store: Store, rule: SparqlCheck) -> list[Term]:
    return sorted((row["this"] for row in store.query(rule.focus_query)), key=str)


@dataclass
class Checked:
    """The rows of every check (core checks first, in order), and the focus nodes of each SPARQL rule."""

    rows: list[list[Row]]
    focus: list[list[str]]

    def results(self) -> list[Result]:
        """Unsorted, possibly repeated."""
        return [result for rows in self.rows for _, result in rows]


def check_rows(store: Store, compiled: Compiled) -> Checked:
    """Every check run on ``store`` (its default graph)."""
    focus = [_focus_nodes(store, rule) for rule in compiled.sparql]
    rows = [_core_rows(store, check) for check in compiled.core]
    rows += [_rule_rows(store, rule, nodes) for rule, nodes in zip(compiled.sparql, focus)]
    return Checked(rows, [[str(n) for n in nodes] for nodes in focus])


def run_checks(store: Store, compiled: Compiled) -> list[Result]:
    """The results of every check on ``store`` (its default graph), unsorted, possibly repeated."""
    return check_rows(store, compiled).results()


_SUBCLASS = NamedNode(RDFS + "subClassOf")


def recheck(graph: Store, compiled: Compiled, before: Checked, changed: list[Triple]) -> Checked | None:
    """The checks of ``graph`` from those of the graph before it (``before``), which differed by the ``changed``
    triples (added or removed): each check is run again only for the nodes the change can affect, on the part of
    ``graph`` that decides them. None when only a run on the whole graph can answer: a check whose rows are not
    about one node each, a change of the classes, a rule whose focus nodes changed."""
    checks: list[CoreCheck | SparqlCheck] = [*compiled.core, *compiled.sparql]
    if len(before.rows) != len(checks) or any(c.locality is None for c in checks) or any(
            key is None for rows in before.rows for key, _ in rows):
        return None
    if any(t.predicate == _SUBCLASS for t in changed) or next(graph.quads_for_pattern(None, _SUBCLASS, None, DefaultGraph()), None):
        return None  # instances of a class are read through rdfs:subClassOf*: not one node's own
    focus = [_focus_nodes(graph, rule) for rule in compiled.sparql]
    if [[str(n) for n in nodes] for nodes in focus] != before.focus:
        return None
    found: dict[Locality, set] = {}
    types: dict[object, set[str]] = {}

    def classes(node: object) -> set[str]:
        if node not in types:
            types[node] = set() if isinstance(node, Literal) else {
                q.object.value for q in graph.quads_for_pattern(node, NamedNode(RDF + "type"), None, DefaultGraph())}
        return types[node]

    plans = []
    for check in checks:
        if check.locality not in found:
            found[check.locality] = affected(check.locality, changed, graph)
        nodes = found[check.locality]
        again = {n for n in nodes if classes(n) & check.classes} if isinstance(check, CoreCheck) else nodes
        plans.append(({str(n) for n in nodes}, again))
    wanted: dict[Locality, set] = {}
    for check, (_, again) in zip(checks, plans):
        wanted.setdefault(check.locality, set()).update(again)
    small = Store()
    for locality, nodes in wanted.items():
        small.extend(Quad(t.subject, t.predicate, t.object) for t in neighbourhood(locality, nodes, graph))
    rows: list[list[Row]] = []
    rule_focus = iter(focus)
    for check, old, (gone, again) in zip(checks, before.rows, plans):
        nodes = next(rule_focus) if isinstance(check, SparqlCheck) else []
        kept = [row for row in old if row[0] not in gone]
        if again:
            names = {str(n) for n in again}
            fresh = _core_rows(small, check) if isinstance(check, CoreCheck) else _rule_rows(small, check, nodes)
            kept += [row for row in fresh if row[0] in names]
        rows.append(kept)
    return Checked(rows, before.focus)
