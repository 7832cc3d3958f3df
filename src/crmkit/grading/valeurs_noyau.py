"""Kernel side of the plain-value export (runs in the student's process).

The grader asks the kernel to evaluate the fixed expression
:func:`requete_export` (as a silent ``user_expressions`` request, no
history); :func:`exporter` walks the named values with exact type checks
(``type(x) is …``), never calling a method a student class could define, and
returns the format described in :mod:`crmkit.grading.valeurs`. numpy and
pandas are looked at only if the student imported them.

Nothing here is trusted: a student may replace this module's functions; the
grader's reader (:func:`crmkit.grading.valeurs.lire`) accepts plain data only.

>>> paquet = exporter({"n": 3, "t": (1.5, "a")}, ["n", "t"])
>>> paquet.contenu["valeurs"]["n"], paquet.contenu["valeurs"]["t"]["t"]
({'t': 'int', 'v': '3'}, 'tuple')
"""

from __future__ import annotations

import base64
import re
import sys

from crmkit.grading.valeurs import (
    CHIFFRES_INT,
    FORMAT,
    INDEX_SIMPLES,
    LIMITE_ELEMENTS,
    LIMITE_OCTETS,
    MIME,
    NOM,
    NULLABLES,
    PROFONDEUR,
    SCALAIRES_OBJET,
    ValeurRefusee,
    motif,
)

__all__ = ["exporter", "requete_export"]

_ABSENT = object()


def _nom_type(t: type) -> str:
    nom = type.__dict__["__qualname__"].__get__(t) if isinstance(t, type) else "?"
    return re.sub(r"[^\w.<> -]", "?", str(nom))[:80]


def _description(valeur: object) -> str:
    """French description of a refused value's type (never calls its methods)."""
    t = type(valeur)
    bases = (bool, float, int, str, complex, list, tuple, dict, set, frozenset)
    base = next((b for b in bases if b in type.__dict__["__mro__"].__get__(t)), None)
    quoi = f"type « {_nom_type(t)} »"
    if base is not None and base is not t:
        quoi += f" (sous-classe de {base.__name__})"
    return quoi


class _Paquet:
    """What :func:`exporter` returns: IPython formats it as one MIME bundle."""

    def __init__(self, contenu: dict) -> None:
        self.contenu = contenu

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {MIME: self.contenu}

    def __repr__(self) -> str:
        return "<valeurs exportées pour la correction>"


