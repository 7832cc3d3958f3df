"""ruff lint and format check on src/, tests/, tools/, benchmarks/, site/ and the notebooks (config in pyproject.toml)."""

import subprocess
import sys
from pathlib import Path

import pytest
from notebook_files import REPO_ROOT

TARGETS = ["src", "tests", "course", "solutions", "enseignant", "tools", "benchmarks", "site"]
RUFF = Path(sys.executable).parent / "ruff"


def ruff(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess:
    cmd = [str(RUFF)] if RUFF.exists() else [sys.executable, "-m", "ruff"]
    return subprocess.run(
        [*cmd, *args, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff(command):
    targets = [t for t in TARGETS if (REPO_ROOT / t).exists()]
    proc = ruff(*command, *targets)
    assert proc.returncode == 0, (
        f"ruff {' '.join(command)} :\n{proc.stdout[-5000:]}{proc.stderr[-2000:]}"
    )


def test_ruff_catches_problems_in_notebooks(tmp_path):
    """The gate sees notebooks: an unused import and bad formatting in a code cell fail."""
    import nbformat

    (tmp_path / "pyproject.toml").write_text((REPO_ROOT / "pyproject.toml").read_text())
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import os, sys\nx=1")])
    nbformat.write(nb, tmp_path / "bad.ipynb")
    assert ruff("check", ".", cwd=tmp_path).returncode != 0
    assert ruff("format", "--check", ".", cwd=tmp_path).returncode != 0
