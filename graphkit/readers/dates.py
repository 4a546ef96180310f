"""Dates as the tables and text headers write them, made ISO."""

from __future__ import annotations

import re
from datetime import date as Date

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)}


def normalise_date(raw: str | None) -> str | None:
    """ISO date from ``2021-07-14``, ``09/11/2021`` (day first), ``3 May 2022``, ``May 3, 2022`` or ``March 2022`` (month precision)."""
    if not raw or not raw.strip():
        return None
    raw = raw.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return raw
    match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return Date(year, month, day).isoformat()
        except ValueError:
            return None
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})", raw) or \
        re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", raw)
    if match:
        day, month = (match.group(1), match.group(2)) if match.group(1).isdigit() else (match.group(2), match.group(1))
        number = _month(month)
        if number:
            try:
                return Date(int(match.group(3)), number, int(day)).isoformat()
            except ValueError:
                return None
    match = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{4})", raw)
    number = _month(match.group(1)) if match else None
    return f"{match.group(2)}-{number:02d}" if match and number else None


def _month(word: str) -> int | None:
    """``March``, ``Mar``, ``Sept`` -> the month's number (a name or a start of one, three letters at least)."""
    word = word.lower()
    return next((number for name, number in _MONTHS.items() if len(word) >= 3 and name.startswith(word)), None)
