"""Self-checks for TD2 part 1, customer database and scoring (``td2_base_scoring``).

Students call ``verifier("q7", taux_par_classe)`` after each answer and
``indice("q7")`` for a hint. Categorical answers are compared through salted
SHA-256 fingerprints (known-wrong answers with a targeted hint are
fingerprinted too); numbers, sets and tables are recomputed from the Super
Chef data with :mod:`crmkit.scoring` and :mod:`crmkit.economics`.

Known misconceptions get their own message:

- segmentation and targeting swapped (q1);
- pre-ticked boxes counted as e-mail consent, or the 12-month window
  forgotten (q2); margin summed instead of revenue, all years kept (q3);
- recency points reversed, long-ago purchases scored high (q5, q6);
- response rate computed over the responders, over all contacts or over the
  whole customer base instead of the contacted customers of the class (q7);
- revenue used in place of margin per response (q8, q9, q11, q12);
- a percentage (1.17) given where a proportion (0.0117) is asked (q7, q9);
  q12 says that both 0.6 and 60 are accepted, and accepts both;
- class D kept although it is below the break-even rate (q10).

>>> evaluer("q9", ...).statut
'non_repondu'
>>> verifier("q14", "modele")
✅ q14 : bonne réponse.
>>> "seuil" in evaluer("q10", {"A", "B", "C", "D"}).message
True
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Iterable, Mapping

import pandas as pd

from crmkit.feedback import (
    TYPE_INCORRECT,
    Association,
    Choix,
    Ensemble,
    Evaluation,
    Libre,
    Nombre,
    Personnalisee,
    Piege,
    Questionnaire,
    Tableau,
    empreinte,
    proche,
)

TD_ID = "td2_base_scoring"
_SEL = "td2_base_scoring/2025"

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

BORNES_CLASSES = (0, 30, 50, 70, 111)
ETIQUETTES_CLASSES = ("D", "C", "B", "A")
VARIABLES_MODELE = ("recence", "frequence", "log_montant", "part_categorie")

# --------------------------------------------------------------------------- fingerprints
_CLES_Q1 = {
    "base_de_donnees": "a01a858659d70542e2fceb69278cdad7fc97add2ea9c43c8f65303e27391a205",
    "progiciel": "d0e1556ee2a0fe2c8c0d6e2c5e6e3f232f3d2315d14ee1ba089474325b7e27c8",
    "segmentation": "77267ff9fa5f93e987c6f2a3b7234f1510aa8c887679f02365ae18a01492540f",
    "ciblage": "1d9b700ed03007953ecc0c1bd4f3ba028c2e7b195b32fb38459fe6e0a3907ef0",
    "marketing_direct": "55c830355af932239f53509edde33c951d54b0349baec2b418db81b4cceb0390",
}
_Q1_INVERSION = "e4a5654cd48846f54a415076b6a3bb33cd1c0c7ce4bffddd62fe8417927612fe"
_Q5 = "23ab40ea741929a1d6623b7504bf2d45ca15d2e4af482490da9e2d77a91132e2"
_Q5_INVERSE = "33bdfbfec8211923a09bbdfa44042659c77a323d8734da8f6d0622391e37f13d"
_Q10 = "c665b03eaf2ca2619b9a9781c65cf09c448c8a2750ed46348a0f6a73e3b326a4"
_Q10_TOUTES = "b38a5c56ca776217e20d949cff48451ee050262a20391c8c31a1dcb6c2e0e61e"
_Q10_SANS_C = "659f71945942d7b4c6ad30b32bc8729da3dd563712a9faf7f3f217da61964888"
_Q14 = "18b56c6a399612f4264abe8ffe48ae61be9102eaedb2f9a2e9c7f5758db0a8a2"
_Q14_GRILLE = "260b0393cac35c0509ca19ce4476ccaa60a39db52d1bb5daf3253cf9c3fe9ef8"


def _h(qid: str, valeur: object) -> str:
    return empreinte(qid, valeur, _SEL)


# --------------------------------------------------------------------------- data (recomputed)
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


def _points_logiques() -> list[int]:
    """The recency rule of every scoring grid: the more recent, the more points."""
    return sorted(POINTS_POSSIBLES, reverse=True)


@functools.cache
def _variables() -> dict[str, pd.DataFrame]:
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
def _scores(annee: str, inverse: bool = False) -> pd.Series:
    from crmkit.scoring import appliquer_grille

    points = _points_logiques()
    if inverse:
        points = points[::-1]
    return appliquer_grille(_variables()[annee], regles_grille(points))["score"]


@functools.cache
def _campagne_2024() -> dict[str, object]:
    """Class rates (right and wrong denominators), margin, break-even and profits of 2024."""
    from crmkit.data import charger
    from crmkit.scoring import classes_de_score

    v = _variables()["2024"].copy()
    v["classe"] = classes_de_score(_scores("2024"), BORNES_CLASSES, ETIQUETTES_CLASSES)
    g = v.groupby("classe", observed=True)["reponse"].agg(["size", "sum"])
    c = charger("contacts_campagne")
    c = c[c["campagne_id"] == 1]
    reponses = int(c["reponse"].sum())
    marge = float(c["marge_reponse"].sum()) / reponses
    ca = float(c["montant_reponse"].sum()) / reponses
    retenues = g.loc[["A", "B", "C"]]

    def profit(m: float, lignes: pd.DataFrame = retenues) -> float:
        return float(lignes["sum"].sum() * m - lignes["size"].sum() * COUT_CONTACT)

    return {
        "taux": (g["sum"] / g["size"]).rename("taux_reponse"),
        "sur_repondants": (g["sum"] / g["sum"].sum()).rename("taux_reponse"),
        "sur_contactes": (g["sum"] / len(v)).rename("taux_reponse"),
        "sur_base": (g["sum"] / len(charger("clients"))).rename("taux_reponse"),
        "contacts": len(v),
        "reponses": reponses,
        "marge": marge,
        "ca": ca,
        "seuil": COUT_CONTACT / marge,
        "seuil_ca": COUT_CONTACT / ca,
        "profit_abc": profit(marge),
        "profit_abc_ca": profit(ca),
        "profit_abc_sans_cout": float(retenues["sum"].sum() * marge),
        "profit_tous": profit(marge, g),
        "profit_tous_ca": profit(ca, g),
        "profit_ab": profit(marge, g.loc[["A", "B"]]),
    }


@functools.cache
def _holdout() -> dict[str, float]:
    """Optimal depths and profits on the 2025 hold-out: logistic model vs points grid."""
    from crmkit.scoring import ajuster_score_logistique, profondeur_optimale

    marge = _campagne_2024()["marge"]
    v24, v25 = _variables()["2024"], _variables()["2025"].copy()
    modele = ajuster_score_logistique(v24, list(VARIABLES_MODELE))
    v25["proba"] = modele.predire(v25)
    v25["score"] = _scores("2025")
    out = {}
    for nom, col in (("modele", "proba"), ("grille", "score")):
        for suffixe, m in (("", marge), ("_ca", _campagne_2024()["ca"])):
            opt = profondeur_optimale(v25, COUT_CONTACT, m, score=col)
            out[f"part_{nom}{suffixe}"] = float(opt["part_contacts"])
            out[f"profit_{nom}{suffixe}"] = float(opt["profit"])
    out["gain"] = out["profit_modele"] - out["profit_grille"]
    out["gain_ca"] = out["profit_modele_ca"] - out["profit_grille_ca"]
    return out


@functools.cache
def _requetes() -> dict[str, object]:
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
    recents = set(achats.loc[achats["date_commande"] >= "2025-01-01", "client_id"])
    tous = set(achats["client_id"])
    opt_in = email[email["statut"] == "opt_in"]
    valides = set(opt_in.loc[opt_in["source"] != "case_precochee", "client_id"])
    commandes = pd.read_sql("SELECT canal_vente, date_commande, montant, marge FROM commandes", cnx)
    annee = commandes[commandes["date_commande"].str.startswith("2025")]
    return {
        "cibles": recents & valides,
        "avec_precoche": recents & set(opt_in["client_id"]),
        "sans_date": tous & valides,
        "sans_consentement": recents,
        "ca": annee.groupby("canal_vente")["montant"].sum(),
        "ca_toutes_annees": commandes.groupby("canal_vente")["montant"].sum(),
        "marge": annee.groupby("canal_vente")["marge"].sum(),
        "nb_commandes": annee.groupby("canal_vente")["montant"].size().astype(float),
    }


# --------------------------------------------------------------------------- helpers
def _type(message: str) -> Evaluation:
    return Evaluation(TYPE_INCORRECT, message)


def _en_serie(reponse: object) -> pd.Series | None:
    return reponse if isinstance(reponse, pd.Series) else None


def _serie_proche(reponse: object, attendu: pd.Series, facteur: float = 1.0) -> bool:
    """True when ``reponse`` is a Series with the same labels as ``attendu`` × ``facteur``."""
    s = _en_serie(reponse)
    if s is None or len(s) != len(attendu):
        return False
    try:
        s = s.copy()
        s.index = s.index.map(str)
        a = attendu.copy()
        a.index = a.index.map(str)
        s = s.reindex(a.index)
        return bool(((s.astype(float) - a * facteur).abs() <= 1e-6 * (a.abs() * facteur + 1)).all())
    except (TypeError, ValueError):
        return False


def _ids(reponse: object) -> set | None:
    """Customer ids of an answer given as a list, set, Series or DataFrame with client_id."""
    if isinstance(reponse, pd.DataFrame):
        if "client_id" not in reponse.columns:
            return None
        reponse = reponse["client_id"]
    if isinstance(reponse, str | bytes | Mapping) or not isinstance(reponse, Iterable):
        return None
    try:
        return {int(x) for x in reponse}
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- custom checks
_Q1_CLES = tuple(_CLES_Q1)


def _q1(reponse: object) -> object:
    if isinstance(reponse, Mapping):
        vides = [k for k, v in reponse.items() if v is Ellipsis or v is None]
        if vides and len(vides) == len(reponse):  # the template as given
            return Association("q1", variable="definitions").evaluer(...)
        if vides:
            return _type(
                "il reste des ... dans « definitions » pour : "
                + ", ".join(map(repr, vides))
                + ". Répondez à chaque ligne."
            )
        valeurs = [v for v in reponse.values() if v is not Ellipsis]
        hors = [v for v in valeurs if str(v).strip().upper() not in ("A", "B", "C", "D", "E")]
        if hors:
            return _type(
                f'réponse {hors[0]!r} : écrivez une lettre entre guillemets, de "A" à "E".'
            )
        normal = {k: str(v).strip().upper() for k, v in reponse.items()}
        paire = ["segmentation-ciblage", normal.get("segmentation"), normal.get("ciblage")]
        if _h("q1", paire) == _Q1_INVERSION:
            return (
                "segmentation et ciblage sont inversés : segmenter, c'est DÉCOUPER la clientèle "
                "en groupes homogènes ; cibler, c'est CHOISIR le ou les groupes à qui "
                "l'on s'adresse."
            )
        reponse = normal
    verif = Association("q1", variable="definitions", empreintes=_CLES_Q1, sel=_SEL)
    return verif.evaluer(reponse)


def _q2(reponse: object) -> object:
    if reponse is Ellipsis or reponse is None:
        return Ensemble("q2", variable="clients_cibles").evaluer(reponse)
    ids = _ids(reponse)
    if ids is None:
        return _type(
            "« clients_cibles » doit contenir des numéros de clients : une liste, un ensemble, "
            'une série (par exemple resultat["client_id"]) ou un tableau avec une colonne '
            "client_id."
        )
    r = _requetes()
    if ids == r["cibles"]:
        return True
    for cle, message in (
        (
            "avec_precoche",
            "vous avez gardé les « opt_in » issus d'une case pré-cochée : ce n'est pas un "
            "consentement valable (le RGPD exige un acte positif). Ajoutez la condition "
            "source <> 'case_precochee'.",
        ),
        (
            "sans_date",
            "vous avez gardé tous les acheteurs de poêles depuis 2019 : la question porte sur "
            "les 12 derniers mois (commandes depuis le 2025-01-01).",
        ),
        (
            "sans_consentement",
            "ce sont tous les acheteurs récents de poêles : il faut aussi qu'ils aient accepté "
            "les e-mails (table consentements, canal 'email', statut 'opt_in').",
        ),
    ):
        if ids == r[cle]:
            return message
    return Ensemble("q2", variable="clients_cibles", attendu=lambda: r["cibles"]).evaluer(ids)


def _q5(reponse: object) -> object:
    if not isinstance(reponse, list | tuple) or len(reponse) != 4:
        return _type(
            "« points_recence » doit être une liste de 4 nombres, un par tranche de récence, "
            "dans l'ordre du tableau (par exemple [10, 0, 30, 20])."
        )
    if any(isinstance(x, bool) or not isinstance(x, numbers.Real) for x in reponse):
        return _type("« points_recence » ne doit contenir que des nombres (sans guillemets).")
    if sorted(reponse) != list(POINTS_POSSIBLES):
        return _type("utilisez chacune des valeurs 0, 10, 20 et 30 une fois exactement.")
    liste = [int(x) for x in reponse]
    if _h("q5", liste) == _Q5:
        return True
    if _h("q5", liste) == _Q5_INVERSE:
        return (
            "récence inversée : un achat ANCIEN rapporte ici le plus de points. Or un client "
            "qui a acheté récemment répond bien plus souvent qu'un client parti depuis "
            "longtemps : la tranche la plus récente doit recevoir le plus de points."
        )
    return "l'ordre des points ne suit pas la règle de la récence ; relisez le cours."


def _q6(reponse: object) -> object:
    verif = Tableau("q6", variable="scores_2024", attendu=lambda: _scores("2024"))
    ev = verif.evaluer(reponse)
    if not ev.correct and _serie_proche(reponse, _scores("2024", inverse=True)):
        return (
            "vos scores utilisent une récence inversée (les achats anciens rapportent le plus) : "
            "corrigez « points_recence » (question 5), puis relancez vos cellules."
        )
    return ev


def _q7(reponse: object) -> object:
    d = _campagne_2024()
    ev = Tableau("q7", variable="taux_par_classe", attendu=lambda: d["taux"]).evaluer(reponse)
    if ev.correct or ev.statut != "incorrect":
        return ev
    for cle, message in (
        (
            "sur_repondants",
            "vous avez divisé par le nombre de RÉPONDANTS : vous obtenez la part des réponses "
            "venue de chaque classe, pas un taux de réponse. Le taux de réponse d'une classe = "
            "réponses de la classe / clients CONTACTÉS de cette classe.",
        ),
        (
            "sur_contactes",
            "vous avez divisé par TOUS les contactés de la campagne : le dénominateur est le "
            "nombre de clients contactés DANS la classe.",
        ),
        (
            "sur_base",
            "vous avez divisé par toute la BASE clients : seuls les clients contactés, et ceux "
            "de la classe, comptent au dénominateur.",
        ),
    ):
        if _serie_proche(reponse, d[cle]):
            return message
    if _serie_proche(reponse, d["taux"], 100):
        return (
            "vos taux sont en pourcentage (15 pour 15 %) : écrivez des proportions entre 0 et 1 "
            "(0.15), sans multiplier par 100."
        )
    return ev


def _q12(reponse: object) -> object:
    """Depth of the model's optimum: 0.6 and 60 are both accepted (the question says so)."""
    h = _holdout()
    if isinstance(reponse, numbers.Real) and not isinstance(reponse, bool) and reponse > 1:
        reponse = float(reponse) / 100
    return Nombre(
        "q12",
        variable="profondeur_modele",
        attendu=lambda: h["part_modele"],
        tolerance=1e-6,
        pieges=(
            Piege(
                lambda r: proche(r, h["part_grille"]) and h["part_grille"] != h["part_modele"],
                "c'est la profondeur optimale de la GRILLE de points : refaites le calcul avec "
                'la colonne « proba » du modèle (score="proba").',
            ),
            Piege(
                lambda r: (
                    proche(r, h["part_modele_ca"]) and h["part_modele_ca"] != h["part_modele"]
                ),
                "vous avez utilisé le chiffre d'affaires par réponse au lieu de la MARGE par "
                "réponse : une vente ne rapporte que sa marge.",
            ),
        ),
    ).evaluer(reponse)


