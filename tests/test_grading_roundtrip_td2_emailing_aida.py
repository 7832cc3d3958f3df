"""td2_emailing_aida through nbgrader: the solution gets full marks; each listed
misconception loses its points and shows its hint in the graded notebook."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from roundtrip import autograde, solution_notebook, with_answers  # noqa: E402

TD = "td2_emailing_aida"

# grade_id of the answer cell → (new source, test cell that must lose its points, hint words)
MEPRISES = {
    "q3_reponse": (
        'peut_envoyer = {"a": "non", "b": "oui", "c": "oui", "d": "oui", "e": "non", "f": "non"}',
        "q3_test",
        "ANALOGUES",
    ),
    "q4_reponse": (
        'taux_ouverture = comptes["ouvert"] / comptes["envoye"]',
        "q4_test",
        "ENVOYÉS",
    ),
    "q5_reponse": (
        'taux_clic = comptes["clique"] / comptes["ouvert"]',
        "q5_test",
        "CTOR",
    ),
    "q11_reponse": ('decision_achats = "B"', "q11_test", "écart brut"),
    "q12_reponse": (
        "filtre = emailing.filtre_consentement(\n"
        '    consentements, clients, canal="email", categorie_offre=2,\n'
        "    achats=achats.assign(categorie_id=2),\n"
        ")\n"
        'nb_destinataires = int(filtre["autorise"].sum())',
        "q12_test",
        "produits analogues",
    ),
}


@pytest.fixture(scope="module")
def resultat(tmp_path_factory):
    bon = solution_notebook(TD)
    mauvais = with_answers(bon, {gid: src for gid, (src, _, _) in MEPRISES.items()})
    tmp = tmp_path_factory.mktemp("roundtrip_td2_emailing")
    return autograde(TD, {"bon": bon, "meprises": mauvais}, tmp=tmp)


def test_solution_gets_full_marks(resultat):
    assert resultat.max_total == 19  # + 3 points graded by hand (q14)
    assert len(resultat.max_points) >= 13
    assert resultat.scores["bon"] == resultat.max_points
    assert resultat.manual == ["q14_reponse"]


def test_each_misconception_loses_its_points(resultat):
    perdus = {test for _, test, _ in MEPRISES.values()}
    for test, points in resultat.max_points.items():
        attendu = 0 if test in perdus else points
        assert resultat.scores["meprises"][test] == attendu, test


def test_each_misconception_shows_its_hint(resultat):
    sorties = resultat.outputs("meprises")
    for _, test, mots in MEPRISES.values():
        assert mots in sorties[test], (test, sorties[test][:500])
