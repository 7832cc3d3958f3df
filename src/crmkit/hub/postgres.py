"""A throw-away PostgreSQL server for the gradebook (tests, benchmark, ``make hub``).

Debian's ``initdb`` and ``pg_ctl`` refuse to run as root: when the caller is
root they are run as the ``postgres`` account (``runuser``), on a data folder
that account owns, listening on 127.0.0.1 only, on a free port. The gradebook
URL uses the ``psycopg`` (version 3) driver of SQLAlchemy.

>>> url_carnet(5433, "crmkit")
'postgresql+psycopg://crmkit@127.0.0.1:5433/crmkit'
>>> binaire_postgres("pg_ctl").name
'pg_ctl'
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ServeurPostgres",
    "PostgresIndisponible",
    "url_carnet",
    "binaire_postgres",
    "port_libre",
]


class PostgresIndisponible(RuntimeError):
    """PostgreSQL cannot be started here (French message)."""


def port_libre() -> int:
    """A free TCP port on 127.0.0.1.

    >>> 1024 < port_libre() < 65536
    True
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def url_carnet(port: int, base: str, role: str = "crmkit") -> str:
    """SQLAlchemy URL of the gradebook database *base* on 127.0.0.1:*port*."""
    return f"postgresql+psycopg://{role}@127.0.0.1:{port}/{base}"


def binaire_postgres(nom: str) -> Path:
    """Path of a PostgreSQL server program (Debian keeps them out of PATH)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{nom}"))
    if found:
        return Path(found[-1])
    other = shutil.which(nom)
    return Path(other) if other else Path("/usr/lib/postgresql/bin") / nom


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@dataclass
class ServeurPostgres:
    """One PostgreSQL cluster in *dossier* (created if empty), trust auth on 127.0.0.1."""

    dossier: Path
    port: int = 0
    base: str = "crmkit"
    role: str = "crmkit"

    @property
    def url(self) -> str:
        return url_carnet(self.port, self.base, self.role)

    @property
    def donnees(self) -> Path:
        return self.dossier / "donnees"

    def _run(self, cmd: list[str], **kw) -> subprocess.CompletedProcess:
        return subprocess.run(_as_postgres(cmd), capture_output=True, text=True, **kw)

    def initialiser(self) -> None:
        """initdb + a role and a database for the gradebook."""
        initdb = binaire_postgres("initdb")
        if not initdb.exists():
            raise PostgresIndisponible(
                "PostgreSQL n'est pas installé (paquet Debian « postgresql ») : lancez « make system »."
            )
        self.dossier.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.dossier, "postgres", "postgres")
        os.chmod(self.dossier, 0o700)
        if not (self.donnees / "PG_VERSION").exists():
            r = self._run(
                [
                    str(initdb),
                    "-D",
                    str(self.donnees),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                ]
                + ["--locale=C.UTF-8"]
            )
            if r.returncode:
                raise PostgresIndisponible(f"initdb a échoué : {r.stderr.strip()[-400:]}")

    def demarrer(self, attente: float = 30.0) -> None:
        """Start the server (a free port is chosen when ``port`` is 0); wait until it answers."""
        if not self.port:
            self.port = port_libre()
        opts = f"-p {self.port} -k {self.dossier} -c listen_addresses=127.0.0.1"
        r = self._run(
            [str(binaire_postgres("pg_ctl")), "-D", str(self.donnees), "-o", opts]
            + ["-l", str(self.dossier / "postgres.log"), "-w", "-t", str(int(attente)), "start"]
        )
        if r.returncode:
            log = self.dossier / "postgres.log"
            tail = log.read_text()[-600:] if log.exists() else r.stderr
            raise PostgresIndisponible(f"PostgreSQL n'a pas démarré : {tail.strip()}")
        self._creer_base()

    def _psql(self, sql: str, base: str = "postgres") -> subprocess.CompletedProcess:
        psql = binaire_postgres("psql")
        return self._run(
            [str(psql), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", base]
            + ["-v", "ON_ERROR_STOP=1", "-qAtc", sql]
        )

    def _creer_base(self) -> None:
        exists = self._psql(f"SELECT 1 FROM pg_roles WHERE rolname='{self.role}'").stdout.strip()
        if not exists:
            self._psql(f'CREATE ROLE "{self.role}" LOGIN')
        exists = self._psql(f"SELECT 1 FROM pg_database WHERE datname='{self.base}'").stdout.strip()
        if not exists:
            r = self._psql(f'CREATE DATABASE "{self.base}" OWNER "{self.role}"')
            if r.returncode:
                raise PostgresIndisponible(f"création de la base impossible : {r.stderr.strip()}")

    def sql(self, requete: str) -> str:
        """Run *requete* on the gradebook database; return psql's unaligned output."""
        r = self._psql(requete, base=self.base)
        if r.returncode:
            raise PostgresIndisponible(r.stderr.strip())
        return r.stdout

    def arreter(self) -> None:
        """Stop the server (fast shutdown); no error when it is not running."""
        if (self.donnees / "postmaster.pid").exists():
            self._run(
                [str(binaire_postgres("pg_ctl")), "-D", str(self.donnees), "-m", "fast", "-w"]
                + ["stop"]
            )

    def supprimer(self) -> None:
        """Stop the server and remove its folder."""
        self.arreter()
        shutil.rmtree(self.dossier, ignore_errors=True)

    def __enter__(self) -> ServeurPostgres:
        self.initialiser()
        self.demarrer()
        return self

    def __exit__(self, *exc) -> None:
        self.supprimer()


def attendre_port(port: int, attente: float = 30.0) -> bool:
    """True once something listens on 127.0.0.1:*port* (False after *attente* seconds)."""
    fin = time.monotonic() + attente
    while time.monotonic() < fin:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False
