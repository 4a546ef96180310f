"""graphkit: turn an archived qualitative study into a knowledge graph with evidence."""

__version__ = "0.1.0"
