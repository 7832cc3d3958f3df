"""Self-checks for the warm-up TD « Prise en main » (``td0_prise_en_main``).

The questions use the course's cost per contact by channel
(:data:`crmkit.economics.COUTS_CONTACT`) and the figures stated in the
notebook (a postal mailing to 12 500 customers out of a 40 000-customer base,
375 responses). Numbers are recomputed from these inputs; the cheapest
channel is compared through a salted fingerprint. Misconceptions with their
own hint: the wrong channel's unit cost, a response rate over the whole base
or written as a percentage, contacts divided by responses, cost per contact
given for cost per response.

>>> verifier("q1", 12_500)
✅ q1 : bonne réponse.
>>> evaluer("q2", 3).statut
'incorrect'
>>> print(evaluer("q2", 375 / 40_000).message)
ce taux est calculé sur toute la base (40 000 clients) : un taux de réponse se calcule sur les personnes contactées.
"""

from __future__ import annotations

from crmkit.economics import COUTS_CONTACT
from crmkit.feedback import Choix, Libre, Nombre, Piege, Questionnaire
from crmkit.feedback import proche as _proche

TD_ID = "td0_prise_en_main"

# Figures stated in the notebook (the statement, not the answers).
NB_CLIENTS_BASE = 40_000
NB_CONTACTES = 12_500
NB_REPONSES = 375

QUESTIONS = Questionnaire(TD_ID, sel="td0_prise_en_main/2025")


def proche(x: object, cible: float) -> bool:
    """Within 1 % of *cible*: misconception predicates accept rounded answers."""
    return _proche(x, cible, tolerance=0.01)


def _cout_mailing() -> float:
    return NB_CONTACTES * COUTS_CONTACT["courrier"]


def _autre_canal(reponse: object) -> bool:
    return any(
        proche(reponse, NB_CONTACTES * cout)
        for canal, cout in COUTS_CONTACT.items()
        if canal != "courrier"
    )


QUESTIONS.ajouter(
    Nombre(
        "q1",
        variable="cout_mailing",
        attendu=_cout_mailing,
        tolerance_abs=0.01,
        indice="coût total = nombre de personnes contactées × coût d'un contact par courrier.",
        pieges=(
            Piege(
                _autre_canal,
                "vous avez pris le coût par contact d'un autre canal : "
                'relisez COUTS_CONTACT["courrier"].',
            ),
            Piege(
                lambda r: proche(r, NB_CLIENTS_BASE * COUTS_CONTACT["courrier"]),
                "vous avez compté toute la base : seuls les clients contactés coûtent.",
            ),
        ),
    )
)

QUESTIONS.ajouter(
    Nombre(
        "q2",
        variable="taux_reponse",
        attendu=lambda: NB_REPONSES / NB_CONTACTES,
        tolerance=1e-3,
        indice="taux de réponse = nombre de réponses ÷ nombre de personnes contactées, "
        "écrit comme une proportion (entre 0 et 1).",
        pieges=(
            Piege(
                lambda r: (
                    proche(r, NB_REPONSES / NB_CLIENTS_BASE)
                    or proche(r, 100 * NB_REPONSES / NB_CLIENTS_BASE)
                ),
                "ce taux est calculé sur toute la base (40 000 clients) : un taux de "
                "réponse se calcule sur les personnes contactées.",
            ),
            Piege(
                lambda r: proche(r, NB_CONTACTES / NB_REPONSES),
                "division à l'envers : ce sont les réponses qu'on divise par les contacts.",
            ),
            Piege(
                lambda r: proche(r, 100 * NB_REPONSES / NB_CONTACTES),
                "facteur 100 : avez-vous donné un pourcentage (3 pour 3 %) au lieu d'une "
                "proportion (0.03) ? Écrivez la proportion, sans multiplier par 100.",
            ),
        ),
    )
)

_CANAUX = tuple(COUTS_CONTACT)

QUESTIONS.ajouter(
    Choix(
        "q3",
        variable="canal_moins_cher",
        empreintes=("868c0187faf536ffd9d0aa7076c6e1ca61d5dd46eeeac4eb60f9603279a451e0",),
        options=_CANAUX,
        indice="comparez les valeurs de COUTS_CONTACT ; min(COUTS_CONTACT, "
        "key=COUTS_CONTACT.get) donne la clé de la plus petite valeur.",
        pieges_valeurs={
            "face_a_face": "c'est au contraire le canal le plus cher par contact.",
            "sms": "le SMS est bon marché, mais un canal coûte encore moins par contact.",
            "courrier": "le courrier coûte bien plus par contact que deux autres canaux.",
            "telephone": "le téléphone est le deuxième canal le plus cher par contact.",
        },
    )
)

QUESTIONS.ajouter(
    Nombre(
        "q4",
        variable="cout_par_reponse",
        attendu=lambda: _cout_mailing() / NB_REPONSES,
        tolerance=0.005,
        indice="coût par réponse = coût total de la campagne ÷ nombre de réponses.",
        pieges=(
            Piege(
                lambda r: proche(r, COUTS_CONTACT["courrier"]),
                "c'est le coût par contact : pour le coût par réponse, divisez le coût "
                "total par le nombre de réponses.",
            ),
            Piege(
                lambda r: proche(r, NB_REPONSES / _cout_mailing()),
                "division à l'envers : c'est le coût qu'on divise par les réponses.",
            ),
            Piege(
                lambda r: proche(r, NB_CLIENTS_BASE * COUTS_CONTACT["courrier"] / NB_REPONSES),
                "le coût total compte toute la base : seuls les clients contactés coûtent.",
            ),
        ),
    )
)

QUESTIONS.ajouter(
    Libre(
        "q5",
        variable="votre texte",
        indice="comparez le coût par contact et le coût par réponse, puis pensez à qui "
        "l'on a le droit d'écrire par e-mail.",
    )
)

verifier = QUESTIONS.verifier
indice = QUESTIONS.indice
evaluer = QUESTIONS.evaluer

__all__ = ["QUESTIONS", "TD_ID", "evaluer", "indice", "verifier"]
