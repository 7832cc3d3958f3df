"""Self-checks for the warm-up TD « Prise en main » (``td0_prise_en_main``).

The questions use the course's cost per contact by channel
(:data:`crmkit.economics.COUTS_CONTACT`) and the figures stated in the
notebook (a postal mailing to 12 500 customers out of Super Chef's
20 000-customer base, the size of the course data set, 375 responses). Numbers are recomputed from these inputs; the cheapest
channel is compared through a salted fingerprint. Each question is declared once (points,
tolerance, hints, misconceptions): ``verifier`` is the visible self-check and
``valider`` the hidden test of the same rule. Misconceptions with their
own hint: the wrong channel's unit cost, a response rate over the whole base
or written as a percentage, contacts divided by responses, cost per contact
given for cost per response.

>>> verifier("q1", 12_500)
✅ q1 : bonne réponse.
>>> evaluer("q2", 3).statut
'incorrect'
>>> valider("q1", 12_500.01, 12_500)
>>> print(evaluer("q2", 375 / 20_000).message)
ce taux est calculé sur toute la base (20 000 clients) : un taux de réponse se calcule sur les personnes contactées.
"""

from __future__ import annotations

from crmkit.economics import COUTS_CONTACT
from crmkit.feedback import Choix, Libre, Nombre, Piege, Questionnaire
from crmkit.feedback import proche as _proche

TD_ID = "td0_prise_en_main"

# Figures stated in the notebook (the statement, not the answers).
NB_CLIENTS_BASE = 20_000  # = nb_clients("default"), checked by tests/
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
        points=1,
        attendu=_cout_mailing,
        tolerance_abs=0.01,
        indices=(
            "coût total = nombre de personnes contactées × coût d'un contact.",
            'COUTS_CONTACT["courrier"] donne le coût d\'un courrier ; seuls les 12 500 '
            "clients contactés comptent.",
        ),
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
        points=2,
        attendu=lambda: NB_REPONSES / NB_CONTACTES,
        tolerance=1e-3,
        indices=(
            "taux de réponse = nombre de réponses ÷ nombre de personnes contactées.",
            "écrivez-le comme une proportion, entre 0 et 1 (0.03 pour 3 %), sans "
            "multiplier par 100.",
        ),
        pieges=(
            Piege(
                lambda r: (
                    proche(r, NB_REPONSES / NB_CLIENTS_BASE)
                    or proche(r, 100 * NB_REPONSES / NB_CLIENTS_BASE)
                ),
                "ce taux est calculé sur toute la base (20 000 clients) : un taux de "
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
        points=1,
        empreintes=("868c0187faf536ffd9d0aa7076c6e1ca61d5dd46eeeac4eb60f9603279a451e0",),
        options=_CANAUX,  # all text: a list or a number gets the wrong-type message
        indices=(
            "comparez les valeurs de COUTS_CONTACT : laquelle est la plus petite ?",
            "min(COUTS_CONTACT, key=COUTS_CONTACT.get) donne la clé de la plus petite "
            'valeur ; la réponse est un seul texte entre guillemets, comme "sms".',
        ),
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
        points=2,
        attendu=lambda: _cout_mailing() / NB_REPONSES,
        tolerance=0.005,  # 33.33 (rounded to the cent) is accepted
        indices=(
            "coût par réponse = coût total de la campagne ÷ nombre de réponses.",
            "réutilisez cout_mailing (question 1) et les 375 réponses de la question 2.",
        ),
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
        points=2,
        indices=(
            "comparez le coût par contact et le coût par réponse : le taux de réponse "
            "change-t-il selon le canal ?",
            "pensez aussi à qui l'on a le droit d'écrire par e-mail, et à ce qu'un "
            "courrier permet d'envoyer.",
        ),
    )
)

verifier, indice, valider = QUESTIONS.verifier, QUESTIONS.indice, QUESTIONS.valider
evaluer = QUESTIONS.evaluer

__all__ = ["QUESTIONS", "TD_ID", "evaluer", "indice", "valider", "verifier"]
