"""Plain nbgrader vs the sandboxed engine on the hostile + bad corpus, overhead, repeated batches.

1. The bad-submission, hostile and resource corpora (tests/fixtures/sandbox_corpus*.py)
   are graded by plain serial ``nbgrader autograde`` and by ``crmkit grading
   autograde``; both score columns are printed side by side. WARNING: plain
   nbgrader runs the hostile code with your rights, so this part runs on a
   throw-away copy and only with --hostile-plain (attacks target paths inside
   the temp course, never outside it, except /tmp/pwned_* markers).
2. Sandbox overhead: honest notebooks through the engine with and without
   the sandbox (--jobs 1), time per notebook.
3. --repeat batches (default 20) of --batch notebooks (default 40) with
   --jobs 2, counting failures (any status other than "ok" or a score
   different from the first batch).
4. Watchdog round: what one round costs with issue 19's counting (tmpfs,
   open files, job folder: ``quotas.depassement``) against the resident
   memory alone (``ProcessWatch.usage``), on a sandbox holding a Python
   process with numpy and pandas loaded, and the share of one core the
   watchdog takes at 5 rounds a second.

    python benchmarks/bench_sandbox.py [--repeat 20] [--batch 40] [--overhead-notebooks 10] [--hostile-plain] [--rounds 500]

(``--repeat 0``, ``--overhead-notebooks 0`` or ``--rounds 0`` skip a part.)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fixtures"))
import sandbox_corpus as sc  # noqa: E402
import sandbox_corpus_ressources as scr  # noqa: E402

from crmkit.grading.autograde import autograde  # noqa: E402

UNSAFE_FOR_PLAIN = ("h_write_package", "h_swarm", "h_setsid_child")
# issue 19's resource attacks would fill the host's RAM, /tmp or disk without a sandbox
UNSAFE_FOR_PLAIN += ("r_tmpfs", "r_memfd", "r_disk", "r_deleted_open", "r_tmpfs_files")
TD0 = sc.REPO / "solutions" / "td0_prise_en_main" / "td0_prise_en_main.ipynb"


def _plain_scores(root: Path, assignment: str) -> dict[str, float]:
    try:
        return sc.gradebook_scores(sc.Course(root, assignment, None, None))
    except Exception as exc:  # noqa: BLE001 - the attacks may have destroyed it
        print(f"(carnet de notes de nbgrader illisible après l'attaque : {exc})")
        return {}


def _corpus_course(root: Path, solution, safe_for_plain: bool = False) -> sc.Course:
    """A course holding the two honest controls and the whole corpus.

    The corpus is built for *its own* course: attacks aim at that course's
    gradebook and folders, so plain nbgrader can only harm its own copy.
    """
    course = sc.make_course(root, solution)
    course.submit("controle_1", {course.nb_name: sc.honest(course)})
    course.submit("controle_2", {course.nb_name: sc.partial(course)})
    corpus = {**sc.bad_corpus(course), **sc.hostile_corpus(course), **scr.corpus(course)}
    for name, (files, _s, _k) in corpus.items():
        # attacks that would reach outside the throw-away course with your rights
        if not (safe_for_plain and name in UNSAFE_FOR_PLAIN):
            course.submit(name, files)
    return course


def side_by_side(base: Path, solution, plain_too: bool) -> None:
    course = _corpus_course(base / "corpus", solution)
    total = sum(1 for _ in (course.root / "grading" / "submitted").iterdir())
    plain_scores = {}
    if plain_too:
        batch = _corpus_course(base / "corpus_plain_batch", solution, safe_for_plain=True)
        sc.nbgrader(batch.root, "autograde", batch.assignment, "--Execute.timeout=8", check=False)
        graded = _plain_scores(batch.root, batch.assignment)
        print(
            f"nbgrader autograde, un seul lancement pour tout le lot : {len(graded)} dépôt(s) "
            f"noté(s) sur {total - len(UNSAFE_FOR_PLAIN)} (il s'arrête au premier dépôt "
            "qu'il ne sait pas lire)"
        )
        # One nbgrader run per student, in name order, in one course: what a
        # teacher gets by re-launching after each stop; attacks hit later students.
        plain = _corpus_course(base / "corpus_plain", solution, safe_for_plain=True)
        for student in sorted(p.name for p in (plain.root / "grading" / "submitted").iterdir()):
            sc.nbgrader(
                plain.root, "autograde", plain.assignment, "--student", student,
                "--Execute.timeout=8", check=False,
            )  # fmt: skip
            # read right away: a later attack may rewrite or wipe the gradebook
            now = _plain_scores(plain.root, plain.assignment)
            if student in now:
                plain_scores[student] = now[student]
        final = _plain_scores(plain.root, plain.assignment)
        kept = sum(final.get(k) == v for k, v in plain_scores.items())
        print(
            f"nbgrader, un lancement par étudiant : {len(plain_scores)} note(s) obtenue(s) ; "
            f"à la fin, le carnet en garde {kept} telle(s) quelle(s) : "
            f"{len(plain_scores) - kept} perdue(s) ou modifiée(s) par des attaques"
        )
    t0 = time.perf_counter()
    outcomes = autograde(
        course.root, course.assignment, jobs=2, time_limit=8, memory_limit_mb=1024, progress=False
    )
    print(f"Corpus : {len(outcomes)} dépôts notés par crmkit en {time.perf_counter() - t0:.1f} s")
    print("(nbgrader : un lancement par étudiant ; « - » = aucune note, « n/a » = non lancé)")
    print(f"{'dépôt':<26}{'nbgrader':>9}{'crmkit':>8}  statut crmkit · détail")
    for o in sorted(outcomes, key=lambda o: o.student_id):
        p = plain_scores.get(o.student_id)
        ptxt = "-" if p is None else f"{p:g}"
        if plain_too and o.student_id in UNSAFE_FOR_PLAIN or not plain_too:
            ptxt = "n/a"
        print(f"{o.student_id:<26}{ptxt:>9}{o.score:>8g}  {o.status} · {o.message[:70]}")


def overhead(base: Path, solution, n: int) -> None:
    course = sc.make_course(base / "overhead", solution)
    for i in range(n):
        course.submit(f"e{i:02d}", {course.nb_name: sc.honest(course)})
    times = {}
    for flag in (False, True):
        t0 = time.perf_counter()
        autograde(
            course.root, course.assignment, jobs=1, regrade=True, sandbox=flag, progress=False
        )
        times[flag] = (time.perf_counter() - t0) / n
    ratio = times[True] / times[False] - 1
    print(
        f"Par notebook : sans bac à sable {times[False]:.2f} s, avec {times[True]:.2f} s "
        f"→ surcoût {ratio * 100:+.1f} %"
    )


def repeated(base: Path, solution, repeat: int, batch: int) -> None:
    course = sc.make_course(base / "repeat", solution)
    for i in range(batch):
        nb = sc.honest(course) if i % 2 == 0 else sc.partial(course)
        course.submit(f"e{i:03d}", {course.nb_name: nb})
    reference, failures, t0 = None, 0, time.perf_counter()
    for r in range(repeat):
        out = autograde(course.root, course.assignment, jobs=2, regrade=True, progress=False)
        scores = {o.student_id: o.score for o in out}
        bad = [o for o in out if o.status != "ok"]
        if reference is None:
            reference = scores
        failures += len(bad) + sum(scores[k] != v for k, v in reference.items())
        for o in bad:
            print(f"  lot {r + 1} : {o.student_id} {o.status} {o.message}")
    print(
        f"{repeat} lots × {batch} notebooks (--jobs 2) en {time.perf_counter() - t0:.0f} s : "
        f"{failures} échec(s) (collision de port, course ou note différente)"
    )


def watchdog_round(base: Path, rounds: int) -> None:
    import subprocess

    from crmkit.grading import quotas, sandbox
    from crmkit.grading.executor import Limits

    job = base / "veille"
    (job / "work").mkdir(parents=True)
    (job / "home").mkdir()
    (job / "tmp").mkdir()
    (job / "work" / "td.ipynb").write_text("{}" * 20_000)
    code = "import numpy, pandas, time; open('pret', 'w').close(); time.sleep(600)"
    cmd = sandbox.bwrap_command(
        [sys.executable, "-c", code],
        job_dir=job,
        workdir=job / "work",
        readonly=sandbox.python_readonly_paths(),
        env={"HOME": str(job / "home"), "PATH": "/usr/bin:/bin"},
    )
    compteur = quotas.Compteur(job, files=10_000)
    proc = subprocess.Popen(cmd)
    watch = sandbox.ProcessWatch(proc.pid, sandboxed=True)
    try:
        while not (job / "work" / "pret").exists():
            watch.pids()
            time.sleep(0.05)
        limits = Limits()
        pids = watch.pids()
        rounds_of = {
            "ancien tour (mémoire résidente)": watch.usage,
            "nouveau tour (quotas)": lambda: quotas.depassement(compteur, watch, limits),
            "comptage ajouté seul": lambda: compteur.mesurer(pids, sandboxed=True),
        }
        timings = {}
        for _ in range(3):  # interleaved, best of three: the machine may be shared
            for label, fn in rounds_of.items():
                t0 = time.perf_counter()
                for _ in range(rounds):
                    fn()
                best = timings.get(label, float("inf"))
                timings[label] = min(best, (time.perf_counter() - t0) / rounds)
    finally:
        watch.kill_all()
        proc.wait()
    old, new, added = timings.values()
    print(
        f"Tour de veille : ancien {old * 1e3:.2f} ms, avec les quotas {new * 1e3:.2f} ms "
        f"(×{new / old:.2f}) dont comptage ajouté {added * 1e3:.2f} ms ; à 5 tours par "
        f"seconde, le comptage ajouté prend {added * 5 * 100:.2f} % d'un cœur par notebook"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--batch", type=int, default=40)
    parser.add_argument("--overhead-notebooks", type=int, default=10)
    parser.add_argument("--hostile-plain", action="store_true")
    parser.add_argument("--rounds", type=int, default=500)
    parser.add_argument("--solution", type=Path, default=TD0 if TD0.exists() else None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sandbox-") as tmp:
        base = Path(tmp)
        if args.rounds:
            watchdog_round(base, args.rounds)
        side_by_side(base, args.solution, args.hostile_plain)
        if args.overhead_notebooks:
            overhead(base, args.solution, args.overhead_notebooks)
        if args.repeat:
            repeated(base, args.solution, args.repeat, args.batch)


if __name__ == "__main__":
    main()
