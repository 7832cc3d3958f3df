"""Self-checks for TD2 part 3, loyalty case study (``td2_fidelisation``): one declaration per question.

Students call ``verifier("q1", retention_2022)`` after each answer and
``indice("q1")`` for the next hint; the hidden test of each nbgrader test cell
calls ``valider("q1", retention_2022, <expected value>)``, which applies the
same rule (:mod:`crmkit.feedback`). Numeric answers are recomputed from the
Super Chef data (with :mod:`crmkit.loyalty` and :mod:`crmkit.economics`);
categorical answers are compared through salted SHA-256 fingerprints (the
answer key is not readable here).

Known misconceptions get their own message:

- retention computed over all customers active the year before, over the
  whole customer base, for the cohort of another year, or its complement (q1);
- churn taken as ``1 −`` a retention of another population or another
  period, or churn of the year before (q3);
- CLV without discounting, with another timing of the first margin, with the
  churn in place of the retention, or with 10 written for 0.10 (q4–q6);
- acquisition and retention costs compared across different channels, per
  contact instead of per response, as a mean of per-campaign ratios, or the
  ratio upside down (q7, q8);
- personalised offers for the wrong customers or the wrong number of offers
  (q10); offers filtered on any past purchase, or on the last order whatever
  its date, instead of recent purchases (q11);
- multichannel value measured on revenue, or on two-channel customers only (q12);
- RFM segments: recency notes the wrong way round, quintiles of the wrong
  population, share of customers or of revenue for share of margin, actions
  sent to the wrong segment (q13–q15, declared in
  :mod:`crmkit.exercices.td2_fidelisation_rfm`);
- sensitive or disproportionate data kept for a loyalty programme, or the
  consent record forgotten (q16);
- cost per incremental buyer taken as the cost per answer, per buyer of the
  mailed group, for one campaign only, or upside down (q9).

q17 (written argument) and q18 (the loyalty programme plan, ending with a
recommendation) are graded by the teacher.

>>> evaluer("q4", ...).statut
'non_repondu'
>>> verifier("q4", 120 * 1.1 / (1.1 - 0.65))
✅ q4 : bonne réponse.
>>> valider("q4", 293.33, 293.3333333333333)
>>> "actualis" in evaluer("q4", 120 / (1 - 0.65)).message
True
"""

from __future__ import annotations

from crmkit.economics import clv
from crmkit.exercices import td2_fidelisation_mesures as _d
from crmkit.exercices import td2_fidelisation_rfm as _rfm
from crmkit.exercices.td2_fidelisation_mesures import (
    ACTUALISATION,
    CLIENTS_CIBLES,
    CLV_EXEMPLE,
    DEBUT_ACHATS_RECENTS,
    NB_OFFRES,
)
from crmkit.feedback import (
    TYPE_INCORRECT,
    Choix,
    Evaluation,
    Libre,
    Nombre,
    Personnalisee,
    Piege,
    Questionnaire,
    empreinte,
    pluriel,
    proche,
)

TD_ID = "td2_fidelisation"
_SEL = "td2_fidelisation/2025"

