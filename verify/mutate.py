"""Planted statements: each wrong one must be refuted by its check, each one with an expected
verdict (a corrected statement) must get exactly that verdict ("killed K/N" counts both)."""
from __future__ import annotations

from .runner import plant_killed, plant_tasks


def run_plants(registry, runner, ids=None):
    """Run every plant (of the selected claims); returns (rows, killed, total_run)."""
    results = runner.run(plant_tasks(registry.plants(ids)))
    rows, killed, total = [], 0, 0
    for r in results:
        ev = r.evidence
        if ev.verdict == "skipped":
            status = "skipped"
        else:
            total += 1
            ok = plant_killed(ev, r.task.plant)
            status = ("accepted" if r.task.plant.expect else "killed") if ok else "SURVIVED"
            killed += ok
        rows.append({"plant": r.task.plant.description, "check": r.check.id,
                     "verdict": ev.verdict, "status": status, "details": ev.details})
    return rows, killed, total
