"""A cohort through the exchange, phase by phase; SQLite vs PostgreSQL; memory per student.

N simulated students (Unix accounts ``bc-eNNN``, removed after) fetch the
warm-up TD, answer (honest, partial, wrong in turn) and submit through the
nbgrader exchange; the teacher collects, grades (``crmkit grading autograde
--jobs J``), builds and releases the feedback; the students fetch it. The
grading phases run twice on the same submissions: gradebook on a PostgreSQL
server, then in the course's SQLite file. Then one student's memory: the
Jupyter server JupyterHub starts for them (``jupyterhub-singleuser``) plus
a kernel that ran the TD2 scoring notebook, and how many students that
allows per 16 GiB.

Root only (accounts, ``postgres``). Prints a table of times measured in this run.

    sudo .venv/bin/python benchmarks/bench_cohort.py [--students 30] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import nbformat  # noqa: E402
from roundtrip import solution_notebook, student_notebook, with_answers  # noqa: E402

from crmkit.hub import comptes, eleves  # noqa: E402
from crmkit.hub.cohorte import REPO, Cours, Hub  # noqa: E402
from crmkit.hub.postgres import ServeurPostgres  # noqa: E402

TD = "td0_prise_en_main"
TD2 = REPO / "solutions" / "td2_base_scoring" / "td2_base_scoring.ipynb"
GIO = 16 * 1024**3


def _variantes(dossier: Path) -> list[str]:
    bon = solution_notebook(TD)
    nbs = {
        "bon": bon,
        "partiel": with_answers(bon, {"q2_reponse": "taux_reponse = 375 / 40_000"}),
        "mauvais": with_answers(
            bon, {"q1_reponse": "cout_mailing = 3", "q3_reponse": 'canal_moins_cher = "sms"'}
        ),
        "vide": student_notebook(TD),
    }
    dossier.mkdir(mode=0o755)
    for nom, nb in nbs.items():
        nbformat.write(nb, dossier / f"{nom}.ipynb")
        os.chmod(dossier / f"{nom}.ipynb", 0o644)
    return list(nbs)


def _remettre(config, source: Path) -> None:
    eleves.recuperer(config, TD)
    shutil.copyfile(source, Path.home() / "grc-marketing-direct" / TD / f"{TD}.ipynb")
    eleves.remettre(config, TD)


def _mesurer_noyau(sortie: Path) -> None:
    """Run TD2's solution in a fresh kernel (as the student); write the kernel's peak RSS."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        nb = nbformat.read(TD2, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                kc.execute_interactive(cell.source, timeout=600, output_hook=lambda msg: None)
        pid = km.provisioner.pid
        status = Path(f"/proc/{pid}/status").read_text()
        hwm = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        sortie.write_text(str(hwm * 1024))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _rss(pid: int) -> int:
    """Resident memory of *pid* and its children (bytes)."""
    total = 0
    pids = [pid]
    while pids:
        p = pids.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += (
                next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS")) * 1024
            )
            for t in Path(f"/proc/{p}/task").iterdir():
                enfants = (t / "children").read_text().split()
                pids += [int(e) for e in enfants]
        except (OSError, StopIteration):
            continue
    return total


def _serveur_pid(nom: str) -> int | None:
    import subprocess

    r = subprocess.run(
        ["pgrep", "-u", nom, "-f", "jupyterhub-singleuser"], capture_output=True, text=True
    )
    pids = [int(p) for p in r.stdout.split()]
    return min(pids) if pids else None