# --------------------------------------------------------------------------- fingerprints
# Computed at build time from the answer key, which is not shipped.
_MEILLEUR_CANAL = "ebb58fc67adc1cd110c763504d323099775922ae64dfc85dc61736e146009f0d"
# Fingerprints of wrong choices → targeted hint.
_MEPRISES_Q2 = {
    "ebd0249c7d54db05ed43fa374b8ca5d5eae8726ca3ca8a98590d4b0d83ee644b": "c'est le canal qui "
    "retient le MOINS bien : cherchez la valeur la plus haute de la colonne 3.",
    "76d6bf81484cb8fe4ce10424371c5a92234dc74fc73e76d097031303a9eeb18c": "les clients venus "
    "d'un salon partent vite : cherchez la valeur la plus haute de la colonne 3.",
    "351f7c8d5c76eaa201d0bf3dc9df4ac3370697ace6961df15acf8046284c61b9": "ce canal retient "
    "bien, mais un autre fait mieux trois ans après le premier achat (colonne 3).",
}
# q16: fingerprint of the set of the needed fields, then one per field ([number, needed]).
_CHAMPS_NECESSAIRES = "26e29b0374ea7042688d6c13747b1d9e950b41c740b43d85a658b209dff99bd3"
_CHAMPS = {
    "1": "2b477badf56c5a9f27a91ea3d426518e5bc960a919b002deb9fbe1b5fb4d4761",
    "2": "7741e2796f675ad2b3fcb569b930151425a77b4fed281ae7c6b87b6c66ac98cf",
    "3": "5fbec088a88fe8c28dff8ef3edb586d68026311ca25f8352e9cf2155ba20af04",
    "4": "588f2cc0eb255795843859f0e075624995c5fc869dca00c557ce4c62e3833df3",
    "5": "543148761f5b57fd4d220c3cbed305575a98a91ebb78b8bd8ab0ad2cbe82480e",
    "6": "49c1147a60be30b1611a2f56eac7f29e09f8a6aac8bb9114a1657e4980070e96",
    "7": "c82b9d11f02d2d92d5254e6547eab482724be58a03b2786ca69f8abea423b733",
    "8": "2940bd0aa18d7c8ddb54216e853e1e83179827292c74e2bc8b53797a20e4e7a5",
    "9": "bf6c645cfc7b2fd7bf7e8c51f925b8021aacbd7a467bd1b8b00bcd450fae098e",
    "10": "b06628aff0eaa383f31f2632db3b8e8c27ec17c14b463cf269b244c0b3460675",
}
# Targeted hints, keyed by the fingerprint of ["raison", item number].
_RAISONS_Q16 = {
    "1baa2d3730310edcebe045d159a4c48567c78ac9a13ab85e8b5e7332b26c5872": "le choix du client "
    "pour chaque canal (e-mail, SMS, courrier) est nécessaire : sans lui, pas d'offre envoyée "
    "légalement, et il faut pouvoir prouver le consentement.",
    "87d995406b726cfcdf72879c54448433234ea70f4a740847738b3075bb283c3a": "sans l'historique "
    "des achats faits avec la carte, pas de points ni d'offres personnalisées : c'est le cœur "
    "du programme.",
    "4b654f3ec56ff5bb2e87ed44c52c7fa40c8c4ed4ea2ab3d2dcd05252094c2739": "les convictions "
    "religieuses ou les opinions politiques sont des données sensibles (article 9 du RGPD) : "
    "interdites sauf exception, et sans rapport avec une carte de fidélité.",
    "b07e450271e91a62672fbc64e3e90a04b963a580bc678720420f2139be8dfb20": "suivre la position "
    "GPS en continu est disproportionné pour une carte de fidélité (principe de minimisation, "
    "article 5 du RGPD).",
    "ee848ea34be1c5cfcdcebe7274674c4523b3f837ab09a8f10178b95557bc475b": "le numéro de "
    "sécurité sociale n'a rien à faire dans un fichier commercial.",
    "497ad7f6d4a3889d7e280de6904ceb5804c9b6eda74b8627e835f72f356fc3ce": "les revenus du foyer "
    "ne sont pas nécessaires pour gérer des points et des offres : c'est une collecte excessive.",
    "d2937dbadddab9eca36a02e4e882e69ff0e0410eda689a7eb4b5ccecca466bab": "le carnet d'adresses "
    "du téléphone contient des données de tiers qui n'ont rien accepté.",
}


def _la_plus_proche(reponse: object, cle: str, cles: tuple[str, ...]) -> bool:
    """True when *reponse* is near the wrong value *cle* and nearer to it than to the others.

    (The 2023 cohort and all the customers active in 2022 are 7e-5 apart.)
    """
    valeurs = _d.retention_cohorte()
    if not proche(reponse, valeurs[cle]):
        return False
    return min(cles, key=lambda k: abs(float(reponse) - valeurs[k])) == cle


