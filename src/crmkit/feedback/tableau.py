"""Table answers: a pandas DataFrame or Series recomputed and compared (:class:`Tableau`)."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass

from .normalisation import _appeler, _nom_type, normaliser
from .question import OMIS, Question
from .resultats import pluriel


@dataclass
class Tableau(Question):
    """A pandas DataFrame or Series recomputed and compared (order of rows ignored by default).

    ``colonnes`` (DataFrame only) limits the comparison to these columns;
    extra student columns are allowed. Values compared with a relative tolerance.
    The hidden test omits the expected value: the declaration recomputes it.

    >>> import pandas as pd
    >>> q = Tableau("q5", attendu=lambda: pd.Series({"email": 0.2, "sms": 0.1}), variable="taux")
    >>> q.evaluer(pd.Series({"sms": 0.1, "email": 0.2})).statut
    'correct'
    >>> q.evaluer(pd.Series({"email": 0.2, "sms": 0.15})).message
    'les étiquettes sont les bonnes, mais 1 valeur sur 2 est fausse.'
    """

    attendu: object = None
    colonnes: Sequence[str] = ()
    tolerance: float = 1e-6
    ignorer_ordre: bool = True

    def _attendu(self) -> object:
        return _appeler(self.attendu)

    def _verifier_type(self, reponse: object, attendu: object) -> str:
        import pandas as pd

        if isinstance(attendu, pd.DataFrame) and isinstance(reponse, pd.Series):
            return (
                f"« {self.variable} » est une série (une colonne) ; un tableau (DataFrame) "
                "est attendu : essayez .reset_index() ou .to_frame()."
            )
        if isinstance(attendu, pd.Series) and isinstance(reponse, pd.DataFrame):
            return (
                f"« {self.variable} » est un tableau (DataFrame) ; une série est attendue : "
                "sélectionnez une colonne, par exemple tableau['nom_colonne']."
            )
        if not isinstance(reponse, type(attendu)):
            nom = _nom_type(attendu)
            accord = "attendue" if nom.startswith("une ") else "attendu"
            return f"« {self.variable} » contient {_nom_type(reponse)}, {nom} est {accord}."
        if isinstance(attendu, pd.DataFrame):
            cols = list(self.colonnes) or list(attendu.columns)
            absentes = [c for c in cols if c not in reponse.columns]
            if absentes:
                mot = "colonne absente" if len(absentes) == 1 else "colonnes absentes"
                return (
                    f"{mot} de « {self.variable} » : {', '.join(absentes)} ; "
                    f"colonnes présentes : {', '.join(map(str, reponse.columns))}."
                )
        return ""

    def _prepare(self, df, attendu):
        import pandas as pd

        if isinstance(df, pd.DataFrame):
            cols = list(self.colonnes) or list(attendu.columns)
            df = df[cols]
        if self.ignorer_ordre:
            df = df.sort_index()
        return df

    def _comparer(self, reponse, attendu) -> tuple[str, int, int]:
        """('', 0, n) when equal; else (reason, wrong cells, total cells)."""
        import numpy as np
        import pandas as pd

        donne = self._prepare(reponse, attendu)
        attendu = self._prepare(attendu, attendu)
        if len(donne) != len(attendu):
            sens = "plus" if len(donne) > len(attendu) else "moins"
            return (f"{sens} de lignes que prévu : vérifiez le filtre ou le regroupement.", 0, 0)
        if set(map(str, donne.index)) != set(map(str, attendu.index)):
            if self.ignorer_ordre or list(donne.index) != list(attendu.index):
                return (
                    "les étiquettes (index) ne correspondent pas : vérifiez le regroupement.",
                    0,
                    0,
                )
        donne = donne.reindex(attendu.index) if self.ignorer_ordre else donne
        a = attendu.to_numpy().ravel()
        d = donne.to_numpy().ravel()
        faux = 0
        for x, y in zip(d, a, strict=True):
            if isinstance(y, numbers.Real) and not isinstance(y, bool):
                try:
                    ok = bool(np.isclose(float(x), float(y), rtol=self.tolerance, atol=1e-9))
                    ok = ok or (pd.isna(x) and pd.isna(y))
                except (TypeError, ValueError):
                    ok = False
            else:
                ok = normaliser(x) == normaliser(y) or (pd.isna(x) and pd.isna(y))
            faux += not ok
        return ("", faux, len(a))

    def _est_juste(self, reponse: object, attendu: object) -> bool:
        raison, faux, _ = self._comparer(reponse, attendu)
        return not raison and faux == 0

    def _ecart(self, reponse: object, attendu: object = OMIS) -> str:
        attendu = self._attendu() if attendu is OMIS else attendu
        raison, faux, total = self._comparer(reponse, attendu)
        if raison:
            return raison
        accord = "est fausse" if faux <= 1 else "sont fausses"
        return (
            f"les étiquettes sont les bonnes, mais {pluriel(faux, 'valeur')} sur {total} {accord}."
        )
