"""TD1 self-checks: right answers pass (also written differently), blanks, misconceptions and
wrong types get their message, and the visible check and the hidden test agree.

Expected values for the data questions are recomputed here with plain pandas
(independently of crmkit.economics), so a slip in either shows up.
"""

import json

import numpy as np
import pandas as pd
import pytest
from notebook_files import hidden_tests

from crmkit.data import charger
from crmkit.exercices import td1_enjeux_crm as td
from crmkit.feedback import ReponseAVerifier

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
    "q6": {
        "a": "crm_social",
        "b": "autre",
        "c": "experience_client",
        "d": "experience_client",
        "e": "crm_social",
        "f": "autre",
    },
    "q7": {
        "darty": "vente_croisee",
        "renault": "services",
        "sncf": "services",
        "sony": "pouvoir_client",
        "second_life": "ressources",
        "louvre": "prevision",
    },
    "q13": 30.0,
    "q14": {
        "a": "cross_canal",
        "b": "montee_en_gamme",
        "c": "dematerialisation",
        "d": "marketing_de_masse",
        "e": "atawad",
        "f": "reconnaissance",
        "g": "marketing_interactif",
    },
}
VARIABLES = {q.qid: q.variable for q in td.QUESTIONS.questions}


@pytest.fixture(scope="module")
def donnees():
    cmd = charger("commandes")
    ev = charger("evenements_service")
    camp = charger("campagnes")
    cont = charger("contacts_campagne")
    annee = cmd["date_commande"].dt.year
    ca = cmd.groupby("client_id")["montant"].sum().sort_values(ascending=False)
    marge = cmd.groupby("client_id")["marge"].sum()
    profit = marge.sub(ev.groupby("client_id")["cout"].sum(), fill_value=0)
    c = camp.set_index("campagne_id")
    c["cout"] = c["nb_contacts"] * c["cout_unitaire"]
    c["rep"] = cont.groupby("campagne_id")["reponse"].sum()
    c["cpr"] = c["cout"] / c["rep"]

    def par_canal(lignes):
        g = lignes.groupby("canal")[["cout", "rep"]].sum()
        return g["cout"] / g["rep"]

    clients = c[c["cible"] == "clients"]
    cpr = par_canal(clients)
    return {
        "q8": (annee == 2025).sum() / 365,
        "q8_2024": (annee == 2024).sum() / 365,
        "q9": ca.iloc[: round(0.2 * len(ca))].sum() / ca.sum(),
        "q10": float((profit < 0).mean()),
        "q10_marge": float((marge < 0).mean()),
        "q11": cpr,
        "q11_tous": par_canal(c),
        "q11_moyenne": clients.groupby("canal")["cpr"].mean(),
        "q11_contact": camp.groupby("canal")["cout_unitaire"].mean(),
        "q12": cpr["telephone"] / cpr["courrier"],
        "campagnes": camp,
    }


@pytest.fixture(scope="module")
def bonnes(donnees):
    return {**BONNES, **{q: donnees[q] for q in ("q8", "q9", "q10", "q11", "q12")}}


def _cache_accepte(q, reponse) -> bool:
    """The hidden test of the notebook, run as nbgrader runs it (no exception = points)."""
    ns = {"valider": td.valider, VARIABLES[q]: reponse}
    try:
        exec(hidden_tests("td1_enjeux_crm")[q], ns)
    except ReponseAVerifier:
        return False
    return True


# --------------------------------------------------------------------------- outcomes


def test_declarations_match_the_statement():
    assert td.AUTO == tuple(f"q{n}" for n in range(1, 15))
    manuelles = ("q15", "q16", "q17", "q18")
    assert td.QUESTIONS.ids == [*td.AUTO, *manuelles]
    points = {q.qid: q.points for q in td.QUESTIONS.questions}
    assert sum(points[q] for q in td.AUTO) == 22
    assert sum(points[q] for q in manuelles) == 10
    kinds = {type(q).__name__ for q in td.QUESTIONS.questions}
    assert "Personnalisee" not in kinds


def test_right_answers_pass_both_checks(bonnes):
    for q in td.AUTO:
        assert td.evaluer(q, bonnes[q]).correct, q
        assert _cache_accepte(q, bonnes[q]), q


