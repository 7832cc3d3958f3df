"""Values the checks of TD1 (``td1_enjeux_crm``) recompute from the Super Chef data.

Right answers and the usual wrong ones (the wrong year, the prospect campaigns
mixed in, a mean of ratios…), cached per session;
:mod:`crmkit.exercices.td1_enjeux_crm` declares the questions against them.

>>> m = mesures()
>>> sorted(m["q11"].index) == ["courrier", "email", "face_a_face", "sms", "telephone"]
True
>>> m["q12_contact"]
3.0
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd


@lru_cache(maxsize=1)
def mesures() -> dict:
    """Expected values and usual wrong ones, recomputed from the data (cached per session)."""
    from crmkit import economics
    from crmkit.data import charger

    commandes = charger("commandes")
    evenements = charger("evenements_service")
    campagnes = charger("campagnes")
    contacts = charger("contacts_campagne")

    annee = commandes["date_commande"].dt.year
    profits = economics.profit_par_client(commandes, evenements)
    bilan = economics.bilan_campagnes(campagnes, contacts).join(
        campagnes.set_index("campagne_id")[["canal", "cible"]]
    )
    clients = bilan[bilan["cible"] == "clients"]

    def par_canal(b: pd.DataFrame) -> pd.Series:
        s = b.groupby("canal")[["cout_total", "nb_reponses"]].sum()
        return (s["cout_total"] / s["nb_reponses"]).rename("cout_par_reponse")

    # "Count the rows of contacts_campagne as contacts" (prospect campaigns only list the won).
    lignes = contacts.merge(campagnes[["campagne_id", "canal", "cout_unitaire"]], on="campagne_id")
    par_lignes = lignes.groupby("canal").agg(cout=("cout_unitaire", "sum"), rep=("reponse", "sum"))
    cpr = par_canal(clients)
    tous = par_canal(bilan)
    moyenne = clients.groupby("canal")["cout_par_reponse"].mean()
    par_contact = campagnes.groupby("canal")["cout_unitaire"].mean()
    return {
        "q8": int((annee == 2025).sum()) / 365,
        "q8_2024": int((annee == 2024).sum()) / 365,
        "q8_tout": len(commandes) / 365,
        "q8_total": int((annee == 2025).sum()),
        "q9": economics.part_du_top(commandes, 0.2, valeur="montant"),
        "q9_marge": economics.part_du_top(commandes, 0.2, valeur="marge"),
        "q9_2025": economics.part_du_top(commandes[annee == 2025], 0.2, valeur="montant"),
        "q10": float((profits["profit"] < 0).mean()),
        "q10_marge": float((profits["marge"] < 0).mean()),
        "q11": cpr,
        "q11_tous": tous,
        "q11_lignes": (par_lignes["cout"] / par_lignes["rep"]).rename("cout_par_reponse"),
        "q11_contact": par_contact,
        "q11_moyenne": moyenne.rename("cout_par_reponse"),
        "q12": float(cpr["telephone"] / cpr["courrier"]),
        "q12_tous": float(tous["telephone"] / tous["courrier"]),
        "q12_moyenne": float(moyenne["telephone"] / moyenne["courrier"]),
        "q12_contact": float(par_contact["telephone"] / par_contact["courrier"]),
    }
