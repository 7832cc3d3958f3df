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
    # z with the unpooled standard error (issue 19: it was blamed on the sent e-mails)
    "q8_reponse": (
        'a, b = par_variante.loc["A"], par_variante.loc["B"]\n'
        'pa, pb = a["ouvreurs"] / a["delivres"], b["ouvreurs"] / b["delivres"]\n'
        'se = (pa * (1 - pa) / a["delivres"] + pb * (1 - pb) / b["delivres"]) ** 0.5\n'
        "z_ouverture = abs(pa - pb) / se",
        "q8_test",
        "NON POOLÉ",
    ),
    "q9_reponse": (
        "test_achats = emailing.test_ab(\n"
        '    int(a["acheteurs"]), int(a["delivres"]), int(b["acheteurs"]), int(b["delivres"])\n'
        ")\n"
        "p_value_achats = 1 - test_achats.p_value",
        "q9_test",
        "1 − p",
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


# Right answers written differently, in the same notebook: they keep their points.
AUTREMENT = {
    "q1_reponse": 'etapes_aida = {"surtitre": "Attention", "titre": "Intérêt", '
    '"sous_titre": " désir", "encadre": "ACTION"}',
    "q2_reponse": "problemes = {7, 5, 3, 2, 1}",
    "q7_reponse": 'taux_desabonnement = round(comptes["desabonne"] / comptes["delivre"], 4)',
    "q10_reponse": 'decision_ouverture = " b "',
    "q13_reponse": 'motifs_exclusion = {"case_precochee": "b", "achat_sans_poele": "a", '
    '"desinscrit": "c"}',
}


@pytest.fixture(scope="module")
def resultat(tmp_path_factory):
    bon = solution_notebook(TD)
    mauvais = with_answers(
        bon, {**AUTREMENT, **{gid: src for gid, (src, _, _) in MEPRISES.items()}}
    )
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