def test_right_answers_written_differently_pass_both_checks(bonnes, donnees):
    variantes = [
        ("q1", {k: f" {v.lower()} " for k, v in BONNES["q1"].items()}),
        ("q2", {k: v.upper() for k, v in BONNES["q2"].items()}),
        ("q3", ("c", "b", "d", "a")),
        ("q4", (7, 5, 3, 1)),
        ("q4", {1, 3, 5, 7}),
        ("q5", {k: v.capitalize() for k, v in BONNES["q5"].items()}),
        ("q6", {**{k: v.upper() for k, v in BONNES["q6"].items()}, "c": "Expérience_Client"}),
        ("q6", dict(reversed(BONNES["q6"].items()))),
        ("q7", {k: f" {v.title()}" for k, v in BONNES["q7"].items()}),
        ("q7", {**BONNES["q7"], "darty": "vente_croisée", "louvre": "prévision"}),
        ("q8", round(bonnes["q8"], 2)),
        ("q8", round(bonnes["q8"], 1)),
        ("q8", np.float32(bonnes["q8"])),
        ("q9", round(bonnes["q9"], 4)),
        ("q9", np.float64(bonnes["q9"])),
        ("q10", round(bonnes["q10"], 4)),
        ("q11", bonnes["q11"].round(2)),
        ("q11", bonnes["q11"].sort_values()),
        ("q12", round(bonnes["q12"], 4)),
        # the ratio computed from costs per response rounded to the cent (carried from q11)
        ("q12", bonnes["q11"].round(2)["telephone"] / bonnes["q11"].round(2)["courrier"]),
        ("q13", 420 / 14),
        ("q13", 30),
        ("q14", {k: f" {v.upper()} " for k, v in BONNES["q14"].items()}),
        ("q14", {**BONNES["q14"], "a": "Cross_Canal", "c": "dématérialisation"}),
        ("q14", {**dict(reversed(BONNES["q14"].items())), "b": "montée_en_gamme"}),
    ]
    for q, v in variantes:
        assert td.evaluer(q, v).correct, (q, v)
        assert _cache_accepte(q, v), (q, v)


@pytest.mark.parametrize("q", td.AUTO)
def test_visible_check_and_hidden_test_agree(q, bonnes):
    juste = bonnes[q]
    grille = [..., None, "texte", 0, 1e6, [1, 2], juste]
    if isinstance(juste, float):
        marge = td.QUESTIONS.question(q).marge(juste)
        grille += [juste + f * marge for f in (-1.1, -0.9, 0.9, 1.1)]
        grille += [round(juste, 2), round(juste, 4), 100 * juste, -juste]
    if isinstance(juste, pd.Series):
        grille += [juste * 1.001, juste * 1.003, juste.iloc[:-1], juste.to_dict()]
    for v in grille:
        assert td.evaluer(q, v).correct == _cache_accepte(q, v), (q, v)


@pytest.mark.parametrize("q", td.AUTO)
def test_blank_is_not_attempted(q):
    assert td.evaluer(q, ...).statut == "non_repondu"
    assert "..." in td.evaluer(q, ...).message
    assert not _cache_accepte(q, ...)


def test_template_dict_with_ellipsis_is_not_attempted():
    modele = {k: ... for k in BONNES["q1"]}
    assert td.evaluer("q1", modele).statut == "non_repondu"
    ev = td.evaluer("q1", {**modele, "eclectisme": "B"})
    assert ev.statut == "type_incorrect" and "fragmentation" in ev.message


# --------------------------------------------------------------------------- misconceptions


def _message(q, reponse) -> str:
    ev = td.evaluer(q, reponse)
    assert ev.statut == "incorrect", (q, reponse, ev)
    assert not _cache_accepte(q, reponse), (q, reponse)
    return ev.message


def test_pareto_taken_as_exactly_80_percent(donnees):
    assert abs(donnees["q9"] - 0.8) > 0.01  # the lesson: measured, not 80 %
    for x in (0.8, 80):
        assert "20/80" in _message("q9", x)


def test_share_given_as_percentage(donnees):
    assert "pourcentage" in _message("q9", donnees["q9"] * 100)
    assert "pourcentage" in _message("q10", donnees["q10"] * 100)


def test_share_rounded_too_early(donnees):
    assert "quatre décimales" in _message("q9", round(donnees["q9"], 2))
    assert "quatre décimales" in _message("q10", round(donnees["q10"], 2))


