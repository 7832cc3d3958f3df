"""One course on one machine: exchange, grader's course folder, JupyterHub process.

Used by ``make hub`` (``python -m crmkit.hub``), the tests marked ``hub`` and
``benchmarks/bench_cohort.py``. The teacher's side only goes through command
lines (``nbgrader …`` and ``crmkit grading …``) run as the grader account.

>>> c = Cours(Path("/srv/demo"))
>>> str(c.echange), c.cours_id
('/srv/demo/echange', 'grc-marketing-direct')
>>> sorted(c.env())[:3]
['CRMKIT_COURSE_ID', 'CRMKIT_DATA', 'CRMKIT_ECHANGE']
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from crmkit.hub import comptes
from crmkit.hub.postgres import port_libre

__all__ = ["Cours", "Hub", "REPO", "HUB_DIR"]

REPO = Path(__file__).resolve().parents[3]
HUB_DIR = REPO / "hub"
BIN = Path(sys.executable).parent


@dataclass
class Cours:
    """The course's folders under *base*; the grader account owns the course folder."""

    base: Path
    correcteur: str = "grader-grc"
    cours_id: str = "grc-marketing-direct"
    db_url: str | None = None
    donnees: Path = field(default_factory=lambda: REPO / "data")

    @property
    def echange(self) -> Path:
        return self.base / "echange"

    @property
    def racine(self) -> Path:
        """The teacher's course folder (root of nbgrader's course directory)."""
        return self.base / "cours"

    def env(self, role: str = "correcteur") -> dict[str, str]:
        """Environment of the course's commands and servers (*role*: correcteur or etudiants)."""
        env = {
            "CRMKIT_COURSE_ID": self.cours_id,
            "CRMKIT_ECHANGE": str(self.echange),
            "CRMKIT_DATA": str(self.donnees),
            "JUPYTER_CONFIG_PATH": os.pathsep.join([str(HUB_DIR / "config" / role), str(HUB_DIR)]),
            "PATH": os.pathsep.join(
                [str(BIN), "/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"]
            ),
        }
        if self.db_url and role == "correcteur":
            env["CRMKIT_DB_URL"] = self.db_url
        return env

    def preparer(self, tds: list[str]) -> None:
        """Exchange root (0777, as nbgrader documents) and the grader's course folder."""
        self.base.mkdir(parents=True, exist_ok=True)
        os.chmod(self.base, 0o755)
        self.echange.mkdir(exist_ok=True)
        os.chmod(self.echange, 0o777)
        comptes.creer(self.correcteur)
        self.racine.mkdir(exist_ok=True)
        (self.racine / "grading").mkdir(exist_ok=True)  # nbgrader collect does not create it
        shutil.copy(REPO / "nbgrader_config.py", self.racine / "nbgrader_config.py")
        for dossier in ("solutions", "exercises"):
            for td in tds:
                dest = self.racine / dossier / td
                if not dest.exists():
                    shutil.copytree(REPO / dossier / td, dest)
        info = pwd.getpwnam(self.correcteur)
        for chemin in [self.racine, *self.racine.rglob("*")]:
            os.chown(chemin, info.pw_uid, info.pw_gid)
        os.chmod(self.racine, 0o700)  # submissions and gradebook: the grader only

    def commande(self, *args: str, verifier: bool = True, **kw) -> subprocess.CompletedProcess:
        """Run a teacher's command line (``nbgrader …``, ``crmkit …``) as the grader account."""
        env = dict(os.environ, **self.env())
        r = comptes.en_tant_que(self.correcteur, list(args), env=env, cwd=self.racine, **kw)
        if verifier and r.returncode:
            raise RuntimeError(
                f"{' '.join(args)} a échoué ({r.returncode}) :\n{r.stdout}\n{r.stderr}"
            )
        return r

    def nbgrader(self, *args: str, **kw) -> subprocess.CompletedProcess:
        return self.commande(str(BIN / "nbgrader"), *args, **kw)

    def crmkit(self, *args: str, **kw) -> subprocess.CompletedProcess:
        return self.commande(str(BIN / "crmkit"), "grading", *args, **kw)


