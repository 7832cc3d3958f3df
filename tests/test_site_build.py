"""The self-study site: it builds, lists every page, and leaks no solution."""

import html
import re
from pathlib import Path

import nbformat
import pytest

from crmkit.site import construire_site, pages_des_td, pages_du_cours

SOLUTION_BLOCK = re.compile(
    r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END (SOLUTION|HIDDEN TESTS)", re.S
)


def _secret_lines(repo_root: Path) -> dict[str, str]:
    """Lines that exist only in the instructor sources: solution and hidden-test bodies,
    and whole cells the release removes (rubrics). Maps line -> where it comes from."""
    secrets: dict[str, str] = {}
    # A line the course notebooks show anyway (e.g. ``SELECT DISTINCT c.client_id``) is public.
    course_text = "\n".join(
        c.source
        for nb in sorted((repo_root / "course").glob("*.ipynb"))
        for c in nbformat.read(nb, 4).cells
    )
    for source in sorted((repo_root / "solutions").glob("*/*.ipynb")):
        td = source.parent.name
        student = repo_root / "exercises" / td / source.name
        student_text = course_text
        if student.exists():
            student_text += "\n" + "\n".join(c.source for c in nbformat.read(student, 4).cells)
        for cell in nbformat.read(source, 4).cells:
            bodies = [m.group(2) for m in SOLUTION_BLOCK.finditer(cell.source)]
            if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "markdown":
                bodies.append(cell.source)
            for body in bodies:
                for line in body.splitlines():
                    line = line.strip()
                    # Short or generic lines (``pass``, ``)``) prove nothing.
                    if len(line) >= 16 and line not in student_text:
                        secrets[line] = f"{source.name}"
    return secrets


def _site_text(site: Path) -> str:
    texts = []
    for page in site.rglob("*"):
        if page.suffix in {".html", ".ipynb"}:
            texts.append(html.unescape(page.read_text(encoding="utf-8")))
    return "\n".join(texts)


@pytest.fixture(scope="module")
def site(repo_root, tmp_path_factory):
    sortie = tmp_path_factory.mktemp("site")
    pages = construire_site(repo_root, sortie, executer=False)
    return sortie, pages


def test_every_course_and_td_page_is_built_and_indexed(site, repo_root):
    sortie, pages = site
    index = (sortie / "index.html").read_text(encoding="utf-8")
    expected = len(pages_du_cours(repo_root)) + len(pages_des_td(repo_root))
    assert expected >= 2
    assert len(pages) == expected
    for page in pages:
        assert (sortie / page.html).stat().st_size > 1000
        assert f'href="{page.html}"' in index
        assert html.escape(page.titre) in index


def test_no_solution_or_hidden_test_reaches_the_site(site, repo_root):
    sortie, _ = site
    text = _site_text(sortie)
    assert "BEGIN SOLUTION" not in text
    assert "HIDDEN TESTS" not in text
    secrets = _secret_lines(repo_root)
    assert secrets, "the solutions should contain solution blocks to check against"
    leaked = [f"{where}: {line}" for line, where in secrets.items() if line in text]
    assert not leaked, "solution lines found in the site:\n" + "\n".join(leaked[:10])


def test_leak_check_catches_a_solution_page(site, repo_root, tmp_path):
    """The leak test must be able to fail: publish a solution and it is caught."""
    sortie, _ = site
    source = sorted((repo_root / "solutions").glob("*/*.ipynb"))[0]
    (sortie / "td" / "fuite.ipynb").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    try:
        text = _site_text(sortie)
        assert any(line in text for line in _secret_lines(repo_root))
    finally:
        (sortie / "td" / "fuite.ipynb").unlink()


def test_executed_course_page_has_outputs(repo_root, tmp_path):
    """A real (executed) build of the first course notebook shows its outputs."""
    racine = tmp_path / "repo"
    (racine / "course").mkdir(parents=True)
    (racine / "exercises").mkdir()
    first = pages_du_cours(repo_root)[0]
    (racine / "course" / first.name).write_bytes(first.read_bytes())
    construire_site(racine, tmp_path / "site", executer=True, timeout=300)
    page = (tmp_path / "site" / "cours" / (first.stem + ".html")).read_text(encoding="utf-8")
    assert "jp-OutputArea-output" in page
