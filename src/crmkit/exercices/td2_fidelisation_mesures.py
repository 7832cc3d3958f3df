"""Figures of TD2 part 3 (``td2_fidelisation``) recomputed from the Super Chef data.

The expected value of each numeric question and the values of the usual
mistakes, which the declarations in :mod:`crmkit.exercices.td2_fidelisation`
turn into checks and targeted messages (this module holds no message).

>>> round(clv_a_la_main(120, 0.65, 0.10), 2)
293.33
"""

from __future__ import annotations

import functools

from crmkit.economics import clv

CLIENTS_CIBLES = (881, 2363, 3009, 3854, 5029, 8933)
"""The customers of the personalised-offer questions (q9, q10)."""

NB_OFFRES = 6
"""Offers per customer in q9."""

DEBUT_ACHATS_RECENTS = "2025-11-01"
"""q10: a category bought on or after this date is a recent purchase (no offer on it)."""

CLV_EXEMPLE = {"marge": 120.0, "retention": 0.65, "actualisation": 0.10}
"""Parameters of q4 (shown in the question)."""

ACTUALISATION = 0.10
"""Yearly discount rate used for the segment CLV (q5, q6)."""


@functools.cache
def commandes():
    from crmkit.data import charger

    cmd = charger("commandes")
    return cmd.assign(annee=cmd["date_commande"].dt.year)


@functools.cache
def retention_cohorte() -> dict[str, float]:
    """Share of the 2022 cohort who bought again in 2023, and the usual wrong computations."""
    from crmkit.data import charger
    from crmkit.loyalty import retention_cohortes

    cmd = commandes()
    premiere = cmd.groupby("client_id")["annee"].min()
    cohorte = set(premiere[premiere == 2022].index)
    actifs_2022 = set(cmd.loc[cmd["annee"] == 2022, "client_id"])
    actifs_2023 = set(cmd.loc[cmd["annee"] == 2023, "client_id"])
    revenus = len(cohorte & actifs_2023)
    cohortes = retention_cohortes(cmd, "annee")
    return {
        "correct": revenus / len(cohorte),
        "tous_actifs": len(actifs_2022 & actifs_2023) / len(actifs_2022),
        "toute_la_base": revenus / len(charger("clients")),
        "actifs_2023": revenus / len(actifs_2023),
        "cohorte_2021": float(cohortes.loc[2021, 1]),
        "cohorte_2023": float(cohortes.loc[2023, 1]),
    }


@functools.cache
def churn() -> dict[str, float]:
    """Churn in 2025 (customers of 2024 lost in 2025), and values from other periods."""
    from crmkit.loyalty import churn_par_annee, retention_cohortes

    cmd = commandes()
    par_an = churn_par_annee(cmd)
    cohortes = retention_cohortes(cmd, "annee")
    autres_annees = tuple(
        float(x) for a, x in par_an["taux_churn"].items() if a not in (2024, 2025)
    )
    cellules = cohortes.drop(columns=0).stack().dropna()
    return {
        "correct": float(par_an.loc[2025, "taux_churn"]),
        "annee_precedente": float(par_an.loc[2024, "taux_churn"]),
        "autres_annees": autres_annees,
        "retention_2025": float(par_an.loc[2025, "taux_retention"]),
        "un_moins_cohorte_2024": 1 - float(cohortes.loc[2024, 1]),
        "un_moins_cohortes": tuple(1 - float(x) for x in cellules),
    }


@functools.cache
def segment(carte: int, annee: int = 2025) -> tuple[float, float]:
    """(average margin per active customer in *annee*, retention *annee* − 1 → *annee*)."""
    from crmkit.data import charger
    from crmkit.loyalty import churn_par_annee

    clients = charger("clients")
    ids = set(clients.loc[clients["carte_fidelite"] == carte, "client_id"])
    cmd = commandes()
    seg = cmd[cmd["client_id"].isin(ids)]
    marge = float(seg[seg["annee"] == annee].groupby("client_id")["marge"].sum().mean())
    retention = float(churn_par_annee(seg).loc[annee, "taux_retention"])
    return marge, retention


