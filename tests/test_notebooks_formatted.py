"""Every source notebook is already formatted by tools/formater_notebooks.py (one formatter)."""

import doctest
import importlib.util
import json
import shutil

import nbformat
import pytest
from notebook_files import REPO_ROOT

_SPEC = importlib.util.spec_from_file_location(
    "formater_notebooks", REPO_ROOT / "tools" / "formater_notebooks.py"
)
formateur = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(formateur)


def test_every_source_notebook_is_formatted():
    chemins = formateur.notebooks_sources()
    assert {p.parent.name for p in chemins} >= {"course", "td0_prise_en_main", "td2_fidelisation"}
    restants = [str(p.relative_to(REPO_ROOT)) for p in formateur.non_formates(chemins)]
    assert not restants, (
        f"notebooks à formater : {restants} ; lancez .venv/bin/python tools/formater_notebooks.py"
    )


def test_formatter_doctest():
    assert doctest.testmod(formateur).failed == 0


@pytest.fixture
def brouillon(tmp_path, monkeypatch):
    """A copy of the td0 source with outputs, a duplicate id, a bad id and ugly code."""
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    monkeypatch.setattr(formateur, "RACINE", tmp_path)
    chemin = tmp_path / "td0.ipynb"
    nb = nbformat.read(REPO_ROOT / "solutions/td0_prise_en_main/td0_prise_en_main.ipynb", 4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    code[0].outputs = [nbformat.v4.new_output("stream", text="{'courrier': 1.0}")]
    code[0].execution_count = 3
    code[1].id = code[0].id
    code[2].id = "pas valide !"
    code[3].source = "nb_appels=2_000\ncout_appels = nb_appels*COUTS_CONTACT['telephone']"
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    chemin.write_text(json.dumps(nb), encoding="utf-8")  # nbformat.write would repair the ids
    return chemin


def test_formatter_fixes_and_is_idempotent(brouillon):
    assert formateur.non_formates([brouillon]) == [brouillon]  # seen failing
    assert formateur.main(["--check", str(brouillon)]) == 1
    assert formateur.formater([brouillon]) == [brouillon]
    nb = nbformat.read(brouillon, 4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].outputs == [] and code[0].execution_count is None
    ids = [c.id for c in nb.cells]
    assert len(set(ids)) == len(ids) and "td0-00" in ids
    assert 'COUTS_CONTACT["telephone"]' in code[3].source
    assert nb.metadata["language_info"] == {"name": "python"}
    avant = brouillon.read_bytes()
    assert formateur.formater([brouillon]) == []  # idempotent
    assert brouillon.read_bytes() == avant
    assert formateur.main(["--check", str(brouillon)]) == 0
