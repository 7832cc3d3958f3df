"""The Super Chef data set: generate, locate, load and validate.

>>> from crmkit.data import TABLES
>>> TABLES[0]
'clients'
"""

from .generator import generer
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
