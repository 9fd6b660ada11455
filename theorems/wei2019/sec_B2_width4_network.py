"""wei2019, Section B.2: the width-4 network that separates D with margin 1.

Statement (our words). The network

    f(x) = [x^T e1]_+ + [-x^T e1]_+ - [x^T e2]_+ - [-x^T e2]_+

classifies every point of D with y f(x) = 1. Its parameters have constant
norm (||Theta||_F^2 = 8: four unit first-layer vectors and four output
weights +-1), so its normalised margin min_i y_i f(x_i) / ||Theta||_F^2 is a
constant and the maximum normalised margin over two-layer nets is Omega(1).
In the l1 normalisation of equation (B.15) (sum_j |w_j| ||u_j|| = 1) the same
net has margin 1/4, and Proposition B.11 says the Frobenius-normalised max
margin is gamma_l1 / 2, i.e. 1/8 for this witness.

Checks
------
* ``witness_margin`` (numeric, exact): enumerate the whole support of D for
  d = 3..10 and compute y f(x), ||Theta||_F^2, the l1 path norm and both
  normalised margins of the witness as printed.
* ``l1_svm_vs_witness`` (optimization): solve the l1-SVM (B.15) by column
  generation with HiGHS on samples of D and on the whole support for small d;
  the LP optimum must be at least the witness's l1 margin (the witness is
  feasible), and we report how much better the best net does: on the full
  support the optimum equals 1/4, so the witness is a max-margin net of D.
"""
from __future__ import annotations

import numpy as np

from numerics.data import wei2019_D, wei2019_D_support
from numerics.svm import l1_svm_relu
from verify import Claim, Constant, Evidence

CLAIM = Claim(
    id="wei2019.sec_B2_width4_network", paper="wei2019", label="B.2 width-4 network and its margin",
    section="B.2", kind="example",
    statement=(
        "The four-unit net [x1]_+ + [-x1]_+ - [x2]_+ - [-x2]_+ has margin exactly 1 on every "
        "point of D with parameters of constant norm, so its normalised margin, and hence the "
        "maximum normalised margin of two-layer nets on D, is bounded below by a constant."),
    depends_on=["wei2019.eq_2_1", "wei2019.eq_2_2"],
)

# the witness as printed: (coordinate, sign of u, output weight)
PAPER_WITNESS = [[0, 1.0, 1.0], [0, -1.0, 1.0], [1, 1.0, -1.0], [1, -1.0, -1.0]]
PAPER_MARGIN = 1.0


def witness_net(spec, d):
    """First-layer rows u_j = sign * e_coord and output weights w_j."""
    U = np.zeros((len(spec), d))
    w = np.zeros(len(spec))
    for j, (coord, sign, weight) in enumerate(spec):
        U[j, int(coord)] = sign
        w[j] = weight
    return U, w


def net_output(U, w, X):
    return np.maximum(X @ U.T, 0.0) @ w


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
def witness_margin(ctx, witness=PAPER_WITNESS, margin=PAPER_MARGIN):
    """y f(x) on the whole support of D, and the witness's norms and normalised margins."""
    rows = []
    for d in range(3, 11):
        X, y = wei2019_D_support(d)
        U, w = witness_net(witness, d)
        yf = y * net_output(U, w, X)
        frob = float((U ** 2).sum() + (w ** 2).sum())
        path = float((np.abs(w) * np.linalg.norm(U, axis=1)).sum())
        rows.append({"d": d, "support size": len(y), "min y f": float(yf.min()),
                     "max y f": float(yf.max()), "||Theta||_F^2": frob,
                     "l1 path norm": path, "margin/||Theta||_F^2": float(yf.min()) / frob,
                     "margin/path norm": float(yf.min()) / path})
    mins = np.array([r["min y f"] for r in rows])
    maxs = np.array([r["max y f"] for r in rows])
    expected = f"y f(x) = {margin} on all of supp(D); ||Theta|| constant"
    observed = {"min y f": float(mins.min()), "max y f": float(maxs.max()),
                "||Theta||_F^2": rows[-1]["||Theta||_F^2"],
                "normalised margin (Frobenius^2)": rows[-1]["margin/||Theta||_F^2"],
                "normalised margin (l1 path)": rows[-1]["margin/path norm"]}
    if np.abs(mins - margin).max() > 1e-12 or np.abs(maxs - margin).max() > 1e-12:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details="the witness does not have margin exactly as claimed on the support")
    return Evidence(verdict="confirmed", expected=expected, observed=observed, table=rows,
                    tolerance="exact (1e-12)",
                    constants=[Constant(
                        name="normalised margin of the width-4 witness", where="B.2",
                        stated="Theta(1)", found="1/8 with ||Theta||_F^2; 1/4 with the l1 path norm",
                        how="exact enumeration of supp(D), d = 3..10", certified=True, sharp=None)],
                    details="exact enumeration: y f(x) = 1 on every support point for d = 3..10; "
                            "||Theta||_F^2 = 8 and path norm 4 independently of d.")


