"""Load the Super Chef tables as DataFrames or through SQLite, with validation.

Everything a student meets raises :class:`ErreurDonnees` (a ``ValueError``)
with a French message that names the problem and what to do. A table is
either returned whole and typed, or not at all.

>>> from crmkit.data import charger
>>> clients = charger("clients")
>>> clients["date_inscription"].dtype
dtype('<M8[ns]')
>>> bool((clients["type_client"].isin(["b2c", "b2b"])).all())
True
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.francais import pluriel

from .paths import DOSSIER_CSV, FICHIER_MANIFESTE, FICHIER_SQLITE, dossier_donnees
from .schema import SCHEMA, TABLES, Colonne

__all__ = [
    "ErreurDonnees",
    "charger",
    "connexion",
    "tables",
    "lire_csv",
    "valider_dataframe",
    "valider_base",
    "assurer_donnees",
]

_VERROU = threading.Lock()
_BASES_VALIDEES: set[tuple[str, int, int]] = set()
_MAX_EXEMPLES = 5
_PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3


class ErreurDonnees(ValueError):
    """A data file or table does not match the Super Chef schema (French message)."""


def _liste(valeurs) -> str:
    valeurs = list(valeurs)
    texte = ", ".join(str(v) for v in valeurs[:_MAX_EXEMPLES])
    return texte + (", …" if len(valeurs) > _MAX_EXEMPLES else "")


def _verifier_table(table: str) -> None:
    if table not in SCHEMA:
        raise ErreurDonnees(
            f"table '{table}' absente du jeu Super Chef ; tables disponibles : {', '.join(TABLES)}"
        )


# --------------------------------------------------------------------------- data folder


def assurer_donnees(dossier: Path | str | None = None) -> Path:
    """Return the data folder, generating the default data set if the database is missing.

    >>> (assurer_donnees() / "superchef.sqlite").is_file()
    True
    """
    dossier = Path(dossier).expanduser().resolve() if dossier is not None else dossier_donnees()
    if not (dossier / FICHIER_SQLITE).is_file():
        from .generator import generer  # imported lazily: the generator is heavier

        with _VERROU:
            if not (dossier / FICHIER_SQLITE).is_file():
                print(
                    f"Données Super Chef absentes : génération dans {dossier} (quelques secondes)…"
                )
                generer(dossier)
    return dossier


# --------------------------------------------------------------------------- validation


def _types_texte(serie: pd.Series) -> bool:
    if pd.api.types.is_string_dtype(serie.dtype):
        return True
    if serie.dtype == object:
        return bool(serie.dropna().map(lambda v: isinstance(v, str)).all())
    return False


def _convertir(serie: pd.Series, col: Colonne, table: str) -> pd.Series:
    """Convert one column to its schema dtype or raise a French error."""
    nom = f"colonne '{col.nom}' de la table '{table}'"
    manquant = serie.isna()
    if manquant.any() and not col.nullable:
        lignes = _liste(np.flatnonzero(manquant.to_numpy()) + 1)
        raise ErreurDonnees(f"{nom} : valeurs manquantes interdites (lignes {lignes})")
    if col.type_sql == "TEXT":
        if not _types_texte(serie):
            raise ErreurDonnees(f"{nom} : type incorrect, texte attendu, reçu {serie.dtype}")
        if _PANDAS_3:  # the "str" dtype keeps missing values as NaN
            resultat = serie.astype("str")
        else:  # pandas 2 would turn None into the text "None"
            resultat = serie.astype(object).where(~manquant, None)
    elif col.type_sql == "DATE":
        if pd.api.types.is_datetime64_any_dtype(serie.dtype):
            resultat = serie.astype("datetime64[ns]")
        else:
            if not _types_texte(serie):
                raise ErreurDonnees(
                    f"{nom} : type incorrect, date AAAA-MM-JJ attendue, reçu {serie.dtype}"
                )
            resultat = pd.to_datetime(serie, format="%Y-%m-%d", errors="coerce")
            mauvais = resultat.isna() & ~manquant
            if mauvais.any():
                raise ErreurDonnees(
                    f"{nom} : dates illisibles (format attendu AAAA-MM-JJ) : "
                    f"{_liste(serie[mauvais].unique())}"
                )
            resultat = resultat.astype("datetime64[ns]")
    else:  # INTEGER, REAL
        if pd.api.types.is_bool_dtype(serie.dtype):
            serie = serie.astype("int64")
        if not pd.api.types.is_numeric_dtype(serie.dtype):
            if not _types_texte(serie):
                raise ErreurDonnees(f"{nom} : type incorrect, nombre attendu, reçu {serie.dtype}")
            nombres = pd.to_numeric(serie, errors="coerce")
            mauvais = nombres.isna() & ~manquant
            if mauvais.any():
                raise ErreurDonnees(
                    f"{nom} : type incorrect, nombre attendu, valeurs reçues : "
                    f"{_liste(serie[mauvais].unique())}"
                )
            serie = nombres
        valeurs = serie.astype("float64")
        if col.type_sql == "REAL":
            resultat = valeurs
        else:
            pleins = valeurs[~manquant]
            non_entiers = pleins[(pleins != np.round(pleins)) | ~np.isfinite(pleins)]
            if len(non_entiers):
                raise ErreurDonnees(
                    f"{nom} : type incorrect, entier attendu, valeurs reçues : "
                    f"{_liste(non_entiers.unique())}"
                )
            resultat = serie.astype("Int64") if col.nullable else serie.astype("int64")
    if col.valeurs is not None:
        texte = resultat.dropna().astype(str)
        interdites = texte[~texte.isin(col.valeurs)]
        if len(interdites):
            raise ErreurDonnees(
                f"{nom} : valeurs non autorisées {_liste(repr(v) for v in interdites.unique())} ; "
                f"valeurs possibles : {', '.join(col.valeurs)}"
            )
    return resultat


def valider_dataframe(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Check ``df`` against the schema of ``table``; return a typed copy.

    Dates become ``datetime64``, nullable integers ``Int64``; extra columns
    are kept after the schema's columns. Raises :class:`ErreurDonnees`.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"categorie_id": ["1"], "nom_categorie": ["poeles"]})
    >>> [str(t) for t in valider_dataframe(df, "categories").dtypes]
    ['int64', 'str']
    >>> valider_dataframe(pd.DataFrame({"categorie_id": [1]}), "categories")
    Traceback (most recent call last):
    ...
    crmkit.data.loaders.ErreurDonnees: colonne 'nom_categorie' absente de la table 'categories' ; colonnes disponibles : categorie_id
    """
    _verifier_table(table)
    if not isinstance(df, pd.DataFrame):
        raise ErreurDonnees(
            f"un DataFrame est attendu pour la table '{table}', reçu {type(df).__name__}"
        )
    schema = SCHEMA[table]
    absentes = [c for c in schema if c not in df.columns]
    if absentes:
        pluriel = "s" if len(absentes) > 1 else ""
        raise ErreurDonnees(
            f"colonne{pluriel} {', '.join(repr(c) for c in absentes)} absente{pluriel} de la table "
            f"'{table}' ; colonnes disponibles : {', '.join(map(str, df.columns)) or 'aucune'}"
        )
    resultat = {nom: _convertir(df[nom], col, table) for nom, col in schema.items()}
    extra = {c: df[c] for c in df.columns if c not in schema}
    return pd.DataFrame({**resultat, **extra}, index=df.index)


