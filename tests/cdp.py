"""Drive headless Chromium through the DevTools protocol over a pipe: key presses, typed text, page state.

``--remote-debugging-pipe`` makes Chromium read commands from fd 3 and write replies to fd 4 (JSON,
each message ended by a NUL), so no port is opened and no websocket library is needed. The flags are
``tests/browser.py``'s, but for 127.0.0.1: nothing else can be reached.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from browser import FLAGS, require_chromium


LOCAL_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


class Chromium:
    """One headless Chromium with one page; ``close()`` (or ``with``) ends it."""

    def __init__(self, binary: str | None = None, size: tuple[int, int] = (1280, 900)) -> None:
        self.profile = tempfile.TemporaryDirectory(prefix="gk-cdp-")
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()

        def plumb() -> None:  # in the child: the pipe ends become fd 3 and fd 4 (dup first: they may be 3 or 4)
            a, b = os.dup(commands_read), os.dup(replies_write)
            os.dup2(a, 3)
            os.dup2(b, 4)

        # Every host name still fails to resolve; the local server under test is reached by its address.
        flags = [f for f in FLAGS if not f.startswith("--host-resolver-rules")] + [LOCAL_ONLY]
        args = [binary or require_chromium(), *flags, "--remote-debugging-pipe", f"--user-data-dir={self.profile.name}",
                f"--window-size={size[0]},{size[1]}", "about:blank"]
        self.process = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=plumb, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._next = 0
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def __enter__(self) -> "Chromium":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)
        os.close(self._commands)
        os.close(self._replies)
        self.profile.cleanup()

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._replies, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    # -- the page ---------------------------------------------------------------
    def open(self, url: str) -> None:
        self.call("Page.navigate", session=True, url=url)

    def js(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression: str, timeout: float = 60) -> Any:
        """Wait until ``expression`` is truthy in the page; its value."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                value = self.js(expression)
            except RuntimeError:
                value = None
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError(f"page never satisfied {expression}")

    def press(self, key: str, code: str | None = None, text: str | None = None) -> None:
        """A real key press (keydown, char, keyup), as a keyboard gives it to the focused element."""
        keycode = {"Enter": 13, "Escape": 27, "Tab": 9, "ArrowDown": 40, "ArrowUp": 38}.get(key, ord(key.upper()[0]))
        text = text if text is not None else ("\r" if key == "Enter" else key if len(key) == 1 else "")
        base = {"key": key, "code": code or (f"Key{key.upper()}" if len(key) == 1 else key),
                "windowsVirtualKeyCode": keycode, "nativeVirtualKeyCode": keycode}
        self.call("Input.dispatchKeyEvent", session=True, type="keyDown", text=text, **base)
        self.call("Input.dispatchKeyEvent", session=True, type="keyUp", **base)

    def type(self, text: str) -> None:
        self.call("Input.insertText", session=True, text=text)

    def screenshot(self, png: Path) -> Path:
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        png.parent.mkdir(parents=True, exist_ok=True)
        png.write_bytes(base64.b64decode(data))
        return png
