"""Channel-cost simulator (TD1): budget, channel mix, response rates → results.

The computation lives in :func:`simuler_canaux`, a pure function on plain
Python values that returns a :class:`pandas.DataFrame`; the widget built by
:func:`simulateur_canaux` only wires sliders to it. Tests drive the widget by
setting slider values, without a browser.

Cost per contact defaults to the course's figures (face-to-face meeting
200–300 € — 250 € here —, phone call 3 €, mailing 1 €, SMS 0.10 €,
e-mail 0.02 €). Default response rates are round orders of magnitude for the
simulation, not measurements: the notebook measures the real ones on the
Super Chef campaigns.

>>> res = simuler_canaux(1_000, {"courrier": 1.0}, {"courrier": 0.03}, marge_par_reponse=50)
>>> int(res.loc["courrier", "contacts"]), round(float(res.loc["courrier", "reponses"]), 1)
(1000, 30.0)
>>> round(float(res.loc["courrier", "cout_par_reponse"]), 2)
33.33
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from crmkit.economics import COUTS_CONTACT
from crmkit.plots import format_euros, format_nombre, format_pourcentage
from crmkit.widgets.curseurs import curseur

CANAUX = ("face_a_face", "telephone", "courrier", "sms", "email")
"""Channel codes, as in the ``campagnes.canal`` column of the data set."""

LIBELLES_CANAUX = {
    "face_a_face": "Face-à-face",
    "telephone": "Téléphone",
    "courrier": "Courrier (mailing)",
    "sms": "SMS",
    "email": "E-mail",
}
"""French labels shown to students."""

COUTS_CONTACT_COURS = dict(COUTS_CONTACT)
"""Cost of one contact (€) by channel, from the course (:data:`crmkit.economics.COUTS_CONTACT`)."""

TAUX_REPONSE_DEFAUT = {
    "face_a_face": 0.25,
    "telephone": 0.06,
    "courrier": 0.03,
    "sms": 0.01,
    "email": 0.004,
}
"""Illustrative response rates (orders of magnitude) used as slider start values."""

COLONNES = (
    "part_budget",
    "budget_alloue",
    "cout_contact",
    "contacts",
    "cout_total",
    "taux_reponse",
    "reponses",
    "cout_par_reponse",
    "marge",
    "profit",
)
"""Columns of the table returned by :func:`simuler_canaux`."""


class ErreurSimulation(ValueError):
    """Invalid input for the channel simulator (French message for students)."""


def _nombre(valeur: object, nom: str) -> float:
    if isinstance(valeur, bool) or not isinstance(valeur, (int, float)):
        raise ErreurSimulation(
            f"« {nom} » doit être un nombre ; reçu : {valeur!r} ({type(valeur).__name__})."
        )
    valeur = float(valeur)
    if math.isnan(valeur) or math.isinf(valeur):
        raise ErreurSimulation(f"« {nom} » doit être un nombre fini ; reçu : {valeur!r}.")
    return valeur


def _verifier_canaux(dico: Mapping[str, object], nom: str, connus: Mapping[str, float]) -> None:
    if not isinstance(dico, Mapping):
        raise ErreurSimulation(
            f"« {nom} » doit être un dictionnaire canal → valeur, "
            f"par exemple {{'courrier': 0.5, 'email': 0.5}} ; reçu : {type(dico).__name__}."
        )
    inconnus = [c for c in dico if c not in connus]
    if inconnus:
        raise ErreurSimulation(
            f"canal inconnu dans « {nom} » : {', '.join(map(str, inconnus))} ; "
            f"canaux disponibles : {', '.join(connus)}."
        )


def simuler_canaux(
    budget: float,
    repartition: Mapping[str, float],
    taux_reponse: Mapping[str, float],
    *,
    marge_par_reponse: float = 40.0,
    couts_contact: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Simulate a campaign budget split across channels.

    Parameters
    ----------
    budget : float
        Total budget in euros (≥ 0).
    repartition : mapping channel → weight
        Share of the budget given to each channel. Weights are normalised so
        they need not sum to 1 (``{"courrier": 3, "email": 1}`` means 75 % / 25 %).
        Channels left out get nothing.
    taux_reponse : mapping channel → rate in [0, 1]
        Expected response rate of each channel that receives budget.
    marge_par_reponse : float, keyword-only
        Gross margin brought by one response (€), the same for all channels.
    couts_contact : mapping channel → € per contact, optional
        Defaults to :data:`COUTS_CONTACT_COURS`; may add or override channels.

    Returns
    -------
    pandas.DataFrame
        One row per channel with budget (index = channel code) plus a
        ``"total"`` row; columns :data:`COLONNES`. Contacts are whole numbers
        (``floor(budget / cost)``), so ``cout_total`` may be slightly below the
        budget; ``reponses`` is an expected value (contacts × rate);
        ``cout_par_reponse`` is ``cout_total / reponses`` (NaN when there is no
        response); ``profit = reponses × marge_par_reponse − cout_total``.

    Raises
    ------
    ErreurSimulation (a ValueError)
        Negative budget, unknown channel, negative weights or all zero,
        response rate outside [0, 1] or missing for a funded channel.

    Examples
    --------
    The cheapest channel per contact is not always the cheapest per response:

    >>> res = simuler_canaux(
    ...     2_000, {"courrier": 1, "email": 1}, {"courrier": 0.03, "email": 0.0005}
    ... )
    >>> res["contacts"].astype(int).to_dict()
    {'courrier': 1000, 'email': 50000, 'total': 51000}
    >>> res["cout_par_reponse"].round(2).to_dict()
    {'courrier': 33.33, 'email': 40.0, 'total': 36.36}
    """
    budget = _nombre(budget, "budget")
    if budget < 0:
        raise ErreurSimulation(f"le budget doit être positif ou nul ; reçu : {budget:g} €.")
    marge = _nombre(marge_par_reponse, "marge_par_reponse")
    couts = dict(COUTS_CONTACT_COURS)
    if couts_contact is not None:
        _verifier_canaux(couts_contact, "couts_contact", {**couts, **dict(couts_contact)})
        for canal, cout in couts_contact.items():
            cout = _nombre(cout, f"couts_contact['{canal}']")
            if cout <= 0:
                raise ErreurSimulation(
                    f"le coût d'un contact doit être strictement positif ; "
                    f"reçu pour « {canal} » : {cout:g} €."
                )
            couts[canal] = cout
    _verifier_canaux(repartition, "repartition", couts)
    _verifier_canaux(taux_reponse, "taux_reponse", couts)

    poids = {canal: _nombre(p, f"repartition['{canal}']") for canal, p in repartition.items()}
    if any(p < 0 for p in poids.values()):
        raise ErreurSimulation("les parts de budget ne peuvent pas être négatives.")
    somme = sum(poids.values())
    if somme <= 0:
        raise ErreurSimulation(
            "aucun budget n'est réparti : donnez une part positive à au moins un canal."
        )

    lignes = {}
    for canal in couts:
        part = poids.get(canal, 0.0) / somme
        if part == 0:
            continue
        if canal not in taux_reponse:
            raise ErreurSimulation(
                f"taux de réponse manquant pour le canal « {canal} », qui reçoit du budget."
            )
        taux = _nombre(taux_reponse[canal], f"taux_reponse['{canal}']")
        if not 0 <= taux <= 1:
            raise ErreurSimulation(
                f"un taux de réponse s'écrit entre 0 et 1 (3 % = 0.03) ; "
                f"reçu pour « {canal} » : {taux:g}."
            )
        alloue = budget * part
        cout = couts[canal]
        # Rounding first so that 0.3 / 0.1 (= 2.999…) is not floored one contact short.
        contacts = math.floor(round(alloue / cout, 6))
        cout_total = contacts * cout
        reponses = contacts * taux
        lignes[canal] = {
            "part_budget": part,
            "budget_alloue": alloue,
            "cout_contact": cout,
            "contacts": contacts,
            "cout_total": cout_total,
            "taux_reponse": taux,
            "reponses": reponses,
            "cout_par_reponse": cout_total / reponses if reponses > 0 else math.nan,
            "marge": reponses * marge,
            "profit": reponses * marge - cout_total,
        }

    table = pd.DataFrame.from_dict(lignes, orient="index", columns=list(COLONNES))
    total = table[["part_budget", "budget_alloue", "contacts", "cout_total", "reponses"]].sum()
    contacts_total = total["contacts"]
    reponses_total = total["reponses"]
    table.loc["total"] = {
        "part_budget": total["part_budget"],
        "budget_alloue": total["budget_alloue"],
        "cout_contact": total["cout_total"] / contacts_total if contacts_total else math.nan,
        "contacts": contacts_total,
        "cout_total": total["cout_total"],
        "taux_reponse": reponses_total / contacts_total if contacts_total else math.nan,
        "reponses": reponses_total,
        "cout_par_reponse": total["cout_total"] / reponses_total if reponses_total else math.nan,
        "marge": reponses_total * marge,
        "profit": reponses_total * marge - total["cout_total"],
    }
    table["contacts"] = table["contacts"].astype("int64")
    table.index.name = "canal"
    return table


