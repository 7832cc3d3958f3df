"""TD1 self-checks: correct answers pass, blanks, misconceptions and wrong types get their message.

Expected values for the data questions are recomputed here with plain pandas
(independently of crmkit.economics), so a slip in either shows up.
"""

import json

import pandas as pd
import pytest

from crmkit.data import charger
from crmkit.exercices import td1_enjeux_crm as td

BONNES = {
    "q1": {
        "eclectisme": "B",
        "fragmentation": "C",
        "volatilite": "A",
        "consom_acteur": "D",
        "customer_insight": "E",
    },
    "q2": {"a": "masse", "b": "perso", "c": "masse", "d": "perso", "e": "masse"},
    "q3": ["C", "B", "D", "A"],
    "q4": [1, 3, 5, 7],
    "q5": {"a": "volume", "b": "velocite", "c": "variete", "d": "variete"},
    "q11": 30.0,
}


@pytest.fixture(scope="module")
def donnees():
    cmd = charger("commandes")
    ev = charger("evenements_service")
    camp = charger("campagnes")
    cont = charger("contacts_campagne")
    ca = cmd.groupby("client_id")["montant"].sum().sort_values(ascending=False)
    marge = cmd.groupby("client_id")["marge"].sum()
    cout = ev.groupby("client_id")["cout"].sum()
    profit = marge.sub(cout, fill_value=0)
    rep = cont.groupby("campagne_id")["reponse"].sum()
    c = camp.set_index("campagne_id")
    c["cout"] = c["nb_contacts"] * c["cout_unitaire"]
    c["rep"] = rep
    par_canal = c.groupby("canal")[["cout", "rep"]].sum()
    cpr = (par_canal["cout"] / par_canal["rep"]).to_dict()
    return {
        "q6": (cmd["date_commande"].dt.year == 2025).sum() / 365,
        "q7": ca.iloc[: round(0.2 * len(ca))].sum() / ca.sum(),
        "q8": float((profit < 0).mean()),
        "q8_marge": float((marge < 0).mean()),
        "q9": cpr,
        "q10": sorted(cpr, key=cpr.get),
    }


@pytest.fixture(scope="module")
def bonnes(donnees):
    return {**BONNES, **{q: donnees[q] for q in ("q6", "q7", "q8", "q9", "q10")}}


def _texte_des_reponses(bonnes):
    """Every expected value as it could appear in a message (several spellings)."""
    formes = set()
    for q in ("q6", "q7", "q8", "q11"):
        v = float(bonnes[q])
        for d in (1, 2, 3, 4):
            formes |= {f"{v:.{d}f}", f"{v:.{d}f}".replace(".", ","), f"{v * 100:.{d}f}"}
    for v in bonnes["q9"].values():
        formes |= {f"{v:.2f}", f"{v:.2f}".replace(".", ",")}
    return {f for f in formes if f not in {"0.0", "0,0", "0.00", "0,00"}}


# --------------------------------------------------------------------------- outcomes


def test_correct_answers_pass(bonnes):
    for q in td.AUTO:
        ev = td.evaluer(q, bonnes[q])
        assert ev.correct, (q, ev)


def test_equivalent_spellings_pass(bonnes):
    assert td.evaluer("q1", {k: f" {v.lower()} " for k, v in BONNES["q1"].items()}).correct
    assert td.evaluer("q4", (7, 5, 3, 1)).correct
    assert td.evaluer("q4", {1, 3, 5, 7}).correct
    assert td.evaluer("q9", pd.Series(bonnes["q9"])).correct
    assert td.evaluer("q10", [c.upper() for c in bonnes["q10"]]).correct
    assert td.evaluer("q11", 420 / 14).correct


@pytest.mark.parametrize("q", td.AUTO)
def test_blank_is_not_attempted(q):
    assert td.evaluer(q, ...).statut == "non_repondu"
    assert "..." in td.evaluer(q, ...).message


