"""Self-checks of td2_base_scoring: right answers pass, blanks and wrong types get a
French message, each listed misconception gets its own hint, and no message shows
the expected value. Expected values are recomputed here by hand (pandas/SQL)."""

import pandas as pd
import pytest

from crmkit.data import charger, connexion
from crmkit.exercices import td2_base_scoring as td
from crmkit.feedback import ReponseAVerifier

MARGE = 60011.55 / 702  # campaign 1: total margin of the responses / responses
CA = 161279.85 / 702  # campaign 1: revenue of the responses / responses
TAUX = {"D": 35 / 3645, "C": 82 / 3091, "B": 137 / 2553, "A": 448 / 2938}
CA_2025 = {"catalogue": 596872.66, "magasin": 2463305.33, "telephone": 806123.97, "web": 1876621.26}


@pytest.fixture(scope="module")
def cibles():
    """q2 recomputed with pandas (no SQL, no crmkit helper)."""
    cmd = charger("commandes")
    lig = charger("lignes_commande").merge(charger("produits"), on="produit_id")
    poeles = lig.loc[lig["categorie_id"] == 2, "commande_id"]
    recents = cmd[cmd["commande_id"].isin(poeles) & (cmd["date_commande"] >= "2025-01-01")]
    cons = charger("consentements")
    ok = cons[(cons["canal"] == "email") & (cons["statut"] == "opt_in")]
    valides = set(ok.loc[ok["source"] != "case_precochee", "client_id"])
    ids = set(recents["client_id"])
    return {"bon": ids & valides, "precoche": ids & set(ok["client_id"])}


def taux(valeurs):
    return pd.Series(valeurs, name="taux_reponse")


def bonnes(cibles):
    return {
        "q1": {
            "base_de_donnees": "C",
            "progiciel": "A",
            "segmentation": "E",
            "ciblage": "B",
            "marketing_direct": "D",
        },
        "q2": cibles["bon"],
        "q3": pd.Series(CA_2025),
        "q5": [30, 20, 10, 0],
        "q7": taux(TAUX),
        "q8": MARGE,
        "q9": 1 / MARGE,
        "q10": {"A", "B", "C"},
        "q11": (448 + 137 + 82) * MARGE - (2938 + 2553 + 3091),
        "q12": 0.6,
        "q13": 1650.49,
        "q14": "modele",
    }


def message(question, reponse):
    """The French message of a failed check (fails the test if the check passes)."""
    with pytest.raises(ReponseAVerifier) as info:
        td.verifier(question, reponse)
    return str(info.value)


def test_hidden_test_literals_match_the_data(cibles):
    c = charger("contacts_campagne").query("campagne_id == 1 and reponse == 1")
    assert len(c) == 702
    assert c["marge_reponse"].sum() == pytest.approx(60011.55)
    assert c["montant_reponse"].sum() == pytest.approx(161279.85)
    assert len(cibles["bon"]) == 2426 and sum(cibles["bon"]) == 30773144
    ca = pd.read_sql(
        "SELECT canal_vente, SUM(montant) AS ca FROM commandes "
        "WHERE date_commande LIKE '2025%' GROUP BY canal_vente",
        connexion(),
    )
    assert dict(zip(ca["canal_vente"], ca["ca"].round(2), strict=True)) == CA_2025


def test_right_answers_pass(cibles, capsys):
    for question, valeur in bonnes(cibles).items():
        td.verifier(question, valeur)
    assert capsys.readouterr().out.count("✅") == 12


def test_equivalent_forms_are_accepted(cibles, capsys):
    td.verifier("q2", sorted(cibles["bon"]))
    td.verifier("q2", pd.DataFrame({"client_id": sorted(cibles["bon"])}))
    td.verifier("q10", ["c", "a", "b"])
    td.verifier("q12", 60)  # the question says both 0.6 and 60 are accepted
    td.verifier("q14", "Modèle")
    td.verifier("q1", {"base_de_donnees": "c", "progiciel": " A", "segmentation": "e",
                       "ciblage": "B", "marketing_direct": "D"})  # fmt: skip
    assert capsys.readouterr().out.count("✅") == 6


@pytest.mark.parametrize("question", td.QUESTIONS.ids)
def test_blank_answer_is_not_attempted(question):
    ev = td.evaluer(question, ...)
    assert ev.statut == "non_repondu", (question, ev)


def test_blank_template_and_half_filled_dict():
    modele = dict.fromkeys(
        ["base_de_donnees", "progiciel", "segmentation", "ciblage", "marketing_direct"], ...
    )
    assert td.evaluer("q1", modele).statut == "non_repondu"
    ev = td.evaluer("q1", {**modele, "progiciel": "A"})
    assert ev.statut == "type_incorrect" and "base_de_donnees" in ev.message


