"""Standard tools from Maven Central for the tests: Apache Jena (riot, SHACL) and TopBraid SHACL.

:func:`classpath` writes a small pom naming the artifacts into a cache folder, runs ``mvn
dependency:build-classpath`` once (the classpath is kept beside the pom, so later sessions start at
once) and returns it. Without java or mvn, or when Maven Central cannot be reached, the test SKIPS
with the reason, unless ``GRAPHKIT_REQUIRE_SERVICES`` (or ``CI``) is set: then it FAILS, so a CI image
that lost its JDK cannot pass the standard-tool checks silently.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

LOG4J_VERSION = "2.24.3"
#: name -> the (groupId, artifactId, version) that bring the tool's command-line classes
TOOLS = {
    "jena": [("org.apache.jena", "jena-cmds", "5.6.0")],  # riotcmd.riot, shacl.shacl
    "topbraid": [("org.topbraid", "shacl", "1.4.4")],  # org.topbraid.shacl.tools.Validate
}


def _pom(name: str) -> str:
    dependencies = [*TOOLS[name], ("org.apache.logging.log4j", "log4j-core", LOG4J_VERSION),
                    ("org.apache.logging.log4j", "log4j-slf4j2-impl", LOG4J_VERSION)]
    lines = "\n".join(f"    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>"
                      for g, a, v in dependencies)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>graphkit</groupId>
  <artifactId>graphkit-{name}-check</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
{lines}
  </dependencies>
  <build><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version>
  </plugin></plugins></build>
</project>
"""


def unavailable(reason: str) -> None:
    if os.environ.get("GRAPHKIT_REQUIRE_SERVICES") or os.environ.get("CI"):
        pytest.fail(f"{reason} (GRAPHKIT_REQUIRE_SERVICES or CI is set, so this fails instead of skipping)")
    pytest.skip(reason)


def java() -> str:
    found = shutil.which("java")
    if not found:
        unavailable("java is not on PATH (needs a JDK 17+)")
    return found


def classpath(name: str) -> str:
    """The classpath of tool ``name`` (a key of :data:`TOOLS`), resolved from Maven Central once."""
    pom = _pom(name)
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "graphkit"
    folder = root / f"{name}-{hashlib.sha256(pom.encode()).hexdigest()[:12]}"
    cp_file = folder / "classpath.txt"
    if cp_file.is_file() and all(Path(p).is_file() for p in cp_file.read_text().strip().split(os.pathsep) if p):
        return cp_file.read_text().strip()
    mvn = shutil.which("mvn")
    if not mvn:
        unavailable("mvn is not on PATH (Maven 3 resolves the standard tools)")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pom.xml").write_text(pom, encoding="utf-8")
    try:
        done = subprocess.run([mvn, "-q", "-B", "dependency:build-classpath", f"-Dmdep.outputFile={cp_file}"],
                              cwd=folder, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        unavailable(f"mvn took more than 15 minutes to resolve {name}")
    if done.returncode != 0 or not cp_file.is_file():
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        unavailable(f"mvn could not resolve {name} (offline?): {' | '.join(tail)}")
    return cp_file.read_text().strip()


def run(name: str, main_class: str, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``main_class`` of tool ``name`` with ``args``; output captured as text."""
    return subprocess.run([java(), "-Xmx1g", "-cp", classpath(name), main_class, *args],
                          capture_output=True, text=True, timeout=timeout)
