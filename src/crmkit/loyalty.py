"""Loyalty: cohort retention, churn, retention vs acquisition cost, personalised offers, multichannel.

Rates and shares are fractions (0.3 = 30 %); column-name parameters default
to the Super Chef names; inputs are never modified; misuse raises
:class:`ErreurAnalyse` (a ``ValueError``) with a French message.

Public API
----------
:func:`historique_achats` (order lines with customer, date and category),
:func:`retention_cohortes`, :func:`taux_churn`, :func:`churn_par_annee`,
:func:`ratio_acquisition_retention`, :func:`couts_acquisition_retention`,
:func:`offres_personnalisees`, :func:`valeur_multicanal`,
:func:`valeur_segments` (size and value of RFM segments, see :func:`crmkit.scoring.segmentation_rfm`).
Test vs témoin: :func:`achats_test_temoin`, :func:`mesure_uplift`, :class:`ResultatUplift`.

>>> ratio_acquisition_retention(cout_acquisition=60.0, cout_retention=10.0)
6.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validation import (
    ErreurAnalyse,
    choix,
    date_unique,
    dates,
    entier,
    nombre,
    verifier_colonnes,
    verifier_dataframe,
    verifier_numerique,
)

__all__ = [
    "ErreurAnalyse",
    "ResultatUplift",
    "achats_test_temoin",
    "mesure_uplift",
    "churn_par_annee",
    "couts_acquisition_retention",
    "historique_achats",
    "offres_personnalisees",
    "ratio_acquisition_retention",
    "retention_cohortes",
    "taux_churn",
    "valeur_multicanal",
    "valeur_segments",
]

_PERIODES = {"mois": 1, "trimestre": 3, "semestre": 6, "annee": 12}


def historique_achats(
    commandes: pd.DataFrame,
    lignes: pd.DataFrame,
    produits: pd.DataFrame,
    categories: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Order lines joined with their customer, date, channel and product category.

    Columns: those of ``lignes`` plus ``client_id``, ``date_commande``,
    ``canal_vente`` (if present), ``categorie_id`` and, if ``categories`` is
    given, ``nom_categorie``. Feeds :func:`offres_personnalisees` and the
    ``achats`` parameter of :func:`crmkit.emailing.filtre_consentement`.

    >>> cmd = pd.DataFrame({"commande_id": [1], "client_id": [7], "date_commande": ["2025-01-02"]})
    >>> lig = pd.DataFrame({"commande_id": [1, 1], "produit_id": [10, 11], "montant": [20.0, 5.0]})
    >>> prod = pd.DataFrame({"produit_id": [10, 11], "categorie_id": [1, 5]})
    >>> h = historique_achats(cmd, lig, prod)
    >>> h["client_id"].tolist(), h["categorie_id"].tolist(), h["montant"].tolist()
    ([7, 7], [1, 5], [20.0, 5.0])
    """
    verifier_colonnes(
        commandes, ["commande_id", "client_id", "date_commande"], "tableau des commandes"
    )
    verifier_colonnes(lignes, ["commande_id", "produit_id"], "tableau des lignes de commande")
    verifier_colonnes(produits, ["produit_id", "categorie_id"], "tableau des produits")
    cc = [c for c in ("commande_id", "client_id", "date_commande", "canal_vente") if c in commandes]
    out = lignes.merge(commandes[cc], on="commande_id", how="inner")
    out = out.merge(produits[["produit_id", "categorie_id"]], on="produit_id", how="left")
    if categories is not None:
        verifier_colonnes(categories, ["categorie_id", "nom_categorie"], "tableau des catégories")
        out = out.merge(
            categories[["categorie_id", "nom_categorie"]], on="categorie_id", how="left"
        )
    return out


def _mois(d: pd.Series) -> np.ndarray:
    return (d.dt.year.to_numpy() * 12 + d.dt.month.to_numpy() - 1).astype(np.int64)


