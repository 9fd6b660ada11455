"""wei2019, Claim B.8: the centred lift z⊗2 - 1_S of a hypercube point is sub-exponential.

Statement (our words). A random vector x is B-sub-exponential when every
one-dimensional marginal x^T y (y a unit vector) has psi_1 norm
inf{C > 0 : E exp(|x^T y|/C) <= 2} at most B. For z uniform on
{-1,+1}^d, the claim is that z⊗2 - 1_S (the squares removed, they are
constant 1) is c-sub-exponential with c universal. A marginal is
y^T (z⊗2 - 1_S) = z^T Y z with Y zero on the diagonal and ||Y||_F = ||y||_2.
The proof quotes the Hanson-Wright inequality (Rudelson-Vershynin, Theorem
1.1, sub-Gaussian norm K = 2) as

    Pr[|z^T Y z| > t] <= 2 exp(-c' t^2 / (16 ||y||_2^2)),

a purely sub-Gaussian tail. The theorem has min(t^2/(K^4 ||Y||_F^2),
t/(K^2 ||Y||_op)) in the exponent; the sub-Gaussian part alone fails
uniformly in d: for Y = (J - I)/sqrt(d^2 - d), z^T Y z is close to
chi^2_1 - 1, whose tail is exponential, so the largest admissible c' decays
like 1/d. The conclusion of the claim is nevertheless true.

Checks
------
* ``subexponential_constant`` (certified): z^T Y z is a homogeneous degree-2
  polynomial of the signs with E (z^T Y z)^2 <= 2 ||y||^2, so
  hypercontractivity (O'Donnell, Thm 9.21: ||f||_q <= (q-1)^(k/2) ||f||_2 for
  degree k) gives ||z^T Y z||_q <= (q-1) sqrt 2, and
  E exp(|X|/C) <= 1 + sqrt2/C + sum_{q>=2} ((q-1) sqrt2/C)^q / q!. Arb interval
  arithmetic (with a geometric tail bound) certifies that this is <= 2 at
  C = 4.07 for every d and y: a universal c <= 4.07. Exact psi_1 norms of
  explicit marginals (computed from the binomial law of sum z) give the lower
  bound c >= 2.41.
* ``quoted_tail_bound`` (numeric, exact law): for Y = (J - I)/sqrt(d^2 - d)
  and d = 10 .. 10^4 the largest c' for which the printed bound holds at all
  t, from the exact law of (sum z)^2; it decays like 1/d (refuted as
  printed), while the constant of the full Hanson-Wright form stays near 2
  (the correction; fed as ``tail="hanson-wright"`` it is confirmed).
"""
from __future__ import annotations

import math

import numpy as np
from scipy import optimize, stats

from numerics.stats import loglog_slope
from verify import Claim, Constant, Erratum, Evidence

CLAIM = Claim(
    id="wei2019.claim_B8", paper="wei2019", label="Claim B.8", section="B.1", kind="claim",
    statement=(
        "For z uniform on {-1,+1}^d, every unit-norm linear functional of z⊗2 - 1_S has psi_1 "
        "norm bounded by a universal constant (the proof quotes Hanson-Wright as the "
        "sub-Gaussian tail 2 exp(-c' t^2/(16 ||y||^2)) for z^T Y z, Y zero-diagonal)."),
    depends_on=[],
)

PAPER_CLAIMED_CONSTANT = None    # "a universal constant c" (unspecified)
PAPER_TAIL = "subgaussian"       # the quoted tail: 2 exp(-c' t^2 / (16 ||y||^2))
# other forms: "hanson-wright" (min of the two regimes, the correction) and
# "hanson-wright-max" (max in place of min, a misquote used as a plant)
CERTIFIED_C = "4.07"             # the constant we certify
DECAY = -0.5                     # slope threshold between bounded (0) and ~1/d (-1)


def hypercontractive_mgf_bound(C: str, terms: int = 400):
    """Arb enclosure of 1 + sqrt2/C + sum_{q>=2} ((q-1) sqrt2/C)^q/q! (plus the tail bound)."""
    import flint
    a = flint.arb(2).sqrt() / flint.arb(C)
    ea = flint.arb.const_e() * a
    if not ea < 1:
        return None
    total = 1 + a
    fact = flint.arb(1)
    for q in range(2, terms + 1):
        fact = fact * q
        total = total + (flint.arb(q - 1) * a) ** q / fact
    # tail q > terms: ((q-1) a)^q / q! <= (q a)^q / q! <= (e a)^q  (q! >= (q/e)^q)
    tail = ea ** (terms + 1) / (1 - ea)
    return total + tail * flint.arb(0, 1) + tail      # enclosure shifted up by the tail


