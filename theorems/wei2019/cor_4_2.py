"""wei2019, Corollary 4.2 (as proved in Appendix D): weak regularization and the max-margin bound.

Statement (our words). For depth-q nets of architecture M with 1-Lipschitz,
positively homogeneous activation, with probability 1 - delta over n samples,
the minimisers Theta_{lambda,M} of the l2-regularized logistic loss satisfy

    limsup_{lambda -> 0} L(Theta_{lambda,M}) <~ C/(gamma_{*,M} q^((q-1)/2) sqrt(n)) + eps(gamma_{*,M}),
    eps(gamma) = sqrt(log log_2(4C/gamma)/n) + sqrt(log(1/delta)/n),

gamma_{*,M} the largest normalized margin the architecture can reach on the
sample. Proof: Proposition D.1 holds for all nets at once, so for every
Theta_{lambda,M}; take limsup and use gamma_{lambda,M} -> gamma_{*,M} (Theorem 4.1).

Checks
------
* ``limit_step`` (symbolic): the right side B(gamma) as printed is continuous
  (50-digit evaluation at gamma_* (1 +- 10^-k) across (0, 2C)), so
  limsup B(gamma_lambda) = B(gamma_*) when gamma_lambda -> gamma_*; and it is
  invariant under rescaling the inputs (C -> sC, gamma -> s gamma) as the 0-1
  loss is (sympy). Reported, not required: B is decreasing in gamma on
  (0, 2C) (sympy derivatives of every term, evaluated on a grid at C = 1,
  q = 2, n = 100).
* ``trained_nets_on_D`` (empirical, full tier): two-layer ReLU nets (width 32)
  trained by full-batch GD on the logistic loss with lambda = 1e-3 on samples
  of D, d = 8, 16, 32 and n/d = 1..16, three seeds each. We measure the
  normalized margin gamma_lambda (after per-unit rebalancing, which leaves f
  unchanged), the training error and the test error on 20000 fresh points
  (Clopper-Pearson). Decisions: (i) the explicit bound of Lemma D.3's
  constants (Theorem D.2 with Golowich et al.; delta = 0.05) is never below
  a measured error (else refuted); (ii) the constant K with test error
  <= K sqrt(d-1)/(gamma sqrt(2 n)) (the bound's leading term, C = sqrt(d-1),
  q = 2) that the data need does not grow with d; (iii) the margins of the
  trained nets are within Theorem C.2's factor 10 of the max margin 1/8 of
  D's width-4 net. (ii) is the bound's d/n dependence: error is governed by
  n/d.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from numerics.stats import binomial_ci
from theorems.wei2019._wei2019_rates import train_on_D
from verify import Claim, Constant, Evidence

CLAIM = Claim(
    id="wei2019.cor_4_2", paper="wei2019", label="Corollary 4.2 (as proved in Appendix D)",
    section="4.1 / D.1", kind="corollary",
    statement=(
        "With probability 1 - delta over n samples, the minimisers of the weakly l2-regularized "
        "logistic loss of a depth-q architecture M satisfy limsup_{lambda -> 0} L(Theta_lambda) "
        "<~ C/(gamma_{*,M} q^((q-1)/2) sqrt n) + sqrt(log log_2(4C/gamma_{*,M})/n) + "
        "sqrt(log(1/delta)/n), gamma_{*,M} the architecture's max normalized margin."),
    depends_on=["wei2019.prop_D1", "wei2019.thm_4_1"],
)

PAPER = {"C_power": 1, "gamma_power": 1, "log_argument": 4}
GOLOWICH_Q2 = (math.sqrt(2 * math.log(2) * 2) + 1) / 2      # Golowich factor times prod M_F = 1/2
GROWTH_THRESHOLD = 0.25


def bound_expr(C_power=1, gamma_power=1, log_argument=4):
    C, g, n, q, dl = sp.symbols("C gamma n q logdelta", positive=True)
    B = (C ** C_power / (g ** gamma_power * q ** ((q - 1) / 2) * sp.sqrt(n))
         + sp.sqrt(sp.log(sp.log(log_argument * C / g, 2)) / n) + sp.sqrt(dl / n))
    return B, (C, g, n, q, dl)


@CLAIM.check(method="symbolic", tier="quick", established="proved", scope="step")
def limit_step(ctx, C_power=PAPER["C_power"], gamma_power=PAPER["gamma_power"],
               log_argument=PAPER["log_argument"]):
    """B(gamma) continuous, decreasing and scale invariant: the limsup step is valid."""
    B, (C, g, n, q, dl) = bound_expr(C_power, gamma_power, log_argument)
    s = sp.Symbol("s", positive=True)
    subs = {C: 1, q: 2, n: 100, dl: 3}
    Bf = sp.lambdify(g, B.subs(subs), "mpmath")
    # continuity: B(g(1 +- 10^-k)) -> B(g) at gamma_* across (0, 2C), in 50-digit arithmetic
    import mpmath
    mpmath.mp.dps = 50
    cont = True
    for gstar in ("1e-6", "0.001", "0.125", "0.5", "1", "1.9"):
        g0 = mpmath.mpf(gstar)
        jumps = [abs(Bf(g0 * (1 + sgn * mpmath.mpf(10) ** -k)) - Bf(g0))
                 for k in (10, 20, 30) for sgn in (-1, 1)]
        cont = cont and max(jumps[-2:]) < 1e-20 and jumps[-1] < jumps[0]
    terms = sp.Add.make_args(B)
    derivs = [sp.diff(t, g) for t in terms]
    # sign on (0, 2C): evaluate at many points, C = 1, q = 2, n = 100, log(1/delta) = 3
    pts = np.exp(np.linspace(np.log(1e-6), np.log(1.999), 200))
    neg = True
    for dv in derivs:
        if dv == 0:
            continue
        fv = sp.lambdify(g, dv.subs(subs), "numpy")
        neg = neg and bool(np.all(np.real(fv(pts)) <= 0))
    scaled = B.subs({C: s * C, g: s * g}, simultaneous=True)
    invariant = sp.simplify(sp.expand_log(scaled - B, force=True)) == 0
    expected = ("limsup L(Theta_lambda) <~ B(gamma_*) with B continuous in gamma and invariant "
                "under x -> s x")
    observed = {"B(gamma)": str(B), "continuous at gamma_*": cont,
                "dB/dgamma terms": [str(v) for v in derivs], "all <= 0 on (0, 2C)": neg,
                "invariant under x -> s x": invariant}
    if not (cont and invariant):
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details=("the printed right side " + ("is not continuous at gamma_*; "
                                 if not cont else "") + ("changes under x -> s x while the "
                                 "0-1 loss does not (C and the normalized margin both scale by s):"
                                 " rescaling the data breaks it for any constant"
                                 if not invariant else "")))
    return Evidence(verdict="proved", expected=expected, observed=observed,
                    details=("B is continuous at every gamma_* in (0, 2C) ("
                             + ("and decreasing there" if neg else
                                "not monotone there, which the limit step does not need")
                             + "), so gamma_lambda -> gamma_* (Theorem 4.1) gives limsup "
                             "B(gamma_lambda) = B(gamma_*); Proposition D.1 holds for all nets "
                             "on one event of probability 1 - delta, which covers every lambda "
                             "at once; B is invariant under rescaling the inputs."))


CLAIM.plant("limit_step", "first term C/(gamma_*^2 ...) (squared margin)", gamma_power=2)


def _explicit_bound(dim, n, gamma, delta=0.05):
    """Theorem D.2 with Golowich's R^ for F_2 (C = sqrt(d-1), unnormalized margin gamma)."""
    C = math.sqrt(dim - 1)
    R = C * GOLOWICH_Q2 / math.sqrt(n)
    return (4 * R / gamma + math.sqrt(math.log(math.log2(4 * C / gamma)) / n)
            + math.sqrt(math.log(1 / delta) / (2 * n)))