def retention_cohortes(
    commandes: pd.DataFrame,
    periode: str = "annee",
    cohorte: str | None = None,
    clients: pd.DataFrame | None = None,
    valeurs: str = "taux",
    *,
    client: str = "client_id",
    date: str = "date_commande",
) -> pd.DataFrame:
    """Cohort retention table: share of each cohort still buying k periods after its first order.

    A customer's cohort is the period of their first order (``cohorte=None``:
    the year as an integer for ``"annee"``, a label such as ``"2024-T1"``
    otherwise) or the value of a column of ``clients`` (e.g.
    ``cohorte="canal_acquisition"``). Column k = number of periods
    (``periode``: ``"mois"``, ``"trimestre"``, ``"semestre"``, ``"annee"``)
    since the customer's first order; a cell is the share of the cohort's
    customers with at least one order in that period (column 0 is always 1),
    or the number of such customers with ``valeurs="effectifs"``. Periods
    that have not happened yet for a cohort are NaN.

    >>> cmd = pd.DataFrame({"client_id": [1, 1, 2, 3, 3, 3],
    ...     "date_commande": ["2024-01-05", "2025-02-01", "2024-03-01",
    ...                       "2025-01-10", "2025-05-01", "2025-06-01"]})
    >>> t = retention_cohortes(cmd, "annee")
    >>> t.values.tolist(), float(t.loc[2024, 1])
    ([[1.0, 0.5], [1.0, nan]], 0.5)
    """
    verifier_dataframe(commandes, "tableau des commandes")
    verifier_colonnes(commandes, [client, date], "tableau des commandes")
    pas = _PERIODES[choix(periode, "periode", _PERIODES)]
    v = choix(valeurs, "valeurs", ("taux", "effectifs"))
    if len(commandes) == 0:
        raise ErreurAnalyse("le tableau des commandes est vide : aucune cohorte à calculer.")
    d = dates(commandes[date], date)
    ids = commandes[client].to_numpy()
    m = _mois(d)
    if pas == 12:
        p = d.dt.year.to_numpy().astype(np.int64)
    else:
        p = m // pas
    df = pd.DataFrame({"c": ids, "p": p})
    premier = df.groupby("c")["p"].min()
    df["k"] = df["p"] - df["c"].map(premier).to_numpy()
    if cohorte is None:
        coh = premier
        if pas == 12:
            lab = coh  # the year, an integer: table.loc[2022, 1]
        else:
            annee, reste = coh // (12 // pas), coh % (12 // pas)
            lab = (
                annee.astype(str) + "-" + (reste * pas + 1).map("{:02d}".format)
                if pas in (1,)
                else annee.astype(str) + {3: "-T", 6: "-S"}[pas] + (reste + 1).astype(str)
            )
        nom = "cohorte"
    else:
        if clients is None:
            raise ErreurAnalyse(
                f"pour des cohortes par {cohorte!r}, passez aussi le tableau des clients "
                "(clients=...)."
            )
        verifier_colonnes(clients, [client, cohorte], "tableau des clients")
        lab = premier.index.to_series().map(
            clients.drop_duplicates(client).set_index(client)[cohorte]
        )
        nom = cohorte
    df["cohorte"] = df["c"].map(lab).to_numpy()
    actifs = df.drop_duplicates(["c", "k"]).groupby(["cohorte", "k"]).size().unstack("k")
    actifs = actifs.fillna(0.0).astype(float)
    # a period k is observable for a customer only if first period + k <= last period of
    # the data; the denominator counts those customers (NaN when nobody can be observed)
    dernier = int(p.max())
    recul = (dernier - premier).rename("recul")
    recul_coh = pd.DataFrame(
        {"cohorte": lab.reindex(recul.index).to_numpy(), "r": recul.to_numpy()}
    )
    ks = actifs.columns.to_numpy()
    observables = (
        pd.DataFrame({k: recul_coh["r"].to_numpy() >= k for k in ks}, index=recul_coh.index)
        .groupby(recul_coh["cohorte"])
        .sum()
        .reindex(actifs.index)
        .astype(float)
    )
    observables = observables.where(observables > 0)
    actifs = actifs.where(observables.notna())
    actifs.index.name = nom
    actifs.columns.name = "periodes_depuis_premier_achat"
    if v == "effectifs":
        return actifs
    return actifs / observables


