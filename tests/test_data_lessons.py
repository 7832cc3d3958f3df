"""The course's lessons hold on the committed default data (measured, with tolerances).

Figures are recomputed here with plain pandas from the tables, independently of
the generator; only the hidden response model comes from the generator.
"""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency, norm, spearmanr
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from crmkit.data import charger
from crmkit.data.generator import PARAMETRES_CACHES, proba_reponse_vraie

TABLES_UTILES = (
    "clients",
    "commandes",
    "lignes_commande",
    "produits",
    "evenements_service",
    "campagnes",
    "contacts_campagne",
    "evenements_email",
    "temoins_campagne",
)


@pytest.fixture(scope="module")
def t(repo_root):
    return {table: charger(table, repo_root / "data") for table in TABLES_UTILES}


def part_top_20(valeurs: pd.Series) -> float:
    v = valeurs.sort_values(ascending=False)
    return v.iloc[: int(len(v) * 0.2)].sum() / v.sum()


def courbe_stobachoff(profit: pd.Series) -> np.ndarray:
    return (profit.sort_values(ascending=False).cumsum() / profit.sum()).to_numpy()


def caracteristiques(t, campagne_id: int, clients=None) -> pd.DataFrame:
    """Recency, frequency, amount, affinity of each contacted customer on the campaign date.

    ``clients``: other customer ids to describe (then there is no ``reponse`` column).
    """
    cp = t["campagnes"].set_index("campagne_id").loc[campagne_id]
    date = cp["date_campagne"]
    fenetre = PARAMETRES_CACHES["modele_reponse"]["fenetre_jours"]
    cmd = t["commandes"]
    avant = cmd[cmd["date_commande"] < date]
    recente = avant[avant["date_commande"] >= date - pd.Timedelta(days=fenetre)]
    lignes = t["lignes_commande"].merge(
        t["produits"][["produit_id", "categorie_id"]], on="produit_id"
    )
    lignes = lignes.merge(avant[["commande_id", "client_id"]], on="commande_id")
    dans_cat = lignes["categorie_id"] == cp["categorie_id"]
    contacts = t["contacts_campagne"].query("campagne_id == @campagne_id").set_index("client_id")
    f = pd.DataFrame(index=contacts.index if clients is None else pd.Index(clients))
    f["recence"] = (date - avant.groupby("client_id")["date_commande"].max()).dt.days
    f["frequence"] = recente.groupby("client_id").size()
    f["montant"] = recente.groupby("client_id")["montant"].sum()
    f["affinite"] = (
        lignes[dans_cat].groupby("client_id")["montant"].sum()
        / lignes.groupby("client_id")["montant"].sum()
    )
    f = f.fillna({"frequence": 0, "montant": 0.0, "affinite": 0.0})
    f["p_vraie"] = proba_reponse_vraie(
        campagne_id, f["recence"], f["frequence"], f["montant"], f["affinite"]
    )
    if clients is None:
        f["reponse"] = contacts["reponse"]
    return f


def test_revenue_is_concentrated(t):
    ca = t["commandes"].groupby("client_id")["montant"].sum()
    assert ca.index.equals(pd.Index(t["clients"]["client_id"]))
    assert 0.60 <= part_top_20(ca) <= 0.80


def test_stobachoff_curve_rises_above_100_percent_then_comes_down(t):
    ids = t["clients"]["client_id"]
    marge = t["commandes"].groupby("client_id")["marge"].sum().reindex(ids, fill_value=0)
    cout = t["evenements_service"].groupby("client_id")["cout"].sum().reindex(ids, fill_value=0)
    profit = marge - cout
    assert 0.10 <= (profit < 0).mean() <= 0.30
    courbe = courbe_stobachoff(profit)
    assert courbe.max() > 1.10
    assert 0.6 < courbe.argmax() / len(courbe) < 0.95
    assert courbe[-1] == pytest.approx(1.0)
    # known-wrong input: without service costs nobody loses money, the curve never exceeds 100 %
    assert courbe_stobachoff(marge).max() <= 1.0 + 1e-9


@pytest.mark.parametrize("campagne_id", [1, 2])
def test_responses_follow_the_hidden_model(t, campagne_id):
    f = caracteristiques(t, campagne_id)
    attendu, observe = f["p_vraie"].sum(), f["reponse"].sum()
    ecart_type = math.sqrt((f["p_vraie"] * (1 - f["p_vraie"])).sum())
    assert abs(observe - attendu) < 4 * ecart_type
    deciles = pd.qcut(f["p_vraie"].rank(method="first"), 10, labels=False)
    taux = f.groupby(deciles)["reponse"].mean()
    assert spearmanr(taux.index, taux.to_numpy()).statistic > 0.9
    assert taux.iloc[-1] > 5 * taux.iloc[:5].mean()
    assert 0.02 < f["reponse"].mean() < 0.08  # a paper mailing answers at a few per cent
    # the true model ranks better than chance and than a wrong (shuffled) score
    assert roc_auc_score(f["reponse"], f["p_vraie"]) > 0.75
    melange = f["p_vraie"].sample(frac=1, random_state=0).to_numpy()
    assert roc_auc_score(f["reponse"], melange) < 0.6


