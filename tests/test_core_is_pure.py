"""The import rules of the house, read from the source: every import statement counts, at the
top of a module or inside a function, TYPE_CHECKING ones too.

- the core (every module but the CLI and the `ui` package) never imports Textual, Rich or the UI;
- only the CLI imports the UI;
- screens never import the store; widgets import nothing of coretimer but the models;
- no screen or widget imports the App; no module imports another in a loop.

And `coretimer --help` imports neither Textual nor pydantic (checked by running it).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import ROOT

SRC = ROOT / "src" / "coretimer"


@cache
def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


@cache
def imports_of(module: str) -> frozenset[str]:
    """Every module `module` imports, anywhere in its source."""
    path = modules()[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names
                         if f"{base}.{alias.name}" in modules())
    return frozenset(found)


def ours(names: frozenset[str]) -> set[str]:
    return {n for n in names if n in modules()}


def is_ui(module: str) -> bool:
    return module == "coretimer.ui" or module.startswith("coretimer.ui.")


def is_cli(module: str) -> bool:
    return module == "coretimer.cli" or module.startswith("coretimer.cli.")


CORE = sorted(m for m in modules()
              if not is_ui(m) and not is_cli(m) and m != "coretimer.__main__")


def test_every_core_module_is_checked() -> None:
    assert {"coretimer.session.engine", "coretimer.session.controller",
            "coretimer.store.history", "coretimer.store.journal", "coretimer.model.routine",
            "coretimer.model.record", "coretimer.routine.files", "coretimer.coaching.stats",
            "coretimer.coaching.progression", "coretimer.settings", "coretimer.store.migrations",
            "coretimer.text.present", "coretimer.store.doctor", "coretimer.crash",
            "coretimer.coaching.endurance"} <= set(CORE)


@pytest.mark.parametrize("module", CORE)
def test_the_core_never_imports_textual_rich_or_the_ui(module: str) -> None:
    bad = {n for n in imports_of(module)
           if n.split(".")[0] in {"textual", "rich"} or is_ui(n)}
    assert not bad, f"{module} imports {sorted(bad)}"


def test_only_the_cli_imports_the_ui() -> None:
    users = {m for m in modules() if not is_ui(m) and any(is_ui(n) for n in imports_of(m))}
    assert users == {"coretimer.cli.app_commands"}  # the commands that open the app


#: The areas of the core (one package each), and the areas each may import: data and
#: messages flow down the floors, model → routine → store and coaching → index, text and
#: the session → ui and cli (issue 26). Every area may also use the flat top level's
#: utilities (`UTILITIES`).
FLOORS: dict[str, set[str]] = {
    "model": set(),
    "routine": {"model"},
    "store": {"model"},
    "coaching": {"model", "routine"},
    "index": {"model", "store", "coaching"},
    "text": {"model", "routine", "coaching"},
    "session": {"model", "routine", "store"},
}
#: The flat top level below the areas: where things are kept, durable writes, the
#: collector's pause, the crash report, the version.
UTILITIES = {"coretimer", "coretimer.paths", "coretimer.durable", "coretimer.gcpause",
             "coretimer.crash"}


def area_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) >= 2 and parts[1] in FLOORS else None


@pytest.mark.parametrize("area", sorted(FLOORS))
def test_each_area_imports_only_the_floors_below_it(area: str) -> None:
    """Read from every import statement, inside functions too."""
    members = [m for m in modules() if area_of(m) == area]
    assert members, f"no package coretimer.{area}"
    for module in members:
        for name in ours(imports_of(module)):
            there = area_of(name)
            if there == area or name in UTILITIES:
                continue
            assert there in FLOORS[area], f"{module} imports {name}"


def test_each_area_says_what_it_owns_in_one_line() -> None:
    import importlib

    for area in FLOORS:
        doc = importlib.import_module(f"coretimer.{area}").__doc__ or ""
        assert doc and "\n" not in doc.strip() and len(doc) <= 100, area


def test_the_coaching_never_imports_the_store_or_the_index() -> None:
    """The coaching reads sessions as plain data (`model.summaries`); a rule of its own so
    that a change to `FLOORS` has to say so here too."""
    for module in modules():
        if area_of(module) == "coaching":
            assert not {area_of(n) for n in ours(imports_of(module))} & {"store", "index"}, module


def test_screens_never_import_the_store() -> None:
    for module in modules():
        if module.startswith("coretimer.ui.screens"):
            assert not {n for n in ours(imports_of(module)) if area_of(n) == "store"}, module


def test_widgets_import_nothing_of_coretimer_but_the_models() -> None:
    """Reusable widgets: they may use the model and each other (the block font), nothing
    else of coretimer."""
    for module in modules():
        if module.startswith("coretimer.ui.widgets"):
            others = {m for m in ours(imports_of(module))
                      if not m.startswith("coretimer.ui.widgets.")}
            assert {area_of(m) for m in others} <= {"model"}, module


def test_no_screen_or_widget_imports_the_app() -> None:
    app = {"coretimer.ui.app", "coretimer.ui.factory", "coretimer.ui.state",
           "coretimer.ui.session_flow", "coretimer.ui.morning_flow", "coretimer.ui.places",
           "coretimer.ui.preferences", "coretimer.ui.quitting", "coretimer.ui.host"}
    for module in modules():
        if module.startswith(("coretimer.ui.screens", "coretimer.ui.widgets")):
            assert not app & ours(imports_of(module)), module


def test_no_module_imports_another_in_a_loop() -> None:
    graph = {m: {n for n in ours(imports_of(m)) if n != m and not m.startswith(n + ".")}
             for m in modules()}
    loops = []

    def visit(node: str, path: list[str], state: dict[str, int]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                loops.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt], state)
        state[node] = 2

    state: dict[str, int] = {}
    for module in sorted(graph):
        if module not in state:
            visit(module, [module], state)
    assert loops == []


def test_the_reader_sees_imports_inside_functions(tmp_path: Path) -> None:
    """The rule reader itself: an import inside a function counts."""
    # (inside a function)
    assert "coretimer.coaching.comparison" in imports_of("coretimer.ui.session_flow")


def modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(out.split())


def test_core_modules_do_not_import_textual_when_run() -> None:
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
    # `typing` alone costs more than a third of `python -c pass`.
    assert "typing" not in loaded


def test_the_first_frame_does_not_wait_for_pydantic(tmp_path: Path) -> None:
    """Building the app and its home screen imports no pydantic (and so no model class is
    built): the first frame is painted first, routines and history are read right after."""
    loaded = modules_after(
        "from coretimer.ui.factory import make_app\n"
        "from pathlib import Path\n"
        f"app = make_app(data_dir=Path({str(tmp_path / 'data')!r}), "
        f"config_dir=Path({str(tmp_path / 'config')!r}), handle_signals=False)\n"
        "app.get_default_screen()"
    )
    assert "coretimer.ui.app" in loaded
    assert not {m for m in loaded if m.split(".")[0] == "pydantic"}
    assert not {"coretimer.model.routine", "coretimer.model.record"} & loaded


def test_no_platform_only_code() -> None:
    """strftime's "%-d" and signal.SIGHUP do not exist on Windows: format days by hand, and
    reach for SIGHUP only through getattr."""
    for module, path in modules().items():
        text = path.read_text()
        assert "%-" not in text, f"{module}: a platform-only strftime code"
        assert "signal.SIGHUP" not in text, f"{module}: signal.SIGHUP without getattr"


HOME_FILLED_PROBE = """
import asyncio, sys
from pathlib import Path
from coretimer.settings import Settings
from coretimer.ui.factory import make_app
from coretimer.ui.screens.home import HomeScreen