def lire_csv(chemin: Path | str, table: str) -> pd.DataFrame:
    """Read and validate the CSV file of ``table``; never returns partial data.

    Detects a missing or empty file, a wrong header, rows with too many or too
    few fields, a file cut in the middle of a row, and (when ``manifest.json``
    sits in the parent folder) a row count different from the one generated.

    >>> from crmkit.data import dossier_donnees
    >>> len(lire_csv(dossier_donnees() / "csv" / "categories.csv", "categories"))
    8
    """
    _verifier_table(table)
    chemin = Path(chemin)
    if not chemin.is_file():
        raise ErreurDonnees(
            f"fichier manquant : {chemin} ; régénérez les données avec "
            "« python -m crmkit.data generate »"
        )
    brut = chemin.read_bytes()
    if not brut.strip():
        raise ErreurDonnees(f"fichier CSV vide : {chemin}")
    attendues = list(SCHEMA[table])
    entete = brut.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip().split(",")
    absentes = [c for c in attendues if c not in entete]
    if absentes:
        raise ErreurDonnees(
            f"{pluriel(len(absentes), 'colonne')} {', '.join(repr(c) for c in absentes)} "
            f"{pluriel(len(absentes), 'absente')} du fichier {chemin.name} "
            f"(table '{table}') ; colonnes disponibles : {', '.join(entete)}"
        )
    if not brut.endswith(b"\n"):
        raise ErreurDonnees(
            f"fichier CSV tronqué : {chemin.name} ne se termine pas par une fin de ligne "
            "(copie interrompue ?) ; régénérez les données"
        )
    try:
        lecteur = csv.reader(io.StringIO(brut.decode("utf-8"), newline=""), strict=True)
        entete = next(lecteur)
        lignes = []
        for ligne in lecteur:
            if len(ligne) != len(entete):
                manque = "champs manquants" if len(ligne) < len(entete) else "champs en trop"
                raise ErreurDonnees(
                    f"fichier CSV mal formé : {chemin.name}, {manque} à la ligne {lecteur.line_num} "
                    f"({len(ligne)} champs au lieu de {len(entete)})"
                )
            lignes.append(ligne)
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ErreurDonnees(f"fichier CSV mal formé : {chemin.name} ({exc})") from None
    df = pd.DataFrame(lignes, columns=entete, dtype=str)
    attendu = _lignes_manifeste(chemin.parent.parent, table)
    if attendu is not None and attendu != len(df):
        raise ErreurDonnees(
            f"fichier CSV tronqué : {chemin.name} contient {len(df)} lignes de données, "
            f"{attendu} attendues ; régénérez les données"
        )
    for nom, col in SCHEMA[table].items():
        if col.nullable:
            df[nom] = df[nom].where(df[nom] != "", None)
    return valider_dataframe(df, table)


