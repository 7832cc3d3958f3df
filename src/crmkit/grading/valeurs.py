"""Plain values out of the student's kernel: the format and its strict reader.

At grading, a test cell never runs in the student's kernel. The grader asks
the kernel for the values of the names the cell reads
(:func:`crmkit.grading.valeurs_noyau.exporter`, run in the kernel) and
rebuilds them in its own process, then in the verdict process, with
:func:`lire`. What crosses is a JSON tree of tagged nodes plus base64 byte
buffers; no pickle, no ``repr`` evaluated, no method of a student class ever
called on the reading side.

Accepted (``type(x) is …``, never ``isinstance``): ``None``, ``...``,
``bool``, ``int``, ``float``, ``complex``, ``str``; ``list``, ``tuple``,
``set``, ``frozenset`` and ``dict`` of accepted values (depth and size
bounded); numpy ``ndarray`` of a numeric, boolean, date or text dtype and
numpy scalars of those dtypes; pandas ``Series``, ``DataFrame`` and indexes
(``Index``, ``RangeIndex``, ``MultiIndex``, ``DatetimeIndex``,
``TimedeltaIndex``, ``CategoricalIndex``) whose columns are numpy
numeric/boolean/date arrays, categoricals, nullable integer/float/boolean
arrays, pandas text arrays, or object columns holding only exact
``str``/``None``/``bool``/``int``/``float``. Anything else — a subclass of
``float``, an object with ``__float__``/``__array__``/``__index__``/``__eq__``,
a function — is refused with a French reason (:class:`ValeurRefusee`).

The kernel side runs in the student's process, so a student can replace it:
that gains nothing, because :func:`lire` accepts only the node tree below and
builds exact builtin/numpy/pandas objects from it. Whatever the kernel sends,
the grader ends up with plain data, which the student could as well have
assigned to the answer variable.

Nodes (``t`` tag): ``none``, ``ellipsis``, ``bool`` (``v``), ``int`` (``v``:
decimal text), ``float`` (``v``: ``float.hex``), ``complex`` (``re``, ``im``),
``str``, ``list``/``tuple``/``set``/``frozenset`` (``v``: nodes), ``dict``
(``v``: key/value node pairs), ``ndarray`` (``dtype``, ``forme``, ``b``:
buffer number), ``npscalar``, ``series``, ``dataframe``, ``range``,
``index``, ``multiindex``; columns: ``ndarray``, ``objets``, ``texte``,
``categorie``, ``masque``.

>>> import json
>>> from crmkit.grading.valeurs_noyau import exporter
>>> paquet = exporter({"x": 2.5, "ok": [1, "a", None], "f": len}, ["x", "ok", "f", "y"])
>>> contenu = json.loads(json.dumps(paquet.contenu))  # as the message carries it
>>> valeurs, absents, refus = lire(contenu)
>>> valeurs, absents
({'x': 2.5, 'ok': [1, 'a', None]}, ['y'])
>>> print(refus["f"])
« f » : type « builtin_function_or_method » : ce n'est pas une valeur simple (nombre, texte, liste, dictionnaire, ensemble, tableau numpy, Series ou DataFrame pandas).
>>> class Menteur(float):
...     def __eq__(self, autre):
...         return True
>>> print(lire(json.loads(json.dumps(exporter({"x": Menteur(1)}, ["x"]).contenu)))[2]["x"][:47])
« x » : type « Menteur » (sous-classe de float)
"""

from __future__ import annotations

import base64
import json
import math
import re

__all__ = ["MIME", "FORMAT", "ValeurRefusee", "lire", "lire_json", "motif", "LIMITE_OCTETS"]

