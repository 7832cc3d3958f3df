"""One source of timing and objectives: each notebook's ``metadata.crmkit``.

The README lesson table, the « Durée estimée » line and the objectives of each notebook's
first cell must agree with it (the site reads the metadata directly).
"""

from __future__ import annotations

import re

import nbformat
import pytest
from notebook_files import REPO_ROOT, course_notebooks, exercise_notebooks, solution_notebooks

from crmkit.catalogue import catalogue, fiche, format_duree, lire_duree


def _id(chemin: str) -> str:
    """README id of a notebook: ``00_demarrer``, ``course/01_…`` or a TD id."""
    return chemin.split("/")[1] if chemin.startswith("exercises/") else chemin[:-6]


def readme_problems(readme: str, fiches) -> list[str]:
    """Where the README lesson table disagrees with the metadata (empty: it agrees)."""
    section = readme.split("<!-- SECTION:lessons -->")[1].split("<!-- /SECTION:lessons -->")[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    col = header.index("time")
    par_id = {_id(f.chemin): f for f in fiches}
    par_id.update({f.chemin[len("course/") : -6]: f for f in fiches if f.genre == "cours"})
    vus, problems = set(), []
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        ids = re.findall(r"`([^`]+)`", cells[0])
        inconnus = [i for i in ids if i not in par_id]
        if inconnus:
            problems.append(f"{cells[0]}: no notebook {inconnus}")
            continue
        rangee = {par_id[i].chemin for i in ids}
        vus |= rangee
        attendu = format_duree(sum(f.duree_minutes for f in fiches if f.chemin in rangee))
        if cells[col] != attendu:
            problems.append(f"{cells[0]}: README says {cells[col]!r}, metadata {attendu!r}")
    problems += [
        f"{f.chemin}: not in the README lesson table" for f in fiches if f.chemin not in vus
    ]
    return problems


def test_readme_lesson_table_matches_the_metadata():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    problems = readme_problems(readme, catalogue())
    assert not problems, "README lesson table vs metadata.crmkit:\n" + "\n".join(problems)


def test_readme_check_catches_a_wrong_time_and_a_missing_notebook():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    fiches = catalogue()
    td1 = next(line for line in readme.splitlines() if line.startswith("| `td1_enjeux_crm`"))
    cells = td1.split("|")
    wrong = readme.replace(td1, "|".join([*cells[:4], " 2 h ", *cells[5:]]))
    assert readme_problems(wrong, fiches) == [
        "`td1_enjeux_crm` + `course/01_enjeux_relation_client`: README says '2 h', metadata '4 h 20'"
    ]
    # the same time written another way is still wrong: the table uses format_duree's form
    other = readme.replace(td1, "|".join([*cells[:4], " 210 min ", *cells[5:]]))
    assert len(readme_problems(other, fiches)) == 1
    assert readme_problems(readme.replace(td1 + "\n", ""), fiches) == [
        "course/01_enjeux_relation_client.ipynb: not in the README lesson table",
        "exercises/td1_enjeux_crm/td1_enjeux_crm.ipynb: not in the README lesson table",
    ]


def _first_cell(chemin) -> str:
    return nbformat.read(chemin, 4).cells[0].source


@pytest.mark.parametrize(
    "chemin",
    course_notebooks() + solution_notebooks() + exercise_notebooks(),
    ids=lambda p: str(p.relative_to(REPO_ROOT)),
)
def test_first_cell_agrees_with_the_metadata(chemin):
    meta = nbformat.read(chemin, 4).metadata["crmkit"]
    texte = _first_cell(chemin)
    duree = re.search(r"\*\*Durée estimée\*\*\s*:\s*(.+)", texte)
    assert duree, "no « Durée estimée » line in the first cell"
    assert lire_duree(duree.group(1)) == meta["duree_minutes"], duree.group(0)
    puces = [m.strip().rstrip(" \u202f\xa0;.") for m in re.findall(r"^- (.+)$", texte, re.M)]
    assert puces == meta["objectifs"], "objectives in the first cell differ from the metadata"


def test_solution_and_student_versions_share_the_metadata():
    for source in solution_notebooks():
        eleve = REPO_ROOT / "exercises" / source.parent.name / source.name
        assert (
            nbformat.read(eleve, 4).metadata["crmkit"]
            == nbformat.read(source, 4).metadata["crmkit"]
        ), f"{eleve}: run `make exercises`"


def test_missing_or_bad_metadata_gives_a_french_error(tmp_path):
    chemin = tmp_path / "course" / "99_x.ipynb"
    chemin.parent.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# X")])
    nbformat.write(nb, chemin)
    with pytest.raises(ValueError, match="métadonnées « crmkit » absentes"):
        fiche(chemin, tmp_path)
    nb.metadata["crmkit"] = {"chapitre": 1, "duree_minutes": 0, "objectifs": ["lire"]}
    nbformat.write(nb, chemin)
    with pytest.raises(ValueError, match="durée invalide"):
        fiche(chemin, tmp_path)
    nb.metadata["crmkit"] = {"chapitre": 1, "duree_minutes": 60}
    nbformat.write(nb, chemin)
    with pytest.raises(ValueError, match=r"\['objectifs'\] absentes"):
        fiche(chemin, tmp_path)