def test_pareto_on_margin_or_on_one_year():
    cmd = charger("commandes")
    ca = cmd.groupby("client_id")["marge"].sum().sort_values(ascending=False)
    assert "marge" in _message("q9", ca.iloc[: round(0.2 * len(ca))].sum() / ca.sum())
    an = cmd[cmd["date_commande"].dt.year == 2025].groupby("client_id")["montant"].sum()
    an = an.sort_values(ascending=False)
    assert "toutes les années" in _message("q9", an.iloc[: round(0.2 * len(an))].sum() / an.sum())


def test_service_costs_forgotten_and_complement(donnees):
    assert "coûts de service" in _message("q10", donnees["q10_marge"])
    assert "1 − p" in _message("q10", 1 - donnees["q10"])


def test_year_shifted_by_one(donnees):
    assert "2024" in _message("q8", donnees["q8_2024"])


def test_cost_per_contact_given_for_cost_per_response(donnees):
    assert "coûts par contact" in _message("q11", donnees["q11_contact"])


def test_prospect_campaigns_mixed_in(donnees):
    tous = donnees["q11_tous"]
    assert tous["courrier"] > 2 * donnees["q11"]["courrier"]  # why the question excludes them
    assert "prospection" in _message("q11", tous)
    assert "prospection" in _message("q12", tous["telephone"] / tous["courrier"])


def test_mean_of_ratios_instead_of_ratio_of_sums(donnees):
    moyenne = donnees["q11_moyenne"]
    assert moyenne["courrier"] != pytest.approx(donnees["q11"]["courrier"], rel=2e-3)
    assert "moyenne des coûts par réponse" in _message("q11", moyenne)
    assert "moyenne des campagnes" in _message("q12", moyenne["telephone"] / moyenne["courrier"])


def test_rows_of_contacts_table_counted_as_contacts(donnees):
    cont = charger("contacts_campagne").merge(charger("campagnes"), on="campagne_id")
    g = cont.groupby("canal").agg(c=("cout_unitaire", "sum"), r=("reponse", "sum"))
    assert "nb_contacts" in _message("q11", g["c"] / g["r"])


def test_ratio_misconceptions(donnees):
    r = donnees["q12"]
    assert "par contact" in _message("q12", 3.0)
    assert "à l'envers" in _message("q12", 1 / r)
    assert "surcoût" in _message("q12", r - 1)
    assert "surcoût" in _message("q12", round(100 * (r - 1), 1))
    assert "pourcentage" in _message("q12", 100 * r)


def test_figures_quoted_in_the_statements_match_the_data(donnees):
    unitaire = donnees["q11_contact"]
    assert unitaire["telephone"] / unitaire["courrier"] == 3  # q12: « 3 fois » (3 € contre 1 €)
    assert (unitaire["telephone"], unitaire["courrier"]) == (3, 1)
    assert unitaire["sms"] / unitaire["email"] == pytest.approx(5)  # « rapport de 5 »
    assert (unitaire["sms"], unitaire["email"]) == (0.10, 0.02)
    courriers = donnees["campagnes"].query("canal == 'courrier' and cible == 'clients'")
    assert sorted(courriers["nb_contacts"]) == [11_004, 14_085]  # the q11 mean-of-ratios hint


def test_mass_customisation_vs_personalisation():
    inverse = {k: "perso" if v == "masse" else "masse" for k, v in BONNES["q2"].items()}
    message = _message("q2", inverse)
    assert "inversé" in message and "qui adapte" in message
    assert "exemple c" in _message("q2", {**BONNES["q2"], "c": "perso"})


def test_other_concept_hints():
    ev = _message("q1", {**BONNES["q1"], "eclectisme": "A", "volatilite": "B"})
    assert "inversé éclectisme et volatilité" in ev
    assert "avant l'achat" in _message("q3", ["B", "C", "D", "A"])
    assert "une seule fois" in _message("q3", ["C", "B", "D"])
    assert "logiciel" in _message("q4", [1, 2, 3, 5])
    assert "marketing de masse" in _message("q4", [1, 3, 4, 7])
    assert "exactement quatre" in _message("q4", [1, 3, 5])
    ev = _message("q5", {"a": "volume", "b": "variete", "c": "variete", "d": "variete"})
    assert "3 associations sur 4" in ev


