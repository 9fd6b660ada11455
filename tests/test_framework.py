"""Tests of verify/: data model, registry, runner, cache, CLI errors, report writers."""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import textwrap
import time

import pytest

from verify import Claim, Evidence, ModelError, combine_verdicts
from verify.registry import discover
from verify.runner import Cache, Runner, Task, check_tasks, plant_killed, plant_tasks

ROOT = pathlib.Path(__file__).resolve().parent.parent

FAKE_MODULE = textwrap.dedent('''
    import time
    from verify import Claim, Evidence, Erratum, Constant

    CLAIM = Claim(id="toy.lemma_1", paper="toy", label="Lemma 1", section="1", kind="lemma",
                  statement="2 + 2 = 4", depends_on=[])

    @CLAIM.check(method="numeric", established="confirmed")
    def arithmetic(ctx, total=4):
        ok = 2 + 2 == total
        return Evidence(verdict="confirmed" if ok else "refuted", expected=total, observed=2 + 2,
                        errata=[] if ok else [Erratum(kind="typo", says=str(total), correct="4",
                                                      evidence="python")],
                        constants=[Constant(name="four", where="Lemma 1", stated="4",
                                            found="4")])

    @CLAIM.check(method="numeric", established="inconclusive")
    def explodes(ctx):
        raise ZeroDivisionError("solver failure")

    @CLAIM.check(method="numeric", established="inconclusive", time_limit=0.5)
    def slow(ctx):
        time.sleep(5)
        return Evidence(verdict="confirmed")

    @CLAIM.check(method="empirical", tier="full", established="reproduced")
    def big(ctx):
        return Evidence(verdict="reproduced")

    @CLAIM.check(method="numeric", established="confirmed")
    def figure(ctx):
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        fig.savefig(ctx.figure("line.png"))
        plt.close(fig)
        return Evidence(verdict="confirmed", details="<script>alert(1)</script>")

    CLAIM.plant("arithmetic", "2 + 2 = 5", total=5)
''')


