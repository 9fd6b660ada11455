"""The data model: Claim, Check, Evidence, Verdict, Constant, Erratum, Plant.

A theorem module declares one :class:`Claim` per numbered result and attaches
checks to it with the :meth:`Claim.check` decorator::

    CLAIM = Claim(id="wei2019.lemma_B6", paper="wei2019", label="Lemma B.6", ...)

    @CLAIM.check(method="symbolic", tier="quick", established="proved")
    def taylor_polynomials(ctx, g1=PAPER_G1):
        ...
        return Evidence(verdict="proved", expected=..., observed=...)

    CLAIM.plant("taylor_polynomials", "x^4 coefficient of g1 is 1/(3 pi)",
                g1=WRONG_G1)

A check's keyword parameters carry the paper's side of the comparison (the
formula or constant as printed); a :class:`Plant` re-runs the same check with
a wrong version of those parameters and must come out refuted.
"""
from __future__ import annotations

import dataclasses
import inspect
import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable

# -- verdicts ---------------------------------------------------------------

VERDICTS = ("refuted", "corrected", "proved", "confirmed", "reproduced",
            "inconclusive", "skipped", "not-checkable")
"""The fixed vocabulary, in order of precedence (first wins for a claim)."""

DECIDED = ("refuted", "corrected", "proved", "confirmed", "reproduced")
FALSE_AS_PRINTED = ("refuted", "corrected")
METHODS = ("symbolic", "certified", "numeric", "statistical", "empirical",
           "optimization", "not-checkable")
TIERS = ("quick", "full")
NEEDS = ("cpu", "gpu")
ERRATUM_KINDS = ("typo", "wrong coefficient", "wrong constant", "wrong exponent",
                 "wrong sign", "missing condition", "inconsistency",
                 "false as stated", "ambiguous", "loose")
CLAIM_KINDS = ("theorem", "lemma", "proposition", "corollary", "claim",
               "definition", "equation", "example", "remark", "figure",
               "assumption", "experiment", "identity")


class ModelError(ValueError):
    """Raised when a claim, check or record is malformed."""


SCOPES = ("claim", "step")
"""What a check establishes: the claim as a whole, or one step of it (a sub-identity, the
leading term of a bound, a consistency relation) that cannot carry the claim's verdict alone."""


def combine_verdicts(verdicts, scopes=None) -> str:
    """A claim's verdict from its checks' verdicts (and scopes, default all "claim").

    A refuted or corrected check (any scope) decides, in that order. Otherwise the first of
    VERDICTS by precedence among the whole-claim checks; a "step" check only counts when no
    whole-claim check is decided: a proved sub-identity does not make a theorem proved when
    the theorem itself was only confirmed numerically.
    """
    verdicts = list(verdicts)
    scopes = ["claim"] * len(verdicts) if scopes is None else list(scopes)
    if len(scopes) != len(verdicts):
        raise ModelError("combine_verdicts: one scope per verdict")
    for v, sc in zip(verdicts, scopes):
        if v not in VERDICTS:
            raise ModelError(f"unknown verdict {v!r}")
        _require(sc, SCOPES, "check scope")

    def first(vs):
        return next((v for v in VERDICTS if v in vs), None)

    false_as_printed = first([v for v in verdicts if v in FALSE_AS_PRINTED])
    if false_as_printed:
        return false_as_printed
    whole = [v for v, sc in zip(verdicts, scopes) if sc == "claim"]
    if any(v in DECIDED for v in whole):
        return first(whole)
    return first(verdicts) or "not-checkable"


def _require(value, allowed, what):
    if value not in allowed:
        raise ModelError(f"{what} must be one of {', '.join(allowed)}; got {value!r}")


# -- records ----------------------------------------------------------------

@dataclass
class Erratum:
    """Something the paper prints that is wrong, loose or ambiguous."""
    kind: str
    says: str
    correct: str
    evidence: str
    claim: str = ""
    check: str = ""

    def __post_init__(self):
        _require(self.kind, ERRATUM_KINDS, "Erratum.kind")


@dataclass
class Constant:
    """A constant the paper states or hides, and the value we found for it."""
    name: str
    where: str
    stated: str
    found: str
    how: str = ""
    certified: bool = False
    sharp: bool | None = None
    claim: str = ""
    check: str = ""


@dataclass
class Evidence:
    """The paper's side against the measured side, and the verdict they give."""
    verdict: str
    expected: Any = None
    observed: Any = None
    tolerance: Any = None
    interval: Any = None
    seed: int | None = None
    details: str = ""
    corrected: str | None = None
    figures: list = field(default_factory=list)
    table: list | None = None
    errata: list = field(default_factory=list)
    constants: list = field(default_factory=list)
    seconds: float | None = None
    cached: bool = False

    def __post_init__(self):
        _require(self.verdict, VERDICTS, "Evidence.verdict")
        if self.verdict == "corrected" and not self.corrected:
            raise ModelError("a 'corrected' verdict needs the corrected statement")
        self.errata = [e if isinstance(e, Erratum) else Erratum(**e) for e in self.errata]
        self.constants = [c if isinstance(c, Constant) else Constant(**c)
                          for c in self.constants]

    def to_json(self) -> dict:
        d = dataclasses.asdict(self)
        for key in ("expected", "observed", "tolerance", "interval", "table"):
            d[key] = jsonable(d[key])
        return d

    @classmethod
    def from_json(cls, d: dict) -> "Evidence":
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(d) - names
        if unknown:
            raise ModelError(f"unknown evidence fields {sorted(unknown)}")
        return cls(**d)


