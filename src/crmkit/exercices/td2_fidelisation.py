"""Self-checks for TD2 part 3, loyalty case study (``td2_fidelisation``).

Students call ``verifier("q1", retention_2022)`` after each answer and
``indice("q1")`` for a hint. Numeric answers are recomputed from the Super
Chef data (with :mod:`crmkit.loyalty` and :mod:`crmkit.economics`);
categorical answers are compared through salted SHA-256 fingerprints (the
answer key is not readable here).

Known misconceptions get their own message:

- retention computed over all customers active the year before, or over the
  whole customer base, instead of the cohort (q1);
- churn taken as ``1 −`` a retention of another population or another
  period, or churn of the wrong year (q3);
- CLV without discounting, or with another timing of the first margin (q4–q6);
- acquisition and retention costs compared across different channels, per
  contact instead of per customer, or the ratio upside down (q7, q8);
- personalised offers for the wrong customers or the wrong number of offers
  (q9); offers filtered on any past purchase, or on the last order whatever
  its date, instead of recent purchases (q10);
- multichannel value measured on revenue, or on two-channel customers only (q11);
- sensitive or disproportionate data kept for a loyalty programme, or the
  consent record forgotten (q12).

>>> evaluer("q4", ...).statut
'non_repondu'
>>> verifier("q4", 120 * 1.1 / (1.1 - 0.65))
✅ q4 : bonne réponse.
>>> "actualis" in evaluer("q4", 120 / (1 - 0.65)).message
True
"""

from __future__ import annotations

import functools

from crmkit.feedback import (
    TYPE_INCORRECT,
    Choix,
    Evaluation,
    Nombre,
    Personnalisee,
    Piege,
    Questionnaire,
    empreinte,
    lire_numeros,
    proche,
)

TD_ID = "td2_fidelisation"
_SEL = "td2_fidelisation/2025"

CLIENTS_CIBLES = (881, 2363, 3009, 3854, 5029, 8933)
"""The customers of the personalised-offer questions (q9, q10)."""

NB_OFFRES = 6
"""Offers per customer in q9 (Monoprix sends 6 to 8)."""

DEBUT_ACHATS_RECENTS = "2025-11-01"
"""q10: a category bought on or after this date is a recent purchase (no offer on it)."""

CLV_EXEMPLE = {"marge": 120.0, "retention": 0.65, "actualisation": 0.10}
"""Parameters of q4 (shown in the question)."""

ACTUALISATION = 0.10
"""Yearly discount rate used for the segment CLV (q5, q6)."""

# --------------------------------------------------------------------------- fingerprints
# Computed at build time from the answer key, which is not shipped.
_MEILLEUR_CANAL = "ebb58fc67adc1cd110c763504d323099775922ae64dfc85dc61736e146009f0d"
# Fingerprints of wrong choices → targeted hint.
_MEPRISES_Q2 = {
    "ebd0249c7d54db05ed43fa374b8ca5d5eae8726ca3ca8a98590d4b0d83ee644b": "c'est le canal qui retient le MOINS bien : cherchez la valeur la plus haute de la colonne 3.",
    "76d6bf81484cb8fe4ce10424371c5a92234dc74fc73e76d097031303a9eeb18c": "les clients venus d'un salon partent vite : cherchez la valeur la plus haute de la colonne 3.",
    "351f7c8d5c76eaa201d0bf3dc9df4ac3370697ace6961df15acf8046284c61b9": "ce canal retient bien, mais un autre fait mieux trois ans après le premier achat (colonne 3).",
}
_CHAMPS = {
    "1": "51989e85082bba53963e4f7369443e8c4d689182ac68cc7efde02176bd88cbdb",
    "2": "c262dda589c4def18262ea0db9e15222721bb704bd8b5b38002ee07b62a4c520",
    "3": "f63538355f4f492467df38e41224ddc77e5a81c3e5bc3f9183f7da772ceb8187",
    "4": "8e53327a4515888b6401a48c089fe4cf0373960396662759e1e178376efb0e7b",
    "5": "bd02543ab2965dec2789d4824279081fb41ad5af13091227facbdc0e5e72c750",
    "6": "fcffe191642731263764123361c39c36158f7fe2e086d4350a72500d9d6722a3",
    "7": "f237f6c97917aa4dfd3cbff3c5e37775fd258fe396d712041fc7b932612159e6",
    "8": "c7ec4c6f1c830af161795ec01b28196c7fbe6905149a581c2d2928fa8ddaf1b6",
    "9": "af10833412188bee8db4689cb94996b88ee0f4bdd96f40686abfbe5a20449005",
    "10": "faa9409c647eee3b96daf55dd248ab5ebdec23bcc36009b3f2d38b40b31884c9",
}