def taux_churn(
    commandes: pd.DataFrame,
    date_reference: object = "2025-12-31",
    fenetre_jours: int = 365,
    *,
    client: str = "client_id",
    date: str = "date_commande",
) -> float:
    """Churn rate: share of the customers active in the previous window who did not buy in the last one.

    Active in ``]ref − 2w, ref − w]`` but without any order in
    ``]ref − w, ref]`` (w = ``fenetre_jours``) counts as lost.

    >>> cmd = pd.DataFrame({"client_id": [1, 1, 2, 3],
    ...     "date_commande": ["2024-06-01", "2025-06-01", "2024-05-01", "2025-03-01"]})
    >>> taux_churn(cmd, "2025-12-31")  # 1 and 2 were active in 2024; 2 did not come back
    0.5
    """
    verifier_colonnes(commandes, [client, date], "tableau des commandes")
    ref = date_unique(date_reference, "date_reference")
    w = pd.Timedelta(days=entier(fenetre_jours, "fenetre_jours", minimum=1))
    d = dates(commandes[date], date)
    ids = commandes[client]
    avant = set(ids[(d > ref - 2 * w) & (d <= ref - w)])
    apres = set(ids[(d > ref - w) & (d <= ref)])
    if not avant:
        raise ErreurAnalyse(
            "aucun client actif sur la période précédente : le taux d'attrition n'est pas "
            "défini ; changez la date de référence ou la fenêtre."
        )
    return len(avant - apres) / len(avant)


def churn_par_annee(
    commandes: pd.DataFrame, *, client: str = "client_id", date: str = "date_commande"
) -> pd.DataFrame:
    """Year by year: customers active in year N−1, how many bought again in year N, churn rate.

    Columns: ``actifs_annee_precedente``, ``revenus`` (bought again),
    ``perdus``, ``taux_retention``, ``taux_churn`` (= 1 − retention).

    >>> cmd = pd.DataFrame({"client_id": [1, 2, 1, 3],
    ...     "date_commande": ["2024-01-01", "2024-02-01", "2025-03-01", "2025-04-01"]})
    >>> churn_par_annee(cmd).loc[2025, ["actifs_annee_precedente", "perdus", "taux_churn"]].tolist()
    [2.0, 1.0, 0.5]
    """
    verifier_colonnes(commandes, [client, date], "tableau des commandes")
    d = dates(commandes[date], date)
    df = pd.DataFrame(
        {"c": commandes[client].to_numpy(), "a": d.dt.year.to_numpy()}
    ).drop_duplicates()
    par_an = df.groupby("a")["c"].apply(set)
    lignes = {}
    for a in par_an.index[1:]:
        prec = par_an.get(a - 1, set())
        if not prec:
            continue
        rev = len(prec & par_an[a])
        lignes[int(a)] = {
            "actifs_annee_precedente": float(len(prec)),
            "revenus": float(rev),
            "perdus": float(len(prec) - rev),
            "taux_retention": rev / len(prec),
            "taux_churn": 1 - rev / len(prec),
        }
    out = pd.DataFrame.from_dict(lignes, orient="index")
    out.index.name = "annee"
    return out


def ratio_acquisition_retention(cout_acquisition: float, cout_retention: float) -> float:
    """How many times more it costs to win a customer than to keep one.

    Often quoted as 5 to 7 (sources vary, 5 to 25): an order of magnitude to
    measure on one's own data, not a law.

    >>> ratio_acquisition_retention(50.0, 10.0)
    5.0
    """
    a = nombre(cout_acquisition, "cout_acquisition", minimum=0)
    r = nombre(cout_retention, "cout_retention", minimum=0, non_nul=True)
    return a / r


