"""Which notebooks the quality gates look at (shared by ``tests/test_notebooks_*.py``).

>>> all(p.suffix == ".ipynb" for p in course_notebooks())
True
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
_SKIP = {".ipynb_checkpoints"}


def _glob(pattern: str) -> list[Path]:
    return sorted(p for p in REPO_ROOT.glob(pattern) if not _SKIP & set(p.parts))


def course_notebooks() -> list[Path]:
    """``course/*.ipynb``."""
    return _glob("course/*.ipynb")


def solution_notebooks() -> list[Path]:
    """``solutions/<td>/*.ipynb`` (instructor sources)."""
    return _glob("solutions/*/*.ipynb")


def teacher_notebooks() -> list[Path]:
    """``enseignant/*.ipynb`` (teacher-only: never released nor published)."""
    return _glob("enseignant/*.ipynb")


def exercise_notebooks() -> list[Path]:
    """``exercises/<td>/*.ipynb`` (generated student versions)."""
    return _glob("exercises/*/*.ipynb")


def relative(path: Path) -> str:
    """Path shown in test ids and messages, relative to the repository."""
    return str(path.relative_to(REPO_ROOT))


def hidden_tests(td: str) -> dict[str, str]:
    """Question id → the hidden block of its test cell in ``solutions/<td>/<td>.ipynb``.

    >>> hidden_tests("td1_enjeux_crm")["q13"].strip()
    'valider("q13", cout_par_present, 30.0)'
    """
    import json

    nb = json.loads((REPO_ROOT / "solutions" / td / f"{td}.ipynb").read_text(encoding="utf-8"))
    blocs = {}
    for cell in nb["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        source = "".join(cell["source"])
        if gid.endswith("_test") and "### BEGIN HIDDEN TESTS" in source:
            bloc = source.split("### BEGIN HIDDEN TESTS", 1)[1].split("### END HIDDEN TESTS")[0]
            blocs[gid.removesuffix("_test")] = bloc
    return blocs
