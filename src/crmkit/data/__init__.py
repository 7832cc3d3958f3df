"""The Super Chef data set: generate, locate, load and validate.

``generer`` is imported on first use only: reading the data (every notebook)
does not load the generator.

>>> from crmkit.data import TABLES
>>> TABLES[0]
'clients'
>>> from crmkit.data import generer
>>> generer.__module__
'crmkit.data.generator'
"""

from .loaders import ErreurDonnees, charger, connexion, lire_csv, tables, valider_dataframe
from .paths import dossier_donnees
from .schema import SCHEMA, TABLES, colonnes

__all__ = [
    "ErreurDonnees",
    "SCHEMA",
    "TABLES",
    "charger",
    "colonnes",
    "connexion",
    "dossier_donnees",
    "generer",
    "lire_csv",
    "tables",
    "valider_dataframe",
]


def __getattr__(nom: str):
    if nom == "generer":
        from .generator import generer

        return generer
    raise AttributeError(f"module {__name__!r} has no attribute {nom!r}")
