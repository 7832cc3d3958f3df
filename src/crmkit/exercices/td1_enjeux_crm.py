"""Self-checks for TD1 « Les enjeux de la relation client » (``td1_enjeux_crm``).

One declaration per question (kind, answer variable, points, tolerance, hints,
misconceptions): ``verifier("q8", commandes_par_jour)`` is the visible check,
``valider("q8", commandes_par_jour, 97.326…)`` the hidden test (same rule,
literal expected value), ``indice("q8")`` gives the next hint. Categorical
answers are compared through salted SHA-256 fingerprints; numbers and tables
are recomputed from the Super Chef data. Known misconceptions get a targeted
hint: Pareto read as exactly 80 %, the wrong year, a share written as a
percentage, service costs forgotten, a rate of the complement (1 − p),
channels compared on their cost per contact or with the prospect campaigns
mixed in, a mean of ratios instead of a ratio of sums, an advert posted on a social
network taken for social CRM, after-sales left out of the customer experience, the
course's examples mixed up (Darty's cross-selling taken for up-selling, Second Life's
servers and the Louvre's no-shows swapped)…

>>> evaluer("q13", ...).statut
'non_repondu'
>>> evaluer("q13", 21).statut, "absents" in evaluer("q13", 21).message
('incorrect', True)
>>> valider("q13", 30.0, 30.0)
>>> print(evaluer("q6", dict.fromkeys("abcdef", "crm_social")).message)  # doctest: +ELLIPSIS
relisez la situation b : être présent sur un réseau social ne suffit pas...
"""

from __future__ import annotations

from crmkit.exercices.pieges import table_egale
from crmkit.exercices.td1_enjeux_crm_mesures import mesures
from crmkit.feedback import (
    Association,
    Choix,
    Libre,
    Nombre,
    Piege,
    Questionnaire,
    Tableau,
    empreinte,
    normaliser,
    proche,
)

TD_ID = "td1_enjeux_crm"
_SEL = "td1_enjeux_crm/2025"

CANAUX = ("face_a_face", "telephone", "courrier", "sms", "email")

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
    "q6": {
        "a": "410b20b2c601313dc760e365fb7011f26b4cfe14ff589586df4bc2b9d5257021",
        "b": "9c970abe153d50cb7a4179f92461fcc5dbb5f31e1e18333c89e3bd1ef46b590d",
        "c": "d0c2b24146f6e24d2c08ba73ee7dbd0a87d67773a97a70e207fec3a871334a68",
        "d": "eca48b24bf0f3e7ba698c9623e0e929e68ff3cfe63749288705e72c66e9649f7",
        "e": "52ebe8b71880410466d96374f22b80f15ad3b48b12d84426a9946d94a78f4a65",
        "f": "84e93a8bd102264630d973ca34f902705ca9358d15e3fe21b7d446b89c139de8",
    },
    "q7": {
        "darty": "9b758c86024cd4e2ef5db2504323d7398353237f7b13e27a430e0c483f7fcf83",
        "renault": "6823fe7183a60ad2fc29f24c9b42e242ab4bf623c14491e8676119da5fb1293e",
        "sncf": "eca679b6ae7ef95a41ca4f72843e6134f1cbe645a92b22a4f6b49dcc9aeb87fb",
        "sony": "39f2380a55782271b3e4468f00bbedc21ae1469a1245c11e3b77e7b50be38eee",
        "second_life": "a4a5a7b6f5d67b9d711f0ace76c7aa0c49e4cc4cb1b71781ab1e736a4bd41759",
        "louvre": "f9353f5c0f777a17e799fef190f7445041aec296eec2be87588be03703f3d12b",
    },
    "q14": {
        "a": "c7183d3ccf0adef8e7e66b86c0a438dd533b67f6956dec96619efb5431c4bbf0",
        "b": "6f9a56330e99c88fa3f7b2a3c2ca8e6263ddd7058af4aa94fd19f6cdfb3e32a3",
        "c": "200dac09fb3aa1b4fd2259ded96c22ce1a279ec16850c154080a0c58f5af7e82",
        "d": "d4ff6e7a7561d7abe1eda9a91dd7343af237ed82602e7b5b0800f8362bd63822",
        "e": "9dd5609ab7887fece526644088d0ef89dd824d7580bdb85f899303c71e54d924",
        "f": "42b1c7b864e9064f8910444461b52bdbd7b775b37d6708e76e442eba062e7534",
        "g": "eb982f8ea7f7a8fd03869ff90514a45afb534d0336bff60b392d9b87c392f1c2",
    },
}
_Q3 = "35990ba2e27ad1f2c27c36cd8180a6ed6f106b05022a0c4f749125b4b9838ebb"
_Q4 = "7113b1f39f389b6a1b1d417e477035017e3ca7992a9a8305cc9d8380ff100342"