class _Encodeur:
    """Kernel side: exact types only; numpy/pandas only if the student imported them."""

    def __init__(self) -> None:
        self.tampons: list[str] = []
        self.elements = 0
        self.octets = 0
        self.np = sys.modules.get("numpy")
        self.pd = sys.modules.get("pandas")

    def _compter(self, profondeur: int, elements: int = 1, octets: int = 0) -> None:
        self.elements += elements
        self.octets += octets
        if profondeur > PROFONDEUR:
            raise ValeurRefusee(f"imbrication trop profonde (plus de {PROFONDEUR} niveaux)")
        if self.elements > LIMITE_ELEMENTS or self.octets > LIMITE_OCTETS:
            raise ValeurRefusee("valeur trop volumineuse pour la correction")

    def tampon(self, brut: bytes) -> int:
        self._compter(0, 0, len(brut))
        self.tampons.append(base64.b64encode(brut).decode("ascii"))
        return len(self.tampons) - 1

    def valeur(self, x, profondeur: int = 0) -> dict:
        self._compter(profondeur)
        t = type(x)
        if x is None:
            return {"t": "none"}
        if x is Ellipsis:
            return {"t": "ellipsis"}
        if t is bool:
            return {"t": "bool", "v": x}
        if t is int:
            texte = int.__repr__(x) if abs(x).bit_length() < 14_000 else ""
            if not texte or len(texte) > CHIFFRES_INT:
                raise ValeurRefusee("entier trop grand pour la correction")
            return {"t": "int", "v": texte}
        if t is float:
            return {"t": "float", "v": float.hex(x)}
        if t is complex:
            return {"t": "complex", "re": float.hex(x.real), "im": float.hex(x.imag)}
        if t is str:
            self._compter(profondeur, 0, len(x))
            return {"t": "str", "v": x}
        if t in (list, tuple, set, frozenset):
            elements = list(x)
            return {"t": t.__name__, "v": [self.valeur(e, profondeur + 1) for e in elements]}
        if t is dict:
            paires = list(dict.items(x))
            return {
                "t": "dict",
                "v": [
                    [self.valeur(k, profondeur + 1), self.valeur(v, profondeur + 1)]
                    for k, v in paires
                ],
            }
        np, pd = self.np, self.pd
        if np is not None:
            if t is np.ndarray:
                return self.tableau(x)
            if t in _scalaires_numpy(np):
                return {"t": "npscalar", "dtype": x.dtype.str, "b": self.tampon(x.tobytes())}
        if pd is not None:
            if t is pd.Series:
                return {
                    "t": "series",
                    "valeurs": self.colonne(x.array, x.dtype),
                    "index": self.index(x.index, profondeur + 1),
                    "nom": self.etiquette(x.name, profondeur + 1),
                }
            if t is pd.DataFrame:
                colonnes = [
                    self.colonne(x.iloc[:, i].array, x.dtypes.iloc[i]) for i in range(x.shape[1])
                ]
                return {
                    "t": "dataframe",
                    "colonnes": self.index(x.columns, profondeur + 1),
                    "donnees": colonnes,
                    "index": self.index(x.index, profondeur + 1),
                }
            if t.__name__ in INDEX_SIMPLES + ("RangeIndex", "MultiIndex") and t is getattr(
                pd, t.__name__, None
            ):
                return self.index(x, profondeur)
        raise ValeurRefusee(_description(x))

    def etiquette(self, x, profondeur: int) -> dict:
        if type(x) in SCALAIRES_OBJET or x is None or type(x) is tuple:
            return self.valeur(x, profondeur)
        raise ValeurRefusee("nom d'index ou de colonne qui n'est pas une valeur simple")

    def tableau(self, a) -> dict:
        np = self.np
        if a.dtype.hasobject or a.dtype.kind not in "biufcmMUS" or a.dtype.fields is not None:
            raise ValeurRefusee(f"tableau numpy de type « {a.dtype.str} » non accepté")
        brut = np.ascontiguousarray(a).tobytes()
        return {
            "t": "ndarray",
            "dtype": a.dtype.str,
            "forme": list(a.shape),
            "b": self.tampon(brut),
        }

    def colonne(self, arr, dtype) -> dict:
        np, pd = self.np, self.pd
        if isinstance(dtype, np.dtype):
            valeurs = arr.to_numpy() if hasattr(arr, "to_numpy") else np.asarray(arr)
            if type(valeurs) is not np.ndarray:
                raise ValeurRefusee("colonne pandas illisible")
            if dtype.kind == "O":
                objets = valeurs.tolist()
                for o in objets:
                    if type(o) not in SCALAIRES_OBJET:
                        raise ValeurRefusee(
                            f"colonne qui contient un objet de type « {_nom_type(type(o))} »"
                        )
                self._compter(0, len(objets))
                return {"t": "objets", "v": [self.valeur(o, 1) for o in objets]}
            return self.tableau(valeurs)
        if type(dtype) is pd.CategoricalDtype and type(arr) is pd.Categorical:
            return {
                "t": "categorie",
                "categories": self.index(arr.categories, 1),
                "codes": self.tableau(arr.codes),
                "ordonnee": bool(arr.ordered),
            }
        nom = str(dtype) if type(dtype).__module__.startswith("pandas") else ""
        if type(dtype) is pd.StringDtype and nom in ("str", "string"):
            objets = arr.to_numpy(dtype=object, na_value=None).tolist()
            if not all(o is None or type(o) is str for o in objets):
                raise ValeurRefusee("colonne de texte invalide")
            self._compter(0, len(objets), sum(len(o) for o in objets if o is not None))
            return {"t": "texte", "dtype": nom, "stockage": str(dtype.storage), "v": objets}
        if nom in NULLABLES and type(arr).__module__.startswith("pandas"):
            masque = np.asarray(pd.isna(arr), dtype=bool)
            numpy_dtype = dtype.numpy_dtype
            valeurs = arr.to_numpy(dtype=numpy_dtype, na_value=False if nom == "boolean" else 0)
            return {
                "t": "masque",
                "dtype": nom,
                "valeurs": self.tableau(valeurs),
                "masque": self.tableau(masque),
            }
        raise ValeurRefusee(f"colonne pandas de type « {_nom_type(type(dtype))} » non acceptée")

    def index(self, idx, profondeur: int) -> dict:
        self._compter(profondeur)
        pd = self.pd
        t = type(idx)
        if t is pd.RangeIndex:
            return {
                "t": "range",
                "debut": self.valeur(idx.start),
                "fin": self.valeur(idx.stop),
                "pas": self.valeur(idx.step),
                "nom": self.etiquette(idx.name, profondeur + 1),
            }
        if t is pd.MultiIndex:
            return {
                "t": "multiindex",
                "niveaux": [self.index(n, profondeur + 1) for n in idx.levels],
                "codes": [self.tableau(c) for c in idx.codes],
                "noms": [self.etiquette(n, profondeur + 1) for n in idx.names],
            }
        if t.__name__ in INDEX_SIMPLES and t is getattr(pd, t.__name__):
            return {
                "t": "index",
                "valeurs": self.colonne(idx.array, idx.dtype),
                "nom": self.etiquette(idx.name, profondeur + 1),
            }
        raise ValeurRefusee(f"index pandas de type « {_nom_type(t)} » non accepté")


