"""The exceptions graphkit raises, and the exit code each maps to.

::

    GraphkitError                 exit 1
    ├── CollectionError           exit 3   the collection cannot be read at all
    │   └── UnsafeInputError      exit 3   a file refused as hostile (zip bomb, entities, path escape)
    ├── ExtractionError           exit 4   a descriptor or text could not be interpreted
    ├── StrictModeError           exit 5   --strict and the build reported problems
    ├── QueryError                exit 6   unknown question, bad query file, refused query form
    ├── BackendError              exit 7   a store or database (Oxigraph, Neo4j, SPARQL endpoint) failed
    ├── GraphFolderError          exit 8   a graph folder is missing or not a finished build, or --out cannot be written
    └── GoldFileError             exit 9   a gold file is not JSON or not in GOLD-SCHEMA form

Besides these: 0 ok, 2 a usage error (an unknown option, a missing argument;
click's own), 130 interrupted. An operating-system error no check foresaw (a
disk full mid-write) is one line and exit 1.
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


class GraphFolderError(GraphkitError):
    exit_code = 8


class GoldFileError(GraphkitError):
    exit_code = 9
