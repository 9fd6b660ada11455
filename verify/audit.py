"""The constants table: every constant the checks pinned, stated against found."""
from __future__ import annotations


def constants_of(results) -> list:
    out = []
    for r in results:
        if r.task.plant is None:
            out += r.evidence.constants
    return out


def render_constants(constants) -> str:
    if not constants:
        return "no constants recorded"
    rows = [("claim", "constant", "stated", "found", "certified", "sharp")]
    rows += [(k.claim, k.name, k.stated, k.found, str(k.certified), str(k.sharp))
             for k in constants]
    widths = [min(48, max(len(r[i]) for r in rows)) for i in range(len(rows[0]))]
    lines = []
    for r in rows:
        lines.append("  ".join(str(c)[:w].ljust(w) for c, w in zip(r, widths)))
    return "\n".join(lines)
