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
    out["q12"] = pc.loc[pc["n"] >= 2, "marge"].mean() / pc.loc[pc["n"] == 1, "marge"].mean()
    out["q12_deux"] = pc.loc[pc["n"] == 2, "marge"].mean() / pc.loc[pc["n"] == 1, "marge"].mean()
    return out


@pytest.fixture(scope="module")
def offres():
    """q10 answer built by hand: top 6 categories by number of distinct orders, then amount."""
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
    assert d["q5"] > 600 and d["q12"] > 3


@pytest.mark.parametrize("question", ["q1", "q3", "q5", "q6", "q7", "q8", "q12"])
def test_right_numbers_pass(question, d, capsys):
    td.verifier(question, d[question])
    assert "✅" in capsys.readouterr().out


def test_right_categorical_answers_pass(offres, capsys):
    t, recents = offres
    td.verifier("q2", "Parrainage")
    td.verifier("q4", 120 * 1.1 / (1.1 - 0.65))
    td.verifier("q10", t)
    cles = set(map(tuple, recents.to_numpy().tolist()))
    utiles = t[[(c, k) not in cles for c, k in zip(t["client_id"], t["categorie_id"], strict=True)]]
    assert len(utiles) == 32
    td.verifier("q11", utiles[["client_id", "categorie_id"]])
    td.verifier("q16", (9, 6, 5, 2, 1))
    assert capsys.readouterr().out.count("✅") == 5


@pytest.mark.parametrize("question", [f"q{i}" for i in range(1, 17)])
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
    assert "plus de 6 offres" in message("q10", pd.concat([t, extra]))
    autre = pd.concat([t, pd.DataFrame({"client_id": [1], "rang": [1], "categorie_id": [1]})])
    assert "hors de « clients_cibles »" in message("q10", autre)
    melange = t.assign(rang=t.groupby("client_id")["rang"].transform(lambda s: s[::-1].to_numpy()))
    assert "rang" in message("q10", melange)
    assert "DataFrame" in message("q10", [1, 2])
    assert "aucune offre n'a été retirée" in message("q11", t)
    assert "toutes les offres" in message("q11", t.iloc[0:0])


def test_multichannel_misconceptions(d):
    assert "DEUX canaux" in message("q12", d["q12_deux"])
    assert "à l'envers" in message("q12", 1 / d["q12"])


def test_data_minimisation_hints():
    assert "article 9" in message("q16", [1, 2, 5, 6, 7, 9])
    assert "consentement" in message("q16", [1, 2, 5, 6])
    assert "disproportionné" in message("q16", [1, 2, 4, 5, 6, 9])
    assert "0 n'est pas une option" in message("q16", [0, 1])
    assert "du texte" in message("q16", "1, 2")
    assert "il manque au moins une donnée" in message("q16", [2, 5, 6, 9])
    assert "collecte excessive" in message("q16", [1, 2, 3, 5, 6, 9])


def test_wrong_choice_hint_and_typo():
    assert "MOINS" in message("q2", "web")
    assert "n'est pas une option" in message("q2", "internet")


def test_messages_never_show_the_expected_value(d):
    for question, faux in [("q1", 0.5), ("q3", 0.5), ("q5", 100.0), ("q8", 3.0), ("q12", 2.0)]:
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
    assert "deux fois" in message("q10", double)
    with pytest.raises(ReponseAVerifier, match="test caché"):
        td.valider("q10", double)


def test_offer_table_with_another_index_and_order_is_accepted(offres, capsys):
    t, _ = offres
    td.verifier("q10", t.sample(frac=1, random_state=3).reset_index(drop=True))
    td.valider("q10", t.astype(float))
    assert "✅" in capsys.readouterr().out


# --------------------------------------------------------------------------- contract
def test_manual_questions_have_their_own_hints(capsys):
    for question in ("q17", "q18"):
        td.indice(question)
        texte = capsys.readouterr().out
        assert f"💡 {question} (1/" in texte and "relisez l'énoncé" not in texte


def test_declared_points_sum_to_the_graded_total():
    auto = [q for q in td.QUESTIONS.questions if not q.manuelle]
    assert sum(q.points for q in auto) == 26
    assert [q.qid for q in td.QUESTIONS.questions if q.manuelle] == ["q17", "q18"]


# The visible check and the hidden test are compared on a grid of answers, from the
# test cells' own source, by tests/test_notebooks_td_contract.py.


def test_intermediate_results_rounded_and_carried_forward_are_accepted(d, capsys):
    m, r = round(d["q5_m"], 2), round(d["q5_r"], 4)

    def clv(m, r, dd):
        return m * (1 + dd) / (1 + dd - r)

    td.valider("q5", clv(m, r, 0.10), d["q5"])
    td.valider("q6", clv(m, r + 0.05, 0.10) - clv(m, r, 0.10), d["q6"])
    td.valider("q8", round(d["q7"], 2) / round(d["q7"] / d["q8"], 2), d["q8"])


# --------------------------------------------------------------------------- q9 (test vs témoin)


@pytest.fixture(scope="module")
def q9():
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


def test_cost_per_incremental_buyer_passes(q9, capsys):
    assert q9["juste"] == pytest.approx(35.61, abs=0.01)
    td.verifier("q9", q9["juste"])
    td.valider("q9", q9["juste"], 35.613941690350536)
    # rates rounded to 4 decimals and carried forward
    a, b = (round(x, 4) for x in q9["taux"])
    td.valider("q9", q9["n_test"] / ((a - b) * q9["n_test"]), q9["juste"])
    assert capsys.readouterr().out.count("✅") == 1


