"""A non-editable install carries the shipped routines inside the package."""

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
    assert "coretimer/engine.py" in names
    assert any(n.endswith("entry_points.txt") for n in names)
