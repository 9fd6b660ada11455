"""Discovery of claims: every module under ``theorems/`` (or another package).

A module contributes every :class:`~verify.claims.Claim` bound at its top
level. Modules that fail to import are recorded in :attr:`Registry.errors`
instead of aborting discovery, so one broken module never hides the others.
"""
from __future__ import annotations

import importlib
import pkgutil
import traceback
from dataclasses import dataclass, field

from .claims import Claim, ModelError

DEFAULT_PACKAGE = "theorems"


@dataclass
class Registry:
    claims: dict = field(default_factory=dict)   # id -> Claim, in discovery order
    errors: dict = field(default_factory=dict)   # module name -> traceback text

    def add(self, claim: Claim):
        if claim.id in self.claims and self.claims[claim.id] is not claim:
            raise ModelError(f"duplicate claim id {claim.id!r} "
                             f"({self.claims[claim.id].module} and {claim.module})")
        self.claims[claim.id] = claim

    def get(self, claim_id: str) -> Claim:
        try:
            return self.claims[claim_id]
        except KeyError:
            raise KeyError(f"unknown claim id {claim_id!r}") from None

    def select(self, ids=None):
        """Claims by id (all when ``ids`` is empty); KeyError on an unknown id."""
        if not ids:
            return list(self.claims.values())
        return [self.get(i) for i in ids]

    def checks(self, ids=None):
        return [c for claim in self.select(ids) for c in claim.checks]

    def plants(self, ids=None):
        return [p for claim in self.select(ids) for p in claim.plants]

    def papers(self):
        out = {}
        for c in self.claims.values():
            out.setdefault(c.paper, []).append(c)
        return out


def claims_in_module(module) -> list:
    return [v for v in vars(module).values() if isinstance(v, Claim)]


def discover(package: str = DEFAULT_PACKAGE) -> Registry:
    """Import every module of ``package`` and collect its claims."""
    reg = Registry()
    try:
        pkg = importlib.import_module(package)
    except Exception:  # noqa: BLE001 - recorded, not raised
        reg.errors[package] = traceback.format_exc()
        return reg
    names = sorted(m.name for m in pkgutil.walk_packages(
        pkg.__path__, prefix=pkg.__name__ + ".",
        onerror=lambda name: reg.errors.setdefault(name, traceback.format_exc())))
    for name in names:
        if name.rsplit(".", 1)[-1].startswith("_") or name.endswith("conftest"):
            continue
        try:
            module = importlib.import_module(name)
        except Exception:  # noqa: BLE001
            reg.errors[name] = traceback.format_exc()
            continue
        for claim in claims_in_module(module):
            try:
                reg.add(claim)
            except ModelError as e:
                reg.errors[name] = str(e)
    return reg
