"""The exceptions graphkit raises, and the exit code each maps to.

::

    GraphkitError                 exit 1
    ├── CollectionError           exit 3   the collection cannot be read at all
    │   └── UnsafeInputError      exit 3   a file refused as hostile (zip bomb, entities, path escape)
    ├── ExtractionError           exit 4   a descriptor or text could not be interpreted
    ├── StrictModeError           exit 5   --strict and the build reported problems
    ├── QueryError                exit 6   unknown question, bad query file, refused query form
    └── BackendError              exit 7   a store or database (Oxigraph, Neo4j, SPARQL endpoint) failed
"""

from __future__ import annotations


class GraphkitError(Exception):
    exit_code = 1


class CollectionError(GraphkitError):
    exit_code = 3


class UnsafeInputError(CollectionError):
    exit_code = 3


class ExtractionError(GraphkitError):
    exit_code = 4


class StrictModeError(GraphkitError):
    exit_code = 5


class QueryError(GraphkitError):
    exit_code = 6


class BackendError(GraphkitError):
    exit_code = 7
