"""The Super Chef generator's parameters: sizes, dates, campaigns, the hidden response model.

:data:`PARAMETRES_CACHES` is for tests only, never shown to students.

>>> nb_clients("default"), jour("2019-01-02") - jour("2019-01-01")
(20000, 1)
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from .writer import ORIGINE

VERSION_GENERATEUR = 1
GRAINE_DEFAUT = 2025
TAILLES = {"default": 20_000, "large": 200_000}
TAILLE_BLOC = 50_000


def jour(date_iso: str) -> int:
    """Day number counted from 2019-01-01.

    >>> jour("2019-01-02"), jour("2025-12-31")
    (1, 2556)
    """
    return int((np.datetime64(date_iso, "D") - ORIGINE).astype(int))


JOUR_REF = jour("2025-12-31")
JOUR_CASE_PRECOCHEE_FIN = jour("2021-06-30")  # the old web form pre-ticked the e-mail box

PART_TEMOINS = 0.10
"""Share of the eligible customers of a retention mailing drawn at random and not mailed."""
FLUX_TEMOINS = 9_000_000
"""Offset of the control groups' own random streams: ``[seed, FLUX_TEMOINS + campagne_id, bloc]``."""


@dataclass(frozen=True)
class Campagne:
    """A past campaign (public facts; its response parameters are hidden)."""

    campagne_id: int
    nom: str
    canal: str
    date: str
    offre: str
    categorie: str | None
    cout_unitaire: float
    cible: str  # "clients" or "prospects"
    remise: float  # discount applied to the answer's order lines


CAMPAGNES: tuple[Campagne, ...] = (
    Campagne(
        1,
        "Printemps des casseroles 2024",
        "courrier",
        "2024-03-12",
        "Bon de réduction de 15 % sur les casseroles",
        "casseroles",
        1.00,
        "clients",
        0.15,
    ),
    Campagne(
        2,
        "Printemps des casseroles 2025",
        "courrier",
        "2025-03-11",
        "Bon de réduction de 15 % sur les casseroles",
        "casseroles",
        1.00,
        "clients",
        0.15,
    ),
    Campagne(
        3,
        "Black Friday poêles 2025",
        "email",
        "2025-11-18",
        "20 % de remise sur les poêles pendant 5 jours",
        "poeles",
        0.02,
        "clients",
        0.20,
    ),
    Campagne(
        4,
        "Ventes privées d'été 2025",
        "sms",
        "2025-06-10",
        "10 % sur tout le magasin et le site",
        None,
        0.10,
        "clients",
        0.10,
    ),
    Campagne(
        5,
        "Offre couteaux professionnels 2024",
        "telephone",
        "2024-10-08",
        "Remise de 10 % sur les couteaux pour les professionnels",
        "couteaux",
        3.00,
        "clients",
        0.10,
    ),
    Campagne(
        6,
        "Visites comptes professionnels 2025",
        "face_a_face",
        "2025-09-23",
        "Équipement de cuisine professionnelle sur devis",
        "petit_electromenager",
        250.00,
        "clients",
        0.05,
    ),
    Campagne(
        7,
        "Catalogue de bienvenue 2024",
        "courrier",
        "2024-09-17",
        "10 € offerts dès 50 € d'achat pour une première commande",
        None,
        1.00,
        "prospects",
        0.10,
    ),
    Campagne(
        8,
        "Catalogue de bienvenue 2025",
        "courrier",
        "2025-09-16",
        "10 € offerts dès 50 € d'achat pour une première commande",
        None,
        1.00,
        "prospects",
        0.10,
    ),
)