import coretimer.ui.app as app_module
from coretimer.ui.app import CoretimerApp

# The routines are read in full a moment after the load (they import pydantic on purpose):
# on a busy machine that moment could come before the look below.
app_module.WARM_UP_AFTER = 3600

seen = []
real = CoretimerApp._load_after_first_frame
def load(self):  # home is filled when this returns (the filled frame is drawn after it)
    if sys.argv[2:] == ["first frame"]:  # what home was filled with before the full look
        seen.append(sorted(m for m in sys.modules if m.split(".")[0] == "pydantic"))
        seen.append(self._home.data and self._home.data.facts.count)
    real(self)  # (the load itself runs in a thread: see main)
CoretimerApp._load_after_first_frame = load

async def main():
    root = Path(sys.argv[1])
    app = make_app(data_dir=root / "data", config_dir=root / "config",
                   cache_dir=root / "cache", handle_signals=False,
                   settings=Settings(safety_notice_acknowledged=True))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await app.settled()
        await pilot.pause()
        seen.append(sorted(m for m in sys.modules if m.split(".")[0] == "pydantic"))
        assert app._home.data is not None and app._home.data.routines
        assert app._home.data.facts.count, "the history was not shown"
    print(seen[0] if sys.argv[2:] != ["first frame"] else seen[:2])

