"""Is a drafted commercial e-mail complete (AIDA) and lawful in France? One check, French remarks.

:func:`verifier_email_commercial` reads an e-mail given as parts (the keys of
the AIDA builder, :mod:`crmkit.widgets.aida`) and returns the list of what is
missing or unlawful; an empty list means the draft passes. It checks:

- **structure**: the AIDA parts of :func:`crmkit.emailing.verifier_aida`
  (title, subtitle, body or box, call to action, in order, subject line of at
  most 60 characters), each part present being *real text* (enough words, not
  a placeholder such as ``...`` or « à compléter », not a copy of another part);
- **legal mentions** of a commercial e-mail (articles as published on
  legifrance.gouv.fr, in force since the LCEN of 2004; the quotations below were
  not re-read against the consolidated text when this check was written in
  November 2026: a teacher re-reads them before each academic year):

  - the sender identifies the advertiser, and the subject line relates to the
    offer: art. L34-5 of the Code des postes et des communications
    électroniques (CPCE), created by art. 22 of the LCEN (loi n° 2004-575 du
    21 juin 2004), forbids hiding « l'identité de la personne pour le compte
    de laquelle la communication est émise » and « un objet sans rapport avec
    la prestation ou le service proposé »; a subject line that fakes a reply
    (« RE : », « TR : ») is refused for the same reason;
  - a way to unsubscribe (same article: « coordonnées valables » to ask that
    the messages stop);
  - the commercial nature can be identified: LCEN art. 20 (« toute publicité
    […] doit pouvoir être clairement identifiée comme telle »); read here as
    an offer word (offre, remise, %, €, cadeau…) in the subject line, the
    overline, the title or the box;
  - no pre-ticked consent: GDPR art. 4(11) and 7, and the CJEU's *Planet49*
    judgment (C-673/17, 1 October 2019): a box ticked in advance is not
    consent, so the message must not ask for or rely on one.

Words are matched with case and accents folded. These are *indications* a
program can check: whether the copy is good, and whether the offer really is
analogous to what the customer bought, is the teacher's and the lawyer's job.

>>> brouillon = {
...     "expediteur": "Super Chef",
...     "objet": "Vos couteaux de chef : -15 % jusqu'à dimanche",
...     "titre": "Vos poêles méritent un couteau à leur hauteur",
...     "sous_titre": "Trancher net, sans écraser les tomates ni les herbes",
...     "corps": "Lame forgée en acier inoxydable, affûtage d'usine, garantie 10 ans.",
...     "appel_a_l_action": "Je choisis mon couteau",
...     "lien_desinscription": "Se désinscrire",
... }
>>> verifier_email_commercial(brouillon, mots_offre=("couteau",))
[]
>>> for r in verifier_email_commercial(dict(brouillon, expediteur="promo-7781@offres.example")):
...     print(r)  # doctest: +ELLIPSIS
Mentions légales : l'expéditeur ne dit pas qui écrit...
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ._validation import ErreurAnalyse
from .francais import sans_accents

__all__ = ["MOTS_MINIMUM", "PARTIES_EMAIL", "verifier_email_commercial"]

PARTIES_EMAIL = (
    "expediteur",
    "objet",
    "surtitre",
    "titre",
    "sous_titre",
    "corps",
    "encadre",
    "appel_a_l_action",
    "lien_desinscription",
)
"""Parts of a drafted e-mail, in reading order (the AIDA builder's keys)."""

MOTS_MINIMUM: dict[str, int] = {
    "objet": 3,
    "surtitre": 1,
    "titre": 4,
    "sous_titre": 4,
    "corps": 8,
    "encadre": 3,
    "appel_a_l_action": 2,
}
"""Fewest words a part must have, when present, to count as real text."""

_LIBELLES = {
    "expediteur": "l'expéditeur",
    "objet": "l'objet",
    "surtitre": "le surtitre",
    "titre": "le titre",
    "sous_titre": "le sous-titre",
    "corps": "le corps",
    "encadre": "l'encadré",
    "appel_a_l_action": "l'appel à l'action",
    "lien_desinscription": "le lien de désinscription",
}
_BOUCHE_TROUS = re.compile(r"^(\.+|…+|x+|todo|a completer|lorem ipsum.*|texte|titre|objet|\?+)$")
_DESINSCRIPTION = ("desinscri", "desabonn", "ne plus recevoir", "unsubscribe", "vous opposer")
_PRECOCHE = re.compile(
    r"[☑☒]|\[x\]|pre-?coch|deja coche|coche(e|es|s)? (d'avance|par defaut|a l'avance)"
)
_REPONSE_SIMULEE = re.compile(r"^(re|tr|fwd?)\s*:", re.IGNORECASE)
_MOTS_COMMERCIAUX = (
    "offre",
    "offert",
    "promo",
    "remise",
    "reduction",
    "solde",
    "prix",
    "%",
    "€",
    "euro",
    "cadeau",
    "gratuit",
    "publicite",
    "code",
    "vente",
    "black friday",
)


def _plier(texte: str) -> str:
    """Lowercase, accents removed, apostrophes and spaces made plain."""
    t = sans_accents(texte.replace("’", "'")).lower()
    return re.sub(r"\s+", " ", t).strip()


def _mots(texte: str) -> int:
    return len(re.findall(r"[^\W\d_]{2,}", texte))


def _lire(email: object) -> dict[str, str]:
    if not isinstance(email, Mapping):
        raise ErreurAnalyse(
            "donnez l'e-mail sous forme de dictionnaire {partie: texte}, par exemple "
            '{"expediteur": "Super Chef", "objet": "...", ...} ; '
            f"reçu : {type(email).__name__}."
        )
    parties = {}
    for cle, valeur in email.items():
        if valeur is None or valeur is Ellipsis:
            valeur = ""
        if not isinstance(valeur, str):
            raise ErreurAnalyse(
                f"la partie « {cle} » doit être un texte entre guillemets ; "
                f"reçu : {valeur!r} ({type(valeur).__name__})."
            )
        parties[str(cle)] = valeur.strip()
    return parties


def _structure(p: dict[str, str]) -> list[str]:
    from crmkit.emailing import PARTIES_AIDA, verifier_aida

    # a drafted e-mail has a fixed layout: the dict's key order says nothing about it
    remarques = verifier_aida({k: p[k] for k in PARTIES_AIDA if k in p})
    vus: dict[str, str] = {}
    for cle, minimum in MOTS_MINIMUM.items():
        texte = p.get(cle, "")
        if not texte:
            continue
        plie = _plier(texte)
        if _BOUCHE_TROUS.match(plie) or _mots(texte) < minimum:
            mot = "mot" if minimum == 1 else "mots"
            remarques.append(
                f"Structure : {_LIBELLES[cle]} (« {texte} ») n'est pas encore un vrai texte ; "
                f"écrivez au moins {minimum} {mot}."
            )
        elif plie in vus:
            remarques.append(
                f"Structure : {_LIBELLES[cle]} répète {_LIBELLES[vus[plie]]} ; chaque partie "
                "a son rôle dans la progression AIDA."
            )
        vus.setdefault(plie, cle)
    return remarques


def _mentions(p: dict[str, str], annonceur: str, mots_offre: tuple[str, ...]) -> list[str]:
    remarques = []
    if annonceur and _plier(annonceur) not in _plier(p.get("expediteur", "")):
        remarques.append(
            f"Mentions légales : l'expéditeur ne dit pas qui écrit ; indiquez « {annonceur} » "
            "(art. L34-5 du CPCE : l'identité de l'annonceur ne doit pas être dissimulée)."
        )
    objet = p.get("objet", "")
    if not objet:
        remarques.append(
            "Mentions légales : il manque l'objet ; il doit annoncer l'offre (art. L34-5 du "
            "CPCE : pas d'objet sans rapport avec le produit proposé)."
        )
    elif _REPONSE_SIMULEE.match(objet):
        remarques.append(
            "Mentions légales : l'objet imite une réponse ou un transfert (« RE : », "
            "« TR : ») ; il doit annoncer l'offre elle-même (art. L34-5 du CPCE)."
        )
    elif mots_offre and not any(_plier(m) in _plier(objet) for m in mots_offre):
        remarques.append(
            "Mentions légales : l'objet ne parle pas du produit proposé ("
            + ", ".join(mots_offre)
            + ") ; un objet sans rapport avec l'offre est interdit (art. L34-5 du CPCE)."
        )
    lien = _plier(p.get("lien_desinscription", ""))
    if lien and not any(m in lien for m in _DESINSCRIPTION):
        remarques.append(
            "Mentions légales : le lien de pied de page ne dit pas qu'il sert à se désinscrire ; "
            "écrivez par exemple « Se désinscrire » (art. L34-5 du CPCE)."
        )
    vitrine = " ".join(p.get(k, "") for k in ("objet", "surtitre", "titre", "encadre"))
    if not any(m in _plier(vitrine) for m in _MOTS_COMMERCIAUX):
        remarques.append(
            "Mentions légales : rien n'indique que le message est une offre commerciale ; "
            "annoncez-la dans l'objet, le titre ou l'encadré (une remise, un prix, un cadeau, "
            "le mot « offre »), comme l'exige l'art. 20 de la LCEN."
        )
    tout = _plier(" ".join(p.values()))
    if _PRECOCHE.search(tout):
        remarques.append(
            "Mentions légales : le message parle d'une case cochée d'avance ; ce n'est pas un "
            "consentement (RGPD, arrêt Planet49 de la CJUE, 1er octobre 2019) : retirez-la."
        )
    return remarques


def verifier_email_commercial(
    email: Mapping[str, object],
    annonceur: str = "Super Chef",
    mots_offre: Iterable[str] = (),
) -> list[str]:
    """French remarks on a drafted commercial e-mail: AIDA structure, then legal mentions.

    ``email`` maps parts of :data:`PARTIES_EMAIL` to their text (``...`` or
    ``None`` count as empty); ``annonceur`` is the name the sender must show;
    ``mots_offre`` are words of which the subject line must contain one (the
    product offered, e.g. ``("couteau",)``; folded, so « Couteaux » matches).
    An empty list means the draft passes every check.

    >>> r = verifier_email_commercial({"expediteur": "Super Chef", "objet": "RE : votre commande"})
    >>> [x.split(" :")[0] for x in r][:4]
    ['Attention', 'Intérêt', 'Désir', 'Action']
    >>> any("imite une réponse" in x for x in r)
    True
    """
    p = _lire(email)
    inconnues = [k for k in p if k not in PARTIES_EMAIL]
    if inconnues:
        return [
            f"Structure : partie inconnue : {', '.join(map(repr, inconnues))} ; parties "
            f"reconnues : {', '.join(PARTIES_EMAIL)}."
        ]
    offre = tuple(str(m) for m in mots_offre)
    return _structure(p) + _mentions(p, annonceur, offre)