PARAMETRES_CACHES: dict = {
    # Response model of the "clients" campaigns (same coefficients, own intercept):
    # logit p = intercept + recence * min(recence_jours, 1500) / 365
    #         + frequence * log1p(nb commandes des 730 jours avant la campagne)
    #         + montant * log1p(montant de ces commandes / 100)
    #         + affinite * part du montant historique dans la catégorie ciblée
    # (history = orders strictly before the campaign date).
    "modele_reponse": {
        "recence": -0.9,
        "frequence": 0.55,
        "montant": 0.30,
        "affinite": 2.2,
        "intercepts": {1: -4.35, 2: -4.35, 4: -4.0, 5: -3.6, 6: -2.3},
        "fenetre_jours": 730,
        "plafond_recence_jours": 1500,
    },
    "ab_test": {  # campaign 3: probabilities per variant
        "campagne_id": 3,
        "rejet": 0.02,
        "ouverture": {"A": 0.20, "B": 0.235},
        "clic_si_ouvert": {"A": 0.14, "B": 0.155},
        "achat_si_clic": 0.22,
        "desabonnement_si_delivre": 0.004,
    },
    "prospects": {
        7: {"contacts_par_client": 2.5, "conversion": 0.008},
        8: {"contacts_par_client": 2.5, "conversion": 0.008},
    },
    # Annual churn hazard by acquisition channel; the card multiplies it.
    "attrition_annuelle": {
        "magasin": 0.24,
        "web": 0.40,
        "salon": 0.48,
        "parrainage": 0.16,
        "catalogue": 0.30,
    },
    "effet_carte_attrition": 0.55,
    "effet_carte_frequence": 1.25,
    "attrition_b2b": 0.5,
    "frequence_annuelle_mediane": 1.2,
    "frequence_sigma": 0.95,
    "multicanal_frequence": 1.5,
    "part_clients_difficiles": 0.22,
}

_P_ACQUISITION = np.array([0.38, 0.32, 0.08, 0.10, 0.12])  # order of CANAUX_ACQUISITION
_P_CARTE = np.array([0.45, 0.18, 0.30, 0.35, 0.25])
_P_B2B = np.array([0.05, 0.05, 0.25, 0.04, 0.08])
_P_EMAIL_OPTIN = np.array([0.58, 0.82, 0.68, 0.66, 0.45])
_P_SMS_OPTIN = np.array([0.30, 0.28, 0.35, 0.30, 0.15])
_SOURCE_COLLECTE = ("magasin", "formulaire_web", "salon", "formulaire_web", "achat_client")
# Primary sales channel by acquisition channel (index in CANAUX_VENTE).
_CANAL_PRINCIPAL = np.array(
    [
        [0.92, 0.05, 0.02, 0.01],  # magasin
        [0.08, 0.88, 0.02, 0.02],  # web
        [0.45, 0.40, 0.10, 0.05],  # salon
        [0.50, 0.40, 0.05, 0.05],  # parrainage
        [0.10, 0.25, 0.25, 0.40],  # catalogue
    ]
)
_POPULARITE_CATEGORIES = np.array([1.0, 1.3, 0.8, 0.6, 1.6, 0.5, 0.7, 0.8])
_CHIFFRES = np.array([f"{i:02d}" for i in range(100)], dtype=object)
_RAISONS = (
    "Restaurant",
    "Brasserie",
    "Traiteur",
    "Bistrot",
    "Hôtel-restaurant",
    "Pâtisserie",
    "Boulangerie",
    "Crêperie",
    "Auberge",
    "Cantine",
)


def nb_clients(taille: str | int) -> int:
    """Number of customers for a size code (``"default"``, ``"large"``) or an integer.

    >>> nb_clients("default"), nb_clients(500)
    (20000, 500)
    """
    if isinstance(taille, str) and taille in TAILLES:
        return TAILLES[taille]
    try:
        n = int(taille)
    except (TypeError, ValueError):
        raise ValueError(
            f"taille '{taille}' invalide : utilisez 'default', 'large' ou un nombre de clients"
        ) from None
    if n < 100:
        raise ValueError(f"taille {n} trop petite : au moins 100 clients")
    return n


def _sans_accent(texte: str) -> str:
    texte = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return "".join(c for c in texte.lower() if c.isalnum() or c in "-.")


def _sigmoide(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def proba_reponse_vraie(campagne_id: int, recence_jours, frequence, montant, affinite):
    """True response probability of a "clients" campaign (hidden model, tests only).

    Arguments are the features as of the campaign date (see
    :data:`PARAMETRES_CACHES`). Works on scalars or numpy arrays.

    >>> round(float(proba_reponse_vraie(1, 30, 3, 400.0, 0.5)), 3)
    0.111
    """
    m = PARAMETRES_CACHES["modele_reponse"]
    recence = np.minimum(np.asarray(recence_jours, dtype=float), m["plafond_recence_jours"])
    logit = (
        m["intercepts"][campagne_id]
        + m["recence"] * recence / 365.0
        + m["frequence"] * np.log1p(np.asarray(frequence, dtype=float))
        + m["montant"] * np.log1p(np.asarray(montant, dtype=float) / 100.0)
        + m["affinite"] * np.asarray(affinite, dtype=float)
    )
    return _sigmoide(logit)
