"""tools/rafraichir_litteraux.py rewrites stale hidden numbers, and only those."""

from __future__ import annotations

import importlib.util

from notebook_files import REPO_ROOT

from crmkit.feedback import Choix, Nombre

_spec = importlib.util.spec_from_file_location(
    "rafraichir_litteraux", REPO_ROOT / "tools" / "rafraichir_litteraux.py"
)
outil = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(outil)

CELLULE = """verifier("q{n}", x)
### BEGIN HIDDEN TESTS
valider("q{n}", x, {litteral})
### END HIDDEN TESTS
"""


def _questions(**valeurs):
    qs = {qid: Nombre(qid, variable="x", attendu=v) for qid, v in valeurs.items()}
    qs["q9"] = Choix("q9", variable="x", options=("email", "sms"))
    return qs


def test_stale_number_is_rewritten_and_named():
    source, changes = outil._nouveau_source(
        CELLULE.format(n=1, litteral="40.0"), _questions(q1=41.37)
    )
    assert 'valider("q1", x, 41.37)' in source
    assert changes == ["q1 : 40.0 → 41.37"]
    # arithmetic spelled by hand is replaced by the value
    source, _ = outil._nouveau_source(CELLULE.format(n=1, litteral="420 / 14"), _questions(q1=31.5))
    assert 'valider("q1", x, 31.5)' in source
    # an integer stays an integer
    source, _ = outil._nouveau_source(CELLULE.format(n=1, litteral="12_500"), _questions(q1=13_000))
    assert 'valider("q1", x, 13000)' in source


def test_current_values_and_other_kinds_are_left_as_written():
    for litteral, valeur in (("12_500", 12_500), ("420 / 14", 30.0), ("0.1 + 0.2", 0.3)):
        cellule = CELLULE.format(n=1, litteral=litteral)
        assert outil._nouveau_source(cellule, _questions(q1=valeur)) == (cellule, [])
    choix = CELLULE.format(n=9, litteral='"email"')
    assert outil._nouveau_source(choix, _questions()) == (choix, [])
