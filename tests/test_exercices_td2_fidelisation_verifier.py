"""Self-checks of td2_fidelisation: right answers pass, blanks, wrong types and each
listed misconception get their own French message, which never shows the expected value.

Expected values are recomputed here with plain pandas (not with crmkit.loyalty),
so a slip in either shows up.
"""

import pandas as pd
import pytest

from crmkit.data import charger
from crmkit.exercices import td2_fidelisation as td
from crmkit.feedback import ReponseAVerifier


@pytest.fixture(scope="module")
def d():
    """Reference figures recomputed by hand from the data."""
    cmd = charger("commandes")
    cmd = cmd.assign(annee=cmd["date_commande"].dt.year)
    clients = charger("clients")
    actifs = {a: set(g["client_id"]) for a, g in cmd.groupby("annee")}
    premiere = cmd.groupby("client_id")["annee"].min()
    cohorte = set(premiere[premiere == 2022].index)
    out = {
        "q1": len(cohorte & actifs[2023]) / len(cohorte),
        "q1_tous": len(actifs[2022] & actifs[2023]) / len(actifs[2022]),
        "q3": len(actifs[2024] - actifs[2025]) / len(actifs[2024]),
        "q3_retention": len(actifs[2024] & actifs[2025]) / len(actifs[2024]),
        "q3_2024": len(actifs[2023] - actifs[2024]) / len(actifs[2023]),
    }
    porteurs = set(clients.loc[clients["carte_fidelite"] == 1, "client_id"])
    seg = cmd[cmd["client_id"].isin(porteurs)]
    m = seg[seg["annee"] == 2025].groupby("client_id")["marge"].sum().mean()
    a24, a25 = (
        set(seg.loc[seg["annee"] == 2024, "client_id"]),
        set(seg.loc[seg["annee"] == 2025, "client_id"]),
    )
    r = len(a24 & a25) / len(a24)

    def clv(m, r, dd):  # m (1 + d) / (1 + d - r), written out
        return m * (1 + dd) / (1 + dd - r)

    out |= {
        "q5_m": m,
        "q5_r": r,
        "q5": clv(m, r, 0.10),
        "q5_sans_actualisation": clv(m, r, 0.0),
        "q6": clv(m, r + 0.05, 0.10) - clv(m, r, 0.10),
    }
    camp = charger("campagnes").set_index("campagne_id")
    rep = charger("contacts_campagne").groupby("campagne_id")["reponse"].sum()
    cout = camp["nb_contacts"] * camp["cout_unitaire"]
    acq = cout[[7, 8]].sum() / rep[[7, 8]].sum()
    clients_ids = camp.index[camp["cible"] == "clients"]
    out |= {
        "q7": acq,
        "q8": acq / (cout[[1, 2]].sum() / rep[[1, 2]].sum()),
        "q8_tous": acq / (cout[clients_ids].sum() / rep[clients_ids].sum()),
    }
    pc = cmd.groupby("client_id").agg(n=("canal_vente", "nunique"), marge=("marge", "sum"))
    out["q11"] = pc.loc[pc["n"] >= 2, "marge"].mean() / pc.loc[pc["n"] == 1, "marge"].mean()
    out["q11_deux"] = pc.loc[pc["n"] == 2, "marge"].mean() / pc.loc[pc["n"] == 1, "marge"].mean()
    return out


@pytest.fixture(scope="module")
def offres():
    """q9 answer built by hand: top 6 categories by number of distinct orders, then amount."""
    lignes = charger("lignes_commande").merge(charger("produits")[["produit_id", "categorie_id"]])
    lignes = lignes.merge(charger("commandes")[["commande_id", "client_id", "date_commande"]])
    lignes = lignes[lignes["client_id"].isin(td.CLIENTS_CIBLES)]
    t = (
        lignes.groupby(["client_id", "categorie_id"])
        .agg(nb_commandes=("commande_id", "nunique"), montant=("montant", "sum"))
        .reset_index()
        .sort_values(["client_id", "nb_commandes", "montant"], ascending=[True, False, False])
    )
    t["rang"] = t.groupby("client_id").cumcount() + 1
    recents = lignes[lignes["date_commande"] >= pd.Timestamp("2025-11-01")]
    return t[t["rang"] <= 6].reset_index(drop=True), recents[["client_id", "categorie_id"]]


def message(question, reponse):
    """The French message of a failed check (fails the test if the check passes)."""
    with pytest.raises(ReponseAVerifier) as info:
        td.verifier(question, reponse)
    return str(info.value)


