"""pytest plugin: every check (and every plant) of a theorem module is a test item.

A check item fails when the check's verdict differs from the verdict its
module records as established, so a change that flips a finding is caught.
A plant item fails when its check does not refute the planted statement.
Items carry the markers ``quick`` or ``full`` and ``gpu``; without ``-m`` only
``quick`` items run.
"""
from __future__ import annotations

import importlib
import pathlib
import sys

import pytest

from .claims import Evidence
from .registry import claims_in_module
from .runner import BASE_SEED, Context, check_seed, execute_with_limit, plant_killed

MARKERS = {"quick": "quick-tier check (the default selection)",
           "full": "full-tier experiment (select with -m full)",
           "gpu": "needs a CUDA GPU (select with -m gpu)"}


def pytest_configure(config):
    for name, doc in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {doc}")


def _module_name(path: pathlib.Path) -> str | None:
    parts = list(path.with_suffix("").parts)
    if "theorems" not in parts:
        return None
    i = len(parts) - 1 - parts[::-1].index("theorems")
    root = pathlib.Path(*parts[:i]) if i else pathlib.Path(".")
    if str(root.resolve()) not in [str(pathlib.Path(p).resolve()) for p in sys.path if p]:
        sys.path.insert(0, str(root.resolve()))
    return ".".join(parts[i:])


def pytest_collect_file(file_path, parent):
    p = pathlib.Path(file_path)
    if p.suffix != ".py" or p.name.startswith("_") or p.name == "conftest.py":
        return None
    if "theorems" not in p.parts:
        return None
    return ClaimFile.from_parent(parent, path=p)


class ClaimFile(pytest.File):
    def collect(self):
        name = _module_name(self.path.resolve())
        module = importlib.import_module(name)
        for claim in claims_in_module(module):
            for chk in claim.checks:
                yield CheckItem.from_parent(self, name=f"{claim.id}::{chk.name}", check=chk)
            for k, plant in enumerate(claim.plants):
                yield CheckItem.from_parent(self, name=f"{claim.id}::{plant.check.name}::plant{k}",
                                            check=plant.check, plant=plant)


class CheckFailure(Exception):
    pass


class CheckItem(pytest.Item):
    def __init__(self, *, check, plant=None, **kw):
        super().__init__(**kw)
        self.check = check
        self.plant = plant
        self.add_marker(check.tier)
        if check.needs == "gpu":
            self.add_marker("gpu")

    def runtest(self):
        device = "cpu"
        if self.check.needs == "gpu":
            from .runner import DeviceError, resolve_device
            try:
                device = resolve_device("cuda")
            except DeviceError:
                pytest.skip("needs a CUDA GPU")
        tier = "full" if self.check.tier == "full" else "quick"
        ctx = Context(seed=check_seed(self.check, BASE_SEED), tier=tier, device=device)
        overrides = dict(self.plant.overrides) if self.plant else {}
        ev: Evidence = execute_with_limit(self.check, overrides, ctx, self.check.time_limit)
        self.user_properties.append(("verdict", ev.verdict))
        if self.plant is not None:
            if not plant_killed(ev, self.plant):
                want = self.plant.expect or "refuted or corrected"
                raise CheckFailure(f"plant survived: {self.plant.description!r} gave "
                                   f"{ev.verdict} (wanted {want})\n{ev.details}")
            return
        if ev.verdict != self.check.established:
            raise CheckFailure(f"verdict {ev.verdict!r}, established {self.check.established!r}\n"
                               f"expected: {ev.expected}\nobserved: {ev.observed}\n{ev.details}")

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, CheckFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, self.name


def pytest_collection_modifyitems(config, items):
    if config.option.markexpr:
        return
    keep, drop = [], []
    for item in items:
        (drop if isinstance(item, CheckItem) and item.get_closest_marker("quick") is None
         else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