# --------------------------------------------------------------------------- data (recomputed)
@functools.cache
def _commandes():
    from crmkit.data import charger

    cmd = charger("commandes")
    return cmd.assign(annee=cmd["date_commande"].dt.year)


@functools.cache
def _retention_cohorte() -> dict[str, float]:
    """Share of the 2022 cohort who bought again in 2023, and the usual wrong denominators."""
    from crmkit.data import charger

    cmd = _commandes()
    premiere = cmd.groupby("client_id")["annee"].min()
    cohorte = set(premiere[premiere == 2022].index)
    actifs_2022 = set(cmd.loc[cmd["annee"] == 2022, "client_id"])
    actifs_2023 = set(cmd.loc[cmd["annee"] == 2023, "client_id"])
    revenus = len(cohorte & actifs_2023)
    return {
        "correct": revenus / len(cohorte),
        "tous_actifs": len(actifs_2022 & actifs_2023) / len(actifs_2022),
        "toute_la_base": revenus / len(charger("clients")),
        "actifs_2023": revenus / len(actifs_2023),
    }


@functools.cache
def _churn() -> dict[str, float]:
    """Churn in 2025 (customers of 2024 lost in 2025), and values from other periods."""
    from crmkit.loyalty import churn_par_annee, retention_cohortes

    cmd = _commandes()
    par_an = churn_par_annee(cmd)
    cohortes = retention_cohortes(cmd, "annee")
    autres_annees = tuple(float(x) for a, x in par_an["taux_churn"].items() if a != 2025)
    cellules = cohortes.drop(columns=0).stack().dropna()
    return {
        "correct": float(par_an.loc[2025, "taux_churn"]),
        "autres_annees": autres_annees,
        "retention_2025": float(par_an.loc[2025, "taux_retention"]),
        "un_moins_cohorte_2024": 1 - float(cohortes.loc["2024", 1]),
        "un_moins_cohortes": tuple(1 - float(x) for x in cellules),
    }


@functools.cache
def _segment(carte: int) -> tuple[float, float]:
    """(average 2025 margin per active customer, retention 2024 → 2025) of a card segment."""
    from crmkit.data import charger
    from crmkit.loyalty import churn_par_annee

    clients = charger("clients")
    ids = set(clients.loc[clients["carte_fidelite"] == carte, "client_id"])
    cmd = _commandes()
    seg = cmd[cmd["client_id"].isin(ids)]
    marge = float(seg[seg["annee"] == 2025].groupby("client_id")["marge"].sum().mean())
    retention = float(churn_par_annee(seg).loc[2025, "taux_retention"])
    return marge, retention


def _clv(marge: float, retention: float, actualisation: float, variante: str = "marge_immediate"):
    from crmkit.economics import clv

    return clv(marge, retention, actualisation, variante)


@functools.cache
def _clv_carte() -> dict[str, float]:
    m, r = _segment(1)
    m0, r0 = _segment(0)
    base = _churn()["retention_2025"]
    juste = _clv(m, r, ACTUALISATION)
    return {
        "correct": juste,
        "sans_actualisation": _clv(m, r, 0.0),
        "fin_periode": _clv(m, r, ACTUALISATION, "marge_fin_periode"),
        "sans_carte": _clv(m0, r0, ACTUALISATION),
        "retention_base": _clv(m, base, ACTUALISATION),
        "gain": _clv(m, r + 0.05, ACTUALISATION) - juste,
        "gain_sans_actualisation": _clv(m, r + 0.05, 0.0) - _clv(m, r, 0.0),
        "gain_relatif": _clv(m, r + 0.05, ACTUALISATION) / juste - 1,
        "clv_amelioree": _clv(m, r + 0.05, ACTUALISATION),
    }


