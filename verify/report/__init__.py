"""The report: one dict in schema ``verify-report/1``, written as JSON, Markdown and HTML.

:func:`build` turns a registry and the runner's results into the report dict;
:func:`write` puts ``report.json``, ``report.md``, ``index.html`` and the
figures into a temporary directory beside the target and moves it into place
only once everything is written, so an interrupted run leaves the previous
report as it was.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import pathlib
import platform
import shutil
import subprocess
import tempfile

from ..claims import VERDICTS, combine_verdicts, jsonable

SCHEMA = "verify-report/1"
PACKAGES = ("numpy", "scipy", "sympy", "mpmath", "cvxpy", "highspy", "clarabel",
            "torch", "matplotlib", "python-flint", "scikit-learn", "pytest", "tqdm")


def environment(device: str, base_seed: int) -> dict:
    from importlib import metadata
    pkgs = {}
    for name in PACKAGES:
        try:
            pkgs[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pkgs[name] = None
    return {"python": platform.python_version(), "packages": pkgs, "device": device,
            "base_seed": base_seed, "git": git_revision(),
            "platform": platform.platform(), "cpus": os.cpu_count()}


def git_revision() -> str | None:
    root = pathlib.Path(__file__).resolve().parents[2]
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                             capture_output=True, text=True, timeout=10)
        rev = out.stdout.strip() or None
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return f"{rev}+dirty" if rev and dirty else rev
    except Exception:  # noqa: BLE001
        return None


def check_entry(result) -> dict:
    ev = result.evidence
    chk = result.check
    return {"name": chk.name, "method": chk.method, "scope": chk.scope, "tier": chk.tier,
            "needs": chk.needs,
            "established": chk.established, "verdict": ev.verdict,
            "expected": jsonable(ev.expected), "observed": jsonable(ev.observed),
            "tolerance": jsonable(ev.tolerance), "interval": jsonable(ev.interval),
            "seed": ev.seed, "seconds": ev.seconds, "cached": ev.cached,
            "details": ev.details, "corrected": ev.corrected,
            "table": jsonable(ev.table), "figures": list(ev.figures)}


def build(registry, results, *, tier: str, device: str, base_seed: int,
          load_errors: dict | None = None) -> dict:
    """The report dict (figures still as absolute paths; :func:`write` relocates them)."""
    by_check = {r.check.id: r for r in results if r.task.plant is None}
    claims, errata, constants = [], [], []
    counts = {v: 0 for v in VERDICTS}
    for claim in registry.claims.values():
        entries = [check_entry(by_check[c.id]) for c in claim.checks if c.id in by_check]
        if not entries:
            continue
        verdict = combine_verdicts([e["verdict"] for e in entries],
                                   [e["scope"] for e in entries])
        counts[verdict] += 1
        claims.append({"id": claim.id, "paper": claim.paper, "label": claim.label,
                       "section": claim.section, "kind": claim.kind,
                       "statement": claim.statement, "depends_on": list(claim.depends_on),
                       "verdict": verdict, "checks": entries})
        for c in claim.checks:
            r = by_check.get(c.id)
            if r is None:
                continue
            errata += [jsonable(_record(e, ("claim", "check", "kind", "says", "correct",
                                             "evidence"))) for e in r.evidence.errata]
            constants += [jsonable(_record(k, ("claim", "check", "name", "where", "stated",
                                                "found", "how", "certified", "sharp")))
                          for k in r.evidence.constants]
    return {"schema": SCHEMA,
            "created": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tier": tier,
            "environment": environment(device, base_seed),
            "summary": {"claims": len(claims), "verdicts": counts,
                        "checks": sum(len(c["checks"]) for c in claims),
                        "errata": len(errata), "constants": len(constants),
                        "load_errors": sorted(load_errors or {})},
            "claims": claims, "errata": errata, "constants": constants}


def _record(obj, keys):
    return {k: getattr(obj, k) for k in keys}


def _relocate_figures(report: dict, outdir: pathlib.Path):
    figdir = outdir / "figures"
    for claim in report["claims"]:
        for chk in claim["checks"]:
            rel = []
            for i, f in enumerate(chk["figures"]):
                src = pathlib.Path(f)
                if not src.is_file():
                    continue
                figdir.mkdir(exist_ok=True)
                name = f"{claim['id']}.{chk['name']}.{i}{src.suffix}".replace("/", "_")
                shutil.copyfile(src, figdir / name)
                rel.append(f"figures/{name}")
            chk["figures"] = rel


def write(report: dict, outdir) -> pathlib.Path:
    """Write the three files (and figures) atomically into ``outdir``."""
    from .html import render_html
    from .markdown import render_markdown
    outdir = pathlib.Path(outdir).resolve()
    outdir.parent.mkdir(parents=True, exist_ok=True)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=f".{outdir.name}.tmp-", dir=outdir.parent))
    try:
        report = json.loads(json.dumps(report))        # a private copy
        _relocate_figures(report, tmp)
        (tmp / "report.json").write_text(json.dumps(report, indent=1, sort_keys=False))
        (tmp / "report.md").write_text(render_markdown(report))
        (tmp / "index.html").write_text(render_html(report, tmp))
        old = None
        if outdir.exists():
            old = outdir.parent / f".{outdir.name}.old-{os.getpid()}"
            os.replace(outdir, old)
        os.replace(tmp, outdir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return outdir