def test_figures_used_in_the_course_hold(d):
    assert d["q7"] == pytest.approx(116.69, abs=0.01)
    # a ratio of costs per response on like-for-like mailings (not a retention cost)
    assert 5 <= d["q8"] <= 7
    assert d["q8_tous"] < 2  # mixing in 250 € visits hides it
    assert d["q5"] > 600 and d["q11"] > 3


@pytest.mark.parametrize("question", ["q1", "q3", "q5", "q6", "q7", "q8", "q11"])
def test_right_numbers_pass(question, d, capsys):
    td.verifier(question, d[question])
    assert "✅" in capsys.readouterr().out


def test_right_categorical_answers_pass(offres, capsys):
    t, recents = offres
    td.verifier("q2", "Parrainage")
    td.verifier("q4", 120 * 1.1 / (1.1 - 0.65))
    td.verifier("q9", t)
    cles = set(map(tuple, recents.to_numpy().tolist()))
    utiles = t[[(c, k) not in cles for c, k in zip(t["client_id"], t["categorie_id"], strict=True)]]
    assert len(utiles) == 32
    td.verifier("q10", utiles[["client_id", "categorie_id"]])
    td.verifier("q12", (9, 6, 5, 2, 1))
    assert capsys.readouterr().out.count("✅") == 5


@pytest.mark.parametrize("question", [f"q{i}" for i in range(1, 13)] + ["q15"])
def test_blank_answer_is_not_attempted(question):
    texte = message(question, ...)
    assert "pas encore de réponse" in texte
    assert "Traceback" not in texte


def test_retention_over_all_customers_instead_of_the_cohort(d):
    assert "cohorte 2022" in message("q1", d["q1_tous"])
    assert "TOUS les clients de la base" in message("q1", 1834 / 20_000)


def test_churn_confused_across_periods(d):
    assert "MÊME POPULATION" in message("q3", 1 - d["q1"])
    assert "décalée d'un an" in message("q3", d["q3_2024"])
    assert "RÉTENTION" in message("q3", d["q3_retention"])


def test_clv_without_discounting(d):
    assert "actualisation" in message("q4", 120 / (1 - 0.65))
    assert "actualisation" in message("q5", d["q5_sans_actualisation"])
    assert "FIN de la première année" in message("q4", 120 / (1.1 - 0.65))


def test_acquisition_retention_compared_across_channels(d):
    assert "canal égal" in message("q8", d["q8_tous"])
    assert "à l'envers" in message("q8", 1 / d["q8"])
    assert "CONTACT" in message("q7", 1.0)


def test_offer_table_misconceptions(offres):
    t, _ = offres
    # same customers, but two more offers for one of them (as with n=8)
    extra = pd.DataFrame({"client_id": [881] * 2, "rang": [7, 8], "categorie_id": [1, 4]})
    assert "plus de 6 offres" in message("q9", pd.concat([t, extra]))
    autre = pd.concat([t, pd.DataFrame({"client_id": [1], "rang": [1], "categorie_id": [1]})])
    assert "hors de « clients_cibles »" in message("q9", autre)
    melange = t.assign(rang=t.groupby("client_id")["rang"].transform(lambda s: s[::-1].to_numpy()))
    assert "rang" in message("q9", melange)
    assert "DataFrame" in message("q9", [1, 2])
    assert "aucune offre n'a été retirée" in message("q10", t)
    assert "toutes les offres" in message("q10", t.iloc[0:0])


def test_multichannel_misconceptions(d):
    assert "DEUX canaux" in message("q11", d["q11_deux"])
    assert "à l'envers" in message("q11", 1 / d["q11"])


def test_data_minimisation_hints():
    assert "article 9" in message("q12", [1, 2, 5, 6, 7, 9])
    assert "consentement" in message("q12", [1, 2, 5, 6])
    assert "disproportionné" in message("q12", [1, 2, 4, 5, 6, 9])
    assert "0 n'est pas une option" in message("q12", [0, 1])
    assert "du texte" in message("q12", "1, 2")
    assert "il manque au moins une donnée" in message("q12", [2, 5, 6, 9])
    assert "collecte excessive" in message("q12", [1, 2, 3, 5, 6, 9])


def test_wrong_choice_hint_and_typo():
    assert "MOINS" in message("q2", "web")
    assert "n'est pas une option" in message("q2", "internet")