def jsonable(x):
    """Convert numpy scalars/arrays, tuples, sympy objects etc. to JSON values."""
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, int):
        return x
    if isinstance(x, float):
        return x if math.isfinite(x) else str(x)
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if hasattr(x, "tolist") and callable(x.tolist):      # numpy array / scalar
        return jsonable(x.tolist())
    if hasattr(x, "item") and callable(x.item):
        try:
            return jsonable(x.item())
        except Exception:  # noqa: BLE001 - fall back to str
            pass
    return str(x)


def inconclusive(reason: str, **kw) -> Evidence:
    return Evidence(verdict="inconclusive", details=reason, **kw)


# -- checks, plants, claims -------------------------------------------------

@dataclass
class Check:
    """An executable check attached to a claim."""
    claim: "Claim"
    name: str
    func: Callable
    method: str
    tier: str = "quick"
    needs: str = "cpu"
    established: str = "inconclusive"
    time_limit: float = 300.0
    doc: str = ""
    scope: str = "claim"

    def __post_init__(self):
        _require(self.scope, SCOPES, "Check.scope")
        _require(self.method, METHODS, "Check.method")
        _require(self.tier, TIERS, "Check.tier")
        _require(self.needs, NEEDS, "Check.needs")
        _require(self.established, VERDICTS, "Check.established")

    @property
    def id(self) -> str:
        return f"{self.claim.id}::{self.name}"

    def defaults(self) -> dict:
        """The check's keyword parameters with their defaults: the paper's side."""
        sig = inspect.signature(self.func)
        return {k: p.default for k, p in sig.parameters.items()
                if p.default is not inspect.Parameter.empty}

    def __call__(self, ctx, **overrides):
        unknown = set(overrides) - set(self.defaults())
        if unknown:
            raise ModelError(f"{self.id}: no parameters {sorted(unknown)}")
        return self.func(ctx, **overrides)


@dataclass
class Plant:
    """A variant of a claim's statement that its check must judge correctly.

    By default a *wrong* version (a coefficient off, an exponent off) that the check must
    refute (verdict refuted or corrected). With ``expect`` set, a variant whose verdict must
    be exactly ``expect``: for a check that finds the paper's statement false (established
    refuted/corrected), every wrong plant is trivially "killed", so the telling plant is the
    corrected statement, which the check must accept (``expect="proved"`` or ``"confirmed"``).
    """
    check: Check
    description: str
    overrides: dict
    expect: str | None = None

    def __post_init__(self):
        if self.expect is not None:
            _require(self.expect, DECIDED, "Plant.expect")

    @property
    def id(self) -> str:
        return f"{self.check.id}::plant[{self.description}]"


@dataclass
class Claim:
    """One numbered result (or printed identity) of a paper."""
    id: str
    paper: str
    label: str
    section: str
    kind: str
    statement: str
    depends_on: list = field(default_factory=list)
    module: str = ""
    checks: list = field(default_factory=list)
    plants: list = field(default_factory=list)

    def __post_init__(self):
        if not self.id.startswith(self.paper + "."):
            raise ModelError(f"claim id {self.id!r} must start with '{self.paper}.'")
        _require(self.kind, CLAIM_KINDS, "Claim.kind")
        if not self.statement.strip():
            raise ModelError(f"{self.id}: empty statement")
        if not self.module:
            frame = inspect.stack()[2]
            self.module = frame.frame.f_globals.get("__name__", "")

    def check(self, method: str, tier: str = "quick", *, established: str,
              needs: str = "cpu", time_limit: float = 300.0, name: str | None = None,
              scope: str = "claim"):
        """Decorator attaching a check function ``f(ctx, **paper_side)``.

        ``scope="step"`` marks a check of one step of the claim (see :data:`SCOPES`).
        """
        def wrap(func):
            chk = Check(self, name or func.__name__, func, method, tier, needs,
                        established, time_limit, inspect.getdoc(func) or "", scope)
            if any(c.name == chk.name for c in self.checks):
                raise ModelError(f"{self.id}: duplicate check {chk.name!r}")
            self.checks.append(chk)
            return func
        return wrap

    def not_checkable(self, reason: str, name: str = "not_checkable"):
        """Register a check that records why the claim cannot be checked."""
        def func(ctx):
            return Evidence(verdict="not-checkable", details=reason)
        func.__doc__ = reason
        self.check("not-checkable", established="not-checkable", name=name)(func)

    def plant(self, check_name: str, description: str, *, expect: str | None = None,
              **overrides):
        """Register a planted statement for ``check_name`` (wrong unless ``expect`` is given)."""
        chk = self.get_check(check_name)
        unknown = set(overrides) - set(chk.defaults())
        if unknown:
            raise ModelError(f"{chk.id}: plant overrides unknown parameters {sorted(unknown)}")
        if not overrides:
            raise ModelError(f"{chk.id}: a plant must change something")
        p = Plant(chk, description, overrides, expect)
        self.plants.append(p)
        return p

    def get_check(self, name: str) -> Check:
        for c in self.checks:
            if c.name == name:
                return c
        raise ModelError(f"{self.id}: no check named {name!r}")

    def summary(self) -> dict:
        return {"id": self.id, "paper": self.paper, "label": self.label,
                "section": self.section, "kind": self.kind,
                "statement": self.statement, "depends_on": list(self.depends_on),
                "module": self.module,
                "checks": [{"name": c.name, "method": c.method, "tier": c.tier,
                            "needs": c.needs, "established": c.established}
                           for c in self.checks],
                "plants": [p.description for p in self.plants]}


def dumps(obj) -> str:
    return json.dumps(jsonable(obj), sort_keys=True, separators=(",", ":"))