def clv_a_la_main(marge: float, retention: float, actualisation: float) -> float:
    """m (1 + d) / (1 + d − r) written out, for inputs economics.clv refuses (r = 65, d = 10).

    >>> round(clv_a_la_main(120, 0.65, 10), 2)
    127.54
    """
    return marge * (1 + actualisation) / (1 + actualisation - retention)


@functools.cache
def clv_carte() -> dict[str, float]:
    m, r = segment(1)
    m0, r0 = segment(0)
    m24, r24 = segment(1, 2024)
    base = churn()["retention_2025"]
    d = ACTUALISATION
    juste = clv(m, r, d)
    return {
        "correct": juste,
        "sans_actualisation": clv(m, r, 0.0),
        "fin_periode": clv(m, r, d, "marge_fin_periode"),
        "sans_carte": clv(m0, r0, d),
        "retention_base": clv(m, base, d),
        "avec_churn": clv(m, 1 - r, d),
        "annee_precedente": clv(m24, r24, d),
        "gain": clv(m, r + 0.05, d) - juste,
        "gain_sans_actualisation": clv(m, r + 0.05, 0.0) - clv(m, r, 0.0),
        "gain_relatif": clv(m, r + 0.05, d) / juste - 1,
        "clv_amelioree": clv(m, r + 0.05, d),
        "gain_avec_churn": clv(m, 1 - r + 0.05, d) - clv(m, 1 - r, d),
        "gain_cinq": clv_a_la_main(m, r + 5, d) - juste,
    }


@functools.cache
def couts() -> dict[str, float]:
    """Cost per customer won (prospect mailings) and per response of the customer mailings."""
    from crmkit.data import charger

    camp = charger("campagnes")
    rep = charger("contacts_campagne").groupby("campagne_id")["reponse"].sum()
    camp = camp.assign(cout=camp["nb_contacts"] * camp["cout_unitaire"])
    camp = camp.assign(reponses=camp["campagne_id"].map(rep).fillna(0))

    def par_reponse(masque) -> float:
        c = camp[masque]
        return float(c["cout"].sum() / c["reponses"].sum())

    def moyenne_par_campagne(masque) -> float:
        c = camp[masque]
        return float((c["cout"] / c["reponses"]).mean())

    def par_contact(masque) -> float:
        c = camp[masque]
        return float(c["cout"].sum() / c["nb_contacts"].sum())

    prospects = camp["cible"] == "prospects"
    courrier_clients = (camp["cible"] == "clients") & (camp["canal"] == "courrier")
    clients = camp["cible"] == "clients"
    acquisition = par_reponse(prospects)
    retention = par_reponse(courrier_clients)
    acquisition_moy = moyenne_par_campagne(prospects)
    retention_moy = moyenne_par_campagne(courrier_clients)
    return {
        "acquisition": acquisition,
        "acquisition_par_contact": par_contact(prospects),
        "acquisition_moyenne": acquisition_moy,
        "retention": retention,
        "ratio": acquisition / retention,
        "ratio_tous_canaux": acquisition / par_reponse(clients),
        "ratio_hors_face": acquisition / par_reponse(clients & (camp["canal"] != "face_a_face")),
        "ratio_par_contact": par_contact(prospects) / par_contact(courrier_clients),
        "ratios_moyens": (
            acquisition_moy / retention_moy,
            acquisition / retention_moy,
            acquisition_moy / retention,
        ),
    }


@functools.cache
def historique():
    from crmkit.data import charger
    from crmkit.loyalty import historique_achats

    return historique_achats(commandes(), charger("lignes_commande"), charger("produits"))


