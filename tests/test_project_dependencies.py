"""pyproject.toml and environment.yml list the same dependencies with the same lower bounds."""

import re
import sys

from notebook_files import REPO_ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# Conda-only entries of environment.yml, not Python packages of the project.
CONDA_ONLY = {"python", "pip"}
_REQ = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _bound(spec: str) -> str | None:
    """The ``>=`` lower bound of a requirement spec (``None`` if there is none)."""
    m = re.search(r">=\s*([0-9][^,;\s]*)", spec)
    return m.group(1) if m else None


def parse_requirements(lines) -> dict[str, str | None]:
    out = {}
    for line in lines:
        m = _REQ.match(line.split("#", 1)[0])
        if m:
            out[_norm(m.group(1))] = _bound(m.group(2))
    return out


def parse_environment(text: str) -> dict[str, str | None]:
    """Entries of ``dependencies:`` (and its ``pip:`` sub-list) of a conda environment file."""
    items, inside = [], False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if re.match(r"^\S", line):
            inside = line.startswith("dependencies:")
            continue
        m = re.match(r"^\s*-\s*(.+)$", line)
        if inside and m and not m.group(1).strip().startswith("pip:"):
            items.append(m.group(1).strip())
    return {k: v for k, v in parse_requirements(items).items() if k not in CONDA_ONLY}


def compare(pyproject: dict, environment: dict[str, str | None]) -> list[str]:
    """Disagreements (developer messages). Main dependencies must be in both with the same
    bound; an optional (``dev``) dependency listed in environment.yml must agree too."""
    project = pyproject["project"]
    main = parse_requirements(project.get("dependencies", []))
    extras = {}
    for reqs in project.get("optional-dependencies", {}).values():
        extras.update(parse_requirements(reqs))
    problems = []
    for name, bound in main.items():
        if name not in environment:
            problems.append(f"{name}: in pyproject.toml, missing from environment.yml")
        elif environment[name] != bound:
            problems.append(
                f"{name}: >= {bound} in pyproject.toml, >= {environment[name]} in environment.yml"
            )
    for name, bound in environment.items():
        if name in main:
            continue
        if name not in extras:
            problems.append(f"{name}: in environment.yml, missing from pyproject.toml")
        elif extras[name] != bound:
            problems.append(
                f"{name}: >= {extras[name]} in pyproject extras, >= {bound} in environment.yml"
            )
    return problems


def _load():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    environment = parse_environment((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))
    return pyproject, environment


def test_pyproject_and_environment_agree():
    problems = compare(*_load())
    assert not problems, "pyproject.toml et environment.yml divergent :\n" + "\n".join(problems)


def test_every_dependency_has_a_lower_bound():
    pyproject, environment = _load()
    main = parse_requirements(pyproject["project"]["dependencies"])
    assert all(main.values()), [n for n, b in main.items() if not b]
    assert all(environment.values()), [n for n, b in environment.items() if not b]


def test_comparison_catches_drift():
    pyproject, environment = _load()
    name = next(iter(environment))
    assert compare(pyproject, {k: v for k, v in environment.items() if k != name}) == [
        f"{name}: in pyproject.toml, missing from environment.yml"
    ]
    assert any("0.0.1" in p for p in compare(pyproject, {**environment, name: "0.0.1"}))
    assert compare(pyproject, {**environment, "left-pad": "1.0"}) == [
        "left-pad: in environment.yml, missing from pyproject.toml"
    ]


def test_environment_parser_reads_pip_section_and_conda_pins():
    text = "name: x\ndependencies:\n  - python=3.11\n  - pandas>=2.0\n  - pip\n  - pip:\n    - nbval>=0.11\nchannels:\n  - conda-forge\n"
    assert parse_environment(text) == {"pandas": "2.0", "nbval": "0.11"}
