"""requirements-lock.txt pins every dependency of pyproject.toml, with hashes; Binder and
the venv use exactly those pins.

``make lock`` (uv) writes the lock from pyproject.toml's lower bounds; ``make`` installs
the venv from it with ``uv pip sync --require-hashes``. These tests fail when someone edits
pyproject.toml (a new dependency, a raised bound, a new extra) without re-running
``make lock``, when a pin lost its hashes, when binder/requirements.txt drifted from the
lock, or when the venv does not hold the locked versions.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from dataclasses import dataclass

import pytest
from notebook_files import REPO_ROOT
from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LOCK = REPO_ROOT / "requirements-lock.txt"
BINDER = REPO_ROOT / "binder" / "requirements.txt"
# The Pythons the lock is written for (pyproject: requires-python >= 3.10), on the three
# systems students use. Each (Python, system) must get one pin per dependency.
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
SYSTEMS = {
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
    "darwin": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"},
    "win32": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
}
_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    marker: str | None
    hashes: tuple[str, ...]


def parse_lock(text: str) -> list[Pin]:
    """The pins of a uv / pip-tools requirements file (``name==version ; marker`` + hashes)."""
    pins: list[Pin] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _ENTRY.match(stripped)
        if m:
            name, version, marker = m.groups()
            pins.append(Pin(canonicalize_name(name), version, marker, ()))
        elif stripped.startswith("--hash=") and pins:
            last = pins[-1]
            digest = stripped.removeprefix("--hash=").rstrip(" \\")
            pins[-1] = Pin(last.name, last.version, last.marker, (*last.hashes, digest))
        else:
            raise ValueError(f"ligne inattendue dans le fichier verrou : {line!r}")
    return pins


def environments():
    """Marker environments for every supported Python on every system."""
    for python in PYTHONS:
        for system, fields in SYSTEMS.items():
            env = default_environment()
            env.update(fields, python_version=python, python_full_version=f"{python}.0")
            env["implementation_name"] = "cpython"
            env["platform_python_implementation"] = "CPython"
            yield f"Python {python} / {system}", env


def pins_for(pins: list[Pin], env: dict) -> dict[str, Pin]:
    """The pins that apply in ``env``; two pins of one package applying at once is an error."""
    chosen: dict[str, Pin] = {}
    for pin in pins:
        if pin.marker is None or Marker(pin.marker).evaluate(env):
            if pin.name in chosen:
                raise ValueError(f"{pin.name} épinglé deux fois pour le même environnement")
            chosen[pin.name] = pin
    return chosen


def requirements(pyproject: dict, extras: bool = True) -> list[Requirement]:
    project = pyproject["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    if extras:
        for group in project.get("optional-dependencies", {}).values():
            reqs += [Requirement(r) for r in group]
    return reqs


def unsatisfied(reqs: list[Requirement], pins: list[Pin]) -> list[str]:
    """Why the pins do not satisfy ``reqs`` (empty list: they do)."""
    problems = []
    for where, env in environments():
        chosen = pins_for(pins, env)
        for req in reqs:
            if req.marker is not None and not req.marker.evaluate(env):
                continue
            pin = chosen.get(canonicalize_name(req.name))
            if pin is None:
                problems.append(f"{req.name}: absent du verrou ({where})")
            elif not req.specifier.contains(Version(pin.version), prereleases=True):
                problems.append(f"{req}: le verrou a {pin.version} ({where})")
    return sorted(set(problems))


def _pyproject() -> dict:
    return tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lock() -> list[Pin]:
    return parse_lock(LOCK.read_text(encoding="utf-8"))


def test_lock_satisfies_pyproject(lock):
    problems = unsatisfied(requirements(_pyproject()), lock)
    assert not problems, (
        "requirements-lock.txt ne correspond plus à pyproject.toml : lancez `make lock`\n"
        + "\n".join(problems[:20])
    )


def test_every_pin_is_exact_and_hashed(lock):
    assert len(lock) > 50
    assert all(pin.hashes for pin in lock), [p.name for p in lock if not p.hashes]
    assert all(h.startswith("sha256:") for pin in lock for h in pin.hashes)
    header = LOCK.read_text(encoding="utf-8").splitlines()[:3]
    assert "#    make lock" in header, "the lock must be written by `make lock`"


def test_binder_requirements_come_from_the_lock(lock):
    binder = parse_lock(BINDER.read_text(encoding="utf-8"))
    locked = {(p.name, p.version, p.marker): p.hashes for p in lock}
    by_name = {p.name: p for p in lock}
    for pin in binder:
        assert pin.name in by_name, f"{pin.name} in binder/requirements.txt, not in the lock"
        key = (pin.name, pin.version, pin.marker)
        # Same version and hashes; uv may simplify a marker when fewer packages are resolved.
        same = [h for (n, v, _m), h in locked.items() if (n, v) == key[:2]]
        assert same, f"{pin.name}=={pin.version}: not the lock's version"
        assert set(pin.hashes) <= set().union(*same), f"{pin.name}: hashes differ from the lock"
    problems = unsatisfied(requirements(_pyproject(), extras=False), binder)
    assert not problems, "binder/requirements.txt : lancez `make lock`\n" + "\n".join(problems)
    runtime = (REPO_ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"python-3\.1[0-9]", runtime), runtime


def test_venv_holds_the_locked_versions(lock):
    """`make` installs the lock exactly: every locked package has its pinned version here."""
    env = default_environment()
    wrong = []
    for name, pin in pins_for(lock, env).items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            wrong.append(f"{name}: absent (verrou {pin.version})")
            continue
        if Version(installed) != Version(pin.version):
            wrong.append(f"{name}: {installed} installé, verrou {pin.version}")
    assert not wrong, "le venv ne suit pas le verrou : lancez `make venv`\n" + "\n".join(wrong)


def test_lock_check_catches_drift(lock):
    """The gate fails on a new dependency, a bound above the pin, and a missing pin."""
    pyproject = _pyproject()
    pandas = next(p for p in lock if p.name == "pandas")
    added = {"project": {"dependencies": [*pyproject["project"]["dependencies"], "left-pad>=1"]}}
    assert any(p.startswith("left-pad: absent") for p in unsatisfied(requirements(added), lock))
    raised = {"project": {"dependencies": ["pandas>=99"]}}
    assert any(pandas.version in p for p in unsatisfied(requirements(raised), lock))
    fine = {"project": {"dependencies": ["pandas>=2.0; python_version >= '3.10'"]}}
    assert unsatisfied(requirements(fine), lock) == []
    without = [p for p in lock if p.name != "numpy"]
    numpy = {"project": {"dependencies": ["numpy>=1.24"]}}
    assert unsatisfied(requirements(numpy), without)


def test_lock_parser_reads_markers_and_hashes():
    text = (
        "# header\n"
        "numpy==2.2.6 ; python_full_version < '3.11' \\\n"
        "    --hash=sha256:aa \\\n"
        "    --hash=sha256:bb\n"
        "    # via pandas\n"
        "six==1.17.0 \\\n"
        "    --hash=sha256:cc\n"
    )
    assert parse_lock(text) == [
        Pin("numpy", "2.2.6", "python_full_version < '3.11'", ("sha256:aa", "sha256:bb")),
        Pin("six", "1.17.0", None, ("sha256:cc",)),
    ]
    with pytest.raises(ValueError, match="inattendue"):
        parse_lock("numpy>=2\n")
