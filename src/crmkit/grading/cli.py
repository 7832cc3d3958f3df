"""``crmkit grading …``: the instructor command line (argparse wiring only).

Each sub-command lives in its own module; this file only declares options and
turns :class:`Exception` subclasses meant for the teacher into a French line on
stderr and a non-zero exit status.

>>> import argparse
>>> p = argparse.ArgumentParser(); sub = p.add_subparsers(dest="tool")
>>> add_grading_parser(sub)
>>> a = p.parse_args(["grading", "release", "td0", "--course-root", "/tmp"])
>>> (a.command, a.assignments, str(a.course_root))
('release', ['td0'], '/tmp')
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_grading_parser"]


def _root_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--course-root",
        type=Path,
        default=Path("."),
        help="racine du cours (dossier de nbgrader_config.py) ; défaut : dossier courant",
    )


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db-url",
        help="carnet de notes (ex. postgresql+psycopg://correcteur@127.0.0.1/grc) ; "
        "défaut : CRMKIT_DB_URL, sinon le fichier SQLite de grading/",
    )


def _with_gradebook(func):
    """Apply ``--db-url``, then stop with a French error if a server gradebook is down."""

    def run(args: argparse.Namespace) -> int:
        from crmkit.grading.carnet import CarnetInjoignable, appliquer_option, verifier_carnet
        from crmkit.grading.release import ReleaseError, load_config

        appliquer_option(getattr(args, "db_url", None))
        try:
            url = str(load_config(args.course_root).CourseDirectory.db_url or "")
            verifier_carnet(url)
        except (CarnetInjoignable, ReleaseError) as exc:
            return _fail(str(exc))
        return func(args)

    return run


def _fail(message: str, status: int = 2) -> int:
    print(f"Erreur : {message}", file=sys.stderr)
    return status


# --------------------------------------------------------------------------- release / check


def _cmd_release(args: argparse.Namespace) -> int:
    from crmkit.grading.release import ReleaseError, release

    try:
        written = release(args.course_root, args.assignments or None)
    except ReleaseError as exc:
        return _fail(str(exc))
    if not written:
        print("Aucun TD trouvé dans solutions/ : rien à générer.")
    for path in written:
        print(f"Version étudiante générée : {path}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from crmkit.grading.release import ReleaseError, stale_report

    try:
        report = stale_report(args.course_root)
    except ReleaseError as exc:
        return _fail(str(exc))
    if not report:
        print("exercises/ est à jour avec solutions/.")
        return 0
    print(
        "exercises/ n'est pas à jour pour : " + ", ".join(sorted(report)) + ".",
        file=sys.stderr,
    )
    for name, notes in sorted(report.items()):
        for note in notes:
            print(f"  - {name} : {note}", file=sys.stderr)
    print("Régénérez les versions étudiantes avec « make exercises ».", file=sys.stderr)
    return 1


# --------------------------------------------------------------------------- collect / autograde


def _cmd_collect(args: argparse.Namespace) -> int:
    from crmkit.grading.collect import CollectError, collect

    try:
        report = collect(
            args.course_root,
            args.assignment,
            args.source,
            args.roster,
            args.id_column,
            args.date_limite,
            args.fuseau,
        )
    except CollectError as exc:
        return _fail(str(exc))
    print(report.text())
    return 0 if (report.imported or report.unchanged) else 1


def _cmd_autograde(args: argparse.Namespace) -> int:
    from crmkit.grading import autograde as engine
    from crmkit.grading.release import ReleaseError, register

    try:
        # The gradebook must know the TD (cells, points, checksums) first.
        register(args.course_root, args.assignment)
    except ReleaseError as exc:
        return _fail(str(exc))
    return int(engine.run(args) or 0)


# --------------------------------------------------------------------------- feedback / export / report


def _cmd_feedback(args: argparse.Namespace) -> int:
    from crmkit.grading.retours import RetoursError, build_retours

    try:
        report = build_retours(
            args.course_root, args.assignment, args.montrer_tests_caches, args.student
        )
    except RetoursError as exc:
        return _fail(str(exc))
    print(report.text())
    if args.zip_moodle:
        from crmkit.grading.retours_moodle import build_zip_moodle

        path, warnings = build_zip_moodle(args.course_root, args.assignment, report.folders)
        print(f"Zip pour Moodle (« Téléverser plusieurs fichiers de feedback ») : {path}")
        for warning in warnings:
            print(f"Attention : {warning}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from crmkit.grading.export import ExportError, export

    try:
        paths, warnings = export(args.course_root, args.assignment, args.sur, args.feuille)
    except ExportError as exc:
        return _fail(str(exc))
    for path in paths:
        print(f"Écrit : {path}")
    for warning in warnings:
        print(f"Attention : {warning}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from crmkit.grading.export import ExportError
    from crmkit.grading.report import build_report

    try:
        paths = build_report(args.course_root, args.assignment)
    except ExportError as exc:
        return _fail(str(exc))
    for path in paths:
        print(f"Écrit : {path}")
    return 0


# --------------------------------------------------------------------------- wiring


def add_grading_parser(subparsers) -> None:
    """Add ``grading`` and its sub-commands to an argparse *subparsers* object."""
    grading = subparsers.add_parser(
        "grading",
        help="correction des TD (nbgrader)",
        description="Chaîne de correction : release → collect → autograde → feedback → export.",
    )
    cmds = grading.add_subparsers(dest="command", metavar="COMMANDE")
    cmds.required = True

    p = cmds.add_parser("release", help="générer exercises/ depuis solutions/")
    p.add_argument("assignments", nargs="*", metavar="TD", help="TD à générer (défaut : tous)")
    _root_option(p)
    p.set_defaults(func=_cmd_release)

    p = cmds.add_parser("check", help="échoue si exercises/ n'est pas à jour")
    _root_option(p)
    p.set_defaults(func=_cmd_check)

    p = cmds.add_parser(
        "collect", help="importer les copies (dossier ou zip Moodle) dans grading/submitted/"
    )
    p.add_argument("assignment", metavar="TD", help="identifiant du TD (ex. td0_prise_en_main)")
    p.add_argument("source", type=Path, help="dossier de notebooks ou zip « tous les travaux »")
    p.add_argument(
        "--roster",
        type=Path,
        help="CSV des étudiants (ex. feuille d'évaluation Moodle) : participant → identifiant",
    )
    p.add_argument("--id-column", help="colonne du CSV qui sert d'identifiant étudiant")
    p.add_argument(
        "--date-limite",
        metavar="'AAAA-MM-JJ HH:MM'",
        help="date limite de remise (heure locale) : les copies remises après sont en retard",
    )
    p.add_argument(
        "--fuseau",
        metavar="Europe/Paris",
        help="fuseau horaire des dates Moodle et de la date limite (celui de votre profil "
        "Moodle) ; par défaut, celui de cette machine",
    )
    _root_option(p)
    _db_option(p)
    p.set_defaults(func=_with_gradebook(_cmd_collect))

    p = cmds.add_parser(
        "autograde", help="corriger automatiquement un TD (en parallèle, isolé, reprise possible)"
    )
    try:
        from crmkit.grading import autograde as engine
    except ImportError as exc:  # keep release/check usable if the engine cannot load
        p.add_argument("rest", nargs="*")
        p.set_defaults(func=lambda a, e=exc: _fail(f"moteur de correction indisponible ({e})."))
    else:
        engine.add_arguments(p)  # declares TD, --course-root, --jobs, limits…
        _db_option(p)
        p.set_defaults(func=_with_gradebook(_cmd_autograde))

    p = cmds.add_parser("feedback", help="retours HTML par étudiant dans grading/retours/")
    p.add_argument("assignment", metavar="TD")
    p.add_argument(
        "--montrer-tests-caches",
        action="store_true",
        help="laisser les tests cachés (et leurs valeurs attendues) dans les pages rendues",
    )
    p.add_argument(
        "--zip-moodle",
        action="store_true",
        help="écrire aussi grading/export/retours_TD_moodle.zip, à téléverser dans le devoir Moodle",
    )
    p.add_argument(
        "--student",
        action="append",
        metavar="ETUDIANT",
        help="retour de cet étudiant seulement (répétable ; les autres dossiers restent tels quels)",
    )
    _root_option(p)
    _db_option(p)
    p.set_defaults(func=_with_gradebook(_cmd_feedback))

    p = cmds.add_parser("export", help="notes en CSV (détail et import Moodle)")
    p.add_argument("assignment", metavar="TD")
    p.add_argument(
        "--sur", type=float, default=None, help="ramener la note Moodle sur ce total (ex. 20)"
    )
    p.add_argument(
        "--feuille",
        type=Path,
        help="feuille d'évaluation téléchargée de Moodle, à remplir (→ grading/export/feuille_TD.csv)",
    )
    _root_option(p)
    _db_option(p)
    p.set_defaults(func=_with_gradebook(_cmd_export))

    p = cmds.add_parser("report", help="répartition des notes et questions difficiles")
    p.add_argument("assignment", metavar="TD")
    _root_option(p)
    _db_option(p)
    p.set_defaults(func=_with_gradebook(_cmd_report))
