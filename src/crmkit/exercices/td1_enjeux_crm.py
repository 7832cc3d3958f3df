"""Self-checks for TD1 « Les enjeux de la relation client » (``td1_enjeux_crm``).

Students call ``verifier("q1", associations)`` after each answer and
``indice("q1")`` for a hint. Categorical answers are compared through salted
SHA-256 fingerprints (the expected answers are not readable here); numeric
answers are recomputed from the Super Chef data and compared with a tolerance.
Known misconceptions get a targeted hint: Pareto read as exactly 80 %,
choosing a channel by its cost per contact rather than per response, mass
customisation confused with personalisation, service costs forgotten in a
customer's profit, a share written as a percentage…

The questions are declared with the :mod:`crmkit.feedback` engine
(:class:`~crmkit.feedback.Questionnaire`); :func:`evaluer` returns the outcome
without raising (tests, autograder), :func:`verifier` prints ✅ or raises a short
French :class:`~crmkit.feedback.ReponseAVerifier`.

>>> evaluer("q11", ...).statut
'non_repondu'
>>> evaluer("q11", 21).statut, "absents" in evaluer("q11", 21).message
('incorrect', True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache

import pandas as pd

from crmkit.feedback import (
    INCORRECT,
    TYPE_INCORRECT,
    Association,
    Evaluation,
    Nombre,
    Personnalisee,
    Piege,
    Questionnaire,
    empreinte,
    proche,
)

TD_ID = "td1_enjeux_crm"
_SEL = "td1_enjeux_crm/2025"

# Expected answers of the concept questions, as fingerprints of (key, value) only.
_CLES = {
    "q1": {
        "eclectisme": "d6d19260b6b64b38aa625b697f9cc067ac321e0e6e55ea2bba06f571e0b71ea3",
        "fragmentation": "a66bfc16f0bcda9c2ea525918959532e1d48e8f3e2faa878b716a3a6bcfff4ee",
        "volatilite": "118c60e4460da497d2c40211c3027fbe8185e2e18b65b3e2d49ea203d729a9d7",
        "consom_acteur": "bc3ba9e1c3ed4cc94600c84104fbd54e1cf6fdc0bd549b23d7d4c3cfdee41852",
        "customer_insight": "8e634abe06963d02fb6a1a6a9d2f9d55374ddb2be959618ad8dabd6286da7407",
    },
    "q2": {
        "a": "1965586a3339408c50bd0cbf38ca0abe65c444d861efcf2036fd16d79bb2b483",
        "b": "8b2fa19dc33da5eed7a1867fe792be6f4c1dc39fd6cbc7cd89e4b9988344f960",
        "c": "5f3bed5f5910c72524457d2b066f48f43ecd1f51f0746682faf4a1c292e30a64",
        "d": "c4ab433a9b1e17bf0759e3558df4deae5bb2d901ce06e8cae8d7632755d0d340",
        "e": "82b71a61cc7cb4e24846c4f7af780d5523df3af5343e55623c215e691215dc6c",
    },
    "q5": {
        "a": "771d4b863fce635ba8d797c432ecdb23b4ba351d18b9962c10c07d5a5977aa07",
        "b": "05cf4dc2bbf720f7611b0917224e2a41be39840a9b815ae0d2736d7f453eec3f",
        "c": "460b1492391cb2909f3c5d4d3e24acc37462d4c625394839e2389fe616787fe6",
        "d": "b743b6534cc3da5721d897d3d0615f5ab35f34090f09b88e231851c85998d23a",
    },
}
_VALEURS_PERMISES = {
    "q1": ("A", "B", "C", "D", "E"),
    "q2": ("masse", "perso"),
    "q5": ("volume", "velocite", "variete"),
}
_LISTES = {
    "q3": "35990ba2e27ad1f2c27c36cd8180a6ed6f106b05022a0c4f749125b4b9838ebb",
    "q4": "7113b1f39f389b6a1b1d417e477035017e3ca7992a9a8305cc9d8380ff100342",
}

# Fingerprints of whole known-wrong answers → targeted hint.
_MEPRISES = {
    "q1": {
        "7911b746042b7cd11b7c363d4a7ce83af6ceb72ac13deb38f9d7251862b0a23b": "Vous avez "
        "inversé éclectisme et volatilité. L'éclectisme, ce sont des goûts variés au même "
        "moment ; la volatilité, c'est changer de marque au fil du temps.",
    },
    "q2": {
        "5b1867c5ae19f72ab0abd584d959bfd5d41f2d36d219eca31853a613111a3721": "Vous avez inversé "
        "les deux notions. Demandez-vous qui adapte : si c'est le client qui choisit parmi des "
        "options prévues, c'est de la personnalisation de masse ; si c'est l'entreprise, à "
        "partir de ce qu'elle sait du client, c'est de la personnalisation.",
        "ad5df78095a3aecf8aca3ee0cfcc2c1668f5c49cf61667e9f62aee6bf3e2979c": "Presque ! Relisez "
        "l'exemple c : un prénom gravé fait penser à la personnalisation, mais qui choisit ce "
        "prénom, et l'entreprise utilise-t-elle ce qu'elle sait de vous ?",
    },
    "q3": {
        "7f168ddcafa51db323e2dc40bbe57c4f4c727e3562f00c17c5682af383921da5": "L'expérience "
        "commence avant l'achat : le client imagine, se renseigne, a envie.",
        "8bb4fe43ac3003b2a96ebc4709e1a08771ff1cdfff8320bae15d3db0d0acc142": "Le souvenir est ce "
        "qui reste après l'usage du produit : il vient en dernier.",
        "cd36957d7883ed4fb11377c95f9a36e4c008ce57462e33563f8c678a800a19bf": "Vous avez donné "
        "l'ordre à l'envers : commencez par ce qui précède l'achat.",
    },
}

_MESSAGES_INDICES = {
    "q1": "Cherchez d'abord les deux définitions qui parlent du consommateur qui « bouge » : "
    "l'une décrit des goûts variés au même moment, l'autre des changements de marque dans le "
    "temps (cours, partie 2.2).",
    "q2": "Posez-vous une seule question pour chaque exemple : qui adapte le produit ou l'offre, "
    "le client ou l'entreprise ? (cours, tableau de la partie 2.2).",
    "q3": "Suivez le client dans le temps : avant, pendant et après l'achat, puis longtemps "
    "après (cours, partie 2.3).",
    "q4": "Les quatre axes parlent du client et de la relation, pas d'outils ni de prix (cours, "
    "partie 3.4).",
    "q5": "Volume = combien ; vélocité = à quelle vitesse ; variété = de quelles sortes "
    "(cours, partie 3.2).",
    "q6": "Comptez les commandes dont la date commence par « 2025- », puis divisez par le nombre "
    "de jours de l'année.",
    "q7": 'economics.part_du_top(charger("commandes"), 0.2, valeur="montant") mesure la part '
    "du chiffre d'affaires des 20 % meilleurs clients (cours, partie 5.1).",
    "q8": "Construisez le profit par client avec economics.profit_par_client(commandes, "
    "evenements_service), puis utilisez economics.synthese_stobachoff (cours, partie 5.2).",
    "q9": "economics.bilan_campagnes(campagnes, contacts) donne cout_total et nb_reponses par "
    "campagne ; ajoutez la colonne canal, additionnez par canal, puis divisez (cours, partie 6).",
    "q10": "Triez votre résultat de la question 9 : pd.Series(cout_par_reponse).sort_values().",
    "q11": "Combien de personnes sont réellement présentes en moyenne ? Divisez le coût par ce "
    "nombre-là.",
}

CANAUX = ("face_a_face", "telephone", "courrier", "sms", "email")
_ORDRE_PAR_CONTACT = ["email", "sms", "courrier", "telephone", "face_a_face"]


# --------------------------------------------------------------------------- data (recomputed)


@lru_cache(maxsize=1)
def _mesures() -> dict:
    """Expected values recomputed from the data with crmkit (cached per session)."""
    from crmkit import economics
    from crmkit.data import charger

    commandes = charger("commandes")
    evenements = charger("evenements_service")
    campagnes = charger("campagnes")
    contacts = charger("contacts_campagne")

    annee = commandes["date_commande"].dt.year
    profits = economics.profit_par_client(commandes, evenements)
    bilan = economics.bilan_campagnes(campagnes, contacts).join(
        campagnes.set_index("campagne_id")["canal"]
    )
    par_canal = bilan.groupby("canal")[["cout_total", "nb_reponses"]].sum()
    # The misconception "count the rows of contacts_campagne as contacts".
    lignes = contacts.merge(campagnes[["campagne_id", "canal", "cout_unitaire"]], on="campagne_id")
    par_lignes = lignes.groupby("canal").agg(cout=("cout_unitaire", "sum"), rep=("reponse", "sum"))
    return {
        "q6": int((annee == 2025).sum()) / 365,
        "q6_tout": len(commandes) / 365,
        "q6_total": int((annee == 2025).sum()),
        "q7": economics.part_du_top(commandes, 0.2, valeur="montant"),
        "q8": float((profits["profit"] < 0).mean()),
        "q8_marge": float((profits["marge"] < 0).mean()),
        "q9": (par_canal["cout_total"] / par_canal["nb_reponses"]).to_dict(),
        "q9_lignes": (par_lignes["cout"] / par_lignes["rep"]).to_dict(),
        "q9_contact": campagnes.groupby("canal")["cout_unitaire"].mean().to_dict(),
    }


# --------------------------------------------------------------------------- outcomes


def _faux(message: str) -> Evaluation:
    return Evaluation(INCORRECT, message)


def _type(message: str) -> Evaluation:
    return Evaluation(TYPE_INCORRECT, message)


def _vise(question: str, reponse: object) -> str | None:
    """Hint for a known wrong answer, found by fingerprint."""
    return _MEPRISES.get(question, {}).get(empreinte(question, reponse, _SEL))


def _associations(question: str, variable: str):
    """Matching question: template untouched → not answered; typos → allowed values."""
    inner = Association(question, variable=variable, empreintes=_CLES[question], sel=_SEL)
    permises = _VALEURS_PERMISES[question]

    def juger(reponse: object) -> Evaluation | bool:
        if isinstance(reponse, Mapping) and reponse:
            vides = [str(k) for k, v in reponse.items() if v is Ellipsis]
            if len(vides) == len(reponse):
                return inner.evaluer(...)  # the template as given: not answered yet
            if vides:
                return _faux("il reste des ... à remplacer pour : " + ", ".join(vides) + ".")
            inconnues = [str(k) for k in reponse if k not in _CLES[question]]
            if inconnues:
                return _type(
                    f"clé(s) inconnue(s) dans « {variable} » : {', '.join(inconnues)} ; "
                    "gardez exactement les clés du modèle."
                )
            for k, v in reponse.items():
                if not isinstance(v, str) or v.strip().lower() not in {p.lower() for p in permises}:
                    return _type(
                        f"valeur inattendue pour « {k} » : {v!r} ; écrivez un texte entre "
                        "guillemets parmi les valeurs possibles : "
                        + ", ".join(f'"{p}"' for p in permises)
                        + "."
                    )
        ev = inner.evaluer(reponse)
        if ev.statut == INCORRECT:
            cible = _vise(question, reponse)
            if cible:
                return _faux(f"{ev.message} {cible}")
        return ev

    return Personnalisee(question, variable=variable, fonction=juger)


def _q3(reponse: object) -> Evaluation | bool:
    if not isinstance(reponse, list | tuple):
        return _type(
            "« ordre_phases » doit être une liste de lettres entre crochets, "
            'par exemple ["A", "B", "C", "D"].'
        )
    if not all(isinstance(x, str) for x in reponse):
        return _type('écrivez chaque lettre entre guillemets, par exemple ["A", "B", "C", "D"].')
    if sorted(x.strip().upper() for x in reponse) != ["A", "B", "C", "D"]:
        return _type("la liste doit contenir chacune des lettres A, B, C et D, une seule fois.")
    if empreinte("q3", list(reponse), _SEL) == _LISTES["q3"]:
        return True
    return (
        _vise("q3", list(reponse)) or "l'ordre n'est pas le bon : pensez au déroulé dans le temps."
    )


def _q4(reponse: object) -> Evaluation | bool:
    if not isinstance(reponse, list | tuple | set | frozenset):
        return _type("« axes_grc » doit être une liste de numéros, par exemple [1, 2, 3, 4].")
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in reponse):
        return _type("écrivez des numéros (des nombres entiers de 1 à 7), sans guillemets.")
    numeros = set(reponse)
    if any(not 1 <= n <= 7 for n in numeros):
        return _type("les numéros vont de 1 à 7.")
    if len(numeros) != 4 or len(numeros) != len(reponse):
        return "il faut exactement quatre numéros différents."
    if empreinte("q4", numeros, _SEL) == _LISTES["q4"]:
        return True
    if 2 in numeros:
        return (
            "le logiciel n'est pas un axe : la GRC est un processus d'entreprise que le "
            "logiciel ne fait que faciliter."
        )
    if 4 in numeros or 6 in numeros:
        return (
            "baisser les prix pour tous ou crier plus fort dans les médias, c'est la logique du "
            "marketing de masse, pas celle de la relation client."
        )
    return "pas tout à fait : au moins un numéro ne convient pas."


# --------------------------------------------------------------------------- data questions


def _q6_pieges() -> list[Piege]:
    m = _mesures
    return [
        Piege(
            lambda x: proche(x, m()["q6_total"] / 12, 0.02),
            "c'est une moyenne par mois : divisez par le nombre de jours, pas de mois.",
        ),
        Piege(
            lambda x: proche(x, m()["q6_total"], 0.02),
            "c'est le nombre de commandes de l'année : ramenez-le à une journée.",
        ),
        Piege(
            lambda x: proche(x, m()["q6_tout"], 0.02),
            "vous avez compté toutes les années : gardez seulement 2025 "
            "(date_commande LIKE '2025-%').",
        ),
    ]


def _q7_pieges() -> list[Piege]:
    cible = lambda: _mesures()["q7"]  # noqa: E731
    return [
        Piege(
            lambda x: (
                (proche(x, 0.8, 1e-9) or proche(x, 80, 1e-9)) and not proche(cible(), 0.8, 0.01)
            ),
            "0,80 est la « règle » des 20/80, pas une mesure. Pareto est une observation qui "
            "varie d'une entreprise à l'autre : calculez la part réelle sur les données.",
        ),
        Piege(
            lambda x: 1 < x <= 100 and proche(x / 100, cible(), 0.01),
            "vous avez donné un pourcentage : écrivez une proportion entre 0 et 1 "
            "(45 % s'écrit 0.45).",
        ),
        Piege(
            lambda x: proche(x, 0.2, 1e-9),
            "0,2 est la part des clients ; on demande la part du chiffre d'affaires qu'ils "
            "réalisent.",
        ),
    ]


def _q8_pieges() -> list[Piege]:
    m = _mesures
    return [
        Piege(
            lambda x: abs(x - m()["q8_marge"]) < 0.002,
            "vous n'avez regardé que la marge des commandes. Un client devient déficitaire "
            "quand ses coûts de service (retours, réclamations, appels) dépassent sa marge : "
            "retranchez-les.",
        ),
        Piege(
            lambda x: proche(x, 1 - m()["q8"], 0.01),
            "c'est la part des clients rentables ; on demande celle des clients déficitaires.",
        ),
        Piege(
            lambda x: 1 < x <= 100 and proche(x / 100, m()["q8"], 0.02),
            "vous avez donné un pourcentage : écrivez une proportion entre 0 et 1 "
            "(45 % s'écrit 0.45).",
        ),
    ]


def _bande(x: float, cible: float) -> str:
    return Nombre("_", attendu=cible)._ecart(x)


def _q9(reponse: object) -> Evaluation | bool:
    m = _mesures()
    cible = m["q9"]
    if isinstance(reponse, pd.Series):
        reponse = reponse.to_dict()
    if not isinstance(reponse, Mapping):
        return _type(
            "« cout_par_reponse » doit être un dictionnaire {canal: coût} ou une Series "
            "indexée par canal."
        )
    manquants = [c for c in cible if c not in reponse]
    inconnus = [str(c) for c in reponse if c not in cible]
    if manquants or inconnus:
        details = []
        if manquants:
            details.append("canaux manquants : " + ", ".join(manquants))
        if inconnus:
            details.append("canaux inconnus : " + ", ".join(inconnus))
        return _type("donnez un coût pour chacun des cinq canaux (" + " ; ".join(details) + ").")
    valeurs = {}
    for canal in cible:
        v = reponse[canal]
        if isinstance(v, bool) or not isinstance(v, int | float) or math.isnan(float(v)):
            return _type(f"le coût de « {canal} » doit être un nombre ; reçu : {v!r}.")
        valeurs[canal] = float(v)
    faux = [c for c in cible if not proche(valeurs[c], cible[c], 0.01)]
    if not faux:
        return True
    if all(proche(valeurs[c], m["q9_contact"][c], 1e-6) for c in cible):
        return (
            "ce sont les coûts par contact. Le coût par réponse divise le coût total de la "
            "campagne par le nombre de réponses, pas par le nombre de contacts."
        )
    if all(proche(valeurs[c], m["q9_lignes"][c], 0.01) for c in faux):
        return (
            "vous avez compté les lignes de contacts_campagne comme contacts. Pour les "
            "campagnes de prospection, cette table ne liste que les personnes devenues "
            "clientes : prenez nb_contacts dans la table campagnes."
        )
    details = " ; ".join(f"{c} : {_bande(valeurs[c], cible[c])}" for c in faux)
    return f"{len(cible) - len(faux)} canal(aux) juste(s) sur {len(cible)}. {details}"


def _q10(reponse: object) -> Evaluation | bool:
    cpr = _mesures()["q9"]
    cible = sorted(cpr, key=cpr.get)
    if not isinstance(reponse, list | tuple):
        return _type(
            "« classement_par_reponse » doit être une liste de codes de canal entre crochets."
        )
    if not all(isinstance(x, str) for x in reponse):
        return _type('écrivez chaque canal entre guillemets, par exemple ["sms", "email", ...].')
    codes = [x.strip().lower() for x in reponse]
    if sorted(codes) != sorted(cible):
        return _type(
            "la liste doit contenir chacun des cinq codes une seule fois : "
            + ", ".join(f'"{c}"' for c in CANAUX)
            + "."
        )
    if codes == cible:
        return True
    if codes == _ORDRE_PAR_CONTACT:
        return (
            "c'est le classement par coût par contact, celui de l'énoncé. Un canal bon marché "
            "auquel peu de gens répondent peut coûter cher par réponse : classez selon vos "
            "coûts par réponse de la question 9."
        )
    bien_places = sum(a == b for a, b in zip(codes, cible, strict=True))
    return f"{bien_places} canal(aux) sur 5 à la bonne place."


# --------------------------------------------------------------------------- questionnaire

QUESTIONS = Questionnaire(TD_ID, sel=_SEL)
_I = _MESSAGES_INDICES
QUESTIONS.ajouter(_associations("q1", "associations"))
QUESTIONS.ajouter(_associations("q2", "exemples"))
QUESTIONS.ajouter(Personnalisee("q3", variable="ordre_phases", fonction=_q3))
QUESTIONS.ajouter(Personnalisee("q4", variable="axes_grc", fonction=_q4))
QUESTIONS.ajouter(_associations("q5", "trois_v"))
QUESTIONS.ajouter(
    Nombre(
        "q6",
        variable="commandes_par_jour",
        attendu=lambda: _mesures()["q6"],
        tolerance=0.01,
        pieges=_q6_pieges(),
    )
)
QUESTIONS.ajouter(
    Nombre(
        "q7",
        variable="part_ca_top20",
        attendu=lambda: _mesures()["q7"],
        tolerance=0.01,
        pieges=_q7_pieges(),
    )
)
QUESTIONS.ajouter(
    Nombre(
        "q8",
        variable="part_deficitaires",
        attendu=lambda: _mesures()["q8"],
        tolerance=0.02,
        pieges=_q8_pieges(),
    )
)
QUESTIONS.ajouter(Personnalisee("q9", variable="cout_par_reponse", fonction=_q9))
QUESTIONS.ajouter(Personnalisee("q10", variable="classement_par_reponse", fonction=_q10))
QUESTIONS.ajouter(
    Nombre(
        "q11",
        variable="cout_par_present",
        attendu=420 / (20 * (1 - 0.30)),
        tolerance=0.002,
        pieges=[
            Piege(
                lambda x: proche(x, 420 / 20, 0.01),
                "vous avez divisé par les 20 places : les absents ne consomment rien, divisez "
                "par le nombre de présents.",
            ),
            Piege(
                lambda x: proche(x, 420 / 20 * 1.3, 0.01),
                "ajouter 30 % au coût par place ne suffit pas : divisez le coût par le nombre "
                "moyen de présents.",
            ),
            Piege(
                lambda x: proche(x, 420 / 6, 0.01),
                "vous avez divisé par le nombre d'absents au lieu du nombre de présents.",
            ),
        ],
    )
)
for _qid in QUESTIONS.ids:
    QUESTIONS.question(_qid).indice = _I[_qid]

_REDIGEES = {
    "q12": "Pensez à ce que devient la fidélité quand les produits se ressemblent et que le "
    "client compare les prix en permanence (cours, partie 2.3).",
    "q13": "Pour le client, la marque, c'est la personne au bout du fil : que se passe-t-il "
    "si cette personne est isolée, minutée, peu formée ? (cours, partie 4).",
}
AUTO = tuple(QUESTIONS.ids)
"""Auto-graded question ids (q12 and q13 are graded by the teacher)."""

evaluer = QUESTIONS.evaluer
verifier = QUESTIONS.verifier


def indice(question_id: str) -> None:
    """Print a hint for a question, including the teacher-graded ones (never the answer).

    >>> indice("q3")
    💡 q3 : Suivez le client dans le temps : avant, pendant et après l'achat, puis longtemps après (cours, partie 2.3).
    >>> indice("q12")  # doctest: +ELLIPSIS
    💡 q12 : Pensez à ce que devient la fidélité...
    """
    if question_id in _REDIGEES:
        print(f"💡 {question_id} : {_REDIGEES[question_id]}")
        return
    QUESTIONS.indice(question_id)
