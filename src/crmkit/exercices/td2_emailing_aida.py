"""Self-checks for TD2 part 2, e-mailing (``td2_emailing_aida``): one declaration per question.

Students call ``verifier("q5", z_ouverture)`` after each answer and
``indice("q5")`` for the next hint; the hidden test of each nbgrader test cell
calls ``valider("q5", z_ouverture, <expected value>)``, which applies the
same rule (:mod:`crmkit.feedback`). Categorical answers are compared through
salted SHA-256 fingerprints (the answer key is not readable here, and wrong
values with a targeted hint are fingerprinted too, so the right one cannot be
found by elimination); numeric answers are recomputed from the Super Chef data
with :mod:`crmkit.emailing`.

Known misconceptions get their own message:

- a rate over sent e-mails instead of delivered ones, the click rate (CTR)
  over openers and the reverse mistake for the CTOR (q4, one dict of four rates);
- an unpooled z, or a z on sent e-mails (q5); a one-sided p-value, 1 − p, or
  the p-value of the opens (q6);
- an A/B difference called significant from the raw gap, without the test (q8);
- the power of a 500-recipient test computed with 500 in all, with a
  one-sided test, or on the clicks (q9);
- existing-customer consent treated as valid for any product (q3 case c, q10);
- pre-ticked boxes counted as consent, B2B handled like B2C (q10);
- a drafted e-mail without sender identity, unsubscribe link, offer in the
  subject line or real text in an AIDA part (q12, :mod:`crmkit.conformite_email`).

q13 (the copy of that e-mail), q14 (permission marketing) and q15 (the
recommendation note) are graded by hand.

>>> evaluer("q7", ...).statut
'non_repondu'
>>> verifier("q7", "B")
✅ q7 : bonne réponse.
>>> valider("q7", " b ", "B")
>>> "p-value" in evaluer("q8", "B").message
True
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

from crmkit.conformite_email import verifier_email_commercial
from crmkit.exercices import td2_emailing_aida_mesures as _d
from crmkit.feedback import (
    CORRECT,
    INCORRECT,
    NON_REPONDU,
    TYPE_INCORRECT,
    Association,
    Choix,
    Evaluation,
    Libre,
    Nombre,
    Personnalisee,
    Piege,
    Questionnaire,
    empreinte,
    normaliser,
    pluriel,
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
_Q7 = "d90f5966ac809fbcf06bcbf98d14bf223bd7e83f45f79d9a0ff931ddb30f7994"
_Q8 = "789d922b41f9bf80db2edbdc272ba86f475479d5043d5b53fe7b8eea2f221ef7"
_Q11 = {
    "case_precochee": "408981e7f755d58824724bb415d9360b8eaa5b01ee87ca36d700e8f988e3f224",
    "achat_sans_poele": "277e2e88042006b925f92c716abfe26b706764647e1f72bc5c1017543e5b01bb",
    "desinscrit": "67cd8fa1f26641bcff1348a796437f406656361ee789c9d1e3562ab2240e7527",
}
# Fingerprints of wrong decisions → targeted hint.
_MEPRISES = {
    "q7": {
        "554359a31d12d387ea0eb2ba7eb6696bb01bd5bdab4f0c1e61be38781bb12c76": "regardez le SENS "
        "de l'écart : quelle variante a le taux d'ouverture le plus élevé ?",
        "d9947d9caa37997905a91688ddf92bd6d46263835ba2f5edef48b9e945f58d17": "comparez la "
        "p-value au seuil de 5 % : si elle est plus petite, l'écart est significatif.",
    },
    "q8": {
        "b15527a7353b595150ef20eb089bd1a99a5620a204c17bbe432329507873c6ce": "un écart brut "
        "(« B a fait plus d'acheteurs ») ne suffit pas : il faut le test. Avec peu d'acheteurs, "
        "un écart qui paraît grand peut être dû au hasard ; comparez la p-value de la "
        "question 6 au seuil de 5 %.",
        "fff14642eaa5940a9076f98d8409d739945540e8a486689740d901b81ae98154": "la variante A a "
        "moins d'acheteurs que B : elle ne peut pas faire significativement mieux. Regardez "
        "la p-value de la question 6.",
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

# q4: one rule per rate (same tolerance as a single Nombre), with its wrong denominators.
_TAUX_Q4 = {
    "taux_ouverture": (
        {"taux_ouverture": "envoyes"},
        _SUR_ENVOYES.format(verbe="ouvert"),
    ),
    "taux_clic": (
        {"taux_clic": "ouvreurs"},
        "vous avez divisé par les OUVREURS : c'est le taux de réactivité (CTOR), un autre "
        "indicateur. Le taux de clic (CTR) se rapporte aux messages DÉLIVRÉS.",
        {"taux_clic": "envoyes"},
        _SUR_ENVOYES.format(verbe="cliqué"),
    ),
    "ctor": (
        {"ctor": "delivres"},
        "vous avez divisé par les messages DÉLIVRÉS : c'est le taux de clic (CTR). Le CTOR "
        "mesure le contenu chez ceux qui l'ont lu : son dénominateur est le nombre d'OUVREURS.",
        {"ctor": "envoyes"},
        "vous avez divisé par les e-mails ENVOYÉS : le CTOR se rapporte aux OUVREURS.",
    ),
    "taux_desinscription": (
        {"taux_desinscription": "envoyes"},
        _SUR_ENVOYES.format(verbe="lu"),
        {"taux_desinscription": "ouvreurs"},
        "vous avez divisé par les OUVREURS : le taux de désinscription se rapporte, comme le "
        "taux d'ouverture, aux messages DÉLIVRÉS.",
    ),
}


def _taux_q4(cle: str) -> Nombre:
    regles = _TAUX_Q4[cle]
    return Nombre(
        "q4",
        variable=f'indicateurs["{cle}"]',
        points=2,
        attendu=lambda: _d.indicateurs()[cle],
        # a rate rounded to 4 decimals (0.0042 for 0.004226) is still a right rate
        tolerance=1e-3,
        tolerance_abs=5e-5,
        pieges=tuple(
            Piege(lambda r, faux=faux: proche(r, _d.indicateurs(faux)[cle]), message)
            for faux, message in zip(regles[::2], regles[1::2], strict=True)
        ),
    )


_REGLES_Q4 = {cle: _taux_q4(cle) for cle in _TAUX_Q4}


def _indicateurs(reponse: object) -> Evaluation | bool:
    """q4: a dict of the four rates, each judged by its own rule; the first wrong one is named."""
    if not isinstance(reponse, Mapping):
        return Evaluation(
            TYPE_INCORRECT,
            "« indicateurs » doit être un dictionnaire {indicateur: taux}, comme dans la cellule "
            "de départ.",
        )
    manquantes = [c for c in _REGLES_Q4 if c not in reponse]
    en_trop = [str(c) for c in reponse if c not in _REGLES_Q4]
    if manquantes or en_trop:
        return Evaluation(
            TYPE_INCORRECT,
            "gardez exactement les clés de la cellule de départ ("
            + ", ".join(_REGLES_Q4)
            + ")"
            + (f" ; manquantes : {', '.join(manquantes)}" if manquantes else "")
            + (f" ; en trop : {', '.join(en_trop)}" if en_trop else "")
            + ".",
        )
    if all(v is ... or v is None for v in reponse.values()):
        return Evaluation(NON_REPONDU, "pas encore de réponse : remplacez chaque ... par un taux.")
    if any(v is ... or v is None for v in reponse.values()):
        return Evaluation(
            INCORRECT, "il reste des ... dans « indicateurs » : calculez chacun des quatre taux."
        )
    verdicts = {c: q.evaluer(reponse[c]) for c, q in _REGLES_Q4.items()}
    faux = [c for c, e in verdicts.items() if not e.correct]
    if not faux:
        return True
    premier = verdicts[faux[0]]
    justes = len(_REGLES_Q4) - len(faux)
    verbe = "est juste" if justes < 2 else "sont justes"
    return Evaluation(
        premier.statut if premier.statut == TYPE_INCORRECT else INCORRECT,
        f"{pluriel(justes, 'taux', 'taux')} sur {len(_REGLES_Q4)} {verbe}. {faux[0]} : {premier.message}",
    )


MOTS_OFFRE_Q12 = ("couteau",)
"""The offer of q12's brief (knives): the subject line must name it (CPCE art. L34-5)."""


