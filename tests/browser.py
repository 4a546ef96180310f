"""Drive headless Chromium for the view tests: dump a page's DOM after its scripts ran, or screenshot it.

The pages report on themselves: ``boot.js`` records script errors and blocked
loads into ``#gk-status``, and the network script adds its node count, so a
``--dump-dom`` after a virtual-time budget says whether the page drew.

``docs/screenshots/make.py`` uses it to make the README's screenshots from the demo sample.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Everything that could make Chromium talk to the network on its own (updates, sync, safe browsing...).
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
    "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--metrics-recording-only",
    "--mute-audio", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
    # Any host lookup fails, so a stray request cannot leave the machine and shows up in the log; loopback
    # stays reachable for the tests that drive `graphkit serve` and a hostile page beside it.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)


def chromium() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """Chromium's path; skip without it, or fail when GRAPHKIT_REQUIRE_SERVICES says it must be there."""
    found = chromium()
    if found:
        return found
    reason = "Chromium not found (install Debian's `chromium`); browser tests need it"
    if os.environ.get("GRAPHKIT_REQUIRE_SERVICES"):
        pytest.fail(reason + " and GRAPHKIT_REQUIRE_SERVICES is set")
    pytest.skip(reason)


# Chromium's own background traffic (updates, account checks): not the page's doing.
BROWSER_HOSTS = re.compile(r"^[a-z]+://(?:[\w-]+\.)*(?:google\.com|googleapis\.com|gstatic\.com|gvt1\.com|chromium\.org)(?:[:/]|$)")


@dataclass
class Page:
    dom: str
    log: str
    status: dict[str, str] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)  # every URL in Chromium's NetLog

    @property
    def errors(self) -> list[str]:
        return json.loads(self.status.get("data-errors", "[]"))

    @property
    def blocked(self) -> list[str]:
        return json.loads(self.status.get("data-blocked", "[]"))

    def requests(self) -> list[str]:
        """Network requests the page made (from the NetLog), and loads the log reports as failed or refused."""
        pattern = re.compile(r"net::ERR_\w+|Failed to load resource[^\n]*|Refused to (?:load|connect|execute)[^\n]*|Not allowed to load[^\n]*")
        made = sorted({url for url in self.fetched if not BROWSER_HOSTS.match(url)})
        return made + pattern.findall(self.log)

    def console_errors(self) -> list[str]:
        return [line for line in self.log.splitlines() if "CONSOLE" in line and ("Error" in line or "Uncaught" in line)]


def _run(binary: str, args: list[str], timeout: float) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run Chromium with a throw-away profile; return its result and every URL its NetLog saw."""
    with tempfile.TemporaryDirectory(prefix="gk-chromium-") as profile:
        netlog = Path(profile) / "netlog.json"
        cmd = [binary, *FLAGS, f"--user-data-dir={profile}", f"--log-net-log={netlog}", *args]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        text = netlog.read_text(encoding="utf-8", errors="replace") if netlog.is_file() else ""
        return done, re.findall(r'"url":"([^"]*)"', text)


def dump(path: Path | str, *, binary: str | None = None, budget_ms: int = 5000, timeout: float = 120,
         size: str | None = None) -> Page:
    """Open ``path`` (a file or an http URL), let its scripts run, return the DOM and the browser log.

    ``size`` ("width,height") sets the window; Chromium's default is 800x600.
    """
    url = path if isinstance(path, str) else Path(path).resolve().as_uri()
    window = [f"--window-size={size}"] if size else []
    done, fetched = _run(binary or require_chromium(), [*window, f"--virtual-time-budget={budget_ms}", "--dump-dom", url], timeout)
    page = Page(done.stdout, done.stderr, fetched=fetched)
    match = re.search(r"<output[^>]*id=\"gk-status\"[^>]*>", done.stdout)
    if match:
        page.status = {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', match.group(0))}
    return page


def screenshot(path: Path | str, png: Path, *, binary: str | None = None, size: str = "1400,900", budget_ms: int = 5000) -> Path:
    """A PNG of ``path`` (a file, or a URL such as a file URI with a "#..." state) as the window shows it."""
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    url = path if isinstance(path, str) else path.resolve().as_uri()
    _run(binary or require_chromium(),
         [f"--virtual-time-budget={budget_ms}", f"--window-size={size}", f"--screenshot={png.resolve()}", url], 120)
    if not png.is_file():
        raise RuntimeError(f"Chromium wrote no screenshot for {url}")
    return png