def test_score_built_on_campaign_1_holds_on_campaign_2(t):
    def x(f):
        return np.column_stack(
            [
                np.minimum(f["recence"], 1500) / 365,
                np.log1p(f["frequence"]),
                np.log1p(f["montant"] / 100),
                f["affinite"],
            ]
        )

    f1, f2 = caracteristiques(t, 1), caracteristiques(t, 2)
    modele = LogisticRegression(C=1e4, max_iter=1000).fit(x(f1), f1["reponse"])
    vrais = PARAMETRES_CACHES["modele_reponse"]
    coefs = dict(zip(["recence", "frequence", "montant", "affinite"], modele.coef_[0], strict=True))
    for nom, valeur in coefs.items():
        assert abs(valeur - vrais[nom]) < 0.5 * abs(vrais[nom]) + 0.25, (nom, valeur)
    auc_score = roc_auc_score(f2["reponse"], modele.predict_proba(x(f2))[:, 1])
    auc_vrai = roc_auc_score(f2["reponse"], f2["p_vraie"])
    assert auc_score > 0.75 and abs(auc_score - auc_vrai) < 0.03


def test_retention_depends_on_channel_and_loyalty_card(t):
    cl = t["clients"]
    cmd = t["commandes"]
    actifs_2025 = cmd.loc[cmd["date_commande"].dt.year == 2025, "client_id"]
    anciens = cl[cl["date_inscription"] < "2024-01-01"].assign(
        retenu=lambda d: d["client_id"].isin(actifs_2025)
    )
    par_canal = anciens.groupby("canal_acquisition")["retenu"].mean()
    assert par_canal["parrainage"] > par_canal["magasin"] > par_canal["web"] + 0.05
    assert par_canal["magasin"] > par_canal["salon"] + 0.05
    assert par_canal.max() - par_canal.min() > 0.15
    par_carte = anciens.groupby("carte_fidelite")["retenu"].mean()
    assert par_carte[1] > par_carte[0] + 0.10


def test_multichannel_customers_are_worth_more(t):
    cmd = t["commandes"]
    par_client = cmd.groupby("client_id").agg(
        ca=("montant", "sum"), canaux=("canal_vente", "nunique")
    )
    valeur = par_client.groupby(par_client["canaux"] > 1)["ca"].mean()
    assert valeur[True] > 1.5 * valeur[False]
    assert 0.10 < (par_client["canaux"] > 1).mean() < 0.5


def test_ab_subject_line_b_is_modestly_better(t):
    ee = t["evenements_email"]
    n = ee.pivot_table(
        index="variante_objet", columns="evenement", values="client_id", aggfunc="count"
    )
    envoyes = n["envoye"]
    assert abs(envoyes["A"] - envoyes["B"]) <= 1
    ab = PARAMETRES_CACHES["ab_test"]
    for evenement in ("ouvert", "clique"):
        taux = n[evenement] / envoyes
        p = (n[evenement].sum()) / envoyes.sum()
        z = (taux["B"] - taux["A"]) / math.sqrt(p * (1 - p) * (1 / envoyes["A"] + 1 / envoyes["B"]))
        if evenement == "ouvert":
            assert z > 0 and 2 * (1 - norm.cdf(abs(z))) < 0.05
            vrai = {v: (1 - ab["rejet"]) * ab["ouverture"][v] for v in "AB"}
            for v in "AB":
                assert abs(taux[v] - vrai[v]) < 0.02
            assert 1.05 < taux["B"] / taux["A"] < 1.5  # modest, not dramatic
    assert n.loc[:, "ouvert"].le(n.loc[:, "delivre"]).all()
    assert n.loc[:, "clique"].le(n.loc[:, "ouvert"]).all()
    assert (n["delivre"] + n["rejete"] == n["envoye"]).all()


def test_acquiring_costs_several_times_more_than_retaining(t):
    cp = t["campagnes"].set_index("campagne_id")
    cc = t["contacts_campagne"]
    prospects = cp[cp["cible"] == "prospects"]
    gagnes = cc[cc["campagne_id"].isin(prospects.index)]["reponse"].sum()
    cout_acquisition = (prospects["nb_contacts"] * prospects["cout_unitaire"]).sum() / gagnes
    fidelisation = cp.loc[[1, 2]]
    retenus = cc[cc["campagne_id"].isin([1, 2])]["reponse"].sum()
    cout_fidelisation = (
        fidelisation["nb_contacts"] * fidelisation["cout_unitaire"]
    ).sum() / retenus
    assert 3 < cout_acquisition / cout_fidelisation < 10