@functools.cache
def _couts() -> dict[str, float]:
    """Cost per customer won (prospect mailings) and per customer who bought again."""
    from crmkit.data import charger

    camp = charger("campagnes")
    rep = charger("contacts_campagne").groupby("campagne_id")["reponse"].sum()
    camp = camp.assign(cout=camp["nb_contacts"] * camp["cout_unitaire"])
    camp = camp.assign(reponses=camp["campagne_id"].map(rep).fillna(0))

    def par_reponse(masque) -> float:
        c = camp[masque]
        return float(c["cout"].sum() / c["reponses"].sum())

    def par_contact(masque) -> float:
        c = camp[masque]
        return float(c["cout"].sum() / c["nb_contacts"].sum())

    prospects = camp["cible"] == "prospects"
    fideles = (camp["cible"] == "clients") & (camp["canal"] == "courrier")
    clients = camp["cible"] == "clients"
    acquisition = par_reponse(prospects)
    return {
        "acquisition": acquisition,
        "acquisition_par_contact": par_contact(prospects),
        "retention": par_reponse(fideles),
        "ratio": acquisition / par_reponse(fideles),
        "ratio_tous_canaux": acquisition / par_reponse(clients),
        "ratio_hors_face": acquisition / par_reponse(clients & (camp["canal"] != "face_a_face")),
        "ratio_par_contact": par_contact(prospects) / par_contact(fideles),
    }


@functools.cache
def _achats():
    from crmkit.data import charger
    from crmkit.loyalty import historique_achats

    return historique_achats(_commandes(), charger("lignes_commande"), charger("produits"))


