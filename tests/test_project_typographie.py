"""French typography and one term per notion in the course and TD notebooks.

Typography rules live in ``tools/typographie.py``; ``tools/formater_notebooks.py``
applies them to every source notebook; the glossary of
retained terms is ``tests/spelling/glossaire.txt``.
"""

import importlib.util
import re

import nbformat
import pytest
from notebook_files import (
    REPO_ROOT,
    course_notebooks,
    relative,
    solution_notebooks,
    teacher_notebooks,
)
from test_project_spelling import prose

_SPEC = importlib.util.spec_from_file_location(
    "typographie", REPO_ROOT / "tools" / "typographie.py"
)
typographie = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(typographie)

NOTEBOOKS = course_notebooks() + solution_notebooks() + teacher_notebooks()
GLOSSAIRE = REPO_ROOT / "tests" / "spelling" / "glossaire.txt"


def _markdown(path):
    nb = nbformat.read(path, as_version=4)
    return [(i, c.source) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"]


def glossaire() -> dict[str, str]:
    """Rejected variant -> retained term."""
    regles = {}
    for ligne in GLOSSAIRE.read_text(encoding="utf-8").splitlines():
        if ligne.strip() and not ligne.startswith("#"):
            ecarte, retenu = (s.strip() for s in ligne.split("=>", 1))
            regles[ecarte] = retenu
    return regles


@pytest.mark.parametrize("path", NOTEBOOKS, ids=relative)
def test_markdown_follows_french_typography(path):
    problemes = [
        f"cellule {i} : {', '.join(typographie.manques(source))}"
        for i, source in _markdown(path)
        if typographie.manques(source)
    ]
    assert not problemes, (
        "typographie française à corriger (lancez `.venv/bin/python tools/formater_notebooks.py`) :\n"
        + "\n".join(problemes)
    )


def _variantes(texte: str) -> list[str]:
    texte = re.sub(r"\s+", " ", texte.replace("\u202f", " ").replace("\xa0", " ")).lower()
    return [f"« {e} » → « {r} »" for e, r in glossaire().items() if e.lower() in texte]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=relative)
def test_one_term_per_notion_in_notebooks(path):
    trouves = [f"cellule {i} : {v}" for i, s in _markdown(path) for v in _variantes(prose(s))]
    assert not trouves, "terme à harmoniser (voir tests/spelling/glossaire.txt) :\n" + "\n".join(
        trouves
    )


@pytest.mark.parametrize("path", sorted((REPO_ROOT / "src" / "crmkit").rglob("*.py")), ids=relative)
def test_one_term_per_notion_in_messages(path):
    chaines = re.findall(r"\"[^\"\n]*\"|'[^'\n]*'", path.read_text(encoding="utf-8"))
    trouves = [v for c in chaines for v in _variantes(c)]
    assert not trouves, "terme à harmoniser dans les messages :\n" + "\n".join(trouves)


def test_formatter_fixes_what_the_check_reports():
    texte = "Taux : 3 % ; « oui » ? 12 500 € et `x : y`"
    assert typographie.manques(texte)
    corrige = typographie.corriger(texte)
    assert typographie.manques(corrige) == []
    assert typographie.corriger(corrige) == corrige
    assert "`x : y`" in corrige


def test_glossary_catches_a_variant():
    assert _variantes("Le lien de désabonnement en bas de page")
    assert not _variantes("Le lien de désinscription en bas de page")


_PLURIEL_ENTRE_PARENTHESES = re.compile(r"[a-zéè]\((?:s|es|aux)\)(?!\w)")


@pytest.mark.parametrize("path", sorted((REPO_ROOT / "src" / "crmkit").rglob("*.py")), ids=relative)
def test_messages_use_real_plurals(path):
    """« 3 valeurs », never « 3 valeur(s) »: use ``crmkit.francais.accord``."""
    chaines = re.findall(r"\"[^\"\n]*\"|'[^'\n]*'", path.read_text(encoding="utf-8"))
    # f-string fields ({len(s)}) are code, not wording.
    fautes = [c for c in chaines if _PLURIEL_ENTRE_PARENTHESES.search(re.sub(r"\{[^{}]*\}", "", c))]
    assert not fautes, "pluriels entre parenthèses (crmkit.francais.accord) :\n" + "\n".join(fautes)