def _email(reponse: object) -> Evaluation | bool:
    """q12: the drafted e-mail passes :func:`crmkit.conformite_email.verifier_email_commercial`."""
    from crmkit._validation import ErreurAnalyse

    try:
        remarques = verifier_email_commercial(reponse, "Super Chef", MOTS_OFFRE_Q12)
    except ErreurAnalyse as exc:
        return Evaluation(TYPE_INCORRECT, str(exc))
    if not remarques:
        return Evaluation(CORRECT, "structure AIDA et mentions légales vérifiées.")
    reste = len(remarques) - 1
    suite = (
        f" (et {pluriel(reste, 'autre remarque', 'autres remarques')} : affichez-les toutes avec "
        'emailing.verifier_email_commercial(mon_email, mots_offre=("couteau",)))'
        if reste
        else ""
    )
    return Evaluation(INCORRECT, remarques[0] + suite)


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
    # Personnalisee: a dict of four rates, each with its own tolerance and wrong denominators;
    # no typed kind holds numbers by key (Tableau takes pandas objects, exact to 1e-6).
    Personnalisee(
        "q4",
        variable="indicateurs",
        points=2,
        fonction=_indicateurs,
        indices=(
            "Un seul dénominateur par taux : ouverture, clic (CTR) et désinscription se rapportent "
            "aux e-mails DÉLIVRÉS ; le CTOR, aux OUVREURS.",
            'comptes["ouvert"], comptes["clique"], comptes["desabonne"] et comptes["delivre"] '
            "donnent les effectifs ; un taux s'écrit entre 0 et 1.",
        ),
    ),
    Nombre(
        "q5",
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
        "q6",
        variable="p_value_achats",
        points=1,
        attendu=lambda: _d.resultats_ab()["p_achats"],
        indices=(
            "Même test qu'à la question 5, avec la colonne « acheteurs » à la place de "
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
        "q7",
        "decision_ouverture",
        1,
        _Q7,
        (
            "Significatif au seuil de 5 % = p-value inférieure à 0,05.",
            "Si l'écart est significatif, son sens dit quelle variante fait mieux : comparez "
            "les deux taux d'ouverture.",
        ),
    ),
    _decision(
        "q8",
        "decision_achats",
        2,
        _Q8,
        (
            "Ne regardez pas l'écart brut mais la p-value de la question 6.",
            "Au seuil de 5 %, une p-value supérieure à 0,05 veut dire : l'écart peut être dû au "
            "hasard.",
        ),
    ),
    Nombre(
        "q9",
        variable="puissance_500",
        points=2,
        attendu=lambda: _d.puissances_500()["correct"],
        # open rates rounded to 4 decimals move the power by less than 0.001
        tolerance_abs=0.005,
        indices=(
            "emailing.puissance_ab(taux A, taux B, n) : n est l'effectif de CHAQUE variante, "
            "les taux sont les taux d'ouverture observés de A et de B.",
            "Gardez le test de la question 5 : bilatéral au seuil de 5 % (alpha=0.05, la "
            "valeur par défaut). La puissance est une probabilité entre 0 et 1.",
        ),
        pieges=(
            Piege(
                lambda r: proche(r, _d.puissances_500()["total_500"], 0.01),
                "vous avez mis 250 destinataires par variante : l'énoncé en donne 500 dans "
                "CHAQUE variante, et n est l'effectif d'une variante.",
            ),
            Piege(
                lambda r: proche(r, _d.puissances_500()["par_variante_1000"], 0.01),
                "vous avez mis les 1 000 destinataires dans chaque variante : n est l'effectif "
                "d'UNE variante (500).",
            ),
            Piege(
                lambda r: proche(r, _d.puissances_500()["unilateral"], 0.01),
                "c'est la puissance d'un test UNILATÉRAL (ou d'un risque de 10 %) : le test A/B "
                "du cours est bilatéral au seuil de 5 %, gardez alpha=0.05.",
            ),
            Piege(
                lambda r: proche(r, _d.puissances_500()["clics"], 0.01),
                "vous avez pris les taux de CLIC : la question porte sur le test de l'objet, "
                "donc sur les taux d'OUVERTURE de A et de B.",
            ),
            Piege(
                lambda r: proche(r, 1 - _d.puissances_500()["correct"], 0.01),
                "vous avez donné 1 − puissance, le risque de NE PAS détecter l'écart : la "
                "puissance est la probabilité de le détecter.",
            ),
        ),
    ),
    Nombre(
        "q10",
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
        "q11",
        variable="motifs_exclusion",
        points=1,
        empreintes=_Q11,
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
    # Personnalisee: the answer is a free text (a drafted e-mail), checked by rules.
    Personnalisee(
        "q12",
        variable="mon_email",
        points=1,
        fonction=_email,
        indices=(
            'Exécutez emailing.verifier_email_commercial(mon_email, mots_offre=("couteau",)) : '
            "chaque remarque dit ce qui manque (une étape AIDA, un texte trop court, une "
            "mention légale).",
            "Les mentions : « Super Chef » dans l'expéditeur, un objet qui parle des couteaux et "
            "de l'offre, un lien « Se désinscrire », aucune case cochée d'avance.",
        ),
    ),
    Libre(
        "q13",
        variable="votre texte",
        points=4,
        indices=(
            "Relisez votre e-mail comme un client de la cible : qu'a-t-il déjà acheté, que lui "
            "manque-t-il ? L'accroche doit parler de lui, pas de Super Chef.",
            "Un bénéfice concret (ce que le couteau change en cuisine), une preuve, une raison "
            "d'agir maintenant et un bouton qui dit quoi faire.",
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
    Libre(
        "q15",
        variable="votre texte",
        points=3,
        indices=(
            "Une recommandation par décision : quel objet garder, que conclure du test sur les "
            "achats, que faire d'une liste de 500 destinataires, à qui écrire.",
            "Chaque phrase s'appuie sur un chiffre calculé dans le TD (taux, p-value, "
            "puissance, nombre de destinataires) et dit ce que vous feriez.",
        ),
    ),
):
    QUESTIONS.ajouter(_question)

verifier = QUESTIONS.verifier
indice = QUESTIONS.indice
valider = QUESTIONS.valider
evaluer = QUESTIONS.evaluer

__all__ = ["QUESTIONS", "TD_ID", "evaluer", "indice", "valider", "verifier"]
