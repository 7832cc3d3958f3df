"""What the notebook generators in ``tools/notebooks/`` share.

Notebook metadata, nbgrader cell markup, plain cells, and writing a notebook
with stable cell ids (regenerating does not churn the diff) then formatting
its code cells with ruff (``tests/test_project_ruff.py`` checks them).

>>> nbgrader_meta("q1_test", grade=True, points=2)["points"]
2
>>> [c.id for c in stable_ids([md("# Titre"), py("x = 1")], "cours")]
['cours-00', 'cours-01']
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

RACINE = Path(__file__).resolve().parents[2]
METADATA = {
    "kernelspec": {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    },
    "language_info": {"name": "python"},
}


def nbgrader_meta(gid: str, *, grade=False, solution=False, locked=True, points=None) -> dict:
    """The ``nbgrader`` metadata of one cell (schema 3)."""
    meta = {
        "grade": grade,
        "grade_id": gid,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta


def md(source: str):
    """A markdown cell, surrounding blank lines removed."""
    return new_markdown_cell(source.strip())


def py(source: str):
    """A code cell, surrounding blank lines removed."""
    return new_code_cell(source.strip())


def stable_ids(cells: list, prefixe: str) -> list:
    """Cell ids from the nbgrader ``grade_id``, else from the position."""
    for i, cell in enumerate(cells):
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell.id = gid or f"{prefixe}-{i:02d}"
    return cells


def ecrire(chemin: Path, cellules: list, prefixe: str) -> Path:
    """Write a valid notebook without outputs at *chemin*; return the path.

    The notebook's ``metadata.crmkit`` (chapter, duration, objectives: see
    ``crmkit.catalogue``) is kept from the file being replaced.
    """
    metadata = dict(METADATA)
    if chemin.exists():
        ancien = nbformat.read(chemin, as_version=4).metadata
        if "crmkit" in ancien:
            metadata["crmkit"] = ancien["crmkit"]
    nb = new_notebook(cells=stable_ids(cellules, prefixe), metadata=metadata)
    nbformat.validate(nb)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, chemin)
    return chemin


def formater(*chemins: Path) -> None:
    """Format the code cells of *chemins* with the project's ruff."""
    ruff = Path(sys.executable).parent / "ruff"
    commande = [str(ruff)] if ruff.exists() else [sys.executable, "-m", "ruff"]
    subprocess.run([*commande, "format", "--quiet", *map(str, chemins)], cwd=RACINE, check=True)