@CLAIM.check(method="optimization", tier="quick", established="confirmed", time_limit=300)
def l1_svm_vs_witness(ctx, witness=PAPER_WITNESS, witness_l1_margin=0.25):
    """The l1-SVM (B.15) optimum against the witness's l1-normalised margin."""
    rows = []
    d_sample = 10
    sizes = ctx.pick([100], [50, 200, 800, 3200])
    for n in sizes:
        X, y = wei2019_D(n, d_sample, seed=int(ctx.rng.integers(2**31)))
        rows.append(("sample", n, d_sample, X, y))
    for d in ctx.pick([4, 5], [4, 5, 6, 7, 8]):
        X, y = wei2019_D_support(d)
        rows.append(("support", len(y), d, X, y))
    table, bad = [], []
    for kind, n, d, X, y in rows:
        U, w = witness_net(witness, d)
        path = float((np.abs(w) * np.linalg.norm(U, axis=1)).sum())
        witness_margin = float((y * net_output(U, w, X)).min()) / path
        res = l1_svm_relu(X, y, seed=ctx.seed, max_seconds=60)
        table.append({"data": kind, "n": n, "d": d, "witness l1 margin": witness_margin,
                      "LP lower": res.lower, "LP upper": res.upper,
                      "rounds": res.rounds, "LP / witness": res.lower / max(witness_margin, 1e-300)})
        if abs(witness_margin - witness_l1_margin) > 1e-9:
            bad.append(f"{kind} n={n} d={d}: witness margin {witness_margin:.6g} "
                       f"!= claimed {witness_l1_margin}")
        if res.lower < witness_margin - 1e-7:
            return Evidence(verdict="inconclusive", table=table,
                            details=f"the LP returned {res.lower:.6g} below the feasible witness "
                                    f"{witness_margin:.6g}: solver failure")
    support = [t for t in table if t["data"] == "support"]
    expected = f"witness l1 margin {witness_l1_margin} <= gamma_l1 (B.15)"
    observed = {"witness": [t["witness l1 margin"] for t in table],
                "gamma_l1 on samples": [t["LP lower"] for t in table if t["data"] == "sample"],
                "gamma_l1 on the full support": [t["LP lower"] for t in support]}
    if bad:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=table,
                        details="; ".join(bad))
    samples = [t for t in table if t["data"] == "sample"]
    beaten = [t["n"] for t in samples if t["LP lower"] > t["witness l1 margin"] + 1e-6]
    optimal = all(abs(t["LP lower"] - witness_l1_margin) < 1e-6 and
                  abs(t["LP upper"] - witness_l1_margin) < 1e-6 for t in support)
    return Evidence(
        verdict="confirmed", expected=expected, observed=observed, table=table,
        constants=[Constant(
            name="max l1-normalised margin gamma_l1 on D", where="B.2 / (B.15)",
            stated="Omega(1)",
            found=(f"1/4 on the full support (d = {support[0]['d']}..{support[-1]['d']}), attained "
                   "by the width-4 witness" if optimal else
                   f"{min(t['LP lower'] for t in support):.6g}..{max(t['LP lower'] for t in support):.6g}"),
            how="column generation with HiGHS; upper from the dual with heuristic pricing",
            certified=False, sharp=optimal)],
        details=("the LP optimum is never below the witness (a feasible point), and on the full "
                 "support of D the optimum equals the witness's 1/4"
                 + (" (dual bracket closed to 1e-6): the width-4 net is a max-margin net of D"
                    if optimal else "") +
                 f"; on the samples of D (d = {d_sample}, n = {[t['n'] for t in samples]}) the "
                 "optimum " + (f"exceeds the witness's for n = {beaten} (the LP also uses the "
                               "noise coordinates)." if beaten else
                               "equals the witness's 1/4 as well (to 1e-6).")))


CLAIM.plant("witness_margin", "the e2 neurons enter with + sign",
            witness=[[0, 1.0, 1.0], [0, -1.0, 1.0], [1, 1.0, 1.0], [1, -1.0, 1.0]])
CLAIM.plant("witness_margin", "width 3: the [-x1]_+ unit dropped",
            witness=[[0, 1.0, 1.0], [1, 1.0, -1.0], [1, -1.0, -1.0]])
CLAIM.plant("l1_svm_vs_witness", "l1 margin 1/2 (factor 2)", witness_l1_margin=0.5)