# --------------------------------------------------------------------------- questionnaire
_MARGE_CA = (
    "vous avez utilisé le CHIFFRE D'AFFAIRES par réponse au lieu de la MARGE par réponse : "
    "une vente ne rapporte que sa marge (prix de vente − coût des produits)."
)

QUESTIONS = Questionnaire(TD_ID, sel=_SEL)
for _question in (
    Personnalisee(
        "q1",
        variable="definitions",
        fonction=_q1,
        indice="Une définition parle d'un logiciel vendu à de nombreuses entreprises ; une autre "
        "de découper, une autre de choisir ; une autre d'un message adressé à une personne "
        "identifiée pour obtenir une réponse.",
    ),
    Personnalisee(
        "q2",
        variable="clients_cibles",
        fonction=_q2,
        indice="Trois conditions à réunir : une commande de poêle (categorie_id = 2) depuis le "
        "2025-01-01 ; une ligne de consentements avec canal = 'email' et statut = 'opt_in' ; "
        "une source différente de 'case_precochee'. Joignez commandes, lignes_commande, "
        "produits et consentements, puis gardez les client_id distincts.",
    ),
    Tableau(
        "q3",
        variable="ca_par_canal",
        attendu=lambda: _requetes()["ca"],
        tolerance=1e-6,
        indice="Filtrez les commandes de 2025 (date_commande commence par '2025'), groupez par "
        "canal_vente et additionnez la colonne montant : GROUP BY en SQL, .groupby() en pandas.",
        pieges=(
            Piege(
                lambda r: _serie_proche(r, _requetes()["ca_toutes_annees"]),
                "vous avez additionné toutes les années depuis 2019 : gardez seulement les "
                "commandes de 2025.",
            ),
            Piege(
                lambda r: _serie_proche(r, _requetes()["marge"]),
                "vous avez additionné la MARGE : le chiffre d'affaires est la colonne « montant ».",
            ),
            Piege(
                lambda r: _serie_proche(r, _requetes()["nb_commandes"]),
                "vous avez compté les commandes : il faut additionner leurs montants (.sum()).",
            ),
        ),
    ),
    Libre("q4", variable="importance de la base de données"),
    Personnalisee(
        "q5",
        variable="points_recence",
        fonction=_q5,
        indice="Qui répond le plus à un mailing : le client qui a acheté le mois dernier ou "
        "celui dont le dernier achat date de trois ans ?",
    ),
    Personnalisee(
        "q6",
        variable="scores_2024",
        fonction=_q6,
        indice="Construisez les règles avec regles_grille(points_recence), appliquez-les avec "
        'scoring.appliquer_grille(clients_2024, regles) et gardez la colonne "score".',
    ),
    Personnalisee(
        "q7",
        variable="taux_par_classe",
        fonction=_q7,
        indice="Taux de réponse d'une classe = réponses de la classe / clients CONTACTÉS de la "
        'classe. scoring.taux_reponse_par_classe(tableau, "classe") le calcule '
        '(colonne "taux_reponse").',
    ),
    Nombre(
        "q8",
        variable="marge_par_reponse",
        attendu=lambda: _campagne_2024()["marge"],
        indice="Marge par réponse = somme de marge_reponse des répondants / nombre de réponses "
        "(campagne 1).",
        pieges=(
            Piege(lambda r: proche(r, _campagne_2024()["ca"]), _MARGE_CA),
            Piege(
                lambda r: proche(
                    r,
                    _campagne_2024()["marge"]
                    * _campagne_2024()["reponses"]
                    / _campagne_2024()["contacts"],
                ),
                "vous avez divisé par tous les CONTACTÉS : la question porte sur la marge "
                "moyenne d'une RÉPONSE (divisez par le nombre de répondants).",
            ),
        ),
    ),
    Nombre(
        "q9",
        variable="seuil",
        attendu=lambda: _campagne_2024()["seuil"],
        indice="Taux de réponse de rentabilité = coût par contact / marge par réponse, "
        "en proportion (entre 0 et 1). economics.seuil_rentabilite le calcule.",
        pieges=(
            Piege(
                lambda r: proche(r, _campagne_2024()["seuil_ca"]),
                "vous avez divisé par le CHIFFRE D'AFFAIRES par réponse : le seuil se calcule "
                "avec la MARGE par réponse (coût par contact / marge par réponse).",
            ),
            Piege(
                lambda r: proche(r, 100 * _campagne_2024()["seuil"]),
                "c'est un pourcentage (1.2 pour 1,2 %) : la question demande une proportion "
                "entre 0 et 1 (0.012), sans multiplier par 100.",
            ),
            Piege(
                lambda r: proche(r, 1 / _campagne_2024()["seuil"]),
                "division à l'envers : c'est le COÛT par contact qui se divise par la MARGE par "
                "réponse.",
            ),
        ),
    ),
    Choix(
        "q10",
        variable="classes_retenues",
        empreintes=(_Q10,),
        options=ETIQUETTES_CLASSES,
        sans_ordre=True,
        indice="Comparez le taux de réponse de chaque classe (question 7) au seuil de "
        "rentabilité (question 9) : on écrit aux classes dont le taux dépasse le seuil.",
        pieges=(
            Piege(
                lambda r: _h("q10", set(map(str.upper, r))) == _Q10_TOUTES,
                "une classe a un taux de réponse sous le seuil de rentabilité : lui écrire fait "
                "perdre de l'argent. Si toutes les classes vous semblent rentables, vérifiez "
                "que votre seuil utilise la MARGE et non le chiffre d'affaires.",
            ),
            Piege(
                lambda r: _h("q10", set(map(str.upper, r))) == _Q10_SANS_C,
                "une classe écartée a un taux de réponse AU-DESSUS du seuil : chaque contact y "
                "rapporte plus qu'il ne coûte, il faut la garder.",
            ),
        ),
    ),
    Nombre(
        "q11",
        variable="profit_ciblage",
        attendu=lambda: _campagne_2024()["profit_abc"],
        tolerance_abs=0.5,
        indice="Profit = réponses des classes retenues × marge par réponse − contacts des "
        "classes retenues × coût par contact.",
        pieges=(
            Piege(
                lambda r: (
                    proche(r, _campagne_2024()["profit_abc_ca"])
                    or proche(r, _campagne_2024()["profit_tous_ca"])
                ),
                _MARGE_CA,
            ),
            Piege(
                lambda r: proche(r, _campagne_2024()["profit_abc_sans_cout"]),
                "vous avez oublié de retirer le coût des contacts (1 € par courrier).",
            ),
            Piege(
                lambda r: proche(r, _campagne_2024()["profit_tous"]),
                "c'est le profit de l'envoi à TOUS les clients : calculez celui des seules "
                "classes retenues.",
            ),
        ),
    ),
    Personnalisee(
        "q12",
        variable="profondeur_modele",
        fonction=_q12,
        indice="scoring.profondeur_optimale(clients_2025, COUT_CONTACT, marge_par_reponse, "
        'score="proba") renvoie la ligne optimale ; lisez « part_contacts ».',
    ),
    Nombre(
        "q13",
        variable="gain_modele",
        attendu=lambda: _holdout()["gain"],
        tolerance_abs=0.5,
        indice="Gain = profit à la profondeur optimale du modèle − profit à la profondeur "
        "optimale de la grille, tous deux sur la campagne 2025.",
        pieges=(
            Piege(lambda r: proche(r, _holdout()["gain_ca"]), _MARGE_CA),
            Piege(
                lambda r: proche(r, -_holdout()["gain"]),
                "le signe est inversé : calculez profit du modèle − profit de la grille.",
            ),
            Piege(
                lambda r: proche(r, 0.0, 1e-9) or abs(float(r)) < 1e-6,
                "un écart nul : avez-vous comparé les deux scores à 100 % du fichier ? À cette "
                "profondeur tout le monde est contacté, quel que soit le score.",
            ),
        ),
    ),
    Choix(
        "q14",
        variable="choix_score",
        empreintes=(_Q14,),
        options=("grille", "modele"),
        indice="Regardez la question 13 : quel score rapporte le plus sur une campagne qu'il "
        "n'a pas vue ?",
        pieges=(
            Piege(
                lambda r: _h("q14", r) == _Q14_GRILLE,
                "la grille est plus simple à expliquer, mais sur la campagne 2025, qu'aucun des "
                "deux scores n'a vue, c'est l'autre qui rapporte le plus (question 13).",
            ),
        ),
    ),
):
    QUESTIONS.ajouter(_question)

verifier = QUESTIONS.verifier
indice = QUESTIONS.indice
evaluer = QUESTIONS.evaluer

__all__ = [
    "BORNES_CLASSES",
    "COUT_CONTACT",
    "ETIQUETTES_CLASSES",
    "QUESTIONS",
    "REGLES_AUTRES",
    "TD_ID",
    "TRANCHES_RECENCE",
    "VARIABLES_MODELE",
    "evaluer",
    "indice",
    "regles_grille",
    "verifier",
]
