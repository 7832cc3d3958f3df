"""Manual grading: nbgrader's formgrader starts on the course's config (README recipe)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from grading_mini import TD, make_mini_course  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def test_formgrader_server_extension_is_enabled():
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    out = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter"), "server", "extension", "list"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.stdout + out.stderr)
    assert re.search(r"nbgrader\.server_extensions\.formgrader\s+enabled", text), text


@pytest.mark.parametrize("launch_dir", ["root", "subfolder"])
def test_formgrader_loads_course_config(tmp_path, monkeypatch, launch_dir):
    """`jupyter lab` started at the course root: formgrader sees our folders, no bad setup."""
    from nbgrader.server_extensions.formgrader.formgrader import FormgradeExtension

    from crmkit.grading.release import register

    course = make_mini_course(tmp_path / "cours")
    register(course, TD)
    server_root = course if launch_dir == "root" else course / "solutions"
    monkeypatch.chdir(server_root)
    fg = FormgradeExtension()
    fg.root_dir = str(server_root)
    fg.initialize([])
    handlers = []
    webapp = SimpleNamespace(
        settings={"base_url": "/"}, add_handlers=lambda host, h: handlers.extend(h)
    )
    fg.init_tornado_settings(webapp)
    fg.init_handlers(webapp)
    if launch_dir == "root":
        assert webapp.settings["nbgrader_bad_setup"] is False
        assert fg.coursedir.source_directory == "solutions"
        assert fg.coursedir.db_url == f"sqlite:///{course / 'grading' / 'gradebook.db'}"
        assert any(h[0].startswith("/formgrader") for h in handlers)
    else:  # launched elsewhere: nbgrader_config.py is not found, defaults apply
        assert fg.coursedir.source_directory == "source"
