"""report.md: the same content as report.json, for reading in a terminal or a review."""
from __future__ import annotations

import json


def _cell(x) -> str:
    if x is None:
        return ""
    s = x if isinstance(x, str) else json.dumps(x)
    return s.replace("|", "\\|").replace("\n", " ")


def _short(x, n=300) -> str:
    s = _cell(x)
    return s if len(s) <= n else s[: n - 3] + "..."


def render_markdown(report: dict) -> str:
    env = report["environment"]
    s = report["summary"]
    out = [f"# Verification report ({report['tier']} tier)", "",
           f"Created {report['created']} on {env.get('platform')}, Python {env.get('python')}, "
           f"device {env.get('device')}, git {env.get('git')}, base seed {env.get('base_seed')}.",
           "", f"{s['claims']} claims, {s['checks']} checks: " +
           ", ".join(f"{v} {k}" for k, v in s["verdicts"].items() if v), ""]
    if s.get("load_errors"):
        out += ["**Modules that failed to load:** " + ", ".join(s["load_errors"]), ""]
    papers = {}
    for c in report["claims"]:
        papers.setdefault(c["paper"], []).append(c)
    for paper, claims in papers.items():
        out += [f"## {paper}", "", "| claim | label | verdict |", "|---|---|---|"]
        out += [f"| `{c['id']}` | {_cell(c['label'])} | **{c['verdict']}** |" for c in claims]
        out.append("")
        for c in claims:
            out += [f"### {c['label']} (`{c['id']}`): {c['verdict']}", "",
                    c["statement"].strip(), ""]
            if c["depends_on"]:
                out += ["Depends on: " + ", ".join(f"`{d}`" for d in c["depends_on"]), ""]
            for k in c["checks"]:
                step = ", one step of the claim" if k.get("scope") == "step" else ""
                out.append(f"- **{k['name']}** ({k['method']}, {k['tier']}{step}): "
                           f"**{k['verdict']}** (established: {k['established']}; "
                           f"{k['seconds']} s{', cached' if k.get('cached') else ''})")
                for field in ("expected", "observed", "tolerance", "interval", "corrected"):
                    if k.get(field) not in (None, "", []):
                        out.append(f"  - {field}: {_short(k[field], 600)}")
                if k.get("details"):
                    out.append("  - details: " + _short(k["details"], 1200))
                for f in k.get("figures", []):
                    out.append(f"  - figure: ![{k['name']}]({f})")
            out.append("")
    out += ["## Errata", ""]
    if report["errata"]:
        out += ["| claim | kind | the paper says | what is true | evidence |", "|---|---|---|---|---|"]
        out += [f"| `{e['claim']}` | {e['kind']} | {_cell(e['says'])} | {_cell(e['correct'])} | "
                f"{_cell(e['evidence'])} |" for e in report["errata"]]
    else:
        out.append("None recorded.")
    out += ["", "## Constants", ""]
    if report["constants"]:
        out += ["| claim | constant | where | stated | found | how | certified | sharp |",
                "|---|---|---|---|---|---|---|---|"]
        out += [f"| `{k['claim']}` | {_cell(k['name'])} | {_cell(k['where'])} | {_cell(k['stated'])} | "
                f"{_cell(k['found'])} | {_cell(k['how'])} | {k['certified']} | {k['sharp']} |"
                for k in report["constants"]]
    else:
        out.append("None recorded.")
    out += ["", "## Environment", "", "```json", json.dumps(env, indent=1), "```", ""]
    return "\n".join(out)
