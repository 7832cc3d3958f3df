"""Build the self-study web site of the course (``make site``).

One source, several outputs: the site is made from the very notebooks used in
class.

- every course notebook (``course/*.ipynb``) is executed on a copy and
  rendered to HTML with its outputs and figures;
- every TD is published in its **student** version (``exercises/<td>/``), not
  executed, with its self-check cells and a link to download the notebook;
  ``solutions/`` is never read, so no solution or hidden test can leak;
- an ``index.html`` lists the pages with their objectives.

The tool is nbconvert (Jupyter's own converter, maintained with JupyterLab),
which needs nothing beyond the course's dependencies.

>>> from crmkit.site import titre_notebook
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Bonjour\\ntexte")])
>>> titre_notebook(nb, "secours")
'Bonjour'
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Page:
    """One page of the site: where it comes from and where it goes."""

    section: str
    titre: str
    source: Path
    html: str
    objectifs: tuple[str, ...] = ()
    telechargement: str | None = None


def titre_notebook(nb: nbformat.NotebookNode, defaut: str) -> str:
    """Return the first level-1 (or any) Markdown heading of ``nb``, else ``defaut``.

    >>> import nbformat
    >>> titre_notebook(nbformat.v4.new_notebook(), "TD")
    'TD'
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            match = re.match(r"^#{1,2}\s+(.+?)\s*$", line)
            if match:
                return match.group(1)
    return defaut


def objectifs_notebook(nb: nbformat.NotebookNode, maximum: int = 5) -> tuple[str, ...]:
    """Return the bullet points that follow an "Objectifs" line in the first cells.

    >>> import nbformat
    >>> cell = nbformat.v4.new_markdown_cell("**Objectifs**\\n- lire\\n- calculer\\n\\nSuite")
    >>> objectifs_notebook(nbformat.v4.new_notebook(cells=[cell]))
    ('lire', 'calculer')
    """
    for cell in nb.cells[:3]:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.splitlines()
        for i, line in enumerate(lines):
            if "objectif" in line.lower():
                bullets = []
                for suite in lines[i + 1 :]:
                    suite = suite.strip()
                    if suite.startswith(("-", "*")):
                        bullets.append(suite.lstrip("-* ").strip())
                    elif bullets or (suite and not suite.startswith("#")):
                        break
                if bullets:
                    return tuple(bullets[:maximum])
    return ()


def _executer(nb: nbformat.NotebookNode, dossier: Path, timeout: int) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(dossier)}},
        store_widget_state=True,
    )
    client.execute()
    return nb


def _html(nb: nbformat.NotebookNode) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    return body


def pages_du_cours(racine: Path) -> list[Path]:
    """Course notebooks in course order.

    >>> [p.name for p in pages_du_cours(REPO_ROOT)][:1]
    ['00_demarrer.ipynb']
    """
    return sorted((racine / "course").glob("*.ipynb"))


def pages_des_td(racine: Path) -> list[Path]:
    """Student versions of the TDs (never the solutions), in course order.

    >>> all("solutions" not in p.parts for p in pages_des_td(REPO_ROOT))
    True
    """
    return sorted(
        p for p in (racine / "exercises").glob("*/*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


def construire_site(
    racine: Path = REPO_ROOT,
    sortie: Path | None = None,
    executer: bool = True,
    timeout: int = 600,
) -> list[Page]:
    """Build the site into ``sortie`` (default ``<racine>/_site``) and return its pages.

    ``executer=False`` renders the course notebooks without running them (quick
    structural builds for tests); the published site is always built executed.
    """
    racine = Path(racine)
    sortie = Path(sortie) if sortie else racine / "_site"
    if sortie.exists():
        shutil.rmtree(sortie)
    (sortie / "cours").mkdir(parents=True)
    (sortie / "td").mkdir(parents=True)

    pages: list[Page] = []
    for chemin in pages_du_cours(racine):
        nb = nbformat.read(chemin, as_version=4)
        if executer:
            print(f"Exécution de {chemin.relative_to(racine)} …", file=sys.stderr)
            nb = _executer(nb, chemin.parent, timeout)
        cible = sortie / "cours" / (chemin.stem + ".html")
        cible.write_text(_html(nb), encoding="utf-8")
        pages.append(
            Page(
                "Cours",
                titre_notebook(nb, chemin.stem),
                chemin,
                f"cours/{cible.name}",
                objectifs_notebook(nb),
            )
        )

    for chemin in pages_des_td(racine):
        nb = nbformat.read(chemin, as_version=4)
        td = chemin.parent.name
        cible = sortie / "td" / f"{td}.html"
        cible.write_text(_html(nb), encoding="utf-8")
        copie = sortie / "td" / chemin.name
        shutil.copyfile(chemin, copie)
        pages.append(
            Page(
                "Travaux dirigés (version étudiant)",
                titre_notebook(nb, td),
                chemin,
                f"td/{cible.name}",
                objectifs_notebook(nb),
                f"td/{copie.name}",
            )
        )

    (sortie / "index.html").write_text(_index(pages), encoding="utf-8")
    return pages


def _index(pages: list[Page]) -> str:
    sections: dict[str, list[Page]] = {}
    for page in pages:
        sections.setdefault(page.section, []).append(page)
    corps = []
    for section, liste in sections.items():
        corps.append(f"<h2>{html.escape(section)}</h2>\n<ol>")
        for page in liste:
            ligne = f'<li><a href="{page.html}">{html.escape(page.titre)}</a>'
            if page.telechargement:
                ligne += f' — <a href="{page.telechargement}" download>télécharger le notebook</a>'
            if page.objectifs:
                items = "".join(f"<li>{html.escape(o)}</li>" for o in page.objectifs)
                ligne += f"<ul class='objectifs'>{items}</ul>"
            corps.append(ligne + "</li>")
        corps.append("</ol>")
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GRC et marketing direct — cours en ligne</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }}
h1 {{ color: #0b4f8a; }} a {{ color: #0b4f8a; }} .objectifs {{ color: #555; font-size: 0.92em; }}
</style>
</head>
<body>
<h1>GRC et marketing direct</h1>
<p>Cours de gestion de la relation client et de marketing direct, avec les données de
l'enseigne fictive « Super Chef ». Les pages de cours sont exécutées ; les TD sont publiés
dans leur version étudiant, avec leurs auto-vérifications : téléchargez-les pour les faire
dans JupyterLab ou sur Binder.</p>
{os.linesep.join(corps)}
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m crmkit.site [--sortie DIR] [--sans-execution]``."""
    parser = argparse.ArgumentParser(description="Construit le site web du cours.")
    parser.add_argument("--racine", type=Path, default=REPO_ROOT)
    parser.add_argument("--sortie", type=Path, default=None)
    parser.add_argument("--sans-execution", action="store_true")
    args = parser.parse_args(argv)
    pages = construire_site(args.racine, args.sortie, executer=not args.sans_execution)
    sortie = args.sortie or args.racine / "_site"
    taille = sum(f.stat().st_size for f in Path(sortie).rglob("*") if f.is_file())
    print(f"Site construit dans {sortie} : {len(pages)} pages, {taille / 1e6:.1f} Mo.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