def _euros(x: float, decimales: int = 0) -> str:
    return "—" if x != x else format_euros(x, decimales)  # x != x: NaN


def tableau_html(resultat: pd.DataFrame) -> str:
    """Render a :func:`simuler_canaux` result as a small French HTML table.

    >>> html = tableau_html(simuler_canaux(100, {"sms": 1}, {"sms": 0.02}))
    >>> "SMS" in html and "Coût par réponse" in html
    True
    """
    entetes = [
        "Canal",
        "Part du budget",
        "Contacts",
        "Dépense",
        "Réponses attendues",
        "Coût par contact",
        "Coût par réponse",
        "Profit",
    ]
    lignes = []
    for canal, r in resultat.iterrows():
        libelle = "Total" if canal == "total" else LIBELLES_CANAUX.get(canal, str(canal))
        cellules = [
            libelle,
            format_pourcentage(r["part_budget"], 0),
            format_nombre(r["contacts"]),
            _euros(r["cout_total"]),
            format_nombre(r["reponses"], 1),
            _euros(r["cout_contact"], 2),
            _euros(r["cout_par_reponse"], 2),
            _euros(r["profit"]),
        ]
        style = ' style="font-weight:bold"' if canal == "total" else ""
        lignes.append(f"<tr{style}>" + "".join(f"<td>{c}</td>" for c in cellules) + "</tr>")
    tete = "<tr>" + "".join(f"<th>{e}</th>" for e in entetes) + "</tr>"
    return f"<table>{tete}{''.join(lignes)}</table>"


