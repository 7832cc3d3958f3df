"""Scoring: points grids, RFM, response rate by class, gains/lift, mailing depth, logistic score.

Rates and shares are fractions (0.03 = 3 %); column-name parameters default
to the Super Chef names; inputs are never modified; misuse raises
:class:`ErreurAnalyse` (a ``ValueError``) with a French message.

Public API
----------
Points grids (a grid is data, not code): :func:`grille_de_points`,
:func:`appliquer_grille`, :func:`classes_de_score`.
RFM: :func:`calculer_rfm`, :func:`notes_quantiles`, :func:`segmentation_rfm`,
:data:`SEGMENTS_RFM`.
Targeting: :func:`taux_reponse_par_classe`, :func:`deciles`, :func:`table_gains`,
:func:`profit_par_profondeur`, :func:`profondeur_optimale`.
Logistic score: :func:`variables_campagne`, :func:`ajuster_score_logistique`,
:class:`ScoreLogistique`, :func:`auc`.

>>> notes_quantiles(pd.Series([10, 20, 30, 40, 50]), n=5).tolist()
[1, 2, 3, 4, 5]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmkit.francais import accord

from ._validation import (
    ErreurAnalyse,
    date_unique,
    dates,
    entier,
    nombre,
    verifier_colonnes,
    verifier_dataframe,
    verifier_numerique,
)

__all__ = [
    "SEGMENTS_RFM",
    "ErreurAnalyse",
    "ScoreLogistique",
    "ajuster_score_logistique",
    "appliquer_grille",
    "auc",
    "calculer_rfm",
    "classes_de_score",
    "deciles",
    "grille_de_points",
    "notes_quantiles",
    "profit_par_profondeur",
    "profondeur_optimale",
    "segmentation_rfm",
    "table_gains",
    "taux_reponse_par_classe",
    "variables_campagne",
]

DATE_REFERENCE = "2025-12-31"
"""Reference date ("today") of the Super Chef data set."""


# --------------------------------------------------------------------------- points grid
def grille_de_points(regles: Mapping[str, object]) -> pd.DataFrame:
    """Build a points grid (a tidy table) from a plain dict of rules.

    For each criterion (a column of the customer table) give either

    - a list of ``(borne_inf, borne_sup, points)`` numeric bins, half-open
      ``[borne_inf, borne_sup[`` (use ``float("inf")`` for "and more"), or
    - a dict ``{modalite: points}`` for a categorical column.

    The result has one row per bin: ``critere``, ``borne_inf``, ``borne_sup``,
    ``modalite``, ``points``. It is data: print it, edit it, save it as CSV.

    >>> g = grille_de_points({"recence_jours": [(0, 90, 30), (90, 365, 10), (365, float("inf"), 0)],
    ...                       "type_client": {"b2b": 20, "b2c": 0}})
    >>> g[["critere", "points"]].values.tolist()[:4]
    [['recence_jours', 30], ['recence_jours', 10], ['recence_jours', 0], ['type_client', 20]]
    """
    if not isinstance(regles, Mapping) or not regles:
        raise ErreurAnalyse(
            "la grille doit être un dictionnaire non vide {critère: règles}, par exemple "
            '{"recence_jours": [(0, 90, 30), (90, 365, 10)]}.'
        )
    lignes = []
    for critere, regle in regles.items():
        if isinstance(regle, Mapping):
            for modalite, points in regle.items():
                nombre(points, f"points de {critere}={modalite!r}")
                lignes.append((critere, np.nan, np.nan, modalite, points))
        elif isinstance(regle, Sequence) and not isinstance(regle, str):
            tranches = []
            for tr in regle:
                if not (isinstance(tr, Sequence) and len(tr) == 3):
                    raise ErreurAnalyse(
                        f"critère {critere!r} : chaque tranche s'écrit (borne_inf, borne_sup, "
                        f"points) ; reçu : {tr!r}."
                    )
                lo = nombre(tr[0], f"borne_inf de {critere!r}") if tr[0] != -np.inf else -np.inf
                hi = nombre(tr[1], f"borne_sup de {critere!r}") if tr[1] != np.inf else np.inf
                nombre(tr[2], f"points de {critere!r}")
                if not lo < hi:
                    raise ErreurAnalyse(
                        f"critère {critere!r} : la tranche {tr!r} a une borne inférieure qui "
                        "n'est pas strictement plus petite que la borne supérieure."
                    )
                tranches.append((lo, hi, tr[2]))
            tranches.sort()
            for (_, hi1, _), (lo2, _, _) in zip(tranches, tranches[1:], strict=False):
                if lo2 < hi1:
                    raise ErreurAnalyse(
                        f"critère {critere!r} : des tranches se chevauchent (une borne "
                        f"inférieure {lo2:g} est avant la borne supérieure {hi1:g})."
                    )
            lignes += [(critere, lo, hi, None, p) for lo, hi, p in tranches]
        else:
            raise ErreurAnalyse(
                f"critère {critere!r} : donnez une liste de tranches (borne_inf, borne_sup, "
                f"points) ou un dictionnaire {{modalité: points}} ; reçu : {type(regle).__name__}."
            )
    return pd.DataFrame(lignes, columns=["critere", "borne_inf", "borne_sup", "modalite", "points"])


def appliquer_grille(df: pd.DataFrame, grille: pd.DataFrame | Mapping) -> pd.DataFrame:
    """Points per criterion and total score, one row per row of ``df`` (same index).

    ``grille`` is a table from :func:`grille_de_points` (or the dict it
    takes). Returns columns ``points_<critere>`` and ``score`` (their sum).
    A value that falls in no bin, or a missing value, raises a French error
    naming the criterion: complete the grid rather than give silent zeros.

    >>> g = grille_de_points({"frequence": [(0, 2, 0), (2, float("inf"), 20)],
    ...                       "type_client": {"b2b": 10, "b2c": 0}})
    >>> clients = pd.DataFrame({"frequence": [1, 5], "type_client": ["b2c", "b2b"]})
    >>> appliquer_grille(clients, g)["score"].tolist()
    [0, 30]
    """
    verifier_dataframe(df, "tableau des clients")
    if isinstance(grille, Mapping):
        grille = grille_de_points(grille)
    verifier_colonnes(grille, ["critere", "borne_inf", "borne_sup", "modalite", "points"], "grille")
    out = pd.DataFrame(index=df.index)
    for critere, g in grille.groupby("critere", sort=False):
        verifier_colonnes(df, [critere], "tableau des clients")
        x = df[critere]
        if g["modalite"].notna().any():
            table = dict(zip(g["modalite"], g["points"], strict=True))
            pts = x.map(table)
            manquant = x[pts.isna()]
        else:
            if not pd.api.types.is_numeric_dtype(x):
                raise ErreurAnalyse(
                    f"le critère {critere!r} a des tranches numériques mais la colonne "
                    f"contient des valeurs de type {x.dtype}."
                )
            pts = pd.Series(np.nan, index=df.index, dtype=float)
            xv = x.to_numpy(dtype=float)
            for lo, hi, p in g[["borne_inf", "borne_sup", "points"]].itertuples(index=False):
                pts[(xv >= lo) & (xv < hi)] = p
            manquant = x[pts.isna()]
        if len(manquant):
            exemples = ", ".join(repr(v) for v in pd.unique(manquant)[:5])
            raise ErreurAnalyse(
                f"critère {critere!r} : {accord(len(manquant), 'valeur')} "
                f"{'ne tombe' if len(manquant) < 2 else 'ne tombent'} dans aucune "
                f"tranche de la grille (par exemple {exemples}) ; complétez la grille ou "
                "traitez les valeurs manquantes."
            )
        p = pts.to_numpy()
        out[f"points_{critere}"] = p.astype(int) if np.all(p == np.round(p)) else p
    out["score"] = out.sum(axis=1)
    return out


def classes_de_score(
    score: pd.Series, bornes: Sequence[float], etiquettes: Sequence[str] | None = None
) -> pd.Series:
    """Cut a score into classes with half-open bins ``[b0, b1[, [b1, b2[ …``.

    ``bornes`` are increasing; labels default to ``"[b0 ; b1["``. Values
    outside the bins raise a French error.

    >>> classes_de_score(pd.Series([5, 25, 60]), [0, 20, 50, 101], ["C", "B", "A"]).tolist()
    ['C', 'B', 'A']
    """
    if not isinstance(score, pd.Series):
        score = pd.Series(score)
    b = [nombre(x, "borne") if np.isfinite(x) else float(x) for x in bornes]
    if len(b) < 2 or any(x >= y for x, y in zip(b, b[1:], strict=False)):
        raise ErreurAnalyse(
            f"« bornes » doit contenir au moins 2 valeurs strictement croissantes ; reçu : {list(bornes)!r}."
        )
    if etiquettes is None:
        etiquettes = [f"[{x:g} ; {y:g}[" for x, y in zip(b, b[1:], strict=False)]
    if len(etiquettes) != len(b) - 1:
        raise ErreurAnalyse(
            f"il faut une étiquette par classe : {accord(len(b) - 1, 'classe')} mais "
            f"{accord(len(etiquettes), 'étiquette')}."
        )
    c = pd.cut(score, b, right=False, labels=list(etiquettes))
    hors = score[c.isna()]
    if len(hors):
        raise ErreurAnalyse(
            f"{accord(len(hors), 'score')} hors des bornes {b[0]:g} – {b[-1]:g} (par exemple "
            f"{hors.iloc[0]!r}) ; élargissez les bornes."
        )
    return c


# --------------------------------------------------------------------------- RFM
def calculer_rfm(
    commandes: pd.DataFrame,
    date_reference: object = DATE_REFERENCE,
    *,
    client: str = "client_id",
    date: str = "date_commande",
    montant: str = "montant",
) -> pd.DataFrame:
    """Recency, frequency, monetary value per customer from the orders table.

    Only orders dated on or before ``date_reference`` count (so the same
    function builds the variables "as of" a campaign date). Columns:
    ``recence`` (days since the last order), ``frequence`` (number of
    orders), ``montant`` (total € HT). Index: customer id, sorted.

    >>> cmd = pd.DataFrame({"client_id": [1, 1, 2], "montant": [100.0, 50, 80],
    ...                     "date_commande": ["2025-12-01", "2025-06-01", "2025-01-01"]})
    >>> calculer_rfm(cmd, "2025-12-31").values.tolist()
    [[30.0, 2.0, 150.0], [364.0, 1.0, 80.0]]
    """
    verifier_dataframe(commandes, "tableau des commandes")
    verifier_colonnes(commandes, [client, date, montant], "tableau des commandes")
    verifier_numerique(commandes, [montant], "tableau des commandes")
    ref = date_unique(date_reference, "date_reference")
    if commandes[client].isna().any():
        raise ErreurAnalyse(
            f"la colonne {client!r} contient des identifiants manquants ; "
            "supprimez ces lignes avant l'analyse."
        )
    d = dates(commandes[date], date)
    garde = (d <= ref).to_numpy()
    ids = commandes[client].to_numpy()[garde]
    jours = ((ref - d).to_numpy()[garde] // np.timedelta64(1, "D")).astype(np.int64)
    m = commandes[montant].to_numpy(dtype=float)[garde]
    if len(ids) == 0:
        return pd.DataFrame(
            {
                "recence": pd.Series(dtype=float),
                "frequence": pd.Series(dtype=float),
                "montant": pd.Series(dtype=float),
            }
        ).rename_axis(client)
    # factorize + bincount: one pass, much faster than groupby().apply()
    codes, uniques = pd.factorize(ids, sort=True)
    k = len(uniques)
    rec = np.full(k, np.iinfo(np.int64).max)
    np.minimum.at(rec, codes, jours)
    out = pd.DataFrame(
        {
            "recence": rec.astype(float),
            "frequence": np.bincount(codes, minlength=k).astype(float),
            "montant": np.bincount(codes, weights=m, minlength=k),
        },
        index=pd.Index(uniques, name=client),
    )
    return out


def notes_quantiles(valeurs: pd.Series, n: int = 5, croissant: bool = True) -> pd.Series:
    """Quantile notes 1…n (n = best) that treat ties fairly.

    Each value gets the mid-rank percentile ``p = (rang_moyen − 0.5) / N`` and
    the note ``floor(p · n) + 1``: tied values always get the same note (where
    ``pd.qcut`` fails with "Bin edges must be unique"), N distinct values are
    split in n groups as equal as possible, and a single customer or all-equal
    values get the middle note. ``croissant=False`` reverses the order (for
    recency: fewer days since the last order = better = higher note).

    >>> notes_quantiles(pd.Series([1, 1, 1, 1, 5, 9]), n=3).tolist()  # ties share a note
    [2, 2, 2, 2, 3, 3]
    >>> notes_quantiles(pd.Series([7, 7, 7]), n=5).tolist()
    [3, 3, 3]
    >>> notes_quantiles(pd.Series([10, 400, 30]), n=3, croissant=False).tolist()  # recency
    [3, 1, 2]
    """
    if not isinstance(valeurs, pd.Series):
        valeurs = pd.Series(valeurs)
    k = entier(n, "n", minimum=1)
    if valeurs.isna().any():
        raise ErreurAnalyse(
            f"{accord(int(valeurs.isna().sum()), 'valeur manquante')} (NaN) : impossible de les "
            "classer ; supprimez-les ou remplacez-les avant de calculer les notes."
        )
    if len(valeurs) == 0:
        return pd.Series(dtype="int64", index=valeurs.index, name=valeurs.name)
    rang = valeurs.rank(method="average", ascending=croissant).to_numpy()
    p = (rang - 0.5) / len(valeurs)
    notes = np.minimum(np.floor(p * k).astype(np.int64) + 1, k)
    return pd.Series(notes, index=valeurs.index, name=valeurs.name)


SEGMENTS_RFM: dict[str, str] = {
    "Champions": "R ≥ 4 et F ≥ 4 : achètent souvent et récemment.",
    "Fidèles": "R ≥ 3 et F ≥ 3 (hors champions) : clients réguliers.",
    "Nouveaux": "R ≥ 4 et F ≤ 2 : premiers achats récents, à faire revenir.",
    "À risque": "R ≤ 2 et F ≥ 3 : bons clients qui n'achètent plus, à relancer en priorité.",
    "Perdus": "R ≤ 2 et F ≤ 2 : peu d'achats, anciens.",
    "À surveiller": "les autres (profil moyen).",
}
"""RFM segments (checked in this order) and their rule on the R and F notes (1–5)."""


def _segments(r: np.ndarray, f: np.ndarray) -> np.ndarray:
    conds = [
        (r >= 4) & (f >= 4),
        (r >= 3) & (f >= 3),
        (r >= 4) & (f <= 2),
        (r <= 2) & (f >= 3),
        (r <= 2) & (f <= 2),
    ]
    noms = list(SEGMENTS_RFM)
    return np.select(conds, noms[:5], default=noms[5])


def segmentation_rfm(
    commandes: pd.DataFrame,
    date_reference: object = DATE_REFERENCE,
    n: int = 5,
    *,
    client: str = "client_id",
    date: str = "date_commande",
    montant: str = "montant",
) -> pd.DataFrame:
    """RFM segmentation: R, F, M notes 1…n (n = best), RFM code, total and segment.

    ``commandes`` is the orders table (one row per order; see
    :func:`calculer_rfm`) or an already computed table with columns
    ``recence``, ``frequence``, ``montant``. Notes come from
    :func:`notes_quantiles` (ties share a note; recency is reversed: the most
    recent customers get n). Segments need n = 5 (see :data:`SEGMENTS_RFM`).

    Columns: ``recence``, ``frequence``, ``montant``, ``R``, ``F``, ``M``,
    ``code_rfm`` (e.g. ``"545"``), ``score_rfm`` (R + F + M), ``segment``.

    >>> cmd = pd.DataFrame({"client_id": [1, 1, 1, 2, 3, 3],
    ...     "date_commande": ["2025-12-20", "2025-10-01", "2025-06-01", "2023-01-05",
    ...                       "2025-11-30", "2024-02-01"],
    ...     "montant": [120.0, 80, 60, 30, 200, 90]})
    >>> s = segmentation_rfm(cmd, "2025-12-31", n=3)
    >>> s["code_rfm"].tolist()
    ['332', '111', '223']
    """
    verifier_dataframe(commandes, "tableau des commandes")
    if {"recence", "frequence", "montant"} <= set(commandes.columns) and date not in commandes:
        verifier_numerique(commandes, ["recence", "frequence", "montant"], "tableau RFM")
        rfm = commandes[["recence", "frequence", "montant"]].copy()
    else:
        rfm = calculer_rfm(commandes, date_reference, client=client, date=date, montant=montant)
    k = entier(n, "n", minimum=1)
    rfm["R"] = notes_quantiles(rfm["recence"], k, croissant=False)
    rfm["F"] = notes_quantiles(rfm["frequence"], k)
    rfm["M"] = notes_quantiles(rfm["montant"], k)
    rfm["code_rfm"] = (
        rfm["R"].astype(str).str.cat([rfm["F"].astype(str), rfm["M"].astype(str)])
        if len(rfm)
        else pd.Series(dtype=object)
    )
    rfm["score_rfm"] = rfm["R"] + rfm["F"] + rfm["M"]
    if k == 5:
        rfm["segment"] = _segments(rfm["R"].to_numpy(), rfm["F"].to_numpy())
    else:
        rfm["segment"] = pd.NA
    return rfm


# --------------------------------------------------------------------------- targeting tables
def taux_reponse_par_classe(
    df: pd.DataFrame, classe: str, reponse: str = "reponse"
) -> pd.DataFrame:
    """Contacts, responses and response rate for each value of ``classe``.

    Columns: ``contacts``, ``reponses``, ``taux_reponse``, ``part_contacts``
    (share of all contacts), ``indice`` (class rate / overall rate; 1.2 = 20 %
    better than average).

    >>> df = pd.DataFrame({"classe": ["A", "A", "B", "B", "B", "B"], "reponse": [1, 0, 1, 0, 0, 0]})
    >>> taux_reponse_par_classe(df, "classe")["taux_reponse"].tolist()
    [0.5, 0.25]
    """
    verifier_colonnes(df, [classe, reponse], "tableau")
    verifier_numerique(df, [reponse], "tableau")
    g = df.groupby(classe, observed=True)[reponse].agg(["size", "sum"])
    g.columns = ["contacts", "reponses"]
    g["taux_reponse"] = g["reponses"] / g["contacts"]
    g["part_contacts"] = g["contacts"] / g["contacts"].sum()
    global_ = df[reponse].mean() if len(df) else np.nan
    g["indice"] = g["taux_reponse"] / global_ if global_ else np.nan
    return g


def _ordre_score(df: pd.DataFrame, score: str) -> np.ndarray:
    verifier_numerique(df, [score], "tableau")
    return np.argsort(-df[score].to_numpy(dtype=float), kind="stable")


def deciles(score: pd.Series, n: int = 10) -> pd.Series:
    """Group number 1…n by decreasing score (1 = best 10 %), groups of equal size.

    Rows are sorted by decreasing score (ties keep their order) and cut into
    ``n`` groups whose sizes differ by at most one.

    >>> deciles(pd.Series([0.9, 0.1, 0.5, 0.7]), n=2).tolist()
    [1, 2, 2, 1]
    """
    s = score if isinstance(score, pd.Series) else pd.Series(score)
    k = entier(n, "n", minimum=1)
    ordre = _ordre_score(s.to_frame("s"), "s")
    groupes = np.empty(len(s), dtype=np.int64)
    groupes[ordre] = np.arange(len(s)) * k // max(len(s), 1) + 1
    return pd.Series(groupes, index=s.index, name="groupe")


def table_gains(
    df: pd.DataFrame, score: str = "score", reponse: str = "reponse", n_groupes: int = 10
) -> pd.DataFrame:
    """Cumulative gains and lift table by group of decreasing score (deciles by default).

    One row per group (1 = best scores). Columns: ``contacts``, ``reponses``,
    ``taux_reponse`` (in the group), ``contacts_cumules``, ``part_contacts``
    (cumulative share of the file), ``reponses_cumulees``, ``gain``
    (cumulative share of all responses), ``lift`` (cumulative response rate /
    overall rate = gain / part_contacts) and ``lift_groupe`` (group rate /
    overall rate).

    >>> df = pd.DataFrame({"score": [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ...                    "reponse": [1, 1, 0, 1, 0, 0, 1, 0, 0, 0]})
    >>> t = table_gains(df, n_groupes=5)
    >>> t["gain"].tolist(), t["lift"].tolist()
    ([0.5, 0.75, 0.75, 1.0, 1.0], [2.5, 1.875, 1.25, 1.25, 1.0])
    """
    verifier_colonnes(df, [score, reponse], "tableau")
    verifier_numerique(df, [reponse], "tableau")
    k = entier(n_groupes, "n_groupes", minimum=1)
    if len(df) == 0:
        raise ErreurAnalyse("le tableau est vide : aucun contact, pas de table de gains.")
    ordre = _ordre_score(df, score)
    y = df[reponse].to_numpy(dtype=float)[ordre]
    if y.sum() == 0:
        raise ErreurAnalyse(
            f"la colonne {reponse!r} ne contient aucune réponse (que des 0) : les gains "
            "(part des réponses) ne sont pas définis."
        )
    g = np.arange(len(y)) * k // len(y) + 1
    t = pd.DataFrame({"groupe": g, "y": y}).groupby("groupe")["y"].agg(["size", "sum"])
    t.columns = ["contacts", "reponses"]
    t["taux_reponse"] = t["reponses"] / t["contacts"]
    t["contacts_cumules"] = t["contacts"].cumsum()
    t["part_contacts"] = t["contacts_cumules"] / len(y)
    t["reponses_cumulees"] = t["reponses"].cumsum()
    t["gain"] = t["reponses_cumulees"] / y.sum()
    t["lift"] = t["gain"] / t["part_contacts"]
    t["lift_groupe"] = t["taux_reponse"] / y.mean()
    return t


def profit_par_profondeur(
    df: pd.DataFrame,
    cout_contact: float,
    marge_par_reponse: float | str,
    score: str = "score",
    reponse: str = "reponse",
    n_groupes: int | None = 10,
    couts_fixes: float = 0.0,
) -> pd.DataFrame:
    """Profit of a mailing by depth: contact the best-scored customers first.

    For each depth (the first 1, 2 … n_groupes groups, or every single contact
    when ``n_groupes=None``): ``contacts`` (cumulative), ``part_contacts``,
    ``reponses`` (cumulative), ``cout`` = contacts × cost + fixed costs,
    ``marge`` = responses × margin per response (or the sum of a margin
    column if ``marge_par_reponse`` is a column name such as
    ``"marge_reponse"``), ``profit`` = marge − cout. A first row with depth 0
    (nobody contacted) is included.

    >>> df = pd.DataFrame({"score": [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ...                    "reponse": [1, 1, 0, 1, 0, 0, 1, 0, 0, 0]})
    >>> profit_par_profondeur(df, cout_contact=1.0, marge_par_reponse=3.0, n_groupes=5)["profit"].tolist()
    [0.0, 4.0, 5.0, 3.0, 4.0, 2.0]
    """
    verifier_colonnes(df, [score, reponse], "tableau")
    verifier_numerique(df, [reponse], "tableau")
    c = nombre(cout_contact, "cout_contact", minimum=0)
    f = nombre(couts_fixes, "couts_fixes", minimum=0)
    ordre = _ordre_score(df, score)
    y = df[reponse].to_numpy(dtype=float)[ordre]
    if isinstance(marge_par_reponse, str):
        verifier_numerique(df, [marge_par_reponse], "tableau")
        gains = df[marge_par_reponse].to_numpy(dtype=float)[ordre]
    else:
        m = nombre(marge_par_reponse, "marge_par_reponse", non_nul=True)
        gains = y * m
    n = len(y)
    if n_groupes is None:
        fins = np.arange(1, n + 1)
    else:
        k = entier(n_groupes, "n_groupes", minimum=1)
        fins = np.unique((np.arange(1, k + 1) * n) // k)
        fins = fins[fins > 0]
    fins = np.concatenate([[0], fins]).astype(np.int64)
    cum_y = np.concatenate([[0.0], np.cumsum(y)])[fins]
    cum_m = np.concatenate([[0.0], np.cumsum(gains)])[fins]
    cout = fins * c + np.where(fins > 0, f, 0.0)
    return pd.DataFrame(
        {
            "contacts": fins,
            "part_contacts": fins / n if n else np.zeros(len(fins)),
            "reponses": cum_y,
            "cout": cout,
            "marge": cum_m,
            "profit": cum_m - cout,
        }
    )


def profondeur_optimale(
    df: pd.DataFrame,
    cout_contact: float,
    marge_par_reponse: float | str,
    score: str = "score",
    reponse: str = "reponse",
    n_groupes: int | None = 10,
    couts_fixes: float = 0.0,
) -> pd.Series:
    """The depth that maximises profit (first one if several are equal).

    Returns a Series with ``contacts``, ``part_contacts``, ``reponses``,
    ``cout``, ``marge``, ``profit`` of the best row of
    :func:`profit_par_profondeur` (depth 0 if no depth is profitable).

    >>> df = pd.DataFrame({"score": [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ...                    "reponse": [1, 1, 0, 1, 0, 0, 1, 0, 0, 0]})
    >>> p = profondeur_optimale(df, 1.0, 3.0, n_groupes=5)
    >>> int(p["contacts"]), float(p["profit"])
    (4, 5.0)
    """
    t = profit_par_profondeur(
        df, cout_contact, marge_par_reponse, score, reponse, n_groupes, couts_fixes
    )
    return t.iloc[int(np.argmax(t["profit"].to_numpy()))].rename("profondeur_optimale")


# --------------------------------------------------------------------------- logistic score
def variables_campagne(
    commandes: pd.DataFrame,
    contacts: pd.DataFrame,
    date_campagne: object,
    *,
    lignes: pd.DataFrame | None = None,
    produits: pd.DataFrame | None = None,
    categorie_id: int | None = None,
    client: str = "client_id",
) -> pd.DataFrame:
    """Explanatory variables of the contacted customers, as of the campaign date.

    Uses only orders strictly before ``date_campagne`` (no peeking at the
    answer). One row per row of ``contacts`` (same order), with
    ``client_id``, ``reponse`` (if present), ``recence`` (days; customers
    without a past order get the maximal observed recency + 1),
    ``frequence``, ``montant``, ``log_montant`` = log(1 + montant), and if
    ``lignes``, ``produits`` and ``categorie_id`` are given,
    ``part_categorie``: share of the customer's past spending in the
    campaign's category.

    >>> cmd = pd.DataFrame({"client_id": [1, 1, 2], "montant": [100.0, 50, 80],
    ...     "date_commande": ["2025-01-01", "2025-03-01", "2024-01-01"]})
    >>> cont = pd.DataFrame({"client_id": [1, 2, 3], "reponse": [1, 0, 0]})
    >>> v = variables_campagne(cmd, cont, "2025-02-01")
    >>> v[["recence", "frequence", "montant"]].values.tolist()
    [[31.0, 1.0, 100.0], [397.0, 1.0, 80.0], [398.0, 0.0, 0.0]]
    """
    verifier_colonnes(contacts, [client], "tableau des contacts")
    ref = date_unique(date_campagne, "date_campagne") - pd.Timedelta(days=1)
    rfm = calculer_rfm(commandes, ref, client=client)
    rfm["recence"] += 1  # days before the campaign day itself
    out = contacts[[c for c in (client, "reponse") if c in contacts.columns]].copy()
    joint = rfm.reindex(out[client].to_numpy())
    rec_max = float(rfm["recence"].max()) if len(rfm) else 0.0
    out["recence"] = joint["recence"].fillna(rec_max + 1).to_numpy()
    out["frequence"] = joint["frequence"].fillna(0.0).to_numpy()
    out["montant"] = joint["montant"].fillna(0.0).to_numpy()
    out["log_montant"] = np.log1p(out["montant"])
    if lignes is not None and produits is not None and categorie_id is not None:
        verifier_colonnes(lignes, ["commande_id", "produit_id", "montant"], "tableau des lignes")
        verifier_colonnes(produits, ["produit_id", "categorie_id"], "tableau des produits")
        verifier_colonnes(commandes, ["commande_id", "date_commande"], "tableau des commandes")
        cmd = commandes[["commande_id", client, "date_commande"]]
        cmd = cmd[dates(cmd["date_commande"], "date_commande") <= ref]
        lig = lignes[["commande_id", "produit_id", "montant"]].merge(cmd, on="commande_id")
        lig = lig.merge(produits[["produit_id", "categorie_id"]], on="produit_id")
        tot = lig.groupby(client)["montant"].sum()
        cat = lig[lig["categorie_id"] == categorie_id].groupby(client)["montant"].sum()
        part = (cat.reindex(tot.index, fill_value=0.0) / tot.where(tot > 0)).fillna(0.0)
        out["part_categorie"] = part.reindex(out[client].to_numpy(), fill_value=0.0).to_numpy()
    return out


@dataclass
class ScoreLogistique:
    """A fitted logistic-regression score (scikit-learn pipeline: scaling + logistic).

    Use :meth:`predire` for response probabilities on another campaign and
    :attr:`coefficients` to read the effect of each (standardised) variable.
    Built by :func:`ajuster_score_logistique`.
    """

    variables: list[str]
    modele: object = field(repr=False)
    coefficients: pd.Series = field(repr=False)

    def predire(self, df: pd.DataFrame) -> pd.Series:
        """Response probability for each row of ``df`` (same index), named ``score``.

        >>> import pandas as pd
        >>> d = pd.DataFrame({"x": [0, 1, 2, 3, 4, 5, 6, 7], "reponse": [0, 0, 0, 1, 0, 1, 1, 1]})
        >>> m = ajuster_score_logistique(d, ["x"])
        >>> bool(m.predire(d).is_monotonic_increasing)
        True
        """
        verifier_numerique(df, self.variables, "tableau")
        p = self.modele.predict_proba(df[self.variables].to_numpy(dtype=float))[:, 1]
        return pd.Series(p, index=df.index, name="score")


def ajuster_score_logistique(
    df: pd.DataFrame, variables: Sequence[str], reponse: str = "reponse", C: float = 1.0
) -> ScoreLogistique:
    """Fit a logistic-regression response score on one campaign.

    Variables are standardised (mean 0, std 1) before the regression, so the
    coefficients are comparable: the larger in absolute value, the stronger
    the effect. Evaluate the score on *another* campaign (hold-out) with
    :func:`table_gains` or :func:`auc`.

    >>> d = pd.DataFrame({"x": [0, 1, 2, 3, 4, 5, 6, 7], "reponse": [0, 0, 0, 1, 0, 1, 1, 1]})
    >>> m = ajuster_score_logistique(d, ["x"])
    >>> bool(m.coefficients["x"] > 0)
    True
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    variables = [variables] if isinstance(variables, str) else list(variables)
    if not variables:
        raise ErreurAnalyse('donnez au moins une variable explicative, par exemple ["recence"].')
    verifier_numerique(df, [*variables, reponse], "tableau")
    y = df[reponse].to_numpy()
    if set(np.unique(y)) != {0, 1}:
        raise ErreurAnalyse(
            f"la colonne {reponse!r} doit contenir des 0 (pas de réponse) et des 1 "
            f"(réponse), les deux ; valeurs reçues : {sorted(set(np.unique(y).tolist()))[:5]}."
        )
    modele = make_pipeline(
        StandardScaler(), LogisticRegression(C=nombre(C, "C", minimum=0, strict=True))
    )
    modele.fit(df[variables].to_numpy(dtype=float), y.astype(int))
    coef = pd.Series(modele[-1].coef_[0], index=variables, name="coefficient")
    return ScoreLogistique(variables=variables, modele=modele, coefficients=coef)


def auc(score: pd.Series, reponse: pd.Series) -> float:
    """Area under the ROC curve: probability that a responder is scored above a non-responder.

    0.5 = no better than chance, 1 = perfect ordering.

    >>> auc(pd.Series([0.9, 0.8, 0.3, 0.1]), pd.Series([1, 0, 1, 0]))
    0.75
    """
    from sklearn.metrics import roc_auc_score

    s = pd.Series(score).to_numpy(dtype=float)
    y = pd.Series(reponse).to_numpy()
    if len(s) != len(y):
        raise ErreurAnalyse(
            f"score ({len(s)} valeurs) et réponse ({len(y)} valeurs) n'ont pas la même longueur."
        )
    if len(np.unique(y)) != 2:
        raise ErreurAnalyse(
            "il faut des répondants (1) et des non-répondants (0) pour calculer l'AUC."
        )
    return float(roc_auc_score(y, s))