def psi1_binomial(values, logp):
    """Exact psi_1 norm of a discrete law: the root C of sum p exp(|x|/C) = 2."""
    ax = np.abs(values)

    def g(C):
        with np.errstate(over="ignore"):
            return float(np.exp(np.logaddexp.reduce(logp + ax / C))) - 2.0
    hi = 1.0
    while g(hi) > 0:
        hi *= 2
    return optimize.brentq(g, hi / 2 if g(hi / 2) > 0 else 1e-3, hi, xtol=1e-10)


def all_ones_marginal(d):
    """Law of z^T Y z for Y = (J - I)/sqrt(d^2 - d) (||y|| = 1): ((sum z)^2 - d)/sqrt(d^2 - d)."""
    k = np.arange(d + 1)
    s = 2 * k - d
    return (s.astype(float) ** 2 - d) / math.sqrt(d * d - d), stats.binom.logpmf(k, d, 0.5)


@CLAIM.check(method="certified", tier="quick", established="proved")
def subexponential_constant(ctx, claimed_constant=PAPER_CLAIMED_CONSTANT):
    """Certified universal upper bound on the psi_1 constant, and exact lower bounds."""
    enc = hypercontractive_mgf_bound(CERTIFIED_C)
    certified = enc is not None and enc < 2
    lows = [{"marginal": "y = e_(1,2): z1 z2", "psi_1": 1 / math.log(2)},
            {"marginal": "y = (e_(1,2) + e_(2,1))/sqrt 2: sqrt2 z1 z2", "psi_1": math.sqrt(2) / math.log(2)}]
    for d in (10, 100, 1000, 10_000):
        v, lp = all_ones_marginal(d)
        lows.append({"marginal": f"Y = (J - I)/sqrt(d^2-d), d = {d}", "psi_1": psi1_binomial(v, lp)})
    lower = max(r["psi_1"] for r in lows)
    expected = ("z⊗2 - 1_S is c-sub-exponential, c universal"
                + ("" if claimed_constant is None else f", c = {claimed_constant}"))
    observed = {"certified upper bound": f"c <= {CERTIFIED_C}" if certified else None,
                "upper-bound enclosure of E exp(|X|/C) at C = 4.07": str(enc),
                "largest exact psi_1 of an explicit marginal": lower}
    constants = [Constant(
        name="c (sub-exponential constant of z⊗2 - 1_S)", where="Claim B.8",
        stated="universal (unspecified)" if claimed_constant is None else str(claimed_constant),
        found=f"[{lower:.4f}, {CERTIFIED_C}]",
        how="upper (certified): hypercontractivity + Arb series with geometric tail; lower (float "
            "root-finding, xtol 1e-10): psi_1 of ((sum z)^2 - d)/sqrt(d^2-d) from its exact "
            "binomial law (limit: psi_1 of chi^2_1 - 1)",
        certified=True, sharp=False)]
    if claimed_constant is not None and lower > float(claimed_constant):
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=lows,
                        details=f"an explicit unit marginal has psi_1 norm {lower:.4f} > "
                                f"{claimed_constant}")
    if not certified:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed,
                        details="the Arb enclosure does not certify E exp(|X|/C) <= 2")
    if claimed_constant is not None and float(claimed_constant) < float(CERTIFIED_C):
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=lows,
                        details="the claimed constant lies between our lower and upper bounds")
    return Evidence(verdict="proved", expected=expected, observed=observed, table=lows,
                    constants=constants,
                    details=("for every d and unit y: E (z^T Y z)^2 <= 2, hypercontractivity "
                             "bounds the q-th moments by ((q-1) sqrt 2)^q, and the resulting "
                             f"series is certified <= 2 at C = {CERTIFIED_C} (Arb). The proof's "
                             "route through the quoted tail bound is not valid (see "
                             "quoted_tail_bound), but the conclusion holds."))


def largest_constants(d):
    """Largest c' in the printed bound, the full Hanson-Wright bound (min of the two regimes)
    and the misquote with max in place of min, exact law."""
    v, lp = all_ones_marginal(d)
    ax = np.abs(v)
    order = np.argsort(-ax)
    ax, lp = ax[order], lp[order]
    cum = np.logaddexp.accumulate(lp)           # log P(|X| >= ax[j])
    op = math.sqrt((d - 1) / d)                 # ||Y||_op, ||Y||_F = 1
    L = math.log(2) - cum                       # log(2 / P(|X| > t)) for t just below ax[j]
    t = ax
    ok = t > 0
    printed = float(np.min(16 * L[ok] / t[ok] ** 2))
    hw = float(np.min(L[ok] / np.minimum(t[ok] ** 2 / 16, t[ok] / (4 * op))))
    hw_max = float(np.min(L[ok] / np.maximum(t[ok] ** 2 / 16, t[ok] / (4 * op))))
    return printed, hw, hw_max


