"""The teacher's kit and the TD intros agree with the declarations.

Each TD intro states its barème (« **Barème** : N points — A corrigés
automatiquement, M par l'enseignant »); the points come from the questions
declared once in ``crmkit.exercices.<td>``.
"""

import importlib
import re

import nbformat
import pytest
from notebook_files import REPO_ROOT, relative, solution_notebooks

from crmkit.feedback import Libre

TDS = solution_notebooks()


def bareme_declare(td_id: str) -> tuple[float, float]:
    """(automatic points, teacher-graded points) declared for *td_id*."""
    questions = importlib.import_module(f"crmkit.exercices.{td_id}").QUESTIONS
    auto = manuel = 0.0
    for qid in questions.ids:
        q = questions.question(qid)
        if isinstance(q, Libre):
            manuel += q.points
        else:
            auto += q.points
    return auto, manuel


def bareme_annonce(intro: str) -> tuple[float, float, float]:
    """(total, automatic, teacher-graded) as the intro states them."""
    texte = re.sub(r"[\u00a0\u202f]", " ", intro)
    total = re.search(r"\*\*Barème\*\*\s*:\s*(\d+) points", texte)
    auto = re.search(
        r"(\d+) points? corrigés automatiquement|automatiquement \((\d+) points?\)", texte
    )
    manuel = re.search(
        r"(\d+) points? corrigés par l'enseignant|enseignant \((\d+) points?\)", texte
    )
    assert total and auto and manuel, (
        "l'introduction doit annoncer le barème (total, auto, enseignant)"
    )
    return tuple(float(next(g for g in m.groups() if g)) for m in (total, auto, manuel))


@pytest.mark.parametrize("path", TDS, ids=relative)
def test_intro_states_the_declared_bareme(path):
    intro = nbformat.read(path, as_version=4).cells[0].source
    total, auto, manuel = bareme_annonce(intro)
    auto_declare, manuel_declare = bareme_declare(path.stem)
    assert (auto, manuel) == (auto_declare, manuel_declare), (
        f"{path.stem} : l'introduction annonce {auto:g} + {manuel:g} points, "
        f"les déclarations donnent {auto_declare:g} + {manuel_declare:g}"
    )
    assert total == auto + manuel


def test_a_wrong_bareme_is_caught():
    intro = "**Barème** : 20 points — 15 points corrigés automatiquement, 5 points corrigés par l'enseignant."
    assert bareme_annonce(intro) == (20, 15, 5)
    assert bareme_annonce(intro)[1:] != bareme_declare("td1_enjeux_crm")


def test_teacher_kit_exists_outside_published_folders():
    assert (REPO_ROOT / "enseignant" / "corriges_cours.ipynb").exists()
    assert (REPO_ROOT / "enseignant" / "README.md").exists()