def test_messages_never_show_the_expected_value(d):
    for question, faux in [("q1", 0.5), ("q3", 0.5), ("q5", 100.0), ("q8", 3.0), ("q11", 2.0)]:
        texte = message(question, faux)
        for attendu in (d[question], round(d[question], 2), round(d[question], 3)):
            assert str(attendu) not in texte
            assert f"{attendu:.2f}".replace(".", ",") not in texte


# --------------------------------------------------------------------------- issue 19 traps
def test_year_shifted_by_one(d):
    from crmkit.loyalty import retention_cohortes

    cohortes = retention_cohortes(charger("commandes"), "annee")
    assert cohortes.index.dtype.kind == "i"  # .loc[2022, 1], as the hint says
    assert cohortes.loc[2022, 1] == pytest.approx(d["q1"])
    for annee in (2021, 2023):
        x = float(cohortes.loc[annee, 1])
        assert "décalée d'un an" in message("q1", x)
        assert "décalée d'un an" in message("q1", round(x, 4))
    assert "TOUS les clients actifs" in message("q1", d["q1_tous"])
    assert "TOUS les clients actifs" in message("q1", round(d["q1_tous"], 4))
    assert "décalée d'un an" in message("q3", d["q3_2024"])


def test_card_clv_on_the_year_before():
    cmd = charger("commandes")
    cmd = cmd.assign(annee=cmd["date_commande"].dt.year)
    clients = charger("clients")
    seg = cmd[cmd["client_id"].isin(clients.loc[clients["carte_fidelite"] == 1, "client_id"])]
    m = seg[seg["annee"] == 2024].groupby("client_id")["marge"].sum().mean()
    a23, a24 = (set(seg.loc[seg["annee"] == a, "client_id"]) for a in (2023, 2024))
    r = len(a23 & a24) / len(a23)
    assert "décalée d'un an" in message("q5", m * 1.1 / (1.1 - r))


def test_complement_of_the_retention(d):
    assert "PAS revenus" in message("q1", 1 - d["q1"])


def test_churn_in_place_of_retention_inside_the_clv(d):
    assert "churn" in message("q4", 120 * 1.1 / (1.1 - 0.35))
    m, r = d["q5_m"], d["q5_r"]

    def clv(m, r, dd):
        return m * (1 + dd) / (1 + dd - r)

    assert "churn" in message("q5", clv(m, 1 - r, 0.10))
    assert "churn" in message("q6", clv(m, 1 - r + 0.05, 0.10) - clv(m, 1 - r, 0.10))


def test_whole_numbers_written_for_rates(d):
    assert "0.10" in message("q4", 120 * 11 / (11 - 0.65))  # d = 10 instead of 0.10
    m, r = d["q5_m"], d["q5_r"]
    gain = m * 1.1 / (1.1 - (r + 5)) - m * 1.1 / (1.1 - r)  # + 5 instead of + 0.05
    assert "+ 0.05" in message("q6", gain)


def test_mean_of_ratios_instead_of_ratio_of_sums(d):
    camp = charger("campagnes").set_index("campagne_id")
    rep = charger("contacts_campagne").groupby("campagne_id")["reponse"].sum()
    par_reponse = camp["nb_contacts"] * camp["cout_unitaire"] / rep
    assert "moyenne des rapports" in message("q7", par_reponse[[7, 8]].mean())
    assert "moyenne des rapports" in message(
        "q8", par_reponse[[7, 8]].mean() / par_reponse[[1, 2]].mean()
    )
    assert "moyenne des rapports" in message("q8", d["q7"] / par_reponse[[1, 2]].mean())


def test_duplicated_offer_rows_are_refused_by_both_checks(offres):
    t, _ = offres
    double = pd.concat([t, t.iloc[:1]])
    assert "deux fois" in message("q9", double)
    with pytest.raises(ReponseAVerifier, match="test caché"):
        td.valider("q9", double)


def test_offer_table_with_another_index_and_order_is_accepted(offres, capsys):
    t, _ = offres
    td.verifier("q9", t.sample(frac=1, random_state=3).reset_index(drop=True))
    td.valider("q9", t.astype(float))
    assert "✅" in capsys.readouterr().out


# --------------------------------------------------------------------------- contract
def test_manual_questions_have_their_own_hints(capsys):
    for question in ("q13", "q14"):
        td.indice(question)
        texte = capsys.readouterr().out
        assert f"💡 {question} (1/2)" in texte and "relisez l'énoncé" not in texte


