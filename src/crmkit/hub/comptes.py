"""Unix accounts of a cohort on one machine (students, teacher, grader account).

Each JupyterHub user is a Unix account (JupyterHub's ``LocalProcessSpawner``,
as on The Littlest JupyterHub): this module creates the missing ones with a
private home (0700: a student cannot read another's notebooks), runs commands
as one of them, and removes the accounts it created. Everything needs root.

>>> commande_en_tant_que("e01", ["nbgrader", "submit", "td0"])[:4]
['runuser', '-u', 'e01', '--']
>>> nom_valide("e01"), nom_valide("../etc")
(True, False)
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "ComptesError",
    "nom_valide",
    "existe",
    "creer",
    "supprimer",
    "commande_en_tant_que",
    "en_tant_que",
    "chemin_traversable",
    "peut_creer_des_comptes",
]

_NOM = re.compile(r"^[a-z_][a-z0-9_-]{0,30}$")


class ComptesError(RuntimeError):
    """An account could not be created or used (French message)."""


def nom_valide(nom: str) -> bool:
    """A portable Unix user name (lowercase, digits, ``-``/``_``)."""
    return bool(_NOM.match(nom))


def peut_creer_des_comptes() -> str | None:
    """``None`` when accounts can be created here, else the reason (for a test skip)."""
    if os.geteuid() != 0:
        return "il faut être root pour créer les comptes Unix des étudiants simulés"
    if not Path("/usr/sbin/useradd").exists():
        return "useradd absent : impossible de créer des comptes Unix"
    return None


def existe(nom: str) -> bool:
    try:
        pwd.getpwnam(nom)
        return True
    except KeyError:
        return False


def creer(nom: str, groupes: tuple[str, ...] = ()) -> bool:
    """Create account *nom* with a 0700 home; True if it was created (False: it existed)."""
    if not nom_valide(nom):
        raise ComptesError(f"nom de compte invalide : {nom!r}")
    if existe(nom):
        return False
    cmd = ["useradd", "--create-home", "--shell", "/bin/bash", "--user-group"]
    if groupes:
        cmd += ["--groups", ",".join(groupes)]
    r = subprocess.run([*cmd, nom], capture_output=True, text=True)
    if r.returncode:
        raise ComptesError(f"création du compte {nom} impossible : {r.stderr.strip()}")
    os.chmod(pwd.getpwnam(nom).pw_dir, 0o700)
    return True


def supprimer(nom: str) -> None:
    """Remove account *nom*, its home and its processes (no error when absent)."""
    for _ in range(20):
        if not existe(nom):
            return
        subprocess.run(["pkill", "-KILL", "-u", nom], capture_output=True)
        if subprocess.run(["pgrep", "-u", nom], capture_output=True).returncode == 0:
            time.sleep(0.5)  # processes still dying: userdel would refuse
            continue
        subprocess.run(["userdel", "--remove", "--force", nom], capture_output=True)
    if existe(nom):
        raise ComptesError(f"le compte {nom} n'a pas pu être supprimé")


def commande_en_tant_que(nom: str, cmd: list[str]) -> list[str]:
    """*cmd* run as account *nom* (from root)."""
    return ["runuser", "-u", nom, "--", *cmd]


def en_tant_que(nom: str, cmd: list[str], env: dict | None = None, **kw):
    """Run *cmd* as *nom* in its home, with HOME/USER set; returns the CompletedProcess."""
    info = pwd.getpwnam(nom)
    full_env = dict(env or os.environ)
    full_env.update(HOME=info.pw_dir, USER=nom, LOGNAME=nom)
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    kw.setdefault("cwd", info.pw_dir)
    return subprocess.run(commande_en_tant_que(nom, cmd), env=full_env, **kw)


_DETENTEURS = Path(os.environ.get("TMPDIR", "/tmp")) / "crmkit-chemins-traversables"


def _autres_detenteurs() -> bool:
    """True while another live process still needs the folders open (tests and bench overlap)."""
    for fichier in _DETENTEURS.glob("*"):
        pid_texte = fichier.name.split("-", 1)[0]
        if not pid_texte.isdigit():
            continue  # modes.json
        pid = int(pid_texte)
        try:
            os.kill(pid, 0)
            return True
        except (ProcessLookupError, ValueError):
            fichier.unlink(missing_ok=True)
        except PermissionError:
            return True
    return False


@contextlib.contextmanager
def chemin_traversable(*chemins: Path) -> Iterator[list[Path]]:
    """Let every account traverse (x bit only, no listing) the folders above *chemins*.

    A Python installed under ``/root`` (pyenv) or a checkout under a private
    folder cannot be run by the students' accounts. The original modes are
    kept in a shared file and put back by the last process that leaves (a
    test and the benchmark may overlap). Yields the folders changed here.
    """
    import json

    _DETENTEURS.mkdir(mode=0o700, exist_ok=True)
    modes_file = _DETENTEURS / "modes.json"
    moi = _DETENTEURS / f"{os.getpid()}-{secrets.token_hex(4)}"
    moi.write_text("\n".join(str(c) for c in chemins))
    modes = json.loads(modes_file.read_text()) if modes_file.exists() else {}
    changed: list[Path] = []
    try:
        for chemin in chemins:
            for folder in [Path(chemin), *Path(chemin).parents]:
                if not folder.is_dir():
                    continue
                mode = folder.stat().st_mode
                if not mode & stat.S_IXOTH:
                    modes.setdefault(str(folder), stat.S_IMODE(mode))
                    os.chmod(folder, stat.S_IMODE(mode) | stat.S_IXOTH)
                    changed.append(folder)
        modes_file.write_text(json.dumps(modes))
        yield changed
    finally:
        moi.unlink(missing_ok=True)
        if not _autres_detenteurs():  # this process's other holders count too
            modes = json.loads(modes_file.read_text()) if modes_file.exists() else modes
            for folder, mode in modes.items():
                with contextlib.suppress(OSError):
                    os.chmod(folder, mode)
            modes_file.unlink(missing_ok=True)