@pytest.fixture()
def toy(tmp_path, monkeypatch):
    pkg = tmp_path / "toythm"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "lemma_1.py").write_text(FAKE_MODULE)
    (pkg / "broken.py").write_text("raise ImportError('broken on purpose')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in list(sys.modules):
        if name.startswith("toythm"):
            del sys.modules[name]
    return discover("toythm")


# -- data model ----------------------------------------------------------------

def test_verdict_precedence():
    assert combine_verdicts(["confirmed", "refuted", "proved"]) == "refuted"
    assert combine_verdicts(["skipped", "inconclusive"]) == "inconclusive"
    assert combine_verdicts(["proved", "confirmed"]) == "proved"
    # a proved step does not lift a claim that was only confirmed as a whole ...
    assert combine_verdicts(["proved", "confirmed"], ["step", "claim"]) == "confirmed"
    # ... but a refuted step refutes it, and steps decide when nothing else does
    assert combine_verdicts(["refuted", "proved"], ["step", "claim"]) == "refuted"
    assert combine_verdicts(["proved", "inconclusive"], ["step", "claim"]) == "proved"
    with pytest.raises(ModelError):
        combine_verdicts(["proved"], ["part"])
    with pytest.raises(ModelError):
        combine_verdicts(["proved", "confirmed"], ["step"])
    with pytest.raises(ModelError):
        combine_verdicts(["maybe"])


def test_model_rejects_bad_records():
    with pytest.raises(ModelError):
        Evidence(verdict="true")
    with pytest.raises(ModelError):
        Evidence(verdict="corrected")            # needs the corrected statement
    with pytest.raises(ModelError):
        Claim(id="other.x", paper="toy", label="L", section="1", kind="lemma", statement="s")
    c = Claim(id="toy.x", paper="toy", label="L", section="1", kind="lemma", statement="s")

    @c.check(method="numeric", established="confirmed")
    def f(ctx, a=1):
        return Evidence(verdict="confirmed")
    with pytest.raises(ModelError):
        c.plant("f", "nothing changed")
    with pytest.raises(ModelError):
        c.plant("f", "unknown parameter", b=2)
    with pytest.raises(ModelError):
        c.check(method="guess", established="confirmed")(f)


# -- registry ---------------------------------------------------------------------

def test_registry_discovers_claims_and_records_broken_modules(toy):
    assert list(toy.claims) == ["toy.lemma_1"]
    assert "toythm.broken" in toy.errors and "broken on purpose" in toy.errors["toythm.broken"]
    claim = toy.get("toy.lemma_1")
    assert [c.name for c in claim.checks] == ["arithmetic", "explodes", "slow", "big", "figure"]
    with pytest.raises(KeyError):
        toy.get("toy.nope")


def test_real_registry_loads_without_errors():
    reg = discover()
    assert not reg.errors, reg.errors
    assert "wei2019.lemma_B6" in reg.claims


# -- runner ------------------------------------------------------------------------

def _by_name(results):
    return {r.check.name: r.evidence for r in results}


@pytest.mark.parametrize("executor", ["inline", "process"])
def test_runner_turns_failures_into_inconclusive(toy, tmp_path, executor):
    runner = Runner(executor=executor, cache_dir=tmp_path / "cache", progress=False, jobs=2)
    ev = _by_name(runner.run(check_tasks(toy.checks())))
    assert ev["arithmetic"].verdict == "confirmed"
    assert ev["explodes"].verdict == "inconclusive" and "ZeroDivisionError" in ev["explodes"].details
    assert ev["slow"].verdict == "inconclusive" and "time limit" in ev["slow"].details
    assert ev["big"].verdict == "skipped"
    assert ev["figure"].verdict == "confirmed" and len(ev["figure"].figures) == 1
    assert ev["arithmetic"].constants[0].claim == "toy.lemma_1"


def test_full_tier_runs_full_checks(toy, tmp_path):
    runner = Runner(executor="inline", tier="full", use_cache=False, progress=False)
    assert _by_name(runner.run(check_tasks(toy.checks())))["big"].verdict == "reproduced"


def test_seeds_are_fixed(toy):
    r1 = Runner(executor="inline", use_cache=False, progress=False)
    r2 = Runner(executor="inline", use_cache=False, progress=False)
    t = check_tasks(toy.checks())[:1]
    assert r1.run(t)[0].evidence.seed == r2.run(t)[0].evidence.seed


def test_plants_are_refuted(toy):
    runner = Runner(executor="inline", use_cache=False, progress=False)
    (res,) = runner.run(plant_tasks(toy.plants()))
    assert res.evidence.verdict == "refuted" and plant_killed(res.evidence)
    assert res.evidence.errata[0].kind == "typo"


# -- cache --------------------------------------------------------------------------

def test_cache_hit_and_corrupt_entry_recomputed(toy, tmp_path):
    cache_dir = tmp_path / "cache"
    tasks = [Task(toy.get("toy.lemma_1").get_check("arithmetic")),
             Task(toy.get("toy.lemma_1").get_check("figure"))]
    runner = Runner(executor="inline", cache_dir=cache_dir, progress=False)
    first = runner.run(tasks)
    assert not any(r.evidence.cached for r in first)
    second = runner.run(tasks)
    assert all(r.evidence.cached for r in second)
    assert second[1].evidence.figures and pathlib.Path(second[1].evidence.figures[0]).is_file()
    # corrupt one entry: garbage; tamper with the other: valid JSON, wrong checksum
    entry = cache_dir / f"{first[0].key}.json"
    entry.write_text("{not json")
    other = cache_dir / f"{first[1].key}.json"
    blob = json.loads(other.read_text())
    blob["evidence"]["verdict"] = "refuted"
    other.write_text(json.dumps(blob))
    third = runner.run(tasks)
    assert [r.evidence.cached for r in third] == [False, False]
    assert third[1].evidence.verdict == "confirmed"
    # a missing figure also invalidates the entry
    pathlib.Path(third[1].evidence.figures[0]).unlink()
    assert not runner.run(tasks)[1].evidence.cached


def test_cache_key_depends_on_parameters(toy, tmp_path):
    chk = toy.get("toy.lemma_1").get_check("arithmetic")
    runner = Runner(executor="inline", cache_dir=tmp_path / "c", progress=False)
    a = runner.run([Task(chk)])[0]
    b = runner.run([Task(chk, {"total": 5})])[0]
    assert a.key != b.key and b.evidence.verdict == "refuted" and not b.evidence.cached


def test_cache_env_var(monkeypatch, tmp_path):
    from verify.runner import default_cache_dir
    monkeypatch.setenv("VERIFY_CACHE_DIR", str(tmp_path / "x"))
    assert default_cache_dir() == tmp_path / "x"
    assert Cache(tmp_path / "x").load("nothing") is None


# -- report --------------------------------------------------------------------------

def test_report_writers_and_atomic_replace(toy, tmp_path, monkeypatch):
    from verify import report
    runner = Runner(executor="inline", cache_dir=tmp_path / "cache", progress=False)
    results = runner.run(check_tasks(toy.checks()))
    rep = report.build(toy, results, tier="quick", device="cpu", base_seed=1,
                       load_errors=toy.errors)
    assert rep["schema"] == "verify-report/1"
    assert rep["summary"]["load_errors"] == ["toythm.broken"]
    from verify.claims import VERDICTS
    for c in rep["claims"]:
        assert c["verdict"] in VERDICTS
        for k in c["checks"]:
            assert k["verdict"] in VERDICTS
    out = tmp_path / "rep"
    report.write(rep, out)
    data = json.loads((out / "report.json").read_text())
    assert data["constants"][0]["name"] == "four"
    fig = [k for c in data["claims"] for k in c["checks"] if k["name"] == "figure"][0]
    assert fig["figures"] and (out / fig["figures"][0]).is_file()
    page = (out / "index.html").read_text()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "data:image/png;base64," in page and "http" not in page.split("<body>")[0]
    assert "# Verification report" in (out / "report.md").read_text()
    # an interrupted write leaves the previous report intact
    before = (out / "report.json").read_text()

    def boom(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr("verify.report.html.render_html", boom)
    with pytest.raises(KeyboardInterrupt):
        report.write(rep, out)
    assert (out / "report.json").read_text() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".rep.tmp")]


