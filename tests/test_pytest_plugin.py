"""The pytest plugin: one item per check and per plant; verdict changes fail."""
from __future__ import annotations

import pathlib
import subprocess
import sys
import textwrap

ROOT = pathlib.Path(__file__).resolve().parent.parent

MODULE = textwrap.dedent('''
    from verify import Claim, Evidence

    CLAIM = Claim(id="toy.lemma_2", paper="toy", label="Lemma 2", section="1", kind="lemma",
                  statement="3 is odd")

    @CLAIM.check(method="numeric", established="confirmed")
    def odd(ctx, value=3):
        return Evidence(verdict="confirmed" if value % 2 else "refuted")

    @CLAIM.check(method="numeric", established="confirmed")
    def flipped(ctx):
        return Evidence(verdict="refuted")          # differs from the established verdict

    @CLAIM.check(method="empirical", tier="full", established="reproduced")
    def slow(ctx):
        return Evidence(verdict="reproduced")

    CLAIM.plant("odd", "4 is odd", value=4)
    CLAIM.plant("odd", "5 is odd (not actually wrong: the plant survives)", value=5)
''')


def _pytest(tmp_path, *args):
    pkg = tmp_path / "theorems" / "toy"
    pkg.mkdir(parents=True)
    (tmp_path / "theorems" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "lemma_2.py").write_text(MODULE)
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["verify.pytest_plugin"]\n')
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                           "-p", "no:xdist", "theorems", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_items_markers_and_failures(tmp_path):
    p = _pytest(tmp_path, "-rA")
    out = p.stdout
    assert p.returncode == 1, out
    assert "PASSED theorems/toy/lemma_2.py::toy.lemma_2::odd" in out
    assert "FAILED theorems/toy/lemma_2.py::toy.lemma_2::flipped" in out
    assert "PASSED theorems/toy/lemma_2.py::toy.lemma_2::odd::plant0" in out
    assert "FAILED theorems/toy/lemma_2.py::toy.lemma_2::odd::plant1" in out
    assert "slow" not in out.split("short test summary")[-1]        # full tier deselected
    assert "2 failed, 2 passed, 1 deselected" in out


def test_full_marker_selects_full_checks(tmp_path):
    p = _pytest(tmp_path, "-m", "full", "-rA")
    assert p.returncode == 0, p.stdout
    assert "PASSED theorems/toy/lemma_2.py::toy.lemma_2::slow" in p.stdout
    assert "1 passed, 4 deselected" in p.stdout
