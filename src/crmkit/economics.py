"""Direct-marketing economics: campaign costs, break-even rate, CLV, Pareto, Stobachoff.

Conventions (the same in every crmkit analytics module):

- rates and shares are **fractions** between 0 and 1 (3 % is ``0.03``);
  multiply by 100, or use :func:`crmkit.plots.format_pourcentage`, to show them;
- amounts are euros excluding VAT, as in the Super Chef data;
- column-name parameters default to the data-set names (``client_id``,
  ``montant``, ``marge``…), so the functions work on ``crmkit.data.charger(...)``
  tables directly;
- inputs are never modified; misuse raises :class:`ErreurAnalyse`
  (a ``ValueError``) with a French message.

Public API
----------
Costs: :data:`COUTS_CONTACT`, :func:`cout_campagne`, :func:`cout_par_contact`,
:func:`cout_par_reponse`, :func:`seuil_rentabilite` (alias
:func:`taux_de_rentabilite`), :func:`profit_attendu`, :func:`bilan_campagnes`.
Customer value: :data:`VARIANTES_CLV`, :func:`clv`, :func:`profit_par_client`.
Concentration: :func:`table_pareto`, :func:`part_du_top`,
:func:`courbe_stobachoff`, :func:`synthese_stobachoff`.

>>> seuil_rentabilite(cout_par_contact=1.0, marge_par_reponse=100.0)
0.01
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._validation import (
    ErreurAnalyse,
    choix,
    entier,
    nombre,
    taux,
    verifier_colonnes,
    verifier_dataframe,
    verifier_numerique,
)

__all__ = [
    "COUTS_CONTACT",
    "VARIANTES_CLV",
    "ErreurAnalyse",
    "bilan_campagnes",
    "clv",
    "cout_campagne",
    "cout_par_contact",
    "cout_par_reponse",
    "courbe_stobachoff",
    "part_du_top",
    "profit_attendu",
    "profit_par_client",
    "seuil_rentabilite",
    "synthese_stobachoff",
    "table_pareto",
    "taux_de_rentabilite",
]

COUTS_CONTACT: dict[str, float] = {
    "face_a_face": 250.0,
    "telephone": 3.0,
    "courrier": 1.0,
    "sms": 0.10,
    "email": 0.02,
}
"""Cost of one contact (€) by channel, from the course (face-to-face: 200–300 €, 250 € here).

Keys are the ``campagnes.canal`` codes of the data set.
"""


# --------------------------------------------------------------------------- costs
def cout_campagne(
    nb_contacts: float,
    canal: str | None = None,
    cout_unitaire: float | None = None,
    couts_fixes: float = 0.0,
) -> float:
    """Total cost of a campaign = contacts × cost per contact + fixed costs.

    Give either ``canal`` (the course's cost per contact from
    :data:`COUTS_CONTACT` is used) or ``cout_unitaire`` (€ per contact).

    >>> cout_campagne(20_000, canal="courrier")
    20000.0
    >>> cout_campagne(10_000, cout_unitaire=0.02, couts_fixes=500)
    700.0
    """
    n = nombre(nb_contacts, "nb_contacts", minimum=0)
    if cout_unitaire is None:
        if canal is None:
            raise ErreurAnalyse(
                'indiquez le canal (par exemple canal="courrier") ou le coût par '
                "contact (cout_unitaire=1.0)."
            )
        cu = COUTS_CONTACT[choix(canal, "canal", COUTS_CONTACT)]
    else:
        cu = nombre(cout_unitaire, "cout_unitaire", minimum=0)
    return n * cu + nombre(couts_fixes, "couts_fixes", minimum=0)


def cout_par_contact(cout_total: float, nb_contacts: float) -> float:
    """Cost per contact = total cost / number of people contacted.

    >>> cout_par_contact(1_500, 1_000)
    1.5
    """
    c = nombre(cout_total, "cout_total", minimum=0)
    n = nombre(nb_contacts, "nb_contacts", minimum=0, strict=True)
    return c / n


def cout_par_reponse(cout_total: float, nb_reponses: float) -> float:
    """Cost per response (cost per order won) = total cost / number of responses.

    >>> round(cout_par_reponse(20_000, 600), 2)
    33.33
    """
    c = nombre(cout_total, "cout_total", minimum=0)
    r = nombre(nb_reponses, "nb_reponses", minimum=0)
    if r == 0:
        raise ErreurAnalyse(
            "« nb_reponses » vaut 0 : aucun client n'a répondu, le coût par réponse "
            "n'est pas défini (il serait infini)."
        )
    return c / r


def seuil_rentabilite(cout_par_contact: float, marge_par_reponse: float) -> float:
    """Break-even response rate = cost per contact / margin per response.

    Below this response rate the campaign loses money; above it, it earns
    money. Both amounts must be in the same currency. Returned as a fraction.

    >>> seuil_rentabilite(1.0, 100.0)
    0.01
    >>> round(seuil_rentabilite(0.50, 6.0), 4)  # 8.33 %
    0.0833
    """
    c = nombre(cout_par_contact, "cout_par_contact", minimum=0)
    m = nombre(marge_par_reponse, "marge_par_reponse", non_nul=True)
    if m < 0:
        raise ErreurAnalyse(
            f"« marge_par_reponse » est négative ({marge_par_reponse!r}) : chaque réponse "
            "fait perdre de l'argent, aucun taux de réponse ne rend la campagne rentable."
        )
    return c / m


taux_de_rentabilite = seuil_rentabilite
"""Alias of :func:`seuil_rentabilite` (same function, other usual French name).

