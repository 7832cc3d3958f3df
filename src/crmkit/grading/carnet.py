"""Which gradebook a ``crmkit grading`` command uses, and is it reachable.

The gradebook URL is nbgrader's ``CourseDirectory.db_url``. The course's
``nbgrader_config.py`` reads it from ``CRMKIT_DB_URL`` (SQLite file under
``grading/`` when unset); ``--db-url`` on any ``crmkit grading`` command sets
that variable for the command. A server gradebook (PostgreSQL, driver
``psycopg``) is checked *before* anything is written, so a database that is
down stops the command with a French message and leaves no half-done work.

>>> decrire_url("postgresql+psycopg://grader:secret@db.iut.fr:5432/grc")
'postgresql+psycopg://grader:***@db.iut.fr:5432/grc'
>>> est_serveur("sqlite:////tmp/gradebook.db"), est_serveur("postgresql+psycopg://u@h/b")
(False, True)
"""

from __future__ import annotations

import os
import re

__all__ = ["VARIABLE_ENV", "CarnetInjoignable", "decrire_url", "est_serveur", "verifier_carnet"]

VARIABLE_ENV = "CRMKIT_DB_URL"


class CarnetInjoignable(RuntimeError):
    """The gradebook's database server does not answer (French message)."""


def decrire_url(url: str) -> str:
    """*url* with its password hidden (for messages and logs)."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def est_serveur(url: str) -> bool:
    """True for a database server URL (anything but a SQLite file)."""
    return not url.startswith("sqlite")


def verifier_carnet(url: str, delai: float = 5.0) -> None:
    """Raise :class:`CarnetInjoignable` when the server gradebook at *url* does not answer.

    >>> verifier_carnet("sqlite:////nonexistent/gradebook.db")  # files are nbgrader's job
    >>> verifier_carnet("postgresql+psycopg://u@127.0.0.1:1/b", delai=1)
    Traceback (most recent call last):
    ...
    crmkit.grading.carnet.CarnetInjoignable: le carnet de notes (postgresql+psycopg://u@127.0.0.1:1/b) ne répond pas : vérifiez que le serveur PostgreSQL est démarré, puis relancez la commande ; rien n'a été écrit.
    """
    if not est_serveur(url):
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    args = {"connect_timeout": max(1, int(delai))} if url.startswith("postgresql") else {}
    try:
        engine = create_engine(url, connect_args=args)
    except (SQLAlchemyError, ImportError) as exc:
        raise CarnetInjoignable(
            f"adresse du carnet de notes invalide ({decrire_url(url)}) : {exc}"
        ) from None
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError:
        raise CarnetInjoignable(
            f"le carnet de notes ({decrire_url(url)}) ne répond pas : vérifiez que le serveur "
            "PostgreSQL est démarré, puis relancez la commande ; rien n'a été écrit."
        ) from None
    finally:
        engine.dispose()


def appliquer_option(db_url: str | None) -> None:
    """``--db-url``: make the course's config (and nbgrader run from here) use *db_url*."""
    if db_url:
        os.environ[VARIABLE_ENV] = db_url