def _lignes_manifeste(dossier: Path, table: str) -> int | None:
    chemin = dossier / FICHIER_MANIFESTE
    try:
        return int(json.loads(chemin.read_text(encoding="utf-8"))["lignes"][table])
    except (OSError, ValueError, KeyError, TypeError):
        return None


# --------------------------------------------------------------------------- SQLite


def valider_base(cnx: sqlite3.Connection) -> None:
    """Check that every table and column of the schema exists in the database.

    >>> import sqlite3
    >>> valider_base(sqlite3.connect(":memory:"))
    Traceback (most recent call last):
    ...
    crmkit.data.loaders.ErreurDonnees: table 'clients' absente de la base ; tables présentes : aucune
    """
    try:
        presentes = [
            r[0]
            for r in cnx.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        for table in TABLES:
            if table not in presentes:
                raise ErreurDonnees(
                    f"table '{table}' absente de la base ; tables présentes : "
                    f"{', '.join(presentes) or 'aucune'}"
                )
            infos = cnx.execute(f"PRAGMA table_info({table})").fetchall()
            types = {r[1]: r[2].upper() for r in infos}
            for nom, col in SCHEMA[table].items():
                if nom not in types:
                    raise ErreurDonnees(
                        f"colonne '{nom}' absente de la table '{table}' ; colonnes disponibles : "
                        f"{', '.join(types)}"
                    )
                attendu = "TEXT" if col.type_sql == "DATE" else col.type_sql
                if types[nom] != attendu:
                    raise ErreurDonnees(
                        f"colonne '{nom}' de la table '{table}' : type {types[nom] or 'non déclaré'}, "
                        f"{attendu} attendu"
                    )
    except sqlite3.DatabaseError as exc:
        raise ErreurDonnees(
            f"base SQLite illisible ou endommagée ({exc}) ; régénérez les données"
        ) from None


def _chemin_base(dossier: Path | str | None) -> Path:
    chemin = assurer_donnees(dossier) / FICHIER_SQLITE
    info = chemin.stat()
    cle = (str(chemin), info.st_mtime_ns, info.st_size)
    if cle not in _BASES_VALIDEES:
        cnx = sqlite3.connect(f"{chemin.as_uri()}?mode=ro", uri=True)
        try:
            valider_base(cnx)
        finally:
            cnx.close()
        _BASES_VALIDEES.add(cle)
    return chemin


def connexion(dossier: Path | str | None = None) -> sqlite3.Connection:
    """Open the Super Chef database read-only (generated first if missing).

    >>> import pandas as pd
    >>> cnx = connexion()
    >>> pd.read_sql("SELECT COUNT(*) AS n FROM categories", cnx)["n"].item()
    8
    >>> cnx.close()
    """
    chemin = _chemin_base(dossier)
    return sqlite3.connect(f"{chemin.as_uri()}?mode=ro", uri=True)


def tables(dossier: Path | str | None = None) -> list[str]:
    """Names of the Super Chef tables (after checking the database).

    >>> tables()[:3]
    ['clients', 'consentements', 'categories']
    """
    _chemin_base(dossier)
    return list(TABLES)


def charger(table: str, dossier: Path | str | None = None, source: str = "sqlite") -> pd.DataFrame:
    """Load a whole table as a typed DataFrame (dates parsed, nullable ints as ``Int64``).

    ``source="csv"`` reads ``csv/<table>.csv`` instead of the database.

    >>> charger("categories")["nom_categorie"].tolist()[:3]
    ['casseroles', 'poeles', 'couteaux']
    >>> charger("client")
    Traceback (most recent call last):
    ...
    crmkit.data.loaders.ErreurDonnees: table 'client' absente du jeu Super Chef ; tables disponibles : clients, consentements, categories, produits, commandes, lignes_commande, evenements_service, campagnes, contacts_campagne, evenements_email, temoins_campagne, fichier_loue
    """
    _verifier_table(table)
    if source == "csv":
        dossier = assurer_donnees(dossier)
        return lire_csv(dossier / DOSSIER_CSV / f"{table}.csv", table)
    if source != "sqlite":
        raise ErreurDonnees(f"source '{source}' inconnue : utilisez 'sqlite' ou 'csv'")
    chemin = _chemin_base(dossier)
    cnx = sqlite3.connect(f"{chemin.as_uri()}?mode=ro", uri=True)
    try:
        df = pd.read_sql_query(f"SELECT * FROM {table}", cnx)
    except sqlite3.DatabaseError as exc:
        raise ErreurDonnees(f"lecture impossible de la table '{table}' ({exc})") from None
    finally:
        cnx.close()
    return valider_dataframe(df, table)
