"""Packaging: a non-editable install carries the shipped routines and the stylesheet; the
dependencies are ranges, the versions CI checks against are pinned in constraints.txt, and the
linters are pinned."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_contains_the_shipped_routines(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".venv", ".git", "*.egg-info", "__pycache__", ".*cache", ".hypothesis", "dist"))
    out = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(src)],
        check=True, capture_output=True,
    )
    (wheel,) = out.glob("coretimer-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.name for p in (ROOT / "routines").glob("*.toml"))
    assert shipped and sorted(
        Path(n).name for n in names if n.startswith("coretimer/routines/")) == shipped
    assert "coretimer/session/engine.py" in names and "coretimer/ui/app.tcss" in names
    # `coretimer serve`'s page: its template and every file it loads.
    web = ROOT / "src" / "coretimer" / "ui" / "web"
    for path in [*web.glob("templates/*"), *web.glob("static/*")]:
        assert f"coretimer/ui/web/{path.parent.name}/{path.name}" in names, path
    assert any(n.endswith("entry_points.txt") for n in names)


def _pyproject() -> dict[str, object]:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_runtime_dependencies_are_ranges_and_pinned_for_ci() -> None:
    import re

    from packaging.requirements import Requirement
    from packaging.version import Version

    pins = _pins()
    project = _pyproject()["project"]
    for text in project["dependencies"]:  # type: ignore[index]
        req = Requirement(text)
        assert any(spec.operator == "<" for spec in req.specifier), f"{text}: give an upper bound"
        assert not any(spec.operator == "==" for spec in req.specifier), f"{text}: a range"
        assert Version(pins[req.name.lower()]) in req.specifier, f"{text} vs constraints.txt"
    tests = project["optional-dependencies"]["test"]  # type: ignore[index]
    for tool in ("ruff", "mypy"):
        (line,) = [t for t in tests if re.match(rf"{tool}\b", t)]
        assert line == f"{tool}=={pins[tool]}", "linters are pinned, to the constraints' version"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    (command,) = [line for line in readme.splitlines()
                  if line.startswith("python3 -m venv") and "python -m pytest" in line]
    assert "-c constraints.txt" in command
    assert command in ci.splitlines()


def test_the_bench_extra_installs_termdown_and_every_hint_names_it() -> None:
    """`bench/run` needs termdown for its CPU row: the `bench` extra installs it, and
    BENCHMARKS.md and both benchmarks that need it name `pip install '.[bench]'`."""
    from packaging.requirements import Requirement

    extras = _pyproject()["project"]["optional-dependencies"]  # type: ignore[index]
    assert "termdown" in {Requirement(t).name for t in extras["bench"]}
    benchmarks = (ROOT / "BENCHMARKS.md").read_text()
    assert "pip install '.[bench]'" in benchmarks
    assert "pip install termdown" not in benchmarks
    for script in ("runner.py", "from_the_mat.py"):
        text = (ROOT / "bench" / script).read_text()
        assert "'.[bench]'" in text and "pip install termdown" not in text, script
