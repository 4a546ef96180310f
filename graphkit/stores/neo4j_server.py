"""A local Neo4j Community 5 dev server, started as a JVM from the Neo4j test harness.

graphkit ships a tiny Maven project (``neo4j_harness/``: a pom and one Java
class). On first use it is copied into the cache dir and built with Maven,
which downloads the harness from Maven Central (about 25 s on a fresh
machine); later starts reuse the cached classpath and take a few seconds.

The server listens for Bolt on 127.0.0.1 only, with **authentication
disabled** and the HTTP server off: it is for development and tests on one
machine, never for shared data. Connect with ``auth=None`` (the loader's
``--user``/``--password`` are ignored by it). Its store lives in a temporary
folder that is deleted when it stops.

Cache dir: ``$GRAPHKIT_CACHE/neo4j`` if ``GRAPHKIT_CACHE`` is set, else
``$XDG_CACHE_HOME/graphkit/neo4j`` (``~/.cache/graphkit/neo4j``). Each build
sits in a folder named by a hash of the pom and the source, so editing either
rebuilds. Maven's own downloads go to its usual local repository (``~/.m2``).

>>> with Neo4jServer() as server:                      # doctest: +SKIP
...     run_cypher(server.uri, None, "neo4j", "RETURN 1 AS x", {})
[{'x': 1}]
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections import deque
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Callable

from graphkit.errors import BackendError
from graphkit.stores.files import write_text_atomic

__all__ = ["Neo4jServer", "missing_tools", "build_dev_server", "cache_dir"]

#: Files of the Maven project, relative to ``graphkit/stores/neo4j_harness``.
HARNESS_FILES = ("pom.xml", "src/main/java/graphkit/DevServer.java")
MAIN_CLASS = "graphkit.DevServer"
READY_PREFIX = "bolt://"
# C1-only JIT and the serial GC halve start-up on a busy 2-core machine; a dev server
# holds small graphs, so peak throughput matters less than getting to Bolt quickly.
DEFAULT_JAVA_OPTS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms128m", "-Xmx1g")


def cache_dir() -> Path:
    """Where built dev servers are kept (see the module docstring)."""
    override = os.environ.get("GRAPHKIT_CACHE")
    if override:
        return Path(override).expanduser() / "neo4j"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "graphkit" / "neo4j"


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def _mvn() -> str | None:
    return shutil.which("mvn")


def missing_tools(*, need_maven: bool = True) -> list[str]:
    """The programs the dev server needs that are not on this machine (empty when ready)."""
    missing = [] if _java() else ["java (a JDK 17 or newer)"]
    if need_maven and not _mvn():
        missing.append("mvn (Maven 3)")
    return missing


def _harness_sources() -> dict[str, bytes]:
    root = resources.files("graphkit.stores").joinpath("neo4j_harness")
    sources: dict[str, bytes] = {}
    for name in HARNESS_FILES:
        node = root
        for part in name.split("/"):
            node = node.joinpath(part)
        sources[name] = node.read_bytes()
    return sources


def build_dev_server(*, quiet: bool = True, progress: Callable[[str, int, int], None] | None = None) -> tuple[Path, str]:
    """Build the harness once (under a file lock) and return ``(build_dir, classpath)``.

    ``progress(stage, done, 0)`` hears of each artifact Maven downloads: a first
    build takes minutes, and should not look like a hang."""
    sources = _harness_sources()
    digest = hashlib.sha256(b"".join(name.encode() + b"\0" + data for name, data in sources.items())).hexdigest()[:16]
    build_dir = cache_dir() / digest
    stamp = build_dir / "classpath.txt"
    if stamp.is_file():
        return build_dir, stamp.read_text(encoding="utf-8").strip()

    mvn = _mvn()
    if mvn is None or _java() is None:
        raise BackendError("cannot build the Neo4j dev server: missing " + ", ".join(missing_tools()))
    build_dir.mkdir(parents=True, exist_ok=True)
    # Two processes (pytest workers, two shells) may start at once: one builds, the other waits.
    with open(build_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.is_file():
            return build_dir, stamp.read_text(encoding="utf-8").strip()
        for name, data in sources.items():
            target = build_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        raw = build_dir / "classpath.raw"
        cmd = [mvn, "-B", "-f", str(build_dir / "pom.xml"), "compile", "dependency:build-classpath",
               f"-Dmdep.outputFile={raw}"]
        if quiet and progress is None:
            cmd.insert(2, "-q")
        returncode, tail = _run_maven(cmd, build_dir, progress)
        if returncode != 0:
            raise BackendError(f"Maven could not build the Neo4j dev server ({' '.join(cmd)}):\n" + "\n".join(tail))
        classpath = os.pathsep.join([str(build_dir / "target" / "classes"), raw.read_text(encoding="utf-8").strip()])
        # Written last: its presence means the build finished.
        write_text_atomic(stamp, classpath + "\n")
        return build_dir, classpath


def _run_maven(cmd: list[str], cwd: Path, progress: Callable[[str, int, int], None] | None) -> tuple[int, list[str]]:
    """Run Maven, counting the artifacts it downloads for ``progress``; its exit code and last 30 lines."""
    tail: deque[str] = deque(maxlen=30)
    downloaded = 0
    with subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_java_env()) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            tail.append(line.rstrip("\n"))
            if progress is not None and line.startswith("Downloaded from"):
                downloaded += 1
                progress("building the Neo4j dev server with Maven (first run): artifacts downloaded", downloaded, 0)
    return proc.returncode, list(tail)


def _java_env() -> dict[str, str]:
    env = dict(os.environ)
    java = _java()
    if java and "JAVA_HOME" not in env:
        # Maven finds the JDK through JAVA_HOME or `java` on PATH; make the choice explicit.
        env["JAVA_HOME"] = str(Path(os.path.realpath(java)).parent.parent)
    return env


class Neo4jServer:
    """A throwaway Neo4j on ``127.0.0.1``: ``with Neo4jServer() as s: ... s.uri``.

    ``port=None`` lets the OS choose a free port (no race between two
    servers). ``start()`` blocks until Bolt accepts connections or
    ``startup_timeout`` seconds pass; ``stop()`` sends SIGTERM, waits for a
    clean shutdown and kills the JVM only if that hangs. Auth is disabled:
    use ``auth=None``.
    """

    auth = None

    def __init__(
        self,
        port: int | None = None,
        *,
        startup_timeout: float = 300.0,
        java_opts: tuple[str, ...] = DEFAULT_JAVA_OPTS,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> None:
        self.port = port
        self.progress = progress
        self.startup_timeout = startup_timeout
        self.java_opts = java_opts
        self._uri: str | None = None
        self._proc: subprocess.Popen[str] | None = None
        self._log_dir: tempfile.TemporaryDirectory[str] | None = None
        self._stdout_tail: deque[str] = deque(maxlen=50)
        #: the JVM's exit code after stop(): 143 after SIGTERM, 130 after SIGINT, 0 after stdin closed
        self.returncode: int | None = None

    @property
    def uri(self) -> str:
        if self._uri is None:
            raise BackendError("the Neo4j dev server is not running; call start() first")
        return self._uri

    @property
    def pid(self) -> int | None:
        """The JVM's process id while it runs."""
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> "Neo4jServer":
        if self.running:
            return self
        self.returncode = None
        java = _java()
        if java is None:
            raise BackendError("cannot start the Neo4j dev server: missing " + ", ".join(missing_tools()))
        _, classpath = build_dev_server(progress=self.progress)
        if self.progress is not None:
            self.progress("starting Neo4j", 0, 0)
        self._log_dir = tempfile.TemporaryDirectory(prefix="graphkit-neo4j-log-")
        stderr_path = Path(self._log_dir.name) / "stderr.log"
        cmd = [java, *self.java_opts, "-cp", classpath, MAIN_CLASS, "--port", str(self.port or 0), "--watch-stdin"]
        # stderr goes to a file so a chatty JVM can never block on a full pipe;
        # stdin stays open as a lifeline: the JVM stops when it reaches EOF (we died).
        with open(stderr_path, "w") as stderr:
            self._proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True, bufsize=1
            )
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, args=(lines,), daemon=True).start()
        deadline = time.monotonic() + self.startup_timeout
        while True:
            try:
                line = lines.get(timeout=max(0.0, min(1.0, deadline - time.monotonic())))
            except queue.Empty:
                line = ""
            if line and line.startswith(READY_PREFIX):
                self._uri = line.strip()
                return self
            if line is None or self._proc.poll() is not None:
                self._fail(f"the Neo4j dev server exited during start-up (code {self._proc.wait()})", stderr_path)
            if time.monotonic() >= deadline:
                self._fail(f"the Neo4j dev server did not start within {self.startup_timeout:.0f} s", stderr_path)

    def _pump(self, lines: "queue.Queue[str | None]") -> None:
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        for line in proc.stdout:
            self._stdout_tail.append(line.rstrip("\n"))
            lines.put(line)
        lines.put(None)

    def _fail(self, what: str, stderr_path: Path) -> None:
        tail = stderr_path.read_text(errors="replace").splitlines()[-20:] if stderr_path.exists() else []
        self.stop()
        detail = "\n".join([*self._stdout_tail, *tail])
        raise BackendError(f"{what}:\n{detail}" if detail else what)

    def stop(self, timeout: float = 30.0) -> None:
        proc, self._proc, self._uri = self._proc, None, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc is not None:
            self.returncode = proc.returncode
            if proc.stdin is not None:
                proc.stdin.close()
        if self._log_dir is not None:
            self._log_dir.cleanup()
            self._log_dir = None

    def __enter__(self) -> "Neo4jServer":
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Neo4jServer(uri={self._uri!r})"