# -- CLI -------------------------------------------------------------------------------

def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "verify", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("args", [
    ["run", "no_such.claim"],
    ["run", "--bogus-flag"],
    ["frobnicate"],
    ["run", "--tier", "huge"],
    ["mutate", "no_such.claim"],
    [],
])
def test_cli_errors_exit_2_with_one_line(args):
    p = _cli(*args)
    assert p.returncode == 2, p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and p.stderr.startswith("verify: error:")


def test_cli_cuda_without_gpu_exits_2():
    import torch
    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    p = _cli("run", "wei2019.lemma_B6", "--device", "cuda")
    assert p.returncode == 2 and "CUDA" in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_cli_list_json_and_run(tmp_path):
    p = _cli("list", "--json")
    assert p.returncode == 0
    ids = {c["id"] for c in json.loads(p.stdout)["claims"]}
    assert "wei2019.lemma_B6" in ids
    p = _cli("run", "wei2019.lemma_B6", "--json", "--cache-dir", str(tmp_path / "c"))
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["claims"][0]["id"] == "wei2019.lemma_B6"
    assert out["claims"][0]["verdict"] == "confirmed"   # two proved steps, one confirmed whole


def test_theorem_imports_follow_borrowed_claim_modules(tmp_path):
    """A claim module that borrows from another claim module is re-keyed when that one changes."""
    from verify.runner import theorem_imports
    pkg = tmp_path / "theorems" / "paper"
    pkg.mkdir(parents=True)
    (tmp_path / "theorems" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from theorems.paper.b import f\nimport numpy\n")
    (pkg / "b.py").write_text("from theorems.paper import c\n")
    (pkg / "c.py").write_text("X = 1\n")
    (pkg / "d.py").write_text("Y = 2\n")
    deps = {p.name for p in theorem_imports(pkg / "a.py", root=tmp_path)}
    assert deps == {"a.py", "b.py", "c.py", "__init__.py"}
    assert "d.py" not in deps
    # in this repository: Theorem 3.2 borrows from equation (7) and Theorem 4.1
    here = {p.name for p in theorem_imports(ROOT / "theorems/arora2019/thm_3_2.py")}
    assert {"thm_3_2.py", "eq_7.py", "thm_4_1.py", "_common.py"} <= here


def test_plant_with_expected_verdict():
    """A corrected statement planted on a check that finds the paper wrong must be accepted."""
    from verify.runner import plant_killed
    claim = Claim(id="toy.expect", paper="toy", label="L", section="1", kind="lemma",
                  statement="s", depends_on=[])

    @claim.check(method="numeric", established="corrected")
    def bound(ctx, constant=2):
        return Evidence(verdict="proved" if constant >= 3 else "corrected", corrected="c >= 3")

    wrong = claim.plant("bound", "c = 1", constant=1)
    fixed = claim.plant("bound", "the corrected c = 3", expect="proved", constant=3)
    corrected = Evidence(verdict="corrected", corrected="c >= 3")
    assert plant_killed(corrected, wrong)
    assert not plant_killed(corrected, fixed)
    assert plant_killed(Evidence(verdict="proved"), fixed)
    assert not plant_killed(Evidence(verdict="confirmed"), fixed)
    with pytest.raises(ModelError):
        claim.plant("bound", "bad expectation", expect="maybe", constant=3)
