"""Which results of a SHACL check a small change to the graph can alter, and the part of the graph that decides them.

A compiled check (:mod:`graphkit.shacl_sparql`) reports nodes: the focus node of a core constraint, the value of
a SPARQL rule written for the whole graph. Its result about a node ``n`` rests only on the triples that match its
triple patterns in an *instance* joined to ``n``: the check's :class:`Locality`. So after the graph changed by a
few triples, a node's result can differ only if a changed triple matches one of the patterns and the other
patterns lead from it to the node (:func:`affected`), and it can be recomputed on a small graph: the triples the
patterns reach from the node (:func:`neighbourhood`).

Both walk the patterns in the graph *after* the change. A removed triple that an old instance needed on the way
is itself a changed triple, nearer the node: walking from it reaches the node (by induction on the distance), so
no affected node is missed. :func:`rule_locality` reads the patterns of a SPARQL rule; a rule it cannot read
(property paths, sub-queries, ``VALUES``, a pattern not joined to the node...) has no locality, and the caller
validates the whole graph.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Iterator

from pyoxigraph import DefaultGraph, Literal, NamedNode, Triple

if TYPE_CHECKING:
    from pyoxigraph import Store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: a term of a pattern: a variable ("?name"), an IRI, or ANY (a literal constant: matched by any object)
ANY = None
_MAX_ALTERNATIVES = 64


@dataclass(frozen=True)
class Pattern:
    """A triple pattern: each term a variable ("?name"), an IRI, or ANY."""

    subject: str | NamedNode | None
    predicate: str | NamedNode
    object: str | NamedNode | None


@dataclass(frozen=True)
class Locality:
    """The patterns a check's result about the node bound to ``key`` rests on, one tuple per alternative
    (a ``UNION`` gives one alternative per branch)."""

    key: str
    alternatives: tuple[tuple[Pattern, ...], ...]

    @cached_property
    def by_predicate(self) -> dict[object, list[tuple[int, int]]]:
        """(alternative, pattern) of each pattern by its predicate; a variable predicate under None."""
        index: dict[object, list[tuple[int, int]]] = {}
        for a, patterns in enumerate(self.alternatives):
            for i, pattern in enumerate(patterns):
                index.setdefault(None if _is_var(pattern.predicate) else pattern.predicate, []).append((a, i))
        return index


def _is_var(term: object) -> bool:
    return isinstance(term, str)


def path_locality(steps: list[tuple[NamedNode, bool]], *, value_type: bool, disjoint: NamedNode | None) -> Locality:
    """A core check's locality: the focus node's types, its path's steps (``(predicate, inverse)``), the types of
    the values when the check reads them, and the ``sh:disjoint`` predicate's values."""
    patterns = [Pattern("?this", NamedNode(RDF_TYPE), "?focus_type")]
    nodes = ["?this", *[f"?step{i}" for i in range(1, len(steps))], "?value"] if steps else ["?this"]
    for i, (predicate, inverse) in enumerate(steps):
        here, there = nodes[i], nodes[i + 1]
        patterns.append(Pattern(there, predicate, here) if inverse else Pattern(here, predicate, there))
    if value_type:
        patterns.append(Pattern(nodes[-1], NamedNode(RDF_TYPE), "?value_type"))
    if disjoint is not None:
        patterns.append(Pattern("?this", disjoint, "?value"))
    return Locality("?this", (tuple(patterns),))