def couts_acquisition_retention(
    campagnes: pd.DataFrame,
    contacts: pd.DataFrame,
    *,
    campagne: str = "campagne_id",
    cible: str = "cible",
) -> pd.DataFrame:
    """Cost per customer won (prospect campaigns) vs per customer who bought again (customer campaigns).

    From the ``campagnes`` and ``contacts_campagne`` tables: for each
    ``cible`` (``prospects``, ``clients``), total cost (``nb_contacts`` ×
    ``cout_unitaire``), number of responses, and ``cout_par_reponse``.

    >>> camp = pd.DataFrame({"campagne_id": [1, 2], "cible": ["prospects", "clients"],
    ...     "nb_contacts": [1000, 100], "cout_unitaire": [1.0, 1.0]})
    >>> cont = pd.DataFrame({"campagne_id": [1] * 20 + [2] * 10, "reponse": [1] * 20 + [1] * 10})
    >>> couts_acquisition_retention(camp, cont)["cout_par_reponse"].to_dict()
    {'clients': 10.0, 'prospects': 50.0}
    """
    verifier_numerique(
        campagnes, [campagne, "nb_contacts", "cout_unitaire"], "tableau des campagnes"
    )
    verifier_colonnes(campagnes, [cible], "tableau des campagnes")
    verifier_numerique(contacts, [campagne, "reponse"], "tableau des contacts")
    c = campagnes.assign(cout_total=campagnes["nb_contacts"] * campagnes["cout_unitaire"])
    rep = contacts.groupby(campagne)["reponse"].sum()
    c = c.assign(nb_reponses=c[campagne].map(rep).fillna(0).to_numpy())
    out = c.groupby(cible)[["nb_contacts", "cout_total", "nb_reponses"]].sum().astype(float)
    out["cout_par_reponse"] = out["cout_total"] / out["nb_reponses"].where(out["nb_reponses"] > 0)
    return out


def offres_personnalisees(
    achats: pd.DataFrame,
    n: int = 6,
    par: str = "categorie_id",
    *,
    client: str = "client_id",
    montant: str = "montant",
    commande: str = "commande_id",
) -> pd.DataFrame:
    """Top ``n`` items (categories by default) of each customer, for personalised offers.

    Like Monoprix's monthly mailing with 6–8 offers chosen from each
    customer's most frequent purchases. Ranking: number of distinct orders
    containing the item (frequency), then amount spent, then the item id.
    ``achats`` is :func:`historique_achats` output (one row per order line).
    Customers with fewer than ``n`` distinct items get fewer rows.

    Columns: ``client_id``, ``rang`` (1 = most bought), ``par`` (the item),
    ``nb_commandes``, ``montant``.

    >>> ach = pd.DataFrame({"client_id": [1, 1, 1, 1, 2], "commande_id": [1, 2, 2, 3, 4],
    ...     "categorie_id": [3, 3, 5, 5, 1], "montant": [10.0, 10, 50, 5, 8]})
    >>> offres_personnalisees(ach, n=2)[["client_id", "rang", "categorie_id"]].values.tolist()
    [[1, 1, 5], [1, 2, 3], [2, 1, 1]]
    """
    verifier_dataframe(achats, "tableau des achats")
    k = entier(n, "n", minimum=1)
    verifier_colonnes(achats, [client, par, montant], "tableau des achats")
    verifier_numerique(achats, [montant], "tableau des achats")
    if commande in achats.columns:
        freq = achats.groupby([client, par])[commande].nunique().rename("nb_commandes")
    else:
        freq = achats.groupby([client, par]).size().rename("nb_commandes")
    t = pd.concat([freq, achats.groupby([client, par])[montant].sum()], axis=1).reset_index()
    t = t.sort_values(
        [client, "nb_commandes", montant, par], ascending=[True, False, False, True], kind="stable"
    )
    t["rang"] = t.groupby(client).cumcount() + 1
    t = t[t["rang"] <= k]
    return t[[client, "rang", par, "nb_commandes", montant]].reset_index(drop=True)


