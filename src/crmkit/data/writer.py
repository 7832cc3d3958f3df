"""Write generated blocks to SQLite and CSV, deterministically.

The writer receives each table block by block (numpy arrays keyed by column
name) and appends it to ``superchef.sqlite`` and ``csv/<table>.csv``. Same
rows in the same order give the same bytes: fixed page size, no journal, a
final ``VACUUM``, no timestamp anywhere, ``\\n`` line endings.

Encoding of missing values in the arrays: ``-1`` for nullable ``INTEGER``
and ``DATE`` (days since 2019-01-01), ``None`` for nullable ``TEXT``.

>>> import tempfile, pathlib, numpy as np
>>> from crmkit.data.writer import Ecrivain
>>> with tempfile.TemporaryDirectory() as d:
...     e = Ecrivain(pathlib.Path(d))
...     e.ajouter("categories", {"categorie_id": np.array([1]), "nom_categorie": np.array(["casseroles"], dtype=object)})
...     lignes = e.terminer()
...     (pathlib.Path(d) / "csv" / "categories.csv").read_text()
'categorie_id,nom_categorie\\n1,casseroles\\n'
>>> lignes["categories"]
1
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from .paths import DOSSIER_CSV, FICHIER_SQLITE
from .schema import SCHEMA, TABLES, ddl

__all__ = ["Ecrivain", "ORIGINE", "jours_en_texte"]

ORIGINE = np.datetime64("2019-01-01", "D")
_NB_JOURS_TABLE = 4000  # 2019-01-01 … 2029-12-13, enough for every generated date
_TEXTE_DATES = np.datetime_as_string(ORIGINE + np.arange(_NB_JOURS_TABLE), unit="D").astype(object)


def jours_en_texte(jours: np.ndarray) -> np.ndarray:
    """ISO dates for day numbers counted from 2019-01-01 (``-1`` gives ``None``).

    >>> jours_en_texte(np.array([0, 2556, -1])).tolist()
    ['2019-01-01', '2025-12-31', None]
    """
    jours = np.asarray(jours, dtype=np.int64)
    texte = _TEXTE_DATES[np.clip(jours, 0, _NB_JOURS_TABLE - 1)]
    return np.where(jours < 0, None, texte)


_VERSION_SQLITE_FIGEE = 3_040_001
_CENTIMES = np.array([f"{i:02d}" for i in range(100)], dtype=object)


def _centimes_en_texte(centimes: np.ndarray) -> np.ndarray:
    """Amounts in cents as ``"1234.50"`` text, vectorised (what ``%.2f`` would print).

    >>> _centimes_en_texte(np.array([123450, -5, 0])).tolist()
    ['1234.50', '-0.05', '0.00']
    """
    absolu = np.abs(centimes)
    signe = np.where(centimes < 0, "-", "").astype(object)
    return signe + (absolu // 100).astype(str).astype(object) + "." + _CENTIMES[absolu % 100]


class Ecrivain:
    """Append table blocks to ``dossier/superchef.sqlite`` and ``dossier/csv/``."""

    def __init__(self, dossier: Path) -> None:
        self.dossier = Path(dossier)
        (self.dossier / DOSSIER_CSV).mkdir(parents=True, exist_ok=True)
        chemin = self.dossier / FICHIER_SQLITE
        if chemin.exists():
            chemin.unlink()
        self.cnx = sqlite3.connect(chemin, isolation_level=None)
        self.cnx.execute("PRAGMA page_size = 4096")
        self.cnx.execute("PRAGMA journal_mode = OFF")
        self.cnx.execute("PRAGMA synchronous = OFF")
        self.cnx.execute("BEGIN")
        for table in TABLES:
            self.cnx.execute(ddl(table))
        self.lignes = dict.fromkeys(TABLES, 0)
        self._csv = {}
        for table in TABLES:
            f = open(self.dossier / DOSSIER_CSV / f"{table}.csv", "w", encoding="utf-8", newline="")
            f.write(",".join(SCHEMA[table]) + "\n")
            self._csv[table] = f

    def ajouter(self, table: str, colonnes: dict[str, np.ndarray]) -> None:
        """Append one block of rows (all columns, equal lengths) to ``table``."""
        schema = SCHEMA[table]
        manquantes = set(schema) ^ set(colonnes)
        if manquantes:
            raise ValueError(f"colonnes incohérentes pour {table} : {sorted(manquantes)}")
        n = {len(v) for v in colonnes.values()}
        if len(n) != 1:
            raise ValueError(f"colonnes de longueurs différentes pour {table}")
        if n.pop() == 0:
            return
        cadre, texte_csv = {}, {}
        for nom, col in schema.items():
            valeurs = np.asarray(colonnes[nom])
            if col.type_sql == "DATE":
                cadre[nom] = jours_en_texte(valeurs)
            elif col.type_sql == "REAL":
                centimes = np.rint(valeurs.astype(np.float64) * 100).astype(np.int64)
                cadre[nom] = centimes / 100
                texte_csv[nom] = _centimes_en_texte(centimes)
            elif col.type_sql == "INTEGER":
                valeurs = valeurs.astype(np.int64)
                if col.nullable:
                    cadre[nom] = pd.array(np.where(valeurs < 0, None, valeurs), dtype="Int64")
                else:
                    cadre[nom] = valeurs
            else:
                cadre[nom] = valeurs.astype(object)
        df = pd.DataFrame({**cadre, **texte_csv}, copy=False)
        df.to_csv(self._csv[table], index=False, header=False, lineterminator="\n")
        lignes = zip(*(self._en_python(cadre[nom]) for nom in schema), strict=True)
        marques = ", ".join("?" * len(schema))
        self.cnx.executemany(f"INSERT INTO {table} VALUES ({marques})", lignes)
        self.lignes[table] += len(df)

    @staticmethod
    def _en_python(valeurs) -> list:
        if isinstance(valeurs, pd.arrays.IntegerArray):
            return [None if v is pd.NA else int(v) for v in valeurs]
        return valeurs.tolist()

    def terminer(self) -> dict[str, int]:
        """Close the files, compact the database; return row counts per table."""
        for f in self._csv.values():
            f.close()
        self.cnx.execute("COMMIT")
        self.cnx.execute("VACUUM")
        self.cnx.close()
        # Offset 96 of the header only records which SQLite library last wrote the
        # file (informational): fix it so the bytes do not depend on the local library.
        with open(self.dossier / FICHIER_SQLITE, "r+b") as f:
            f.seek(96)
            f.write(_VERSION_SQLITE_FIGEE.to_bytes(4, "big"))
        return dict(self.lignes)