# --------------------------------------------------------------------------- table checks
# q9 and q10 stay Personnalisee: the answer is a table whose index and row order
# are the student's own (built with loyalty.offres_personnalisees or by hand), compared
# as a set of (client, rank, category) rows with messages on each way it goes wrong;
# Tableau compares row by row on the index, Ensemble takes a collection, not a table.
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
        mot = "colonne absente" if len(absentes) == 1 else "colonnes absentes"
        return Evaluation(
            TYPE_INCORRECT,
            f"{mot} de « {variable} » : {', '.join(absentes)} ; colonnes présentes : "
            f"{', '.join(map(str, reponse.columns))}.",
        )
    return None


def _lignes(reponse, colonnes: tuple[str, ...]) -> list[tuple[int, ...]]:
    return [
        tuple(int(x) for x in ligne)
        for ligne in reponse[list(colonnes)].itertuples(index=False, name=None)
    ]


def _doublons(paires: list[tuple[int, int]]) -> str:
    n = len(paires) - len(set(paires))
    if n:
        return (
            f"{pluriel(n, 'offre apparaît', 'offres apparaissent')} deux fois pour le même "
            "client : une catégorie ne se propose qu'une fois par client."
        )
    return ""


def _clients_en_trop(reponse) -> str:
    autres = set(reponse["client_id"].astype(int)) - set(CLIENTS_CIBLES)
    if autres:
        return (
            f"le tableau contient {pluriel(len(autres), 'client')} hors de « clients_cibles » : "
            "gardez seulement les achats de ces clients (isin) avant de chercher leurs "
            "catégories."
        )
    manquants = set(CLIENTS_CIBLES) - set(reponse["client_id"].astype(int))
    if manquants:
        return (
            f"il manque {pluriel(len(manquants), 'client')} de « clients_cibles » dans le tableau."
        )
    return ""


def _q9(reponse: object) -> object:
    probleme = _tableau(reponse, "offres", ("client_id", "rang", "categorie_id"))
    if probleme:
        return probleme
    message = _clients_en_trop(reponse)
    if message:
        return message
    triplets = _lignes(reponse, ("client_id", "rang", "categorie_id"))
    paires = [(c, k) for c, _, k in triplets]
    message = _doublons(paires)
    if message:
        return message
    par_client = reponse.groupby("client_id").size()
    if int(par_client.max()) > NB_OFFRES:
        return (
            f"certains clients ont plus de {NB_OFFRES} offres : le mailing en propose "
            f"{NB_OFFRES} par client (paramètre n)."
        )
    attendu = _d.offres()
    if set(paires) != attendu["q9_paires"]:
        if len(paires) < len(attendu["q9_paires"]):
            return (
                f"moins de {NB_OFFRES} offres pour certains clients, alors qu'ils ont acheté "
                "dans assez de catégories : vérifiez le paramètre n."
            )
        return (
            "ce ne sont pas les catégories les plus achetées de chaque client : classez par "
            "nombre de commandes (la fréquence d'achat), comme loyalty.offres_personnalisees."
        )
    if set(triplets) != attendu["q9"]:
        return "les bonnes catégories, mais pas dans le bon ordre : vérifiez la colonne « rang »."
    return True