class SimulateurCanaux:
    """Sliders wired to :func:`simuler_canaux`; ``widget`` is what the notebook shows.

    Attributes ``budget``, ``marge``, ``parts[canal]`` and ``taux[canal]`` are the
    sliders; ``resultat`` holds the last computed table and ``sortie`` (an HTML
    widget) its rendering. Changing any slider recomputes both.

    >>> sim = SimulateurCanaux(budget=5_000)
    >>> sim.parts["email"].value = 0
    >>> sim.budget.value = 10_000
    >>> float(sim.resultat.loc["total", "cout_total"]) <= 10_000
    True
    """

    def __init__(
        self,
        budget: float = 10_000,
        repartition: Mapping[str, float] | None = None,
        taux_reponse: Mapping[str, float] | None = None,
        marge_par_reponse: float = 40.0,
    ) -> None:
        import ipywidgets as w

        repartition = dict(repartition or {"courrier": 50, "email": 50})
        taux_reponse = {**TAUX_REPONSE_DEFAUT, **dict(taux_reponse or {})}
        largeurs = {"largeur_libelle": "160px", "largeur": "480px"}
        self.budget = curseur("Budget (€)", budget, 0, 100_000, 500, **largeurs)
        self.marge = curseur("Marge par réponse (€)", marge_par_reponse, 0, 300, 5, **largeurs)
        self.parts = {
            canal: curseur(
                f"{LIBELLES_CANAUX[canal]} (%)",
                float(repartition.get(canal, 0)),
                0,
                100,
                5,
                **largeurs,
            )
            for canal in CANAUX
        }
        self.taux = {
            canal: curseur(
                f"Taux {LIBELLES_CANAUX[canal]}",
                float(taux_reponse[canal]),
                0,
                0.5,
                0.001,
                format=".1%",
                **largeurs,
            )
            for canal in CANAUX
        }
        self.sortie = w.HTML()
        self.resultat: pd.DataFrame | None = None
        curseurs = [self.budget, self.marge, *self.parts.values(), *self.taux.values()]
        for reglage in curseurs:
            reglage.observe(self._recalculer, names="value")
        self.widget = w.VBox(
            [
                w.HTML("<b>Budget et marge</b>"),
                self.budget,
                self.marge,
                w.HTML("<b>Répartition du budget (les parts sont ramenées à 100 %)</b>"),
                *self.parts.values(),
                w.HTML("<b>Taux de réponse attendus</b>"),
                *self.taux.values(),
                self.sortie,
            ]
        )
        self._recalculer()

    def _recalculer(self, _changement: object = None) -> None:
        repartition = {c: s.value for c, s in self.parts.items()}
        taux = {c: s.value for c, s in self.taux.items()}
        try:
            self.resultat = simuler_canaux(
                self.budget.value, repartition, taux, marge_par_reponse=self.marge.value
            )
        except ErreurSimulation as erreur:
            self.resultat = None
            self.sortie.value = f"<p style='color:#b00'>⚠️ {erreur}</p>"
            return
        self.sortie.value = tableau_html(self.resultat)


def simulateur_canaux(**options: object) -> object:
    """Build the simulator and return the widget to display (last line of a cell).

    Options are those of :class:`SimulateurCanaux` (``budget``, ``repartition``,
    ``taux_reponse``, ``marge_par_reponse``).

    >>> type(simulateur_canaux(budget=2_000)).__name__
    'VBox'
    """
    return SimulateurCanaux(**options).widget
