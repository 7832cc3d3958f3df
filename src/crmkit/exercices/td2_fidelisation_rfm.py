"""TD2 part 3 (``td2_fidelisation``), RFM segmentation questions q13–q15: figures and declarations.

The customers are segmented on recency, frequency and amount at the data
set's reference date with :func:`crmkit.scoring.segmentation_rfm` (quintile
notes 1–5 over every customer, named segments of
:data:`crmkit.scoring.SEGMENTS_RFM`); :func:`crmkit.loyalty.valeur_segments`
gives each segment's size and value. The main module
:mod:`crmkit.exercices.td2_fidelisation` adds these questions to the TD.

Usual mistakes with their own message: recency notes the wrong way round (the
most recent customers get 1), quintiles computed over the wrong population
(customers of the last three years, or of 2025 only), the segment next door
(q13); share of customers instead of share of margin, margin of the whole
history, revenue instead of margin (q14); the reconquest offer sent to lost
customers instead of customers at risk, a discount for champions (q15).

>>> [q.qid for q in questions()]
['q13', 'q14', 'q15']
"""

from __future__ import annotations

import functools

from crmkit.exercices.td2_fidelisation_mesures import commandes
from crmkit.feedback import Association, Nombre, Piege, empreinte, proche

DATE_RFM = "2025-12-31"
"""Reference date of the segmentation (the data set's « aujourd'hui »)."""

SEGMENT_Q13 = "À risque"
"""The segment whose size q13 asks for."""

_SEL = "td2_fidelisation/2025"

# q15: fingerprint of (segment, action letter) for each segment; the key is not shipped.
_ACTIONS = {
    "Champions": "1942255d413f70f1085c043670b8b6e2262146d5c70648fc9e23fe942b5f2635",
    "Fidèles": "d2f070ed4c834e60c30a963d7b657261d8b6d905cd5d48be2051b7419c967dae",
    "Nouveaux": "22f8d9c09c5592c1ed123ee9a88ca19ad6a1d99fb1e4a10bd6b9f179a36d1692",
    "À risque": "67f090750092e68ff724a7a0fb901366e331c07da6dc9ba030885711cc1a9686",
    "Perdus": "383a8e37ae5bf15bfded3b16285a70446b0a2ae963a204d1ab89a78c48154b51",
}
LETTRES_ACTIONS = ("A", "B", "C", "D", "E")


def _segments(cmd, recence_croissante: bool = False):
    from crmkit.scoring import _segments as regles
    from crmkit.scoring import notes_quantiles, segmentation_rfm

    s = segmentation_rfm(cmd, DATE_RFM)
    if recence_croissante:
        s["R"] = notes_quantiles(s["recence"], 5, croissant=True)
        s["segment"] = regles(s["R"].to_numpy(), s["F"].to_numpy())
    return s["segment"]


@functools.cache
def rfm() -> dict[str, float]:
    """Size of the « à risque » segment and share of the 2025 margin made by champions.

    With the usual wrong values (see the module docstring).
    """
    import pandas as pd

    from crmkit.loyalty import valeur_segments

    cmd = commandes()
    seg = _segments(cmd)
    envers = _segments(cmd, recence_croissante=True)
    recents = _segments(cmd[cmd["date_commande"] >= pd.Timestamp("2023-01-01")])
    seulement_2025 = _segments(cmd[cmd["annee"] == 2025])
    en_2025 = cmd[cmd["annee"] == 2025]
    valeur = valeur_segments(seg, en_2025)
    return {
        "taille": float((seg == SEGMENT_Q13).sum()),
        "taille_recence_inversee": float((envers == SEGMENT_Q13).sum()),
        "taille_trois_ans": float((recents == SEGMENT_Q13).sum()),
        "taille_2025": float((seulement_2025 == SEGMENT_Q13).sum()),
        "taille_perdus": float((seg == "Perdus").sum()),
        "part_marge": float(valeur.loc["Champions", "part_marge"]),
        "part_clients": float(valeur.loc["Champions", "part_clients"]),
        "part_ca": float(valeur.loc["Champions", "part_ca"]),
        "part_marge_historique": float(valeur_segments(seg, cmd).loc["Champions", "part_marge"]),
        "part_marge_recence_inversee": float(
            valeur_segments(envers, en_2025).loc["Champions", "part_marge"]
        ),
    }


def _piege(cle: str, message: str, tolerance: float = 1e-3) -> Piege:
    return Piege(lambda r: proche(r, rfm()[cle], tolerance), message)


def _donne_a(reponse: object, segment: str, autre: str) -> bool:
    """True when the answer gives *segment* the action that belongs to *autre*."""
    valeurs = {empreinte("q15", k, _SEL): v for k, v in dict(reponse).items()}
    v = valeurs.get(empreinte("q15", segment, _SEL))
    return v is not None and empreinte("q15", [autre, v], _SEL) == _ACTIONS[autre]