@pytest.mark.parametrize("campagne_id", [1, 2])
def test_control_group_is_comparable_to_the_mailed_group(t, campagne_id):
    """Randomisation check: same purchase history, same base purchases, no answers.

    Standardised mean differences under 0.1 (the usual balance threshold); the
    purchases without the campaign in the 45 days after it do not differ (|z| < 3),
    while all purchases do, by about the mailed group's answers.
    """
    tem = t["temoins_campagne"].query("campagne_id == @campagne_id")["client_id"]
    postes = caracteristiques(t, campagne_id)
    temoins = caracteristiques(t, campagne_id, tem)
    for col in ("recence", "frequence", "montant", "affinite", "p_vraie"):
        a = np.log1p(postes[col].clip(upper=1500))
        b = np.log1p(temoins[col].clip(upper=1500))
        dms = (a.mean() - b.mean()) / math.sqrt((a.var() + b.var()) / 2)
        assert abs(dms) < 0.1, (col, dms)
    date = t["campagnes"].set_index("campagne_id").loc[campagne_id, "date_campagne"]
    cmd = t["commandes"]
    fenetre = cmd[
        (cmd["date_commande"] > date) & (cmd["date_commande"] <= date + pd.Timedelta(days=45))
    ]
    base = set(fenetre.loc[fenetre["campagne_id"].isna(), "client_id"])
    tous = set(fenetre["client_id"])
    p1, p0 = postes.index.isin(list(base)).mean(), temoins.index.isin(list(base)).mean()
    n1, n0 = len(postes), len(temoins)
    p = (p1 * n1 + p0 * n0) / (n1 + n0)
    assert abs(p1 - p0) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n0)) < 3
    assert temoins.index.isin(list(tous)).mean() == p0  # no answer in the control group
    assert postes.index.isin(list(tous)).mean() - p1 > 0.02


@pytest.mark.parametrize("campagne_id", [1, 2])
def test_control_group_has_the_mailed_groups_acquisition_channels(t, campagne_id):
    """Randomisation check on a trait the response model ignores: chi-squared, p > 0.01."""
    tem = t["temoins_campagne"].query("campagne_id == @campagne_id")["client_id"]
    postes = t["contacts_campagne"].query("campagne_id == @campagne_id")["client_id"]
    canal = t["clients"].set_index("client_id")["canal_acquisition"]
    tableau = pd.DataFrame(
        {"test": canal.loc[postes].value_counts(), "temoin": canal.loc[tem].value_counts()}
    ).fillna(0)
    assert len(tableau) == 5
    assert chi2_contingency(tableau.to_numpy())[1] > 0.01


def test_uplift_recovers_the_hidden_effect_of_the_mailings(t):
    """Campaigns 1 and 2 pooled: test − témoin purchase rate ≈ the hidden model's effect.

    A mailed customer buys in the 45 days if he has a purchase without the mailing
    or answers; the answer has the hidden probability p, drawn independently of his
    other purchases, so the mailing's true effect on the purchase rate is the mean of
    p × (1 − bought without it) over the mailed group. The measured uplift must sit
    within 3 standard errors of it, and exclude 0.
    """
    from crmkit import loyalty

    acheteurs = {"test": 0, "temoin": 0}
    effectifs = dict(acheteurs)
    effet = 0.0
    for c in (1, 2):
        date = t["campagnes"].set_index("campagne_id").loc[c, "date_campagne"]
        cmd = t["commandes"]
        fenetre = cmd[
            (cmd["date_commande"] > date) & (cmd["date_commande"] <= date + pd.Timedelta(days=45))
        ]
        sans_mailing = set(fenetre.loc[fenetre["campagne_id"].fillna(0) != c, "client_id"])
        postes = caracteristiques(t, c)
        effet += float((postes["p_vraie"] * ~postes.index.isin(list(sans_mailing))).sum())
        tem = t["temoins_campagne"].query("campagne_id == @c")["client_id"]
        for groupe, ids in (("test", postes.index), ("temoin", tem)):
            acheteurs[groupe] += int(pd.Index(ids).isin(list(set(fenetre["client_id"]))).sum())
            effectifs[groupe] += len(ids)
    effet /= effectifs["test"]
    r = loyalty.mesure_uplift(
        acheteurs["test"],
        effectifs["test"],
        acheteurs["temoin"],
        effectifs["temoin"],
        cout_par_contact=1.0,
        reponses=0,
    )
    erreur_type = (r.uplift_haut - r.uplift_bas) / (2 * norm.ppf(0.975))
    assert 0.02 < effet < 0.06
    assert abs(r.uplift - effet) < 3 * erreur_type, (r.uplift, effet, erreur_type)
    assert r.uplift_bas > 0
