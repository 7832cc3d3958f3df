"""Install time: from the lock (what `make venv` does) vs plain resolution (what it did before).

Each way gets a fresh venv in a temporary folder, in the same run, with the same package
caches (warm after the first install on a machine, as for a teacher or CI re-running):

- ``resolution``: ``pip install -e ".[dev,site]"`` (pip resolves the lower bounds);
- ``verrou-pip``: ``pip install --require-hashes --no-deps -r requirements-lock.txt``
  (no resolution, same installer: isolates what the lock alone saves);
- ``verrou-uv``: ``uv pip sync --require-hashes requirements-lock.txt`` (the Makefile).

Each then installs crmkit itself (editable, no dependencies). Prints seconds and ratios.

    .venv/bin/python benchmarks/bench_lock_install.py [--sans-resolution]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
LOCK = RACINE / "requirements-lock.txt"
UV = Path(sys.executable).parent / "uv"


def _run(*cmd: str) -> None:
    subprocess.run(cmd, cwd=RACINE, check=True, stdout=subprocess.DEVNULL)


def _fresh(dossier: Path) -> str:
    venv.create(dossier, with_pip=True)
    return str(dossier / "bin" / "python")


def resolution(dossier: Path) -> None:
    py = _fresh(dossier)
    _run(py, "-m", "pip", "install", "-q", "-e", ".[dev,site]")


def verrou_pip(dossier: Path) -> None:
    py = _fresh(dossier)
    _run(py, "-m", "pip", "install", "-q", "--require-hashes", "--no-deps", "-r", str(LOCK))
    _run(py, "-m", "pip", "install", "-q", "--no-deps", "-e", ".")


def verrou_uv(dossier: Path) -> None:
    py = _fresh(dossier)
    _run(str(UV), "pip", "sync", "-q", "--python", py, "--require-hashes", str(LOCK))
    _run(str(UV), "pip", "install", "-q", "--python", py, "--no-deps", "-e", ".")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sans-resolution", action="store_true", help="skip the slow baseline")
    args = parser.parse_args()
    facons = {"verrou-uv": verrou_uv, "verrou-pip": verrou_pip}
    if not args.sans_resolution:
        facons = {"resolution": resolution, **facons}
    temps = {}
    with tempfile.TemporaryDirectory() as tmp:
        for nom, facon in facons.items():
            debut = time.perf_counter()
            facon(Path(tmp) / nom)
            temps[nom] = time.perf_counter() - debut
            print(f"{nom:12s} {temps[nom]:7.1f} s", flush=True)
    base = temps.get("resolution")
    if base:
        for nom in ("verrou-pip", "verrou-uv"):
            print(f"resolution / {nom}: {base / temps[nom]:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