@pytest.mark.parametrize(
    ("question", "reponse", "mots"),
    [
        ("q2", "1, 2, 3", "numéros de clients"),
        ("q3", 5_743_000, "série"),
        ("q5", "30, 20, 10, 0", "liste de 4"),
        ("q5", [30, 30, 10, 0], "une fois exactement"),
        ("q9", "0,0117", "sans guillemets"),
        ("q10", {"A", "E"}, "n'est pas une option"),
        (
            "q1",
            {
                "base_de_donnees": "Z",
                "progiciel": "A",
                "segmentation": "E",
                "ciblage": "B",
                "marketing_direct": "D",
            },
            'de "A" à "E"',
        ),  # fmt: skip
    ],
)
def test_wrong_types_get_a_format_message(question, reponse, mots):
    ev = td.evaluer(question, reponse)
    assert ev.statut == "type_incorrect" and mots in ev.message, ev


def test_misconceptions_get_their_own_hint(cibles):
    cas = [
        # segmentation and targeting swapped
        (
            "q1",
            {
                "base_de_donnees": "C",
                "progiciel": "A",
                "segmentation": "B",
                "ciblage": "E",
                "marketing_direct": "D",
            },
            "inversés",
        ),  # fmt: skip
        ("q2", cibles["precoche"], "pré-cochée"),
        # recency reversed: long ago scored high
        ("q5", [0, 10, 20, 30], "récence inversée"),
        # response rate over responders, over all contacted, over the whole base
        (
            "q7",
            taux(
                {
                    k: v * {"D": 3645, "C": 3091, "B": 2553, "A": 2938}[k] / 702
                    for k, v in TAUX.items()
                }
            ),
            "RÉPONDANTS",
        ),  # fmt: skip
        (
            "q7",
            taux(
                {
                    k: v * {"D": 3645, "C": 3091, "B": 2553, "A": 2938}[k] / 12227
                    for k, v in TAUX.items()
                }
            ),
            "TOUS les contactés",
        ),  # fmt: skip
        (
            "q7",
            taux(
                {
                    k: v * {"D": 3645, "C": 3091, "B": 2553, "A": 2938}[k] / 20000
                    for k, v in TAUX.items()
                }
            ),
            "BASE",
        ),  # fmt: skip
        # percentages instead of proportions
        ("q7", taux({k: 100 * v for k, v in TAUX.items()}), "pourcentage"),
        ("q9", 100 / MARGE, "pourcentage"),
        # revenue instead of margin
        ("q8", CA, "CHIFFRE D'AFFAIRES"),
        ("q9", 1 / CA, "CHIFFRE D'AFFAIRES"),
        ("q11", (448 + 137 + 82) * CA - (2938 + 2553 + 3091), "CHIFFRE D'AFFAIRES"),
        ("q9", MARGE, "à l'envers"),
        ("q10", {"A", "B", "C", "D"}, "sous le seuil"),
        ("q10", {"A", "B"}, "AU-DESSUS du seuil"),
        ("q11", 702 * MARGE - 12227, "TOUS"),
        ("q12", 0.7, "GRILLE"),
        ("q13", -1650.49, "signe"),
        ("q13", 0, "100 %"),
        ("q14", "grille", "question 13"),
    ]
    for question, reponse, mots in cas:
        texte = message(question, reponse)
        assert mots in texte, (question, texte)


def test_reversed_recency_scores_get_the_recency_hint():
    scores = td._scores("2024", inverse=True)
    assert "récence inversée" in message("q6", scores)
    assert "valeur(s)" in message("q6", scores + 1)


def test_q12_percentage_outside_the_accepted_forms_is_wrong():
    assert td.evaluer("q12", 6).statut == "incorrect"  # 6 % is not 60 %
    assert td.evaluer("q12", 0.006).statut == "incorrect"


def test_messages_never_show_the_expected_values(cibles):
    secrets = ["85.48", "85,48", "0.0116", "0.0117", "1650", "48437", "48 437", "2426", "0.6"]
    for question, valeur in [("q8", 80.0), ("q9", 0.02), ("q13", 1000.0), ("q11", 40000.0),
                             ("q2", set(list(cibles["bon"])[:100])), ("q12", 0.4)]:  # fmt: skip
        texte = message(question, valeur)
        assert not any(s in texte for s in secrets), (question, texte)
    for question in td.QUESTIONS.ids:
        q = td.QUESTIONS.question(question)
        assert not any(s in q.indice for s in secrets if s != "0.6"), question
