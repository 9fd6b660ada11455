"""wei2019, equation (2.1): the distribution D with all its signal in two coordinates.

Statement (our words). A sample (x, y) of D has x in R^d (d >= 3): the
coordinates 3..d are independent fair signs, and the triple (y, x1, x2) is
one of

    (+1, +1, 0), (+1, -1, 0), (-1, 0, +1), (-1, 0, -1),

each with probability 1/4, independently of the noise coordinates. Hence
the support has 4 * 2^(d-2) points, each of squared norm d - 1, all equally
likely; the label is a deterministic function of x (y = x1^2 - x2^2), and
both classes have mean zero, so no linear classifier separates D.

Checks
------
* ``support_enumeration`` (numeric, exact): enumerate the support for
  d = 3..12 (the data engine's ``wei2019_D_support``) and compare with the
  printed table: the set of (y, x1, x2) triples, the number of points per
  triple (2^(d-2)), distinctness, the squared norm d - 1, that y is a
  function of x, and the zero class means; the probability of each support
  point implied by the printed probabilities is summed to 1.
* ``sampler_frequencies`` (statistical): 2 * 10^5 draws of the sampler
  ``wei2019_D`` at d = 12 against the printed probabilities: the frequency
  of each of the four triples and of +1 in each noise coordinate must lie
  in its Clopper-Pearson interval (99.9% overall, Bonferroni), and a
  chi-square test of independence between the triple and the noise bits
  must not reject at level 10^-3.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
from scipy import stats

from numerics.data import wei2019_D, wei2019_D_support
from numerics.stats import binomial_ci
from verify import Claim, Evidence

CLAIM = Claim(
    id="wei2019.eq_2_1", paper="wei2019", label="equation (2.1) (distribution D)", section="2",
    kind="definition",
    statement=(
        "D draws d-2 independent fair sign coordinates (x3..xd) and, independently, one of four "
        "equally likely label/signal triples (y, x1, x2) in {(+1,+1,0), (+1,-1,0), (-1,0,+1), "
        "(-1,0,-1)}; its support has 4*2^(d-2) equally likely points of squared norm d-1."),
    depends_on=[],
)

# the paper's side: (y, x1, x2, probability) as printed, the noise law, the squared norm
PAPER_TABLE = [[1, 1, 0, "1/4"], [1, -1, 0, "1/4"], [-1, 0, 1, "1/4"], [-1, 0, -1, "1/4"]]
PAPER_NOISE_PLUS = "1/2"
PAPER_NORM_SQ = "d - 1"

dsym = sp.Symbol("d", integer=True, positive=True)


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
def support_enumeration(ctx, table=PAPER_TABLE, norm_sq=PAPER_NORM_SQ):
    """The whole support for d = 3..12 against the printed table."""
    probs = [sp.Rational(sp.sympify(p)) for *_, p in table]
    triples = {(int(a), int(b), int(c)) for a, b, c, _ in table}
    bad, rows = [], []
    total = sum(probs)
    if total != 1:
        bad.append(f"printed probabilities sum to {total}, not 1")
    for d in range(3, 13):
        X, y = wei2019_D_support(d)
        found = {(int(yy), int(a), int(b)) for yy, a, b in zip(y, X[:, 0], X[:, 1])}
        counts = {t: int(np.sum((y == t[0]) & (X[:, 0] == t[1]) & (X[:, 1] == t[2])))
                  for t in found}
        distinct = len({tuple(r) for r in X}) == len(X)
        nsq = (X ** 2).sum(1)
        expected_nsq = float(sp.sympify(norm_sq, locals={"d": dsym}).subs(dsym, d))
        # with fair bits every support point has probability p(triple) 2^-(d-2)
        mass = sum(p * counts.get((int(a), int(b), int(c)), 0) * sp.Rational(1, 2 ** (d - 2))
                   for (a, b, c, _), p in zip(table, probs))
        class_means = [X[y == s].mean(0) for s in (1.0, -1.0)]
        label_fn = np.array_equal(y, X[:, 0] ** 2 - X[:, 1] ** 2)
        rows.append({"d": d, "support size": len(X), "4*2^(d-2)": 4 * 2 ** (d - 2),
                     "triples match": found == triples, "points per triple": sorted(set(counts.values())),
                     "distinct": distinct, "min ||x||^2": float(nsq.min()),
                     "max ||x||^2": float(nsq.max()), "printed ||x||^2": expected_nsq,
                     "printed mass on support": str(mass), "y = x1^2 - x2^2": label_fn,
                     "max |class mean|": float(max(np.abs(m).max() for m in class_means))})
        if found != triples:
            bad.append(f"d={d}: support triples {sorted(found)} differ from the printed "
                       f"{sorted(triples)}")
        if len(X) != 4 * 2 ** (d - 2) or set(counts.values()) != {2 ** (d - 2)} or not distinct:
            bad.append(f"d={d}: support is not 4 blocks of 2^(d-2) distinct points")
        if np.abs(nsq - expected_nsq).max() > 0:
            bad.append(f"d={d}: ||x||^2 = {nsq.min():g}..{nsq.max():g}, printed {norm_sq} = "
                       f"{expected_nsq:g}")
        if mass != 1:
            bad.append(f"d={d}: the printed law puts mass {mass} on the support")
    expected = {"triples": sorted(triples), "probabilities": [str(p) for p in probs],
                "||x||^2": norm_sq}
    observed = {"support sizes": [r["support size"] for r in rows],
                "||x||^2 at d = 12": rows[-1]["max ||x||^2"],
                "y = x1^2 - x2^2 on the support": all(r["y = x1^2 - x2^2"] for r in rows),
                "class means": "both zero" if max(r["max |class mean|"] for r in rows) == 0
                else "nonzero"}
    if bad:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details="; ".join(bad[:4]))
    return Evidence(verdict="confirmed", expected=expected, observed=observed, table=rows,
                    tolerance="exact",
                    details="exact enumeration for d = 3..12: the support consists of the four "
                            "printed triples times the 2^(d-2) sign patterns, all distinct with "
                            "||x||^2 = d - 1; the printed probabilities put mass 1 on it; the label "
                            "is the deterministic function x1^2 - x2^2 and both class means are 0 "
                            "(so a linear classifier cannot separate D).")


@CLAIM.check(method="statistical", tier="quick", established="confirmed")
def sampler_frequencies(ctx, table=PAPER_TABLE, noise_plus=PAPER_NOISE_PLUS, samples=None):
    """Frequencies of the sampler against the printed probabilities (Bonferroni 99.9%)."""
    d = 12
    N = samples or ctx.pick(200_000, 2_000_000)
    X, y = wei2019_D(N, d, seed=ctx.seed)
    n_tests = len(table) + (d - 2)
    level = 1 - 0.001 / n_tests
    rows, bad = [], []
    for a, b, c, p in table:
        k = int(np.sum((y == a) & (X[:, 0] == b) & (X[:, 1] == c)))
        lo, hi = binomial_ci(k, N, level=level)
        pv = float(sp.sympify(p))
        rows.append({"event": f"(y,x1,x2) = ({a},{b},{c})", "printed": pv, "frequency": k / N,
                     "CI": [lo, hi], "inside": lo <= pv <= hi})
        if not lo <= pv <= hi:
            bad.append(f"(y,x1,x2)=({a},{b},{c}): frequency {k / N:.5f}, CI [{lo:.5f}, {hi:.5f}] "
                       f"excludes the printed {pv:.5f}")
    q = float(sp.sympify(noise_plus))
    for j in range(2, d):
        k = int(np.sum(X[:, j] == 1))
        lo, hi = binomial_ci(k, N, level=level)
        rows.append({"event": f"x{j + 1} = +1", "printed": q, "frequency": k / N, "CI": [lo, hi],
                     "inside": lo <= q <= hi})
        if not lo <= q <= hi:
            bad.append(f"x{j + 1} = +1: frequency {k / N:.5f} outside [{lo:.5f}, {hi:.5f}] "
                       f"around the printed {q}")
    # independence of the triple and the first three noise bits (a 4 x 8 contingency table)
    pattern = (y > 0) * 2 + ((X[:, 0] + X[:, 1]) > 0)
    bits = ((X[:, 2:5] > 0) * np.array([1, 2, 4])).sum(1)
    cont = np.zeros((4, 8))
    np.add.at(cont, (pattern, bits), 1)
    chi2, pval, _, _ = stats.chi2_contingency(cont)
    expected = {"triple probabilities": [p for *_, p in table], "P(noise bit = +1)": noise_plus}
    observed = {"triple frequencies": [r["frequency"] for r in rows[:len(table)]],
                "noise frequency range": [min(r["frequency"] for r in rows[len(table):]),
                                          max(r["frequency"] for r in rows[len(table):])],
                "independence chi2 p-value": float(pval)}
    if bad:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        tolerance=f"Clopper-Pearson, level {level:.6f} each", seed=ctx.seed,
                        details="; ".join(bad[:4]))
    if pval < 1e-3:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=rows,
                        details=f"the sampler's triple and noise bits look dependent "
                                f"(chi-square p = {pval:.2g}): sampler problem")
    return Evidence(verdict="confirmed", expected=expected, observed=observed, table=rows,
                    tolerance=f"Clopper-Pearson, 99.9% overall over {n_tests} frequencies",
                    seed=ctx.seed,
                    details=f"{N} draws at d = {d}: every printed probability lies in its "
                            "interval; triple and noise bits independent "
                            f"(chi-square p = {pval:.3f}).")


CLAIM.plant("support_enumeration", "squared norm d instead of d - 1", norm_sq="d")
CLAIM.plant("support_enumeration", "third triple printed as (-1, +1, 0)",
            table=[[1, 1, 0, "1/4"], [1, -1, 0, "1/4"], [-1, 1, 0, "1/4"], [-1, 0, -1, "1/4"]])
CLAIM.plant("sampler_frequencies", "probabilities 1/2, 1/6, 1/6, 1/6",
            table=[[1, 1, 0, "1/2"], [1, -1, 0, "1/6"], [-1, 0, 1, "1/6"], [-1, 0, -1, "1/6"]])
CLAIM.plant("sampler_frequencies", "noise bits +1 with probability 0.51", noise_plus="51/100")
