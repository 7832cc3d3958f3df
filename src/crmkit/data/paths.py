"""Locate the Super Chef data folder, wherever the notebook runs.

Resolution order (first match wins):

1. the ``CRMKIT_DATA`` environment variable (a folder; created if needed);
2. the repository checkout holding the package (``<repo>/data`` next to
   ``pyproject.toml``), which covers an editable install and any working
   directory inside the checkout (``course/``, ``exercises/<td>/``…);
3. a ``data/`` folder holding ``superchef.sqlite`` in the working directory
   or one of its parents (an exercise folder handed to a student);
4. a per-user cache folder (installed package, nothing found): the data are
   generated there on first use.

Rule 3 on an exercise folder handed to a student, away from any checkout:

>>> import tempfile
>>> from crmkit.data.paths import FICHIER_SQLITE, _dossier_local
>>> racine = Path(tempfile.mkdtemp())
>>> (racine / "data").mkdir(); (racine / "data" / FICHIER_SQLITE).touch()
>>> (racine / "exercises" / "td0").mkdir(parents=True)
>>> _dossier_local(racine / "exercises" / "td0") == racine / "data"
True
>>> _dossier_local(racine / "exercises" / "td0") == _dossier_local(racine)
True
>>> (racine / "data" / FICHIER_SQLITE).unlink(); _dossier_local(racine / "exercises") is None
True
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "VARIABLE_ENV",
    "FICHIER_SQLITE",
    "DOSSIER_CSV",
    "FICHIER_MANIFESTE",
    "dossier_donnees",
    "dossier_depot",
    "dossier_cache",
]

VARIABLE_ENV = "CRMKIT_DATA"
FICHIER_SQLITE = "superchef.sqlite"
DOSSIER_CSV = "csv"
FICHIER_MANIFESTE = "manifest.json"


def dossier_depot(depart: Path | None = None) -> Path | None:
    """``<repo>/data`` when the package lives in a repository checkout, else ``None``.

    >>> d = dossier_depot()
    >>> d is None or d.name == "data"
    True
    """
    ici = (depart or Path(__file__)).resolve()
    for parent in ici.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "src" / "crmkit").is_dir():
            return parent / "data"
    return None


def dossier_cache() -> Path:
    """Per-user cache folder used when no checkout and no local data exist.

    >>> dossier_cache().name
    'superchef'
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "crmkit" / "superchef"


def _dossier_local(depart: Path) -> Path | None:
    for dossier in (depart, *depart.parents):
        candidat = dossier / "data"
        if (candidat / FICHIER_SQLITE).is_file():
            return candidat
    return None


def dossier_donnees() -> Path:
    """The folder holding ``superchef.sqlite`` and ``csv/`` (may not exist yet).

    Use :func:`crmkit.data.charger` or :func:`crmkit.data.connexion` to read
    the data: they generate the files when they are missing.

    >>> import os
    >>> from crmkit.data.paths import dossier_donnees, VARIABLE_ENV
    >>> ancien = os.environ.get(VARIABLE_ENV)
    >>> os.environ[VARIABLE_ENV] = "/tmp/superchef-exemple"
    >>> str(dossier_donnees())
    '/tmp/superchef-exemple'
    >>> _ = os.environ.pop(VARIABLE_ENV) if ancien is None else os.environ.update({VARIABLE_ENV: ancien})
    """
    env = os.environ.get(VARIABLE_ENV)
    if env:
        return Path(env).expanduser().resolve()
    depot = dossier_depot()
    if depot is not None:
        return depot
    local = _dossier_local(Path.cwd().resolve())
    if local is not None:
        return local
    return dossier_cache()
