"""Run one notebook under ``pytest --nbval-lax`` in a subprocess (one test item per notebook).

A subprocess keeps each kernel and its memory apart, and lets the caller's
pytest-xdist spread the notebooks over workers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

VENV_BIN = str(Path(sys.executable).parent)


def run_nbval(notebook: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    """``python -m pytest --nbval-lax <notebook>``; returns the finished process."""
    env = dict(os.environ)
    env["PATH"] = VENV_BIN + os.pathsep + env.get("PATH", "")
    env["MPLBACKEND"] = "Agg"
    env.pop("PYTEST_XDIST_WORKER", None)
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "--nbval-lax",
        "--nbval-cell-timeout=600",
        str(notebook),
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "-o",
        "addopts=",
        "-q",
    ]
    return subprocess.run(
        cmd, cwd=notebook.parent, env=env, capture_output=True, text=True, timeout=timeout
    )


def failure_report(notebook: Path, proc: subprocess.CompletedProcess) -> str:
    """The tail of the subprocess output, for the assertion message."""
    return f"nbval a échoué sur {notebook} :\n{(proc.stdout + proc.stderr)[-6000:]}"
