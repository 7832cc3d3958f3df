"""TD1 nbgrader round trip: the solution gets full marks, each misconception loses its points.

One nbgrader autograde run grades three submissions (solution, blank,
misconceptions), so the whole file costs one release + one autograde.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from roundtrip import autograde, solution_notebook, student_notebook, with_answers  # noqa: E402

from crmkit.exercices import td1_enjeux_crm as td  # noqa: E402

TD = "td1_enjeux_crm"
pytestmark = pytest.mark.slow

# Each known misconception, written as a student would, with the hint it must trigger.
MEPRISES = {
    "q2": (
        'exemples = {"a": "perso", "b": "masse", "c": "perso", "d": "masse", "e": "perso"}',
        {"a": "perso", "b": "masse", "c": "perso", "d": "masse", "e": "perso"},
        "qui adapte",
    ),
    "q7": ("part_ca_top20 = 0.8", 0.8, "20/80"),
    "q8": (
        'part_deficitaires = (charger("commandes").groupby("client_id")["marge"].sum() < 0).mean()',
        None,
        "coûts de service",
    ),
    "q9": (
        'cout_par_reponse = charger("campagnes").groupby("canal")["cout_unitaire"].mean().to_dict()',
        None,
        "coûts par contact",
    ),
    "q10": (
        'classement_par_reponse = ["email", "sms", "courrier", "telephone", "face_a_face"]',
        ["email", "sms", "courrier", "telephone", "face_a_face"],
        "par contact",
    ),
    "q11": ("cout_par_present = 420 / 20", 21.0, "présents"),
}


@pytest.fixture(scope="module")
def resultat():
    bon = solution_notebook(TD)
    meprises = with_answers(bon, {f"{q}_reponse": code for q, (code, _, _) in MEPRISES.items()})
    return autograde(TD, {"solution": bon, "vide": student_notebook(TD), "meprises": meprises})


def test_solution_gets_full_marks(resultat):
    assert resultat.max_total == 16
    assert resultat.scores["solution"] == resultat.max_points
    assert sorted(resultat.manual) == ["q12_reponse", "q13_reponse"]


def test_blank_submission_gets_zero(resultat):
    assert resultat.total("vide") == 0


def test_each_misconception_loses_exactly_its_points(resultat):
    notes = resultat.scores["meprises"]
    for gid, maximum in resultat.max_points.items():
        q = gid.removesuffix("_test")
        attendu = 0 if q in MEPRISES else maximum
        assert notes[gid] == attendu, gid


@pytest.mark.parametrize("q", sorted(MEPRISES))
def test_each_misconception_has_its_hint(q):
    _, valeur, fragment = MEPRISES[q]
    if valeur is None:  # computed from the data as the student would
        from crmkit.data import charger

        if q == "q8":
            valeur = float((charger("commandes").groupby("client_id")["marge"].sum() < 0).mean())
        else:
            valeur = charger("campagnes").groupby("canal")["cout_unitaire"].mean().to_dict()
    ev = td.evaluer(q, valeur)
    assert ev.statut == "incorrect" and fragment in ev.message, ev
