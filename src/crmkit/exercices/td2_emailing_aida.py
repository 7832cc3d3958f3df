"""Self-checks for TD2 part 2, e-mailing (``td2_emailing_aida``): one declaration per question.

Students call ``verifier("q4", taux_ouverture)`` after each answer and
``indice("q4")`` for the next hint; the hidden test of each nbgrader test cell
calls ``valider("q4", taux_ouverture, <expected value>)``, which applies the
same rule (:mod:`crmkit.feedback`). Categorical answers are compared through
salted SHA-256 fingerprints (the answer key is not readable here, and wrong
values with a targeted hint are fingerprinted too, so the right one cannot be
found by elimination); numeric answers are recomputed from the Super Chef data
with :mod:`crmkit.emailing`.

Known misconceptions get their own message:

- open rate computed over sent e-mails instead of delivered ones (q4, q7);
- click rate (CTR) computed over openers instead of delivered e-mails (q5),
  and the reverse mistake for the CTOR (q6);
- an unpooled z, or a z on sent e-mails (q8); a one-sided p-value, 1 − p, or
  the p-value of the opens (q9);
- an A/B difference called significant from the raw gap, without the test (q11);
- existing-customer consent treated as valid for any product (q3 case c, q12);
- pre-ticked boxes counted as consent, B2B handled like B2C (q12).

>>> evaluer("q10", ...).statut
'non_repondu'
>>> verifier("q10", "B")
✅ q10 : bonne réponse.
>>> valider("q10", " b ", "B")
>>> "p-value" in evaluer("q11", "B").message
True
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

from crmkit.exercices import td2_emailing_aida_mesures as _d
from crmkit.feedback import (
    Association,
    Choix,
    Libre,
    Nombre,
    Piege,
    Questionnaire,
    empreinte,
    normaliser,
    proche,
)

TD_ID = "td2_emailing_aida"
_SEL = "td2_emailing_aida/2025"

# --------------------------------------------------------------------------- fingerprints
# Computed at build time from the answer key, which is not shipped:
# Association: empreinte(qid, [key, value], _SEL); Choix: empreinte(qid, answer, _SEL).
_Q1 = {
    "surtitre": "d46c7cf7862aaf6d497f0c0e382a078ce03f07b557a76c859a1d6d7f312fb401",
    "titre": "67ae9ca7cd1f6d14ba7e6d748e1ee4f07dd78ed51d9e98a21a1cf2ab07f86936",
    "sous_titre": "1035d93449efccec02df86cd75783bc1878b777ffd924b62119bbaa8f5c7a821",
    "encadre": "ab2f3a8b8bfef84c876bc22cc45d81842bc810d84c139043b4eada3d0b4482ed",
}
_Q2 = "7b74623230b7a07dddd2cc8257caa27f6d2963a9a901af816b8714dcf4230291"
# One fingerprint per remark, of [number, True] for a real problem (q2's targeted hints).
_Q2_REMARQUES = {
    "1": "b87a5825034dee8c67d082a65ac62a1be919c6f134703467d338dfd64f2ddf8b",
    "2": "59faf48cc23e32c467164d5eb8e8633f7c1927860a8891c58f280bc938c8d629",
    "3": "b8f67b16f50a3d6f28cdc6ec1ea25c6f9e87810043c0b061e019ff0c1d32faf4",
    "4": "ec3a5c12e678150232ac02cca64d3c721c0909c1597de2b22cbcc7e8f2aeb241",
    "5": "23215be4a874e3e18e40b75c35af0e2a8468db382be47cb461e608f913db463c",
    "6": "04aa24d19684920a0982ee38be9060b59cfffc56a23d3eb3781a42e5330842b2",
    "7": "b199617a42614c906fa22a1816ef0d801c69604c23a5cd810c39fde87bfeed07",
    "8": "17323209cb1207ccd211d31bec2e5d2bf05b2712e4ae0e74a89d8e86c2faff25",
}
_Q3 = {
    "a": "6db8bf3006ef1aaad247f67e48e5654a8d3f926d8eec0c2797bba08bd891353c",
    "b": "9e006829ac8ad730ba777e3f58627476459ce5bfc2861ea0b974c2afbf518286",
    "c": "3f74a0d1acf91e556750f6d0b32288360d93c9228255f6a06e6d081ba5a684d1",
    "d": "979f6b230d3cf921a678f7052b8c723e212cc8cad70dd10a93ed32f312d8c223",
    "e": "90caa215d4089583b6d386b8912c47efdf6d282329ad71c8393d37ec5ea9b157",
    "f": "7f6c99309992efe04524a20ecb998b6793ccc639814957aa307cab5367b3c289",
}
_Q10 = "1fc2fe48c82194c94e43c8513ca06f4b9b45b1b3841a5cf7f0b1eb92a9f77199"
_Q11 = "903ff907f7afb6a442982d03eb52a4bac5a05be39c5fa3f256a83ec99aafe06e"
_Q13 = {
    "case_precochee": "3f031e77f06147c487531551ac6f2247affdf609833ae33c4c1db79bc656fb10",
    "achat_sans_poele": "f6445189a9f54d1b1ba70fcda02a37ea252785447a09078542a1a31b9a49c41a",
    "desinscrit": "d9ea30cbc3d37f2c1aa8fb76e09aff8e1083f281c6b74d4a2463886feae35a51",
}
# Fingerprints of wrong decisions → targeted hint.
_MEPRISES = {
    "q10": {
        "6a8afc5cb64281fee75243971080aa59a43c096d4812962e0dbe32c252e190b2": "regardez le SENS "
        "de l'écart : quelle variante a le taux d'ouverture le plus élevé ?",
        "b2421011aa3c37e6d4f3fbbe16a2e21728a8d088c6af3c740d13861962dbf0ff": "comparez la "
        "p-value au seuil de 5 % : si elle est plus petite, l'écart est significatif.",
    },
    "q11": {
        "bc783003f10ae63539cfc3785df5ca367678f51945432fd3da7a2fde5dac42d3": "un écart brut "
        "(« B a fait plus d'acheteurs ») ne suffit pas : il faut le test. Avec peu d'acheteurs, "
        "un écart qui paraît grand peut être dû au hasard ; comparez la p-value de la "
        "question 9 au seuil de 5 %.",
        "df8169cddba6af2d1b1ba62297d874bff674fd49540ee37d6e884d9b3aed4575": "la variante A a "
        "moins d'acheteurs que B : elle ne peut pas faire significativement mieux. Regardez "
        "la p-value de la question 9.",
    },
}


# --------------------------------------------------------------------------- trap predicates
def _reste_des_points(reponse: object) -> bool:
    """A dict answer with a value still ``...`` (or None)."""
    return isinstance(reponse, Mapping) and any(v is ... or v is None for v in reponse.values())


def _hors_valeurs(reponse: object, permises: tuple[str, ...]) -> bool:
    """A dict answer with a value that is not one of *permises* (case and accents folded)."""
    permis = {normaliser(p) for p in permises}
    return isinstance(reponse, Mapping) and any(
        not isinstance(v, str) or normaliser(v) not in permis for v in reponse.values()
    )


def _format_dict(variable: str, permises: tuple[str, ...]) -> Piege:
    liste = ", ".join(f'"{p}"' for p in permises)
    return Piege(
        lambda r: _hors_valeurs(r, permises),
        f"dans « {variable} », chaque valeur s'écrit entre guillemets, parmi : {liste}.",
    )


def _non_rempli(variable: str) -> Piege:
    return Piege(
        _reste_des_points,
        f"il reste des ... dans « {variable} » : répondez à chaque ligne (gardez les clés), "
        "puis exécutez la cellule.",
    )


def _cas_faux(qid: str, cle: str, empreintes: Mapping[str, str], reponse: object) -> bool:
    """True when the value of *cle* in a dict answer is not the expected one."""
    if not isinstance(reponse, Mapping) or cle not in reponse:
        return False
    return empreinte(qid, [cle, reponse[cle]], _SEL) != empreintes[cle]


def _remarques(reponse: object) -> tuple[set[int], set[int]] | None:
    """(real problems the answer misses, remarks it wrongly picks) for q2."""
    if isinstance(reponse, str) or not isinstance(reponse, list | tuple | set | frozenset):
        return None
    choisis = {int(x) for x in reponse if isinstance(x, numbers.Integral)}
    vrais = {int(i) for i, h in _Q2_REMARQUES.items() if empreinte("q2", [i, True], _SEL) == h}
    return vrais - choisis, choisis - vrais


def _nombre_proche(cle: str, source, tolerance: float = 1e-3):
    return lambda r: proche(r, source()[cle], tolerance)


_SUR_ENVOYES = (
    "vous avez divisé par les e-mails ENVOYÉS. Un message rejeté (adresse invalide) n'a jamais "
    "pu être {verbe} : le dénominateur est le nombre de messages DÉLIVRÉS."
)

_REGLES_Q3 = {
    "a": "un particulier qui n'a jamais été client relève de l'opt-in : sans consentement "
    "préalable, pas d'e-mail de prospection (art. L34-5 du CPCE).",
    "b": "l'exception du client existant (art. L34-5 du CPCE) couvre l'adresse recueillie lors "
    "d'une vente, pour des produits analogues de la même entreprise, si le client a pu refuser "
    "à la collecte.",
    "c": "l'exception du client existant ne couvre que des produits ou services ANALOGUES, "
    "fournis par la MÊME entreprise : une adresse recueillie lors d'un achat ne vaut pas "
    "consentement pour n'importe quelle offre.",
    "d": "en B2B, la CNIL admet l'opt-out : un message lié à la profession de la personne peut "
    "être envoyé tant qu'elle ne s'y oppose pas.",
    "e": "une case cochée d'avance n'est pas un consentement : le RGPD exige un acte positif "
    "clair (arrêt Planet49 de la CJUE, 2019).",
    "f": "une personne qui s'est désinscrite a exercé son droit d'opposition : plus aucun envoi.",
}


# --------------------------------------------------------------------------- declarations
def _taux(
    qid: str, variable: str, num: str, den: str, pieges: dict, indices: tuple[str, ...]
) -> Nombre:
    def ratio(a: str, b: str) -> float:
        d = _d.comptes()
        return d[a] / d[b]

    return Nombre(
        qid,
        variable=variable,
        points=1,
        attendu=lambda: ratio(num, den),
        # a rate rounded to 4 decimals (0.0042 for 0.004226) is still a right rate
        tolerance=1e-3,
        tolerance_abs=5e-5,
        indices=indices,
        pieges=tuple(
            Piege(lambda r, a=a, b=b: proche(r, ratio(a, b)), message)
            for (a, b), message in pieges.items()
        ),
    )


def _decision(qid: str, variable: str, points: int, empreinte_juste: str, indices) -> Choix:
    return Choix(
        qid,
        variable=variable,
        points=points,
        indices=indices,
        empreintes=(empreinte_juste,),
        options=("A", "B", "aucun"),
        pieges=tuple(
            Piege(lambda r, h=h: empreinte(qid, r, _SEL) == h, message)
            for h, message in _MEPRISES[qid].items()
        ),
    )


_ETAPES = ("attention", "interet", "desir", "action")
_OUI_NON = ("oui", "non")
_LETTRES = ("A", "B", "C", "D")

QUESTIONS = Questionnaire(TD_ID, sel=_SEL)
for _question in (
    Association(
        "q1",
        variable="etapes_aida",
        points=2,
        empreintes=_Q1,
        indices=(
            "Suivez l'ordre de lecture : les quatre étapes AIDA se suivent dans cet ordre, une "
            "ligne chacune.",
            "La première ligne accroche le regard ; la dernière donne une raison de répondre "
            "tout de suite (un cadeau « si vous répondez aujourd'hui »).",
            "Entre les deux : une ligne parle de ce que le lecteur veut réussir (intérêt), "
            "l'autre rend le produit rare et désirable (désir).",
        ),
        pieges=(
            _non_rempli("etapes_aida"),
            _format_dict("etapes_aida", _ETAPES),
            Piege(
                lambda r: len({normaliser(v) for v in r.values()}) < len(r),
                "chaque étape AIDA sert une fois exactement : les quatre lignes correspondent "
                "aux quatre étapes.",
            ),
        ),
    ),
    Choix(
        "q2",
        variable="problemes",
        points=2,
        empreintes=(_Q2,),
        sans_ordre=True,
        attendu_type=(list, tuple, set, frozenset),
        options=tuple(range(1, 9)),
        indices=(
            "Relisez l'article L34-5 du CPCE : identité de l'annonceur, objet en rapport avec "
            "l'offre, moyen de se désinscrire.",
            "Relisez la définition du consentement dans le RGPD (un acte positif clair) : une "
            "case cochée d'avance en est-elle un ?",
            "Demandez-vous enfin ce que le lecteur doit faire après avoir lu : un e-mail sans "
            "appel à l'action laisse le lecteur intéressé… sans suite.",
        ),
        pieges=(
            Piege(
                lambda r: bool(_remarques(r)[0]) and not _remarques(r)[1],
                "toutes vos remarques signalent un vrai problème, mais il en manque : relisez "
                "l'expéditeur, l'objet, le pied de page et le consentement.",
            ),
            Piege(
                lambda r: not _remarques(r)[0] and bool(_remarques(r)[1]),
                "vous avez tous les vrais problèmes, mais aussi une remarque au moins qui n'en "
                "signale pas : une accroche, une offre limitée dans le temps ou des arguments "
                "précis sont des qualités d'un e-mail.",
            ),
            Piege(
                lambda r: all(_remarques(r)),
                "il manque des vrais problèmes, et au moins une remarque choisie n'en signale "
                "pas : reprenez les remarques une à une, avec la loi (L34-5 du CPCE, RGPD) et "
                "l'appel à l'action.",
            ),
        ),
    ),
    Association(
        "q3",
        variable="peut_envoyer",
        points=3,
        empreintes=_Q3,
        indices=(
            "Trois questions dans l'ordre : la personne s'est-elle opposée ? Est-ce un "
            "professionnel contacté pour son métier (opt-out) ?",
            "Sinon, a-t-elle donné un vrai consentement (un acte positif), ou est-elle cliente "
            "pour des produits analogues de la même entreprise ?",
        ),
        pieges=(
            _non_rempli("peut_envoyer"),
            _format_dict("peut_envoyer", _OUI_NON),
            *(
                Piege(
                    lambda r, c=c: _cas_faux("q3", c, _Q3, r),
                    f"le cas {c} est mal tranché. Règle à relire : {regle}",
                )
                for c, regle in _REGLES_Q3.items()
            ),
        ),
    ),
    _taux(
        "q4",
        "taux_ouverture",
        "ouvreurs",
        "delivres",
        {("ouvreurs", "envoyes"): _SUR_ENVOYES.format(verbe="ouvert")},
        (
            "Taux d'ouverture = ouvreurs ÷ e-mails DÉLIVRÉS (pas envoyés).",
            'comptes["ouvert"] et comptes["delivre"] donnent les deux effectifs.',
        ),
    ),
    _taux(
        "q5",
        "taux_clic",
        "cliqueurs",
        "delivres",
        {
            ("cliqueurs", "ouvreurs"): "vous avez divisé par les OUVREURS : c'est le taux de "
            "réactivité (CTOR), un autre indicateur. Le taux de clic (CTR) se rapporte aux "
            "messages DÉLIVRÉS.",
            ("cliqueurs", "envoyes"): _SUR_ENVOYES.format(verbe="cliqué"),
        },
        (
            "Taux de clic (CTR) = cliqueurs ÷ e-mails DÉLIVRÉS.",
            "Rapporté aux ouvreurs, ce serait le CTOR (question suivante).",
        ),
    ),
    _taux(
        "q6",
        "ctor",
        "cliqueurs",
        "ouvreurs",
        {
            ("cliqueurs", "delivres"): "vous avez divisé par les messages DÉLIVRÉS : c'est le "
            "taux de clic (CTR). Le CTOR mesure le contenu chez ceux qui l'ont lu : son "
            "dénominateur est le nombre d'OUVREURS.",
            ("cliqueurs", "envoyes"): "vous avez divisé par les e-mails ENVOYÉS : le CTOR se "
            "rapporte aux OUVREURS.",
        },
        (
            "Le CTOR mesure l'effet du contenu chez ceux qui ont ouvert le message.",
            "CTOR = cliqueurs ÷ OUVREURS.",
        ),
    ),
    _taux(
        "q7",
        "taux_desabonnement",
        "desabonnes",
        "delivres",
        {
            ("desabonnes", "envoyes"): _SUR_ENVOYES.format(verbe="lu"),
            ("desabonnes", "ouvreurs"): "vous avez divisé par les OUVREURS : le taux de "
            "désinscription se rapporte, comme le taux d'ouverture, aux messages DÉLIVRÉS.",
        },
        (
            "Taux de désinscription = désinscrits ÷ e-mails DÉLIVRÉS.",
            'comptes["desabonne"] donne le nombre de désinscrits.',
        ),
    ),
    Nombre(
        "q8",
        variable="z_ouverture",
        points=1,
        attendu=lambda: _d.resultats_ab()["z_ouverture"],
        indices=(
            "emailing.test_ab(succès A, délivrés A, succès B, délivrés B) fait le test ; ici les "
            "succès sont les ouvreurs.",
            "Son résultat a un attribut .z ; donnez sa valeur absolue, abs(resultat.z).",
        ),
        pieges=(
            Piege(
                lambda r: r < 0 and proche(-r, _d.resultats_ab()["z_ouverture"]),
                "donnez la valeur absolue de z, abs(…) : son signe ne dépend que de l'ordre dans "
                "lequel vous passez les variantes.",
            ),
            Piege(
                lambda r: proche(abs(r), _d.resultats_ab()["z_non_poole"], 1e-4),
                "vous avez divisé l'écart par l'écart-type NON POOLÉ (chaque variante avec son "
                "propre taux) : le test z de deux proportions utilise le taux commun p des deux "
                "variantes réunies, comme emailing.test_ab.",
            ),
            Piege(
                lambda r: proche(abs(r), _d.resultats_ab()["z_ouverture_envoyes"], 1e-4),
                "vous avez comparé les ouvreurs aux e-mails ENVOYÉS : les effectifs du test "
                "sont les messages DÉLIVRÉS de chaque variante.",
            ),
            Piege(
                lambda r: any(
                    proche(abs(r), _d.resultats_ab()[k], 1e-3)
                    for k in ("z_non_poole", "z_ouverture_envoyes", "z_non_poole_envoyes")
                ),
                "presque : deux causes possibles. Soit l'écart-type n'est pas poolé (le test "
                "utilise le taux commun des deux variantes réunies), soit les effectifs sont les "
                "e-mails ENVOYÉS au lieu des messages DÉLIVRÉS. Le plus sûr : emailing.test_ab.",
            ),
            Piege(
                lambda r: abs(r) < 0.2,
                "c'est la taille d'un écart de taux ou une p-value, pas la statistique z : "
                "utilisez l'attribut .z du résultat de emailing.test_ab(...).",
            ),
        ),
    ),
    Nombre(
        "q9",
        variable="p_value_achats",
        points=1,
        attendu=lambda: _d.resultats_ab()["p_achats"],
        indices=(
            "Même test qu'à la question 8, avec la colonne « acheteurs » à la place de "
            "« ouvreurs ».",
            "La p-value bilatérale est l'attribut .p_value du résultat de emailing.test_ab.",
        ),
        pieges=(
            Piege(
                _nombre_proche("p_achats_envoyes", _d.resultats_ab),
                "vous avez rapporté les acheteurs aux e-mails ENVOYÉS : le taux d'achat se "
                "calcule sur les messages DÉLIVRÉS de chaque variante.",
            ),
            Piege(
                lambda r: proche(r, _d.resultats_ab()["p_achats"] / 2),
                "c'est une p-value unilatérale : la question demande la p-value bilatérale "
                "(attribut .p_value de emailing.test_ab).",
            ),
            Piege(
                lambda r: proche(r, 1 - _d.resultats_ab()["p_achats"]),
                "vous avez donné 1 − p : la p-value est la probabilité d'observer un écart au "
                "moins aussi grand si les deux objets faisaient aussi bien ; prenez .p_value "
                "telle quelle.",
            ),
            Piege(
                lambda r: 0 <= r < 1e-4,
                "cette p-value est celle des OUVERTURES : refaites le test avec les ACHETEURS "
                "(colonne « acheteurs »).",
            ),
            Piege(
                lambda r: not 0 <= r <= 1,
                "une p-value est une probabilité : elle est comprise entre 0 et 1.",
            ),
        ),
    ),
    _decision(
        "q10",
        "decision_ouverture",
        1,
        _Q10,
        (
            "Significatif au seuil de 5 % = p-value inférieure à 0,05.",
            "Si l'écart est significatif, son sens dit quelle variante fait mieux : comparez "
            "les deux taux d'ouverture.",
        ),
    ),
    _decision(
        "q11",
        "decision_achats",
        2,
        _Q11,
        (
            "Ne regardez pas l'écart brut mais la p-value de la question 9.",
            "Au seuil de 5 %, une p-value supérieure à 0,05 veut dire : l'écart peut être dû au "
            "hasard.",
        ),
    ),
    Nombre(
        "q12",
        variable="nb_destinataires",
        points=2,
        attendu=lambda: _d.filtres()["correct"],
        tolerance_abs=0.5,
        indices=(
            'emailing.filtre_consentement(consentements, clients, canal="email", '
            "categorie_offre=2, achats=achats) dit pour chaque client s'il peut recevoir "
            "l'e-mail (colonne « autorise »).",
            "Comptez les lignes où « autorise » est vrai : .sum() sur cette colonne.",
        ),
        pieges=(
            Piege(
                lambda r: r == _d.filtres()["tous_opt_in"],
                "vous avez gardé tous les « opt_in » : certains ne valent rien (case pré-cochée) "
                "et d'autres ne valent que pour des produits analogues (source achat_client).",
            ),
            Piege(
                lambda r: r == _d.filtres()["tous_produits"],
                "vous avez traité le consentement recueilli lors d'un achat comme valable pour "
                "tous les produits : l'exception du client existant ne couvre que les produits "
                "analogues (ici, les clients qui ont déjà acheté une poêle).",
            ),
            Piege(
                lambda r: r == _d.filtres()["avec_precoche"],
                "vous avez gardé les « oui » issus d'une case pré-cochée : ce n'est pas un "
                "consentement valable (RGPD).",
            ),
            Piege(
                lambda r: r == _d.filtres()["sans_b2b_optout"],
                "vous avez appliqué aux professionnels les règles des particuliers : en B2B, un "
                "message lié à la profession peut être envoyé tant que la personne ne s'y "
                "oppose pas (opt-out).",
            ),
        ),
    ),
    Association(
        "q13",
        variable="motifs_exclusion",
        points=1,
        empreintes=_Q13,
        indices=(
            "Pour chaque groupe, quelle condition manque-t-il pour avoir le droit d'écrire ?",
            "Une seule règle de la liste autorise au lieu d'exclure : elle ne sert pour aucun "
            "groupe.",
        ),
        pieges=(
            _non_rempli("motifs_exclusion"),
            _format_dict("motifs_exclusion", _LETTRES),
            Piege(
                lambda r: any(normaliser(v) == normaliser("D") for v in r.values()),
                "la règle D AUTORISE l'envoi (aux professionnels) : elle n'exclut personne. "
                "Cherchez la règle qui interdit l'envoi à chaque groupe.",
            ),
        ),
    ),
    Libre(
        "q14",
        variable="votre texte",
        points=3,
        indices=(
            "Trois temps : le principe (demander l'accord avant d'écrire, contre le marketing "
            "d'interruption), la relation qui se construit pas à pas, puis l'intérêt pour "
            "Super Chef.",
            "Appuyez l'intérêt sur un chiffre du TD : désinscriptions, consentements écartés par "
            "le filtre, résultat du test A/B.",
        ),
    ),
):
    QUESTIONS.ajouter(_question)

verifier = QUESTIONS.verifier
indice = QUESTIONS.indice
valider = QUESTIONS.valider
evaluer = QUESTIONS.evaluer

__all__ = ["QUESTIONS", "TD_ID", "evaluer", "indice", "valider", "verifier"]