def test_template_dict_with_ellipsis_is_not_attempted():
    modele = {k: ... for k in BONNES["q1"]}
    assert td.evaluer("q1", modele).statut == "non_repondu"
    partiel = {**modele, "eclectisme": "B"}
    ev = td.evaluer("q1", partiel)
    assert ev.statut == "incorrect" and "fragmentation" in ev.message


# --------------------------------------------------------------------------- misconceptions


def test_pareto_taken_as_exactly_80_percent(donnees):
    assert abs(donnees["q7"] - 0.8) > 0.01  # the lesson: measured, not 80 %
    for x in (0.8, 80):
        ev = td.evaluer("q7", x)
        assert ev.statut == "incorrect" and "20/80" in ev.message


def test_share_given_as_percentage(donnees):
    ev = td.evaluer("q7", donnees["q7"] * 100)
    assert "pourcentage" in ev.message
    ev = td.evaluer("q8", donnees["q8"] * 100)
    assert "pourcentage" in ev.message


def test_service_costs_forgotten(donnees):
    ev = td.evaluer("q8", donnees["q8_marge"])
    assert ev.statut == "incorrect" and "coûts de service" in ev.message


def test_channel_chosen_by_cost_per_contact():
    ev = td.evaluer("q10", ["email", "sms", "courrier", "telephone", "face_a_face"])
    assert ev.statut == "incorrect" and "par contact" in ev.message


def test_cost_per_contact_given_for_cost_per_response():
    ev = td.evaluer("q9", dict(td._mesures()["q9_contact"]))
    assert ev.statut == "incorrect" and "coûts par contact" in ev.message


def test_rows_of_contacts_table_counted_as_contacts(donnees):
    cont = charger("contacts_campagne").merge(charger("campagnes"), on="campagne_id")
    g = cont.groupby("canal").agg(c=("cout_unitaire", "sum"), r=("reponse", "sum"))
    faux = (g["c"] / g["r"]).to_dict()
    assert faux != pytest.approx(donnees["q9"])  # prospect campaigns make them differ
    ev = td.evaluer("q9", faux)
    assert "nb_contacts" in ev.message


def test_mass_customisation_vs_personalisation():
    inverse = {k: "perso" if v == "masse" else "masse" for k, v in BONNES["q2"].items()}
    ev = td.evaluer("q2", inverse)
    assert ev.statut == "incorrect" and "inversé" in ev.message and "qui adapte" in ev.message
    ev = td.evaluer("q2", {**BONNES["q2"], "c": "perso"})
    assert "exemple c" in ev.message


def test_other_concept_hints():
    ev = td.evaluer("q1", {**BONNES["q1"], "eclectisme": "A", "volatilite": "B"})
    assert "inversé éclectisme et volatilité" in ev.message
    assert "avant l'achat" in td.evaluer("q3", ["B", "C", "D", "A"]).message
    assert "logiciel" in td.evaluer("q4", [1, 2, 3, 5]).message
    assert "marketing de masse" in td.evaluer("q4", [1, 3, 4, 7]).message
    assert "exactement quatre" in td.evaluer("q4", [1, 3, 5]).message
    ev = td.evaluer("q5", {"a": "volume", "b": "variete", "c": "variete", "d": "variete"})
    assert ev.statut == "incorrect" and "3 associations sur 4" in ev.message


def test_no_show_misconceptions():
    assert "présents" in td.evaluer("q11", 21).message
    assert "30 %" in td.evaluer("q11", 27.3).message
    assert "absents" in td.evaluer("q11", 70).message


def test_velocity_misconceptions(donnees):
    n = donnees["q6"] * 365
    assert "par mois" in td.evaluer("q6", n / 12).message
    assert "une journée" in td.evaluer("q6", n).message
    tout = len(charger("commandes")) / 365
    assert "2025" in td.evaluer("q6", tout).message