@CLAIM.check(method="numeric", tier="quick", established="corrected")
def quoted_tail_bound(ctx, tail=PAPER_TAIL):
    """Largest admissible c' of the quoted tail bound, for Y = (J - I)/sqrt(d^2 - d), over d."""
    dims = [10, 30, 100, 300, 1000, 3000, 10_000]
    rows = []
    for d in dims:
        p, h, hm = largest_constants(d)
        rows.append({"d": d, "largest c' (printed, sub-Gaussian)": p,
                     "largest c' (Hanson-Wright, min of both regimes)": h})
        if tail == "hanson-wright-max":
            rows[-1]["largest c' (max of both regimes)"] = hm
    key = {"subgaussian": "largest c' (printed, sub-Gaussian)",
           "hanson-wright": "largest c' (Hanson-Wright, min of both regimes)",
           "hanson-wright-max": "largest c' (max of both regimes)"}[tail]
    fit = loglog_slope(dims, [r[key] for r in rows], seed=ctx.seed)
    fit_hw = loglog_slope(dims, [r["largest c' (Hanson-Wright, min of both regimes)"] for r in rows],
                          seed=ctx.seed)
    expected = {
        "subgaussian": "Pr[|z^T Y z| > t] <= 2 exp(-c' t^2/(16 ||y||^2)), c' universal",
        "hanson-wright": "Pr[|z^T Y z| > t] <= 2 exp(-c' min(t^2/(16 ||Y||_F^2), t/(4 ||Y||_op)))",
        "hanson-wright-max": "Pr[|z^T Y z| > t] <= 2 exp(-c' max(t^2/(16 ||Y||_F^2), "
                             "t/(4 ||Y||_op)))"}[tail]
    observed = {"slope of largest c' in d": [fit.slope, fit.lo, fit.hi],
                "largest c' at d = 10^4": rows[-1][key]}
    if fit.lo > DECAY:
        return Evidence(verdict="confirmed", expected=expected, observed=observed, table=rows,
                        details="the largest admissible c' stays bounded away from 0")
    if fit.hi < DECAY and fit_hw.lo > DECAY:
        corrected = ("Pr[|z^T Y z| > t] <= 2 exp(-c' min(t^2/(16 ||Y||_F^2), t/(4 ||Y||_op))) "
                     "(Rudelson-Vershynin, Thm 1.1, K = 2); z^T Y z is sub-exponential, not "
                     "sub-Gaussian, uniformly in d")
        err = Erratum(
            kind="false as stated",
            says="Pr[|z^T Y z| > t] <= 2 exp(-c' t^2 / (16 ||y||_2^2)) for a universal c'",
            correct=corrected + "; the conclusion of Claim B.8 still holds (certified constant "
                                f"<= {CERTIFIED_C}, see subexponential_constant)",
            evidence=f"exact law for Y = (J - I)/sqrt(d^2 - d): the largest admissible c' is "
                     f"{rows[0][key]:.3g} at d = 10 and {rows[-1][key]:.3g} at d = 10^4 "
                     f"(slope {fit.slope:.2f}); the Hanson-Wright constant stays near "
                     f"{rows[-1]['largest c' + chr(39) + ' (Hanson-Wright, min of both regimes)']:.2f}")
        return Evidence(verdict="corrected", expected=expected, observed=observed, table=rows,
                        corrected=corrected, errata=[err],
                        details=(f"the largest c' decays like d^{fit.slope:.2f} (interval "
                                 f"[{fit.lo:.2f}, {fit.hi:.2f}]): ((sum z)^2 - d)/sqrt(d^2-d) "
                                 "has chi^2-like exponential tails; with the linear regime "
                                 "t/(4 ||Y||_op) restored the constant is bounded (slope "
                                 f"{fit_hw.slope:.2f})."))
    if fit.hi < DECAY:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details="the largest admissible constant decays with d")
    return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=rows,
                    details="slope interval straddles the threshold")


CLAIM.plant("subexponential_constant", "z⊗2 - 1_S is 1-sub-exponential", claimed_constant=1.0)
CLAIM.plant("subexponential_constant", "z⊗2 - 1_S is 2-sub-exponential", claimed_constant=2.0)
CLAIM.plant("quoted_tail_bound", "corrected statement: full Hanson-Wright tail "
            "2 exp(-c' min(t^2/(16 ||Y||_F^2), t/(4 ||Y||_op))), c' universal",
            expect="confirmed", tail="hanson-wright")
CLAIM.plant("quoted_tail_bound", "Hanson-Wright misquoted with max in place of min "
            "(sub-Gaussian for large t)", tail="hanson-wright-max")
