"""Self-checks for TD2 part 2, e-mailing (``td2_emailing_aida``).

Students call ``verifier("q4", taux_ouverture)`` after each answer and
``indice("q4")`` for a hint. Categorical answers are compared through salted
SHA-256 fingerprints of ``[key, value]`` pairs (the answer key is not
readable here, and wrong values with a targeted hint are fingerprinted too,
so the right one cannot be found by elimination); numeric answers are
recomputed from the Super Chef data with :mod:`crmkit.emailing`.

Known misconceptions get their own message:

- open rate computed over sent e-mails instead of delivered ones (q4, q7);
- click rate (CTR) computed over openers instead of delivered e-mails (q5),
  and the reverse mistake for the CTOR (q6);
- an A/B difference called significant from the raw gap, without the test (q11);
- existing-customer consent treated as valid for any product (q3 case c, q12);
- pre-ticked boxes counted as consent, B2B handled like B2C (q12).

>>> evaluer("q10", ...).statut
'non_repondu'
>>> verifier("q10", "B")
✅ q10 : bonne réponse.
>>> "p-value" in evaluer("q11", "B").message
True
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Mapping

from crmkit.feedback import (
    NON_REPONDU,
    TYPE_INCORRECT,
    Choix,
    Evaluation,
    Nombre,
    Personnalisee,
    Piege,
    Questionnaire,
    empreinte,
    lire_numeros,
    normaliser,
    proche,
)

TD_ID = "td2_emailing_aida"
_SEL = "td2_emailing_aida/2025"

# --------------------------------------------------------------------------- fingerprints
# Computed at build time from the answer key, which is not shipped.
_CLES = {
    "q1": {
        "surtitre": "d46c7cf7862aaf6d497f0c0e382a078ce03f07b557a76c859a1d6d7f312fb401",
        "titre": "67ae9ca7cd1f6d14ba7e6d748e1ee4f07dd78ed51d9e98a21a1cf2ab07f86936",
        "sous_titre": "1035d93449efccec02df86cd75783bc1878b777ffd924b62119bbaa8f5c7a821",
        "encadre": "ab2f3a8b8bfef84c876bc22cc45d81842bc810d84c139043b4eada3d0b4482ed",
    },
    "q2": {
        "1": "b87a5825034dee8c67d082a65ac62a1be919c6f134703467d338dfd64f2ddf8b",
        "2": "59faf48cc23e32c467164d5eb8e8633f7c1927860a8891c58f280bc938c8d629",
        "3": "b8f67b16f50a3d6f28cdc6ec1ea25c6f9e87810043c0b061e019ff0c1d32faf4",
        "4": "ec3a5c12e678150232ac02cca64d3c721c0909c1597de2b22cbcc7e8f2aeb241",
        "5": "23215be4a874e3e18e40b75c35af0e2a8468db382be47cb461e608f913db463c",
        "6": "04aa24d19684920a0982ee38be9060b59cfffc56a23d3eb3781a42e5330842b2",
        "7": "b199617a42614c906fa22a1816ef0d801c69604c23a5cd810c39fde87bfeed07",
        "8": "17323209cb1207ccd211d31bec2e5d2bf05b2712e4ae0e74a89d8e86c2faff25",
    },
    "q3": {
        "a": "6db8bf3006ef1aaad247f67e48e5654a8d3f926d8eec0c2797bba08bd891353c",
        "b": "9e006829ac8ad730ba777e3f58627476459ce5bfc2861ea0b974c2afbf518286",
        "c": "3f74a0d1acf91e556750f6d0b32288360d93c9228255f6a06e6d081ba5a684d1",
        "d": "979f6b230d3cf921a678f7052b8c723e212cc8cad70dd10a93ed32f312d8c223",
        "e": "90caa215d4089583b6d386b8912c47efdf6d282329ad71c8393d37ec5ea9b157",
        "f": "7f6c99309992efe04524a20ecb998b6793ccc639814957aa307cab5367b3c289",
    },
    "q13": {
        "case_precochee": "3f031e77f06147c487531551ac6f2247affdf609833ae33c4c1db79bc656fb10",
        "achat_sans_poele": "f6445189a9f54d1b1ba70fcda02a37ea252785447a09078542a1a31b9a49c41a",
        "desinscrit": "d9ea30cbc3d37f2c1aa8fb76e09aff8e1083f281c6b74d4a2463886feae35a51",
    },
}
_DECISIONS = {
    "q10": "1fc2fe48c82194c94e43c8513ca06f4b9b45b1b3841a5cf7f0b1eb92a9f77199",
    "q11": "903ff907f7afb6a442982d03eb52a4bac5a05be39c5fa3f256a83ec99aafe06e",
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


def _empreinte(qid: str, cle: str, valeur: object) -> str:
    """Fingerprint of one ``[key, value]`` pair with this TD's salt.

    >>> len(_empreinte("q1", "titre", "interet"))
    64
    """
    return empreinte(qid, [cle, valeur], _SEL)


# --------------------------------------------------------------------------- data (recomputed)
@functools.cache
def _donnees_kpi() -> dict[str, float]:
    """Unique people at each step of campaign 3 (both variants)."""
    from crmkit.data import charger

    ev = charger("evenements_email")
    n = ev.groupby("evenement")["client_id"].nunique()
    return {
        "envoyes": float(n.get("envoye", 0)),
        "delivres": float(n.get("delivre", 0)),
        "ouvreurs": float(n.get("ouvert", 0)),
        "cliqueurs": float(n.get("clique", 0)),
        "desabonnes": float(n.get("desabonne", 0)),
    }


@functools.cache
def _tests_ab() -> dict[str, float]:
    """z and p-values of the A/B test, with the right and the wrong denominators."""
    from crmkit import emailing
    from crmkit.data import charger

    ev = charger("evenements_email")
    acheteurs = charger("contacts_campagne").query("campagne_id == 3 and reponse == 1")
    k = emailing.kpi_emailing(ev, par="variante_objet", acheteurs=acheteurs)
    a, b = k.loc["A"], k.loc["B"]

    def ab(num: str, den: str) -> emailing.ResultatTestAB:
        return emailing.test_ab(int(a[num]), int(a[den]), int(b[num]), int(b[den]))

    return {
        "z_ouverture": abs(ab("ouvreurs", "delivres").z),
        "z_ouverture_envoyes": abs(ab("ouvreurs", "envoyes").z),
        "p_ouverture": ab("ouvreurs", "delivres").p_value,
        "p_achats": ab("acheteurs", "delivres").p_value,
        "p_achats_envoyes": ab("acheteurs", "envoyes").p_value,
    }


@functools.cache
def _filtres() -> dict[str, int]:
    """Customers allowed to receive the pans e-mail, the right way and the usual wrong ways."""
    import pandas as pd

    from crmkit import emailing
    from crmkit.data import charger, connexion

    cons = charger("consentements")
    clients = charger("clients")
    achats = pd.read_sql(
        "SELECT DISTINCT c.client_id, p.categorie_id FROM commandes AS c "
        "JOIN lignes_commande AS l ON l.commande_id = c.commande_id "
        "JOIN produits AS p ON p.produit_id = l.produit_id",
        connexion(),
    )

    def filtre(**options: object) -> pd.DataFrame:
        options = {"achats": achats, **options}
        return emailing.filtre_consentement(
            cons, clients, canal="email", categorie_offre=2, **options
        )

    juste = filtre()
    nb = int(juste["autorise"].sum())
    email = cons[cons["canal"] == "email"]
    return {
        "correct": nb,
        # existing-customer consent treated as valid for any product
        "tous_produits": int(filtre(achats=achats.assign(categorie_id=2))["autorise"].sum()),
        # pre-ticked boxes counted as consent
        "avec_precoche": nb + int((juste["code_motif"] == "case_precochee").sum()),
        # every opt_in row kept
        "tous_opt_in": int((email["statut"] == "opt_in").sum()),
        # professionals handled like private customers
        "sans_b2b_optout": int(filtre(objet_professionnel=False)["autorise"].sum()),
    }


# --------------------------------------------------------------------------- custom checks
def _non_repondu(variable: str, cles: list[str]) -> Evaluation:
    return Evaluation(
        NON_REPONDU,
        f"il reste des ... dans « {variable} » (clé(s) {', '.join(map(repr, cles))}) : "
        "répondez à chaque ligne, puis exécutez la cellule.",
    )


def _dico(reponse: object, variable: str, cles: tuple[str, ...]) -> Evaluation | None:
    """None when ``reponse`` is a complete dict, else the outcome to return."""
    if not isinstance(reponse, Mapping):
        return Evaluation(
            TYPE_INCORRECT,
            f"« {variable} » doit être un dictionnaire {{clé: réponse}} ; reçu : "
            f"{type(reponse).__name__}. Gardez les clés déjà écrites.",
        )
    manquantes = [c for c in cles if c not in reponse]
    if manquantes:
        return Evaluation(
            TYPE_INCORRECT,
            f"clé(s) manquante(s) dans « {variable} » : {', '.join(map(repr, manquantes))} ; "
            "gardez les clés déjà écrites et changez seulement les valeurs.",
        )
    vides = [c for c in cles if reponse[c] is Ellipsis or reponse[c] is None]
    if vides:
        return _non_repondu(variable, vides)
    return None


def _valeurs(
    reponse: Mapping, cles: tuple[str, ...], permises: tuple[str, ...]
) -> dict[str, str] | Evaluation:
    """Normalised values of a matching answer, or a TYPE_INCORRECT outcome."""
    valeurs = {}
    for cle in cles:
        v = reponse[cle]
        if isinstance(v, bool) and permises == ("oui", "non"):
            v = "oui" if v else "non"
        mot = normaliser(v).strip('"') if isinstance(v, str) else None
        if mot not in permises:
            liste = ", ".join(f'"{p}"' for p in permises)
            return Evaluation(
                TYPE_INCORRECT,
                f"réponse {v!r} pour {cle!r} : écrivez l'une de ces valeurs, entre guillemets : "
                f"{liste}.",
            )
        valeurs[cle] = mot
    return valeurs


def _q1(reponse: object) -> object:
    cles = ("surtitre", "titre", "sous_titre", "encadre")
    probleme = _dico(reponse, "etapes_aida", cles)
    if probleme:
        return probleme
    v = _valeurs(reponse, cles, ("attention", "interet", "desir", "action"))
    if isinstance(v, Evaluation):
        return v
    if len(set(v.values())) < 4:
        return "chaque étape AIDA sert une fois exactement : les quatre lignes correspondent aux quatre étapes."
    faux = [c for c in cles if _empreinte("q1", c, v[c]) != _CLES["q1"][c]]
    if faux:
        return f"{len(faux)} ligne(s) sur 4 ne sont pas à la bonne étape."
    return True


def _q2(reponse: object) -> object:
    numeros = lire_numeros(reponse, "problemes", 8, "numéro de remarque")
    if isinstance(numeros, Evaluation):
        return numeros
    vrai = {i for i in range(1, 9) if _empreinte("q2", str(i), True) == _CLES["q2"][str(i)]}
    manques, en_trop = len(vrai - numeros), len(numeros - vrai)
    morceaux = []
    if manques:
        morceaux.append(f"il manque {manques} vrai(s) problème(s)")
    if en_trop:
        morceaux.append(f"{en_trop} remarque(s) choisie(s) ne signalent pas un vrai problème")
    return " ; ".join(morceaux) + "." if morceaux else True


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


def _q3(reponse: object) -> object:
    cles = tuple("abcdef")
    probleme = _dico(reponse, "peut_envoyer", cles)
    if probleme:
        return probleme
    v = _valeurs(reponse, cles, ("oui", "non"))
    if isinstance(v, Evaluation):
        return v
    faux = [c for c in cles if _empreinte("q3", c, v[c]) != _CLES["q3"][c]]
    if not faux:
        return True
    lignes = [f"{len(faux)} cas sur 6 mal tranché(s). Règle à relire :"]
    lignes += [f"- cas {c} : {_REGLES_Q3[c]}" for c in faux]
    return "\n".join(lignes)


def _q13(reponse: object) -> object:
    cles = ("case_precochee", "achat_sans_poele", "desinscrit")
    probleme = _dico(reponse, "motifs_exclusion", cles)
    if probleme:
        return probleme
    v = {}
    for c in cles:
        lettre = str(reponse[c]).strip().upper() if isinstance(reponse[c], str) else None
        if lettre not in ("A", "B", "C", "D"):
            return Evaluation(
                TYPE_INCORRECT,
                f'réponse {reponse[c]!r} pour {c!r} : écrivez une lettre entre guillemets, de "A" à "D".',
            )
        v[c] = lettre
    if "D" in v.values():
        return (
            "la règle D AUTORISE l'envoi (aux professionnels) : elle n'exclut personne. "
            "Cherchez la règle qui interdit l'envoi à chaque groupe."
        )
    faux = [c for c in cles if _empreinte("q13", c, v[c]) != _CLES["q13"][c]]
    return f"{len(faux)} groupe(s) sur 3 associé(s) à la mauvaise règle." if faux else True


def _z_ouverture() -> Nombre:
    """The q8 check on |z| (the sign only reflects the order A, B)."""
    return Nombre(
        "q8",
        variable="z_ouverture",
        attendu=lambda: _tests_ab()["z_ouverture"],
        pieges=(
            Piege(
                lambda r: proche(r, _tests_ab()["z_ouverture_envoyes"]),
                "vous avez comparé les ouvreurs aux e-mails ENVOYÉS : les effectifs du test "
                "sont les messages DÉLIVRÉS de chaque variante.",
            ),
            Piege(
                lambda r: r < 0.2,
                "c'est la taille d'un écart de taux ou une p-value, pas la statistique z : "
                "utilisez l'attribut .z du résultat de emailing.test_ab(...).",
            ),
        ),
    )


def _q8(reponse: object) -> object:
    verif = _z_ouverture()
    if isinstance(reponse, numbers.Real) and not isinstance(reponse, bool):
        return verif.evaluer(abs(float(reponse)))
    return verif.evaluer(reponse)


# --------------------------------------------------------------------------- questionnaire
def _taux(qid: str, variable: str, num: str, den: str, pieges: dict, indice: str) -> Nombre:
    def ratio(a: str, b: str) -> float:
        d = _donnees_kpi()
        return d[a] / d[b]

    return Nombre(
        qid,
        variable=variable,
        attendu=lambda: ratio(num, den),
        indice=indice,
        pieges=tuple(
            Piege(lambda r, a=a, b=b: proche(r, ratio(a, b)), message)
            for (a, b), message in pieges.items()
        ),
    )


_SUR_ENVOYES = (
    "vous avez divisé par les e-mails ENVOYÉS. Un message rejeté (adresse invalide) n'a jamais "
    "pu être {verbe} : le dénominateur est le nombre de messages DÉLIVRÉS."
)


def _decision(qid: str, variable: str, indice: str) -> Choix:
    return Choix(
        qid,
        variable=variable,
        indice=indice,
        empreintes=(_DECISIONS[qid],),
        options=("A", "B", "aucun"),
        pieges=tuple(
            Piege(lambda r, h=h: empreinte(qid, r, _SEL) == h, message)
            for h, message in _MEPRISES[qid].items()
        ),
    )


QUESTIONS = Questionnaire(TD_ID, sel=_SEL)
for _question in (
    Personnalisee(
        "q1",
        variable="etapes_aida",
        fonction=_q1,
        indice="Suivez l'ordre de lecture : la première ligne accroche le regard ; la dernière "
        "donne une raison de répondre tout de suite (un cadeau « si vous répondez aujourd'hui »).",
    ),
    Personnalisee(
        "q2",
        variable="problemes",
        fonction=_q2,
        indice="Relisez l'article L34-5 du CPCE (identité de l'annonceur, objet en rapport "
        "avec l'offre, moyen de se désinscrire), la définition du consentement dans le RGPD, et "
        "demandez-vous ce que le lecteur doit faire après avoir lu.",
    ),
    Personnalisee(
        "q3",
        variable="peut_envoyer",
        fonction=_q3,
        indice="Trois questions dans l'ordre : la personne s'est-elle opposée ? Est-ce un "
        "professionnel contacté pour son métier (opt-out) ? Sinon, a-t-elle donné un vrai "
        "consentement (acte positif), ou est-elle cliente pour des produits analogues ?",
    ),
    _taux(
        "q4",
        "taux_ouverture",
        "ouvreurs",
        "delivres",
        {("ouvreurs", "envoyes"): _SUR_ENVOYES.format(verbe="ouvert")},
        "Taux d'ouverture = ouvreurs / e-mails DÉLIVRÉS (pas envoyés).",
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
        "Taux de clic (CTR) = cliqueurs / e-mails DÉLIVRÉS ; sur les ouvreurs, c'est le CTOR.",
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
        "CTOR = cliqueurs / OUVREURS.",
    ),
    _taux(
        "q7",
        "taux_desabonnement",
        "desabonnes",
        "delivres",
        {
            ("desabonnes", "envoyes"): _SUR_ENVOYES.format(verbe="lu"),
            ("desabonnes", "ouvreurs"): "vous avez divisé par les OUVREURS : le taux de "
            "désabonnement se rapporte, comme le taux d'ouverture, aux messages DÉLIVRÉS.",
        },
        "Taux de désabonnement = désabonnés / e-mails DÉLIVRÉS.",
    ),
    Personnalisee(
        "q8",
        variable="z_ouverture",
        fonction=_q8,
        indice="emailing.test_ab(succès A, délivrés A, succès B, délivrés B) renvoie un "
        "résultat dont l'attribut .z est la statistique demandée (son signe dépend de l'ordre "
        "A, B : les deux signes sont acceptés).",
    ),
    Nombre(
        "q9",
        variable="p_value_achats",
        attendu=lambda: _tests_ab()["p_achats"],
        indice="Même test qu'à la question 8, avec la colonne « acheteurs » à la place de "
        "« ouvreurs » ; la p-value est l'attribut .p_value.",
        pieges=(
            Piege(
                lambda r: proche(r, _tests_ab()["p_achats_envoyes"]),
                "vous avez rapporté les acheteurs aux e-mails ENVOYÉS : le taux d'achat se "
                "calcule sur les messages DÉLIVRÉS de chaque variante.",
            ),
            Piege(
                lambda r: proche(r, _tests_ab()["p_achats"] / 2),
                "c'est une p-value unilatérale : la question demande la p-value bilatérale "
                "(attribut .p_value de emailing.test_ab).",
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
        "Significatif au seuil de 5 % = p-value inférieure à 0,05. Le sens de l'écart dit quelle "
        "variante fait mieux.",
    ),
    _decision(
        "q11", "decision_achats", "Ne regardez pas l'écart brut mais la p-value de la question 9."
    ),
    Nombre(
        "q12",
        variable="nb_destinataires",
        attendu=lambda: _filtres()["correct"],
        tolerance=0,
        tolerance_abs=0.5,
        indice='emailing.filtre_consentement(consentements, clients, canal="email", '
        "categorie_offre=2, achats=achats) dit pour chaque client s'il peut recevoir l'e-mail "
        "(colonne « autorise ») ; comptez les lignes où elle est vraie.",
        pieges=(
            Piege(
                lambda r: r == _filtres()["tous_opt_in"],
                "vous avez gardé tous les « opt_in » : certains ne valent rien (case pré-cochée) "
                "et d'autres ne valent que pour des produits analogues (source achat_client).",
            ),
            Piege(
                lambda r: r == _filtres()["tous_produits"],
                "vous avez traité le consentement recueilli lors d'un achat comme valable pour "
                "tous les produits : l'exception du client existant ne couvre que les produits "
                "analogues (ici, les clients qui ont déjà acheté une poêle).",
            ),
            Piege(
                lambda r: r == _filtres()["avec_precoche"],
                "vous avez gardé les « oui » issus d'une case pré-cochée : ce n'est pas un "
                "consentement valable (RGPD).",
            ),
            Piege(
                lambda r: r == _filtres()["sans_b2b_optout"],
                "vous avez appliqué aux professionnels les règles des particuliers : en B2B, un "
                "message lié à la profession peut être envoyé tant que la personne ne s'y "
                "oppose pas (opt-out).",
            ),
        ),
    ),
    Personnalisee(
        "q13",
        variable="motifs_exclusion",
        fonction=_q13,
        indice="Pour chaque groupe, quelle condition manque-t-il pour avoir le droit d'écrire ? "
        "Une seule règle de la liste autorise au lieu d'exclure.",
    ),
):
    QUESTIONS.ajouter(_question)

verifier = QUESTIONS.verifier
indice = QUESTIONS.indice
evaluer = QUESTIONS.evaluer

__all__ = ["QUESTIONS", "TD_ID", "evaluer", "indice", "verifier"]
