"""The ``graphkit`` command line: a thin skin over the library.

Commands live in their own modules and are imported only when run, so
``graphkit --help`` stays fast (no rdflib, pyoxigraph or neo4j import).
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from graphkit import __version__
from graphkit.errors import GraphkitError

#: command name -> (module, attribute, one-line help shown by --help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "build": ("graphkit.cli.build", "build", "Extract a collection and write every output into a folder."),
    "export": ("graphkit.cli.export", "export", "Export a built graph: CSVs for neo4j-admin import, or a REFI-QDA project (.qdpx)."),
    "neo4j": ("graphkit.cli.neo4j", "neo4j", "Load a built graph into Neo4j, or run a local Neo4j dev server."),
    "push": ("graphkit.cli.push", "push", "Send a built graph to a triple store (SPARQL 1.1 Graph Store Protocol)."),
    "query": ("graphkit.cli.query", "query", "Answer a standard question (or a .rq/.cypher file)."),
    "demo": ("graphkit.cli.demo", "demo", "Write the bundled sample, build it and reconcile it (the README's demo)."),
    "coverage": ("graphkit.cli.coverage", "coverage", "List the descriptor text the graph does not explain, and the share it does."),
    "evaluate": ("graphkit.cli.evaluate", "evaluate", "Score a collection's graph against a gold file, family by family."),
    "evidence": ("graphkit.cli.evidence", "evidence", "Print the passages behind a node or an edge."),
    "review": ("graphkit.cli.review", "review", "Review the extracted facts in the browser: accept, reject, correct, add."),
    "reconcile": ("graphkit.cli.reconcile", "reconcile", "Set the published profile beside what the graph holds."),
    "serve": ("graphkit.cli.serve", "serve", "Serve a build's pages and a read-only SPARQL endpoint on 127.0.0.1."),
    "sample": ("graphkit.cli.sample", "sample", "Write a full-size sample collection (and its gold.json) shaped like the Relations deposit."),
    "scan": ("graphkit.cli.scan", "scan", "Scan a collection for direct identifiers (names, postcodes, NHS numbers...)."),
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="graphkit")
def cli() -> None:
    """graphkit: a knowledge graph of people and relations from a qualitative study."""


#: click 8.2 raises this for a group run without a command; older clicks print the help themselves
_NO_ARGS = getattr(click.exceptions, "NoArgsIsHelpError", ())


def main() -> None:
    # One rule for every file a command writes (build, export, reconcile, sample...): its owner's alone.
    os.umask(0o077)
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except _NO_ARGS as exc:  # `graphkit` alone: the help, as click prints it
        exc.show()
        sys.exit(exc.exit_code)
    except click.ClickException as exc:  # one line like every other error, with where to read more
        ctx = getattr(exc, "ctx", None)
        hint = f" (see `{ctx.command_path} --help`)" if isinstance(exc, click.UsageError) and ctx else ""
        click.echo(f"error: {exc.format_message()}{hint}", err=True)
        sys.exit(exc.exit_code)
    except GraphkitError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except OSError as exc:  # one no check foresaw (a disk full mid-write): one line, not a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
