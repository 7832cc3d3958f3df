"""Figures of TD2 part 2 (``td2_emailing_aida``) recomputed from the Super Chef data.

The expected value of each numeric question and the values of the usual
mistakes, which the declarations in :mod:`crmkit.exercices.td2_emailing_aida`
turn into checks and targeted messages (this module holds no message).

>>> comptes()["delivres"] <= comptes()["envoyes"]
True
"""

from __future__ import annotations

import functools
import math


@functools.cache
def comptes() -> dict[str, float]:
    """Unique people at each step of campaign 3 (both variants)."""
    from crmkit.data import charger

    ev = charger("evenements_email")
    n = ev.groupby("evenement")["client_id"].nunique()
    return {
        "envoyes": float(n.get("envoye", 0)),
        "delivres": float(n.get("delivre", 0)),
        "ouvreurs": float(n.get("ouvert", 0)),
        "cliqueurs": float(n.get("clique", 0)),
        "desabonnes": float(n.get("desabonne", 0)),
    }


def z_non_poole(sa: int, na: int, sb: int, nb: int) -> float:
    """|z| with the unpooled standard error (a common slip, not the test of the course).

    >>> round(z_non_poole(250, 10_000, 150, 10_000), 3)  # the pooled test gives 5.051
    5.054
    """
    pa, pb = sa / na, sb / nb
    return abs(pa - pb) / math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)


@functools.cache
def resultats_ab() -> dict[str, float]:
    """z and p-values of the A/B test, with the right and the usual wrong computations."""
    from crmkit import emailing
    from crmkit.data import charger

    ev = charger("evenements_email")
    acheteurs = charger("contacts_campagne").query("campagne_id == 3 and reponse == 1")
    k = emailing.kpi_emailing(ev, par="variante_objet", acheteurs=acheteurs)
    a, b = k.loc["A"], k.loc["B"]

    def effectifs(num: str, den: str) -> tuple[int, int, int, int]:
        return int(a[num]), int(a[den]), int(b[num]), int(b[den])

    def ab(num: str, den: str) -> emailing.ResultatTestAB:
        return emailing.test_ab(*effectifs(num, den))

    return {
        "z_ouverture": abs(ab("ouvreurs", "delivres").z),
        "z_ouverture_envoyes": abs(ab("ouvreurs", "envoyes").z),
        "z_non_poole": z_non_poole(*effectifs("ouvreurs", "delivres")),
        "z_non_poole_envoyes": z_non_poole(*effectifs("ouvreurs", "envoyes")),
        "p_ouverture": ab("ouvreurs", "delivres").p_value,
        "p_achats": ab("acheteurs", "delivres").p_value,
        "p_achats_envoyes": ab("acheteurs", "envoyes").p_value,
    }


@functools.cache
def _achats():
    """(client, category bought) pairs, as the TD's cell builds them."""
    import pandas as pd

    from crmkit.data import connexion

    return pd.read_sql(
        "SELECT DISTINCT c.client_id, p.categorie_id FROM commandes AS c "
        "JOIN lignes_commande AS l ON l.commande_id = c.commande_id "
        "JOIN produits AS p ON p.produit_id = l.produit_id",
        connexion(),
    )


@functools.cache
def filtres() -> dict[str, int]:
    """Customers allowed to receive the pans e-mail, the right way and the usual wrong ways."""
    import pandas as pd

    from crmkit import emailing
    from crmkit.data import charger

    cons = charger("consentements")
    clients = charger("clients")
    achats = _achats()

    def filtre(**options: object) -> pd.DataFrame:
        options = {"achats": achats, **options}
        return emailing.filtre_consentement(
            cons, clients, canal="email", categorie_offre=2, **options
        )

    juste = filtre()
    nb = int(juste["autorise"].sum())
    email = cons[cons["canal"] == "email"]
    return {
        "correct": nb,
        # existing-customer consent treated as valid for any product
        "tous_produits": int(filtre(achats=achats.assign(categorie_id=2))["autorise"].sum()),
        # pre-ticked boxes counted as consent
        "avec_precoche": nb + int((juste["code_motif"] == "case_precochee").sum()),
        # every opt_in row kept
        "tous_opt_in": int((email["statut"] == "opt_in").sum()),
        # professionals handled like private customers
        "sans_b2b_optout": int(filtre(objet_professionnel=False)["autorise"].sum()),
    }


_INDICATEURS = {
    "taux_ouverture": ("ouvreurs", "delivres"),
    "taux_clic": ("cliqueurs", "delivres"),
    "ctor": ("cliqueurs", "ouvreurs"),
    "taux_desinscription": ("desabonnes", "delivres"),
}


def indicateurs(denominateurs: dict[str, str] | None = None) -> dict[str, float]:
    """The four rates of q4 (both variants pooled); ``denominateurs`` swaps some denominators.

    >>> juste, faux = indicateurs(), indicateurs({"taux_ouverture": "envoyes"})
    >>> faux["taux_ouverture"] < juste["taux_ouverture"] and faux["ctor"] == juste["ctor"]
    True
    """
    c = comptes()
    autres = denominateurs or {}
    return {k: c[num] / c[autres.get(k, den)] for k, (num, den) in _INDICATEURS.items()}


@functools.cache
def puissances_500() -> dict[str, float]:
    """Power of the subject-line test (opens) with 500 recipients per variant, right and wrong."""
    from crmkit import emailing
    from crmkit.data import charger

    k = emailing.kpi_emailing(charger("evenements_email"), par="variante_objet")
    pa, pb = float(k.loc["A", "taux_ouverture"]), float(k.loc["B", "taux_ouverture"])
    clic_a, clic_b = float(k.loc["A", "taux_clic"]), float(k.loc["B", "taux_clic"])
    return {
        "correct": emailing.puissance_ab(pa, pb, 500),
        # 500 recipients in all, split in two
        "total_500": emailing.puissance_ab(pa, pb, 250),
        # 1 000 per variant (the whole list in each)
        "par_variante_1000": emailing.puissance_ab(pa, pb, 1000),
        # one-sided test at 5 %, i.e. the two-sided formula with alpha = 10 %
        "unilateral": emailing.puissance_ab(pa, pb, 500, alpha=0.10),
        # the click rates instead of the open rates
        "clics": emailing.puissance_ab(clic_a, clic_b, 500),
    }


@functools.cache
def cible_couteaux() -> dict[str, int]:
    """The e-mail brief of q12: cookware buyers who never bought knives, and how many may be mailed.

    Cookware = casseroles (1) or poêles (2); knives = couteaux (3); the offer is on knives.
    """

    from crmkit import emailing
    from crmkit.data import charger

    achats = _achats()
    cuisine = set(achats.loc[achats["categorie_id"].isin([1, 2]), "client_id"])
    couteaux = set(achats.loc[achats["categorie_id"] == 3, "client_id"])
    filtre = emailing.filtre_consentement(
        charger("consentements"), charger("clients"), "email", categorie_offre=3, achats=achats
    )
    autorises = set(filtre.loc[filtre["autorise"], "client_id"])
    cible = cuisine - couteaux
    return {"cible": len(cible), "joignables": len(cible & autorises)}
