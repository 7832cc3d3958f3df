"""td2_base_scoring through nbgrader: the solution gets full marks; each listed
misconception loses its points and shows its own hint in the graded notebook."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from roundtrip import autograde, grade_id, solution_notebook, with_answers  # noqa: E402

TD = "td2_base_scoring"

Q7 = (
    'clients_2024["classe"] = scoring.classes_de_score(scores_2024, BORNES_CLASSES, '
    "ETIQUETTES_CLASSES)\n"
    'par_classe = scoring.taux_reponse_par_classe(clients_2024, "classe")\n'
)

# Misconceptions that do not change later answers: each loses only its own points.
INDEPENDANTES = {
    "q1_reponse": (
        'definitions = {"base_de_donnees": "C", "progiciel": "A", "segmentation": "B", '
        '"ciblage": "E", "marketing_direct": "D"}',
        "q1_test",
        "inversés",
    ),
    "q3_reponse": (
        "clients_cibles = pd.read_sql('''\n"
        "    SELECT DISTINCT c.client_id FROM commandes AS c\n"
        "    JOIN lignes_commande AS l ON l.commande_id = c.commande_id\n"
        "    JOIN produits AS p ON p.produit_id = l.produit_id\n"
        "    JOIN consentements AS s ON s.client_id = c.client_id\n"
        "    WHERE p.categorie_id = 2 AND c.date_commande >= '2025-01-01'\n"
        "      AND s.canal = 'email' AND s.statut = 'opt_in'\n"
        "''', base)[\"client_id\"]",
        "q3_test",
        "pré-cochée",
    ),
    "q4_reponse": (
        'ca_par_canal = charger("commandes").query("date_commande >= \'2025-01-01\'")'
        '.groupby("canal_vente")["marge"].sum()',
        "q4_test",
        "MARGE",
    ),
    # response rate over the responders (share of responses) instead of the contacted
    "q9_reponse": (
        Q7 + 'taux_par_classe = par_classe["reponses"] / par_classe["reponses"].sum()',
        "q9_test",
        "RÉPONDANTS",
    ),
    # break-even rate with the revenue per response instead of the margin
    "q11_reponse": (
        'seuil = COUT_CONTACT / (repondants["montant_reponse"].sum() / len(repondants))',
        "q11_test",
        "CHIFFRE D'AFFAIRES",
    ),
    "q12_reponse": ('classes_retenues = {"A", "B", "C"}', None, None),
    "q2_reponse": (
        'familles = {"ville": "geographique", "annee_naissance": "sociodemographique", '
        '"civilite": "sociodemographique", "carte_fidelite": "comportemental", '
        '"montant": "sociodemographique", "passion_cuisine": "psychographique"}',
        "q2_test",
        "revenu",
    ),
    # the displayed cost of an address: the rental of the removed lines forgotten
    "q6_reponse": (
        "cout_par_adresse = PRIX_LOCATION_MILLE / 1000 + COUT_CONTACT",
        "q6_test",
        "AFFICHÉ",
    ),
}
# Recency points reversed: long-ago buyers score high (later answers follow the wrong score).
RECENCE = {"q7_reponse": ("points_recence = [0, 10, 20, 30]", "q7_test", "récence inversée")}
# The rented file cleaned without removing the customers: q5 and, carried forward, q6.
SANS_CLIENTS = {
    "q5_reponse": (
        "propre = fichiers.dedoublonner(fichier)\n"
        'exploitables = propre[(propre["retour_npai"] == 0) & (propre["liste_opposition"] == 0)]\n'
        "adresses_exploitables = len(exploitables)",
        "q5_test",
        "CLIENTES",
    ),
}
# Revenue used as the margin per response (carried into the break-even rate, the profit
# and the depth), percentages written as 1.2 for 1.2 %, class D kept.
CA_ET_POURCENTAGES = {
    "q9_reponse": (
        Q7 + 'taux_par_classe = 100 * par_classe["taux_reponse"]',
        "q9_test",
        "pourcentage",
    ),
    "q10_reponse": (
        'repondants = contacts[(contacts["campagne_id"] == 1) & (contacts["reponse"] == 1)]\n'
        'marge_par_reponse = repondants["montant_reponse"].sum() / len(repondants)',
        "q10_test",
        "CHIFFRE D'AFFAIRES",
    ),
    "q11_reponse": ("seuil = 100 * COUT_CONTACT / (53833.06 / 628)", "q11_test", "pourcentage"),
    "q12_reponse": (
        'classes_retenues = ["A", "B", "C", "D"]',
        "q12_test",
        "répond moins que le taux",
    ),
}
# q14 asks a proportion: a percentage (60 for 0.6) loses its point with its own hint.
POURCENTAGE = {
    "q14_reponse": (
        "profondeur_modele = ...\n"
        + "\n".join(
            (
                "modele = scoring.ajuster_score_logistique(clients_2024, "
                '["recence", "frequence", "log_montant", "part_categorie"])',
                'clients_2025["proba"] = modele.predire(clients_2025)',
                'clients_2025["score"] = scoring.appliquer_grille(clients_2025, '
                'regles_grille(points_recence))["score"]',
                "optimum_modele = scoring.profondeur_optimale(clients_2025, COUT_CONTACT, "
                'marge_par_reponse, score="proba")',
                'profondeur_modele = 100 * float(optimum_modele["part_contacts"])  # 60',
            )
        ),
        "q14_test",
        "pourcentage",
    )
}
# The margin per response rounded to the cent, carried into q11, q13, q14 and q15: no point lost.
MARGE_ARRONDIE = {
    "q10_reponse": 'repondants = contacts[(contacts["campagne_id"] == 1) & (contacts["reponse"] == 1)]\n'
    'marge_par_reponse = round(repondants["marge_reponse"].sum() / len(repondants), 2)  # 85.72'
}


def _q3_reecrite(nb, nouvelle: str) -> str:
    """The solution of q3 with its last assignment written another way."""
    (cell,) = [c for c in nb.cells if grade_id(c) == "q3_reponse"]
    assert 'clients_cibles = cible["client_id"]' in cell.source
    return cell.source.replace('clients_cibles = cible["client_id"]', nouvelle)


def _sources(meprises: dict) -> dict:
    return {gid: src for gid, (src, _, _) in meprises.items()}


@pytest.fixture(scope="module")
def resultat(tmp_path_factory):
    bon = solution_notebook(TD)
    soumissions = {
        "bon": bon,
        "independantes": with_answers(
            bon, {**_sources(INDEPENDANTES), **_sources(POURCENTAGE), **MARGE_ARRONDIE}
        ),
        # q3 answered with the whole DataFrame: refused, with how to keep its column
        "recence": with_answers(
            bon,
            {
                **_sources(RECENCE),
                **_sources(SANS_CLIENTS),
                "q3_reponse": _q3_reecrite(bon, "clients_cibles = cible"),
            },
        ),
        # q3 answered as a sorted list of ids: accepted
        "ca": with_answers(
            bon,
            {
                **_sources(CA_ET_POURCENTAGES),
                "q3_reponse": _q3_reecrite(bon, 'clients_cibles = sorted(cible["client_id"])'),
            },
        ),
    }
    tmp = tmp_path_factory.mktemp("roundtrip_td2_base_scoring")
    return autograde(TD, soumissions, tmp=tmp)


def test_solution_gets_full_marks(resultat):
    assert resultat.max_total == 18  # + 4 points graded by hand (q16)
    assert len(resultat.max_points) == 15
    assert resultat.scores["bon"] == resultat.max_points
    assert resultat.errors("bon") == []  # the TD source runs top to bottom
    assert resultat.manual == ["q16_reponse"]


def test_independent_misconceptions_lose_only_their_points(resultat):
    perdus = {test for _, test, _ in (*INDEPENDANTES.values(), *POURCENTAGE.values()) if test}
    for test, points in resultat.max_points.items():
        attendu = 0 if test in perdus else points
        assert resultat.scores["independantes"][test] == attendu, test
    # the margin per response rounded to the cent, carried forward, costs nothing
    for test in ("q10_test", "q13_test", "q15_test"):
        assert resultat.scores["independantes"][test] == 1, test


def test_reversed_recency_loses_the_grid_points(resultat):
    scores = resultat.scores["recence"]
    assert scores["q7_test"] == scores["q8_test"] == scores["q3_test"] == 0
    assert scores["q5_test"] == scores["q6_test"] == 0  # customers kept, carried into the cost
    for test in ("q1_test", "q2_test", "q4_test", "q10_test", "q11_test"):
        assert scores[test] == resultat.max_points[test], test
    sorties = resultat.outputs("recence")
    assert "récence inversée" in sorties["q7_test"]
    assert "récence inversée" in sorties["q8_test"]
    assert "tableau entier" in sorties["q3_test"]
    assert "question 5" in sorties["q6_test"]


def test_revenue_and_percentages_lose_their_points(resultat):
    scores = resultat.scores["ca"]
    for test in ("q9_test", "q10_test", "q11_test", "q12_test", "q13_test", "q15_test"):
        assert scores[test] == 0, test
    for test in (
        "q1_test",
        "q2_test",
        "q3_test",
        "q4_test",
        "q5_test",
        "q6_test",
        "q7_test",
        "q8_test",
    ):
        assert scores[test] == resultat.max_points[test], test
    sorties = resultat.outputs("ca")
    assert "CHIFFRE D'AFFAIRES" in sorties["q13_test"]  # carried into the profit
    assert "CHIFFRE D'AFFAIRES" in sorties["q15_test"]


@pytest.mark.parametrize(
    ("eleve", "meprises"),
    [
        ("independantes", {**INDEPENDANTES, **POURCENTAGE}),
        ("recence", {**RECENCE, **SANS_CLIENTS}),
        ("ca", CA_ET_POURCENTAGES),
    ],
)
def test_each_misconception_shows_its_hint(resultat, eleve, meprises):
    sorties = resultat.outputs(eleve)
    for _, test, mots in meprises.values():
        if test:
            assert mots in sorties[test], (test, sorties[test][:500])
            assert "Traceback" not in sorties[test]