def test_declared_points_sum_to_the_graded_total():
    auto = [q for q in td.QUESTIONS.questions if not q.manuelle]
    assert sum(q.points for q in auto) == 20
    assert [q.qid for q in td.QUESTIONS.questions if q.manuelle] == ["q13", "q14"]


# The visible check and the hidden test are compared on a grid of answers, from the
# test cells' own source, by tests/test_notebooks_td_contract.py.


def test_intermediate_results_rounded_and_carried_forward_are_accepted(d, capsys):
    m, r = round(d["q5_m"], 2), round(d["q5_r"], 4)

    def clv(m, r, dd):
        return m * (1 + dd) / (1 + dd - r)

    td.valider("q5", clv(m, r, 0.10), d["q5"])
    td.valider("q6", clv(m, r + 0.05, 0.10) - clv(m, r, 0.10), d["q6"])
    td.valider("q8", round(d["q7"], 2) / round(d["q7"] / d["q8"], 2), d["q8"])


# --------------------------------------------------------------------------- q15 (test vs témoin)


@pytest.fixture(scope="module")
def q15():
    """Buyers in the 45 days after mailings 1 and 2, mailed vs témoins, recomputed in SQL."""
    from crmkit.data import connexion

    sql = """
        WITH acheteurs AS (
            SELECT DISTINCT c.campagne_id, o.client_id
            FROM campagnes c JOIN commandes o
              ON o.date_commande > c.date_campagne
             AND o.date_commande <= date(c.date_campagne, '+45 days')
            WHERE c.campagne_id IN (1, 2)
        ), groupes AS (
            SELECT campagne_id, client_id, 'test' AS groupe FROM contacts_campagne
            WHERE campagne_id IN (1, 2)
            UNION ALL SELECT campagne_id, client_id, 'temoin' FROM temoins_campagne
        )
        SELECT g.campagne_id, g.groupe, COUNT(*) AS n, COUNT(a.client_id) AS acheteurs
        FROM groupes g LEFT JOIN acheteurs a
          ON a.campagne_id = g.campagne_id AND a.client_id = g.client_id
        GROUP BY g.campagne_id, g.groupe
    """
    cnx = connexion()
    try:
        t = pd.read_sql(sql, cnx).set_index(["campagne_id", "groupe"])
        reponses = cnx.execute(
            "SELECT SUM(reponse) FROM contacts_campagne WHERE campagne_id IN (1, 2)"
        ).fetchone()[0]
    finally:
        cnx.close()

    def cout_incremental(g):  # 1 € a letter: cost = number of mailed customers
        test, tem = g.xs("test", level="groupe").sum(), g.xs("temoin", level="groupe").sum()
        return test["n"] / (
            (test["acheteurs"] / test["n"] - tem["acheteurs"] / tem["n"]) * test["n"]
        )

    tot = t.groupby("groupe").sum()
    return {
        "juste": cout_incremental(t),
        "campagne_1": cout_incremental(t.loc[[1]]),
        "par_reponse": tot.loc["test", "n"] / reponses,
        "par_acheteur": tot.loc["test", "n"] / tot.loc["test", "acheteurs"],
        "taux": (
            tot.loc["test", "acheteurs"] / tot.loc["test", "n"],
            tot.loc["temoin", "acheteurs"] / tot.loc["temoin", "n"],
        ),
        "n_test": tot.loc["test", "n"],
    }


def test_cost_per_incremental_buyer_passes(q15, capsys):
    assert q15["juste"] == pytest.approx(21.23, abs=0.01)
    td.verifier("q15", q15["juste"])
    td.valider("q15", q15["juste"], 21.228881226141255)
    # rates rounded to 4 decimals and carried forward
    a, b = (round(x, 4) for x in q15["taux"])
    td.valider("q15", q15["n_test"] / ((a - b) * q15["n_test"]), q15["juste"])
    assert capsys.readouterr().out.count("✅") == 1


def test_cost_per_incremental_buyer_misconceptions(q15):
    assert "RÉPONSE" in message("q15", q15["par_reponse"])
    assert "TOUS les acheteurs" in message("q15", q15["par_acheteur"])
    assert "UNE seule campagne" in message("q15", q15["campagne_1"])
    assert "à l'envers" in message("q15", 1 / q15["juste"])
    texte = message("q15", 2 * q15["juste"])
    assert "21,2" not in texte and "21.2" not in texte
    with pytest.raises(ReponseAVerifier):
        td.valider("q15", q15["par_reponse"], 21.228881226141255)