def _scalaires_numpy(np) -> tuple:
    return (
        np.bool_,
        np.int8,
        np.int16,
        np.int32,
        np.int64,
        np.uint8,
        np.uint16,
        np.uint32,
        np.uint64,
        np.float16,
        np.float32,
        np.float64,
        np.complex64,
        np.complex128,
        np.datetime64,
        np.timedelta64,
        np.str_,
        np.longlong,
        np.ulonglong,
    )


def exporter(espace: dict, noms: list) -> _Paquet:
    """Kernel side: the plain values of *noms* in the namespace *espace*.

    Returns an object IPython shows as one ``MIME`` bundle; names absent from
    *espace* are listed, values that are not plain data get a French reason.
    """
    contenu: dict = {"format": FORMAT, "valeurs": {}, "absents": [], "refus": {}, "tampons": []}
    enc = _Encodeur()
    for nom in noms:
        valeur = dict.get(espace, nom, _ABSENT)
        if valeur is _ABSENT:
            contenu["absents"].append(nom)
            continue
        try:
            contenu["valeurs"][nom] = enc.valeur(valeur)
        except ValeurRefusee as exc:
            contenu["refus"][nom] = motif(nom, str(exc))
        except RecursionError:
            contenu["refus"][nom] = motif(nom, "imbrication trop profonde")
    contenu["tampons"] = enc.tampons
    return _Paquet(contenu)


def requete_export(noms: list[str]) -> str:
    """The fixed expression the grader asks the kernel to evaluate (names checked).

    >>> requete_export(["a", "b"])
    "__import__('crmkit.grading.valeurs_noyau', fromlist=['exporter']).exporter(globals(), ['a', 'b'])"
    """
    for nom in noms:
        if not NOM.match(nom):
            raise ValueError(f"nom invalide : {nom!r}")
    return f"__import__('crmkit.grading.valeurs_noyau', fromlist=['exporter']).exporter(globals(), {noms!r})"