# Fingerprints of whole known-wrong answers (in clear they would give the right one away).
_Q1_ECLECTISME_VOLATILITE = "7911b746042b7cd11b7c363d4a7ce83af6ceb72ac13deb38f9d7251862b0a23b"
_Q2_INVERSE = "5b1867c5ae19f72ab0abd584d959bfd5d41f2d36d219eca31853a613111a3721"
_Q2_EXEMPLE_C = "ad5df78095a3aecf8aca3ee0cfcc2c1668f5c49cf61667e9f62aee6bf3e2979c"
_Q3_SANS_ANTICIPATION = "7f168ddcafa51db323e2dc40bbe57c4f4c727e3562f00c17c5682af383921da5"
_Q3_SOUVENIR = "8bb4fe43ac3003b2a96ebc4709e1a08771ff1cdfff8320bae15d3db0d0acc142"
_Q3_A_L_ENVERS = "cd36957d7883ed4fb11377c95f9a36e4c008ce57462e33563f8c678a800a19bf"


def _est(qid: str, empreinte_attendue: str):
    """Predicate: the answer has this fingerprint (a known wrong answer)."""
    return lambda r: empreinte(qid, r, _SEL) == empreinte_attendue


def _vaut(cle: str, *valeurs: str):
    """Predicate: the matching gives *cle* one of *valeurs* (a known wrong pair, in clear)."""
    permises = {normaliser(v) for v in valeurs}
    return lambda r: any(
        normaliser(k) == normaliser(cle) and normaliser(v) in permises for k, v in r.items()
    )


_POURCENTAGE = (
    "vous avez donné un pourcentage : écrivez une proportion entre 0 et 1 (45 % s'écrit 0.45)."
)
_ARRONDI = (
    "presque : gardez au moins quatre décimales (n'arrondissez pas, ou arrondissez avec "
    "round(x, 4))."
)


def _m(cle: str):
    return lambda: mesures()[cle]


# --------------------------------------------------------------------------- questionnaire