_RECENCE_INVERSEE = (
    "les notes de récence sont à l'envers : une petite récence (peu de jours depuis la dernière "
    "commande) est une BONNE note (5). segmentation_rfm le fait pour vous (croissant=False)."
)


def questions() -> tuple:
    """The declarations of q13–q15 (added to the TD's questionnaire by the main module)."""
    return (
        Nombre(
            "q13",
            variable="nb_a_risque",
            points=2,
            attendu=lambda: rfm()["taille"],
            tolerance_abs=0.5,
            indices=(
                'scoring.segmentation_rfm(commandes, "2025-12-31") note chaque client de 1 à 5 '
                "en récence, fréquence et montant (quintiles de TOUS les clients) et lui donne "
                "un segment (colonne « segment »).",
                "Comptez les clients dont le segment est « À risque » : "
                '(rfm["segment"] == "À risque").sum().',
            ),
            pieges=(
                _piege("taille_recence_inversee", _RECENCE_INVERSEE, 0.0),
                _piege(
                    "taille_trois_ans",
                    "vous n'avez gardé que les commandes des trois dernières années : les "
                    "quintiles se calculent sur TOUS les clients de la base, à partir de toutes "
                    "leurs commandes (sinon les clients partis depuis longtemps disparaissent).",
                    0.0,
                ),
                _piege(
                    "taille_2025",
                    "vous n'avez gardé que les commandes de 2025 : les clients à risque sont "
                    "justement ceux qui n'ont rien acheté récemment. Prenez toutes les commandes.",
                    0.0,
                ),
                _piege(
                    "taille_perdus",
                    "c'est la taille du segment « Perdus » (peu d'achats, anciens) : les clients "
                    "« À risque » ont acheté souvent (F ≥ 3) mais plus depuis longtemps (R ≤ 2).",
                    0.0,
                ),
            ),
        ),
        Nombre(
            "q14",
            variable="part_marge_champions",
            points=2,
            attendu=lambda: rfm()["part_marge"],
            tolerance_abs=1e-4,
            indices=(
                "loyalty.valeur_segments(segments, commandes_2025) donne, par segment, le nombre "
                "de clients, le chiffre d'affaires, la marge et leurs parts.",
                "Passez-lui la colonne « segment » de la question 13 et les seules commandes de "
                "2025 ; lisez la ligne « Champions », colonne « part_marge ».",
            ),
            pieges=(
                _piege(
                    "part_clients",
                    "c'est la part des CLIENTS qui sont champions : la question demande leur part "
                    "de la MARGE de 2025.",
                ),
                _piege(
                    "part_marge_historique",
                    "c'est la part de la marge de TOUTE la période 2019-2025 : gardez les seules "
                    "commandes de 2025.",
                ),
                _piege(
                    "part_ca",
                    "c'est la part du chiffre d'affaires : la question porte sur la MARGE.",
                    1e-4,
                ),
                _piege("part_marge_recence_inversee", _RECENCE_INVERSEE),
                Piege(
                    lambda r: proche(r, 100 * rfm()["part_marge"]),
                    "une part s'écrit entre 0 et 1 (75 % s'écrit 0.75).",
                ),
            ),
        ),
        Association(
            "q15",
            variable="actions",
            points=2,
            empreintes=_ACTIONS,
            sel=_SEL,
            valeurs=LETTRES_ACTIONS,
            indices=(
                "Demandez-vous pour chaque segment : ce client achète-t-il encore ? Achetait-il "
                "beaucoup ? Le segment vaut-il une relance coûteuse ?",
                "Les clients « À risque » achetaient souvent mais plus depuis longtemps : c'est "
                "eux qu'une relance personnalisée peut faire revenir. Les « Perdus » n'ont "
                "jamais acheté beaucoup.",
            ),
            pieges=(
                Piege(
                    lambda r: (
                        _donne_a(r, "Perdus", "À risque") or _donne_a(r, "À risque", "Perdus")
                    ),
                    "la relance de reconquête, avec une offre forte, est pour les clients « À "
                    "risque » (de bons clients qui s'éloignent) ; les « Perdus », peu rentables, "
                    "ne valent qu'un dernier contact peu coûteux.",
                ),
                Piege(
                    lambda r: (
                        _donne_a(r, "Champions", "À risque") or _donne_a(r, "Champions", "Nouveaux")
                    ),
                    "les champions achètent déjà souvent et beaucoup : une remise leur ferait "
                    "gagner moins de marge sans les faire acheter davantage. Reconnaissez-les "
                    "plutôt (avantages réservés, parrainage).",
                ),
            ),
        ),
    )