@functools.cache
def _offres() -> dict[str, frozenset]:
    """Expected offers of q9 (client, rank, category) and q10, plus the usual wrong ones."""
    import pandas as pd

    from crmkit.loyalty import offres_personnalisees

    achats = _achats()
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
def _multicanal() -> dict[str, float]:
    par_client = (
        _commandes()
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


# --------------------------------------------------------------------------- table checks
def _tableau(reponse: object, variable: str, colonnes: tuple[str, ...]) -> Evaluation | None:
    import pandas as pd

    if not isinstance(reponse, pd.DataFrame):
        return Evaluation(
            TYPE_INCORRECT,
            f"« {variable} » doit être un tableau (DataFrame), comme celui que renvoie "
            f"loyalty.offres_personnalisees ; reçu : {type(reponse).__name__}.",
        )
    absentes = [c for c in colonnes if c not in reponse.columns]
    if absentes:
        return Evaluation(
            TYPE_INCORRECT,
            f"colonne(s) absente(s) de « {variable} » : {', '.join(absentes)} ; colonnes "
            f"présentes : {', '.join(map(str, reponse.columns))}.",
        )
    return None


def _paires(reponse) -> set[tuple[int, int]]:
    return {
        (int(c), int(k))
        for c, k in reponse[["client_id", "categorie_id"]].itertuples(index=False, name=None)
    }


def _clients_en_trop(reponse) -> str:
    autres = set(reponse["client_id"].astype(int)) - set(CLIENTS_CIBLES)
    if autres:
        return (
            f"le tableau contient {len(autres)} client(s) hors de « clients_cibles » : gardez "
            "seulement les achats de ces clients (isin) avant de chercher leurs catégories."
        )
    manquants = set(CLIENTS_CIBLES) - set(reponse["client_id"].astype(int))
    if manquants:
        return f"il manque {len(manquants)} client(s) de « clients_cibles » dans le tableau."
    return ""


def _q9(reponse: object) -> object:
    probleme = _tableau(reponse, "offres", ("client_id", "rang", "categorie_id"))
    if probleme:
        return probleme
    message = _clients_en_trop(reponse)
    if message:
        return message
    par_client = reponse.groupby("client_id").size()
    if int(par_client.max()) > NB_OFFRES:
        return (
            f"certains clients ont plus de {NB_OFFRES} offres : le mailing en propose "
            f"{NB_OFFRES} par client (paramètre n)."
        )
    attendu = _offres()
    if _paires(reponse) != attendu["q9_paires"]:
        if len(reponse) < len(attendu["q9_paires"]):
            return (
                f"moins de {NB_OFFRES} offres pour certains clients, alors qu'ils ont acheté "
                "dans assez de catégories : vérifiez le paramètre n."
            )
        return (
            "ce ne sont pas les catégories les plus achetées de chaque client : classez par "
            "nombre de commandes (la fréquence d'achat), comme loyalty.offres_personnalisees."
        )
    triplets = {
        (int(c), int(r), int(k))
        for c, r, k in reponse[["client_id", "rang", "categorie_id"]].itertuples(
            index=False, name=None
        )
    }
    if triplets != attendu["q9"]:
        return "les bonnes catégories, mais pas dans le bon ordre : vérifiez la colonne « rang »."
    return True


def _q10(reponse: object) -> object:
    probleme = _tableau(reponse, "offres_utiles", ("client_id", "categorie_id"))
    if probleme:
        return probleme
    attendu = _offres()
    donne = _paires(reponse)
    if donne == attendu["q10"]:
        return True
    if donne - attendu["q9_paires"]:
        return (
            "le tableau contient des offres qui ne sont pas dans celui de la question 9 : "
            "partez de « offres » et retirez des lignes, sans en ajouter."
        )
    if donne == attendu["q9_paires"]:
        return (
            "aucune offre n'a été retirée : cherchez, pour chaque client, les catégories "
            f"achetées depuis le {DEBUT_ACHATS_RECENTS}."
        )
    if not donne:
        return (
            "vous avez retiré toutes les offres : on ne retire que les catégories achetées "
            "RÉCEMMENT. Les autres achats passés sont justement la base des offres personnalisées."
        )
    if donne == attendu["q10_derniere"]:
        return (
            "vous avez retiré les catégories de la DERNIÈRE commande de chaque client, même "
            f"ancienne : on ne retire que les achats récents (depuis le {DEBUT_ACHATS_RECENTS})."
        )
    manque = len(attendu["q10"] - donne)
    trop = len(donne - attendu["q10"])
    morceaux = []
    if manque:
        morceaux.append(f"{manque} offre(s) retirée(s) à tort")
    if trop:
        morceaux.append(f"{trop} offre(s) sur un achat récent encore présente(s)")
    return " ; ".join(morceaux) + "."


# Targeted hints, keyed by the fingerprint of ["raison", item number].
_RAISONS_Q12 = {
    "832a856dd99d16025874136c8402f4faec78c62219c6bb8b5655213951bf2d4f": "le choix du client pour chaque canal (e-mail, SMS, courrier) est nécessaire : sans "
    "lui, pas d'offre envoyée légalement, et il faut pouvoir prouver le consentement.",
    "90a72be563091a66325ee86430d33ef02061d424c01b1646cf8f4c49212f04a6": "sans l'historique des achats faits avec la carte, pas de points ni d'offres "
    "personnalisées : c'est le cœur du programme.",
    "414bb85b71a83968488913d80a819691b0f16dfec47b6f3e080d6626bd7a8070": "les convictions religieuses ou les opinions politiques sont des données sensibles "
    "(article 9 du RGPD) : interdites sauf exception, et sans rapport avec une carte de fidélité.",
    "d62220d9c592bc43d49d3bc87e1f37e3be22438dad78b42699f4db45ecc42f38": "suivre la position GPS en continu est disproportionné pour une carte de fidélité "
    "(principe de minimisation, article 5 du RGPD).",
    "56c3f2bdcaf0fb0e9f4b0156029d72689526817b64f5a636bebaa790b274fe14": "le numéro de sécurité sociale n'a rien à faire dans un fichier commercial.",
    "cd8c9104da3d14d8d1b634673159623d8665b39d515db80bb9b43d199db4221b": "les revenus du foyer ne sont pas nécessaires pour gérer des points et des offres : "
    "c'est une collecte excessive.",
    "1c323097848efc64774907073dfa06ad708d4cde8f764a3310c99cb79b47b246": "le carnet d'adresses du téléphone contient des données de tiers qui n'ont rien accepté.",
}


def _q12(reponse: object) -> object:
    choisis = lire_numeros(reponse, "champs_necessaires", 10, "numéro de donnée")
    if isinstance(choisis, Evaluation):
        return choisis
    numeros = {str(n) for n in choisis}
    utiles = {
        i for i in _CHAMPS if empreinte("q12", [i, True], _SEL) == _CHAMPS[i]
    }  # the fields a loyalty programme needs
    if numeros == utiles:
        return True
    for i in sorted(numeros ^ utiles, key=int):  # wrong choices and missing items, in order
        message = _RAISONS_Q12.get(empreinte("q12", ["raison", i], _SEL))
        if message:
            return message
    manques, en_trop = len(utiles - numeros), len(numeros - utiles)
    morceaux = []
    if manques:
        morceaux.append(f"il manque {manques} donnée(s) vraiment nécessaire(s)")
    if en_trop:
        morceaux.append(f"{en_trop} donnée(s) choisie(s) ne sont pas nécessaires")
    return " ; ".join(morceaux) + "."


# --------------------------------------------------------------------------- questionnaire
_SANS_ACTUALISATION = (
    "vous avez oublié l'actualisation : un euro gagné dans cinq ans vaut moins qu'un euro "
    "aujourd'hui. Divisez par (1 + d − r), pas par (1 − r)."
)


def _piege(cle: str, source, message: str) -> Piege:
    return Piege(lambda r: proche(r, source()[cle]), message)


QUESTIONS = Questionnaire(TD_ID, sel=_SEL)
for _question in (
    Nombre(
        "q1",
        variable="retention_2022",
        attendu=lambda: _retention_cohorte()["correct"],
        indice="Cohorte 2022 = clients dont la PREMIÈRE commande date de 2022. Rétention = "
        "parmi eux, la part de ceux qui ont commandé en 2023. Lisez la ligne 2022, colonne 1, "
        "du tableau de loyalty.retention_cohortes.",
        pieges=(
            _piege(
                "tous_actifs",
                _retention_cohorte,
                "vous avez pris TOUS les clients actifs en 2022, anciens compris : la question "
                "porte sur la cohorte 2022, les clients dont le premier achat date de 2022.",
            ),
            _piege(
                "toute_la_base",
                _retention_cohorte,
                "vous avez divisé par TOUS les clients de la base : le dénominateur est la "
                "cohorte, c'est-à-dire les clients dont le premier achat date de 2022.",
            ),
            _piege(
                "actifs_2023",
                _retention_cohorte,
                "vous avez divisé par les clients actifs en 2023 : le dénominateur est la "
                "cohorte de départ (premier achat en 2022).",
            ),
        ),
    ),
    Choix(
        "q2",
        variable="meilleur_canal",
        empreintes=(_MEILLEUR_CANAL,),
        options=("magasin", "web", "salon", "parrainage", "catalogue"),
        pieges=tuple(
            Piege(lambda r, h=h: empreinte("q2", r, _SEL) == h, message)
            for h, message in _MEPRISES_Q2.items()
        ),
        indice="Dans le tableau par canal d'acquisition, lisez la colonne 3 (trois ans après "
        "le premier achat) et prenez la ligne la plus haute.",
    ),
    Nombre(
        "q3",
        variable="churn_2025",
        attendu=lambda: _churn()["correct"],
        indice="Churn 2025 = parmi les clients qui ont acheté en 2024, la part de ceux qui "
        "n'ont rien acheté en 2025 (loyalty.churn_par_annee, ligne 2025).",
        pieges=(
            _piege(
                "retention_2025",
                _churn,
                "c'est la RÉTENTION (ceux qui sont revenus) : le churn compte ceux qui sont partis.",
            ),
            _piege(
                "un_moins_cohorte_2024",
                _churn,
                "churn = 1 − rétention, mais SUR LA MÊME POPULATION : la cohorte 2024 ne "
                "contient que les NOUVEAUX clients de 2024 ; prenez tous les clients actifs en 2024.",
            ),
            Piege(
                lambda r: any(proche(r, x) for x in _churn()["autres_annees"]),
                "c'est le churn d'une AUTRE ANNÉE (clients d'une année perdus l'année suivante) : "
                "churn = 1 − rétention, mais SUR LA MÊME POPULATION ET LA MÊME PÉRIODE, ici les "
                "clients actifs en 2024 et perdus en 2025.",
            ),
            Piege(
                lambda r: any(proche(r, x) for x in _churn()["un_moins_cohortes"]),
                "churn = 1 − rétention, mais SUR LA MÊME POPULATION ET LA MÊME PÉRIODE : 1 moins "
                "la rétention d'une cohorte mesure autre chose (les seuls nouveaux clients d'une "
                "année, suivis sur une autre période).",
            ),
        ),
    ),
    Nombre(
        "q4",
        variable="clv_exemple",
        attendu=lambda: _clv(**CLV_EXEMPLE),
        indice="CLV = m (1 + d) / (1 + d − r) : economics.clv(marge, retention, actualisation).",
        pieges=(
            Piege(lambda r: proche(r, _clv(120, 0.65, 0.0)), _SANS_ACTUALISATION),
            Piege(
                lambda r: proche(r, _clv(120, 0.65, 0.10, "marge_fin_periode")),
                "c'est la variante où la première marge arrive à la FIN de la première année : "
                "ici, le client achète dès aujourd'hui (variante par défaut de economics.clv).",
            ),
            Piege(
                lambda r: proche(r, _clv(120, 0.65, 0.10, "marge_si_retenu")),
                "vous avez oublié la marge de cette année : le client achète dès aujourd'hui.",
            ),
        ),
    ),
    Nombre(
        "q5",
        variable="clv_carte",
        attendu=lambda: _clv_carte()["correct"],
        indice="Deux calculs sur les porteurs de carte seulement : la marge moyenne d'un client "
        "actif en 2025, et la rétention 2024 → 2025 (loyalty.churn_par_annee sur leurs "
        "commandes) ; puis economics.clv(marge, retention, 0.10).",
        pieges=(
            Piege(lambda r: proche(r, _clv_carte()["sans_actualisation"]), _SANS_ACTUALISATION),
            _piege(
                "sans_carte",
                _clv_carte,
                "c'est la CLV des clients SANS carte : filtrez carte_fidelite == 1.",
            ),
            _piege(
                "retention_base",
                _clv_carte,
                "la rétention utilisée est celle de toute la base : calculez celle des porteurs "
                "de carte, sur leurs seules commandes.",
            ),
            _piege(
                "fin_periode",
                _clv_carte,
                "gardez la variante par défaut de economics.clv (première marge tout de suite).",
            ),
        ),
    ),
    Nombre(
        "q6",
        variable="gain_retention",
        attendu=lambda: _clv_carte()["gain"],
        indice="Recalculez la CLV de la question 5 avec une rétention augmentée de 0.05, puis "
        "faites la différence (en euros).",
        pieges=(
            Piege(
                lambda r: proche(r, _clv_carte()["gain_sans_actualisation"]), _SANS_ACTUALISATION
            ),
            _piege(
                "gain_relatif",
                _clv_carte,
                "c'est un gain relatif (une fraction) : la question demande des euros.",
            ),
            _piege(
                "clv_amelioree",
                _clv_carte,
                "c'est la nouvelle CLV : la question demande le GAIN, la différence avec la CLV "
                "actuelle.",
            ),
        ),
    ),
    Nombre(
        "q7",
        variable="cout_acquisition",
        attendu=lambda: _couts()["acquisition"],
        indice="Coût des campagnes adressées aux prospects (nb_contacts × cout_unitaire) divisé "
        "par le nombre de clients gagnés (réponses).",
        pieges=(
            _piege(
                "acquisition_par_contact",
                _couts,
                "c'est le coût d'un CONTACT : on veut le coût d'un client GAGNÉ (divisez par les "
                "réponses, pas par les contacts).",
            ),
        ),
    ),
    Nombre(
        "q8",
        variable="ratio_acquisition_retention",
        attendu=lambda: _couts()["ratio"],
        indice="Coût par client gagné (question 7) ÷ coût par client fidélisé des deux "
        "mailings aux clients (campagnes 1 et 2) : même canal, même offre.",
        pieges=(
            _piege(
                "ratio_tous_canaux",
                _couts,
                "vous avez mélangé tous les canaux, dont les visites de commerciaux à 250 € le "
                "contact : comparez à canal égal (les deux mailings aux clients, campagnes 1 et 2).",
            ),
            _piege(
                "ratio_hors_face",
                _couts,
                "vous avez ajouté l'e-mail, le SMS et le téléphone, bien moins chers que le "
                "courrier : comparez à canal égal (les deux mailings aux clients, campagnes 1 et 2).",
            ),
            _piege(
                "ratio_par_contact",
                _couts,
                "vous avez comparé des coûts par CONTACT (1 € des deux côtés) : comparez des coûts "
                "par client gagné ou fidélisé.",
            ),
            Piege(
                lambda r: proche(r, 1 / _couts()["ratio"]),
                "le ratio est à l'envers : coût d'acquisition ÷ coût de fidélisation.",
            ),
        ),
    ),
    Personnalisee(
        "q9",
        variable="offres",
        fonction=_q9,
        indice="Gardez les achats des clients de « clients_cibles » (isin), puis "
        "loyalty.offres_personnalisees(achats_cibles, n=6).",
    ),
    Personnalisee(
        "q10",
        variable="offres_utiles",
        fonction=_q10,
        indice="Faites la liste des couples (client, catégorie) achetés depuis le "
        f"{DEBUT_ACHATS_RECENTS}, puis retirez ces couples de « offres » (merge avec "
        "indicator=True, ou une clé commune).",
    ),
    Nombre(
        "q11",
        variable="ratio_multicanal",
        attendu=lambda: _multicanal()["correct"],
        indice="Marge totale par client sur toute la période ; moyenne chez les clients d'au "
        "moins deux canaux ÷ moyenne chez les clients d'un seul canal.",
        pieges=(
            _piege(
                "chiffre_affaires",
                _multicanal,
                "vous avez comparé le chiffre d'affaires : la question porte sur la MARGE.",
            ),
            _piege(
                "deux_canaux",
                _multicanal,
                "vous n'avez gardé que les clients de DEUX canaux : « multicanal » = au moins deux "
                "canaux (2, 3 ou 4).",
            ),
            _piege(
                "inverse",
                _multicanal,
                "le ratio est à l'envers : multicanal ÷ monocanal.",
            ),
        ),
    ),
    Personnalisee(
        "q12",
        variable="champs_necessaires",
        fonction=_q12,
        indice="Pour chaque donnée, demandez-vous : sans elle, peut-on gérer la carte, "
        "envoyer les offres et respecter la loi ? Si oui, elle n'est pas nécessaire.",
    ),
):
    QUESTIONS.ajouter(_question)

verifier = QUESTIONS.verifier
indice = QUESTIONS.indice
evaluer = QUESTIONS.evaluer

__all__ = [
    "ACTUALISATION",
    "CLIENTS_CIBLES",
    "CLV_EXEMPLE",
    "DEBUT_ACHATS_RECENTS",
    "NB_OFFRES",
    "QUESTIONS",
    "TD_ID",
    "evaluer",
    "indice",
    "verifier",
]
