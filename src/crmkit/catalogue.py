"""The course catalogue: each notebook's chapter, duration and objectives, from its metadata.

Every course notebook and every TD carries ``metadata.crmkit``::

    {"chapitre": 1, "duree_minutes": 120, "objectifs": ["…", "…"]}

It is the one source of timing: the site (``make site``) shows it on the index and on
each page, and ``tests/test_project_lessons.py`` checks the README lesson table and the
« Durée estimée » line of each notebook against it.

>>> format_duree(210)
'3 h 30'
>>> format_duree(45)
'45 min'
>>> [f"{f.chapitre} {f.genre} {f.chemin}" for f in catalogue()][:3]
['0 cours course/00_demarrer.ipynb', '0 td exercises/td0_prise_en_main/td0_prise_en_main.ipynb', '1 cours course/01_enjeux_relation_client.ipynb']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

REPO_ROOT = Path(__file__).resolve().parents[2]
CLE = "crmkit"
# Folders never published: teacher-only material and Jupyter's autosaves.
PRIVES = {"enseignant", ".ipynb_checkpoints"}


@dataclass(frozen=True)
class Fiche:
    """What the catalogue knows about one notebook (``chemin`` relative to the repository)."""

    chemin: str
    genre: str  # "cours" or "td"
    titre: str
    chapitre: int
    duree_minutes: int
    objectifs: tuple[str, ...]


def format_duree(minutes: int, espace: str = " ") -> str:
    """French duration: ``'2 h'``, ``'1 h 30'``, ``'45 min'`` (``espace`` between the parts).

    >>> format_duree(120), format_duree(90, espace="\\u00a0")
    ('2 h', '1\\xa0h\\xa030')
    """
    if minutes <= 0:
        raise ValueError(f"durée invalide : {minutes} min ; attendu un entier positif")
    heures, reste = divmod(minutes, 60)
    if not heures:
        return f"{reste}{espace}min"
    return f"{heures}{espace}h" + (f"{espace}{reste:02d}" if reste else "")


def lire_duree(texte: str) -> int | None:
    """Minutes of the first duration written in ``texte`` (the upper bound of a range).

    >>> [lire_duree(t) for t in ("2 h 30.", "2 heures, exercices compris", "30 à 45 minutes")]
    [150, 120, 45]
    >>> lire_duree("2 h (lecture 1 h 15, exercices 45 min)"), lire_duree("bientôt")
    (120, None)
    """
    m = re.search(r"(\d+)\s*(?:h|heures?)\b(?:\s*(\d{2})\b)?", texte)
    minutes = re.search(r"(?:\d+\s*à\s*)?(\d+)\s*min", texte)
    if m and (not minutes or m.start() < minutes.start()):
        return int(m.group(1)) * 60 + int(m.group(2) or 0)
    return int(minutes.group(1)) if minutes else None


def titre(nb: nbformat.NotebookNode, defaut: str) -> str:
    """The first Markdown heading of ``nb``, else ``defaut``.

    >>> titre(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Bonjour")]), "x")
    'Bonjour'
    """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                m = re.match(r"^#{1,2}\s+(.+?)\s*$", line)
                if m:
                    return m.group(1)
    return defaut


def fiche(chemin: Path, racine: Path = REPO_ROOT) -> Fiche:
    """Read one notebook's ``metadata.crmkit``; a clear French error says what is missing."""
    nb = nbformat.read(chemin, as_version=4)
    relatif = Path(chemin).resolve().relative_to(Path(racine).resolve()).as_posix()
    meta = nb.metadata.get(CLE)
    attendu = '{"chapitre": 1, "duree_minutes": 120, "objectifs": ["…"]}'
    if not isinstance(meta, dict):
        raise ValueError(f"{relatif} : métadonnées « {CLE} » absentes ; attendu {attendu}")
    manque = [k for k in ("chapitre", "duree_minutes", "objectifs") if k not in meta]
    if manque:
        raise ValueError(
            f"{relatif} : clés {manque} absentes de metadata.{CLE} ; attendu {attendu}"
        )
    objectifs = meta["objectifs"]
    if not (
        isinstance(objectifs, list) and objectifs and all(isinstance(o, str) for o in objectifs)
    ):
        raise ValueError(f"{relatif} : metadata.{CLE}.objectifs doit être une liste de phrases")
    format_duree(int(meta["duree_minutes"]))  # rejects 0 and negative durations
    genre = "td" if relatif.startswith("exercises/") else "cours"
    return Fiche(
        relatif,
        genre,
        titre(nb, Path(chemin).stem),
        int(meta["chapitre"]),
        int(meta["duree_minutes"]),
        tuple(objectifs),
    )


def notebooks(racine: Path = REPO_ROOT) -> list[Path]:
    """Course notebooks and student TDs, as the site publishes them: never ``solutions/``,
    nor anything in a teacher-only ``enseignant/`` folder.

    >>> any("enseignant" in p.parts for p in notebooks())
    False
    """
    racine = Path(racine)
    chemins = [*racine.glob("course/*.ipynb"), *racine.glob("exercises/*/*.ipynb")]
    return sorted(p for p in chemins if not PRIVES & set(p.relative_to(racine).parts))


def catalogue(racine: Path = REPO_ROOT) -> list[Fiche]:
    """Every published notebook in reading order: by chapter, the course before its TD."""
    fiches = [fiche(p, racine) for p in notebooks(racine)]
    return sorted(fiches, key=lambda f: (f.chapitre, f.genre != "cours", f.chemin))