def valeur_multicanal(
    commandes: pd.DataFrame,
    *,
    client: str = "client_id",
    canal: str = "canal_vente",
    montant: str = "montant",
    marge: str | None = "marge",
) -> pd.DataFrame:
    """Customers by number of sales channels used, with their average value.

    One row per number of channels (1, 2, …): ``nb_clients``,
    ``part_clients``, ``ca_moyen`` (average revenue per customer),
    ``commandes_moyennes`` and, if ``marge`` is a column, ``marge_moyenne``.

    >>> cmd = pd.DataFrame({"client_id": [1, 1, 2], "canal_vente": ["web", "magasin", "web"],
    ...                     "montant": [100.0, 50, 40], "marge": [40.0, 20, 15]})
    >>> valeur_multicanal(cmd)[["nb_clients", "ca_moyen"]].values.tolist()
    [[1.0, 40.0], [1.0, 150.0]]
    """
    cols = [client, canal, montant] + ([marge] if marge else [])
    verifier_colonnes(commandes, cols, "tableau des commandes")
    verifier_numerique(commandes, [montant] + ([marge] if marge else []), "tableau des commandes")
    agg = {
        "nb_canaux": (canal, "nunique"),
        "ca": (montant, "sum"),
        "nb_commandes": (montant, "size"),
    }
    if marge:
        agg["marge"] = (marge, "sum")
    par_client = commandes.groupby(client).agg(**agg)
    g = par_client.groupby("nb_canaux")
    out = pd.DataFrame(
        {
            "nb_clients": g.size().astype(float),
            "ca_moyen": g["ca"].mean(),
            "commandes_moyennes": g["nb_commandes"].mean(),
        }
    )
    if marge:
        out["marge_moyenne"] = g["marge"].mean()
    out.insert(1, "part_clients", out["nb_clients"] / out["nb_clients"].sum())
    return out


def valeur_segments(
    segments: pd.Series,
    commandes: pd.DataFrame,
    *,
    client: str = "client_id",
    montant: str = "montant",
    marge: str = "marge",
) -> pd.DataFrame:
    """Size and value of customer segments over the orders given (e.g. one year's).

    ``segments`` maps each customer id (index) to a segment name, e.g. the
    ``segment`` column of :func:`crmkit.scoring.segmentation_rfm`. A customer
    with no order in ``commandes`` counts in his segment with 0 €. One row per
    segment, by decreasing margin: ``nb_clients``, ``part_clients``, ``ca``,
    ``marge``, ``part_ca``, ``part_marge``, ``marge_par_client``.

    >>> seg = pd.Series({1: "Champions", 2: "Perdus", 3: "Champions"})
    >>> cmd = pd.DataFrame({"client_id": [1, 1, 3], "montant": [100.0, 50, 50],
    ...                     "marge": [40.0, 20, 20]})
    >>> valeur_segments(seg, cmd)[["nb_clients", "marge", "part_marge"]].values.tolist()
    [[2.0, 80.0, 1.0], [1.0, 0.0, 0.0]]
    """
    if not isinstance(segments, pd.Series):
        raise ErreurAnalyse(
            "« segments » doit être une série (pd.Series) : un segment par client, avec "
            f"l'identifiant du client en index ; reçu : {type(segments).__name__}."
        )
    if segments.isna().any():
        raise ErreurAnalyse(
            "certains clients n'ont pas de segment (valeur manquante) : la segmentation RFM "
            "nommée demande n = 5 notes."
        )
    verifier_colonnes(commandes, [client, montant, marge], "tableau des commandes")
    verifier_numerique(commandes, [montant, marge], "tableau des commandes")
    par_client = commandes.groupby(client)[[montant, marge]].sum()
    valeurs = par_client.reindex(segments.index, fill_value=0.0)
    g = valeurs.groupby(segments.to_numpy())
    out = pd.DataFrame(
        {
            "nb_clients": g.size().astype(float),
            "ca": g[montant].sum(),
            "marge": g[marge].sum(),
        }
    )
    out.insert(1, "part_clients", out["nb_clients"] / out["nb_clients"].sum())
    out["part_ca"] = out["ca"] / out["ca"].sum() if out["ca"].sum() else 0.0
    out["part_marge"] = out["marge"] / out["marge"].sum() if out["marge"].sum() else 0.0
    out["marge_par_client"] = out["marge"] / out["nb_clients"]
    out.index.name = "segment"
    return out.sort_values("marge", ascending=False, kind="stable")