MIME = "application/vnd.crmkit.valeurs+json"
FORMAT = 1
LIMITE_OCTETS = 64 * 1024 * 1024  # total of buffers and text in one export
LIMITE_ELEMENTS = 2_000_000  # Python containers' items plus nodes
PROFONDEUR = 32
CHIFFRES_INT = 4300  # CPython's default int <-> str limit
SCALAIRES_OBJET = (type(None), bool, int, float, str)
NOM = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,200}$")
_DTYPE = re.compile(r"^[<>|=]?(?:[biufcUS]\d{1,4}|[mM]8(?:\[\d{0,4}[a-zA-Z]{1,2}\])?)$")
NULLABLES = frozenset(
    ["Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"]
    + ["Float32", "Float64", "boolean"]
)
INDEX_SIMPLES = ("Index", "DatetimeIndex", "TimedeltaIndex", "CategoricalIndex")


class ValeurRefusee(ValueError):
    """A value that cannot cross as plain data (French reason)."""


def motif(nom: str, detail: str) -> str:
    """The French reason given for a refused name."""
    return (
        f"« {nom} » : {detail} : ce n'est pas une valeur simple (nombre, texte, liste, "
        "dictionnaire, ensemble, tableau numpy, Series ou DataFrame pandas)."
    )


# --------------------------------------------------------------------------- reading side