asyncio.run(main())
"""


def test_home_is_filled_from_the_caches_without_pydantic(tmp_path: Path) -> None:
    """With the routine cards cached and the history index up to date (every start after
    the first), home is filled before pydantic is imported (it costs a bare Textual app's
    start-up again); the full routines are read once home is on screen."""
    import os
    import time

    from coretimer.index.queries import load_summaries
    from coretimer.store.history import Store
    from tests.scenarios import seed_history

    seed_history(tmp_path / "data")
    old = time.time() - 60  # older than the caches by more than a file-system clock tick
    for path in [*(tmp_path / "data" / "sessions").iterdir(), tmp_path / "data" / "sessions"]:
        os.utime(path, (old, old))
    load_summaries(Store(tmp_path / "data"))
    probe = tmp_path / "probe.py"
    probe.write_text(HOME_FILLED_PROBE)
    run = [sys.executable, str(probe), str(tmp_path)]
    first = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert "pydantic" in first  # the first start reads the routine files: no cache yet
    second = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert second.strip() == "[]"


def imports_in_functions(module: str) -> list[tuple[int, int]]:
    """The runs of import statements inside functions of `module`: (first line, last line)
    of each run of consecutive ones."""
    path = modules()[module]
    tree = ast.parse(path.read_text(), str(path))
    runs: list[tuple[int, int]] = []
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for block in ast.walk(fn):
            body = getattr(block, "body", None)
            if not isinstance(body, list):
                continue
            run: list[ast.stmt] = []
            for stmt in [*body, None]:
                if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                    run.append(stmt)
                    continue
                if run:
                    runs.append((run[0].lineno, run[-1].end_lineno or run[-1].lineno))
                run = []
    return sorted(set(runs))


@pytest.mark.parametrize("module", sorted(modules()))
def test_every_import_inside_a_function_says_why(module: str) -> None:
    """Imports inside functions are there to keep something out of the first frame, out of
    `--help` or out of a command that does not need it (issue 26): each run of them says
    which, in a comment on the line above it or beside its first line."""
    lines = modules()[module].read_text().splitlines()
    for first, _last in imports_in_functions(module):
        above, beside = lines[first - 2].strip(), lines[first - 1]
        assert above.startswith("#") or "  # " in beside, (
            f"{module}:{first}: an import inside a function without a reason")


def test_due_at_a_prompt_imports_neither_textual_nor_pydantic(tmp_path: Path) -> None:
    """Issue 27: `coretimer due` runs at every shell prompt. Once the routine cards and the
    history's index are warm (the prompt before did that), it reads neither with pydantic,
    and never loads Textual."""
    import json
    import os
    import time
    from datetime import UTC, datetime, timedelta

    from tests.history_files import put, record

    data = tmp_path / "data"
    for i in range(3):
        put(data, record(i))
    old = time.time() - 60
    os.utime(data / "sessions", (old, old))
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "settings.json").write_text(json.dumps(
        {"plan": {"days": ["daily"], "time": "06:00", "routine": "foundations"}}))
    code = ("from coretimer.cli import main\n"
            f"print(main(['--data-dir', {str(data)!r}, 'due']))")
    modules_after(code)  # (the cards and the index, as the prompt before leaves them)
    loaded = modules_after(code)
    assert "coretimer.cli.plan_commands" in loaded
    assert not {m for m in loaded if m.split(".")[0] in {"textual", "pydantic", "rich"}}
    assert datetime.now(UTC) - record(2).started_at > timedelta(days=14)  # (a gap is due)
