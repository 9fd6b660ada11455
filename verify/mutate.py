"""Planted wrong statements: each must be refuted by its check (the kill rate)."""
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
            status = "killed" if plant_killed(ev, r.task.plant) else "SURVIVED"
            killed += status == "killed"
        rows.append({"plant": r.task.plant.description, "check": r.check.id,
                     "verdict": ev.verdict, "status": status, "details": ev.details})
    return rows, killed, total
