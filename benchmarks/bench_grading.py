"""Serial ``nbgrader autograde`` vs ``crmkit grading autograde --jobs N`` on the same submissions.

Builds a course in a temp folder from a solution notebook (default: the
warm-up TD if present, else the built-in mini TD), submits N notebooks (the
solution and known-wrong variants), grades them with plain serial nbgrader
and with the crmkit engine for each --jobs value, checks the scores are
identical and prints the speed-up ratios measured in this run, and for
``--jobs 1`` the cost per notebook of the sandbox and the out-of-process
verdict relative to plain nbgrader (target: at most +15 %).

    python benchmarks/bench_grading.py [--students 40] [--jobs 1 2] [--solution PATH]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fixtures"))
import sandbox_corpus as sc  # noqa: E402

from crmkit.grading.autograde import autograde  # noqa: E402

TD0 = sc.REPO / "solutions" / "td0_prise_en_main" / "td0_prise_en_main.ipynb"


def build(base: Path, solution: Path | None, students: int) -> sc.Course:
    course = sc.make_course(base / "cours", solution)
    n_answers = max(1, len(sc.answer_ids(course)))
    for i in range(students):
        nb = (
            sc.honest(course)
            if i % 4 == 0
            else sc.wrong(course, [i % n_answers, (i * 7) % n_answers])
        )
        course.submit(f"etudiant_{i:03d}", {course.nb_name: nb})
    return course


def cell_scores(root: Path, assignment: str) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root}/grading/gradebook.db") as gb:
        return {
            (s.student.id, g.name): g.score
            for s in gb.assignment_submissions(assignment)
            for nb in s.notebooks
            for g in nb.grades
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--solution", type=Path, default=TD0 if TD0.exists() else None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        base = Path(tmp)
        course = build(base, args.solution, args.students)
        pristine = base / "pristine"
        shutil.copytree(course.root, pristine)
        plain = base / "plain"
        shutil.copytree(pristine, plain)
        t0 = time.perf_counter()
        sc.nbgrader(plain, "autograde", course.assignment)
        t_plain = time.perf_counter() - t0
        reference = cell_scores(plain, course.assignment)
        print(
            f"TD : {course.assignment} · {args.students} dépôts · {len(reference)} cellules notées"
        )
        print(f"nbgrader autograde (série)     : {t_plain:7.1f} s")
        for jobs in args.jobs:
            run_dir = base / f"jobs{jobs}"
            shutil.copytree(pristine, run_dir)
            t0 = time.perf_counter()
            autograde(run_dir, course.assignment, jobs=jobs, progress=False)
            t = time.perf_counter() - t0
            same = cell_scores(run_dir, course.assignment) == reference
            print(
                f"crmkit autograde --jobs {jobs:<2}     : {t:7.1f} s · accélération "
                f"{t_plain / t:4.2f}× · notes identiques : {'oui' if same else 'NON'}"
            )
            if jobs == 1:
                per_plain, per_engine = t_plain / args.students, t / args.students
                print(
                    f"  par notebook (--jobs 1)       : nbgrader {per_plain:.2f} s, crmkit "
                    f"{per_engine:.2f} s → surcoût bac à sable + verdict "
                    f"{(per_engine / per_plain - 1) * 100:+.1f} %"
                )
            if not same:
                raise SystemExit(1)


if __name__ == "__main__":
    main()