def _q10(reponse: object) -> object:
    probleme = _tableau(reponse, "offres_utiles", ("client_id", "categorie_id"))
    if probleme:
        return probleme
    attendu = _d.offres()
    paires = _lignes(reponse, ("client_id", "categorie_id"))
    message = _doublons(paires)
    if message:
        return message
    donne = set(paires)
    if donne == attendu["q10"]:
        return True
    if donne - attendu["q9_paires"]:
        return (
            "le tableau contient des offres qui ne sont pas dans celui de la question 10 : "
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
        morceaux.append(pluriel(manque, "offre retirée", "offres retirées") + " à tort")
    if trop:
        morceaux.append(
            pluriel(
                trop,
                "offre sur un achat récent encore présente",
                "offres sur un achat récent encore présentes",
            )
        )
    return " ; ".join(morceaux) + "."


# --------------------------------------------------------------------------- q16 traps
def _champs_utiles() -> set[int]:
    return {int(i) for i, h in _CHAMPS.items() if empreinte("q16", [i, True], _SEL) == h}


def _ecart_champs(reponse: object) -> set[int]:
    """Items chosen wrongly or missing (empty when the answer is not a list of numbers)."""
    if isinstance(reponse, str) or not isinstance(reponse, list | tuple | set | frozenset):
        return set()
    return {int(x) for x in reponse} ^ _champs_utiles()


def _pieges_q16() -> tuple[Piege, ...]:
    """One trap per field with its own reason, in field order, then a missing needed field.

    (Every field that is not needed has its own reason, so no generic "too many" trap.)
    """
    numero = {
        h: i
        for i in range(1, 11)
        for h in _RAISONS_Q16
        if empreinte("q16", ["raison", str(i)], _SEL) == h
    }
    par_champ = tuple(
        Piege(lambda r, i=numero[h]: i in _ecart_champs(r), message)
        for h, message in sorted(_RAISONS_Q16.items(), key=lambda hm: numero[hm[0]])
    )
    return (
        *par_champ,
        Piege(
            lambda r: bool(_ecart_champs(r)) and _ecart_champs(r) <= _champs_utiles(),
            "il manque au moins une donnée vraiment nécessaire au programme.",
        ),
    )


# --------------------------------------------------------------------------- declarations
_SANS_ACTUALISATION = (
    "vous avez oublié l'actualisation : un euro gagné dans cinq ans vaut moins qu'un euro "
    "aujourd'hui. Divisez par (1 + d − r), pas par (1 − r)."
)
_CHURN_DANS_CLV = (
    "vous avez mis le taux d'attrition (churn) à la place de la rétention : r est la "
    "probabilité de RESTER client d'une année sur l'autre (r = 1 − churn)."
)
_POURCENTAGE_ENTIER = (
    "un taux s'écrit en fraction dans la formule : 10 % s'écrit 0.10 et 65 % s'écrit 0.65 "
    "(pas 10 ou 65)."
)


def _piege(cle: str, source, message: str, tolerance: float = 1e-3) -> Piege:
    return Piege(lambda r: proche(r, source()[cle], tolerance), message)


_VOISINES_Q1 = ("correct", "tous_actifs", "cohorte_2021", "cohorte_2023")

QUESTIONS = Questionnaire(TD_ID, sel=_SEL)
for _question in (
    Nombre(
        "q1",
        variable="retention_2022",
        points=1,
        attendu=lambda: _d.retention_cohorte()["correct"],
        indices=(
            "Cohorte 2022 = les clients dont la PREMIÈRE commande date de 2022. Rétention = "
            "parmi eux, la part de ceux qui ont commandé en 2023.",
            'loyalty.retention_cohortes(commandes, "annee") donne une ligne par cohorte '
            "(l'année, un entier) et une colonne par nombre d'années écoulées.",
            "Lisez la ligne 2022, colonne 1 : tableau.loc[2022, 1].",
        ),
        pieges=(
            Piege(
                lambda r: _la_plus_proche(r, "tous_actifs", _VOISINES_Q1),
                "vous avez pris TOUS les clients actifs en 2022, anciens compris : la question "
                "porte sur la cohorte 2022, les clients dont le premier achat date de 2022.",
            ),
            Piege(
                lambda r: any(
                    _la_plus_proche(r, k, _VOISINES_Q1) for k in ("cohorte_2021", "cohorte_2023")
                ),
                "c'est la rétention d'une cohorte voisine : l'année est décalée d'un an. Prenez "
                "la ligne de la cohorte 2022 (premier achat en 2022), colonne 1.",
            ),
            _piege(
                "toute_la_base",
                _d.retention_cohorte,
                "vous avez divisé par TOUS les clients de la base : le dénominateur est la "
                "cohorte, c'est-à-dire les clients dont le premier achat date de 2022.",
            ),
            _piege(
                "actifs_2023",
                _d.retention_cohorte,
                "vous avez divisé par les clients actifs en 2023 : le dénominateur est la "
                "cohorte de départ (premier achat en 2022).",
            ),
            Piege(
                lambda r: proche(1 - r, _d.retention_cohorte()["correct"]),
                "c'est la part des clients de la cohorte qui ne sont PAS revenus : la rétention "
                "compte ceux qui ont de nouveau commandé.",
            ),
        ),
    ),
    Choix(
        "q2",
        variable="meilleur_canal",
        points=1,
        empreintes=(_MEILLEUR_CANAL,),
        options=("magasin", "web", "salon", "parrainage", "catalogue"),
        pieges=tuple(
            Piege(lambda r, h=h: empreinte("q2", r, _SEL) == h, message)
            for h, message in _MEPRISES_Q2.items()
        ),
        indices=(
            "Trois ans après le premier achat : c'est la colonne 3 du tableau par canal "
            "d'acquisition.",
            "Prenez la ligne où cette colonne est la plus haute (par_canal[3].idxmax()).",
        ),
    ),
    Nombre(
        "q3",
        variable="churn_2025",
        points=2,
        attendu=lambda: _d.churn()["correct"],
        indices=(
            "Churn 2025 = parmi les clients qui ont acheté en 2024, la part de ceux qui n'ont "
            "rien acheté en 2025.",
            "loyalty.churn_par_annee(commandes) donne une ligne par année ; lisez la ligne "
            "2025, colonne « taux_churn ».",
        ),
        pieges=(
            _piege(
                "retention_2025",
                _d.churn,
                "c'est la RÉTENTION (ceux qui sont revenus) : le churn compte ceux qui sont partis.",
            ),
            _piege(
                "annee_precedente",
                _d.churn,
                "c'est le churn de 2024 (clients de 2023 perdus en 2024) : l'année est décalée "
                "d'un an. Prenez les clients actifs en 2024 et perdus en 2025 (ligne 2025).",
            ),
            _piege(
                "un_moins_cohorte_2024",
                _d.churn,
                "churn = 1 − rétention, mais SUR LA MÊME POPULATION : la cohorte 2024 ne "
                "contient que les NOUVEAUX clients de 2024 ; prenez tous les clients actifs en 2024.",
            ),
            Piege(
                lambda r: any(proche(r, x) for x in _d.churn()["autres_annees"]),
                "c'est le churn d'une AUTRE ANNÉE (clients d'une année perdus l'année suivante) : "
                "churn = 1 − rétention, mais SUR LA MÊME POPULATION ET LA MÊME PÉRIODE, ici les "
                "clients actifs en 2024 et perdus en 2025.",
            ),
            Piege(
                lambda r: any(proche(r, x) for x in _d.churn()["un_moins_cohortes"]),
                "churn = 1 − rétention, mais SUR LA MÊME POPULATION ET LA MÊME PÉRIODE : 1 moins "
                "la rétention d'une cohorte mesure autre chose (les seuls nouveaux clients d'une "
                "année, suivis sur une autre période).",
            ),
        ),
    ),
    Nombre(
        "q4",
        variable="clv_exemple",
        points=1,
        attendu=lambda: clv(**CLV_EXEMPLE),
        indices=(
            "CLV = m (1 + d) / (1 + d − r), avec m = 120, r = 0.65 et d = 0.10.",
            "economics.clv(marge, retention, actualisation) fait ce calcul.",
        ),
        pieges=(
            Piege(lambda r: proche(r, clv(120, 0.65, 0.0)), _SANS_ACTUALISATION),
            Piege(
                lambda r: proche(r, clv(120, 0.65, 0.10, "marge_fin_periode")),
                "c'est la variante où la première marge arrive à la FIN de la première année : "
                "ici, le client achète dès aujourd'hui (variante par défaut de economics.clv).",
            ),
            Piege(
                lambda r: proche(r, clv(120, 0.65, 0.10, "marge_si_retenu")),
                "vous avez oublié la marge de cette année : le client achète dès aujourd'hui.",
            ),
            Piege(lambda r: proche(r, clv(120, 0.35, 0.10)), _CHURN_DANS_CLV),
            Piege(
                lambda r: any(
                    proche(r, _d.clv_a_la_main(120, rr, dd))
                    for rr, dd in ((0.65, 10), (65, 0.10), (65, 10))
                ),
                _POURCENTAGE_ENTIER,
            ),
        ),
    ),
    Nombre(
        "q5",
        variable="clv_carte",
        points=2,
        attendu=lambda: _d.clv_carte()["correct"],
        indices=(
            "Deux calculs sur les porteurs de carte seulement : la marge moyenne d'un porteur "
            "actif en 2025, et leur rétention de 2024 à 2025.",
            "La rétention : loyalty.churn_par_annee sur LEURS seules commandes, ligne 2025, "
            "colonne « taux_retention ».",
            "Puis economics.clv(marge, retention, 0.10).",
        ),
        pieges=(
            Piege(lambda r: proche(r, _d.clv_carte()["sans_actualisation"]), _SANS_ACTUALISATION),
            _piege(
                "sans_carte",
                _d.clv_carte,
                "c'est la CLV des clients SANS carte : filtrez carte_fidelite == 1.",
            ),
            _piege(
                "retention_base",
                _d.clv_carte,
                "la rétention utilisée est celle de toute la base : calculez celle des porteurs "
                "de carte, sur leurs seules commandes.",
            ),
            _piege(
                "fin_periode",
                _d.clv_carte,
                "gardez la variante par défaut de economics.clv (première marge tout de suite).",
            ),
            _piege("avec_churn", _d.clv_carte, _CHURN_DANS_CLV),
            _piege(
                "annee_precedente",
                _d.clv_carte,
                "l'année est décalée d'un an : prenez la marge de 2025 et la rétention de 2024 "
                "à 2025 (ligne 2025 de loyalty.churn_par_annee).",
            ),
        ),
    ),
    Nombre(
        "q6",
        variable="gain_retention",
        points=1,
        attendu=lambda: _d.clv_carte()["gain"],
        indices=(
            "Recalculez la CLV de la question 5 avec une rétention augmentée de 0.05 (cinq "
            "points), même marge, même actualisation.",
            "Le gain est la différence, en euros : nouvelle CLV − CLV actuelle.",
        ),
        pieges=(
            Piege(
                lambda r: proche(r, _d.clv_carte()["gain_sans_actualisation"]), _SANS_ACTUALISATION
            ),
            _piege(
                "gain_relatif",
                _d.clv_carte,
                "c'est un gain relatif (une fraction) : la question demande des euros.",
            ),
            _piege(
                "clv_amelioree",
                _d.clv_carte,
                "c'est la nouvelle CLV : la question demande le GAIN, la différence avec la CLV "
                "actuelle.",
            ),
            _piege("gain_avec_churn", _d.clv_carte, _CHURN_DANS_CLV),
            Piege(
                lambda r: proche(r, _d.clv_carte()["gain_cinq"]),
                "cinq points de rétention s'écrivent + 0.05 (une fraction), pas + 5 : la "
                "rétention reste entre 0 et 1.",
            ),
        ),
    ),
    Nombre(
        "q7",
        variable="cout_acquisition",
        points=1,
        attendu=lambda: _d.couts()["acquisition"],
        indices=(
            "Gardez les campagnes dont la cible est « prospects ».",
            "Coût total de ces campagnes (somme de cout_total) ÷ nombre total de clients "
            "gagnés (somme des réponses).",
        ),
        pieges=(
            _piege(
                "acquisition_par_contact",
                _d.couts,
                "c'est le coût d'un CONTACT : on veut le coût d'un client GAGNÉ (divisez par les "
                "réponses, pas par les contacts).",
            ),
            _piege(
                "acquisition_moyenne",
                _d.couts,
                "vous avez fait la moyenne des coûts par réponse de chaque campagne : divisez le "
                "coût TOTAL par le nombre TOTAL de réponses (le rapport des sommes, pas la "
                "moyenne des rapports).",
            ),
        ),
    ),
    Nombre(
        "q8",
        variable="ratio_acquisition_retention",
        points=2,
        attendu=lambda: _d.couts()["ratio"],
        indices=(
            "Coût par réponse des deux mailings aux clients (campagnes 1 et 2) = leur coût "
            "total ÷ leur nombre total de réponses.",
            "Ratio = coût d'un client gagné (question 7) ÷ ce coût par réponse.",
        ),
        pieges=(
            _piege(
                "ratio_tous_canaux",
                _d.couts,
                "vous avez mélangé tous les canaux, dont les visites de commerciaux à 250 € le "
                "contact : comparez à canal égal (les deux mailings aux clients, campagnes 1 et 2).",
            ),
            _piege(
                "ratio_hors_face",
                _d.couts,
                "vous avez ajouté l'e-mail, le SMS et le téléphone, bien moins chers que le "
                "courrier : comparez à canal égal (les deux mailings aux clients, campagnes 1 et 2).",
            ),
            _piege(
                "ratio_par_contact",
                _d.couts,
                "vous avez comparé des coûts par CONTACT (1 € des deux côtés) : comparez des coûts "
                "par réponse.",
            ),
            Piege(
                lambda r: any(proche(r, x) for x in _d.couts()["ratios_moyens"]),
                "vous avez fait la moyenne des coûts par réponse de chaque campagne : pour chaque "
                "groupe de campagnes, divisez le coût TOTAL par le nombre TOTAL de réponses (le "
                "rapport des sommes, pas la moyenne des rapports).",
            ),
            Piege(
                lambda r: proche(r, 1 / _d.couts()["ratio"]),
                "le ratio est à l'envers : coût d'un client gagné ÷ coût par réponse d'un "
                "client existant.",
            ),
        ),
    ),
    Nombre(
        "q9",
        variable="cout_par_acheteur_incremental",
        points=2,
        attendu=lambda: _d.uplift()["correct"],
        indices=(
            "Taux d'achat = part des clients qui ont au moins une commande dans les 45 jours "
            "après le mailing, chez les clients postés (contacts_campagne) et chez les témoins "
            "(temoins_campagne), campagnes 1 et 2 réunies.",
            "loyalty.achats_test_temoin(campagnes, contacts, temoins, commandes, c) compte les "
            "acheteurs de chaque groupe pour la campagne c ; additionnez les tableaux des "
            "campagnes 1 et 2.",
            "Acheteurs incrémentaux = (taux test − taux témoin) × clients postés ; coût = coût "
            "total des deux mailings ÷ acheteurs incrémentaux (loyalty.mesure_uplift le calcule).",
        ),
        pieges=(
            _piege(
                "par_reponse",
                _d.uplift,
                "c'est le coût par RÉPONSE de la question 8 : il compte aussi les clients qui "
                "auraient acheté sans le mailing. Retirez ce que font les témoins.",
            ),
            _piege(
                "par_acheteur_test",
                _d.uplift,
                "vous avez divisé par TOUS les acheteurs du groupe test : une bonne partie "
                "auraient acheté sans mailing. Ne gardez que l'écart avec le taux d'achat des "
                "témoins (taux test − taux témoin) × clients postés.",
            ),
            Piege(
                lambda r: any(proche(r, x) for x in _d.uplift()["une_campagne"]),
                "c'est le résultat d'UNE seule campagne : réunissez les campagnes 1 et 2 "
                "(additionnez acheteurs et effectifs de chaque groupe).",
            ),
            _piege(
                "inverse",
                _d.uplift,
                "le rapport est à l'envers : on veut des euros par acheteur incrémental, donc "
                "coût ÷ acheteurs incrémentaux.",
            ),
        ),
    ),
    # Personnalisee: a table compared as a set of rows, whatever its index (see table checks)
    Personnalisee(
        "q10",
        variable="offres",
        points=2,
        fonction=_q9,
        indices=(
            "Gardez d'abord les achats des clients de « clients_cibles » : "
            'achats[achats["client_id"].isin(clients_cibles)].',
            "Puis loyalty.offres_personnalisees(achats_cibles, n=6).",
        ),
    ),
    # Personnalisee: a table compared as a set of rows, whatever its index (see table checks)
    Personnalisee(
        "q11",
        variable="offres_utiles",
        points=2,
        fonction=_q10,
        indices=(
            f"Faites la liste des couples (client, catégorie) achetés depuis le "
            f"{DEBUT_ACHATS_RECENTS}.",
            "Retirez ces couples de « offres » : merge avec indicator=True, puis gardez les "
            "lignes « left_only ».",
        ),
    ),
    Nombre(
        "q12",
        variable="ratio_multicanal",
        points=1,
        attendu=lambda: _d.multicanal()["correct"],
        indices=(
            "Par client : la marge totale sur toute la période et le nombre de canaux de vente "
            "différents (nunique).",
            "Ratio = marge moyenne des clients d'au moins deux canaux ÷ marge moyenne des "
            "clients d'un seul canal.",
        ),
        pieges=(
            _piege(
                "chiffre_affaires",
                _d.multicanal,
                "vous avez comparé le chiffre d'affaires : la question porte sur la MARGE.",
            ),
            _piege(
                "deux_canaux",
                _d.multicanal,
                "vous n'avez gardé que les clients de DEUX canaux : « multicanal » = au moins deux "
                "canaux (2, 3 ou 4).",
            ),
            _piege(
                "inverse",
                _d.multicanal,
                "le ratio est à l'envers : multicanal ÷ monocanal.",
            ),
        ),
    ),
    *_rfm.questions(),
    Choix(
        "q16",
        variable="champs_necessaires",
        points=2,
        empreintes=(_CHAMPS_NECESSAIRES,),
        sans_ordre=True,
        attendu_type=(list, tuple, set, frozenset),
        options=tuple(range(1, 11)),
        indices=(
            "Pour chaque donnée, demandez-vous : sans elle, peut-on gérer la carte et envoyer "
            "les offres ?",
            "N'oubliez pas ce que la loi impose de garder : la preuve du choix du client pour "
            "chaque canal.",
        ),
        pieges=_pieges_q16(),
    ),
    Libre(
        "q17",
        variable="votre texte",
        points=3,
        indices=(
            "Fidélité financière : le client revient pour l'avantage (points, remises). "
            "Fidélité affective : il revient parce qu'il est attaché à la marque.",
            "Appuyez-vous sur un chiffre du TD (rétention des porteurs de carte et des autres, "
            "gain de CLV de la question 6), puis proposez deux actions qui ne sont pas des "
            "remises.",
        ),
    ),
    Libre(
        "q18",
        variable="votre texte",
        points=8,
        indices=(
            "Six rubriques, dans l'ordre : objectifs chiffrés, cible (segments RFM de la partie "
            "F), mécanique, budget, indicateurs de suivi (dont un groupe témoin tiré au hasard), "
            "données gardées ; puis votre recommandation.",
            "Chaque rubrique s'appuie sur un chiffre que vous avez calculé : coût par acheteur "
            "incrémental (question 9), gain de CLV (question 6), taille et valeur des segments "
            "(questions 13 et 14), données nécessaires (question 16).",
            "Données : la liste de la question 16, pourquoi chacune sert le programme, combien "
            "de temps on la garde, et où la personnalisation deviendrait intrusion.",
        ),
    ),
):
    QUESTIONS.ajouter(_question)

verifier = QUESTIONS.verifier
indice = QUESTIONS.indice
valider = QUESTIONS.valider
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
    "valider",
    "verifier",
]
