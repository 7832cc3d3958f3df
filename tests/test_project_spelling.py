"""French spell check (hunspell fr_FR) of the markdown cells of course and TD notebooks.

Code spans and blocks, URLs, LaTeX, HTML tags and link targets are removed
first. Words the dictionary does not know but the course uses (names,
acronyms, English marketing terms) go in ``tests/spelling/mots_projet.txt``
(one per line, sorted; append, never rewrite).
"""

import re
import shutil
import subprocess

import nbformat
import pytest
from notebook_files import (
    REPO_ROOT,
    course_notebooks,
    relative,
    solution_notebooks,
    teacher_notebooks,
)

WORD_LIST = REPO_ROOT / "tests" / "spelling" / "mots_projet.txt"
NOTEBOOKS = course_notebooks() + solution_notebooks() + teacher_notebooks()

pytestmark = pytest.mark.skipif(
    shutil.which("hunspell") is None, reason="hunspell absent (make test l'installe)"
)

_STRIP = [
    re.compile(r"^\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS|MARK SCHEME)\s*$", re.M),  # nbgrader
    re.compile(r"<kbd>.*?</kbd>", re.S),  # keys and menu labels of the (English) interface
    re.compile(r"```.*?```", re.S),  # fenced code
    re.compile(r"`[^`]*`"),  # inline code
    re.compile(r"\$\$.*?\$\$", re.S),  # display maths
    re.compile(r"\$[^$\n]*\$"),  # inline maths
    re.compile(r"<!--.*?-->", re.S),  # HTML comments
    re.compile(r"<[^>]+>"),  # HTML tags
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"https?://\S+|www\.\S+"),  # bare URLs
    re.compile(r"\S+@\S+\.\w+"),  # e-mail addresses
    re.compile(r"^ {4,}.*$", re.M),  # indented code
]


def prose(markdown: str) -> str:
    """Markdown reduced to the prose hunspell should check."""
    for pattern in _STRIP:
        markdown = pattern.sub(" ", markdown)
    markdown = markdown.replace("’", "'")
    return re.sub(r"[*_#>|~\[\]]", " ", markdown)


def project_words() -> set[str]:
    lines = WORD_LIST.read_text(encoding="utf-8").splitlines()
    return {w.strip() for w in lines if w.strip() and not w.startswith("#")}


_LETTRES = "A-Za-zÀ-ÖØ-öø-ÿŒœÆæ"
_MOT = re.compile(rf"(?<![0-9{_LETTRES}])[{_LETTRES}]+(?:['-][{_LETTRES}]+)*")
_ELISION = re.compile(r"^(?:[lLdDnNsScCjJmMtT]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu)'", re.I)


def _connu(word: str, known: set[str], lower: set[str]) -> bool:
    for candidate in (word, _ELISION.sub("", word)):
        if candidate in known or candidate.lower() in lower:
            return True
    return False


def misspelled(text: str, known: set[str]) -> list[str]:
    """Words hunspell fr_FR rejects, minus the project list (case-insensitive fallback)."""
    lower = {w.lower() for w in known}
    words = []
    for word in _MOT.findall(text):
        if not _connu(word, known, lower) and word not in words:
            words.append(word)
    if not words:
        return []
    proc = subprocess.run(
        ["hunspell", "-d", "fr_FR", "-l", "-i", "utf-8"],
        input="\n".join(words) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    rejected = set(proc.stdout.split())
    return [w for w in words if w in rejected]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[relative(p) for p in NOTEBOOKS])
def test_markdown_is_spelled_correctly(notebook):
    known = project_words()
    nb = nbformat.read(notebook, as_version=4)
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        words = misspelled(prose(cell.source), known)
        if words:
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            where = f"cellule {index}" + (f" ({gid})" if gid else "")
            problems.append(f"{relative(notebook)}, {where} : {', '.join(words)}")
    assert not problems, (
        "mots inconnus de hunspell fr_FR (corrigez-les, ou ajoutez-les à "
        "tests/spelling/mots_projet.txt) :\n" + "\n".join(problems)
    )


def test_checker_flags_typos_and_ignores_code_and_maths():
    text = prose(
        "Le **taux de réponse** se calcule `taux_reponse = n / N`, soit $\\frac{r}{c}$ "
        "([lien](https://exemple.fr/page_x)). Une erreure ici, l'opt-in.\n\n"
        "```python\nvariabl_e = 1\n```\n### BEGIN SOLUTION\n<kbd>Run All</kbd> --- 3 €"
    )
    assert misspelled(text, set()) == ["erreure", "l'opt-in"]
    assert misspelled(text, {"opt-in"}) == ["erreure"]
    assert misspelled("Le 1er et le 2e.", set()) == []
    assert misspelled("Un notebook Jupyter.", {"notebook", "Jupyter"}) == []


def test_word_list_is_sorted_and_unique():
    lines = [w for w in WORD_LIST.read_text(encoding="utf-8").splitlines() if w.strip()]
    assert len(lines) == len(set(lines)), "doublons dans mots_projet.txt"
