"""``python -m crmkit.hub demarrer|arreter``: the local demo hub of ``make hub`` / ``make hub-stop``.

``demarrer`` (root): PostgreSQL gradebook, the Unix accounts of one teacher
(``prof``), the grader account and three students (created when missing,
private homes), the course folder, every TD released to the exchange, then
JupyterHub on 127.0.0.1; prints the URL and the log-ins. Everything lives
under ``/srv/crmkit-demo`` (``CRMKIT_DEMO`` to change it); what was started
is written to ``demo.json`` there, which ``arreter`` reads to stop it all.

>>> etudiants_demo(3)
['etudiant1', 'etudiant2', 'etudiant3']
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

__all__ = ["main", "etudiants_demo"]

BASE = Path(os.environ.get("CRMKIT_DEMO", "/srv/crmkit-demo"))
PROF, CORRECTEUR = "prof", "grader-grc"


def etudiants_demo(n: int) -> list[str]:
    return [f"etudiant{i}" for i in range(1, n + 1)]


def _etat() -> Path:
    return BASE / "demo.json"


def demarrer(n_etudiants: int, port: int) -> int:
    from crmkit.grading.release import find_assignments
    from crmkit.hub import comptes
    from crmkit.hub.cohorte import REPO, Cours, Hub
    from crmkit.hub.postgres import PostgresIndisponible, ServeurPostgres

    raison = comptes.peut_creer_des_comptes()
    if raison:
        print(f"Erreur : {raison} (lancez « sudo make hub »).", file=sys.stderr)
        return 2
    if _etat().exists():
        print("Un hub de démonstration tourne déjà : « make hub-stop » d'abord.", file=sys.stderr)
        return 2
    BASE.mkdir(parents=True, exist_ok=True)
    os.chmod(BASE, 0o755)
    etat: dict = {"comptes": [], "chmod": []}
    pg = ServeurPostgres(BASE / "postgres")
    try:
        pg.initialiser()
        pg.demarrer()
    except PostgresIndisponible as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    etat["postgres"] = str(pg.dossier)
    etudiants = etudiants_demo(n_etudiants)
    for nom in [PROF, CORRECTEUR, *etudiants]:
        if comptes.creer(nom):
            etat["comptes"].append(nom)
    # Python (e.g. pyenv under /root) and the checkout must be reachable by every account.
    ouverture = comptes.chemin_traversable(Path(sys.executable).resolve(), REPO)
    etat["chmod"] = [str(p) for p in ouverture.__enter__()]
    cours = Cours(BASE, correcteur=CORRECTEUR, db_url=pg.url)
    tds = find_assignments(REPO)
    cours.preparer(tds)
    for td in tds:
        if not (cours.echange / cours.cours_id / "outbound" / td).exists():
            cours.nbgrader("release_assignment", td)
    mot_de_passe = os.environ.get("CRMKIT_HUB_MOT_DE_PASSE", "demo")
    hub = Hub(cours, BASE / "hub", enseignants=(PROF,), mot_de_passe=mot_de_passe, port=port)
    hub.demarrer()
    etat.update(hub_pid=hub.process.pid, hub_etat=str(hub.etat), url=hub.url)
    _etat().write_text(json.dumps(etat, indent=2))
    print(f"\nHub du cours : {hub.url}/  (mot de passe de tous les comptes : {mot_de_passe})")
    print(f"  enseignant : {PROF}  → correction : {hub.url}/services/{cours.cours_id}/")
    print(f"  étudiants  : {', '.join(etudiants)}")
    print(f"  carnet de notes : {pg.url}")
    print("Arrêt : make hub-stop")
    return 0


def arreter() -> int:
    from crmkit.hub import comptes
    from crmkit.hub.postgres import ServeurPostgres

    if not _etat().exists():
        print("Aucun hub de démonstration en cours.")
        return 0
    etat = json.loads(_etat().read_text())
    try:
        os.killpg(etat["hub_pid"], signal.SIGTERM)
    except (KeyError, ProcessLookupError, PermissionError):
        pass
    proxy = Path(etat.get("hub_etat", "")) / "proxy.pid"
    if proxy.is_file():
        try:
            os.kill(int(proxy.read_text().strip()), signal.SIGTERM)
        except (ValueError, ProcessLookupError):
            pass
        proxy.unlink()
    for nom in [PROF, CORRECTEUR, *etat.get("comptes", [])]:
        if comptes.existe(nom):
            # the students' servers and kernels, the formgrader
            subprocess.run(["pkill", "-TERM", "-u", nom], capture_output=True)
    if etat.get("postgres"):
        ServeurPostgres(Path(etat["postgres"])).arreter()
    for dossier in etat.get("chmod", []):
        mode = Path(dossier).stat().st_mode
        os.chmod(dossier, mode & ~0o001)
    _etat().unlink()
    print(f"Hub arrêté. Données et comptes gardés dans {BASE} (supprimez-les à la main si besoin).")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crmkit.hub", description=__doc__.splitlines()[0]
    )
    parser.add_argument("action", choices=["demarrer", "arreter"])
    parser.add_argument("--etudiants", type=int, default=3, help="nombre de comptes étudiants")
    parser.add_argument("--port", type=int, default=8000, help="port du hub sur 127.0.0.1")
    args = parser.parse_args(argv)
    if args.action == "demarrer":
        return demarrer(args.etudiants, args.port)
    return arreter()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
