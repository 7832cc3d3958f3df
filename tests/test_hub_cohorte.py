"""A whole cohort on one machine: PostgreSQL + JupyterHub + the nbgrader exchange, from scratch.

30 simulated students, each a Unix account of its own, fetch the warm-up TD
through the exchange, answer (honest, partial, wrong, blank; one submits
twice, two submit in the same second) and submit; the teacher (the grader
account) collects with ``nbgrader collect``, grades with ``crmkit grading
autograde --jobs 2`` into a PostgreSQL gradebook, builds and releases the
feedback; each student fetches their own. Then the faults: PostgreSQL down
when grading starts, a submission arriving while the teacher collects, the
hub restarted while students work.

Only command lines (``nbgrader …``, ``crmkit grading …``) and nbgrader's
exchange classes (what the assignment list runs for a student) are used:
the grading engine's internals are free to change. Needs root (Unix
accounts, PostgreSQL run as ``postgres``); everything started is stopped and
every account created is removed, even on failure. Runs last in ``make test``
(``-m hub``), after the browser tests.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from browser import menu, needs_chromium, run_all, wait_for_kernel
from roundtrip import solution_notebook, student_notebook, with_answers

from crmkit.hub import comptes, eleves
from crmkit.hub.cohorte import BIN, REPO, Cours, Hub
from crmkit.hub.postgres import ServeurPostgres, binaire_postgres

TD = "td0_prise_en_main"
COURS = "grc-marketing-direct"
N = 30
ETUDIANTS = [f"ct-e{i:02d}" for i in range(1, N + 1)]
CORRECTEUR, PROF = "ct-correcteur", "ct-prof"
VIDE, DEUX_FOIS, MEME_SECONDE = "ct-e01", "ct-e02", ("ct-e03", "ct-e04")
PENDANT_COLLECTE = "ct-e05"  # submits again while the teacher collects
TOTAL = {"bon": 6.0, "partiel": 4.0, "mauvais": 0.0, "vide": 0.0}  # automatic points of td0

pytestmark = [pytest.mark.hub, pytest.mark.slow]


def _raison_de_sauter() -> str | None:
    raison = comptes.peut_creer_des_comptes()
    if raison:
        return raison + " (make test tourne en root en CI)"
    if not binaire_postgres("initdb").exists():
        return "PostgreSQL absent (paquet Debian postgresql : make system)"
    if not (REPO / "hub" / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        return "configurable-http-proxy absent (make hub-proxy)"
    return None


if _raison_de_sauter():
    pytest.skip(_raison_de_sauter(), allow_module_level=True)


def _variante(nom: str) -> str:
    if nom == VIDE:
        return "vide"
    return ("bon", "partiel", "mauvais")[int(nom[-2:]) % 3]


def _notebooks() -> dict[str, nbformat.NotebookNode]:
    bon = solution_notebook(TD)
    return {
        "bon": bon,
        "partiel": with_answers(bon, {"q2_reponse": "taux_reponse = 375 / 40_000"}),
        "mauvais": with_answers(
            bon,
            {
                "q1_reponse": 'cout_mailing = 12_500 * COUTS_CONTACT["sms"]',
                "q2_reponse": "taux_reponse = 375 / 12_500 * 100",
                "q3_reponse": 'canal_moins_cher = "sms"',
                "q4_reponse": "cout_par_reponse = ...",
            },
        ),
        "vide": student_notebook(TD),
    }


# ----------------------------------------------------------------- run as a student (forked child)


def _repondre_et_remettre(
    config, variantes: Path, variante: str, recuperer: bool, instant: float = 0.0
) -> None:
    if recuperer:
        eleves.recuperer(config, TD)
    copie = Path.home() / COURS / TD / f"{TD}.ipynb"
    assert copie.exists(), "le TD récupéré n'est pas dans le dossier de l'étudiant"
    shutil.copyfile(variantes / f"{variante}.ipynb", copie)
    time.sleep(max(0.0, instant - time.time()))  # submit at an agreed instant
    eleves.remettre(config, TD)


def _tenter_de_lire_les_autres(autre: str, echange: Path, cours: Path) -> None:
    """Every way into another student's work must be refused."""
    base = echange / COURS
    for dossier in (base / "inbound", base / "feedback", Path("/home") / autre, cours):
        try:
            os.listdir(dossier)
        except PermissionError:
            continue
        raise AssertionError(f"{dossier} est lisible par un autre étudiant")
    try:
        (Path("/home") / autre / COURS / TD / f"{TD}.ipynb").read_bytes()
    except PermissionError:
        pass
    else:
        raise AssertionError("le notebook d'un autre étudiant est lisible")
    # without its random suffix a submission's folder cannot be found by name
    assert not list(base.glob(f"inbound/{autre}+*")), "les dépôts sont énumérables"