def test_social_crm_and_customer_experience_misconceptions():
    bon = BONNES["q6"]
    message = _message("q6", {**bon, "b": "crm_social"})
    assert "situation b" in message and "ne suffit pas" in message
    assert "après-vente" in _message("q6", {**bon, "d": "autre"})
    assert "après-vente" in _message("q6", {**bon, "d": "crm_social"})
    for cle in ("a", "e"):
        assert "situations a et e" in _message("q6", {**bon, cle: "experience_client"})
    assert "logiciel" in _message("q6", {**bon, "f": "crm_social"})
    # a wrong answer no trap describes still gets the count of right pairs
    assert "5 associations sur 6" in _message("q6", {**bon, "c": "autre"})
    # the first trap that matches wins: b taken for social CRM is the main confusion
    assert "situation b" in _message("q6", dict.fromkeys(bon, "crm_social"))


def test_course_examples_misconceptions():
    bon = BONNES["q7"]
    assert "montée en gamme" in _message("q7", {**bon, "darty": "montee_en_gamme"})
    for cle in ("renault", "sncf"):
        assert "vers 1995" in _message("q7", {**bon, cle: "vente_croisee"})
    echange = {**bon, "second_life": "prevision", "louvre": "ressources"}
    assert "inversé Second Life et le Louvre" in _message("q7", echange)
    assert "serveurs" in _message("q7", {**bon, "second_life": "prevision"})
    assert "visiteurs attendus" in _message("q7", {**bon, "louvre": "ressources"})
    assert "comparateur" in _message("q7", {**bon, "sony": "services"})
    assert "5 associations sur 6" in _message("q7", {**bon, "sony": "prevision"})


def test_super_chef_situations_misconceptions():
    bon = BONNES["q14"]
    # cross-canal, ATAWAD and dematerialisation taken one for another
    for faux in ("dematerialisation", "atawad"):
        assert "même parcours" in _message("q14", {**bon, "a": faux})
    assert "rien ne dit" in _message("q14", {**bon, "c": "cross_canal"})
    assert "qui agit" in _message("q14", {**bon, "c": "atawad"})
    for faux in ("dematerialisation", "cross_canal"):
        assert "ce que le client attend" in _message("q14", {**bon, "e": faux})
    # up-selling taken for cross-selling
    assert "de la même famille" in _message("q14", {**bon, "b": "vente_croisee"})
    # mass marketing and interactive marketing swapped, or one taken for the other
    echange = {**bon, "d": "marketing_interactif", "g": "marketing_de_masse"}
    assert "inversé les situations d et g" in _message("q14", echange)
    assert "aucun moyen de répondre" in _message("q14", {**bon, "d": "marketing_interactif"})
    assert "deux sens" in _message("q14", {**bon, "g": "marketing_de_masse"})
    # a wrong answer no trap describes still gets the count of right pairs
    assert "6 associations sur 7" in _message("q14", {**bon, "f": "marketing_interactif"})
    assert "6 associations sur 7" in _message("q14", {**bon, "b": "reconnaissance"})
    # the first trap that matches wins: the three channel notions rotated
    tourne = {**bon, "a": "dematerialisation", "c": "atawad", "e": "cross_canal"}
    assert "situation a" in _message("q14", tourne)


def test_no_show_misconceptions():
    assert "présents" in _message("q13", 21)
    assert "30 %" in _message("q13", 27.3)
    assert "absents" in _message("q13", 70)
    assert td.evaluer("q13", 30.02).statut == "incorrect"  # a cent is the tolerance


def test_velocity_misconceptions(donnees):
    n = donnees["q8"] * 365
    assert "par mois" in _message("q8", n / 12)
    assert "une journée" in _message("q8", n)
    assert "2025" in _message("q8", len(charger("commandes")) / 365)


def test_numeric_bands(donnees):
    assert "un peu trop élevé" in _message("q9", donnees["q9"] * 1.05)
    assert "trop bas" in _message("q9", donnees["q9"] * 0.7)
    assert "nettement trop élevé" in _message("q8", donnees["q8"] * 3)


# --------------------------------------------------------------------------- wrong types