QUESTIONS = Questionnaire(TD_ID, sel=_SEL)
QUESTIONS.ajouter(
    Association(
        "q1",
        variable="associations",
        points=2,
        empreintes=_CLES["q1"],
        valeurs=("A", "B", "C", "D", "E"),
        indices=(
            "Commencez par les deux définitions qui parlent d'un consommateur qui « bouge » : "
            "l'une décrit des goûts variés au même moment, l'autre des changements de marque "
            "au fil du temps (cours, partie 2.2).",
            "La fragmentation décrit un marché, pas une personne ; le customer insight est une "
            "croyance du client sur laquelle l'offre peut agir.",
        ),
        pieges=(
            Piege(
                _est("q1", _Q1_ECLECTISME_VOLATILITE),
                "vous avez inversé éclectisme et volatilité. L'éclectisme, ce sont des goûts "
                "variés au même moment ; la volatilité, c'est changer de marque au fil du temps.",
            ),
        ),
    )
)
QUESTIONS.ajouter(
    Association(
        "q2",
        variable="exemples",
        points=2,
        empreintes=_CLES["q2"],
        valeurs=("masse", "perso"),
        indices=(
            "Pour chaque exemple, une seule question : qui adapte le produit ou l'offre, le "
            "client ou l'entreprise ? (cours, tableau de la partie 2.2).",
            "Si le client choisit parmi des options prévues par l'entreprise, c'est de la "
            "personnalisation de masse ; si l'entreprise se sert de ce qu'elle sait du client, "
            "c'est de la personnalisation.",
        ),
        pieges=(
            Piege(
                _est("q2", _Q2_INVERSE),
                "vous avez inversé les deux notions. Demandez-vous qui adapte : si c'est le "
                "client qui choisit parmi des options prévues, c'est de la personnalisation de "
                "masse ; si c'est l'entreprise, à partir de ce qu'elle sait du client, c'est de "
                "la personnalisation.",
            ),
            Piege(
                _est("q2", _Q2_EXEMPLE_C),
                "presque ! Relisez l'exemple c : un prénom gravé fait penser à la "
                "personnalisation, mais qui choisit ce prénom, et l'entreprise utilise-t-elle ce "
                "qu'elle sait de vous ?",
            ),
        ),
    )
)
QUESTIONS.ajouter(
    Choix(
        "q3",
        variable="ordre_phases",
        points=1,
        empreintes=(_Q3,),
        options=("A", "B", "C", "D"),
        attendu_type=(list, tuple),
        indices=(
            "Suivez le client dans le temps : avant, pendant et après l'achat, puis longtemps "
            "après (cours, partie 2.3).",
            "L'expérience commence avant l'achat, quand le client imagine et se renseigne ; le "
            "souvenir vient en dernier.",
        ),
        pieges=(
            Piege(
                lambda r: sorted(normaliser(x) for x in r) != sorted(normaliser(x) for x in "ABCD"),
                "la liste doit contenir chacune des lettres A, B, C et D, une seule fois.",
            ),
            Piege(
                _est("q3", _Q3_SANS_ANTICIPATION),
                "l'expérience commence avant l'achat : le client imagine, se renseigne, a envie.",
            ),
            Piege(
                _est("q3", _Q3_SOUVENIR),
                "le souvenir est ce qui reste après l'usage du produit : il vient en dernier.",
            ),
            Piege(
                _est("q3", _Q3_A_L_ENVERS),
                "vous avez donné l'ordre à l'envers : commencez par ce qui précède l'achat.",
            ),
        ),
    )
)
QUESTIONS.ajouter(
    Choix(
        "q4",
        variable="axes_grc",
        points=1,
        empreintes=(_Q4,),
        options=(1, 2, 3, 4, 5, 6, 7),
        attendu_type=(list, tuple, set, frozenset),
        sans_ordre=True,
        indices=(
            "Les quatre axes parlent du client et de la relation, pas d'outils ni de prix "
            "(cours, partie 3.4).",
            "Écartez ce qui relève du marketing de masse (prix pour tous, publicité dans les "
            "grands médias) et l'idée qu'un logiciel suffit.",
        ),
        pieges=(
            Piege(
                lambda r: len(set(r)) != 4 or len(set(r)) != len(r),
                "il faut exactement quatre numéros différents.",
            ),
            Piege(
                lambda r: 2 in set(r),
                "le logiciel n'est pas un axe : la GRC est un processus d'entreprise que le "
                "logiciel ne fait que faciliter.",
            ),
            Piege(
                lambda r: bool({4, 6} & set(r)),
                "baisser les prix pour tous ou crier plus fort dans les médias, c'est la logique "
                "du marketing de masse, pas celle de la relation client.",
            ),
        ),
    )
)
QUESTIONS.ajouter(
    Association(
        "q5",
        variable="trois_v",
        points=1,
        empreintes=_CLES["q5"],
        valeurs=("volume", "velocite", "variete"),
        indices=(
            "Volume = combien ; vélocité = à quelle vitesse ; variété = de quelles sortes "
            "(cours, partie 3.2).",
            "Plusieurs exemples peuvent illustrer le même V : des sources de natures "
            "différentes (textes, voix, photos), c'est de la variété.",
        ),
    )
)
QUESTIONS.ajouter(
    Association(
        "q6",
        variable="situations",
        points=2,
        empreintes=_CLES["q6"],
        valeurs=("crm_social", "experience_client", "autre"),
        indices=(
            "CRM social : la relation se joue en conversation, sur les réseaux sociaux, entre "
            "des clients et l'entreprise. Expérience client : tout ce que le client ressent "
            "avant, pendant et après l'achat (cours, parties 3.3 et 4).",
            "Pour chaque situation, demandez-vous : y a-t-il un échange public entre des clients "
            "et l'entreprise ? Sinon, s'agit-il de ce que vit le client au fil de son parcours ? "
            "Si ce n'est ni l'un ni l'autre, répondez \"autre\".",
        ),
        pieges=(
            Piege(
                _vaut("b", "crm_social"),
                "relisez la situation b : être présent sur un réseau social ne suffit pas. Une "
                "même publicité pour tous, sans réponse à personne, reste du marketing de masse ; "
                "le CRM social suppose une conversation entre les clients et l'entreprise.",
            ),
            Piege(
                _vaut("d", "autre", "crm_social"),
                "relisez la situation d : l'expérience client ne s'arrête pas à la caisse, elle "
                "couvre aussi l'usage du produit, les retours et le service après-vente.",
            ),
            Piege(
                lambda r: _vaut("a", "experience_client")(r) or _vaut("e", "experience_client")(r),
                "relisez les situations a et e : où se passe l'échange, et qui y prend part ? "
                "Quand des clients et l'entreprise conversent en public sur un réseau social, "
                "quelle notion du cours est-ce ?",
            ),
            Piege(
                _vaut("f", "crm_social", "experience_client"),
                "relisez la situation f : un logiciel n'est qu'un outil. Il ne crée ni une "
                "conversation avec les clients ni une expérience vécue par eux.",
            ),
        ),
    )
)
QUESTIONS.ajouter(
    Association(
        "q7",
        variable="exemples_cours",
        points=2,
        empreintes=_CLES["q7"],
        valeurs=(
            "services",
            "vente_croisee",
            "montee_en_gamme",
            "pouvoir_client",
            "ressources",
            "prevision",
        ),
        indices=(
            "Chaque exemple est rangé dans le cours avec la notion qu'il illustre : Renault et "
            "la SNCF dans l'histoire du marketing (partie 1.1), Sony dans les années 2010 "
            "(partie 1.1), Darty avec la valeur d'un client (partie 5), Second Life et le "
            "Louvre avec les ressources à prévoir (partie 5.3).",
            "Deux exemples illustrent la même notion. Second Life et le Louvre parlent tous deux "
            "de ressources, mais l'un de serveurs à dimensionner, l'autre de visiteurs attendus "
            "qui ne viennent pas.",
        ),
        pieges=(
            Piege(
                _vaut("darty", "montee_en_gamme"),
                "relisez l'exemple de Darty : la montée en gamme propose un produit plus cher de "
                "la même famille ; la technique que le cours associe à Darty propose au client "
                "un produit qui complète son achat.",
            ),
            Piege(
                lambda r: _vaut("renault", "vente_croisee")(r) or _vaut("sncf", "vente_croisee")(r),
                "relisez Renault et la SNCF : vers 1995, ces entreprises entourent leur produit "
                "de services (assistance, garantie, bagagerie, salon d'attente) pour se "
                "distinguer de concurrents qui peuvent copier le produit. Il ne s'agit pas de "
                "vendre un produit de plus.",
            ),
            Piege(
                lambda r: _vaut("second_life", "prevision")(r) and _vaut("louvre", "ressources")(r),
                "vous avez inversé Second Life et le Louvre. Lequel parle de serveurs à "
                "dimensionner, lequel de clients attendus qui ne viennent pas ?",
            ),
            Piege(
                _vaut("second_life", "prevision"),
                "relisez l'exemple de Second Life : il s'agit de serveurs, c'est-à-dire de "
                "moyens techniques à dimensionner pour accueillir les visiteurs.",
            ),
            Piege(
                _vaut("louvre", "ressources"),
                "relisez l'exemple du Louvre : une partie des visiteurs attendus ne vient pas. "
                "La difficulté n'est pas la taille des moyens, c'est de savoir combien de "
                "clients viendront vraiment.",
            ),
            Piege(
                _vaut("sony", "services", "vente_croisee", "montee_en_gamme"),
                "relisez l'exemple de Sony : l'acheteur s'informe seul, sur un comparateur et "
                "dans les avis d'autres clients, avant de décider. Qui a le pouvoir dans cette "
                "situation, la marque ou le client ?",
            ),
        ),
    )
)
QUESTIONS.ajouter(
    Nombre(
        "q8",
        variable="commandes_par_jour",
        points=1,
        attendu=_m("q8"),
        tolerance=1e-3,  # ±0.1 commande : 97.33 ou 97.3 sont acceptés
        indices=(
            "Comptez les commandes de 2025, puis divisez par le nombre de jours de l'année.",
            "Dans la requête d'aide, ajoutez WHERE date_commande LIKE '2025-%' ; divisez le "
            "nombre obtenu par 365.",
        ),
        pieges=(
            Piege(
                lambda x: proche(x, mesures()["q8_total"] / 12, 0.02),
                "c'est une moyenne par mois : divisez par le nombre de jours, pas de mois.",
            ),
            Piege(
                lambda x: proche(x, mesures()["q8_total"], 0.02),
                "c'est le nombre de commandes de l'année : ramenez-le à une journée.",
            ),
            Piege(
                lambda x: proche(x, mesures()["q8_2024"], 0.005),
                "c'est la moyenne de 2024 : l'année demandée est 2025 (date_commande LIKE "
                "'2025-%').",
            ),
            Piege(
                lambda x: proche(x, mesures()["q8_tout"], 0.02),
                "vous avez compté toutes les années : gardez seulement 2025 "
                "(date_commande LIKE '2025-%').",
            ),
        ),
    )
)
QUESTIONS.ajouter(
    Nombre(
        "q9",
        variable="part_ca_top20",
        points=2,
        attendu=_m("q9"),
        tolerance_abs=1e-4,  # une proportion arrondie à 4 décimales est acceptée
        indices=(
            "Classez les clients par chiffre d'affaires total, du plus grand au plus petit, et "
            "additionnez celui des 20 % premiers ; divisez par le chiffre d'affaires total.",
            'economics.part_du_top(charger("commandes"), 0.2, valeur="montant") fait ce calcul '
            "(cours, partie 5.1).",
        ),
        pieges=(
            Piege(
                lambda x: (
                    (proche(x, 0.8, 1e-9) or proche(x, 80, 1e-9))
                    and not proche(mesures()["q9"], 0.8, 0.01)
                ),
                "0,80 est la « règle » des 20/80, pas une mesure. Pareto est une observation qui "
                "varie d'une entreprise à l'autre : calculez la part réelle sur les données.",
            ),
            Piege(lambda x: 1 < x <= 100 and proche(x / 100, mesures()["q9"], 0.01), _POURCENTAGE),
            Piege(
                lambda x: proche(x, 0.2, 1e-9),
                "0,2 est la part des clients ; on demande la part du chiffre d'affaires qu'ils "
                "réalisent.",
            ),
            Piege(
                lambda x: abs(x - mesures()["q9_marge"]) <= 1e-4,
                "vous avez classé et additionné la marge : la question porte sur le chiffre "
                "d'affaires (colonne montant).",
            ),
            Piege(
                lambda x: abs(x - mesures()["q9_2025"]) <= 1e-3,
                "vous n'avez gardé que 2025 : la question porte sur toutes les années.",
            ),
            Piege(lambda x: abs(x - mesures()["q9"]) < 0.005, _ARRONDI),
        ),
    )
)
QUESTIONS.ajouter(
    Nombre(
        "q10",
        variable="part_deficitaires",
        points=2,
        attendu=_m("q10"),
        tolerance_abs=1e-4,  # une proportion arrondie à 4 décimales est acceptée
        indices=(
            "Profit d'un client = sa marge totale − le coût de ses événements de service ; "
            "comptez ceux dont le profit est négatif et divisez par le nombre de clients.",
            "economics.profit_par_client(commandes, evenements_service), puis "
            "economics.synthese_stobachoff (cours, partie 5.2).",
        ),
        pieges=(
            Piege(
                lambda x: abs(x - mesures()["q10_marge"]) < 0.002,
                "vous n'avez regardé que la marge des commandes. Un client devient déficitaire "
                "quand ses coûts de service (retours, réclamations, appels) dépassent sa marge : "
                "retranchez-les.",
            ),
            Piege(
                lambda x: proche(x, 1 - mesures()["q10"], 0.01),
                "c'est la part des clients rentables (1 − p) ; on demande celle des clients "
                "déficitaires.",
            ),
            Piege(lambda x: 1 < x <= 100 and proche(x / 100, mesures()["q10"], 0.02), _POURCENTAGE),
            Piege(lambda x: abs(x - mesures()["q10"]) < 0.005, _ARRONDI),
        ),
    )
)
QUESTIONS.ajouter(
    Tableau(
        "q11",
        variable="cout_par_reponse",
        points=2,
        attendu=_m("q11"),
        tolerance=2e-3,  # des coûts arrondis au centime sont acceptés (2,56 € pour 2,5610 €)
        indices=(
            "Coût par réponse d'un canal = coût total de ses campagnes ÷ nombre total de leurs "
            "réponses (et non la moyenne des coûts par réponse des campagnes).",
            "economics.bilan_campagnes(campagnes, contacts) donne cout_total et nb_reponses par "
            "campagne ; ajoutez les colonnes canal et cible, gardez cible == 'clients', "
            "additionnez par canal, puis divisez (cours, partie 6).",
        ),
        pieges=(
            Piege(
                table_egale(_m("q11_contact"), 2e-3),
                "ce sont les coûts par contact. Le coût par réponse divise le coût total des "
                "campagnes par le nombre de réponses, pas par le nombre de contacts.",
            ),
            Piege(
                table_egale(_m("q11_tous"), 2e-3),
                "vous avez gardé les campagnes de prospection (cible 'prospects') : un fichier "
                "loué répond bien moins que des clients, et seul le courrier a prospecté. Pour "
                "comparer les canaux à public égal, gardez cible == 'clients'.",
            ),
            Piege(
                table_egale(_m("q11_lignes"), 2e-3),
                "vous avez compté les lignes de contacts_campagne comme contacts, et gardé les "
                "campagnes de prospection : prenez nb_contacts dans la table campagnes et "
                "gardez cible == 'clients'.",
            ),
            Piege(
                table_egale(_m("q11_moyenne"), 2e-3),
                "vous avez fait la moyenne des coûts par réponse des campagnes : une campagne de "
                "14 085 courriers ne pèse pas autant qu'une de 11 004. Divisez le coût total du "
                "canal par son nombre total de réponses.",
            ),
        ),
    )
)
QUESTIONS.ajouter(
    Nombre(
        "q12",
        variable="rapport_telephone_courrier",
        points=1,
        attendu=_m("q12"),
        tolerance=1e-3,  # calculé avec des coûts arrondis au centime, il reste accepté
        indices=(
            "Un rapport se lit « combien de fois plus » : coût par réponse du téléphone ÷ coût "
            "par réponse du courrier.",
            'Avec votre réponse à la question 11 : cout_par_reponse["telephone"] / '
            'cout_par_reponse["courrier"].',
        ),
        pieges=(
            Piege(
                lambda x: proche(x, mesures()["q12_contact"], 1e-3),
                "c'est le rapport des coûts par contact, celui de l'énoncé : calculez celui des "
                "coûts par réponse de la question 11.",
            ),
            Piege(
                lambda x: proche(x, 1 / mesures()["q12"], 1e-3),
                "division à l'envers : c'est le coût du téléphone qui se divise par celui du "
                "courrier.",
            ),
            Piege(
                lambda x: (
                    proche(x, mesures()["q12_tous"], 2e-3)
                    or proche(x, 1 / mesures()["q12_tous"], 2e-3)
                ),
                "votre coût par réponse du courrier inclut les campagnes de prospection : "
                "corrigez la question 11 (cible == 'clients').",
            ),
            Piege(
                lambda x: proche(x, mesures()["q12_moyenne"], 1e-3),
                "votre coût par réponse du courrier est une moyenne des campagnes : corrigez la "
                "question 11 (coût total ÷ réponses totales).",
            ),
            Piege(
                lambda x: (
                    proche(x, mesures()["q12"] - 1, 2e-2)
                    or proche(x, 100 * (mesures()["q12"] - 1), 2e-2)
                ),
                "c'est le surcoût (rapport − 1) : la question demande le rapport lui-même "
                "(1.5 pour « 1,5 fois plus cher »).",
            ),
            Piege(
                lambda x: proche(x, 100 * mesures()["q12"], 1e-3),
                "c'est un pourcentage : écrivez le rapport sans multiplier par 100 (1.5 pour "
                "« 1,5 fois plus cher »).",
            ),
        ),
    )
)
QUESTIONS.ajouter(
    Nombre(
        "q13",
        variable="cout_par_present",
        points=1,
        attendu=420 / (20 * (1 - 0.30)),
        tolerance_abs=0.01,  # un montant au centime
        indices=(
            "Les absents ne consomment rien : combien de personnes sont réellement présentes "
            "en moyenne ?",
            "Présents = 20 places × (1 − 30 %) ; divisez le coût de l'atelier par ce nombre-là.",
        ),
        pieges=(
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
        ),
    )
)
QUESTIONS.ajouter(
    Association(
        "q14",
        variable="situations_super_chef",
        points=2,
        empreintes=_CLES["q14"],
        valeurs=(
            "atawad",
            "dematerialisation",
            "cross_canal",
            "montee_en_gamme",
            "vente_croisee",
            "marketing_de_masse",
            "marketing_interactif",
            "reconnaissance",
        ),
        indices=(
            "Pour chaque situation, demandez-vous d'abord qui agit : le client qui attend "
            "quelque chose, ou l'entreprise qui fait quelque chose ? Puis relisez les parties "
            "1.1 (le tableau des décennies), 1.2 (ATAWAD, dématérialisation, cross-canal) et 5 "
            "(vente croisée, montée en gamme) du cours.",
            "Trois codes parlent des canaux : l'un décrit une attente du client, un autre des "
            "canaux qui s'ajoutent les uns aux autres, le dernier un même parcours qui passe "
            "d'un canal à l'autre. Pour la vente, demandez-vous si le produit proposé remplace "
            "celui que le client voulait ou s'y ajoute.",
        ),
        pieges=(
            Piege(
                _vaut("a", "dematerialisation", "atawad"),
                "relisez la situation a : ce qui compte n'est pas le nombre de canaux, c'est "
                "qu'un même parcours passe de l'e-mail à l'application puis au magasin, et que "
                "chaque canal sait ce que les autres ont appris de la cliente.",
            ),
            Piege(
                _vaut("b", "vente_croisee"),
                "relisez la situation b : le vendeur ne propose pas un produit qui s'ajoute à la "
                "poêle, il en propose une autre, un peu plus chère, de la même famille.",
            ),
            Piege(
                _vaut("c", "cross_canal"),
                "relisez la situation c : les nouveaux canaux s'ajoutent les uns aux autres, mais "
                "rien ne dit qu'un même parcours client les combine.",
            ),
            Piege(
                _vaut("c", "atawad"),
                "relisez la situation c : qui agit ? C'est l'entreprise qui ouvre de nouveaux "
                "canaux ; le code ATAWAD décrit une attente du client.",
            ),
            Piege(
                _vaut("e", "dematerialisation", "cross_canal"),
                "relisez la situation e : on n'y voit pas l'entreprise ouvrir ni combiner des "
                "canaux, on y entend ce que le client attend : être servi à toute heure, où "
                "qu'il soit, quel que soit l'appareil.",
            ),
            Piege(
                lambda r: (
                    _vaut("d", "marketing_interactif")(r) and _vaut("g", "marketing_de_masse")(r)
                ),
                "vous avez inversé les situations d et g. Dans laquelle l'entreprise parle "
                "seule, à tout le monde à la fois, et dans laquelle écoute-t-elle ce que les "
                "clients lui répondent ?",
            ),
            Piege(
                _vaut("d", "marketing_interactif"),
                "relisez la situation d : un même spot pour tous, diffusé par la télévision et "
                "l'affichage, ne laisse au public aucun moyen de répondre. L'entreprise pousse son "
                "produit vers le client, elle ne dialogue pas avec lui.",
            ),
            Piege(
                _vaut("g", "marketing_de_masse"),
                "relisez la situation g : les abonnés répondent, et la lettre suivante tient "
                "compte de leurs réponses. Un échange dans les deux sens n'est pas un message "
                "unique poussé vers tous.",
            ),
        ),
    )
)
QUESTIONS.ajouter(
    Libre(
        "q15",
        variable="texte",
        points=3,
        indices=(
            "Pour chaque notion, une ou deux phrases : ce que c'est, puis un exemple concret "
            "(Super Chef ou une enseigne que vous connaissez). Le cours les définit aux "
            "parties 2.1, 3.3 et 4.",
            "Marketing relationnel : avec qui la relation est-elle nouée, comment, et pour combien "
            "de temps ? CRM social : où se passe la relation, et entre qui ?",
        ),
    )
)
QUESTIONS.ajouter(
    Libre(
        "q16",
        variable="texte",
        points=2,
        indices=(
            "Pensez à ce que devient la fidélité quand les produits se ressemblent et que le "
            "client compare les prix en permanence (cours, partie 2.3).",
            "Qu'est-ce qui retient un client quand un concurrent fait une remise : le prix, ou "
            "le lien, l'expérience, la reconnaissance ? Donnez un exemple précis.",
        ),
    )
)
QUESTIONS.ajouter(
    Libre(
        "q17",
        variable="texte",
        points=3,
        indices=(
            "Expliquez d'abord la phrase : d'où vient la satisfaction du client autrefois (le "
            "produit) et aujourd'hui (services, lien avec la marque) ? (cours, partie 4).",
            "Un commentaire discute : trouvez des arguments pour (services difficiles à copier, "
            "pouvoir du client, coût d'un client perdu) puis une limite (la relation client "
            "reste-t-elle vraiment à part du marketing ? qui, dans l'entreprise, la fait vivre ?).",
        ),
    )
)
QUESTIONS.ajouter(
    Libre(
        "q18",
        variable="texte",
        points=2,
        indices=(
            "Pour le client, la marque, c'est la personne au bout du fil : que se passe-t-il "
            "si cette personne est isolée, minutée, peu formée ? (cours, partie 4).",
            "Reliez une pratique de management à sa conséquence pour le client, puis pour "
            "l'entreprise.",
        ),
    )
)

AUTO = tuple(q.qid for q in QUESTIONS.questions if not q.manuelle)
"""Auto-graded question ids (q15 to q18 are graded by the teacher)."""

evaluer = QUESTIONS.evaluer
verifier = QUESTIONS.verifier
indice = QUESTIONS.indice
valider = QUESTIONS.valider