# --------------------------------------------------------------------------- test vs témoin


def achats_test_temoin(
    campagnes: pd.DataFrame,
    contacts: pd.DataFrame,
    temoins: pd.DataFrame,
    commandes: pd.DataFrame,
    campagne_id: int,
    jours: int = 45,
) -> pd.DataFrame:
    """Buyers among the mailed customers (``test``) and the control group (``temoin``).

    A customer buys if he has at least one order, whatever its origin, in the
    ``jours`` days after the campaign date (the date itself excluded). Rows
    ``test`` and ``temoin``; columns ``effectif``, ``acheteurs``,
    ``taux_achat`` and ``reponses`` (answers recorded for the campaign).

    >>> camp = pd.DataFrame({"campagne_id": [1], "date_campagne": [pd.Timestamp("2024-03-12")]})
    >>> cont = pd.DataFrame({"campagne_id": [1] * 4, "client_id": [1, 2, 3, 4],
    ...     "reponse": [1, 0, 0, 0]})
    >>> tem = pd.DataFrame({"campagne_id": [1, 1], "client_id": [5, 6]})
    >>> cmd = pd.DataFrame({"client_id": [1, 2, 5, 3],
    ...     "date_commande": pd.to_datetime(["2024-03-20", "2024-04-26", "2024-03-30", "2024-04-27"])})
    >>> achats_test_temoin(camp, cont, tem, cmd, 1)
            effectif  acheteurs  taux_achat  reponses
    test           4          2         0.5         1
    temoin         2          1         0.5         0
    """
    verifier_colonnes(campagnes, ["campagne_id", "date_campagne"], "tableau des campagnes")
    verifier_numerique(contacts, ["campagne_id", "client_id", "reponse"], "tableau des contacts")
    verifier_numerique(temoins, ["campagne_id", "client_id"], "tableau des témoins")
    verifier_colonnes(commandes, ["client_id", "date_commande"], "tableau des commandes")
    n_jours = entier(jours, "jours")
    ligne = campagnes[campagnes["campagne_id"] == campagne_id]
    if ligne.empty:
        raise ErreurAnalyse(f"campagne {campagne_id!r} absente du tableau des campagnes.")
    debut = date_unique(ligne["date_campagne"].iloc[0], "date_campagne")
    quand = dates(commandes["date_commande"], "date_commande")
    dedans = (quand > debut) & (quand <= debut + pd.Timedelta(days=n_jours))
    acheteurs = set(commandes.loc[dedans, "client_id"])
    test = contacts[contacts["campagne_id"] == campagne_id]
    temoin = temoins[temoins["campagne_id"] == campagne_id]
    if test.empty or temoin.empty:
        raise ErreurAnalyse(
            f"campagne {campagne_id!r} : il faut des clients contactés et des témoins "
            "pour comparer (seuls les mailings aux clients ont un groupe témoin)."
        )
    out = pd.DataFrame(
        {
            "effectif": [len(test), len(temoin)],
            "acheteurs": [
                int(test["client_id"].isin(acheteurs).sum()),
                int(temoin["client_id"].isin(acheteurs).sum()),
            ],
            "reponses": [int(test["reponse"].sum()), 0],
        },
        index=["test", "temoin"],
    )
    out.insert(2, "taux_achat", out["acheteurs"] / out["effectif"])
    return out