@pytest.mark.parametrize(
    ("q", "reponse", "fragment"),
    [
        ("q1", "B", "dictionnaire"),
        ("q1", {"eclectisme": "B"}, "manquantes"),
        ("q2", {**BONNES["q2"], "f": "masse"}, "clé inconnue"),
        ("q2", {**BONNES["q2"], "a": "personnalisation"}, '"masse", "perso"'),
        ("q1", {**BONNES["q1"], "eclectisme": 2}, "guillemets"),
        ("q6", {**BONNES["q6"], "a": "reseaux_sociaux"}, '"crm_social", "experience_client"'),
        ("q6", {k: v for k, v in BONNES["q6"].items() if k != "f"}, "manquante"),
        ("q7", {**BONNES["q7"], "darty": "cross-selling"}, '"vente_croisee"'),
        ("q7", ["vente_croisee"], "dictionnaire"),
        ("q14", {**BONNES["q14"], "b": "up-selling"}, '"montee_en_gamme"'),
        ("q3", "CBDA", "format demandé"),
        ("q3", ["C", "B", "D", "E"], "option"),
        ("q4", "1, 3, 5, 7", "format demandé"),
        ("q4", [1, 3, 5, 9], "option"),
        ("q8", "116", "texte"),
        ("q9", [0.7], "nombre"),
        ("q10", float("nan"), "NaN"),
        ("q11", 2.5, "série"),
        ("q11", {"email": 2.56}, "série"),
        ("q12", "1,03", "sans guillemets"),
    ],
)
def test_wrong_types_get_a_clear_message(q, reponse, fragment):
    ev = td.evaluer(q, reponse)
    assert ev.statut == "type_incorrect", ev
    assert fragment in ev.message
    assert not _cache_accepte(q, reponse)


def test_unknown_question():
    with pytest.raises(ValueError, match="question inconnue"):
        td.evaluer("q42", 1)


# --------------------------------------------------------------------------- no leak


def _texte_des_reponses(bonnes):
    """Every expected value as it could appear in a message (several spellings)."""
    formes = set()
    for q in ("q8", "q9", "q10", "q12", "q13"):
        v = float(bonnes[q])
        for d in (1, 2, 3, 4) if v >= 10 else (2, 3, 4):
            formes |= {f"{v:.{d}f}", f"{v:.{d}f}".replace(".", ","), f"{v * 100:.{d}f}"}
    for v in bonnes["q11"]:
        formes |= {f"{v:.2f}", f"{v:.2f}".replace(".", ",")}
    return {f for f in formes if f not in {"0.0", "0,0", "0.00", "0,00", "1.0", "1,0"}}


def test_messages_and_hints_never_contain_the_expected_value(bonnes):
    interdits = _texte_des_reponses(bonnes)
    essais = [(q, v) for q in ("q8", "q9", "q10", "q12", "q13") for v in (0.0, 1.0, 55.5, 1e6)]
    essais += [("q11", bonnes["q11"] * 2)]
    for q in ("q8", "q9", "q10", "q12", "q13"):
        essais += [(q, float(bonnes[q]) * f) for f in (0.5, 0.95, 1.05, 2)]
    for q, v in essais:
        message = td.evaluer(q, v).message
        assert not any(f in message for f in interdits), (q, v, message)
        assert "bonne réponse" not in message
    for q in td.QUESTIONS.questions:
        for texte in q.indices:
            assert not any(f in texte for f in interdits), (q.qid, texte)


def test_expected_categorical_answers_not_in_module_source():
    from pathlib import Path

    source = Path(td.__file__).read_text(encoding="utf-8")
    for q in ("q1", "q2", "q5", "q6", "q7", "q14"):
        assert json.dumps(BONNES[q]) not in source
        for cle, valeur in BONNES[q].items():  # no pair written in clear either
            assert f'"{cle}": "{valeur}"' not in source, (q, cle)
    assert '["C", "B", "D", "A"]' not in source and "[1, 3, 5, 7]" not in source


# --------------------------------------------------------------------------- notebook API


def test_verifier_prints_on_success_and_raises_short_french_otherwise(capsys):
    td.verifier("q13", 30.0)
    assert "✅ q13" in capsys.readouterr().out
    with pytest.raises(ReponseAVerifier) as err:
        td.verifier("q13", 21)
    lignes = err.value._render_traceback_()
    assert lignes[0].startswith("❌ q13") and 'indice("q13")' in lignes[-1]
    with pytest.raises(ReponseAVerifier) as err:
        td.verifier("q9", ...)
    assert err.value._render_traceback_()[0].startswith("✏️ q9")
    with pytest.raises(ReponseAVerifier, match="test caché"):
        td.valider("q13", 21, 30.0)


def test_every_question_has_progressive_hints(capsys):
    for q in td.QUESTIONS.questions:
        assert 2 <= len(q.indices) <= 3, q.qid
        for n in range(1, len(q.indices) + 1):
            td.indice(q.qid)
            sortie = capsys.readouterr().out
            assert sortie.startswith(f"💡 {q.qid} ({n}/{len(q.indices)}) :"), sortie
            assert q.indices[n - 1] in sortie
