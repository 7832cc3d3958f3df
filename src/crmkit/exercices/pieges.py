"""Predicates for misconception traps (:class:`crmkit.feedback.Piege`) shared by the TD modules.

A trap fires when the answer equals a recomputed wrong value under the same
rule as the question's kind: the wrong table or set is passed as a zero-argument
callable, evaluated only when the trap is tried.

>>> import pandas as pd
>>> pourcentages = table_egale(lambda: pd.Series({"a": 15.0, "b": 5.0}))
>>> pourcentages(pd.Series({"b": 5.0, "a": 15.0})), pourcentages(pd.Series({"a": 0.15, "b": 0.05}))
(True, False)
>>> ensemble_egal(lambda: {1, 2})([2, 1]), ensemble_egal(lambda: {1, 2})("12")
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable

from crmkit.feedback import Ensemble, Tableau


def table_egale(reference: Callable[[], object], tolerance: float = 1e-6) -> Callable:
    """Predicate: the answer equals the table ``reference()`` (rule of :class:`Tableau`)."""
    return lambda r: Tableau("piege", attendu=reference, tolerance=tolerance).evaluer(r).correct


def ensemble_egal(reference: Callable[[], object]) -> Callable:
    """Predicate: the answer holds the items of ``reference()`` (rule of :class:`Ensemble`)."""
    return lambda r: Ensemble("piege", attendu=reference).evaluer(r).correct
