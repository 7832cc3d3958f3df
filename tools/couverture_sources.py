"""Coverage of the course's source documents: read, check and count ``docs/couverture_sources.toml``.

The inventory lists every item of the two source documents (the « Marketing direct »
TD sheet and « Cours de GRC » chapter 1) with the places where a course notebook
teaches it and the TD questions that exercise it. This module

- loads it and rejects a malformed entry with a French message (:func:`charger`);
- resolves every reference (:func:`renvois_casses`): a phrase or a heading must be
  found in the named course notebook after :func:`normaliser`, a question id must be
  declared in ``crmkit.exercices.<td_id>``; ``tests/test_project_couverture_sources.py``
  fails on any broken one;
- derives the status of each item (:func:`statut`): missing, taught, exercised with at
  least one auto-graded question, or exercised only by hand-graded ones (a question's
  kind is read from its declaration, ``Libre`` = hand-graded, never typed in the file);
- counts points, answers and reading load per TD (:func:`bilan_td`).

Run ``.venv/bin/python tools/couverture_sources.py`` to print the report.

>>> normaliser("« Tout  acheteur » : c’est **faux**") == normaliser('"Tout acheteur": c\\'est faux')
True
>>> normaliser("1\\u00a0€ et 3\\u202f%") == normaliser("1 € et 3 %")
True
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 (tomli is in the lock)
    import tomli as tomllib

RACINE = Path(__file__).resolve().parents[1]
INVENTAIRE = RACINE / "docs" / "couverture_sources.toml"

SOURCES = {
    "fiche_td": "fiche de TD « Marketing direct »",
    "cours_grc": "« Cours de GRC », chapitre 1",
}
GENRES = {"notion", "définition", "exemple", "technique", "question"}
CLES_ITEM = {"id", "source", "section", "genre", "libelle", "enseigne", "exerce", "note"}
MOTS_PAR_MINUTE = 150

MANQUANT, ENSEIGNE, EXERCE_AUTO, EXERCE_MAIN = "manquant", "enseigné", "exercé auto", "exercé main"

_QUESTION = re.compile(r"^(td\w+):(q\w+)$")
_MOT = re.compile(r"\w+(?:['’-]\w+)*")
_TITRE = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")
# Quotes, apostrophes and dashes folded to one ASCII form each.
_SIGNES = str.maketrans(
    {
        **dict.fromkeys("«»“”„‟", '"'),
        **dict.fromkeys("’‘‚‛ʼ`´", "'"),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        "*": None,
    }
)


def normaliser(texte: str) -> str:
    """Text reduced for matching: NFKC, case folded, quotes/apostrophes/dashes unified,
    markdown emphasis and every kind of space removed.

    >>> normaliser("Le **CRM social**") == normaliser("le crm social")
    True
    >>> normaliser("vente croisée") == normaliser("vente croisee")
    False
    """
    texte = unicodedata.normalize("NFKC", texte).casefold().translate(_SIGNES)
    return "".join(texte.split())


@dataclass(frozen=True)
class Lieu:
    """One place where an item is taught: a phrase or a heading of a course notebook."""

    notebook: str
    phrase: str = ""
    titre: str = ""

    def __str__(self) -> str:
        quoi = f"phrase « {self.phrase} »" if self.phrase else f"titre « {self.titre} »"
        return f"{self.notebook} ({quoi})"


@dataclass(frozen=True)
class Item:
    """One item of a source document (one ``[[item]]`` entry)."""

    id: str
    source: str
    section: str
    genre: str
    libelle: str
    enseigne: tuple[Lieu, ...] = ()
    exerce: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Inventaire:
    items: tuple[Item, ...]
    production: tuple[str, ...] = field(default=())


def _erreur(ou: str, quoi: str) -> ValueError:
    return ValueError(f"{ou} : {quoi}")


def _lieu(ou: str, brut: object) -> Lieu:
    exemple = '{ notebook = "course/01_….ipynb", phrase = "…" } ou { notebook = "…", titre = "…" }'
    if not isinstance(brut, dict):
        raise _erreur(ou, f"lieu {brut!r} ; attendu {exemple}")
    inconnues = set(brut) - {"notebook", "phrase", "titre"}
    if inconnues:
        raise _erreur(ou, f"clés inconnues {sorted(inconnues)} dans un lieu ; attendu {exemple}")
    notebook = brut.get("notebook", "")
    textes = [k for k in ("phrase", "titre") if str(brut.get(k, "")).strip()]
    if not notebook or len(textes) != 1:
        raise _erreur(
            ou, f"lieu sans notebook ou sans une (et une seule) phrase ou titre : {brut!r}"
        )
    if not re.fullmatch(r"course/[^/]+\.ipynb", notebook):
        raise _erreur(
            ou, f"notebook {notebook!r} : un lieu d'enseignement est un notebook de course/"
        )
    return Lieu(notebook, str(brut.get("phrase", "")), str(brut.get("titre", "")))


def _item(brut: dict) -> Item:
    ou = f"item {brut.get('id', '?')!r}"
    inconnues = set(brut) - CLES_ITEM
    if inconnues:
        raise _erreur(ou, f"clés inconnues {sorted(inconnues)} ; clés permises {sorted(CLES_ITEM)}")
    manque = sorted(CLES_ITEM - {"note"} - set(brut))
    if manque:
        raise _erreur(ou, f"clés absentes {manque}")
    if brut["source"] not in SOURCES:
        raise _erreur(ou, f"source {brut['source']!r} inconnue ; sources : {sorted(SOURCES)}")
    if brut["genre"] not in GENRES:
        raise _erreur(ou, f"genre {brut['genre']!r} inconnu ; genres : {sorted(GENRES)}")
    if not isinstance(brut["enseigne"], list) or not isinstance(brut["exerce"], list):
        raise _erreur(ou, "« enseigne » et « exerce » doivent être des listes (vides si rien)")
    for qid in brut["exerce"]:
        if not isinstance(qid, str) or not _QUESTION.match(qid):
            raise _erreur(ou, f"question {qid!r} ; attendu « td_id:qN »")
    return Item(
        id=brut["id"],
        source=brut["source"],
        section=brut["section"],
        genre=brut["genre"],
        libelle=brut["libelle"],
        enseigne=tuple(_lieu(ou, lieu) for lieu in brut["enseigne"]),
        exerce=tuple(brut["exerce"]),
        note=brut.get("note", ""),
    )


def lire(texte: str) -> Inventaire:
    """Parse the inventory's TOML text; a malformed entry raises ``ValueError`` (French).

    >>> inv = lire('''
    ... [production]
    ... questions = []
    ... [[item]]
    ... id = "x"
    ... source = "fiche_td"
    ... section = "TD1"
    ... genre = "notion"
    ... libelle = "X"
    ... enseigne = []
    ... exerce = ["td1_enjeux_crm:q1"]
    ... ''')
    >>> inv.items[0].exerce
    ('td1_enjeux_crm:q1',)
    >>> lire(texte='[[item]]\\nid = "y"\\nsource = "autre"')
    Traceback (most recent call last):
    ...
    ValueError: item 'y' : clés absentes ['enseigne', 'exerce', 'genre', 'libelle', 'section']
    """
    donnees = tomllib.loads(texte)
    items = tuple(_item(brut) for brut in donnees.get("item", []))
    ids = [i.id for i in items]
    doublons = sorted({i for i in ids if ids.count(i) > 1})
    if doublons:
        raise ValueError(f"identifiants d'items en double : {doublons}")
    production = donnees.get("production", {}).get("questions", [])
    for qid in production:
        if not isinstance(qid, str) or not _QUESTION.match(qid):
            raise _erreur("[production]", f"question {qid!r} ; attendu « td_id:qN »")
    return Inventaire(items, tuple(production))


def charger(chemin: Path = INVENTAIRE) -> Inventaire:
    """The inventory file, parsed and checked for shape (not for references)."""
    return lire(Path(chemin).read_text(encoding="utf-8"))


@functools.cache
def _textes(chemin: Path) -> tuple[str, tuple[str, ...]]:
    """(normalised prose of every markdown cell, normalised headings) of a notebook."""
    nb = nbformat.read(chemin, as_version=4)
    cellules = [c.source for c in nb.cells if c.cell_type == "markdown"]
    titres = tuple(
        normaliser(m.group(1))
        for source in cellules
        for ligne in source.splitlines()
        if (m := _TITRE.match(ligne))
    )
    return "\n".join(normaliser(s) for s in cellules), titres


def lieu_trouve(lieu: Lieu, racine: Path = RACINE) -> bool:
    """Whether ``lieu``'s phrase is in a markdown cell of its notebook (or its heading is one
    of the notebook's headings, numbering aside).
    """
    chemin = racine / lieu.notebook
    if not chemin.is_file():
        return False
    prose, titres = _textes(chemin)
    if lieu.phrase:
        return normaliser(lieu.phrase) in prose
    cherche = normaliser(lieu.titre)
    return any(re.sub(r"^[\d.]+", "", t) == re.sub(r"^[\d.]+", "", cherche) for t in titres)


def tds(racine: Path = RACINE) -> list[str]:
    """TD ids, from the source folders ``solutions/<td_id>/<td_id>.ipynb``."""
    return sorted(
        p.name for p in (racine / "solutions").iterdir() if (p / f"{p.name}.ipynb").is_file()
    )


@functools.cache
def declarations(td: str) -> dict:
    """Question id → declaration (``crmkit.exercices.<td>.QUESTIONS``)."""
    module = importlib.import_module(f"crmkit.exercices.{td}")
    return {q.qid: q for q in module.QUESTIONS.questions}


def question(ref: str):
    """The declaration behind ``"td_id:qN"``, or ``None`` when it does not exist."""
    td, qid = _QUESTION.match(ref).groups()
    try:
        return declarations(td).get(qid)
    except ModuleNotFoundError:
        return None


def renvois_casses(inventaire: Inventaire, racine: Path = RACINE) -> list[str]:
    """Every reference that does not resolve, one French message each (empty = all good)."""
    problemes = []
    for item in inventaire.items:
        for lieu in item.enseigne:
            if not lieu_trouve(lieu, racine):
                problemes.append(f"{item.id} : introuvable dans {lieu}")
        for ref in item.exerce:
            if question(ref) is None:
                problemes.append(f"{item.id} : question {ref} non déclarée")
        if item.exerce and not item.enseigne:
            problemes.append(
                f"{item.id} : exercé ({', '.join(item.exerce)}) mais enseigné nulle part"
            )
    for ref in inventaire.production:
        if question(ref) is None:
            problemes.append(f"[production] : question {ref} non déclarée")
    return problemes


def statut(item: Item) -> str:
    """``manquant``, ``enseigné`` (not exercised), ``exercé auto`` or ``exercé main`` (only hand-graded)."""
    if not item.enseigne:
        return MANQUANT
    if not item.exerce:
        return ENSEIGNE
    declarees = [question(ref) for ref in item.exerce]
    if None in declarees:
        inconnues = [r for r, q in zip(item.exerce, declarees, strict=True) if q is None]
        raise ValueError(f"{item.id} : questions non déclarées {inconnues}")
    if all(q.manuelle for q in declarees):
        return EXERCE_MAIN
    return EXERCE_AUTO


def comptes(items) -> dict[str, int]:
    """Total, taught, exercised (auto / hand-graded only) and missing counts of ``items``."""
    etats = [statut(i) for i in items]
    return {
        "total": len(etats),
        "enseignes": sum(e != MANQUANT for e in etats),
        "exerces": sum(e in (EXERCE_AUTO, EXERCE_MAIN) for e in etats),
        "exerces_auto": etats.count(EXERCE_AUTO),
        "exerces_main": etats.count(EXERCE_MAIN),
        "manquants": etats.count(MANQUANT),
    }


def nombre_de_mots(texte: str) -> int:
    """Words of a text (runs of letters or digits, « consom'acteur » is one).

    >>> nombre_de_mots("Le consom'acteur compare : 3 avis, 20 000 €.")
    7
    """
    return len(_MOT.findall(texte))


def bilan_td(td: str, production: tuple[str, ...] = (), racine: Path = RACINE) -> dict:
    """Points (total, auto, hand-graded, production, hand-graded production), answers and
    timing of a TD; ``production`` lists the ``"td_id:qN"`` of the production questions.
    """
    from crmkit.catalogue import fiche

    questions = declarations(td).values()
    prod = {ref.split(":", 1)[1] for ref in production if ref.startswith(f"{td}:")}
    eleve = racine / "exercises" / td / f"{td}.ipynb"
    nb = nbformat.read(eleve, as_version=4)
    reponses = [c.cell_type for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    mots = sum(nombre_de_mots(c.source) for c in nb.cells if c.cell_type == "markdown")
    return {
        "td": td,
        "points": sum(q.points for q in questions),
        "auto": sum(q.points for q in questions if not q.manuelle),
        "main": sum(q.points for q in questions if q.manuelle),
        "production": sum(q.points for q in questions if q.qid in prod),
        "production_main": sum(q.points for q in questions if q.manuelle and q.qid in prod),
        "reponses_code": reponses.count("code"),
        "reponses_ecrites": reponses.count("markdown"),
        "duree_minutes": fiche(eleve, racine).duree_minutes,
        "mots": mots,
        "lecture_minutes": mots / MOTS_PAR_MINUTE,
    }


def _pct(n: float, d: float) -> str:
    return f"{100 * n / d:.0f} %" if d else "–"


def rapport(inventaire: Inventaire, racine: Path = RACINE) -> str:
    """The printed report: coverage per source and in total, then the TDs' figures."""
    lignes = ["Couverture des sources (enseignés / exercés [auto, main seulement] / manquants)"]
    groupes = [(SOURCES[s], [i for i in inventaire.items if i.source == s]) for s in SOURCES]
    for nom, items in [*groupes, ("total", list(inventaire.items))]:
        c = comptes(items)
        lignes.append(
            f"  {nom:<36} {c['enseignes']:>3} / {c['exerces']:>3} "
            f"[{c['exerces_auto']} auto, {c['exerces_main']} main] / {c['manquants']:>2} "
            f"sur {c['total']}"
        )
    for titre, etat in (("Manquants", MANQUANT), ("Enseignés mais non exercés", ENSEIGNE)):
        lignes.append(f"{titre} :")
        lignes += [f"  - {i.id} : {i.libelle}" for i in inventaire.items if statut(i) == etat] or [
            "  (aucun)"
        ]
    lignes.append("Exercés seulement par des questions corrigées à la main :")
    lignes += [
        f"  - {i.id} ({', '.join(i.exerce)})" for i in inventaire.items if statut(i) == EXERCE_MAIN
    ] or ["  (aucun)"]

    bilans = [bilan_td(td, inventaire.production, racine) for td in tds(racine)]
    lignes.append("")
    lignes.append(
        f"{'TD':<20}{'points':>6}{'auto':>6}{'main':>6}{'prod (main)':>12}{'code':>6}{'écrit':>7}"
        f"{'durée':>10}  lecture (mots)"
    )
    for b in bilans:
        lignes.append(
            f"{b['td']:<20}{b['points']:>6g}{b['auto']:>6g}{b['main']:>6g}"
            f"{b['production']:>8g} ({b['production_main']:g})"
            f"{b['reponses_code']:>6}{b['reponses_ecrites']:>7}"
            f"{b['duree_minutes']:>6} min{b['lecture_minutes']:>6.0f} min ({b['mots']})"
        )
    cles = ("points", "auto", "main", "production", "production_main")
    total = {k: sum(b[k] for b in bilans) for k in cles}
    lignes.append(
        f"{'cours entier':<20}{total['points']:>6g}{total['auto']:>6g}{total['main']:>6g}"
        f"{total['production']:>8g} ({total['production_main']:g})"
    )
    lignes.append(
        f"Part des points : corrigés automatiquement {_pct(total['auto'], total['points'])}, "
        f"à la main {_pct(total['main'], total['points'])} ; production corrigée à la main "
        f"{_pct(total['production_main'], total['points'])} "
        f"(production en tout {_pct(total['production'], total['points'])})."
    )
    lignes.append(
        f"Lecture : mots des cellules de texte de la version étudiante ÷ {MOTS_PAR_MINUTE} mots/min ; "
        "durée : metadata.crmkit.duree_minutes."
    )
    return "\n".join(lignes)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    chemin = Path(argv[0]) if argv else INVENTAIRE
    inventaire = charger(chemin)
    casses = renvois_casses(inventaire)
    if casses:
        print("Renvois introuvables :\n  " + "\n  ".join(casses), file=sys.stderr)
        return 1
    print(rapport(inventaire))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
