"""td2_fidelisation through nbgrader: the solution gets full marks; each listed
misconception loses its points and shows its hint in the graded notebook; the
blank student version runs to the end with "pas encore de réponse" only."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from roundtrip import (  # noqa: E402
    autograde,
    misconception_hints_missing,
    misconception_score_errors,
    solution_notebook,
    student_notebook,
    with_misconceptions,
)

TD = "td2_fidelisation"

# grade_id of the answer cell → (new source, test cell that must lose its points, hint words)
MEPRISES = {
    # retention over all customers active the year before instead of the cohort
    "q1_reponse": (
        'annee = commandes["date_commande"].dt.year\n'
        'actifs_2022 = set(commandes.loc[annee == 2022, "client_id"])\n'
        'actifs_2023 = set(commandes.loc[annee == 2023, "client_id"])\n'
        "retention_2022 = len(actifs_2022 & actifs_2023) / len(actifs_2022)",
        "q1_test",
        "cohorte 2022",
    ),
    # churn = 1 − retention, but of another population and period
    "q3_reponse": ("churn_2025 = 1 - retention_2022", "q3_test", "MÊME POPULATION"),
    # CLV without discounting
    "q4_reponse": ("clv_exemple = 120 / (1 - 0.65)", "q4_test", "actualisation"),
    "q5_reponse": (
        'porteurs = set(clients.loc[clients["carte_fidelite"] == 1, "client_id"])\n'
        'commandes_carte = commandes[commandes["client_id"].isin(porteurs)]\n'
        'en_2025 = commandes_carte[commandes_carte["date_commande"].dt.year == 2025]\n'
        'marge_carte = en_2025.groupby("client_id")["marge"].sum().mean()\n'
        'retention_carte = loyalty.churn_par_annee(commandes_carte).loc[2025, "taux_retention"]\n'
        "clv_carte = economics.clv(marge_carte, retention_carte, 0)",
        "q5_test",
        "actualisation",
    ),
    # acquisition vs retention across channels (face-to-face visits included)
    "q8_reponse": (
        # the cost of q7 recomputed right: its own mistake above must not hide this one
        'cout_acquisition = prospects["cout_total"].sum() / prospects["reponses"].sum()\n'
        'fideles = campagnes[campagnes["cible"] == "clients"]\n'
        'cout_retention = fideles["cout_total"].sum() / fideles["reponses"].sum()\n'
        "ratio_acquisition_retention = cout_acquisition / cout_retention",
        "q8_test",
        "canal égal",
    ),
    # mean of the per-campaign costs instead of total cost ÷ total responses
    "q7_reponse": (
        'prospects = campagnes[campagnes["cible"] == "prospects"]\n'
        'cout_acquisition = (prospects["cout_total"] / prospects["reponses"]).mean()',
        "q7_test",
        "moyenne des rapports",
    ),
    # data minimisation: sensitive data kept
    "q16_reponse": ("champs_necessaires = [1, 2, 5, 6, 7, 9]", "q16_test", "article 9"),
    # RFM: recency notes the wrong way round
    "q13_reponse": (
        'rfm = scoring.segmentation_rfm(commandes, "2025-12-31")\n'
        'rfm["R"] = scoring.notes_quantiles(rfm["recence"], 5)\n'
        'rfm["segment"] = scoring._segments(rfm["R"].to_numpy(), rfm["F"].to_numpy())\n'
        'nb_a_risque = (rfm["segment"] == "À risque").sum()',
        "q13_test",
        "à l'envers",
    ),
    # reconquest sent to the lost customers, farewell to those at risk
    "q15_reponse": (
        'actions = {"Champions": "D", "Fidèles": "E", "Nouveaux": "B", "À risque": "A", '
        '"Perdus": "C"}',
        "q15_test",
        "reconquête",
    ),
    # every answer credited to the mailing: the naive cost per answer
    "q9_reponse": (
        'mailings = campagnes[campagnes["campagne_id"].isin([1, 2])]\n'
        'cout_par_acheteur_incremental = mailings["cout_total"].sum() / mailings["reponses"].sum()',
        "q9_test",
        "RÉPONSE",
    ),
}


# Right answers written differently, in the same notebook: they keep their points.
AUTREMENT = {
    "q2_reponse": 'meilleur_canal = " Parrainage"',
    "q6_reponse": "m, r = round(marge_carte, 2), round(retention_carte, 4)\n"
    "gain_retention = economics.clv(m, r + 0.05, 0.10) - economics.clv(m, r, 0.10)",
    "q10_reponse": 'achats_cibles = achats[achats["client_id"].isin(clients_cibles)]\n'
    "offres = loyalty.offres_personnalisees(achats_cibles, n=6)\n"
    "offres = offres.sample(frac=1, random_state=1).reset_index(drop=True)",
    # q13's mistake above leaves a wrong « rfm »: the share is computed from a fresh one
    "q14_reponse": 'segments = scoring.segmentation_rfm(commandes, "2025-12-31")["segment"]\n'
    'en_2025 = commandes[commandes["date_commande"].dt.year == 2025]\n'
    "v = loyalty.valeur_segments(segments, en_2025)\n"
    'part_marge_champions = round(float(v.loc["Champions", "marge"] / v["marge"].sum()), 4)',
    "q12_reponse": 'par_client = commandes.groupby("client_id").agg(\n'
    '    nb_canaux=("canal_vente", "nunique"), marge=("marge", "sum")\n'
    ")\n"
    'multi = par_client.loc[par_client["nb_canaux"] >= 2, "marge"].mean()\n'
    'mono = par_client.loc[par_client["nb_canaux"] == 1, "marge"].mean()\n'
    "ratio_multicanal = round(multi / mono, 4)",
}


@pytest.fixture(scope="module")
def resultat(tmp_path_factory):
    bon = solution_notebook(TD)
    mauvais = with_misconceptions(bon, MEPRISES, AUTREMENT)
    tmp = tmp_path_factory.mktemp("roundtrip_td2_fidelisation")
    return autograde(TD, {"bon": bon, "meprises": mauvais, "vide": student_notebook(TD)}, tmp=tmp)


def test_solution_gets_full_marks(resultat):
    assert resultat.max_total == 26  # + 11 points graded by hand (q17, q18)
    assert len(resultat.max_points) == 16
    assert resultat.scores["bon"] == resultat.max_points
    assert resultat.errors("bon") == []  # the TD source runs top to bottom
    assert sorted(resultat.manual) == ["q17_reponse", "q18_reponse"]


def test_each_misconception_loses_its_points(resultat):
    assert misconception_score_errors(resultat, "meprises", MEPRISES) == []


def test_each_misconception_shows_its_hint(resultat):
    assert misconception_hints_missing(resultat, "meprises", MEPRISES) == []


def test_blank_version_scores_zero_with_the_not_answered_message_only(resultat):
    assert resultat.total("vide") == 0
    sorties = resultat.outputs("vide")
    for test in resultat.max_points:
        assert "pas encore de réponse" in sorties[test], (test, sorties[test][:500])
        # the only error a blank notebook shows is the self-check's own
        assert "NameError" not in sorties[test] and "TypeError" not in sorties[test], test