def test_numeric_bands(donnees):
    assert "un peu trop élevé" in td.evaluer("q7", donnees["q7"] * 1.05).message
    assert "trop bas" in td.evaluer("q7", donnees["q7"] * 0.7).message
    assert "nettement trop élevé" in td.evaluer("q6", donnees["q6"] * 3).message


# --------------------------------------------------------------------------- wrong types


@pytest.mark.parametrize(
    ("q", "reponse", "fragment"),
    [
        ("q1", "B", "dictionnaire"),
        ("q1", {"eclectisme": "B"}, "manquante"),
        ("q2", {**BONNES["q2"], "f": "masse"}, "inconnue"),
        ("q2", {**BONNES["q2"], "a": "personnalisation"}, "valeurs possibles"),
        ("q1", {**BONNES["q1"], "eclectisme": 2}, "guillemets"),
        ("q3", "CBDA", "liste"),
        ("q3", ["C", "B", "D"], "une seule fois"),
        ("q4", "1, 3, 5, 7", "liste"),
        ("q4", [1, 3, 5, 9], "1 à 7"),
        ("q6", "116", "texte"),
        ("q7", [0.7], "nombre"),
        ("q8", float("nan"), "NaN"),
        ("q9", 2.5, "dictionnaire"),
        ("q10", "sms", "liste"),
        ("q10", ["sms", "email"], "cinq codes"),
    ],
)
def test_wrong_types_get_a_clear_message(q, reponse, fragment):
    ev = td.evaluer(q, reponse)
    assert ev.statut in {"type_incorrect", "incorrect"}
    assert fragment in ev.message


def test_numpy_numbers_are_accepted(donnees):
    import numpy as np

    assert td.evaluer("q7", np.float64(donnees["q7"])).correct
    assert td.evaluer("q6", np.float32(donnees["q6"])).correct


def test_unknown_question():
    with pytest.raises(ValueError, match="question inconnue"):
        td.evaluer("q42", 1)


# --------------------------------------------------------------------------- no leak


def test_messages_never_contain_the_expected_value(bonnes):
    interdits = _texte_des_reponses(bonnes)
    essais = [(q, v) for q in ("q6", "q7", "q8", "q11") for v in (0.0, 1.0, 55.5, 1e6)]
    essais += [("q9", {c: 1.0 for c in bonnes["q9"]}), ("q10", sorted(bonnes["q10"]))]
    for q in ("q6", "q7", "q8", "q11"):
        essais += [(q, float(bonnes[q]) * f) for f in (0.5, 0.95, 1.05, 2)]
    for q, v in essais:
        message = td.evaluer(q, v).message
        assert not any(f in message for f in interdits), (q, v, message)
        assert "bonne réponse" not in message


def test_expected_categorical_answers_not_in_module_source():
    from pathlib import Path

    source = Path(td.__file__).read_text(encoding="utf-8")
    for q in ("q1", "q2", "q5"):
        assert json.dumps(BONNES[q]) not in source
    assert '["C", "B", "D", "A"]' not in source and "[1, 3, 5, 7]" not in source


# --------------------------------------------------------------------------- notebook API


def test_verifier_prints_on_success_and_raises_short_french_otherwise(capsys):
    from crmkit.feedback import ReponseAVerifier

    td.verifier("q11", 30.0)
    assert "✅ q11" in capsys.readouterr().out
    with pytest.raises(ReponseAVerifier) as err:
        td.verifier("q11", 21)
    lignes = err.value._render_traceback_()
    assert lignes[0].startswith("❌ q11") and 'indice("q11")' in lignes[-1]
    with pytest.raises(ReponseAVerifier) as err:
        td.verifier("q7", ...)
    assert err.value._render_traceback_()[0].startswith("✏️ q7")


def test_every_question_has_a_hint(capsys):
    for q in (*td.AUTO, "q12", "q13"):
        td.indice(q)
        sortie = capsys.readouterr().out
        assert sortie.startswith(f"💡 {q} :") and len(sortie) > 30
