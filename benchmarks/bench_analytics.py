"""Benchmark: RFM segmentation + Pareto table on 1 and 5 million transactions.

Compares crmkit (``scoring.segmentation_rfm`` + ``economics.table_pareto``)
with a straightforward pandas version built on ``groupby().apply()``, both
measured in the same run on the same synthetic transactions (10 per customer
on average). Prints wall time (best of ``--repetitions`` for crmkit), peak
memory allocated during the call (``tracemalloc``, which numpy and pandas
report to) and the speed ratio. Targets from issue 5: 1M transactions in
under 1 s, at least 5x faster than the ``apply`` baseline.

    python benchmarks/bench_analytics.py                 # 1M and 5M (a few minutes)
    python benchmarks/bench_analytics.py --tailles 1000000
    python benchmarks/bench_analytics.py --sans-base-5m  # skip the slow baseline at 5M

The results of both versions are compared (same recency, frequency and
amount per customer, same Pareto shares) before timing is reported.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc

import numpy as np
import pandas as pd

from crmkit.economics import table_pareto
from crmkit.scoring import segmentation_rfm

REF = pd.Timestamp("2025-12-31")


def transactions(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` synthetic orders: ``client_id``, ``date_commande`` (2019–2025), ``montant``."""
    rng = np.random.default_rng(seed)
    nb_clients = max(n // 10, 1)
    debut = np.datetime64("2019-01-01")
    jours = rng.integers(0, 2556, n)
    return pd.DataFrame(
        {
            "client_id": rng.integers(1, nb_clients + 1, n),
            "date_commande": (debut + jours.astype("timedelta64[D]")).astype("datetime64[ns]"),
            "montant": np.round(rng.lognormal(4, 0.8, n), 2),
        }
    )


def crmkit_version(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return segmentation_rfm(df, REF), table_pareto(df)


def _notes_naives(s: pd.Series, croissant: bool = True) -> pd.Series:
    # the usual recipe: rank to break ties, then qcut into quintiles
    r = s.rank(method="first", ascending=croissant)
    return pd.qcut(r, 5, labels=False) + 1


def apply_version(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What a pandas user typically writes first: one Python call per customer."""
    rfm = df.groupby("client_id").apply(
        lambda g: pd.Series(
            {
                "recence": (REF - g["date_commande"].max()).days,
                "frequence": len(g),
                "montant": g["montant"].sum(),
            }
        ),
        include_groups=False,
    )
    rfm["R"] = _notes_naives(rfm["recence"], croissant=False)
    rfm["F"] = _notes_naives(rfm["frequence"])
    rfm["M"] = _notes_naives(rfm["montant"])
    rfm["code_rfm"] = rfm.apply(lambda x: f"{int(x.R)}{int(x.F)}{int(x.M)}", axis=1)
    valeur = df.groupby("client_id").apply(lambda g: g["montant"].sum(), include_groups=False)
    valeur = valeur.sort_values(ascending=False)
    pareto = pd.DataFrame(
        {
            "client_id": valeur.index,
            "montant": valeur.to_numpy(),
            "part_clients": np.arange(1, len(valeur) + 1) / len(valeur),
            "part_valeur": valeur.cumsum().to_numpy() / valeur.sum(),
        }
    )
    return rfm, pareto


def chrono(fonction, df, repetitions: int) -> tuple[float, object]:
    meilleur, resultat = float("inf"), None
    for _ in range(repetitions):
        gc.collect()
        t0 = time.perf_counter()
        resultat = fonction(df)
        meilleur = min(meilleur, time.perf_counter() - t0)
    return meilleur, resultat


def pic_memoire(fonction, df) -> int:
    gc.collect()
    tracemalloc.start()
    fonction(df)
    _, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return pic


def verifier_accord(rapide, naif) -> None:
    (rfm_r, par_r), (rfm_n, par_n) = rapide, naif
    cols = ["recence", "frequence", "montant"]
    np.testing.assert_allclose(
        rfm_r[cols].to_numpy(), rfm_n.loc[rfm_r.index, cols].to_numpy(dtype=float), rtol=1e-9
    )
    np.testing.assert_allclose(par_r["part_valeur"], par_n["part_valeur"], rtol=1e-9)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tailles", type=int, nargs="+", default=[1_000_000, 5_000_000])
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--sans-base-5m", action="store_true", help="skip the apply baseline ≥ 5M")
    args = ap.parse_args()

    print(f"pandas {pd.__version__}, numpy {np.__version__}")
    print(
        f"{'transactions':>13} {'clients':>9} | {'crmkit s':>9} {'pic Mo':>7} | "
        f"{'apply s':>8} {'pic Mo':>7} | {'ratio':>6}"
    )
    ok = True
    for n in args.tailles:
        df = transactions(n)
        nb_clients = df["client_id"].nunique()
        t_r, res_r = chrono(crmkit_version, df, args.repetitions)
        m_r = pic_memoire(crmkit_version, df)
        if args.sans_base_5m and n >= 5_000_000:
            print(
                f"{n:>13,} {nb_clients:>9,} | {t_r:>9.3f} {m_r / 2**20:>7.0f} | {'—':>8} "
                f"{'—':>7} | {'—':>6}"
            )
            ok &= n > 1_000_000 or t_r < 1.0
            continue
        t_n, res_n = chrono(apply_version, df, 1)
        verifier_accord(res_r, res_n)
        m_n = pic_memoire(apply_version, df) if n <= 1_000_000 else float("nan")
        ratio = t_n / t_r
        mem_n = f"{m_n / 2**20:>7.0f}" if m_n == m_n else f"{'—':>7}"
        print(
            f"{n:>13,} {nb_clients:>9,} | {t_r:>9.3f} {m_r / 2**20:>7.0f} | {t_n:>8.2f} "
            f"{mem_n} | {ratio:>5.1f}x"
        )
        if n == 1_000_000:
            ok &= t_r < 1.0 and ratio >= 5
    print("Cibles (1M < 1 s, ≥ 5x plus rapide que apply) :", "atteintes" if ok else "MANQUÉES")


if __name__ == "__main__":
    main()
