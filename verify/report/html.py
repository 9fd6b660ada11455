"""index.html: one self-contained page (figures inlined, no network), every text escaped."""
from __future__ import annotations

import base64
import html
import json
import pathlib

COLOURS = {"refuted": "#d62728", "corrected": "#ff7f0e", "proved": "#1a7f37",
           "confirmed": "#2ca02c", "reproduced": "#7fbf7f", "inconclusive": "#bbbbbb",
           "skipped": "#e0e0e0", "not-checkable": "#f5f5f5"}

CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1,h2,h3{font-weight:600} h3{margin-bottom:.2em}
.v{display:inline-block;padding:.05em .5em;border-radius:.6em;font-size:.85em;border:1px solid #999}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em} td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
pre{white-space:pre-wrap;background:#f7f7f7;padding:.5em;font-size:.85em;margin:.3em 0}
.claim{border-top:1px solid #ddd;padding-top:.5em;margin-top:1em}
.check{margin:.4em 0 .8em 1em} img{max-width:100%;border:1px solid #ddd}
.legend span{margin-right:1em} svg text{font-size:10px;font-family:monospace}
"""


def esc(x) -> str:
    if x is None:
        return ""
    return html.escape(x if isinstance(x, str) else json.dumps(x), quote=True)


def badge(verdict: str) -> str:
    return (f'<span class="v" style="background:{COLOURS.get(verdict, "#fff")}">'
            f"{esc(verdict)}</span>")


def anchor(claim_id: str) -> str:
    return "c-" + "".join(ch if ch.isalnum() else "-" for ch in claim_id)


def _img(path: pathlib.Path, alt: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode()
    mime = "image/svg+xml" if path.suffix == ".svg" else "image/png"
    return f'<img alt="{esc(alt)}" src="data:{mime};base64,{data}">'


def dependency_graph(claims: list) -> str:
    """An inline SVG: claims layered by depth along depends_on, filled by verdict."""
    ids = {c["id"] for c in claims}
    deps = {c["id"]: [d for d in c["depends_on"] if d in ids] for c in claims}
    depth: dict = {}

    def level(i, seen=()):
        if i in depth:
            return depth[i]
        if i in seen:              # a cycle: cut it
            return 0
        depth[i] = 1 + max((level(d, seen + (i,)) for d in deps[i]), default=-1)
        return depth[i]
    for i in deps:
        level(i)
    layers: dict = {}
    for c in claims:
        layers.setdefault(depth[c["id"]], []).append(c)
    w, h, gapx, gapy = 150, 22, 12, 46
    width = max(len(v) for v in layers.values()) * (w + gapx) + gapx
    height = len(layers) * (h + gapy) + gapy
    pos = {}
    for lv, row in layers.items():
        for k, c in enumerate(row):
            pos[c["id"]] = (gapx + k * (w + gapx), gapy + lv * (h + gapy))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">']
    for i, ds in deps.items():
        x1, y1 = pos[i]
        for d in ds:
            x0, y0 = pos[d]
            parts.append(f'<line x1="{x0 + w / 2}" y1="{y0 + h}" x2="{x1 + w / 2}" y2="{y1}" '
                         'stroke="#999" stroke-width="1"/>')
    for c in claims:
        x, y = pos[c["id"]]
        label = c["id"].split(".", 1)[1][:22]
        parts.append(f'<a href="#{anchor(c["id"])}"><rect x="{x}" y="{y}" width="{w}" height="{h}" '
                     f'rx="4" fill="{COLOURS.get(c["verdict"], "#fff")}" stroke="#555">'
                     f'<title>{esc(c["label"])}: {esc(c["verdict"])}</title></rect>'
                     f'<text x="{x + 4}" y="{y + 15}">{esc(label)}</text></a>')
    parts.append("</svg>")
    return "".join(parts)


def render_check(k: dict, root: pathlib.Path) -> str:
    rows = "".join(f"<tr><th>{esc(f)}</th><td><pre>{esc(k[f])}</pre></td></tr>"
                   for f in ("expected", "observed", "tolerance", "interval", "corrected")
                   if k.get(f) not in (None, "", []))
    step = ", one step of the claim" if k.get("scope") == "step" else ""
    out = [f'<div class="check"><b>{esc(k["name"])}</b> ({esc(k["method"])}, {esc(k["tier"])}{step}) '
           f'{badge(k["verdict"])} <small>established {esc(k["established"])}; seed {esc(k["seed"])}; '
           f'{esc(k["seconds"])} s{" (cached)" if k.get("cached") else ""}</small>']
    if rows:
        out.append(f"<table>{rows}</table>")
    if k.get("details"):
        out.append(f"<pre>{esc(k['details'])}</pre>")
    if k.get("table"):
        table = k["table"]
        if isinstance(table, list) and table and isinstance(table[0], dict):
            cols = list(table[0])
            out.append("<table><tr>" + "".join(f"<th>{esc(c)}</th>" for c in cols) + "</tr>" +
                       "".join("<tr>" + "".join(f"<td>{esc(r.get(c))}</td>" for c in cols) + "</tr>"
                               for r in table) + "</table>")
        else:
            out.append(f"<pre>{esc(table)}</pre>")
    for f in k.get("figures", []):
        p = root / f
        if p.is_file():
            out.append(_img(p, k["name"]))
    out.append("</div>")
    return "".join(out)


def render_html(report: dict, root) -> str:
    root = pathlib.Path(root)
    env, s = report["environment"], report["summary"]
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'>",
           f"<title>Verification report ({esc(report['tier'])})</title><style>{CSS}</style></head><body>",
           f"<h1>Verification report <small>({esc(report['tier'])} tier)</small></h1>",
           f"<p>Created {esc(report['created'])}; git {esc(env.get('git'))}; device {esc(env.get('device'))}; "
           f"base seed {esc(env.get('base_seed'))}. {esc(s['claims'])} claims, {esc(s['checks'])} checks.</p>",
           "<p>" + " ".join(f"{badge(v)} {esc(n)}" for v, n in s["verdicts"].items() if n) + "</p>",
           '<p class="legend">Verdicts: ' + " ".join(badge(v) for v in COLOURS) + "</p>"]
    if s.get("load_errors"):
        out.append(f"<p><b>Modules that failed to load:</b> {esc(', '.join(s['load_errors']))}</p>")
    out.append("<p><a href='#errata'>Errata</a> · <a href='#constants'>Constants</a> · "
               "<a href='#environment'>Environment</a></p>")
    papers: dict = {}
    for c in report["claims"]:
        papers.setdefault(c["paper"], []).append(c)
    for paper, claims in papers.items():
        out.append(f"<h2>{esc(paper)}</h2>")
        out.append("<details><summary>Dependency graph</summary>" + dependency_graph(claims) +
                   "</details>")
        for c in claims:
            out.append(f'<div class="claim" id="{anchor(c["id"])}"><h3>{esc(c["label"])} '
                       f'{badge(c["verdict"])}</h3><small><code>{esc(c["id"])}</code> · section '
                       f'{esc(c["section"])} · {esc(c["kind"])}</small>'
                       f"<p>{esc(c['statement'])}</p>")
            if c["depends_on"]:
                out.append("<p><small>Depends on: " + ", ".join(
                    f'<a href="#{anchor(d)}">{esc(d)}</a>' for d in c["depends_on"]) +
                    "</small></p>")
            out += [render_check(k, root) for k in c["checks"]]
            out.append("</div>")
    out.append("<h2 id='errata'>Errata</h2>")
    if report["errata"]:
        out.append("<table><tr><th>claim</th><th>kind</th><th>the paper says</th><th>what is true</th>"
                   "<th>evidence</th></tr>" + "".join(
                       f'<tr><td><a href="#{anchor(e["claim"])}">{esc(e["claim"])}</a></td>'
                       f"<td>{esc(e['kind'])}</td><td>{esc(e['says'])}</td><td>{esc(e['correct'])}</td>"
                       f"<td>{esc(e['evidence'])}</td></tr>" for e in report["errata"]) + "</table>")
    else:
        out.append("<p>None recorded.</p>")
    out.append("<h2 id='constants'>Constants</h2>")
    if report["constants"]:
        cols = ("claim", "name", "where", "stated", "found", "how", "certified", "sharp")
        out.append("<table><tr>" + "".join(f"<th>{c}</th>" for c in cols) + "</tr>" + "".join(
            "<tr>" + "".join(f"<td>{esc(k.get(c))}</td>" for c in cols) + "</tr>"
            for k in report["constants"]) + "</table>")
    else:
        out.append("<p>None recorded.</p>")
    out.append(f"<h2 id='environment'>Environment</h2><pre>{esc(json.dumps(env, indent=1))}</pre>")
    out.append("</body></html>")
    return "\n".join(out)
