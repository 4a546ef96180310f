"""Import a .qdpx with QualCoder's own REFI-QDA importer, headless, and print what it loaded as JSON.

Run by ``test_qdpx_qualcoder.py`` with a Python that has PyQt6, not imported by the suite::

    python qualcoder_driver.py <QualCoder>/src study.qdpx <new project folder>

QualCoder is not on PyPI: point at a checkout's ``src``. Its importer asks for the file in a
dialog and reports in message boxes; those two are answered here, everything else is its code,
writing its own SQLite project (tables made by the CREATE TABLE statements of its source).
"""

import ast
import builtins
import json
import os
import sqlite3
import sys
import types
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
QT_APP = None


def schema(src: Path) -> list[str]:
    """The CREATE TABLE statements of QualCoder's new-project code, first of each table."""
    creates: dict[str, str] = {}
    for node in ast.walk(ast.parse((src / "qualcoder" / "__main__.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "execute" and node.args \
                and isinstance(node.args[0], ast.Constant) and str(node.args[0].value).startswith("CREATE TABLE"):
            creates.setdefault(node.args[0].value.split()[2], node.args[0].value)
    return list(creates.values())


def main(src: Path, qdpx: str, project: Path) -> dict:
    sys.path.insert(0, str(src))
    builtins._ = lambda text: text  # QualCoder's gettext hook
    messages: list[str] = []

    class Message:
        def __init__(self, app, title, text, icon=None):
            messages.append(f"{title}: {text}")

        def exec(self):
            return 0

    helpers = types.ModuleType("qualcoder.helpers")
    helpers.Message = Message
    sys.modules["qualcoder.helpers"] = helpers
    from PyQt6 import QtWidgets

    global QT_APP  # the importer's widgets need an application that lives as long as they do
    QT_APP = QtWidgets.QApplication([])
    QtWidgets.QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (qdpx, "ok"))
    project.mkdir(parents=True)
    (project / "documents").mkdir()

    class App:
        settings = {"directory": str(project.parent), "codername": "tester", "ai_enable": "False"}
        project_path = str(project)
        ai_models: list = []
        conn = sqlite3.connect(project / "data.qda")

        def write_config_ini(self, *args):
            pass

    app = App()
    for sql in schema(src):
        app.conn.execute(sql)
    log: list[str] = []

    class Log:
        def append(self, text):
            log.append(str(text))

    from qualcoder.refi import RefiImport

    RefiImport(app, Log(), "qdpx")
    cur = app.conn.cursor()
    count = {t: cur.execute(f"select count(*) from {t}").fetchone()[0]
             for t in ("source", "code_cat", "code_name", "code_text", "cases", "attribute")}
    codings = cur.execute("select s.fulltext, c.seltext, c.pos0, c.pos1, c.cid from code_text c join source s on s.id = c.fid").fetchall()
    return {
        "count": count,
        "mismatched": sum(full[a:b] != sel for full, sel, a, b, _ in codings),
        "uncoded": sum(cid is None for *_, cid in codings),
        "case_attributes": cur.execute("select count(distinct name) from attribute where attr_type = 'case'").fetchone()[0],
        "file_attributes": cur.execute("select count(distinct name) from attribute where attr_type = 'file'").fetchone()[0],
        "errors": [line for line in log if "rror" in line or "annot" in line],
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))))
