"""Rewrite the numbers held by hidden tests after the data set changed.

A hidden test pins the expected value as a literal
(``valider("q7", marge_moyenne, 41.37)``) so that grading never depends on
the data the student's kernel sees. When the Super Chef generator changes,
those literals must follow; ``tests/test_notebooks_td_contract.py`` fails on
every stale one. This tool rewrites each ``Nombre`` literal whose
declaration now recomputes another value, leaves every other literal
untouched (a value equal to within 1e-12 keeps its spelling, ``12_500``),
and prints each change so the teacher can read it::

    .venv/bin/python tools/rafraichir_litteraux.py            # every TD
    .venv/bin/python tools/rafraichir_litteraux.py td1_enjeux_crm --dry-run

Figures quoted in prose are not rewritten: ``tests/test_notebooks_quoted_figures.py``
names them. Run ``tools/formater_notebooks.py`` and ``crmkit grading release``
afterwards as for any edit.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import math
import sys
from pathlib import Path

import nbformat

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE / "src"))

from crmkit import feedback as fb  # noqa: E402


def _nouveau_source(source: str, questions) -> tuple[str, list[str]]:
    """*source* of a test cell with stale ``Nombre`` literals rewritten, and the changes."""
    lignes = source.splitlines(keepends=True)
    remplacements = []
    for noeud in ast.walk(ast.parse(source)):
        if not (
            isinstance(noeud, ast.Call)
            and isinstance(noeud.func, ast.Name)
            and noeud.func.id == "valider"
            and len(noeud.args) == 3
            and isinstance(noeud.args[0], ast.Constant)
        ):
            continue
        q = questions.get(noeud.args[0].value)
        if not isinstance(q, fb.Nombre):
            continue
        arg = noeud.args[2]
        if arg.lineno != arg.end_lineno:
            continue
        # our own notebooks: a literal may be arithmetic (``420 / 14``)
        ancien = eval(compile(ast.Expression(arg), "<valider>", "eval"), {"__builtins__": {}})
        nouveau = float(q._attendu())
        if math.isclose(ancien, nouveau, rel_tol=1e-12, abs_tol=1e-12):
            continue
        texte = (
            repr(int(nouveau))
            if nouveau.is_integer() and isinstance(ancien, int)
            else repr(nouveau)
        )
        remplacements.append(
            (arg.lineno - 1, arg.col_offset, arg.end_col_offset, texte, q.qid, ancien)
        )
    changements = []
    for i, debut, fin, texte, qid, ancien in sorted(remplacements, reverse=True):
        ligne = lignes[i].encode()
        lignes[i] = (ligne[:debut] + texte.encode() + ligne[fin:]).decode()
        changements.append(f"{qid} : {ancien!r} → {texte}")
    return "".join(lignes), sorted(changements)


def rafraichir(td: str, ecrire: bool = True) -> list[str]:
    """Rewrite the stale literals of TD *td*'s source notebook; return the changes."""
    questions = importlib.import_module(f"crmkit.exercices.{td}").QUESTIONS
    par_id = {q.qid: q for q in questions.questions}
    chemin = RACINE / "solutions" / td / f"{td}.ipynb"
    nb = nbformat.read(chemin, as_version=4)
    tout = []
    for cellule in nb["cells"]:
        if (
            not cellule.get("metadata", {})
            .get("nbgrader", {})
            .get("grade_id", "")
            .endswith("_test")
        ):
            continue
        source = "".join(cellule["source"])
        nouveau, changements = _nouveau_source(source, par_id)
        if changements:
            cellule["source"] = nouveau
            tout += changements
    if tout and ecrire:
        nbformat.write(nb, chemin)
    return tout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("td", nargs="*", help="TD à traiter (par défaut : tous)")
    parser.add_argument("--dry-run", action="store_true", help="afficher sans écrire")
    args = parser.parse_args(argv)
    tds = args.td or sorted(p.name for p in (RACINE / "solutions").iterdir() if p.is_dir())
    for td in tds:
        for ligne in rafraichir(td, ecrire=not args.dry_run):
            print(f"{td} {ligne}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
