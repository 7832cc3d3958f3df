"""The self-study site (Sphinx + MyST-NB + sphinx-book-theme): every page, in reading order,
with its metadata box, download link and launch buttons, nothing fetched from the web, and
no solution, hidden test, rubric or teacher-only line anywhere (search index included)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest
from conftest import ENSEIGNANT_MARQUEUR

from crmkit.catalogue import catalogue, format_duree

SOLUTION_BLOCK = re.compile(
    r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END (SOLUTION|HIDDEN TESTS)", re.S
)
TEXT_SUFFIXES = {".html", ".ipynb", ".js", ".json", ".txt", ".md", ".inv", ".css"}
NBSP = "\u00a0"


def _public_text(repo_root: Path) -> str:
    """What the course and the student versions show anyway (a line found there is public)."""
    chemins = [*repo_root.glob("course/*.ipynb"), *repo_root.glob("exercises/*/*.ipynb")]
    return "\n".join(c.source for p in sorted(chemins) for c in nbformat.read(p, 4).cells)


def secret_lines(repo_root: Path, copie: Path | None = None) -> dict[str, str]:
    """Lines that exist only in instructor material: solution and hidden-test bodies, rubric
    cells, and every line of any ``enseignant/`` folder (of the repository, and of ``copie``,
    the site's build copy). Maps line -> where it comes from."""
    public = _public_text(repo_root)
    secrets: dict[str, str] = {}

    def add(line: str, where: str) -> None:
        line = line.strip()
        # Short or generic lines (``pass``, ``)``) prove nothing.
        if len(line) >= 16 and line not in public:
            secrets[line] = where

    for source in sorted((repo_root / "solutions").glob("*/*.ipynb")):
        for cell in nbformat.read(source, 4).cells:
            bodies = [m.group(2) for m in SOLUTION_BLOCK.finditer(cell.source)]
            if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "markdown":
                bodies.append(cell.source)
            for body in bodies:
                for line in body.splitlines():
                    add(line, source.name)
    for racine in {repo_root, copie or repo_root}:
        for _dossier, fichier in _teacher_files(racine):
            text = fichier.read_text(encoding="utf-8", errors="ignore")
            if fichier.suffix == ".ipynb":
                text = "\n".join(c.source for c in nbformat.reads(text, 4).cells)
            for line in text.splitlines():
                add(line, str(fichier.relative_to(racine)))
    return secrets


def _teacher_files(racine: Path):
    skip = {".venv", "node_modules", "_site", "_build", ".git"}
    for dossier in racine.rglob("enseignant"):
        if dossier.is_dir() and not skip & set(dossier.relative_to(racine).parts):
            for fichier in dossier.rglob("*"):
                if fichier.is_file():
                    yield dossier, fichier


def site_text(site: Path) -> str:
    """Every text file of the built site, HTML entities decoded, JS string escapes too."""
    texts = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES and "mathjax" not in path.parts:
            text = html.unescape(path.read_text(encoding="utf-8", errors="ignore"))
            texts.append(text.replace('\\"', '"').replace("\\n", "\n"))
    return "\n".join(texts)


def leaks(site: Path, secrets: dict[str, str]) -> list[str]:
    text = site_text(site)
    found = [f"{where}: {line}" for line, where in secrets.items() if line in text]
    found += [marker for marker in ("BEGIN SOLUTION", "HIDDEN TESTS") if marker in text]
    return found


@pytest.fixture(scope="module")
def site(built_site):
    return built_site


def _plain(text: str) -> str:
    """Text without tags, Markdown emphasis or typographic apostrophes."""
    return re.sub(r"<[^>]+>|[*_]", "", html.unescape(text)).replace("\u2019", "'")


def _page(sortie: Path, chemin: str) -> str:
    return (sortie / chemin.replace(".ipynb", ".html")).read_text(encoding="utf-8")


def test_every_notebook_has_a_page_in_reading_order(site, repo_root):
    racine, sortie = site
    fiches = catalogue(repo_root)
    assert len(fiches) == len(list(repo_root.glob("course/*.ipynb"))) + len(
        list(repo_root.glob("exercises/*/*.ipynb"))
    )
    index = (sortie / "index.html").read_text(encoding="utf-8")
    positions = [index.find(f'href="{f.chemin.replace(".ipynb", ".html")}"') for f in fiches]
    assert all(p > 0 for p in positions), [
        f.chemin for f, p in zip(fiches, positions, strict=True) if p < 0
    ]
    assert positions == sorted(positions), "the index lists the pages out of reading order"
    for fiche in fiches:
        # the index shows the duration and the objectives read from the metadata
        assert format_duree(fiche.duree_minutes, NBSP) in index
        assert _plain(fiche.objectifs[0])[:40] in _plain(index)
    # previous / next follow the same order, through the whole course
    for avant, apres in zip(fiches, fiches[1:], strict=False):
        page = _page(sortie, avant.chemin)
        suivant = re.search(r'<a class="right-next"\s+href="([^"]+)"', page)
        assert suivant, f"no next link on {avant.chemin}"
        cible = (sortie / avant.chemin).parent / suivant.group(1)
        assert cible.resolve() == (sortie / apres.chemin.replace(".ipynb", ".html")).resolve()
        assert 'class="left-prev"' in _page(sortie, apres.chemin)


def test_each_page_shows_its_metadata_download_and_launch_links(site, repo_root):
    racine, sortie = site
    for fiche in catalogue(repo_root):
        page = _page(sortie, fiche.chemin)
        boite = re.search(r'<div class="crmkit-fiche[^"]*">\s*<p>(.*?)</p>', page, re.S)
        assert boite, f"no metadata box on {fiche.chemin}"
        assert f"Chapitre {fiche.chapitre}" in boite.group(1)
        assert format_duree(fiche.duree_minutes, NBSP) in html.unescape(boite.group(1))
        assert ("version étudiant" in boite.group(1)) == (fiche.genre == "td")
        # download: the notebook itself, the student version for a TD
        depth = fiche.chemin.count("/")
        lien = "../" * depth + f"_sources/{fiche.chemin}"
        assert f'href="{lien}"' in page, f"no download link on {fiche.chemin}"
        assert (sortie / "_sources" / fiche.chemin).read_bytes() == (
            repo_root / fiche.chemin
        ).read_bytes()
        # launch: Binder and the course hub (nbgitpuller), on the notebook's own path
        assert re.search(rf"/v2/gh/[^\"]+\?urlpath=lab/tree/{re.escape(fiche.chemin)}", page)
        assert re.search(
            rf"/hub/user-redirect/git-pull\?repo=[^\"]+&(?:amp;)?urlpath=lab/tree/[^/]+/{re.escape(fiche.chemin)}",
            page,
        )


def test_executed_course_page_has_outputs(site, repo_root):
    _, sortie = site
    first = sorted(repo_root.glob("course/*.ipynb"))[0]
    page = (sortie / "course" / f"{first.stem}.html").read_text(encoding="utf-8")
    assert 'class="output' in page, "the executed course page shows no output"


def test_pages_load_nothing_from_the_web(site):
    """Scripts, styles, images and fonts are the site's own; MathJax is served from _static."""
    _, sortie = site
    assert (sortie / "_static" / "mathjax" / "tex-chtml.js").stat().st_size > 100_000
    assert list((sortie / "_static" / "mathjax" / "output" / "chtml" / "fonts").rglob("*.woff"))
    externes = []
    for page in sortie.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", text):
            if re.search(r"""(?:src|href)=["'](?:https?:)?//""", tag):
                externes.append(f"{page.relative_to(sortie)}: {tag}")
    assert not externes, "\n".join(externes[:10])
    formula_page = next(
        p for p in sortie.rglob("*.html") if 'class="math notranslate' in p.read_text()
    )
    assert "_static/mathjax/tex-chtml.js" in formula_page.read_text(encoding="utf-8")


def test_search_index_finds_stobachoff(site, repo_root):
    _, sortie = site
    index = (sortie / "searchindex.js").read_text(encoding="utf-8")
    assert re.search(r'"stobachoff":\s*\[?[\d,\s]+', index), "Stobachoff is not indexed"


def test_no_solution_hidden_test_rubric_or_teacher_line_reaches_the_site(site, repo_root):
    racine, sortie = site
    secrets = secret_lines(repo_root, racine)  # racine: the build copy, with enseignant/ folders
    assert any("solutions" not in w and "enseignant" in w for w in secrets.values())
    assert len([w for w in secrets.values() if w.endswith(".ipynb")]) > 20
    found = leaks(sortie, secrets)
    assert not found, "instructor lines found in the site:\n" + "\n".join(found[:10])
    assert ENSEIGNANT_MARQUEUR not in site_text(sortie)
    assert not list(sortie.rglob("*enseignant*")), "a teacher-only file was published"


def test_leak_check_catches_a_solution_in_a_page_and_in_the_search_index(site, repo_root, tmp_path):
    """The leak test must be able to fail: a solution line in a page, or in the search
    index (as Sphinx stores it: a JSON string), and the teacher marker, are all caught."""
    import shutil

    racine, sortie = site
    secrets = secret_lines(repo_root, racine)
    ligne = next(line for line, where in secrets.items() if where.endswith(".ipynb"))
    copie = tmp_path / "site"
    shutil.copytree(sortie, copie, ignore=shutil.ignore_patterns("mathjax"))
    index = copie / "searchindex.js"
    original = index.read_text(encoding="utf-8")
    index.write_text(original.replace('"titles"', f'"x": "{ligne!s}", "titles"', 1))
    assert f"{secrets[ligne]}: {ligne}" in leaks(copie, secrets)
    index.write_text(original)
    page = next(copie.rglob("td0_prise_en_main.html"))
    page.write_text(page.read_text() + f"<p>{html.escape(ENSEIGNANT_MARQUEUR)}</p>")
    assert any(ENSEIGNANT_MARQUEUR in f for f in leaks(copie, secrets))