# ----------------------------------------------------------------- the world


@pytest.fixture(scope="module")
def monde():
    """PostgreSQL, accounts, course, exchange, hub; all removed at the end."""
    base = Path(tempfile.mkdtemp(prefix="crmkit-cohorte-"))
    os.chmod(base, 0o755)
    crees: list[str] = []
    pg = ServeurPostgres(base / "postgres")
    hub = None
    with comptes.chemin_traversable(Path(sys.executable).resolve(), REPO):
        try:
            pg.initialiser()
            pg.demarrer()
            cours = Cours(base, correcteur=CORRECTEUR, db_url=pg.url)
            for nom in [CORRECTEUR, PROF, *ETUDIANTS]:
                comptes.supprimer(nom)  # "ct-" accounts belong to this test: start afresh
                comptes.creer(nom)
                crees.append(nom)
            cours.preparer([TD])
            cours.nbgrader("release_assignment", TD)
            variantes = base / "variantes"
            variantes.mkdir(mode=0o755)
            for nom, nb in _notebooks().items():
                nbformat.write(nb, variantes / f"{nom}.ipynb")
                os.chmod(variantes / f"{nom}.ipynb", 0o644)
            hub = Hub(cours, base / "hub", enseignants=(PROF,))
            hub.demarrer()
            yield {"base": base, "pg": pg, "cours": cours, "hub": hub, "variantes": variantes}
        finally:
            if hub is not None:
                hub.arreter(comptes_a_arreter=crees)
            pg.supprimer()
            for nom in crees:
                comptes.supprimer(nom)
            shutil.rmtree(base, ignore_errors=True)


def _config(monde):
    return eleves.charger_config(monde["cours"].env("etudiants"))


def _ok(resultats):
    echecs = [r for r in resultats if not r.ok]
    assert not echecs, "\n".join(f"{r.nom} : {r.erreur}" for r in echecs)


def _lire_notes(racine: Path) -> dict[str, float]:
    """Totals per student from ``crmkit grading export``'s detailed CSV."""
    texte = (racine / "grading" / "export" / f"notes_{TD}.csv").read_text(encoding="utf-8-sig")
    lignes = csv.DictReader(texte.splitlines(), delimiter=";" if ";" in texte[:200] else ",")
    return {r["etudiant"]: float(r["total"].replace(",", ".")) for r in lignes}


def _notes(cours: Cours) -> dict[str, float]:
    cours.crmkit("export", TD)
    return _lire_notes(cours.racine)