@CLAIM.check(method="empirical", tier="full", established="reproduced", time_limit=1200)
def trained_nets_on_D(ctx, C_power=PAPER["C_power"], n_power=0.5):
    """Weakly regularized nets on D: errors against the bound's sqrt(d/n)/gamma dependence."""
    dims = [8, 16, 32]
    ratios = [1, 2, 4, 8, 16]
    runs = train_on_D(dims, ratios, 3, seed=ctx.seed)
    rows, violations, K_by_d, margins = [], [], {}, []
    for r in runs:
        for j, g in enumerate(r["gamma"]):
            k = int(r["test errors"][j])
            lo, hi = binomial_ci(k, r["n_test"], level=0.99)
            lead = (r["d"] - 1) ** (C_power / 2) / (g * math.sqrt(2) * r["n"] ** n_power)
            bound = _explicit_bound(r["d"], r["n"], g) if g > 0 else float("inf")
            rows.append({"d": r["d"], "n": r["n"], "n/d": r["n/d"], "seed": j, "gamma": float(g),
                         "train error": float(r["train error"][j]), "test error": k / r["n_test"],
                         "99% CI": [lo, hi], "leading term": lead, "explicit bound": bound,
                         "K needed": hi / lead if g > 0 else float("nan")})
            if g > 0 and lo > bound:
                violations.append(rows[-1])
            if g > 0 and r["train error"][j] == 0:
                K_by_d.setdefault(r["d"], []).append(hi / lead)
                margins.append(float(g))
    K_max = {dd: max(v) for dd, v in K_by_d.items()}
    dd = np.array(sorted(K_max))
    slope = float(np.polyfit(np.log(dd), np.log([K_max[x] for x in dd]), 1)[0])
    # error as a function of n/d: median test error per (d, n/d)
    med = {}
    for r in rows:
        med.setdefault((r["d"], r["n/d"]), []).append(r["test error"])
    curve = {f"d={a}, n/d={b}": float(np.median(v)) for (a, b), v in sorted(med.items())}
    transition = {a: min([b for (a2, b), v in med.items() if a2 == a and np.median(v) < 0.1],
                         default=None) for a in dims}
    expected = ("test error <= explicit bound; error <= K sqrt(d-1)/(gamma sqrt(2n)) with K "
                "not growing in d; gamma_lambda >= (1/8)/10 (Theorem C.2)")
    observed = {"median test error": curve, "n/d where median error < 0.1": transition,
                "K needed per d": K_max, "slope of K in d": slope,
                "normalized margins (separating nets)": [min(margins), max(margins)]}
    # figure
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(1, 2, figsize=(9, 3.4))
    for a in dims:
        xs = ratios
        ax[0].plot(xs, [np.median(med[(a, b)]) for b in xs], "o-", label=f"d = {a}")
    ax[0].set_xscale("log", base=2), ax[0].set_xlabel("n / d"), ax[0].set_ylabel("test error")
    ax[0].legend(fontsize=8)
    lead = [r["leading term"] for r in rows]
    ax[1].loglog(lead, [max(r["test error"], 1e-5) for r in rows], "o", ms=3)
    ax[1].set_xlabel("sqrt(d-1)/(gamma sqrt(2n))"), ax[1].set_ylabel("test error (1e-5 floor)")
    fig.tight_layout()
    fig.savefig(ctx.figure("error_vs_bound.png"), dpi=90)
    plt.close(fig)
    if violations:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=violations,
                        details="a trained net's test error exceeds the explicit bound")
    if slope > GROWTH_THRESHOLD:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details=(f"the constant K that the data need grows like d^{slope:.2f} "
                                 "across d: the d-dependence of this rate is too weak"))
    trans = [t for t in transition.values() if t is not None]
    collapse = len(trans) == len(dims) and max(trans) <= 2 * min(trans)
    margin_ok = min(margins) >= 0.1 / 8
    if collapse and margin_ok:
        return Evidence(
            verdict="reproduced", expected=expected, observed=observed, table=rows,
            constants=[Constant(
                name="K in test error <= K sqrt(d-1)/(gamma sqrt(2n))", where="Corollary 4.2 on D",
                stated="<~ (unspecified)", found=f"{max(K_max.values()):.3f} (d = 8..32)",
                how="99% Clopper-Pearson upper test error over the bound's leading term",
                certified=False, sharp=False)],
            details=(f"no net beats the explicit bound; the needed K does not grow with d "
                     f"(slope {slope:.2f}); the test error collapses onto a function of n/d "
                     f"(median error < 0.1 from n/d = {transition}), as the bound's sqrt(d/n)/"
                     f"gamma dependence predicts; normalized margins {min(margins):.3f}.."
                     f"{max(margins):.3f} vs 1/8 for D's width-4 net. The explicit bound itself "
                     "exceeds 1 at these sizes (it needs n of order 1800 d)."))
    return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=rows,
                    details=f"no clean collapse onto n/d ({transition}) or margins below "
                            f"Theorem C.2's range ({min(margins):.4f})")


CLAIM.plant("trained_nets_on_D", "dimension-free leading term 1/(gamma sqrt(2n))", C_power=0)