@functools.cache
def offres() -> dict[str, frozenset]:
    """Expected offers of q9 (client, rank, category) and q10, plus the usual wrong ones."""
    import pandas as pd

    from crmkit.loyalty import offres_personnalisees

    achats = historique()
    cibles = achats[achats["client_id"].isin(CLIENTS_CIBLES)]
    offres = offres_personnalisees(cibles, n=NB_OFFRES)
    triplets = frozenset(
        (int(c), int(r), int(k))
        for c, r, k in offres[["client_id", "rang", "categorie_id"]].itertuples(index=False)
    )
    paires = frozenset((c, k) for c, _, k in triplets)
    recents = cibles[cibles["date_commande"] >= pd.Timestamp(DEBUT_ACHATS_RECENTS)]
    recents = frozenset(zip(recents["client_id"], recents["categorie_id"], strict=True))
    derniere = cibles.sort_values(["date_commande", "commande_id"]).groupby("client_id")
    derniere = cibles[cibles["commande_id"].isin(derniere["commande_id"].last())]
    derniere = frozenset(zip(derniere["client_id"], derniere["categorie_id"], strict=True))
    return {
        "q9": triplets,
        "q9_paires": paires,
        "q10": frozenset(paires - {(int(c), int(k)) for c, k in recents}),
        "q10_derniere": frozenset(paires - {(int(c), int(k)) for c, k in derniere}),
    }


@functools.cache
def multicanal() -> dict[str, float]:
    par_client = (
        commandes()
        .groupby("client_id")
        .agg(canaux=("canal_vente", "nunique"), marge=("marge", "sum"), ca=("montant", "sum"))
    )
    mono = par_client[par_client["canaux"] == 1]
    multi = par_client[par_client["canaux"] >= 2]
    deux = par_client[par_client["canaux"] == 2]
    return {
        "correct": float(multi["marge"].mean() / mono["marge"].mean()),
        "chiffre_affaires": float(multi["ca"].mean() / mono["ca"].mean()),
        "deux_canaux": float(deux["marge"].mean() / mono["marge"].mean()),
        "inverse": float(mono["marge"].mean() / multi["marge"].mean()),
    }


@functools.cache
def uplift() -> dict[str, float]:
    """q15: cost per incremental buyer of the customer mailings 1 and 2 (test vs témoin).

    A buyer has at least one order in the 45 days after the mailing date; the
    two campaigns are pooled (sums of buyers and of group sizes).
    """
    import pandas as pd

    from crmkit.data import charger

    camp = charger("campagnes").set_index("campagne_id")
    contacts = charger("contacts_campagne")
    temoins = charger("temoins_campagne")
    cmd = commandes()
    groupes = {}
    for c in (1, 2):
        date = camp.loc[c, "date_campagne"]
        fenetre = cmd[
            (cmd["date_commande"] > date) & (cmd["date_commande"] <= date + pd.Timedelta(days=45))
        ]
        acheteurs = set(fenetre["client_id"])
        test = contacts.loc[contacts["campagne_id"] == c]
        tem = temoins.loc[temoins["campagne_id"] == c, "client_id"]
        groupes[c] = {
            "n_test": len(test),
            "a_test": int(test["client_id"].isin(acheteurs).sum()),
            "n_tem": len(tem),
            "a_tem": int(tem.isin(acheteurs).sum()),
            "reponses": int(test["reponse"].sum()),
            "cout": float(camp.loc[c, "nb_contacts"] * camp.loc[c, "cout_unitaire"]),
        }

    def cout_incremental(g: dict) -> float:
        return g["cout"] / ((g["a_test"] / g["n_test"] - g["a_tem"] / g["n_tem"]) * g["n_test"])

    total = {k: groupes[1][k] + groupes[2][k] for k in groupes[1]}
    correct = cout_incremental(total)
    return {
        "correct": correct,
        "par_reponse": total["cout"] / total["reponses"],
        "par_acheteur_test": total["cout"] / total["a_test"],
        "une_campagne": (cout_incremental(groupes[1]), cout_incremental(groupes[2])),
        "inverse": 1 / correct,
    }
