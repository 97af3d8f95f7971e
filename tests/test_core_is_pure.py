"""The core never imports Textual, and `coretimer --help` imports neither Textual nor pydantic."""

from __future__ import annotations

import subprocess
import sys

CORE = ["coretimer.engine", "coretimer.store", "coretimer.models", "coretimer.routines",
        "coretimer.journal", "coretimer.plan", "coretimer.clock", "coretimer.paths"]


def modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(out.split())


def test_core_modules_do_not_import_textual() -> None:
    loaded = modules_after("\n".join(f"import {m}" for m in CORE))
    assert set(CORE) <= loaded
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_help_imports_neither_textual_nor_pydantic() -> None:
    loaded = modules_after(
        "from coretimer.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert "coretimer.cli" in loaded
    assert not {m for m in loaded if m.split(".")[0] in {"textual", "pydantic", "rich"}}
