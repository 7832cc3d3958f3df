"""Hygiene of an address file: RNVP-like normalisation, deduplication, customer matching.

Before mailing a rented prospect file, a marketer removes what would waste a
letter: the same person delivered twice (written differently), people who are
already customers, addresses returned « n'habite pas à l'adresse indiquée »
(NPAI) and people on an opposition list. Duplicates written differently are
only caught once every field is written one way: that is what
:func:`normaliser_adresse`, :func:`normaliser_texte` and
:func:`normaliser_code_postal` do, in the spirit of La Poste's RNVP
(restructuration, normalisation et validation postale: capitals, no accents, no
punctuation, way types abbreviated the standard way, five-digit postal codes).

Limits, on purpose: the real RNVP also compares each address with La Poste's
reference of existing streets and postal codes, which corrects misspellings
(« Victor Hugp ») and flags addresses that do not exist; nothing here does.
Matching on first name + name + postal code also treats two namesakes of the
same town as one person (a cautious error: one letter not sent).

>>> normaliser_adresse("12, Boulevard  Victor-Hugo ") == normaliser_adresse("12 bd victor hugo")
True
>>> normaliser_code_postal("6000")
'06000'
>>> fichier = pd.DataFrame({"prenom": ["Léa", "LEA"], "nom": ["Müller", "muller"],
...                         "adresse": ["3 avenue Foch", "3 av. Foch"],
...                         "code_postal": ["06000", "6000"]})
>>> len(dedoublonner(fichier))
1
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from crmkit._validation import ErreurAnalyse, verifier_colonnes
from crmkit.francais import sans_accents

__all__ = [
    "COLONNES_CLIENT",
    "COLONNES_PERSONNE",
    "cle_rapprochement",
    "dedoublonner",
    "normaliser_adresse",
    "normaliser_code_postal",
    "normaliser_texte",
    "retirer_clients",
]

# What identifies one person in a postal file, and what a customer file without
# street addresses can be matched on.
COLONNES_PERSONNE = ("prenom", "nom", "adresse", "code_postal")
COLONNES_CLIENT = ("prenom", "nom", "code_postal")

# Way types written in full or abbreviated, and the abbreviation of La Poste's list.
_TYPES_VOIE = {
    "RUE": "RUE",
    "R": "RUE",
    "AVENUE": "AV",
    "AV": "AV",
    "BOULEVARD": "BD",
    "BD": "BD",
    "BVD": "BD",
    "PLACE": "PL",
    "PL": "PL",
    "ALLEE": "ALL",
    "ALL": "ALL",
    "CHEMIN": "CHE",
    "CH": "CHE",
    "CHE": "CHE",
    "IMPASSE": "IMP",
    "IMP": "IMP",
    "ROUTE": "RTE",
    "RTE": "RTE",
    "QUAI": "QUAI",
}
# Words of street names that the same list abbreviates wherever they appear.
_MOTS = {"SAINT": "ST", "SAINTE": "STE", "GENERAL": "GAL", "MARECHAL": "MAL"}
_NON_ALPHANUMERIQUE = re.compile(r"[^A-Z0-9]+")


def normaliser_texte(texte: object) -> str:
    """Capitals, no accents, punctuation and repeated spaces turned into one space.

    >>> normaliser_texte("  Jean-Noël  d'Artagnan ")
    'JEAN NOEL D ARTAGNAN'
    """
    if not isinstance(texte, str):
        raise ErreurAnalyse(
            f"texte attendu (un nom, une adresse…) ; reçu : {texte!r}. Les cases vides se "
            "traitent avant la normalisation, par exemple avec .dropna()."
        )
    return _NON_ALPHANUMERIQUE.sub(" ", sans_accents(texte).upper()).strip()


def normaliser_adresse(adresse: object) -> str:
    """The street line written one way: normalised text, La Poste abbreviations.

    The way type that follows the number (« boulevard », « bd », « bvd ») becomes
    its standard abbreviation (« BD ») ; « saint », « général »… are abbreviated
    wherever they appear. No check against the reference of existing streets.

    >>> normaliser_adresse("108 boulevard Sainte-Anne")
    '108 BD STE ANNE'
    >>> normaliser_adresse("7 R. du Général de Gaulle")
    '7 RUE DU GAL DE GAULLE'
    """
    mots = normaliser_texte(adresse).split()
    for i, mot in enumerate(mots):
        if not mot.isdigit():
            mots[i] = _TYPES_VOIE.get(mot, mot)
            break
    return " ".join(_MOTS.get(m, m) for m in mots)


def normaliser_code_postal(code: object) -> str:
    """A five-digit postal code, restoring the leading zero a spreadsheet dropped.

    >>> normaliser_code_postal(6000), normaliser_code_postal(" 75 011 ")
    ('06000', '75011')
    >>> normaliser_code_postal("75O11")
    Traceback (most recent call last):
    ...
    crmkit._validation.ErreurAnalyse: code postal illisible : '75O11' (attendu : 5 chiffres, ou 4 si le zéro initial a été perdu).
    """
    if isinstance(code, bool):
        texte = "?"
    elif isinstance(code, int):
        texte = str(code)
    else:
        texte = str(code).replace(" ", "").strip()
    if not (texte.isascii() and texte.isdigit() and len(texte) in (4, 5)):
        raise ErreurAnalyse(
            f"code postal illisible : {code!r} (attendu : 5 chiffres, ou 4 si le zéro "
            "initial a été perdu)."
        )
    return texte.zfill(5)


def _normaliser(colonne: str, valeurs: pd.Series) -> pd.Series:
    if colonne == "code_postal":
        return valeurs.map(normaliser_code_postal)
    if colonne == "adresse":
        return valeurs.map(normaliser_adresse)
    return valeurs.map(normaliser_texte)


def cle_rapprochement(
    tableau: pd.DataFrame, colonnes: Sequence[str] = COLONNES_PERSONNE
) -> pd.Series:
    """One text per row, equal for two rows that are the same person once normalised.

    ``adresse`` is normalised by :func:`normaliser_adresse`, ``code_postal`` by
    :func:`normaliser_code_postal`, every other column by :func:`normaliser_texte`.

    >>> t = pd.DataFrame({"prenom": ["Éric"], "nom": ["Adam"], "code_postal": ["1000"]})
    >>> cle_rapprochement(t, ["prenom", "nom", "code_postal"]).tolist()
    ['ERIC|ADAM|01000']
    """
    colonnes = list(colonnes)
    verifier_colonnes(tableau, colonnes, "tableau d'adresses")
    if not colonnes:
        raise ErreurAnalyse("donnez au moins une colonne pour rapprocher les lignes.")
    parties = [_normaliser(c, tableau[c]) for c in colonnes]
    cle = parties[0]
    for partie in parties[1:]:
        cle = cle + "|" + partie
    return cle.rename("cle")


def dedoublonner(
    tableau: pd.DataFrame, colonnes: Sequence[str] = COLONNES_PERSONNE
) -> pd.DataFrame:
    """The rows of ``tableau`` whose normalised key is seen for the first time.

    Two rows are duplicates when :func:`cle_rapprochement` gives them the same key
    (by default: first name, name, street line and postal code, normalised).
    ``tableau`` is not modified; the first row of each person is kept, unchanged.

    >>> t = pd.DataFrame({"prenom": ["Paul", "PAUL "], "nom": ["Roy", "Roy"],
    ...                   "adresse": ["8 rue Voltaire", "8 r. Voltaire"],
    ...                   "code_postal": ["33700", "33700"]})
    >>> dedoublonner(t).index.tolist()
    [0]
    """
    return tableau[~cle_rapprochement(tableau, colonnes).duplicated()]


def retirer_clients(
    fichier: pd.DataFrame, clients: pd.DataFrame, colonnes: Sequence[str] = COLONNES_CLIENT
) -> pd.DataFrame:
    """The rows of ``fichier`` that match no row of ``clients`` once normalised.

    The customer table has no street line, so the default match is on first name,
    name and postal code (namesakes of one town are removed too: a cautious error).

    >>> fichier = pd.DataFrame({"prenom": ["INES", "Hugo"], "nom": ["Deschamps", "Roy"],
    ...                         "code_postal": ["56100", "75011"]})
    >>> clients = pd.DataFrame({"prenom": ["Inès"], "nom": ["Deschamps"], "code_postal": ["56100"]})
    >>> retirer_clients(fichier, clients)["prenom"].tolist()
    ['Hugo']
    """
    deja_clients = set(cle_rapprochement(clients, colonnes))
    return fichier[~cle_rapprochement(fichier, colonnes).isin(deja_clients)]