def _notation(cours: Cours, jobs: int) -> dict[str, float]:
    temps = {}
    t = time.monotonic()
    cours.nbgrader("collect", TD)
    temps["collecte"] = time.monotonic() - t
    t = time.monotonic()
    cours.crmkit("autograde", TD, "--jobs", str(jobs))
    temps["correction"] = time.monotonic() - t
    t = time.monotonic()
    cours.crmkit("feedback", TD)
    cours.nbgrader("release_feedback", TD)
    temps["retours"] = time.monotonic() - t
    return temps


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--students", type=int, default=30)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--sans-memoire", action="store_true", help="sauter la mesure de mémoire")
    args = p.parse_args(argv)
    raison = comptes.peut_creer_des_comptes()
    if raison:
        print(f"Erreur : {raison}.", file=sys.stderr)
        return 2
    base = Path(tempfile.mkdtemp(prefix="crmkit-bench-cohorte-"))
    os.chmod(base, 0o755)
    etudiants = [f"bc-e{i:03d}" for i in range(1, args.students + 1)]
    crees: list[str] = []
    pg = ServeurPostgres(base / "postgres")
    hub = None
    lignes: list[tuple[str, str, str]] = []
    with comptes.chemin_traversable(Path(sys.executable).resolve(), REPO):
        try:
            pg.initialiser()
            pg.demarrer()
            pg_cours = Cours(base, correcteur="bc-correcteur", db_url=pg.url)
            for nom in ["bc-correcteur", *etudiants]:
                comptes.supprimer(nom)  # "bc-" accounts belong to this benchmark
                comptes.creer(nom)
                crees.append(nom)
            pg_cours.preparer([TD])
            pg_cours.nbgrader("release_assignment", TD)
            noms = _variantes(base / "variantes")
            config = eleves.charger_config(pg_cours.env("etudiants"))
            t = time.monotonic()
            taches = [
                (n, _remettre, (config, base / "variantes" / f"{noms[i % len(noms)]}.ipynb"))
                for i, n in enumerate(etudiants)
            ]
            res = eleves.en_parallele(taches, paralleles=max(2, args.jobs * 2))
            assert all(r.ok for r in res), [r.erreur for r in res if not r.ok][:2]
            remise = time.monotonic() - t
            temps_pg = _notation(pg_cours, args.jobs)
            t = time.monotonic()
            res = eleves.en_parallele(
                [(n, eleves.recuperer_retours, (config, TD)) for n in etudiants], 4
            )
            assert all(r.ok for r in res)
            recup = time.monotonic() - t
            # the same submissions, gradebook in SQLite (second course folder, same exchange)
            sq_cours = Cours(base / "sqlite", correcteur="bc-correcteur", db_url=None)
            (base / "sqlite").mkdir()
            sq_cours.echange.symlink_to(pg_cours.echange)
            sq_cours.preparer([TD])
            temps_sq = _notation(sq_cours, args.jobs)

            lignes.append(("récupération + remise (étudiants)", f"{remise:.1f} s", "même échange"))
            for phase in ("collecte", "correction", "retours"):
                lignes.append(
                    (
                        f"{phase} (enseignant)",
                        f"{temps_pg[phase]:.1f} s",
                        f"{temps_sq[phase]:.1f} s (ratio PG/SQLite {temps_pg[phase] / temps_sq[phase]:.2f})",
                    )
                )
            lignes.append(("récupération des retours", f"{recup:.1f} s", "même échange"))

            if not args.sans_memoire:
                hub = Hub(pg_cours, base / "hub", enseignants=("bc-correcteur",))
                hub.demarrer()
                eleve = etudiants[0]
                hub.demarrer_serveur(eleve)
                time.sleep(3)
                pid = _serveur_pid(eleve)
                serveur = _rss(pid) if pid else 0
                sortie = base / "noyau.txt"
                sortie.touch()
                os.chmod(sortie, 0o666)
                res = eleves.en_parallele([(eleve, _mesurer_noyau, (sortie,))])
                assert res[0].ok, res[0].erreur
                noyau = int(sortie.read_text())
                total = serveur + noyau
                lignes.append(
                    ("mémoire : serveur Jupyter d'un étudiant", f"{serveur / 2**20:.0f} Mo", "")
                )
                lignes.append(("mémoire : noyau après le TD2 (pic)", f"{noyau / 2**20:.0f} Mo", ""))
                lignes.append(
                    (
                        "étudiants actifs par 16 Gio",
                        f"{int(GIO * 0.85 // total)}",
                        "85 % de la RAM, 1 noyau chacun",
                    )
                )
        finally:
            if hub is not None:
                hub.arreter(comptes_a_arreter=crees)
            pg.supprimer()
            for nom in crees:
                comptes.supprimer(nom)
            shutil.rmtree(base, ignore_errors=True)
    print(f"\n{args.students} étudiants, TD {TD}, --jobs {args.jobs}, {os.cpu_count()} cœurs\n")
    print(f"{'phase':<42}{'PostgreSQL':<14}SQLite / remarque")
    for a, b, c in lignes:
        print(f"{a:<42}{b:<14}{c}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