>>> taux_de_rentabilite(1.0, 100.0)
0.01
"""


def profit_attendu(
    nb_contacts: float,
    taux_reponse: float,
    marge_par_reponse: float,
    cout_par_contact: float,
    couts_fixes: float = 0.0,
) -> float:
    """Expected profit = contacts × rate × margin per response − contacts × cost − fixed costs.

    >>> profit_attendu(10_000, 0.03, 50.0, 1.0)
    5000.0
    >>> profit_attendu(10_000, 0.01, 50.0, 1.0)
    -5000.0
    """
    n = nombre(nb_contacts, "nb_contacts", minimum=0)
    t = taux(taux_reponse, "taux_reponse")
    m = nombre(marge_par_reponse, "marge_par_reponse")
    c = nombre(cout_par_contact, "cout_par_contact", minimum=0)
    f = nombre(couts_fixes, "couts_fixes", minimum=0)
    return n * t * m - n * c - f


def bilan_campagnes(
    campagnes: pd.DataFrame,
    contacts: pd.DataFrame,
    *,
    campagne: str = "campagne_id",
    nb_contacts: str = "nb_contacts",
    cout_unitaire: str = "cout_unitaire",
    reponse: str = "reponse",
    marge_reponse: str = "marge_reponse",
    montant_reponse: str = "montant_reponse",
) -> pd.DataFrame:
    """One line per campaign: contacts, responses, rate, costs, margin, profit, break-even rate.

    ``nb_contacts`` comes from the ``campagnes`` table (it counts prospects who
    did not answer, who are absent from ``contacts_campagne``); responses,
    revenue and margin are summed from ``contacts``.

    Columns: ``nb_contacts``, ``nb_reponses``, ``taux_reponse``, ``cout_total``,
    ``cout_par_reponse``, ``chiffre_affaires``, ``marge``, ``profit``
    (margin − cost), ``marge_par_reponse``, ``seuil_rentabilite``, ``rentable``.

    >>> camp = pd.DataFrame({"campagne_id": [1], "nb_contacts": [100], "cout_unitaire": [1.0]})
    >>> cont = pd.DataFrame({"campagne_id": [1, 1, 1], "reponse": [1, 0, 1],
    ...                      "montant_reponse": [80.0, 0, 120.0], "marge_reponse": [30.0, 0, 50.0]})
    >>> b = bilan_campagnes(camp, cont)
    >>> b.loc[1, ["nb_reponses", "taux_reponse", "profit", "seuil_rentabilite"]].tolist()
    [2.0, 0.02, -20.0, 0.025]
    """
    verifier_numerique(campagnes, [campagne, nb_contacts, cout_unitaire], "tableau des campagnes")
    verifier_numerique(
        contacts, [campagne, reponse, marge_reponse, montant_reponse], "tableau des contacts"
    )
    agg = contacts.groupby(campagne).agg(
        nb_reponses=(reponse, "sum"),
        chiffre_affaires=(montant_reponse, "sum"),
        marge=(marge_reponse, "sum"),
    )
    out = campagnes.set_index(campagne)[[nb_contacts, cout_unitaire]].rename(
        columns={nb_contacts: "nb_contacts", cout_unitaire: "cout_unitaire"}
    )
    out = out.join(agg, how="left").fillna({"nb_reponses": 0, "chiffre_affaires": 0, "marge": 0})
    out["nb_reponses"] = out["nb_reponses"].astype(float)
    n = out["nb_contacts"].astype(float)
    out["taux_reponse"] = out["nb_reponses"] / n.where(n > 0)
    out["cout_total"] = n * out["cout_unitaire"]
    out["cout_par_reponse"] = out["cout_total"] / out["nb_reponses"].where(out["nb_reponses"] > 0)
    out["profit"] = out["marge"] - out["cout_total"]
    out["marge_par_reponse"] = out["marge"] / out["nb_reponses"].where(out["nb_reponses"] > 0)
    out["seuil_rentabilite"] = out["cout_unitaire"] / out["marge_par_reponse"].where(
        out["marge_par_reponse"] > 0
    )
    out["rentable"] = out["profit"] > 0
    cols = [
        "nb_contacts",
        "cout_unitaire",
        "nb_reponses",
        "taux_reponse",
        "cout_total",
        "cout_par_reponse",
        "chiffre_affaires",
        "marge",
        "profit",
        "marge_par_reponse",
        "seuil_rentabilite",
        "rentable",
    ]
    return out[cols]


# --------------------------------------------------------------------------- CLV
VARIANTES_CLV: dict[str, str] = {
    "marge_immediate": "CLV = m (1 + d) / (1 + d − r) : la première marge est perçue tout de "
    "suite (t = 0), puis chaque année le client reste avec la probabilité r.",
    "marge_fin_periode": "CLV = m / (1 + d − r) : la première marge est perçue à la fin de la "
    "première période (actualisée une fois), le client étant acquis.",
    "marge_si_retenu": "CLV = m r / (1 + d − r) : chaque marge, dès la fin de la première "
    "période, n'est perçue que si le client est resté (valeur future d'un client actuel, "
    "marge déjà encaissée exclue).",
}
"""The three usual infinite-horizon CLV formulas, by name (French description).