@pytest.fixture(scope="module")
def cycle(monde):
    """The round trip; returns what the assertions need."""
    cours, config, variantes = monde["cours"], _config(monde), monde["variantes"]
    premiers = [n for n in ETUDIANTS if n not in MEME_SECONDE]
    taches = [
        (
            n,
            _repondre_et_remettre,
            (config, variantes, "mauvais" if n == DEUX_FOIS else _variante(n), True),
        )
        for n in premiers
    ]
    _ok(eleves.en_parallele(taches, paralleles=4))
    # the resubmitter's second (honest) copy, and two submissions in the same second
    _ok(
        eleves.en_parallele([(DEUX_FOIS, _repondre_et_remettre, (config, variantes, "bon", False))])
    )
    for n in MEME_SECONDE:
        _ok(eleves.en_parallele([(n, eleves.recuperer, (config, TD))]))
    _ok(
        eleves.en_parallele(
            [
                (n, _repondre_et_remettre, (config, variantes, _variante(n), False))
                for n in MEME_SECONDE
            ],
            paralleles=2,
        )
    )
    inbound = monde["base"] / "echange" / COURS / "inbound"
    depots = sorted(p.name for p in inbound.iterdir())

    # A submission arriving while the teacher collects (fault 3).
    collecte = subprocess.Popen(
        comptes.commande_en_tant_que(CORRECTEUR, [str(BIN / "nbgrader"), "collect", TD]),
        cwd=cours.racine,
        env=dict(os.environ, **cours.env()),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    _ok(
        eleves.en_parallele(
            [(PENDANT_COLLECTE, _repondre_et_remettre, (config, variantes, "bon", False))]
        )
    )
    sortie_collecte = collecte.communicate(timeout=300)[0]
    assert collecte.returncode == 0, sortie_collecte
    # The teacher collects again (nbgrader collect --update): the later copy wins.
    cours.nbgrader("collect", "--update", TD)

    t0 = time.monotonic()
    sortie = cours.crmkit("autograde", TD, "--jobs", "2").stdout
    duree_correction = time.monotonic() - t0
    notes = _notes(cours)
    cours.crmkit("feedback", TD)
    cours.nbgrader("release_feedback", TD)
    _ok(eleves.en_parallele([(n, eleves.recuperer_retours, (config, TD)) for n in ETUDIANTS], 4))
    return {
        "depots": depots,
        "notes": notes,
        "sortie": sortie,
        "duree_correction": duree_correction,
        "collecte": sortie_collecte,
    }


# ----------------------------------------------------------------- the round trip


def test_every_submission_is_collected_none_lost(monde, cycle):
    soumis = monde["cours"].racine / "grading" / "submitted"
    assert sorted(p.name for p in soumis.iterdir()) == ETUDIANTS
    assert all((soumis / n / TD / f"{TD}.ipynb").is_file() for n in ETUDIANTS)
    assert sorted(cycle["notes"]) == ETUDIANTS
    assert "SANS bac à sable" not in cycle["sortie"]


def test_submissions_in_the_same_second_both_kept(cycle):
    secondes = {d.split("+")[2][:19] for d in cycle["depots"] if d.split("+")[0] in MEME_SECONDE}
    assert len([d for d in cycle["depots"] if d.split("+")[0] in MEME_SECONDE]) == 2
    assert len(secondes) == 1, secondes
    assert all(cycle["notes"][n] == TOTAL[_variante(n)] for n in MEME_SECONDE)


def test_resubmitter_latest_copy_is_graded(cycle):
    assert len([d for d in cycle["depots"] if d.startswith(DEUX_FOIS + "+")]) == 2
    assert cycle["notes"][DEUX_FOIS] == TOTAL["bon"]  # the first copy was worth 0


def test_submission_during_collect_is_not_lost(monde, cycle):
    """Fault: a student submits while ``nbgrader collect`` runs; the second collect has it."""
    assert cycle["notes"][PENDANT_COLLECTE] == TOTAL["bon"]
    copie = monde["cours"].racine / "grading" / "submitted" / PENDANT_COLLECTE / TD / f"{TD}.ipynb"
    attendu = (monde["variantes"] / "bon.ipynb").read_text()
    assert nbformat.reads(copie.read_text(), 4).cells == nbformat.reads(attendu, 4).cells


def test_scores_equal_the_one_machine_path(monde, cycle, tmp_path):
    """The same notebooks graded on one machine (SQLite, crmkit grading collect) score the same."""
    racine = tmp_path / "cours"
    racine.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", racine)
    shutil.copytree(REPO / "solutions" / TD, racine / "solutions" / TD)
    depot = tmp_path / "depot"
    depot.mkdir()
    for variante in TOTAL:
        shutil.copy(monde["variantes"] / f"{variante}.ipynb", depot / f"{variante}.ipynb")
    env = {k: v for k, v in os.environ.items() if k != "CRMKIT_DB_URL"}
    crmkit = [str(BIN / "crmkit"), "grading"]
    for args in (["collect", TD, str(depot)], ["autograde", TD, "--jobs", "2"]):
        r = subprocess.run(
            [*crmkit, *args, "--course-root", str(racine)], env=env, capture_output=True, text=True
        )
        assert r.returncode == 0, r.stdout + r.stderr
    assert (racine / "grading" / "gradebook.db").is_file()  # SQLite, not the server
    r = subprocess.run(
        [*crmkit, "export", TD, "--course-root", str(racine)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    locales = _lire_notes(racine)
    assert locales == TOTAL
    for nom in ETUDIANTS:
        attendu = "bon" if nom in (DEUX_FOIS, PENDANT_COLLECTE) else _variante(nom)
        assert cycle["notes"][nom] == locales[attendu], nom


def test_each_student_fetches_own_feedback_with_hidden_tests_masked(cycle):
    for nom in ETUDIANTS:
        pages = list((Path("/home") / nom / COURS / TD / "feedback").glob(f"*/{TD}.html"))
        assert pages, f"{nom} n'a pas reçu son retour"
        html = max(pages).read_text(encoding="utf-8")
        assert "BEGIN HIDDEN TESTS" not in html
        assert "abs(cout_mailing" not in html and "12_500 / 375" not in html
        assert "tests cachés" in html
        assert f"{cycle['notes'][nom]:g}" in html


def test_a_student_cannot_reach_another_ones_work(monde, cycle):
    r = eleves.en_parallele(
        [
            (
                "ct-e07",
                _tenter_de_lire_les_autres,
                ("ct-e08", monde["base"] / "echange", monde["cours"].racine),
            )
        ]
    )
    _ok(r)


def test_the_gradebook_is_the_postgresql_server(monde, cycle):
    lignes = monde["pg"].sql("SELECT student_id FROM submitted_assignment").split()
    assert sorted(lignes) == ETUDIANTS
    assert not (monde["cours"].racine / "grading" / "gradebook.db").exists()


# ----------------------------------------------------------------- faults


def _arbre(dossier: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in dossier.rglob("*")}


def test_postgresql_down_when_grading_starts(monde, cycle):
    """French error, nothing written, and grading resumes once the server is back."""
    cours, pg = monde["cours"], monde["pg"]
    avant = _arbre(cours.racine / "grading")
    pg.arreter()
    try:
        r = cours.crmkit("autograde", TD, "--jobs", "2", "--regrade", verifier=False)
    finally:
        pg.demarrer()
    assert r.returncode == 2, r.stdout + r.stderr
    assert "carnet de notes" in r.stderr and "ne répond pas" in r.stderr
    assert "Traceback" not in r.stderr
    assert _arbre(cours.racine / "grading") == avant  # nothing half-written
    r = cours.crmkit("autograde", TD, "--jobs", "2", "--student", VIDE, "--student", "ct-e09")
    assert r.returncode == 0
    assert _notes(cours)["ct-e09"] == TOTAL[_variante("ct-e09")]


def test_hub_restart_keeps_students_work(monde):
    """Fault: the hub restarts while a student works; server, files and submissions survive."""
    hub, base = monde["hub"], monde["base"]
    eleve = "ct-e10"
    serveur = hub.demarrer_serveur(eleve)
    inbound = base / "echange" / COURS / "inbound"
    depots_avant = sorted(p.name for p in inbound.iterdir())
    brouillon = Path("/home") / eleve / "brouillon.txt"
    _ok(eleves.en_parallele([(eleve, Path.write_text, (brouillon, "travail en cours"))]))
    hub.arreter_hub()
    # while the hub is down a student still submits: the exchange does not need it
    config = _config(monde)
    deja = (Path("/home") / eleve / COURS / TD).is_dir()
    _ok(
        eleves.en_parallele(
            [(eleve, _repondre_et_remettre, (config, monde["variantes"], "bon", not deja))]
        )
    )
    hub.demarrer()
    apres = hub.api("GET", f"/users/{eleve}")["servers"][""]
    assert apres["ready"] and apres["started"] == serveur["started"]  # same server, not restarted
    assert brouillon.read_text() == "travail en cours"
    depots_apres = sorted(p.name for p in inbound.iterdir())
    assert set(depots_avant) < set(depots_apres) and len(depots_apres) == len(depots_avant) + 1
    hub.api("DELETE", f"/users/{eleve}/server")


# ----------------------------------------------------------------- one student in the web UI


def _ouvrir_liste(page) -> None:
    menu(page, "Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text="Assignment List").first.click()
    page.wait_for_selector("#released_assignments_list", state="attached")


AUTOCONTROLE = "pas encore de réponse"  # the self-check on a blank answer


@needs_chromium
def test_one_student_through_the_hub_web_ui(monde, repo_root, browser):
    """Log in, fetch from the assignment list, run the self-check, submit, fetch the feedback."""
    hub, cours, nom = monde["hub"], monde["cours"], "ct-e12"
    captures = repo_root / "artifacts" / "browser"
    captures.mkdir(parents=True, exist_ok=True)
    # this student starts afresh in the browser: no copy fetched yet
    shutil.rmtree(Path("/home") / nom / COURS, ignore_errors=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(120_000)
    try:
        page.goto(f"{hub.url}/hub/login")
        page.fill("input[name=username]", nom)
        page.fill("input[name=password]", hub.mot_de_passe)
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url(f"**/user/{nom}/lab**", timeout=240_000)
        page.wait_for_selector(".lm-MenuBar-itemLabel", timeout=240_000)
        _ouvrir_liste(page)
        ligne = page.locator("#released_assignments_list .list_item", has_text=TD)
        ligne.get_by_role("button", name="Fetch").click()
        page.wait_for_selector(f"#fetched_assignments_list .list_item:has-text('{TD}')")
        # open the fetched notebook and run it: the self-checks answer in French
        page.goto(f"{hub.url}/user/{nom}/lab/tree/{COURS}/{TD}/{TD}.ipynb")
        page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached")
        wait_for_kernel(page, timeout=240_000)
        run_all(page)
        try:
            page.get_by_text(AUTOCONTROLE).first.wait_for(timeout=90_000)
        except Exception:
            page.screenshot(path=str(captures / "hub_autocontrole_echec.png"), full_page=True)
            (captures / "hub_autocontrole_echec.log").write_text(hub.journal())
            raise
        page.keyboard.press("Control+s")
        page.screenshot(path=str(captures / "hub_autocontrole.png"))
        _ouvrir_liste(page)
        page.locator("#fetched_assignments_list .list_item", has_text=TD).get_by_role(
            "button", name="Submit"
        ).first.click()
        page.wait_for_selector(f"#submitted_assignments_list .list_item:has-text('{TD}')")
        # the teacher grades this copy and releases the feedback
        cours.nbgrader("collect", "--update", TD)
        cours.crmkit("autograde", TD, "--jobs", "1", "--student", nom)
        cours.crmkit("feedback", TD, "--student", nom)  # the 30 others' pages stay as they are
        cours.nbgrader("release_feedback", TD, "--student", nom)
        page.reload()
        _ouvrir_liste(page)
        page.get_by_role("button", name="Fetch Feedback").first.click()
        page.get_by_text("view feedback", exact=False).first.wait_for()
        page.screenshot(path=str(captures / "hub_retour.png"))
    finally:
        page.close()
    pages = list((Path("/home") / nom / COURS / TD / "feedback").glob(f"*/{TD}.html"))
    assert pages and "tests cachés" in max(pages).read_text(encoding="utf-8")