class _Lecteur:
    """Grader/verdict side: builds exact builtin/numpy/pandas objects from the node tree.

    Every node is a dict with exactly the expected keys and value types; any
    deviation raises :class:`ValeurRefusee`. numpy and pandas are only called
    with arrays and plain values built here.
    """

    def __init__(self, tampons: list) -> None:
        if type(tampons) is not list or not all(type(t) is str for t in tampons):
            raise ValeurRefusee("tampons invalides")
        self.tampons = tampons
        self.decodes: dict[int, bytes] = {}
        self.elements = 0
        self._np = self._pd = None

    @property
    def np(self):
        if self._np is None:
            import numpy

            self._np = numpy
        return self._np

    @property
    def pd(self):
        if self._pd is None:
            import pandas

            self._pd = pandas
        return self._pd

    def _noeud(self, n, cles: set, profondeur: int) -> dict:
        self.elements += 1
        if profondeur > PROFONDEUR + 4 or self.elements > LIMITE_ELEMENTS:
            raise ValeurRefusee("valeur trop volumineuse ou trop imbriquée")
        if type(n) is not dict or set(n) != cles:
            raise ValeurRefusee("nœud invalide")
        return n

    def _texte(self, v, limite: int = LIMITE_OCTETS) -> str:
        if type(v) is not str or len(v) > limite:
            raise ValeurRefusee("texte invalide")
        return v

    def _flottant(self, v) -> float:
        try:
            return float.fromhex(self._texte(v, 40))
        except ValueError:
            raise ValeurRefusee("nombre à virgule invalide") from None

    def _tampon(self, b) -> bytes:
        if type(b) is not int or not 0 <= b < len(self.tampons):
            raise ValeurRefusee("tampon inconnu")
        if b not in self.decodes:
            try:
                self.decodes[b] = base64.b64decode(self.tampons[b], validate=True)
            except ValueError:
                raise ValeurRefusee("tampon illisible") from None
        return self.decodes[b]

    def _dtype(self, texte):
        texte = self._texte(texte, 24)
        if not _DTYPE.match(texte):
            raise ValeurRefusee(f"type de tableau non accepté : {texte!r}")
        dt = self.np.dtype(texte)
        if dt.hasobject or dt.fields is not None or dt.subdtype is not None:
            raise ValeurRefusee(f"type de tableau non accepté : {texte!r}")
        return dt

    def valeur(self, n, profondeur: int = 0):
        if type(n) is not dict or type(n.get("t")) is not str:
            raise ValeurRefusee("nœud invalide")
        t = n["t"]
        p = profondeur + 1
        if t == "none":
            self._noeud(n, {"t"}, p)
            return None
        if t == "ellipsis":
            self._noeud(n, {"t"}, p)
            return ...
        if t == "bool":
            v = self._noeud(n, {"t", "v"}, p)["v"]
            if type(v) is not bool:
                raise ValeurRefusee("booléen invalide")
            return v
        if t == "int":
            v = self._texte(self._noeud(n, {"t", "v"}, p)["v"], CHIFFRES_INT + 1)
            if not re.fullmatch(r"-?[0-9]+", v):
                raise ValeurRefusee("entier invalide")
            return int(v)
        if t == "float":
            return self._flottant(self._noeud(n, {"t", "v"}, p)["v"])
        if t == "complex":
            n = self._noeud(n, {"t", "re", "im"}, p)
            return complex(self._flottant(n["re"]), self._flottant(n["im"]))
        if t == "str":
            return self._texte(self._noeud(n, {"t", "v"}, p)["v"])
        if t in ("list", "tuple", "set", "frozenset"):
            v = self._noeud(n, {"t", "v"}, p)["v"]
            if type(v) is not list:
                raise ValeurRefusee("liste invalide")
            elements = [self.valeur(e, p) for e in v]
            return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[t](elements)
        if t == "dict":
            v = self._noeud(n, {"t", "v"}, p)["v"]
            if type(v) is not list or not all(type(kv) is list and len(kv) == 2 for kv in v):
                raise ValeurRefusee("dictionnaire invalide")
            return {self.valeur(k, p): self.valeur(x, p) for k, x in v}
        if t == "ndarray":
            return self.tableau(n, p)
        if t == "npscalar":
            n = self._noeud(n, {"t", "dtype", "b"}, p)
            dt = self._dtype(n["dtype"])
            brut = self._tampon(n["b"])
            if len(brut) != dt.itemsize:
                raise ValeurRefusee("scalaire numpy invalide")
            return self.np.frombuffer(brut, dtype=dt)[0]
        if t == "series":
            n = self._noeud(n, {"t", "valeurs", "index", "nom"}, p)
            index = self.index(n["index"], p)
            valeurs = self.colonne(n["valeurs"], p)
            if len(valeurs) != len(index):
                raise ValeurRefusee("Series invalide (longueurs différentes)")
            return self._serie(valeurs, index, self.valeur(n["nom"], p))
        if t == "dataframe":
            n = self._noeud(n, {"t", "colonnes", "donnees", "index"}, p)
            index = self.index(n["index"], p)
            colonnes = self.index(n["colonnes"], p)
            if type(n["donnees"]) is not list or len(n["donnees"]) != len(colonnes):
                raise ValeurRefusee("DataFrame invalide (colonnes)")
            donnees = [self.colonne(c, p) for c in n["donnees"]]
            if any(len(c) != len(index) for c in donnees):
                raise ValeurRefusee("DataFrame invalide (longueurs différentes)")
            df = self.pd.DataFrame(
                {i: self._serie(c, index, None) for i, c in enumerate(donnees)}, index=index
            )
            df.columns = colonnes
            return df
        if t in ("range", "multiindex", "index"):
            return self.index(n, profondeur)
        raise ValeurRefusee(f"type de nœud inconnu : {t[:40]!r}")

    def _serie(self, valeurs, index, nom):
        objets = type(valeurs) is self.np.ndarray and valeurs.dtype.kind == "O"
        return self.pd.Series(valeurs, index=index, name=nom, dtype=object if objets else None)

    def tableau(self, n, p: int):
        n = self._noeud(n, {"t", "dtype", "forme", "b"}, p)
        if n["t"] != "ndarray":
            raise ValeurRefusee("tableau attendu")
        dt = self._dtype(n["dtype"])
        forme = n["forme"]
        if (
            type(forme) is not list
            or len(forme) > 32
            or not all(type(d) is int and 0 <= d <= LIMITE_OCTETS for d in forme)
        ):
            raise ValeurRefusee("forme de tableau invalide")
        brut = self._tampon(n["b"])
        if math.prod(forme) * dt.itemsize != len(brut):
            raise ValeurRefusee("tableau invalide (taille)")
        return self.np.frombuffer(brut, dtype=dt).reshape(forme).copy()

    def colonne(self, n, p: int):
        if type(n) is not dict:
            raise ValeurRefusee("colonne invalide")
        t = n.get("t")
        if t == "ndarray":
            a = self.tableau(n, p)
            if a.ndim != 1:
                raise ValeurRefusee("colonne invalide (dimension)")
            return a
        if t == "objets":
            v = self._noeud(n, {"t", "v"}, p)["v"]
            if type(v) is not list:
                raise ValeurRefusee("colonne invalide")
            objets = [self.valeur(o, p) for o in v]
            if not all(type(o) in SCALAIRES_OBJET for o in objets):
                raise ValeurRefusee("colonne invalide (objets)")
            tableau = self.np.empty(len(objets), dtype=object)
            tableau[:] = objets
            return tableau
        if t == "categorie":
            n = self._noeud(n, {"t", "categories", "codes", "ordonnee"}, p)
            categories = self.index(n["categories"], p)
            codes = self.tableau(n["codes"], p)
            if codes.ndim != 1 or codes.dtype.kind != "i" or type(n["ordonnee"]) is not bool:
                raise ValeurRefusee("catégories invalides")
            if len(codes) and (codes.min() < -1 or codes.max() >= len(categories)):
                raise ValeurRefusee("catégories invalides")
            return self.pd.Categorical.from_codes(codes, categories, ordered=n["ordonnee"])
        if t == "texte":
            n = self._noeud(n, {"t", "dtype", "stockage", "v"}, p)
            v, stockage = n["v"], n["stockage"]
            if n["dtype"] not in ("str", "string") or stockage not in ("python", "pyarrow"):
                raise ValeurRefusee("colonne de texte invalide")
            if type(v) is not list or not all(o is None or type(o) is str for o in v):
                raise ValeurRefusee("colonne de texte invalide")
            self.elements += len(v)
            manquant = self.np.nan if n["dtype"] == "str" else self.pd.NA
            dtype = self.pd.StringDtype(storage=stockage, na_value=manquant)
            return self.pd.array(v, dtype=dtype)
        if t == "masque":
            n = self._noeud(n, {"t", "dtype", "valeurs", "masque"}, p)
            nom = self._texte(n["dtype"], 16)
            if nom not in NULLABLES:
                raise ValeurRefusee("colonne nullable invalide")
            valeurs = self.tableau(n["valeurs"], p)
            masque = self.tableau(n["masque"], p)
            attendu = self.pd.api.types.pandas_dtype(nom).numpy_dtype
            if valeurs.dtype != attendu or masque.dtype != bool or valeurs.shape != masque.shape:
                raise ValeurRefusee("colonne nullable invalide")
            if valeurs.ndim != 1:
                raise ValeurRefusee("colonne invalide (dimension)")
            classe = {"b": self.pd.arrays.BooleanArray, "f": self.pd.arrays.FloatingArray}.get(
                valeurs.dtype.kind, self.pd.arrays.IntegerArray
            )
            return classe(valeurs, masque)
        raise ValeurRefusee("colonne invalide")

    def index(self, n, p: int):
        if type(n) is not dict:
            raise ValeurRefusee("index invalide")
        t = n.get("t")
        pd = self.pd
        if t == "range":
            n = self._noeud(n, {"t", "debut", "fin", "pas", "nom"}, p)
            bornes = [self.valeur(n[k], p) for k in ("debut", "fin", "pas")]
            if not all(type(b) is int for b in bornes) or bornes[2] == 0:
                raise ValeurRefusee("index invalide")
            if len(range(*bornes)) > LIMITE_ELEMENTS * 8:
                raise ValeurRefusee("index trop long")
            return pd.RangeIndex(*bornes, name=self.etiquette(n["nom"], p))
        if t == "multiindex":
            n = self._noeud(n, {"t", "niveaux", "codes", "noms"}, p)
            parties = (n["niveaux"], n["codes"], n["noms"])
            if not all(type(x) is list for x in parties) or len({len(x) for x in parties}) != 1:
                raise ValeurRefusee("index multiple invalide")
            niveaux = [self.index(x, p) for x in n["niveaux"]]
            codes = [self.tableau(x, p) for x in n["codes"]]
            if not codes or any(c.ndim != 1 or c.dtype.kind != "i" for c in codes):
                raise ValeurRefusee("index multiple invalide")
            if len({len(c) for c in codes}) != 1:
                raise ValeurRefusee("index multiple invalide")
            for c, niveau in zip(codes, niveaux, strict=True):
                if len(c) and (c.min() < -1 or c.max() >= len(niveau)):
                    raise ValeurRefusee("index multiple invalide")
            noms = [self.etiquette(x, p) for x in n["noms"]]
            return pd.MultiIndex(levels=niveaux, codes=codes, names=noms, verify_integrity=True)
        if t == "index":
            n = self._noeud(n, {"t", "valeurs", "nom"}, p)
            valeurs = self.colonne(n["valeurs"], p)
            nom = self.etiquette(n["nom"], p)
            if type(valeurs) is pd.Categorical:
                return pd.CategoricalIndex(valeurs, name=nom)
            objets = type(valeurs) is self.np.ndarray and valeurs.dtype.kind == "O"
            dtype = object if objets else None
            return pd.Index(valeurs, dtype=dtype, name=nom, copy=False)
        raise ValeurRefusee("index invalide")

    def etiquette(self, n, p: int):
        v = self.valeur(n, p)
        if type(v) is tuple:
            if not all(type(x) in SCALAIRES_OBJET for x in v):
                raise ValeurRefusee("nom invalide")
        elif type(v) not in SCALAIRES_OBJET:
            raise ValeurRefusee("nom invalide")
        return v