@dataclass(frozen=True)
class ResultatUplift:
    """What a mailing really caused, measured against a control group (rates are fractions)."""

    taux_test: float
    taux_temoin: float
    uplift: float  # taux_test - taux_temoin: incremental buyers per contact
    uplift_bas: float
    uplift_haut: float
    niveau: float
    p_value: float  # two-sided, H0: the mailing changes nothing
    acheteurs_incrementaux: float  # uplift × effectif du test
    cout_total: float
    cout_par_reponse: float  # naive: cost / answers recorded
    cout_par_achat_incremental: float  # cost / incremental buyers (inf if uplift <= 0)
    cout_incremental_bas: float
    cout_incremental_haut: float  # inf when the interval of the uplift reaches 0


def _cout_par(cout_total: float, nb: float) -> float:
    return cout_total / nb if nb > 0 else math.inf


def mesure_uplift(
    acheteurs_test: int,
    n_test: int,
    acheteurs_temoin: int,
    n_temoin: int,
    cout_par_contact: float,
    reponses: int,
    niveau: float = 0.95,
) -> ResultatUplift:
    """Uplift of a mailing (test vs témoin), cost per incremental buyer and per answer.

    The uplift is the difference of the purchase rates (test − témoin) and its
    confidence interval is the one of :func:`crmkit.emailing.test_ab`
    (unpooled standard error). Cost per incremental buyer = total cost /
    (uplift × n_test) = cost per contact / uplift; its interval is the cost
    divided by the bounds of the uplift's (``inf`` when that bound is ≤ 0:
    the data do not exclude that the mailing caused nothing). The naive cost
    per answer counts every answer as caused by the mailing.

    Hand-checked: 150 buyers out of 1,000 mailed, 100 out of 1,000 témoins,
    1 € per contact, 80 answers: uplift 0.15 − 0.10 = 5 points, 50
    incremental buyers, 1,000 € / 50 = 20 € per incremental buyer against
    1,000 € / 80 = 12.50 € per answer; SE = √(0.15 × 0.85 / 1000 + 0.1 × 0.9 / 1000)
    = 0.014748, 95 % interval 0.05 ± 1.96 × 0.014748 = [2.11 ; 7.89] points,
    hence 1 / 0.0789 = 12.67 € to 1 / 0.0211 = 47.41 € per incremental buyer.

    >>> r = mesure_uplift(150, 1000, 100, 1000, cout_par_contact=1.0, reponses=80)
    >>> round(r.uplift, 4), round(r.acheteurs_incrementaux, 1), r.cout_par_reponse
    (0.05, 50.0, 12.5)
    >>> round(r.cout_par_achat_incremental, 2), round(r.cout_incremental_bas, 2), round(r.cout_incremental_haut, 2)
    (20.0, 12.67, 47.41)
    """
    from crmkit.emailing import test_ab

    cout = nombre(cout_par_contact, "cout_par_contact", minimum=0)
    nb_reponses = entier(reponses, "reponses", minimum=0)
    r = test_ab(acheteurs_test, n_test, acheteurs_temoin, n_temoin, niveau)
    if nb_reponses > n_test:
        raise ErreurAnalyse(
            "le nombre de réponses dépasse le nombre de clients contactés (reponses ≤ n_test)."
        )
    cout_total = cout * n_test
    return ResultatUplift(
        taux_test=r.taux_a,
        taux_temoin=r.taux_b,
        uplift=r.ecart,
        uplift_bas=r.ic_bas,
        uplift_haut=r.ic_haut,
        niveau=r.niveau,
        p_value=r.p_value,
        acheteurs_incrementaux=r.ecart * n_test,
        cout_total=cout_total,
        cout_par_reponse=_cout_par(cout_total, nb_reponses),
        cout_par_achat_incremental=_cout_par(cout, r.ecart),
        cout_incremental_bas=_cout_par(cout, r.ic_haut),
        cout_incremental_haut=_cout_par(cout, r.ic_bas),
    )
