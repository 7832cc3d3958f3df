"""Late submissions: Moodle's submission dates and the deadline, handed to nbgrader.

nbgrader knows a copy is late when the TD has a due date in the gradebook and
the submission's ``timestamp.txt`` (in ``grading/submitted/<student>/<td>/``,
read by ``CourseDirectory.get_existing_timestamp``) is after it; its
``LateSubmissionPlugin`` (``c.AssignLatePenalties.plugin_class``) then applies
the course's penalty, and the gradebook records ``total_seconds_late``.

``collect`` writes the timestamps from the worksheet's « Dernière modification
(travail remis) » and, with ``--date-limite``, the due date.

>>> delay_text(2 * 3600 + 5 * 60)
'2 h 05 min'
>>> delay_text(3 * 86400 + 60)
'3 j 0 h 01 min'
>>> parse_deadline("2025-03-02 23:59").strftime("%d/%m %H:%M")
'02/03 23:59'
>>> parse_deadline("2025-03-02 23:59", fuseau("Europe/Paris")).isoformat()
'2025-03-02T23:59:00+01:00'

Moodle writes dates in the time zone of the teacher's profile, without saying
which; ``--fuseau Europe/Paris`` names it when the grading machine's own zone
differs (a hub in UTC), otherwise the machine's zone is used.
"""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "delay_text",
    "parse_deadline",
    "write_timestamp",
    "set_duedate",
    "read_duedate",
    "DeadlineError",
    "fuseau",
    "heure_locale",
]


class DeadlineError(ValueError):
    """Unreadable ``--date-limite`` (French message)."""


def delay_text(seconds: float) -> str:
    """A delay in French short units (days, hours, minutes)."""
    minutes = max(int(round(seconds / 60)), 1) if seconds > 0 else 0
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    text = f"{hours} h {mins:02d} min"
    return f"{days} j {text}" if days else text


def fuseau(nom: str | None) -> tzinfo | None:
    """The time zone named *nom* (IANA name, e.g. ``Europe/Paris``); ``None``: the machine's.

    >>> fuseau("Europe/Paris").key
    'Europe/Paris'
    >>> fuseau("Paris")
    Traceback (most recent call last):
    crmkit.grading.retards.DeadlineError: fuseau horaire inconnu : « Paris » ; écrivez un nom comme Europe/Paris ou America/Cayenne.
    """
    if not nom:
        return None
    try:
        return ZoneInfo(nom.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise DeadlineError(
            f"fuseau horaire inconnu : « {nom} » ; écrivez un nom comme Europe/Paris ou America/Cayenne."
        ) from None


def heure_locale(value: datetime, zone: tzinfo | None = None) -> datetime:
    """*value* made aware: kept if it has an offset, else read in *zone* (``None``: the machine's)."""
    if value.tzinfo:
        return value
    return value.replace(tzinfo=zone) if zone is not None else value.astimezone()


def parse_deadline(text: str, zone: tzinfo | None = None) -> datetime:
    """``--date-limite`` (``AAAA-MM-JJ HH:MM``, in *zone* unless an offset is given)."""
    try:
        value = datetime.fromisoformat(text.strip().replace("T", " "))
    except ValueError:
        raise DeadlineError(
            f"date limite illisible : « {text} » ; écrivez-la AAAA-MM-JJ HH:MM "
            "(ex. 2025-03-02 23:59), à l'heure locale."
        ) from None
    return heure_locale(value, zone)


def _utc_naive(value: datetime) -> datetime:
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def write_timestamp(folder: Path, when: datetime) -> None:
    """Write nbgrader's ``timestamp.txt`` (UTC, explicit offset) in *folder*."""
    text = when.astimezone(timezone.utc).isoformat(" ")
    tmp = folder / "timestamp.txt.tmp"
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(folder / "timestamp.txt")


def _gradebook(course_root: Path):
    from nbgrader.api import Gradebook

    from crmkit.grading.release import _ensure_alembic_on_path, load_config

    _ensure_alembic_on_path()
    config = load_config(Path(course_root))
    db_url = config.CourseDirectory.db_url
    if db_url.startswith("sqlite:///"):
        Path(db_url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    return Gradebook(db_url, config.CourseDirectory.course_id)


def set_duedate(course_root: Path, assignment: str, deadline: datetime) -> None:
    """Record *deadline* as the TD's due date in nbgrader's gradebook."""
    with _gradebook(course_root) as gb:
        gb.update_or_create_assignment(assignment, duedate=_utc_naive(deadline))


def read_duedate(course_root: Path, assignment: str) -> datetime | None:
    """The TD's due date from the gradebook (aware, UTC), if any and if the gradebook exists."""
    from nbgrader.api import MissingEntry

    from crmkit.grading.release import load_config

    db_url = load_config(Path(course_root)).CourseDirectory.db_url
    if db_url.startswith("sqlite:///") and not Path(db_url[len("sqlite:///") :]).is_file():
        return None
    with _gradebook(course_root) as gb:
        try:
            due = gb.find_assignment(assignment).duedate
        except MissingEntry:
            return None
    return None if due is None else due.replace(tzinfo=timezone.utc)
