"""What autograde found for one student and one assignment, saved as JSON.

Outcomes live in ``<course>/grading/outcomes/<assignment>/<student>.json`` so
that ``feedback``, ``export`` and ``report`` can name what happened.

Status codes: ``ok``, ``delai_depasse``, ``memoire_depassee``,
``processus_depasses``, ``quota_disque_depasse``, ``fichiers_depasses``,
``noyau_arrete``, ``reponse_refusee``,
``notebook_invalide``, ``notebook_absent``, ``erreur_interne``.

>>> o = Outcome("e1", "td0", "ok", "correction terminée", 3.0, 4.0, True, 1.5)
>>> Outcome.from_json(o.to_json()) == o
True
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["Outcome", "CellOutcome", "outcome_path", "save_outcome", "load_outcomes", "STATUTS"]

STATUTS = {
    "ok": "correction terminée",
    "delai_depasse": "délai dépassé",
    "memoire_depassee": "mémoire dépassée",
    "processus_depasses": "trop de processus",
    "quota_disque_depasse": "quota disque dépassé",
    "fichiers_depasses": "trop de fichiers créés",
    "noyau_arrete": "noyau arrêté",
    "reponse_refusee": "réponse refusée : pas une valeur simple",
    "notebook_invalide": "notebook illisible ou invalide",
    "notebook_absent": "aucun notebook attendu dans le dépôt",
    "erreur_interne": "erreur interne du correcteur",
}


@dataclass
class CellOutcome:
    """One graded cell: its score and, when the engine zeroed it, why (French)."""

    notebook: str
    grade_id: str
    score: float | None
    max_score: float
    reason: str | None = None


@dataclass
class Outcome:
    """Autograde result for one student (all notebooks of the assignment)."""

    student_id: str
    assignment: str
    status: str
    message: str
    score: float
    max_score: float
    sandboxed: bool
    duration_s: float
    cells: list[CellOutcome] = field(default_factory=list)
    notebooks: dict[str, str] = field(default_factory=dict)  # notebook -> status
    digest: str = ""  # fingerprint of the submitted files (resume)
    survivors: int = 0  # processes still alive after grading (should be 0)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Outcome:
        data = json.loads(text)
        data["cells"] = [CellOutcome(**c) for c in data.get("cells", [])]
        return cls(**data)


def outcome_path(course_root: Path, assignment: str, student: str) -> Path:
    return Path(course_root) / "grading" / "outcomes" / assignment / f"{student}.json"


def save_outcome(course_root: Path, outcome: Outcome) -> Path:
    path = outcome_path(course_root, outcome.assignment, outcome.student_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(outcome.to_json(), encoding="utf-8")
    tmp.replace(path)
    return path


def load_outcomes(course_root: Path, assignment: str) -> dict[str, Outcome]:
    """Saved outcomes of *assignment*, by student id.

    >>> load_outcomes(Path("/nonexistent"), "td0")
    {}
    """
    folder = Path(course_root) / "grading" / "outcomes" / assignment
    out: dict[str, Outcome] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            outcome = Outcome.from_json(path.read_text(encoding="utf-8"))
        except (ValueError, TypeError, KeyError):
            continue
        out[outcome.student_id] = outcome
    return out
