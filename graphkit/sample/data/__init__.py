"""Wording and population tables for the sample generator (TOML)."""