@dataclass
class Hub:
    """A JupyterHub process (``hub/jupyterhub_config.py``) for *cours*, stopped by :meth:`arreter`."""

    cours: Cours
    etat: Path
    enseignants: tuple[str, ...] = ("prof",)
    mot_de_passe: str = "demo"
    port: int = 0
    ip: str = "127.0.0.1"
    jeton_admin: str = field(default_factory=lambda: secrets.token_hex(24))
    process: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        if not self.port:
            self.port = port_libre()
        if not hasattr(self, "_ports"):
            self._ports = (port_libre(), port_libre())
        api = self._ports[0]
        env = dict(os.environ, **self.cours.env())
        env.update(
            CRMKIT_HUB_ETAT=str(self.etat),
            CRMKIT_HUB_IP=self.ip,
            CRMKIT_HUB_PORT=str(self.port),
            CRMKIT_HUB_API_PORT=str(api),
            CRMKIT_FORMGRADER_PORT=str(self._ports[1]),
            CRMKIT_CORRECTEUR=self.cours.correcteur,
            CRMKIT_COURS=str(self.cours.racine),
            CRMKIT_ENSEIGNANTS=",".join(self.enseignants),
            CRMKIT_HUB_MOT_DE_PASSE=self.mot_de_passe,
            CRMKIT_AUTH="dummy",
            CRMKIT_HUB_JETON_ADMIN=self.jeton_admin,
        )
        return env

    @property
    def url(self) -> str:
        return f"http://{self.ip}:{self.port}"

    def demarrer(self, attente: float = 120.0) -> None:
        """Start the hub (and, through it, the proxy and the formgrader); wait until it answers."""
        env = self.env()
        self.etat.mkdir(parents=True, exist_ok=True)
        log = open(self.etat / "jupyterhub.log", "a")
        self.process = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(HUB_DIR / "jupyterhub_config.py")],
            cwd=self.etat,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        fin = time.monotonic() + attente
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=3) as rep:
                    json.load(rep)
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > fin:
                    raise RuntimeError(
                        "JupyterHub n'a pas démarré :\n" + self.journal()[-3000:]
                    ) from None
                time.sleep(0.5)

    def api(self, methode: str, chemin: str, donnees: dict | None = None, attente: float = 30):
        """Call the hub's REST API with the admin token; returns the decoded JSON (or None)."""
        corps = json.dumps(donnees).encode() if donnees is not None else None
        req = urllib.request.Request(
            f"{self.url}/hub/api{chemin}",
            data=corps,
            method=methode,
            headers={"Authorization": f"token {self.jeton_admin}"},
        )
        with urllib.request.urlopen(req, timeout=attente) as rep:
            texte = rep.read()
        return json.loads(texte) if texte else None

    def demarrer_serveur(self, nom: str, attente: float = 180.0) -> dict:
        """Start *nom*'s Jupyter server through the hub; wait until it is ready."""
        try:
            self.api("POST", f"/users/{nom}")  # a user the hub has not seen yet
        except urllib.error.HTTPError as exc:
            if exc.code != 409:  # 409: already known
                raise
        try:
            self.api("POST", f"/users/{nom}/server")
        except urllib.error.HTTPError as exc:
            if exc.code != 400:  # 400: already running
                raise
        fin = time.monotonic() + attente
        while time.monotonic() < fin:
            info = self.api("GET", f"/users/{nom}")
            serveur = info.get("servers", {}).get("", {})
            if serveur.get("ready"):
                return serveur
            time.sleep(1)
        raise RuntimeError(f"le serveur de {nom} n'a pas démarré :\n" + self.journal()[-3000:])

    def journal(self) -> str:
        chemin = self.etat / "jupyterhub.log"
        return chemin.read_text(errors="replace") if chemin.exists() else ""

    def arreter_hub(self) -> None:
        """Stop the hub process only (the proxy and the users' servers keep running)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def arreter(self, comptes_a_arreter: list[str] = ()) -> None:
        """Stop the hub, its proxy (pid file) and every process of *comptes_a_arreter*."""
        self.arreter_hub()
        pid_file = self.etat / "proxy.pid"
        if pid_file.exists():
            try:
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
            except (ValueError, ProcessLookupError):
                pass
            pid_file.unlink(missing_ok=True)
        for nom in {*comptes_a_arreter, self.cours.correcteur}:
            if comptes.existe(nom):
                subprocess.run(["pkill", "-TERM", "-u", nom], capture_output=True)