# --- the patterns of a SPARQL rule -------------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<skip>\s+|\#[^\n]*)
  | (?P<string>(?:\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
               (?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:<[^<>"{}|^`\\\x00-\x20]*>|[A-Za-z_][\w.-]*:[\w.%-]*))?)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z_0-9]\w*)
  | (?P<pname>(?:[A-Za-z_][\w.-]*)?:[\w.%-]*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<punct>&&|\|\||!=|<=|>=|\^\^|[{}()\[\].;,^/|*+!=<>?-])
""", re.VERBOSE | re.DOTALL)
_UNREAD = {"VALUES", "GRAPH", "SERVICE", "SELECT", "FROM", "LATERAL"}


class _Unreadable(Exception):
    pass


@dataclass
class _Group:
    """A group graph pattern: its own triple patterns, the variables it names itself (patterns and filters), and
    its parts, each a list of alternatives: one group for a plain, OPTIONAL or negated group, one per UNION branch."""

    patterns: list[Pattern]
    parts: list[list["_Group"]]
    names: set[str]
    negated: bool = False  # NOT EXISTS, EXISTS or MINUS: its variables are its own unless named outside it
    optional: bool = False

    def binds(self, key: str) -> bool:
        """Whether every solution of the group binds ``key``: a pattern of its own, or a part every branch of
        which binds it (not an OPTIONAL nor a negated one)."""
        return key in _nodes(self.patterns) or any(
            all(branch.binds(key) and not (branch.optional or branch.negated) for branch in part) for part in self.parts)

    def variables(self) -> set[str]:
        return self.names.union(*(branch.variables() for part in self.parts for branch in part))


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, at = [], 0
    while at < len(text):
        m = _TOKEN.match(text, at)
        if m is None:
            raise _Unreadable(text[at:at + 20])
        at = m.end()
        if m.lastgroup != "skip":
            tokens.append((m.lastgroup or "", m.group()))
    return tokens


class _Reader:
    """A reader of the part of SPARQL a rule for the whole graph is written in: anything else is _Unreadable."""

    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens, self.at = tokens, 0
        self.prefixes: dict[str, str] = {}
        self.computed: set[str] = set()  # variables a BIND sets

    def peek(self) -> str:
        return self.tokens[self.at][1] if self.at < len(self.tokens) else ""

    def take(self) -> tuple[str, str]:
        if self.at >= len(self.tokens):
            raise _Unreadable("unexpected end")
        self.at += 1
        return self.tokens[self.at - 1]

    def keyword(self) -> str:
        return self.peek().upper() if self.at < len(self.tokens) and self.tokens[self.at][0] == "word" else ""

    def expect(self, text: str) -> None:
        if self.take()[1].upper() != text:
            raise _Unreadable(f"expected {text}")

    def where(self) -> _Group:
        while self.keyword() in ("PREFIX", "BASE"):
            if self.take()[1].upper() == "BASE":
                raise _Unreadable("BASE")
            name, iri = self.take()[1], self.take()[1]
            self.prefixes[name] = iri[1:-1]
        while self.peek() != "{":
            self.take()  # SELECT, its projection, WHERE
        group = self.group()
        if self.at < len(self.tokens):
            raise _Unreadable("solution modifiers")  # GROUP BY, HAVING, LIMIT: a node's rows are not its own
        return group

    def group(self, negated: bool = False, optional: bool = False) -> _Group:
        self.expect("{")
        group = _Group([], [], set(), negated, optional)
        while self.peek() != "}":
            word = self.keyword()
            if self.peek() == "{":
                branches = [self.group()]
                while self.keyword() == "UNION":
                    self.take()
                    branches.append(self.group())
                group.parts.append(branches)
            elif word in ("OPTIONAL", "MINUS"):
                self.take()
                group.parts.append([self.group(negated=word == "MINUS", optional=word == "OPTIONAL")])
            elif word in ("FILTER", "BIND"):
                self.take()
                self.expression(group, bind=word == "BIND")
            elif word in _UNREAD:
                raise _Unreadable(word)
            elif self.peek() == ".":
                self.take()
            else:
                self.triples(group)
        self.take()
        return group

    def expression(self, group: _Group, bind: bool) -> None:
        """A FILTER or BIND expression: read for the groups of its EXISTS and the variables it names."""
        if self.keyword() in ("NOT", "EXISTS"):
            if self.take()[1].upper() == "NOT":
                self.expect("EXISTS")
            group.parts.append([self.group(negated=True)])
            return
        if self.peek() != "(":
            self.take()  # a function's name: FILTER regex(...)
        depth = 0
        while True:
            kind, text = self.take()
            if kind == "var":
                if bind and self.tokens[self.at - 2][1].upper() == "AS":
                    self.computed.add("?" + text[1:])
                group.names.add("?" + text[1:])
            elif kind == "word" and text.upper() == "EXISTS":
                group.parts.append([self.group(negated=True)])
            elif text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
                if depth == 0:
                    return

    def term(self, group: _Group, position: str) -> str | NamedNode | None:
        kind, text = self.take()
        if kind == "var":
            group.names.add("?" + text[1:])
            return "?" + text[1:]
        if kind == "iri":
            return NamedNode(text[1:-1])
        if kind == "pname":
            prefix, _, local = text.partition(":")
            if prefix + ":" not in self.prefixes:
                raise _Unreadable(f"unknown prefix {prefix}")
            return NamedNode(self.prefixes[prefix + ":"] + local)
        if kind == "word" and text == "a" and position == "predicate":
            return NamedNode(RDF_TYPE)
        if position == "object" and (kind in ("string", "number") or text in ("true", "false")):
            return ANY
        raise _Unreadable(text)  # a property path, a blank node, a collection

    def triples(self, group: _Group) -> None:
        subject = self.term(group, "subject")
        while True:
            predicate = self.term(group, "predicate")
            group.patterns.append(Pattern(subject, predicate, self.term(group, "object")))
            while self.peek() == ",":
                self.take()
                group.patterns.append(Pattern(subject, predicate, self.term(group, "object")))
            if self.peek() != ";":
                break
            while self.peek() == ";":
                self.take()
            if self.peek() in (".", "}"):
                break
        if self.peek() == ".":
            self.take()
        elif self.peek() not in ("}", "{") and self.keyword() not in ("FILTER", "BIND", "OPTIONAL", "MINUS"):
            raise _Unreadable(self.peek())


def _alternatives(group: _Group, outside: set[str]) -> list[tuple[Pattern, ...]]:
    """Every combination of one branch per UNION, as the triple patterns it joins. A variable of a negated
    group that nothing outside it names is the group's own: renamed, so two groups' own ``?n`` stay apart."""
    choices = [[tuple(group.patterns)]]
    bound = _nodes(group.patterns) | {p.predicate for p in group.patterns if _is_var(p.predicate)}
    for i, part in enumerate(group.parts):
        # what a solution around this part binds: a negated group's variables are not bound outside it
        around = outside | bound
        around = around.union(*(b.variables() for j, other in enumerate(group.parts) if j != i for b in other if not b.negated))
        choices.append([patterns for branch in part for patterns in _alternatives(branch, around)])
    found = []
    for combination in itertools.product(*choices):
        found.append(tuple(p for patterns in combination for p in patterns))
        if len(found) > _MAX_ALTERNATIVES:
            raise _Unreadable("too many alternatives")
    if group.negated:
        local = group.variables() - outside
        found = [tuple(_renamed(p, local, id(group)) for p in patterns) for patterns in found]
    return found


def _renamed(pattern: Pattern, local: set[str], scope: int) -> Pattern:
    def name(term: object) -> object:
        return f"{term}@{scope}" if _is_var(term) and term in local else term
    return Pattern(name(pattern.subject), name(pattern.predicate), name(pattern.object))


def rule_locality(select: str, key: str = "?value") -> Locality | None:
    """The locality of a SPARQL rule whose rows are about ``key``, or None when the rule cannot be read as one:
    then only validating the whole graph answers it."""
    try:
        reader = _Reader(_tokens(select))
        where = reader.where()
        alternatives = _alternatives(where, set())
    except (_Unreadable, IndexError):
        return None
    if not where.binds(key):
        return None  # a row without the node it is about
    for patterns in alternatives:
        nodes = _nodes(patterns)
        if not _joined(patterns, key) or nodes & reader.computed or any(p.predicate in nodes for p in patterns if _is_var(p.predicate)):
            return None  # a pattern apart from the key, a computed value or a predicate joining two patterns
    return Locality(key, tuple(alternatives))


def _nodes(patterns: Iterable[Pattern]) -> set[str]:
    return {t for p in patterns for t in (p.subject, p.object) if _is_var(t)}


def _joined(patterns: tuple[Pattern, ...], key: str) -> bool:
    """Whether every pattern has a variable and is joined to ``key`` (so every row names the node at ``key``)."""
    reached, left = {key}, list(patterns)
    if key not in _nodes(patterns):
        return False
    while left:
        joined = [p for p in left if {p.subject, p.object} & reached]
        if not joined:
            return False
        for p in joined:
            reached |= {t for t in (p.subject, p.object) if _is_var(t)}
        left = [p for p in left if p not in joined]
    return True


# --- walking the patterns in a graph ----------------------------------------------------------------------------

def _matches(pattern: Pattern, triple: Triple) -> bool:
    for term, value in ((pattern.subject, triple.subject), (pattern.predicate, triple.predicate), (pattern.object, triple.object)):
        if isinstance(term, NamedNode) and term != value:
            return False
    return True


def _step(graph: "Store", pattern: Pattern, node: object, forward: bool) -> Iterator[tuple[object, Triple]]:
    """From ``node`` bound to the pattern's subject (``forward``) or object, the other end of each matching triple."""
    predicate = pattern.predicate if isinstance(pattern.predicate, NamedNode) else None
    other = pattern.object if forward else pattern.subject
    constant = other if isinstance(other, NamedNode) else None
    if isinstance(node, Literal) and forward:
        return
    quads = (graph.quads_for_pattern(node, predicate, constant, DefaultGraph()) if forward
             else graph.quads_for_pattern(constant, predicate, node, DefaultGraph()))
    for quad in quads:
        yield (quad.object if forward else quad.subject), quad.triple


def _walks(patterns: tuple[Pattern, ...], start: Pattern, variable: str, key: str) -> Iterator[list[tuple[Pattern, bool]]]:
    """Every simple walk over the patterns (``start`` aside) from ``variable`` to ``key``: (pattern, forward) steps."""
    def extend(at: str, used: set[int], seen: set[str]) -> Iterator[list[tuple[Pattern, bool]]]:
        if at == key:
            yield []
            return
        for i, p in enumerate(patterns):
            if i in used or p is start:
                continue
            for here, there, forward in ((p.subject, p.object, True), (p.object, p.subject, False)):
                if here == at and _is_var(there) and there not in seen:
                    for rest in extend(there, used | {i}, seen | {there}):
                        yield [(p, forward), *rest]
    yield from extend(variable, set(), {variable})


def _follow(graph: "Store", walk: list[tuple[Pattern, bool]], node: object) -> set[object]:
    nodes = {node}
    for pattern, forward in walk:
        nodes = {other for n in nodes for other, _ in _step(graph, pattern, n, forward)}
    return nodes


def affected(locality: Locality, changed: Iterable[Triple], graph: "Store") -> set[object]:
    """The nodes whose result the changed triples can alter: each changed triple that matches a pattern, walked
    by the other patterns to the key in ``graph`` (the graph after the change)."""
    found: set[object] = set()
    walks: dict[tuple[int, int, str], list] = {}
    index = locality.by_predicate
    for triple in changed:
        for a, i in index.get(triple.predicate, []) + index.get(None, []):
            pattern = locality.alternatives[a][i]
            if not _matches(pattern, triple):
                continue
            for variable, node in ((pattern.subject, triple.subject), (pattern.object, triple.object)):
                if variable == locality.key:
                    found.add(node)
                elif _is_var(variable):
                    if (a, i, variable) not in walks:
                        walks[a, i, variable] = list(_walks(locality.alternatives[a], pattern, variable, locality.key))
                    for walk in walks[a, i, variable]:
                        found |= _follow(graph, walk, node)
    return found


def neighbourhood(locality: Locality, nodes: Iterable[object], graph: "Store") -> set[Triple]:
    """Every triple of ``graph`` that an instance of the patterns joined to one of ``nodes`` can use.

    Variables are bound outward from the key, each by the first pattern that reaches it (an instance's value
    is reached that way too); then every pattern's triples between bound nodes are taken."""
    triples: set[Triple] = set()
    start = set(nodes)
    if not start:
        return triples
    for patterns in locality.alternatives:
        bound: dict[str, set[object]] = {locality.key: set(start)}
        left = list(patterns)
        while left:
            reachable = [(p, True) for p in left if p.subject in bound] + [(p, False) for p in left if p.object in bound and p.subject not in bound]
            if not reachable:
                break  # not joined (rule_locality refuses such rules; a core check's are always joined)
            pattern, forward = reachable[0]
            left.remove(pattern)
            there = pattern.object if forward else pattern.subject
            ends: set[object] = set()
            for node in bound[pattern.subject if forward else pattern.object]:
                for other, triple in _step(graph, pattern, node, forward):
                    if _is_var(there) and there in bound and other not in bound[there]:
                        continue
                    triples.add(triple)
                    ends.add(other)
            if _is_var(there) and there not in bound:
                bound[there] = ends
    return triples
