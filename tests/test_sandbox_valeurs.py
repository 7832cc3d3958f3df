"""Plain values out of the kernel: exact types cross, anything else is refused, forgeries too."""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import pytest

from crmkit.grading.valeurs import ValeurRefusee, lire, lire_json
from crmkit.grading.valeurs_noyau import exporter, requete_export


def _aller_retour(x):
    contenu = json.loads(json.dumps(exporter({"x": x}, ["x"]).contenu))
    valeurs, absents, refus = lire(contenu)
    assert not refus and not absents, refus
    return valeurs["x"]


def _refus(x) -> str:
    return exporter({"x": x}, ["x"]).contenu["refus"].get("x", "")


PLAIN = [
    0,
    -(10**80),
    2.5,
    float("inf"),
    1 + 2j,
    "é\u202f€",
    None,
    ...,
    True,
    [1, (2, 3), {4, 5}, frozenset({6}), {"a": [1], 2: None, (1, "b"): 3.0}],
    np.arange(6).reshape(2, 3),
    np.array(["a", "bc"]),
    np.array([1.5], dtype=np.float32),
    np.float64(3.2),
    np.int32(4),
    np.bool_(True),
    np.datetime64("2025-01-01"),
    pd.Series([1, 2, 3], index=["a", "b", "c"], name="s"),
    pd.Series(["x", None, "z"], dtype=object),
    pd.Series(["x", None]),
    pd.Series(["x", None], dtype="string"),
    pd.DataFrame({"a": [1, 2], "b": ["u", "v"], "c": pd.to_datetime(["2024-01-01", "2025-02-03"])}),
    pd.Series(pd.Categorical(["A", "B", "A"], categories=["B", "A"], ordered=True)),
    pd.Series([1, None], dtype="Int64"),
    pd.Series([True, None], dtype="boolean"),
    pd.DataFrame(
        {"v": [1.0, 2.0]},
        index=pd.MultiIndex.from_tuples([(1, "a"), (2, "b")], names=["k", "l"]),
    ),
    pd.Index([3, 1]),
    pd.RangeIndex(2, 10, 2, name="r"),
    pd.DatetimeIndex(["2020-01-01"]),
    pd.cut(pd.Series([1, 5, 9]), [0, 3, 6, 10], labels=["D", "C", "B"]).value_counts(),
    pd.DataFrame({"client_id": [881, 2363], "rang": [1, 2]}).groupby("client_id").size(),
]


@pytest.mark.parametrize("x", PLAIN, ids=lambda x: type(x).__name__)
def test_plain_values_cross_unchanged(x):
    y = _aller_retour(x)
    assert type(y) is type(x)
    if isinstance(x, pd.Series):
        pd.testing.assert_series_equal(x, y)
    elif isinstance(x, pd.DataFrame):
        pd.testing.assert_frame_equal(x, y)
    elif isinstance(x, pd.Index):
        pd.testing.assert_index_equal(x, y)
    elif isinstance(x, np.ndarray):
        assert x.dtype == y.dtype and (x == y).all()
    else:
        assert x == y or x != x


def test_float_keeps_every_bit():
    for x in (0.1 + 0.2, -0.0, 5e-324, float("nan")):
        assert _aller_retour(x).hex() == x.hex()


class Menteur(float):
    def __eq__(self, autre):
        return True

    __hash__ = float.__hash__


class Tout:
    def __float__(self):
        return 4.0

    def __index__(self):
        return 4

    def __array__(self, dtype=None, copy=None):
        return np.array(4.0)

    def __eq__(self, autre):
        return True

    __hash__ = object.__hash__


