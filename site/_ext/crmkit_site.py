"""Sphinx extension of the course site: what Sphinx, MyST-NB and the book theme do not.

- the index lists the lessons from each notebook's ``metadata.crmkit`` (chapter, duration,
  objectives: ``crmkit.catalogue``) and holds the table of contents in reading order;
- each notebook page opens with a box giving its chapter and estimated duration, and, for a
  TD, that it is the student version;
- MathJax is served by the site: copied from the npm package ``site/node_modules/mathjax``
  (``make site`` runs ``npm ci``), never fetched from the web;
- the example publication values (``publication.toml``) give a warning.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging

from crmkit.catalogue import Fiche, catalogue, format_duree

LOGGER = logging.getLogger(__name__)
ICI = Path(__file__).resolve().parents[1]
RACINE = ICI.parent
MATHJAX = ICI / "node_modules" / "mathjax" / "es5"
# What tex-chtml.js loads at run time; the rest of the npm package is not needed.
MATHJAX_PARTS = ("tex-chtml.js", "a11y", "ui", "input/tex/extensions", "output/chtml/fonts")
NBSP = "\u00a0"
NNBSP = "\u202f"


def _fiches() -> dict[str, Fiche]:
    """docname (path without suffix) → catalogue entry."""
    return {f.chemin.removesuffix(".ipynb"): f for f in catalogue(RACINE)}


def sommaire(fiches: list[Fiche]) -> str:
    """The generated part of the index (MyST Markdown): lessons, then the hidden toctree."""
    lignes = ["", "## Les leçons", ""]
    chapitre = None
    for f in fiches:
        if f.chapitre != chapitre:
            chapitre = f.chapitre
            total = sum(g.duree_minutes for g in fiches if g.chapitre == chapitre)
            nom = "Pour commencer" if chapitre == 0 else f"Chapitre {chapitre}"
            lignes += ["", f"### {nom} ({format_duree(total, NBSP)})", ""]
        genre = "cours" if f.genre == "cours" else "TD, version étudiant"
        page = f.chemin.removesuffix(".ipynb")
        lien = f"{{doc}}`{f.titre} </{page}>`"
        lignes.append(f"- {lien} — {genre}, {format_duree(f.duree_minutes, NBSP)}")
        lignes += [f"  - {objectif}" for objectif in f.objectifs]
    lignes += ["", "```{toctree}", ":hidden:", ":caption: Cours et TD", ""]
    lignes += [f.chemin.removesuffix(".ipynb") for f in fiches]
    lignes += ["```", ""]
    return "\n".join(lignes)


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname == app.config.root_doc:
        source[0] += sommaire(list(app.env.crmkit_fiches.values()))


def _doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    fiche = app.env.crmkit_fiches.get(app.env.docname)
    if fiche is None:
        return
    duree = format_duree(fiche.duree_minutes, NBSP)
    texte = f"Chapitre {fiche.chapitre}{NBSP}· durée estimée{NNBSP}: {duree}"
    if fiche.genre == "td":
        texte += (
            f"{NBSP}· version étudiant{NNBSP}: téléchargez le notebook ou lancez-le "
            "pour répondre et faire vérifier vos réponses"
        )
    boite = nodes.container(classes=["crmkit-fiche"])
    boite += nodes.paragraph(text=texte)
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        doctree.insert(0, boite)
    else:
        titre = next(iter(section.findall(nodes.title)), None)
        section.insert(section.index(titre) + 1 if titre is not None else 0, boite)


def _builder_inited(app: Sphinx) -> None:
    app.env.crmkit_fiches = _fiches()
    if not (MATHJAX / "tex-chtml.js").exists():
        raise ConfigError(
            f"MathJax absent ({MATHJAX}) : lancez `make site` (ou `npm ci --prefix site`), "
            "qui l'installe depuis le registre npm."
        )
    if "exemple" in app.config.html_theme_options["repository_url"] + str(
        app.config.html_theme_options["launch_buttons"]
    ):
        LOGGER.warning(
            "publication.toml holds example URLs: set the course repository and hub there "
            "(or CRMKIT_DEPOT / CRMKIT_HUB) before publishing"
        )


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    cible = Path(app.outdir) / "_static" / "mathjax"
    if cible.exists():
        shutil.rmtree(cible)
    for partie in MATHJAX_PARTS:
        source = MATHJAX / partie
        if source.is_dir():
            shutil.copytree(source, cible / partie)
        else:
            cible.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, cible / partie)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _builder_inited)
    app.connect("source-read", _source_read)
    app.connect("doctree-read", _doctree_read)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
