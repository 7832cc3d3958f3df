"""E-mailing: funnel KPIs, A/B test of two rates, consent filter, AIDA structure check.

Rates are fractions (0.15 = 15 %); column-name parameters default to the
Super Chef names; inputs are never modified; misuse raises
:class:`ErreurAnalyse` (a ``ValueError``) with a French message.

Public API
----------
Funnel: :func:`kpi_emailing` (from the ``evenements_email`` table),
:func:`kpi_emailing_comptes` (from counts), :data:`DEFINITIONS_KPI`.
A/B test: :func:`test_ab`, :class:`ResultatTestAB`, :func:`comparer_variantes`;
its sizing (from :mod:`crmkit.puissance_ab`): :func:`taille_echantillon_ab`,
:func:`puissance_ab`, :func:`effet_minimal_detectable`.
Law: :func:`filtre_consentement`, :data:`MOTIFS`.
Copywriting: :func:`verifier_aida`, :data:`PARTIES_AIDA`; a whole drafted e-mail,
structure and legal mentions (from :mod:`crmkit.conformite_email`):
:func:`verifier_email_commercial`.

Note for test files: ``test_ab`` starts with ``test_`` but is marked
``__test__ = False`` so pytest does not collect it when imported.

>>> float(kpi_emailing_comptes(ouvreurs=2_000, cliqueurs=300)["ctor"])
0.15
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmkit.francais import accord, pluriel

from ._validation import (
    ErreurAnalyse,
    choix,
    entier,
    nombre,
    verifier_colonnes,
    verifier_dataframe,
)
from .conformite_email import verifier_email_commercial
from .puissance_ab import effet_minimal_detectable, puissance_ab, taille_echantillon_ab

__all__ = [
    "DEFINITIONS_KPI",
    "MOTIFS",
    "PARTIES_AIDA",
    "ErreurAnalyse",
    "ResultatTestAB",
    "comparer_variantes",
    "effet_minimal_detectable",
    "filtre_consentement",
    "kpi_emailing",
    "kpi_emailing_comptes",
    "puissance_ab",
    "taille_echantillon_ab",
    "test_ab",
    "verifier_aida",
    "verifier_email_commercial",
]

# --------------------------------------------------------------------------- funnel KPIs
DEFINITIONS_KPI: dict[str, str] = {
    "taux_delivrabilite": "e-mails délivrés / e-mails envoyés",
    "taux_rejet": "e-mails rejetés (bounces) / e-mails envoyés",
    "taux_ouverture": "ouvreurs uniques / e-mails délivrés",
    "taux_clic": "cliqueurs uniques / e-mails délivrés (CTR)",
    "ctor": "cliqueurs uniques / ouvreurs uniques (taux de réactivité, CTOR)",
    "taux_desabonnement": "désinscrits / e-mails délivrés",
    "taux_conversion": "acheteurs / e-mails délivrés",
}
"""Standard definitions of the e-mailing rates (French), by KPI name."""

_EVENEMENTS = ("envoye", "delivre", "ouvert", "clique", "desabonne", "rejete")


def _div(a: float, b: float) -> float:
    return a / b if b else float("nan")


def kpi_emailing_comptes(
    envoyes: float | None = None,
    delivres: float | None = None,
    ouvreurs: float | None = None,
    cliqueurs: float | None = None,
    desabonnes: float | None = None,
    rejetes: float | None = None,
    acheteurs: float | None = None,
) -> pd.Series:
    """E-mailing KPIs from counts (people, not events). Give only the counts you have.

    Returns a Series with the counts and the rates of :data:`DEFINITIONS_KPI`
    that can be computed from them (the others are omitted).

    >>> k = kpi_emailing_comptes(envoyes=10_000, delivres=9_800, ouvreurs=2_000, cliqueurs=300)
    >>> [round(float(k[c]), 4) for c in ("taux_delivrabilite", "taux_ouverture", "ctor")]
    [0.98, 0.2041, 0.15]
    """
    c = {}
    for nom, v in (
        ("envoyes", envoyes),
        ("delivres", delivres),
        ("ouvreurs", ouvreurs),
        ("cliqueurs", cliqueurs),
        ("desabonnes", desabonnes),
        ("rejetes", rejetes),
        ("acheteurs", acheteurs),
    ):
        if v is not None:
            c[nom] = nombre(v, nom, minimum=0)
    for a, b in (("delivres", "envoyes"), ("ouvreurs", "delivres"), ("cliqueurs", "ouvreurs")):
        if a in c and b in c and c[a] > c[b]:
            raise ErreurAnalyse(
                f"« {a} » ({c[a]:g}) dépasse « {b} » ({c[b]:g}) : c'est impossible, un "
                f"entonnoir ne s'élargit pas. Vérifiez les comptes."
            )
    out = dict(c)
    regles = (
        ("taux_delivrabilite", "delivres", "envoyes"),
        ("taux_rejet", "rejetes", "envoyes"),
        ("taux_ouverture", "ouvreurs", "delivres"),
        ("taux_clic", "cliqueurs", "delivres"),
        ("ctor", "cliqueurs", "ouvreurs"),
        ("taux_desabonnement", "desabonnes", "delivres"),
        ("taux_conversion", "acheteurs", "delivres"),
    )
    for nom, a, b in regles:
        if a in c and b in c:
            out[nom] = _div(c[a], c[b])
    return pd.Series(out, dtype=float)


def kpi_emailing(
    evenements: pd.DataFrame,
    par: str | None = None,
    acheteurs: Iterable | pd.DataFrame | None = None,
    *,
    client: str = "client_id",
    evenement: str = "evenement",
) -> pd.DataFrame:
    """Funnel KPIs from the ``evenements_email`` table, overall or by group (``par``).

    Counts are unique people: ``envoyes``, ``delivres``, ``ouvreurs`` (a
    click counts as an open, since an e-mail read with images blocked sends
    no open signal), ``cliqueurs``, ``desabonnes``, ``rejetes``; then the
    rates of :data:`DEFINITIONS_KPI`. ``acheteurs`` (optional) is a list of
    customer ids who bought, or a ``contacts_campagne``-like table with
    ``reponse``; it adds ``acheteurs`` and ``taux_conversion``. One row per
    group (``par="variante_objet"`` for the A/B test), or one row ``"total"``.

    >>> ev = pd.DataFrame({"client_id": [1, 1, 1, 2, 2, 3],
    ...     "evenement": ["envoye", "delivre", "ouvert", "envoye", "delivre", "envoye"]})
    >>> k = kpi_emailing(ev)
    >>> k.loc["total", ["envoyes", "delivres", "ouvreurs", "taux_ouverture"]].tolist()
    [3.0, 2.0, 1.0, 0.5]
    """
    verifier_dataframe(evenements, "tableau des événements")
    cols = [client, evenement] + ([par] if par else [])
    verifier_colonnes(evenements, cols, "tableau des événements")
    inconnus = set(evenements[evenement].dropna().unique()) - set(_EVENEMENTS)
    if inconnus:
        raise ErreurAnalyse(
            f"{pluriel(len(inconnus), 'événement inconnu')} dans {evenement!r} : {sorted(map(str, inconnus))} ; "
            f"attendus : {', '.join(_EVENEMENTS)}."
        )
    ev = evenements[cols].copy()
    ev[evenement] = ev[evenement].astype(object)
    # a click implies an open
    clics = ev[ev[evenement] == "clique"].copy()
    clics[evenement] = "ouvert"
    ev = pd.concat([ev, clics], ignore_index=True).drop_duplicates()
    groupe = par if par else "_groupe"
    if not par:
        ev[groupe] = "total"
    n = ev.groupby([groupe, evenement])[client].nunique().unstack(evenement)
    n = n.reindex(columns=list(_EVENEMENTS)).fillna(0.0).astype(float)
    ach = None
    if acheteurs is not None:
        if isinstance(acheteurs, pd.DataFrame):
            verifier_colonnes(acheteurs, [client, "reponse"], "tableau des acheteurs")
            ids = set(acheteurs.loc[acheteurs["reponse"] == 1, client])
        else:
            ids = set(acheteurs)
        deliv = ev[ev[evenement] == "delivre"]
        ach = deliv[deliv[client].isin(ids)].groupby(groupe)[client].nunique()
    lignes = {}
    for g, r in n.iterrows():
        lignes[g] = kpi_emailing_comptes(
            envoyes=r["envoye"],
            delivres=r["delivre"],
            ouvreurs=r["ouvert"],
            cliqueurs=r["clique"],
            desabonnes=r["desabonne"],
            rejetes=r["rejete"],
            acheteurs=None if ach is None else float(ach.get(g, 0)),
        )
    out = pd.DataFrame(lignes).T
    out.index.name = par
    return out


# --------------------------------------------------------------------------- A/B test
@dataclass(frozen=True)
class ResultatTestAB:
    """Result of :func:`test_ab` (rates as fractions, p-value two-sided)."""

    taux_a: float
    taux_b: float
    ecart: float
    z: float
    p_value: float
    ic_bas: float
    ic_haut: float
    niveau: float
    significatif: bool
    conclusion: str

    def __str__(self) -> str:  # what print(resultat) shows to students
        return self.conclusion

    def en_serie(self) -> pd.Series:
        """The result as a pandas Series (handy to display in a notebook).

        >>> round(test_ab(250, 10_000, 200, 10_000).en_serie()["z"], 3)
        2.384
        """
        return pd.Series({k: getattr(self, k) for k in self.__dataclass_fields__}, dtype=object)


def _p(pv: float) -> str:
    return "p < 0,0001" if pv < 0.0001 else f"p = {pv:.4f}".replace(".", ",")


def _fr(x: float, decimales: int = 2) -> str:
    """A rate as a French percentage, with a true minus sign: ``_fr(-0.0434)`` → ``'−4,34 %'``."""
    return f"{x * 100:.{decimales}f}".replace(".", ",").replace("-", "−") + " %"


def _points(ecart: float) -> str:
    """A gap between two rates in percentage points (French plural from 2 on).

    >>> _points(0.005), _points(-0.0434)
    ('0,50 point de pourcentage', '4,34 points de pourcentage')
    """
    n = abs(ecart) * 100
    return accord(n, "point de pourcentage", nombre=f"{n:.2f}".replace(".", ","))


def test_ab(
    succes_a: int, n_a: int, succes_b: int, n_b: int, niveau: float = 0.95
) -> ResultatTestAB:
    """Two-proportion z-test: is rate A different from rate B?

    ``z = (pA − pB) / sqrt(p (1 − p) (1/nA + 1/nB))`` with the pooled rate
    ``p = (succès A + succès B) / (nA + nB)``; p-value two-sided (normal
    law); confidence interval of pA − pB at ``niveau`` with the unpooled
    standard error. ``conclusion`` is a plain French sentence.

    >>> r = test_ab(250, 10_000, 200, 10_000)
    >>> round(r.z, 3), round(r.p_value, 4), r.significatif
    (2.384, 0.0171, True)
    >>> print(r)  # doctest: +ELLIPSIS
    La variante A (2,50 %) fait mieux que la variante B (2,00 %) : écart de 0,50 point de pourcentage...
    """
    from scipy.stats import norm

    na = entier(n_a, "n_a", minimum=1)
    nb = entier(n_b, "n_b", minimum=1)
    sa = entier(succes_a, "succes_a", minimum=0)
    sb = entier(succes_b, "succes_b", minimum=0)
    if sa > na or sb > nb:
        raise ErreurAnalyse(
            "le nombre de succès dépasse l'effectif (succes_a ≤ n_a et succes_b ≤ n_b) ; "
            "vérifiez l'ordre des arguments : test_ab(succes_a, n_a, succes_b, n_b)."
        )
    niv = nombre(niveau, "niveau", minimum=0, strict=True, maximum=0.9999)
    pa, pb = sa / na, sb / nb
    p = (sa + sb) / (na + nb)
    se0 = math.sqrt(p * (1 - p) * (1 / na + 1 / nb))
    ecart = pa - pb
    if se0 == 0:
        z, pv = 0.0, 1.0
    else:
        z = ecart / se0
        pv = float(2 * norm.sf(abs(z)))
    se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    q = float(norm.ppf(0.5 + niv / 2))
    bas, haut = ecart - q * se, ecart + q * se
    alpha = 1 - niv
    sig = pv < alpha
    pts = _points(ecart)
    ic = f"[{_fr(bas)} ; {_fr(haut)}]".replace(" %", "")
    if sig:
        meilleure, autre = ("A", "B") if ecart > 0 else ("B", "A")
        tm, ta = (pa, pb) if ecart > 0 else (pb, pa)
        conclusion = (
            f"La variante {meilleure} ({_fr(tm)}) fait mieux que la variante {autre} "
            f"({_fr(ta)}) : écart de {pts}, significatif au seuil de "
            f"{_fr(alpha, 0)} ({_p(pv)}). Intervalle de confiance à {_fr(niv, 0)} de l'écart A − B, en points : {ic}."
        )
    else:
        conclusion = (
            f"Pas de différence significative au seuil de {_fr(alpha, 0)} entre A "
            f"({_fr(pa)}) et B ({_fr(pb)}) ({_p(pv)}) : l'écart de {pts} peut être dû au hasard. Intervalle de "
            f"confiance à {_fr(niv, 0)} de l'écart A − B, en points : {ic}."
        )
    return ResultatTestAB(pa, pb, ecart, z, pv, bas, haut, niv, sig, conclusion)


test_ab.__test__ = False  # not a pytest test, despite its name


def comparer_variantes(
    evenements: pd.DataFrame,
    indicateur: str = "taux_ouverture",
    variante: str = "variante_objet",
    niveau: float = 0.95,
    *,
    client: str = "client_id",
    evenement: str = "evenement",
) -> ResultatTestAB:
    """A/B test of variants A and B of the ``evenements_email`` table on one KPI.

    ``indicateur`` is ``"taux_ouverture"`` (openers / delivered),
    ``"taux_clic"`` (clickers / delivered) or ``"ctor"`` (clickers / openers).

    >>> ev = pd.DataFrame({"client_id": [1, 1, 2, 2, 2, 3, 3, 4, 4],
    ...     "variante_objet": ["A", "A", "A", "A", "A", "B", "B", "B", "B"],
    ...     "evenement": ["envoye", "delivre", "envoye", "delivre", "ouvert",
    ...                   "envoye", "delivre", "envoye", "delivre"]})
    >>> r = comparer_variantes(ev, "taux_ouverture")
    >>> r.taux_a, r.taux_b, r.significatif
    (0.5, 0.0, False)
    """
    regles = {
        "taux_ouverture": ("ouvreurs", "delivres"),
        "taux_clic": ("cliqueurs", "delivres"),
        "ctor": ("cliqueurs", "ouvreurs"),
    }
    num, den = regles[choix(indicateur, "indicateur", regles)]
    k = kpi_emailing(evenements, par=variante, client=client, evenement=evenement)
    manquantes = {"A", "B"} - set(k.index)
    if manquantes:
        raise ErreurAnalyse(
            f"{pluriel(len(manquantes), 'variante')} {sorted(manquantes)} "
            f"{pluriel(len(manquantes), 'absente')} de la colonne {variante!r} ; "
            f"valeurs trouvées : {sorted(map(str, k.index))}."
        )
    return test_ab(
        int(k.loc["A", num]),
        int(k.loc["A", den]),
        int(k.loc["B", num]),
        int(k.loc["B", den]),
        niveau,
    )


# --------------------------------------------------------------------------- consent
MOTIFS: dict[str, str] = {
    "aucun_consentement": "aucun consentement enregistré pour ce canal : envoi interdit "
    "(il faut un accord préalable, opt-in).",
    "opt_out": "la personne s'est opposée ou désinscrite (opt-out) : aucun envoi sur ce canal.",
    "case_precochee": "case pré-cochée : ce n'est pas un consentement valable (RGPD, "
    "consentement actif exigé) ; envoi interdit.",
    "opt_in": "consentement préalable (opt-in) recueilli ({source}) : envoi autorisé.",
    "client_analogue": "client existant, adresse recueillie lors d'un achat avec possibilité "
    "de refuser, non utilisée ; l'offre porte sur des produits analogues à ses achats : "
    "envoi autorisé (exception « client » de l'article L34-5 du CPCE).",
    "client_non_analogue": "client existant, mais l'offre ne porte pas sur des produits "
    "analogues à ses achats : l'exception « client » ne s'applique pas et il n'a pas "
    "donné d'accord préalable ; envoi interdit.",
    "client_sans_achat": "adresse recueillie lors d'un achat, mais aucun achat retrouvé : "
    "l'exception « client » ne peut pas être appliquée ; envoi interdit.",
    "b2b_professionnel": "professionnel : prospection par voie électronique possible sans "
    "accord préalable si l'offre concerne son activité, tant qu'il ne s'y oppose pas "
    "(opt-out) ; envoi autorisé.",
    "b2b_hors_metier": "professionnel, mais l'offre ne concerne pas son activité : mêmes "
    "règles que pour un particulier.",
    "courrier": "courrier postal : pas d'accord préalable exigé, seule l'opposition "
    "(opt-out) l'interdit ; envoi autorisé.",
}
"""Reason codes of :func:`filtre_consentement` and their French text."""


def filtre_consentement(
    consentements: pd.DataFrame,
    clients: pd.DataFrame | None = None,
    canal: str = "email",
    categorie_offre: object = None,
    achats: pd.DataFrame | None = None,
    objet_professionnel: bool = True,
    *,
    client: str = "client_id",
    categorie: str = "categorie_id",
) -> pd.DataFrame:
    """Who may legally receive a marketing message on ``canal``, and why.

    Rules (LCEN of 21 June 2004, art. L34-5 of the CPCE, and GDPR), in order:

    1. ``statut == "opt_out"`` (opposed or unsubscribed): refused, whoever it is;
    2. ``canal == "courrier"``: post works on an opt-out basis → allowed;
    3. B2B (``type_client == "b2b"``) and ``objet_professionnel`` (the offer
       relates to the person's profession): opt-out basis → allowed, whatever
       the source; if ``objet_professionnel=False``, the B2C rules apply;
    4. B2C e-mail or SMS (prospecting needs prior consent):
       ``source == "case_precochee"`` is **not** consent → refused;
       ``source == "achat_client"`` (address collected at a purchase, with an
       opt-out offered and not used): existing-customer exception, allowed
       only if the offer is on **analogous products**, i.e. ``categorie_offre``
       is among the categories the customer bought (``achats``); otherwise
       refused; any other ``opt_in`` source → allowed;
    5. no consent row for the channel: refused (B2C), or allowed under rule 3.

    ``consentements`` is the ``consentements`` table (all channels; filtered
    on ``canal`` here). ``clients`` gives ``type_client`` (if
    ``consentements`` lacks it; missing type = B2C, the safe side).
    ``achats``: one row per purchase with ``client_id`` and ``categorie_id``
    (e.g. ``crmkit.loyalty.historique_achats(...)``). ``categorie_offre``:
    the offer's ``categorie_id`` (``None`` = not a category offer, so the
    analogous-products exception cannot be established).

    Returns one row per customer of ``clients`` (or of ``consentements``):
    ``client_id``, ``type_client``, ``statut``, ``source``, ``autorise``
    (bool), ``code_motif`` and ``motif`` (French reason, see :data:`MOTIFS`).

    >>> cons = pd.DataFrame({"client_id": [1, 2, 3, 4, 5], "canal": ["email"] * 5,
    ...     "statut": ["opt_in", "opt_in", "opt_out", "opt_in", "opt_in"],
    ...     "source": ["formulaire_web", "case_precochee", "magasin", "achat_client", "achat_client"]})
    >>> achats = pd.DataFrame({"client_id": [4, 5], "categorie_id": [1, 3]})
    >>> f = filtre_consentement(cons, canal="email", categorie_offre=1, achats=achats)
    >>> f["autorise"].tolist()
    [True, False, False, True, False]
    >>> f["code_motif"].tolist()
    ['opt_in', 'case_precochee', 'opt_out', 'client_analogue', 'client_non_analogue']
    """
    verifier_dataframe(consentements, "tableau des consentements")
    verifier_colonnes(
        consentements, [client, "canal", "statut", "source"], "tableau des consentements"
    )
    ca = choix(canal, "canal", ("email", "sms", "courrier"))
    cons = consentements.loc[consentements["canal"] == ca, [client, "statut", "source"]]
    if cons[client].duplicated().any():
        raise ErreurAnalyse(
            f"plusieurs lignes de consentement pour un même client sur le canal {ca!r} : "
            "gardez la plus récente (une ligne par client et par canal)."
        )
    if clients is not None:
        verifier_colonnes(clients, [client], "tableau des clients")
        base = clients[[client] + (["type_client"] if "type_client" in clients else [])]
        base = base.drop_duplicates(client).merge(cons, on=client, how="left")
    else:
        base = cons.copy()
        if "type_client" in consentements.columns:
            tc = consentements.drop_duplicates(client).set_index(client)["type_client"]
            base["type_client"] = base[client].map(tc)
    if "type_client" not in base.columns:
        base["type_client"] = "b2c"
    base["type_client"] = (
        base["type_client"].astype(object).where(base["type_client"].notna(), "b2c")
    )
    for col in ("statut", "source"):
        base[col] = base[col].astype(object)

    analogue = np.zeros(len(base), dtype=bool)
    a_achete = np.zeros(len(base), dtype=bool)
    if achats is not None:
        verifier_colonnes(achats, [client, categorie], "tableau des achats")
        a_achete = base[client].isin(set(achats[client])).to_numpy()
        if categorie_offre is not None:
            ids = set(achats.loc[achats[categorie] == categorie_offre, client])
            analogue = base[client].isin(ids).to_numpy()

    statut = base["statut"].to_numpy(dtype=object)
    source = base["source"].to_numpy(dtype=object)
    b2b = (base["type_client"].to_numpy(dtype=object) == "b2b") & bool(objet_professionnel)
    opt_out = statut == "opt_out"
    sans = pd.isna(statut)
    precoche = source == "case_precochee"
    achat = source == "achat_client"
    conds = [
        opt_out,
        np.full(len(base), ca == "courrier"),
        b2b,
        sans,
        precoche,
        achat & analogue,
        achat & a_achete,
        achat,
    ]
    codes = [
        "opt_out",
        "courrier",
        "b2b_professionnel",
        "aucun_consentement",
        "case_precochee",
        "client_analogue",
        "client_non_analogue",
        "client_sans_achat",
    ]
    code = np.select(conds, codes, default="opt_in")
    autorise = np.isin(code, ["courrier", "b2b_professionnel", "client_analogue", "opt_in"])
    motif = np.array([MOTIFS[c] for c in code], dtype=object)
    est_optin = code == "opt_in"
    motif[est_optin] = [
        MOTIFS["opt_in"].format(source=str(s).replace("_", " ")) for s in source[est_optin]
    ]
    hors_metier = (base["type_client"].to_numpy(dtype=object) == "b2b") & (not objet_professionnel)
    if hors_metier.any():
        motif[hors_metier] = [MOTIFS["b2b_hors_metier"] + " " + m for m in motif[hors_metier]]
    out = base[[client, "type_client", "statut", "source"]].copy()
    out["autorise"] = autorise
    out["code_motif"] = code
    out["motif"] = motif
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- AIDA
PARTIES_AIDA: dict[str, tuple[str, str]] = {
    "objet": ("Attention", "objet de l'e-mail : première chose lue dans la boîte de réception"),
    "surtitre": ("Attention", "surtitre : accroche courte au-dessus du titre"),
    "titre": ("Attention", "titre : promesse principale, capte l'attention"),
    "sous_titre": ("Intérêt", "sous-titre : développe la promesse, suscite l'intérêt"),
    "encadre": ("Désir", "encadré : avantage ou cadeau mis en valeur"),
    "corps": ("Désir", "corps du texte : arguments, preuves, bénéfices"),
    "appel_a_l_action": ("Action", "appel à l'action : ce que le lecteur doit faire, maintenant"),
    "lien_desinscription": ("Obligation légale", "lien de désinscription (LCEN)"),
}
"""Parts accepted by :func:`verifier_aida`, in reading order: (AIDA step, role)."""

_LONGUEUR_OBJET = 60
_LONGUEUR_TITRE = 90


def verifier_aida(email: Mapping[str, object]) -> list[str]:
    """French remarks on the AIDA structure of an e-mail given as parts.

    ``email`` maps part names of :data:`PARTIES_AIDA` (``objet``,
    ``surtitre``, ``titre``, ``sous_titre``, ``encadre``, ``corps``,
    ``appel_a_l_action``, ``lien_desinscription``) to their text. Checked:
    a title (Attention), a subtitle (Interest), an ``encadre`` or ``corps``
    (Desire), a call to action (Action), the legally required unsubscribe
    link, parts in AIDA order, an ``objet`` of at most 60 characters and a
    title of at most 90, no unknown part. An empty list means no remark.

    >>> verifier_aida({"titre": "Les casseroles des chefs chez vous",
    ...                "sous_titre": "En quantité limitée pour les particuliers",
    ...                "corps": "Inox triple épaisseur, garantie 10 ans.",
    ...                "appel_a_l_action": "Commandez avant dimanche",
    ...                "lien_desinscription": "https://superchef.example/desinscription"})
    []
    >>> for r in verifier_aida({"titre": "Nouveau : les casseroles Super Chef"}):
    ...     print(r)  # doctest: +ELLIPSIS
    Intérêt : il manque un sous-titre...
    Désir : il manque ...
    Action : il manque un appel à l'action...
    Obligation légale : il manque le lien de désinscription...
    """
    if not isinstance(email, Mapping):
        raise ErreurAnalyse(
            "donnez l'e-mail sous forme de dictionnaire {partie: texte}, par exemple "
            '{"titre": "...", "appel_a_l_action": "..."}.'
        )
    remarques: list[str] = []
    inconnues = [k for k in email if k not in PARTIES_AIDA]
    if inconnues:
        remarques.append(
            f"{pluriel(len(inconnues), 'Partie inconnue')} : {', '.join(map(repr, inconnues))} ; parties "
            f"reconnues : {', '.join(PARTIES_AIDA)}."
        )

    def present(cle: str) -> bool:
        v = email.get(cle)
        return isinstance(v, str) and v.strip() != ""

    if not present("titre"):
        remarques.append(
            "Attention : il manque un titre ; c'est lui qui capte l'attention du lecteur."
        )
    if not present("sous_titre"):
        remarques.append(
            "Intérêt : il manque un sous-titre qui développe la promesse du titre et "
            "donne envie de lire la suite."
        )
    if not (present("encadre") or present("corps")):
        remarques.append(
            "Désir : il manque un corps de texte ou un encadré qui présente les avantages "
            "(bénéfices, preuves, cadeau) et fait naître le désir."
        )
    if not present("appel_a_l_action"):
        remarques.append(
            "Action : il manque un appel à l'action (par exemple « Commandez maintenant ») "
            "qui dit au lecteur quoi faire."
        )
    if not present("lien_desinscription"):
        remarques.append(
            "Obligation légale : il manque le lien de désinscription ; chaque e-mail "
            "commercial doit permettre de se désinscrire simplement (LCEN)."
        )
    if present("objet") and len(str(email["objet"]).strip()) > _LONGUEUR_OBJET:
        remarques.append(
            f"Attention : l'objet fait {len(str(email['objet']).strip())} caractères ; "
            f"au-delà de {_LONGUEUR_OBJET} il est coupé sur un téléphone."
        )
    if present("titre") and len(str(email["titre"]).strip()) > _LONGUEUR_TITRE:
        remarques.append(
            f"Attention : le titre fait {len(str(email['titre']).strip())} caractères ; "
            f"visez moins de {_LONGUEUR_TITRE} pour qu'il se lise d'un coup d'œil."
        )
    ordre = list(PARTIES_AIDA)
    rangs = [ordre.index(k) for k in email if k in PARTIES_AIDA and present(k)]
    if rangs != sorted(rangs):
        attendu = " → ".join(k for k in ordre if k in email)
        remarques.append(
            f"Ordre : les parties ne suivent pas l'ordre AIDA ; ordre conseillé : {attendu}."
        )
    return remarques
