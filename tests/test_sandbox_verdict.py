"""The verdict process: test cells run on plain values, hidden tests never shown, one worker reused."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from crmkit.grading import sandbox
from crmkit.grading.executor import verdict_command
from crmkit.grading.jugement import Tests, sortie
from crmkit.grading.masquage import MESSAGE_ECHEC_CACHE
from crmkit.grading.valeurs_noyau import exporter
from crmkit.grading.verdict import (
    VerdictIndisponible,
    Verdicts,
    juger_cellule,
    noms_fournis,
    noms_lus,
    prelude,
)

TD0 = "from crmkit.exercices.td0_prise_en_main import indice, verifier"
CELL = (
    'verifier("q1", cout_mailing)\n'
    "### BEGIN HIDDEN TESTS\n"
    "print('attendu : 12500')\n"
    "assert abs(cout_mailing - 12_500) <= 0.01\n"
    "### END HIDDEN TESTS"
)


def _types(sorties):
    return [s["output_type"] for s in sorties]


def test_right_answer_prints_the_check_only():
    sorties = juger_cellule(TD0, CELL, {"cout_mailing": 12_500.0})
    assert _types(sorties) == ["stream"]
    assert sorties[0]["text"].startswith("✅ q1")
    assert "12500" not in json.dumps(sorties)  # what hidden lines print is dropped


def test_visible_failure_shows_the_french_check():
    sorties = juger_cellule(TD0, CELL, {"cout_mailing": 3.0})
    err = sorties[-1]
    assert err["ename"] == "ReponseAVerifier" and err["traceback"][0].startswith("❌ q1")
    assert "cache" not in err


def test_hidden_failure_hides_everything():
    # the visible check accepts, the hidden test refuses: only "cache" comes back
    source = CELL.replace("12_500) <= 0.01", "12_501) <= 0.01")
    sorties = juger_cellule(TD0, source, {"cout_mailing": 12_500.0})
    assert sorties[-1] == {"output_type": "error", "ename": "AssertionError", "cache": True}
    shown = sortie(sorties[-1])
    assert shown.traceback == [MESSAGE_ECHEC_CACHE] and "12_501" not in json.dumps(shown)


def test_missing_answer_is_a_name_error_like_nbgrader():
    sorties = juger_cellule(TD0, CELL, {})
    assert sorties[-1]["traceback"] == ["NameError: name 'cout_mailing' is not defined"]


def test_last_visible_expression_is_shown():
    assert juger_cellule("", "x + 1", {"x": 1})[-1]["data"] == {"text/plain": "2"}


def test_names_read_by_a_cell():
    fournis = noms_fournis(prelude(["import pandas as pd\n" + TD0 + "\nbase = 1"]))
    assert fournis == {"pd", "indice", "verifier"}
    source = (
        "verifier('q9', cout_par_reponse)\n### BEGIN HIDDEN TESTS\n"
        "import sqlite3 as _s\n_rep = dict(cout_par_reponse)\n"
        "assert set(_rep) == {k for k in pd.Series(offres).index} and len(base) > 0\n"
        "### END HIDDEN TESTS"
    )
    assert noms_lus(source, fournis) == ["base", "cout_par_reponse", "offres"]
    assert Tests({"t": source}, "", fournis).noms("t") == ["base", "cout_par_reponse", "offres"]


def _command(use_sandbox: bool):
    return lambda: verdict_command(
        use_sandbox=use_sandbox,
        readonly=sandbox.python_readonly_paths(),
        data_dir=None,
        memory_mb=1024,
    )


def _request(source=CELL, **values):
    contenu = exporter(values, sorted(values)).contenu
    demande = {
        "prelude": TD0,
        "source": source,
        "debut": "### BEGIN HIDDEN TESTS",
        "fin": "### END HIDDEN TESTS",
    }
    return demande, json.dumps(contenu).encode()


@pytest.mark.parametrize(
    "use_sandbox",
    [False, pytest.param(True, marks=pytest.mark.skipif(sandbox._bwrap() is None, reason="bwrap"))],
)
def test_worker_is_reused_restarted_and_closed(use_sandbox):
    pool = Verdicts(_command(use_sandbox))
    verdict = pool.du_fil()
    assert pool.du_fil() is verdict
    try:
        ok = verdict.juger(*_request(cout_mailing=12_500.0), delai=60)
        assert ok["sorties"][0]["text"].startswith("✅ q1")
        pid = verdict._proc.pid
        bad = verdict.juger(*_request(cout_mailing=1.0), delai=60)
        assert bad["sorties"][-1]["ename"] == "ReponseAVerifier"
        assert verdict._proc.pid == pid  # one process for every cell
        # a test that never ends: the worker is killed, the next cell gets a fresh one
        with pytest.raises(VerdictIndisponible):
            verdict.juger(*_request("while True:\n    pass", x=1), delai=2)
        assert verdict._proc is None
        again = verdict.juger(*_request(cout_mailing=12_500.0), delai=60)
        assert again["sorties"][0]["text"].startswith("✅ q1")
        pid = verdict._proc.pid
    finally:
        pool.fermer()
    time.sleep(0.2)
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text()


@pytest.mark.skipif(sandbox._bwrap() is None or sys.platform != "linux", reason="bwrap")
def test_sandboxed_worker_sees_no_submission_no_network(tmp_path):
    secret = tmp_path / "copie_etudiant.ipynb"
    secret.write_text("secret")
    source = (
        "import os, socket\n"
        f"print(os.path.exists({str(secret)!r}), os.path.exists({str(tmp_path)!r}))\n"
        "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=2); print('réseau')\n"
        "except OSError:\n    print('pas de réseau')\n"
        "try:\n    open(os.path.join(os.path.dirname(os.__file__), 'x'), 'w'); print('écrit')\n"
        "except OSError:\n    print('lecture seule')\n"
    )
    pool = Verdicts(_command(True))
    try:
        out = pool.du_fil().juger(*_request(source, x=1), delai=60)
    finally:
        pool.fermer()
    text = out["sorties"][0]["text"]
    assert text.split("\n")[:3] == ["False False", "pas de réseau", "lecture seule"], text
    assert os.path.exists(secret)


def test_french_check_failing_in_the_hidden_block_is_hidden_too():
    # valider() raises ReponseAVerifier like verifier(): inside the hidden block it is masked
    source = (
        'verifier("q1", cout_mailing)\n### BEGIN HIDDEN TESTS\n'
        'verifier("q1", cout_mailing * 2)\n### END HIDDEN TESTS'
    )
    sorties = juger_cellule(TD0, source, {"cout_mailing": 12_500.0})
    assert sorties[0]["text"].startswith("✅ q1")
    assert sorties[-1] == {"output_type": "error", "ename": "ReponseAVerifier", "cache": True}
