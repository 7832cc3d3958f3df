"""Format every source notebook the same way: one formatter, idempotent.

The source notebooks (``solutions/<td>/<td>.ipynb``, ``course/*.ipynb``) are
the single source of each TD and chapter, edited in JupyterLab or by hand.
Before a commit, this formatter gives them one canonical shape, so that a
diff shows only what an author changed:

- outputs and execution counts removed (notebooks are committed without outputs);
- stable cell ids: an existing valid, unique id is kept; a missing or duplicate
  one becomes the nbgrader ``grade_id`` if free, else ``<notebook>-NN``;
- the project's kernel metadata (``python3``), volatile ``language_info`` dropped;
- nbformat's canonical JSON, then ruff format on the code cells
  (``tests/test_project_ruff.py`` checks ruff's side too).

``exercises/`` is left alone: nbgrader generates it (``make exercises``).

Usage::

    .venv/bin/python tools/formater_notebooks.py            # format every source notebook
    .venv/bin/python tools/formater_notebooks.py --check    # list those not formatted, exit 1
    .venv/bin/python tools/formater_notebooks.py course/00_demarrer.ipynb

>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
>>> nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="1")]
>>> nb.cells[0].id = "id non valide"
>>> propre = canonique(nb, "demo")
>>> propre.cells[0].outputs, propre.cells[0].id, canonique(propre, "demo") == propre
([], 'demo-00', True)
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat

RACINE = Path(__file__).resolve().parents[1]
SOURCES = ("solutions/*/*.ipynb", "course/*.ipynb")
METADATA = {
    "kernelspec": {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    },
    "language_info": {"name": "python"},
}
_ID_VALIDE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def notebooks_sources(racine: Path = RACINE) -> list[Path]:
    """Every source notebook of the course, sorted."""
    return sorted(p for motif in SOURCES for p in racine.glob(motif))


def canonique(nb, prefixe: str):
    """A formatted copy of *nb* (everything but ruff): no outputs, stable ids, metadata."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    vus: set[str] = set()
    a_nommer = []
    for cell in nb.cells:
        cid = cell.get("id", "")
        if isinstance(cid, str) and _ID_VALIDE.match(cid) and cid not in vus:
            vus.add(cid)
        else:
            a_nommer.append(cell)
    for cell in a_nommer:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if _ID_VALIDE.match(gid) and gid not in vus:
            cell.id = gid
        else:
            n = 0
            while f"{prefixe}-{n:02d}" in vus:
                n += 1
            cell.id = f"{prefixe}-{n:02d}"
        vus.add(cell.id)
    nb.metadata.update(copy.deepcopy(METADATA))
    nb.nbformat, nb.nbformat_minor = 4, max(nb.nbformat_minor, 5)
    nbformat.validate(nb)
    return nb


def _lire(texte: str):
    """The notebook as written: nbformat.reads would replace a duplicate id by a random one."""
    nb = nbformat.from_dict(json.loads(texte))
    if nb.get("nbformat") != 4:
        raise ValueError("format de notebook non pris en charge (nbformat 4 attendu)")
    return nb


def _texte(nb) -> str:
    texte = nbformat.writes(nb)
    return texte if texte.endswith("\n") else texte + "\n"


def _ruff(*args: str) -> subprocess.CompletedProcess:
    ruff = Path(sys.executable).parent / "ruff"
    commande = [str(ruff)] if ruff.exists() else [sys.executable, "-m", "ruff"]
    return subprocess.run(
        [*commande, "format", *args], cwd=RACINE, capture_output=True, text=True, check=False
    )


def non_formates(chemins: list[Path]) -> list[Path]:
    """The notebooks among *chemins* that formatting would change."""
    restants = []
    for chemin in chemins:
        brut = chemin.read_text(encoding="utf-8")
        canon = _texte(canonique(_lire(brut), chemin.stem))
        if canon != brut or _ruff("--check", "--quiet", str(chemin)).returncode != 0:
            restants.append(chemin)
    return restants


def formater(chemins: list[Path]) -> list[Path]:
    """Format *chemins* in place; return those that changed."""
    changes = non_formates(chemins)
    for chemin in changes:
        nb = _lire(chemin.read_text(encoding="utf-8"))
        chemin.write_text(_texte(canonique(nb, chemin.stem)), encoding="utf-8")
    if changes:
        fait = _ruff("--quiet", *map(str, changes))
        if fait.returncode != 0:
            raise RuntimeError(f"ruff format a échoué :\n{fait.stdout}{fait.stderr}")
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="défaut : tous les sources")
    parser.add_argument(
        "--check", action="store_true", help="ne rien écrire ; code 1 si à formater"
    )
    args = parser.parse_args(argv)
    chemins = [p.resolve() for p in args.notebooks] or notebooks_sources()
    if args.check:
        restants = non_formates(chemins)
        for chemin in restants:
            print(
                f"à formater : {chemin.relative_to(RACINE) if chemin.is_relative_to(RACINE) else chemin}"
            )
        if restants:
            print("lancez : .venv/bin/python tools/formater_notebooks.py")
        return 1 if restants else 0
    for chemin in formater(chemins):
        print(f"formaté : {chemin}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