All assume a constant margin ``m`` per period, a constant retention rate ``r``
(probability that a customer still active stays one more period) and a
discount rate ``d`` per period; a lost customer never comes back.
"""


def clv(
    marge: float,
    retention: float,
    actualisation: float,
    variante: str = "marge_immediate",
    horizon: int | None = None,
) -> float:
    """Customer lifetime value with a constant margin, retention and discount rate.

    Sum over periods of the expected margin, discounted:
    ``Σ m · r^k / (1 + d)^t``. The three variants (see :data:`VARIANTES_CLV`)
    differ in when the first margin arrives:

    - ``"marge_immediate"`` (default): t = 0, 1, 2 … with k = t →
      ``m (1 + d) / (1 + d − r)``;
    - ``"marge_fin_periode"``: t = 1, 2 … with k = t − 1 → ``m / (1 + d − r)``;
    - ``"marge_si_retenu"``: t = 1, 2 … with k = t → ``m r / (1 + d − r)``.

    With ``horizon`` = H, only H margins are summed (a finite sum), instead of
    the infinite series. Assumptions: margin, retention and discount rate
    are constant; a lost customer is lost for good; acquisition cost is not
    subtracted.

    >>> round(clv(100, 0.8, 0.1), 2)
    366.67
    >>> round(clv(100, 0.8, 0.1, "marge_fin_periode"), 2)
    333.33
    >>> round(clv(100, 0.8, 0.1, "marge_si_retenu"), 2)
    266.67
    >>> round(clv(100, 0.8, 0.1, horizon=2), 2)  # 100 + 100 × 0.8 / 1.1
    172.73
    """
    m = nombre(marge, "marge")
    r = taux(retention, "retention")
    d = nombre(actualisation, "actualisation", minimum=0)
    if d > 1:
        raise ErreurAnalyse(
            f"« actualisation » est un taux (10 % s'écrit 0.1) ; reçu : {actualisation!r}."
        )
    v = choix(variante, "variante", VARIANTES_CLV)
    if horizon is None:
        if d == 0 and r == 1:
            raise ErreurAnalyse(
                "avec une rétention de 1 et une actualisation de 0, la CLV est infinie ; "
                "donnez un horizon (horizon=5) ou une rétention inférieure à 1."
            )
        base = m / (1 + d - r)
        return {
            "marge_immediate": base * (1 + d),
            "marge_fin_periode": base,
            "marge_si_retenu": base * r,
        }[v]
    h = entier(horizon, "horizon", minimum=0)
    t = np.arange(h, dtype=float)
    if v == "marge_immediate":
        flux = m * r**t / (1 + d) ** t
    elif v == "marge_fin_periode":
        flux = m * r**t / (1 + d) ** (t + 1)
    else:
        flux = m * r ** (t + 1) / (1 + d) ** (t + 1)
    return float(flux.sum())


def profit_par_client(
    commandes: pd.DataFrame,
    evenements: pd.DataFrame | None = None,
    *,
    client: str = "client_id",
    marge: str = "marge",
    montant: str = "montant",
    cout: str = "cout",
) -> pd.DataFrame:
    """Per customer: revenue, gross margin, service costs and profit (margin − costs).

    ``evenements`` is the ``evenements_service`` table (returns, complaints,
    calls with their ``cout``); customers with service costs but no order
    appear with a margin of 0. Sorted by ``client_id``.

    >>> cmd = pd.DataFrame({"client_id": [1, 1, 2], "montant": [100.0, 50, 80],
    ...                     "marge": [40.0, 20, 30]})
    >>> ev = pd.DataFrame({"client_id": [2, 3], "cout": [45.0, 10]})
    >>> profit_par_client(cmd, ev)["profit"].tolist()
    [60.0, -15.0, -10.0]
    """
    verifier_numerique(commandes, [client, montant, marge], "tableau des commandes")
    out = commandes.groupby(client).agg(
        chiffre_affaires=(montant, "sum"), marge=(marge, "sum"), nb_commandes=(marge, "size")
    )
    if evenements is not None:
        verifier_numerique(evenements, [client, cout], "tableau des événements", positif=True)
        cs = evenements.groupby(client)[cout].sum().rename("cout_service")
        out = out.join(cs, how="outer")
    else:
        out["cout_service"] = 0.0
    out = out.fillna(0.0)
    out["nb_commandes"] = out["nb_commandes"].astype("int64")
    out["profit"] = out["marge"] - out["cout_service"]
    return out.reset_index().rename(columns={"index": client})


# --------------------------------------------------------------------------- Pareto
def _valeurs_par_client(df: pd.DataFrame, client: str, valeur: str, nom: str) -> pd.Series:
    verifier_dataframe(df, nom)
    verifier_colonnes(df, [client, valeur], nom)
    verifier_numerique(df, [valeur], nom)
    if df[client].isna().any():
        raise ErreurAnalyse(
            f"la colonne {client!r} contient des identifiants manquants ; "
            "supprimez ces lignes avant l'analyse."
        )
    if df[client].is_unique:
        return pd.Series(df[valeur].to_numpy(dtype=float), index=df[client].to_numpy())
    return df.groupby(client, sort=False)[valeur].sum().astype(float)


def _trier_desc(s: pd.Series) -> pd.Series:
    # stable sort: ties keep the order of first appearance, so results are deterministic
    ordre = np.argsort(-s.to_numpy(), kind="stable")
    return s.iloc[ordre]


def table_pareto(
    df: pd.DataFrame, client: str = "client_id", valeur: str = "montant"
) -> pd.DataFrame:
    """Pareto table: customers sorted by decreasing value, with cumulative shares.

    ``df`` may hold one row per transaction (summed per customer) or one row
    per customer. Columns: ``client`` (the id), ``rang`` (1 = best),
    ``valeur``, ``part_clients`` (cumulative share of customers, fraction),
    ``part_valeur`` (cumulative share of total value, fraction; the last row
    is 1). Ties keep their order of first appearance. Empty input → empty
    table; the total must be positive (use :func:`courbe_stobachoff` for
    profits with loss-makers).

    >>> t = table_pareto(pd.DataFrame({"client_id": [1, 2, 3, 4, 1],
    ...                                "montant": [50.0, 10, 20, 10, 10]}))
    >>> t[["client_id", "montant", "part_clients", "part_valeur"]].values.tolist()
    [[1.0, 60.0, 0.25, 0.6], [3.0, 20.0, 0.5, 0.8], [2.0, 10.0, 0.75, 0.9], [4.0, 10.0, 1.0, 1.0]]
    """
    s = _valeurs_par_client(df, client, valeur, "tableau")
    colonnes = [client, "rang", valeur, "part_clients", "part_valeur"]
    if len(s) == 0:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in colonnes})
    total = float(s.sum())
    if total <= 0:
        raise ErreurAnalyse(
            f"le total de la colonne {valeur!r} vaut {total:.2f} : une part du total n'a de "
            "sens que si le total est positif. Pour des profits avec des clients "
            "déficitaires, utilisez courbe_stobachoff(...)."
        )
    s = _trier_desc(s)
    n = len(s)
    v = s.to_numpy()
    return pd.DataFrame(
        {
            client: s.index.to_numpy(),
            "rang": np.arange(1, n + 1),
            valeur: v,
            "part_clients": np.arange(1, n + 1) / n,
            "part_valeur": np.cumsum(v) / total,
        }
    )


def part_du_top(
    df: pd.DataFrame,
    part_clients: float = 0.2,
    client: str = "client_id",
    valeur: str = "montant",
) -> float:
    """Share of total value made by the best ``part_clients`` of customers (20 % by default).

    The Pareto curve is interpolated linearly between customers, so the
    answer does not jump when the number of customers is not a multiple of
    5. Pareto's 20/80 is an observation to measure, not a law: this returns
    the measured share.

    >>> df = pd.DataFrame({"client_id": range(1, 11), "montant": [50.0] + [10.0] * 9})
    >>> round(part_du_top(df, 0.2), 4)  # 2 best customers out of 10: (50 + 10) / 140
    0.4286
    """
    p = taux(part_clients, "part_clients")
    t = table_pareto(df, client, valeur)
    if t.empty:
        raise ErreurAnalyse("le tableau est vide : aucun client, aucune part à calculer.")
    x = np.concatenate([[0.0], t["part_clients"].to_numpy()])
    y = np.concatenate([[0.0], t["part_valeur"].to_numpy()])
    return float(np.interp(p, x, y))


# --------------------------------------------------------------------------- Stobachoff
def courbe_stobachoff(
    df: pd.DataFrame, client: str = "client_id", profit: str = "profit"
) -> pd.DataFrame:
    """Stobachoff curve: cumulative profit by customer, most to least profitable.

    Columns: ``client``, ``rang``, ``profit``, ``part_clients`` (cumulative
    share of customers), ``profit_cumule`` (€) and ``part_profit`` (cumulative
    profit / total profit). ``part_profit`` rises above 1 (100 %) while
    profitable customers are added, peaks, then falls back to exactly 1 as
    loss-making customers are added: the height of the peak above 1 is what
    the loss-makers cost. Build ``profit`` with :func:`profit_par_client`.

    >>> df = pd.DataFrame({"client_id": [1, 2, 3, 4], "profit": [-20.0, 100.0, 30.0, -10.0]})
    >>> c = courbe_stobachoff(df)
    >>> c["client_id"].tolist(), c["part_profit"].tolist()
    ([2, 3, 4, 1], [1.0, 1.3, 1.2, 1.0])
    """
    s = _valeurs_par_client(df, client, profit, "tableau")
    colonnes = [client, "rang", profit, "part_clients", "profit_cumule", "part_profit"]
    if len(s) == 0:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in colonnes})
    total = float(s.sum())
    if total <= 0:
        raise ErreurAnalyse(
            f"le profit total vaut {total:.2f} € : la courbe de Stobachoff exprime le profit "
            "cumulé en % du profit total, qui doit donc être positif."
        )
    s = _trier_desc(s)
    n = len(s)
    cum = np.cumsum(s.to_numpy())
    return pd.DataFrame(
        {
            client: s.index.to_numpy(),
            "rang": np.arange(1, n + 1),
            profit: s.to_numpy(),
            "part_clients": np.arange(1, n + 1) / n,
            "profit_cumule": cum,
            "part_profit": cum / total,
        }
    )


def synthese_stobachoff(
    df: pd.DataFrame, client: str = "client_id", profit: str = "profit"
) -> pd.Series:
    """Key figures of the Stobachoff curve, as a Series.

    - ``nb_clients``, ``profit_total`` (€);
    - ``part_clients_deficitaires``: share of customers with a negative profit;
    - ``pic``: maximum of the cumulative profit as a share of total profit
      (e.g. 1.35 → the profitable customers earn 135 % of the final profit);
    - ``part_clients_au_pic``: share of customers at the peak (the profitable ones);
    - ``pertes``: total loss of the loss-making customers (€, positive number).

    >>> df = pd.DataFrame({"client_id": [1, 2, 3, 4], "profit": [-20.0, 100.0, 30.0, -10.0]})
    >>> synthese_stobachoff(df)[["part_clients_deficitaires", "pic", "pertes"]].tolist()
    [0.5, 1.3, 30.0]
    """
    c = courbe_stobachoff(df, client, profit)
    if c.empty:
        raise ErreurAnalyse("le tableau est vide : aucun client, aucune courbe à résumer.")
    p = c[profit].to_numpy()
    i = int(np.argmax(c["part_profit"].to_numpy()))
    return pd.Series(
        {
            "nb_clients": float(len(c)),
            "profit_total": float(p.sum()),
            "part_clients_deficitaires": float((p < 0).mean()),
            "pic": float(c["part_profit"].iloc[i]),
            "part_clients_au_pic": float(c["part_clients"].iloc[i]),
            "pertes": float(-p[p < 0].sum()) if (p < 0).any() else 0.0,
        }
    )
