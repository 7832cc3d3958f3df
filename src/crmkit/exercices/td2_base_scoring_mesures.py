"""Settings of TD2 part 1 (scoring grid, classes, campaigns) and the values its checks recompute.

:mod:`crmkit.exercices.td2_base_scoring` declares the questions; this module
holds what they are checked against, recomputed from the Super Chef data with
:mod:`crmkit.scoring` (right answers and the usual wrong ones, cached per
session), and the grid settings the notebook imports.

>>> regles_grille([30, 20, 10, 0])["recence"][0]
(0, 90, 30)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import pandas as pd

# --------------------------------------------------------------------------- settings of the TD
INF = float("inf")
DATE_CAMPAGNE_2024 = "2024-03-12"
DATE_CAMPAGNE_2025 = "2025-03-11"
CATEGORIE_CASSEROLES = 1
CATEGORIE_POELES = 2
COUT_CONTACT = 1.0
"""Cost of one mailing contact (€), as in the ``campagnes`` table."""

TRANCHES_RECENCE = ((0, 90), (90, 180), (180, 365), (365, INF))
"""Recency bands (days since the last order), most recent first."""

POINTS_POSSIBLES = (0, 10, 20, 30)

REGLES_AUTRES = {
    "frequence": [(0, 2, 0), (2, 5, 10), (5, 10, 20), (10, INF, 30)],
    "montant": [(0, 150, 0), (150, 500, 10), (500, 1500, 20), (1500, INF, 30)],
    "part_categorie": [(0, 0.2, 0), (0.2, 0.5, 10), (0.5, INF, 20)],
}
"""The grid criteria given to students (frequency, amount, category affinity)."""

PRIX_LOCATION_MILLE = 120.0
"""Rental price of the prospect file, € HT per thousand addresses delivered."""

FAMILLES_CRITERES = ("geographique", "sociodemographique", "psychographique", "comportemental")
"""The four families of segmentation criteria (q2's allowed values)."""

BORNES_CLASSES = (0, 30, 50, 70, 111)
ETIQUETTES_CLASSES = ("D", "C", "B", "A")
VARIABLES_MODELE = ("recence", "frequence", "log_montant", "part_categorie")


# --------------------------------------------------------------------------- recomputed values
def regles_grille(points_recence: Iterable[float]) -> dict[str, list]:
    """The full grid rules with the given recency points (most recent band first).

    >>> regles_grille([3, 2, 1, 0])["recence"][0]
    (0, 90, 3)
    >>> sorted(regles_grille([3, 2, 1, 0]))
    ['frequence', 'montant', 'part_categorie', 'recence']
    """
    points = list(points_recence)
    recence = [(lo, hi, p) for (lo, hi), p in zip(TRANCHES_RECENCE, points, strict=True)]
    return {"recence": recence, **REGLES_AUTRES}


@functools.cache
def variables() -> dict[str, pd.DataFrame]:
    """Explanatory variables of the 2024 (training) and 2025 (hold-out) casseroles mailings."""
    from crmkit.data import charger
    from crmkit.scoring import variables_campagne

    cmd, lig, prod = charger("commandes"), charger("lignes_commande"), charger("produits")
    contacts = charger("contacts_campagne")
    out = {}
    for cid, date in ((1, DATE_CAMPAGNE_2024), (2, DATE_CAMPAGNE_2025)):
        out[date[:4]] = variables_campagne(
            cmd,
            contacts[contacts["campagne_id"] == cid],
            date,
            lignes=lig,
            produits=prod,
            categorie_id=CATEGORIE_CASSEROLES,
        )
    return out


@functools.cache
def scores(annee: str, inverse: bool = False) -> pd.Series:
    from crmkit.scoring import appliquer_grille

    points = sorted(POINTS_POSSIBLES, reverse=not inverse)  # the more recent, the more points
    return appliquer_grille(variables()[annee], regles_grille(points))["score"]


@functools.cache
def campagne_2024() -> dict[str, object]:
    """Class rates (right and wrong denominators), margins, break-even rates and profits."""
    from crmkit.data import charger
    from crmkit.scoring import classes_de_score

    v = variables()["2024"].copy()
    v["classe"] = classes_de_score(scores("2024"), BORNES_CLASSES, ETIQUETTES_CLASSES)
    g = v.groupby("classe", observed=True)["reponse"].agg(["size", "sum"])
    c = charger("contacts_campagne")
    rep = {cid: c[(c["campagne_id"] == cid) & (c["reponse"] == 1)] for cid in (1, 2)}
    n = len(rep[1])
    marge = float(rep[1]["marge_reponse"].sum()) / n
    ca = float(rep[1]["montant_reponse"].sum()) / n
    marge_2025 = float(rep[2]["marge_reponse"].sum()) / len(rep[2])
    retenues = g.loc[["A", "B", "C"]]
    taux = (g["sum"] / g["size"]).rename("taux_reponse")

    def profit(m: float, lignes: pd.DataFrame = retenues) -> float:
        return float(lignes["sum"].sum() * m - lignes["size"].sum() * COUT_CONTACT)

    return {
        "taux": taux,
        "non_reponse": 1 - taux,
        "pourcentages": 100 * taux,
        "sur_repondants": (g["sum"] / g["sum"].sum()).rename("taux_reponse"),
        "sur_contactes": (g["sum"] / len(v)).rename("taux_reponse"),
        "sur_base": (g["sum"] / len(charger("clients"))).rename("taux_reponse"),
        "contacts": len(v),
        "reponses": n,
        "marge": marge,
        "ca": ca,
        "ca_moins_couts": ca - len(v) * COUT_CONTACT / n,
        "marge_2025": marge_2025,
        "seuil": COUT_CONTACT / marge,
        "seuil_ca": COUT_CONTACT / ca,
        "seuil_2025": COUT_CONTACT / marge_2025,
        "profit_abc": profit(marge),
        "profit_abc_ca": profit(ca),
        "profit_abc_2025": profit(marge_2025),
        "profit_abc_sans_cout": float(retenues["sum"].sum() * marge),
        "profit_tous": profit(marge, g),
        "profit_tous_ca": profit(ca, g),
    }


@functools.cache
def holdout() -> dict[str, float]:
    """Optimal depths and profits on the 2025 hold-out: logistic model vs points grid."""
    from crmkit.scoring import ajuster_score_logistique, profondeur_optimale

    d = campagne_2024()
    v24, v25 = variables()["2024"], variables()["2025"].copy()
    modele = ajuster_score_logistique(v24, list(VARIABLES_MODELE))
    v25["proba"] = modele.predire(v25)
    v25["score"] = scores("2025")
    out = {}
    for nom, col in (("modele", "proba"), ("grille", "score")):
        for suffixe, m in (("", d["marge"]), ("_ca", d["ca"]), ("_2025", d["marge_2025"])):
            opt = profondeur_optimale(v25, COUT_CONTACT, m, score=col)
            out[f"part_{nom}{suffixe}"] = float(opt["part_contacts"])
            out[f"profit_{nom}{suffixe}"] = float(opt["profit"])
    for suffixe in ("", "_ca", "_2025"):
        out[f"gain{suffixe}"] = out[f"profit_modele{suffixe}"] - out[f"profit_grille{suffixe}"]
    return out


@functools.cache
def requetes() -> dict[str, object]:
    """q2 target sets (right and usual wrong ways) and q3 revenue by channel."""
    from crmkit.data import connexion

    cnx = connexion()
    achats = pd.read_sql(
        "SELECT DISTINCT c.client_id, c.date_commande FROM commandes AS c "
        "JOIN lignes_commande AS l ON l.commande_id = c.commande_id "
        "JOIN produits AS p ON p.produit_id = l.produit_id WHERE p.categorie_id = ?",
        cnx,
        params=(CATEGORIE_POELES,),
    )
    email = pd.read_sql(
        "SELECT client_id, statut, source FROM consentements WHERE canal = 'email'", cnx
    )
    date = achats["date_commande"]
    recents = set(achats.loc[date >= "2025-01-01", "client_id"])
    an_2024 = set(achats.loc[(date >= "2024-01-01") & (date < "2025-01-01"), "client_id"])
    opt_in = email[email["statut"] == "opt_in"]
    valides = set(opt_in.loc[opt_in["source"] != "case_precochee", "client_id"])
    commandes = pd.read_sql("SELECT canal_vente, date_commande, montant, marge FROM commandes", cnx)
    par_annee = {
        a: commandes[commandes["date_commande"].str.startswith(a)] for a in ("2024", "2025")
    }
    return {
        "cibles": recents & valides,
        "avec_precoche": recents & set(opt_in["client_id"]),
        "sans_date": set(achats["client_id"]) & valides,
        "annee_2024": an_2024 & valides,
        "sans_consentement": recents,
        "ca": par_annee["2025"].groupby("canal_vente")["montant"].sum(),
        "ca_2024": par_annee["2024"].groupby("canal_vente")["montant"].sum(),
        "ca_toutes_annees": commandes.groupby("canal_vente")["montant"].sum(),
        "marge": par_annee["2025"].groupby("canal_vente")["marge"].sum(),
        "nb_commandes": par_annee["2025"].groupby("canal_vente")["montant"].size().astype(float),
    }


def cout_par_adresse(
    livrees: float, exploitables: float, cout_envoi: float = COUT_CONTACT
) -> float:
    """Rental of every delivered address plus one letter per exploitable one, per exploitable one.

    >>> round(cout_par_adresse(1000, 800), 4)
    1.15
    """
    return (livrees * PRIX_LOCATION_MILLE / 1000 + exploitables * cout_envoi) / exploitables


@functools.cache
def hygiene() -> dict[str, float]:
    """q5 / q6: exploitable addresses of the rented file and their real cost (right and wrong)."""
    from crmkit.data import charger
    from crmkit.fichiers import COLONNES_CLIENT, COLONNES_PERSONNE, dedoublonner, retirer_clients

    fichier, clients = charger("fichier_loue"), charger("clients")

    def sans_marques(t: pd.DataFrame, npai: bool = True, opposition: bool = True) -> pd.DataFrame:
        garder = pd.Series(True, index=t.index)
        if npai:
            garder &= t["retour_npai"] == 0
        if opposition:
            garder &= t["liste_opposition"] == 0
        return t[garder]

    propre = dedoublonner(fichier)
    non_clients = retirer_clients(propre, clients)
    brut_cles = list(COLONNES_CLIENT)
    exact = propre.merge(
        clients[brut_cles].drop_duplicates(), on=brut_cles, how="left", indicator=True
    )
    out = {
        "livrees": len(fichier),
        "exploitables": len(sans_marques(non_clients)),
        "sans_retrait_clients": len(sans_marques(propre)),
        "clients_sans_normaliser": int(
            (exact["_merge"] == "left_only").pipe(lambda m: len(sans_marques(exact[m.to_numpy()])))
        ),
        "sans_dedoublonner": len(sans_marques(retirer_clients(fichier, clients))),
        "doublons_bruts": len(
            sans_marques(retirer_clients(fichier.drop_duplicates(list(COLONNES_PERSONNE)), clients))
        ),
        "sans_npai": len(sans_marques(non_clients, npai=False)),
        "sans_opposition": len(sans_marques(non_clients, opposition=False)),
        "sans_marques": len(non_clients),
    }
    n, e = out["livrees"], out["exploitables"]
    out |= {
        "cout": cout_par_adresse(n, e),
        "cout_naif": PRIX_LOCATION_MILLE / 1000 + COUT_CONTACT,
        "cout_sur_livrees": cout_par_adresse(n, e) * e / n,
        "cout_envoi_a_tous": (n * PRIX_LOCATION_MILLE / 1000 + n * COUT_CONTACT) / e,
        "cout_location_seule": n * PRIX_LOCATION_MILLE / 1000 / e,
        "cout_prix_unitaire": cout_par_adresse(n * 1000, e),
    }
    return out
