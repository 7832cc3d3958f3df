"""A short report on one TD: score distribution and hardest items.

Written to ``grading/rapports/<td>/``: ``rapport.md`` (summary, distribution
and items as markdown tables), ``distribution.csv``, ``items.csv``, and two
PNG plots (``distribution.png``, ``items.png``; matplotlib, Agg backend).
Items not graded yet (manual grading pending) are left out of their success
rate and counted apart.

>>> item_stats({"q1": 2.0}, [{"scores": {"q1": 2.0}}, {"scores": {"q1": 0.0}}])
[{'item': 'q1', 'max': 2.0, 'copies': 2, 'moyenne': 1.0, 'reussite_pct': 50.0, 'non_notees': 0}]
>>> distribution([0, 2.5, 5, 5], 5, bins=2)
[('0–2,5', 1), ('2,5–5', 3)]
"""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

__all__ = ["item_stats", "distribution", "build_report", "REPORT_DIR"]

REPORT_DIR = Path("grading") / "rapports"


def _num(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def item_stats(item_max: dict[str, float], rows: list[dict]) -> list[dict]:
    """Mean and success rate per item, hardest (lowest rate) first."""
    out = []
    for item, mx in item_max.items():
        scores = [r["scores"].get(item) for r in rows if item in r["scores"]]
        graded = [s for s in scores if s is not None]
        mean = statistics.fmean(graded) if graded else None
        out.append(
            {
                "item": item,
                "max": mx,
                "copies": len(graded),
                "moyenne": None if mean is None else round(mean, 2),
                "reussite_pct": None if mean is None or not mx else round(100 * mean / mx, 1),
                "non_notees": len(scores) - len(graded),
            }
        )
    return sorted(out, key=lambda d: (d["reussite_pct"] is None, d["reussite_pct"] or 0, d["item"]))


def distribution(totals: list[float], max_score: float, bins: int = 10) -> list[tuple[str, int]]:
    """Counts of totals in *bins* equal bands of ``[0, max_score]`` (last band closed)."""
    width = max_score / bins if max_score else 1.0
    counts = [0] * bins
    for t in totals:
        counts[min(bins - 1, max(0, int(t // width)))] += 1
    return [
        (f"{_num(round(i * width, 2))}–{_num(round((i + 1) * width, 2))}", counts[i])
        for i in range(bins)
    ]


def _md_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("" if c is None else str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _plots(folder: Path, dist, items, assignment: str) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colour = "#0072B2"  # Okabe–Ito blue, colour-blind safe
    paths = []
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.bar([d[0] for d in dist], [d[1] for d in dist], color=colour)
    ax.set_title(f"{assignment} : répartition des notes")
    ax.set_xlabel("note (points)")
    ax.set_ylabel("nombre de copies")
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    paths.append(folder / "distribution.png")
    fig.savefig(paths[-1], dpi=100)
    plt.close(fig)

    rated = [d for d in items if d["reussite_pct"] is not None]
    fig, ax = plt.subplots(figsize=(7, 0.4 * max(3, len(rated)) + 1))
    ax.barh(
        [d["item"] for d in rated][::-1], [d["reussite_pct"] for d in rated][::-1], color=colour
    )
    ax.set_xlim(0, 100)
    ax.set_title(f"{assignment} : taux de réussite par question")
    ax.set_xlabel("réussite moyenne (%)")
    fig.tight_layout()
    paths.append(folder / "items.png")
    fig.savefig(paths[-1], dpi=100)
    plt.close(fig)
    return paths


def build_report(course_root: Path, assignment: str) -> list[Path]:
    """Write the report files of *assignment*; returns their paths."""
    from crmkit.grading.export import grade_table
    from crmkit.grading.retards import delay_text

    root = Path(course_root).resolve()
    table = grade_table(root, assignment)
    folder = root / REPORT_DIR / assignment
    folder.mkdir(parents=True, exist_ok=True)
    totals = [r["total"] for r in table.rows]
    dist = distribution(totals, table.max_score)
    items = item_stats(table.item_max, table.rows)
    written = []

    with (folder / "distribution.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["tranche", "copies"])
        w.writerows(dist)
    written.append(folder / "distribution.csv")
    with (folder / "items.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(items[0]) if items else ["item"])
        w.writeheader()
        w.writerows(items)
    written.append(folder / "items.csv")

    statuses: dict[str, int] = {}
    for r in table.rows:
        statuses[r["statut"] or "inconnu"] = statuses.get(r["statut"] or "inconnu", 0) + 1
    summary = [
        ["copies", len(totals)],
        ["note maximale possible", _num(table.max_score)],
    ]
    if totals:
        summary += [
            ["moyenne", _num(round(statistics.fmean(totals), 2))],
            ["médiane", _num(round(statistics.median(totals), 2))],
            ["minimum", _num(min(totals))],
            ["maximum", _num(max(totals))],
        ]
    summary += [[f"statut « {k} »", v] for k, v in sorted(statuses.items())]
    pending = sum(1 for r in table.rows if r["manual"])
    late = [f"- {r['etudiant']} : {delay_text(r['retard'])}" for r in table.rows if r.get("retard")]
    md = [
        f"# Rapport de correction : {assignment}",
        "",
        _md_table(["indicateur", "valeur"], summary),
        "",
        f"Copies avec une correction manuelle en attente : {pending}.",
        "",
        f"Copies remises après la date limite : {len(late)}.",
        *(["", *late] if late else []),
        "",
        "## Répartition des notes",
        "",
        _md_table(["tranche (points)", "copies"], [list(d) for d in dist]),
        "",
        "## Questions les plus difficiles",
        "",
        _md_table(
            ["question", "points", "copies notées", "moyenne", "réussite (%)", "non notées"],
            [
                [
                    d["item"],
                    _num(d["max"]),
                    d["copies"],
                    None if d["moyenne"] is None else _num(d["moyenne"]),
                    None if d["reussite_pct"] is None else _num(d["reussite_pct"]),
                    d["non_notees"],
                ]
                for d in items
            ],
        ),
        "",
        "![Répartition des notes](distribution.png)",
        "",
        "![Taux de réussite par question](items.png)",
        "",
    ]
    (folder / "rapport.md").write_text("\n".join(md), encoding="utf-8")
    written.append(folder / "rapport.md")
    written += _plots(folder, dist, items, assignment)
    return written