def test_cost_per_incremental_buyer_misconceptions(q9):
    assert "RÉPONSE" in message("q9", q9["par_reponse"])
    assert "TOUS les acheteurs" in message("q9", q9["par_acheteur"])
    assert "UNE seule campagne" in message("q9", q9["campagne_1"])
    assert "à l'envers" in message("q9", 1 / q9["juste"])
    texte = message("q9", 2 * q9["juste"])
    assert "35,6" not in texte and "35.6" not in texte
    with pytest.raises(ReponseAVerifier):
        td.valider("q9", q9["par_reponse"], 35.613941690350536)


# --------------------------------------------------------------------------- q13–q15 (RFM)


def _segments_a_la_main(cmd, recence_a_l_envers=False):
    """R and F quintile notes (mid-rank, 1–5) and the named segments, written out."""
    import numpy as np

    g = cmd.groupby("client_id").agg(derniere=("date_commande", "max"), f=("montant", "size"))
    recence = (pd.Timestamp("2025-12-31") - g["derniere"]).dt.days

    def note(x, croissant=True):
        rang = x.rank(method="average", ascending=croissant)
        return np.minimum(np.floor((rang - 0.5) / len(x) * 5) + 1, 5)

    r, f = note(recence, croissant=recence_a_l_envers), note(g["f"])
    return pd.Series(
        np.select(
            [
                (r >= 4) & (f >= 4),
                (r >= 3) & (f >= 3),
                (r >= 4) & (f <= 2),
                (r <= 2) & (f >= 3),
                (r <= 2) & (f <= 2),
            ],
            ["Champions", "Fidèles", "Nouveaux", "À risque", "Perdus"],
            default="À surveiller",
        ),
        index=g.index,
    )


@pytest.fixture(scope="module")
def rfm():
    cmd = charger("commandes")
    seg = _segments_a_la_main(cmd)
    en_2025 = cmd[cmd["date_commande"].dt.year == 2025]
    marge = en_2025.groupby("client_id")["marge"].sum().reindex(seg.index, fill_value=0)
    ca = en_2025.groupby("client_id")["montant"].sum().reindex(seg.index, fill_value=0)
    marge_tout = cmd.groupby("client_id")["marge"].sum()
    champions = seg == "Champions"
    return {
        "q13": int((seg == "À risque").sum()),
        "q13_envers": int((_segments_a_la_main(cmd, True) == "À risque").sum()),
        "q13_recents": int(
            (_segments_a_la_main(cmd[cmd["date_commande"] >= "2023-01-01"]) == "À risque").sum()
        ),
        "q13_perdus": int((seg == "Perdus").sum()),
        "q14": marge[champions].sum() / marge.sum(),
        "q14_clients": champions.mean(),
        "q14_ca": ca[champions].sum() / ca.sum(),
        "q14_historique": marge_tout[champions].sum() / marge_tout.sum(),
    }


ACTIONS = {"Champions": "D", "Fidèles": "E", "Nouveaux": "B", "À risque": "C", "Perdus": "A"}


def test_rfm_right_answers_pass(rfm, capsys):
    assert rfm["q13"] == 3785 and 0.7 < rfm["q14"] < 0.8
    td.verifier("q13", rfm["q13"])
    td.verifier("q13", float(rfm["q13"]))
    td.verifier("q14", rfm["q14"])
    td.verifier("q14", round(rfm["q14"], 4))
    td.verifier("q15", ACTIONS)
    td.verifier(
        "q15", {"champions": "d", "FIDELES": "E", "nouveaux": "b", "a risque": "C", "Perdus": "a"}
    )
    td.valider("q13", rfm["q13"], 3785)
    td.valider("q14", round(rfm["q14"], 4), 0.75552330497816)
    td.valider("q15", ACTIONS, ACTIONS)
    assert capsys.readouterr().out.count("✅") == 6


def test_rfm_segment_size_misconceptions(rfm):
    assert "à l'envers" in message("q13", rfm["q13_envers"])
    assert "TOUS les clients" in message("q13", rfm["q13_recents"])
    assert "« Perdus »" in message("q13", rfm["q13_perdus"])
    assert "3785" not in message("q13", rfm["q13"] + 100)
    with pytest.raises(ReponseAVerifier):
        td.valider("q13", rfm["q13_envers"], 3785)


def test_rfm_segment_value_misconceptions(rfm):
    assert "CLIENTS" in message("q14", rfm["q14_clients"])
    assert "chiffre d'affaires" in message("q14", rfm["q14_ca"])
    assert "TOUTE la période" in message("q14", rfm["q14_historique"])
    assert "entre 0 et 1" in message("q14", 100 * rfm["q14"])
    with pytest.raises(ReponseAVerifier):
        td.valider("q14", rfm["q14_ca"], 0.75552330497816)


def test_rfm_actions_misconceptions():
    echange = ACTIONS | {"À risque": ACTIONS["Perdus"], "Perdus": ACTIONS["À risque"]}
    assert "reconquête" in message("q15", echange)
    remise = ACTIONS | {"Champions": ACTIONS["À risque"], "À risque": ACTIONS["Champions"]}
    assert "champions achètent déjà" in message("q15", remise)
    deux = ACTIONS | {"Fidèles": ACTIONS["Nouveaux"], "Nouveaux": ACTIONS["Fidèles"]}
    assert "3 associations sur 5" in message("q15", deux).replace("\u202f", " ")
    assert "valeur inattendue" in message("q15", ACTIONS | {"Perdus": "F"})
    with pytest.raises(ReponseAVerifier):
        td.valider("q15", echange, ACTIONS)