REFUSED = {
    "float_subclass": (Menteur(1.0), "sous-classe de float"),
    "dunder_object": (Tout(), "type « Tout »"),
    "function": (len, "builtin_function_or_method"),
    "nested": ([1, {"a": Menteur(2.0)}], "sous-classe de float"),
    "series_subclass": (type("S", (pd.Series,), {})([1]), "type « S »"),
    "ndarray_subclass": (type("N", (np.ndarray,), {})((2,)), "type « N »"),
    "object_array": (np.array([1, Tout()], dtype=object), "|O"),
    "object_column": (pd.Series([Tout()]), "Tout"),
    "object_index": (pd.Series([1], index=[Tout()]), "Tout"),
    "tz_dates": (pd.Series(pd.to_datetime(["2020-01-01"]).tz_localize("UTC")), "DatetimeTZDtype"),
    "too_deep": (eval("[" * 40 + "]" * 40), "profonde"),  # noqa: S307
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_other_values_are_refused_in_french(name):
    value, why = REFUSED[name]
    reason = _refus(value)
    assert why in reason and "ce n'est pas une valeur simple" in reason, reason


def test_absent_names_are_listed():
    contenu = exporter({"a": 1}, ["a", "b"]).contenu
    assert contenu["absents"] == ["b"] and list(contenu["valeurs"]) == ["a"]


def _forge(noeud, tampons=()):
    return {
        "format": 1,
        "valeurs": {"x": noeud},
        "absents": [],
        "refus": {},
        "tampons": list(tampons),
    }


B8 = base64.b64encode(b"\0" * 8).decode()
FORGED = {
    "pickle": _forge({"t": "pickle", "v": "gASVAAAAAAAAAAB9lC4="}),
    "extra_key": _forge({"t": "float", "v": "0x1.0p+2", "appel": "os.system"}),
    "float_as_number": _forge({"t": "float", "v": 4.0}),
    "bool_as_int": _forge({"t": "bool", "v": 1}),
    "object_dtype": _forge({"t": "ndarray", "dtype": "|O8", "forme": [1], "b": 0}, [B8]),
    "void_dtype": _forge({"t": "ndarray", "dtype": "|V8", "forme": [1], "b": 0}, [B8]),
    "size_mismatch": _forge({"t": "ndarray", "dtype": "<f8", "forme": [2], "b": 0}, [B8]),
    "unknown_buffer": _forge({"t": "ndarray", "dtype": "<f8", "forme": [1], "b": 3}, [B8]),
    "bad_base64": _forge({"t": "ndarray", "dtype": "<f8", "forme": [1], "b": 0}, ["$$$$"]),
    "huge_int": _forge({"t": "int", "v": "9" * 5000}),
    "int_expression": _forge({"t": "int", "v": "2**10"}),
    "series_length": _forge(
        {
            "t": "series",
            "valeurs": {"t": "objets", "v": [{"t": "none"}]},
            "index": {
                "t": "range",
                "debut": {"t": "int", "v": "0"},
                "fin": {"t": "int", "v": "3"},
                "pas": {"t": "int", "v": "1"},
                "nom": {"t": "none"},
            },
            "nom": {"t": "none"},
        }
    ),
    "object_column_holds_list": _forge({"t": "objets", "v": [{"t": "list", "v": []}]}),
    "unhashable_key": _forge({"t": "dict", "v": [[{"t": "list", "v": []}, {"t": "none"}]]}),
}


@pytest.mark.parametrize("name", sorted(FORGED))
def test_forged_nodes_are_refused(name):
    valeurs, _absents, refus = lire(json.loads(json.dumps(FORGED[name])))
    assert "x" not in valeurs and "donnée invalide" in refus["x"]


def test_forged_envelope_is_refused():
    for contenu in ([], {"format": 2}, {**_forge({"t": "none"}), "code": "print(1)"}):
        with pytest.raises(ValeurRefusee):
            lire(contenu)
    with pytest.raises(ValeurRefusee, match="constante JSON"):
        lire_json(json.dumps(_forge({"t": "none"})).replace('"absents": []', '"absents": NaN'))
    valeurs, _a, _r = lire(_forge({"t": "none"}))
    assert valeurs == {"x": None}  # the same envelope, well formed, is read


def test_request_is_fixed_and_checks_names():
    assert "exporter(globals(), ['cout_mailing'])" in requete_export(["cout_mailing"])
    with pytest.raises(ValueError):
        requete_export(["x); __import__('os').system('id'"])