def _nettoyer(texte: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f]", " ", texte)[:400]


def lire(contenu) -> tuple[dict, list[str], dict[str, str]]:
    """Rebuild exported values: ``(values, absent names, {name: French reason})``.

    *contenu* is the JSON object the kernel sent (already parsed as plain
    JSON). A malformed payload raises :class:`ValeurRefusee`; a malformed
    value refuses that name only.
    """
    if type(contenu) is not dict or set(contenu) != {
        "format",
        "valeurs",
        "absents",
        "refus",
        "tampons",
    }:
        raise ValeurRefusee("réponse du noyau invalide")
    if contenu["format"] != FORMAT or type(contenu["format"]) is not int:
        raise ValeurRefusee("réponse du noyau invalide (format)")
    absents, refus_bruts, noeuds = contenu["absents"], contenu["refus"], contenu["valeurs"]
    if (
        type(absents) is not list
        or type(refus_bruts) is not dict
        or type(noeuds) is not dict
        or not all(type(a) is str and NOM.match(a) for a in absents)
        or not all(type(k) is str and NOM.match(k) for k in [*refus_bruts, *noeuds])
        or not all(type(v) is str for v in refus_bruts.values())
    ):
        raise ValeurRefusee("réponse du noyau invalide")
    lecteur = _Lecteur(contenu["tampons"])
    refus = {k: _nettoyer(v) for k, v in refus_bruts.items()}
    valeurs = {}
    for nom, noeud in noeuds.items():
        try:
            valeurs[nom] = lecteur.valeur(noeud)
        except ValeurRefusee as exc:
            refus[nom] = motif(nom, f"donnée invalide ({exc})")
        except (RecursionError, ValueError, TypeError, OverflowError, MemoryError) as exc:
            refus[nom] = motif(nom, f"donnée invalide ({type(exc).__name__})")
    return valeurs, list(absents), refus


def lire_json(texte: bytes | str) -> tuple[dict, list[str], dict[str, str]]:
    """:func:`lire` from JSON text (the verdict process receives it so).

    >>> lire_json('{"format": 1, "valeurs": {"x": {"t": "pickle", "v": "..."}}, '
    ...           '"absents": [], "refus": {}, "tampons": []}')[2]["x"][:40]
    '« x » : donnée invalide (type de nœud in'
    """

    def refuser_constante(nom):
        raise ValeurRefusee(f"constante JSON refusée : {nom}")

    if len(texte) > 2 * LIMITE_OCTETS:
        raise ValeurRefusee("réponse du noyau trop volumineuse")
    try:
        contenu = json.loads(texte, parse_constant=refuser_constante)
    except ValeurRefusee:
        raise
    except (ValueError, RecursionError) as exc:
        raise ValeurRefusee(f"réponse du noyau illisible ({type(exc).__name__})") from None
    return lire(contenu)
