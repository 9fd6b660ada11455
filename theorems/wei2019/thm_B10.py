"""wei2019, Theorem B.10: vanishing weight decay selects the minimum-norm interpolating net.

Statement (our words). Fix a width m and let Theta_{lam,m} minimise the
regularised squared error L_{lam,m}(Theta) = (1/n) sum_i (f(x_i; Theta) - y_i)^2
+ lam ||Theta||_2^2 over width-m two-layer ReLU nets. If some width-m net
interpolates the data, then as lam -> 0 the optimal objective tends to 0 and
the norm of Theta_{lam,m} tends to that of the minimum-norm interpolating net
Theta_{*,m} of (B.14). As printed, the conclusion reads
"||Theta_{lam,m}||_2 -> ||Theta_{*,m}||_2^2" (a norm on the left, a squared
norm on the right), while the proof ends with lim ||Theta_{lam,m}||_2^2 =
||Theta_{*,m}||_2^2. The proof rests on the sandwich
lam ||Theta_lam||^2 <= L(Theta_lam) <= L(Theta_*) = lam ||Theta_*||^2.

Checks
------
* ``lambda_to_zero`` (empirical): the whole support of D in d = 3 (8 points,
  labels +-1) as training set; width-12 nets trained by full-batch GD on the
  regularised squared loss (numerics.nets, loss "square" = (1/2) sum r^2, so
  lam_nets = n lam / 2 and lr_nets = 2 lr / n reproduce the paper's
  objective), several restarts per lam. Two independent references:
  ||Theta_*||^2 = 2 min{||mu||_1 : <mu, phi_relu(x_i)> = y_i} (AM-GM and
  balancing: the min-norm interpolating net of width >= #atoms) from an LP over
  4,000+ directions of S^2 (scipy/HiGHS), bracketed from below by the LP dual
  priced on 2e5 random directions; and the minimum of L_lam over nets whose
  units point along a dictionary of directions, a Lasso
  (1/n)||Phi mu - y||^2 + 2 lam ||mu||_1 (the same balancing argument), a
  convex QP solved exactly by HiGHS; when its solution has <= m atoms it is
  realised by a width-m net, so its value bounds the width-m global minimum
  from above and equals it unless directions outside the dictionary do
  better (not certified; the atoms found are the witness's four, and GD,
  whose directions are free, does not go below it). We test: GD on width-12
  nets matches that dictionary minimum
  (declared tolerance 1% relative) at the small lam; the sandwich holds at
  every lam; L_lam -> 0 and ||Theta_lam||^2 -> ||Theta_*||^2 (gap ~ lam^s with
  a bootstrap interval for s above 0); and the printed limit (power 1 on the
  left, 2 on the right) against the measured limit.
* ``scale_consistency`` (symbolic): multiplying the labels by c > 0 multiplies
  every interpolating parameter norm squared by c (f is 2-homogeneous), and
  maps the lam-problem to an equivalent one; a limit relation
  ||Theta_lam||^p -> ||Theta_*||^q is consistent under this scaling only for
  p = q (sympy).
"""
from __future__ import annotations

import numpy as np
import sympy as sp
import torch
from scipy.optimize import linprog
from threadpoolctl import threadpool_limits

from numerics.data import wei2019_D_support
from numerics.nets import frobenius_sq, init_two_layer, train
from numerics.stats import loglog_slope
from numerics.svm import relu_features
from verify import Claim, Constant, Erratum, Evidence

CLAIM = Claim(
    id="wei2019.thm_B10", paper="wei2019", label="Theorem B.10", section="B.3", kind="theorem",
    statement=(
        "For fixed width m, if some width-m net interpolates the data, the minimiser of "
        "(1/n) sum (f(x_i) - y_i)^2 + lam ||Theta||_2^2 has objective -> 0 and norm -> the norm of "
        "the minimum-norm interpolating width-m net as lam -> 0; printed as ||Theta_lam||_2 -> "
        "||Theta_*||_2^2, proved via lam ||Theta_lam||^2 <= L(Theta_lam) <= lam ||Theta_*||^2."),
    depends_on=["wei2019.eq_2_2"],
)

PAPER_LIMIT = {"lhs_power": 1, "rhs_power": 2}   # ||Theta_lam||_2^1 -> ||Theta_*||_2^2 (printed)
PAPER_SANDWICH_FACTOR = 1.0                       # L(Theta_lam) <= factor * lam ||Theta_*||^2
LIMIT_TOL = 0.05       # declared: relative deviation allowed between the limits at the smallest lam
OPT_TOL = 1e-2         # declared: trained objective within this of the convex global minimum


def fibonacci_sphere(N):
    i = np.arange(N) + 0.5
    phi = np.arccos(1 - 2 * i / N)
    th = np.pi * (1 + 5 ** 0.5) * i
    return np.stack([np.cos(th) * np.sin(phi), np.sin(th) * np.sin(phi), np.cos(phi)], 1)


def dictionary(X, N=4000):
    d = X.shape[1]
    return np.concatenate([fibonacci_sphere(N), np.eye(d), -np.eye(d),
                           X / np.linalg.norm(X, axis=1, keepdims=True)])


def min_l1_interpolation(X, y, D, rng):
    """min ||mu||_1 s.t. Phi mu = y over the dictionary, and a dual lower bound over the sphere."""
    Phi = relu_features(X, D)
    N = D.shape[0]
    res = linprog(np.ones(2 * N), A_eq=np.hstack([Phi, -Phi]), b_eq=y, bounds=(0, None),
                  method="highs")
    if res.status != 0:
        raise RuntimeError(f"interpolation LP: {res.message}")
    alpha = np.asarray(res.eqlin.marginals)
    R = rng.standard_normal((200_000, X.shape[1]))
    R /= np.linalg.norm(R, axis=1, keepdims=True)
    price = max(np.abs(alpha @ relu_features(X, R)).max(), np.abs(alpha @ Phi).max())
    mu = res.x[:N] - res.x[N:]
    return float(res.fun), float(y @ alpha / price), int((np.abs(mu) > 1e-9).sum())


def lasso_path(Phi, y, lams):
    """Global minima of (1/n)||Phi mu - y||^2 + 2 lam ||mu||_1 (a convex QP, HiGHS), per lam.

    Variables (mu+, mu-, r) with Phi (mu+ - mu-) - r = y; the model is built once and only the
    costs change with lam (warm start). Returns [(value, ||mu||_1, atoms, status)].
    """
    import highspy
    n, N = Phi.shape
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    inf = highspy.kHighsInf
    nv = 2 * N + n
    h.addVars(nv, np.concatenate([np.zeros(2 * N), np.full(n, -inf)]), np.full(nv, inf))
    A = np.hstack([Phi, -Phi, -np.eye(n)])
    for i in range(n):
        idx = np.flatnonzero(A[i]).astype(np.int32)
        h.addRow(float(y[i]), float(y[i]), len(idx), idx, A[i, idx])
    hess = highspy.HighsHessian()
    hess.dim_ = nv
    hess.format_ = highspy.HessianFormat.kTriangular
    start = np.zeros(nv + 1, dtype=np.int32)
    start[2 * N + 1:] = np.arange(1, n + 1)
    hess.start_ = start
    hess.index_ = np.arange(2 * N, nv, dtype=np.int32)
    hess.value_ = np.full(n, 2.0 / n)                      # objective 1/2 x'Qx: (1/n) r'r
    h.passHessian(hess)
    out = []
    for lam in lams:
        cost = np.concatenate([np.full(2 * N, 2 * float(lam)), np.zeros(n)])
        h.changeColsCost(nv, np.arange(nv, dtype=np.int32), cost)
        h.run()
        x = np.asarray(h.getSolution().col_value)
        mu, r = x[:N] - x[N:2 * N], x[2 * N:]
        out.append((float((r ** 2).mean() + 2 * lam * np.abs(mu).sum()), float(np.abs(mu).sum()),
                    int((np.abs(mu) > 1e-9).sum()), h.modelStatusToString(h.getModelStatus())))
    return out


def regression_runs(X, y, lams, restarts, width, steps, rng, lr=0.3, device="cpu"):
    """Best (over restarts) objective, norm^2 and data term of GD on L_lam, for each lam."""
    n = len(y)
    B = len(lams) * restarts
    nets = init_two_layer(B, width, X.shape[1], kappa=0.3, second_layer="gaussian", w_scale=0.3,
                          seed=[int(s) for s in rng.integers(2**31, size=B)], device=device)
    lam = np.repeat(lams, restarts)
    hist = train(nets, X, y, loss="square", lam=n * lam / 2, lr=2 * lr / n, steps=steps,
                 record_every=steps, record=("loss",), device=device)
    with torch.no_grad():
        f = hist.batch.forward(torch.as_tensor(X)).double().cpu().numpy()
    data = ((f - y[None, :]) ** 2).mean(1)
    norm2 = frobenius_sq(hist.batch)
    obj = data + lam * norm2
    out = []
    for l in lams:
        k = np.flatnonzero(lam == l)
        j = k[np.argmin(obj[k])]
        out.append({"lam": float(l), "L": float(obj[j]), "||Theta||^2": float(norm2[j]),
                    "data term": float(data[j])})
    return out


@CLAIM.check(method="empirical", tier="quick", established="corrected")
def lambda_to_zero(ctx, lhs_power=PAPER_LIMIT["lhs_power"], rhs_power=PAPER_LIMIT["rhs_power"],
                   sandwich_factor=PAPER_SANDWICH_FACTOR):
    """Trained regularised nets as lam -> 0 against the min-norm interpolant (LP) and the Lasso."""
    X, y = wei2019_D_support(3)
    lams = np.array(ctx.pick([1e-1, 3e-2, 1e-2, 3e-3, 1e-3],
                             [1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4]))
    with threadpool_limits(1):
        D = dictionary(X)
        l1_min, l1_dual, atoms = min_l1_interpolation(X, y, D, ctx.rng)
        lasso = lasso_path(relu_features(X, dictionary(X, ctx.pick(600, 4000))), y, lams)
        rows = regression_runs(X, y, lams, ctx.pick(4, 8), 12, ctx.pick(3000, 60000), ctx.rng,
                               device=ctx.device)
    star2 = 2 * l1_min                   # ||Theta_*||^2 (balanced min-norm interpolant)
    star2_low = 2 * l1_dual
    if any(v[3] != "Optimal" for v in lasso):
        return Evidence(verdict="inconclusive", details="the convex QP did not solve to optimality")
    for r, v in zip(rows, lasso):
        r["GD objective"] = r.pop("L")
        r["GD ||Theta||^2"] = r.pop("||Theta||^2")
        r["Lasso (dictionary) min"] = v[0]
        r["Lasso atoms"] = v[2]
        # global minimiser of L_lam for width >= atoms: the balanced net on the Lasso atoms
        # (||Theta||^2 = 2 ||mu||_1) unless GD found a lower objective
        if v[2] <= 12 and v[0] <= r["GD objective"]:
            r["L"], r["||Theta||^2"], r["source"] = v[0], 2 * v[1], "Lasso atoms"
        else:
            r["L"], r["||Theta||^2"], r["source"] = r["GD objective"], r["GD ||Theta||^2"], "GD"
        r["L / (lam ||Theta_*||^2)"] = r["L"] / (r["lam"] * star2)
        r["||Theta_*||^2 - ||Theta||^2"] = star2 - r["||Theta||^2"]
    problems = []
    gd_match = [abs(r["GD objective"] - r["Lasso (dictionary) min"]) <=
                OPT_TOL * r["Lasso (dictionary) min"] for r in rows]
    opt_ok = gd_match[-1] and sum(gd_match) >= len(rows) - 1
    # the sandwich of the proof (at the global minimum: checked where GD matched the Lasso)
    for r in rows:
        lo_ok = r["lam"] * r["||Theta||^2"] <= r["L"] * (1 + 1e-12)
        hi = sandwich_factor * r["lam"] * star2
        if not lo_ok:
            problems.append(f"lam={r['lam']:g}: lam ||Theta||^2 > L")
        if r["L"] > hi * (1 + 1e-9):
            problems.append(f"lam={r['lam']:g}: L = {r['L']:.6g} > {sandwich_factor:g} lam "
                            f"||Theta_*||^2 = {hi:.6g}")
    gaps = np.array([r["||Theta_*||^2 - ||Theta||^2"] for r in rows])
    ls = np.array([r["lam"] for r in rows])
    pos = gaps > 0
    fit = loglog_slope(ls[pos], gaps[pos], seed=ctx.seed) if pos.sum() >= 3 else None
    converges = fit is not None and fit.lo > 0 and rows[-1]["L"] < rows[0]["L"]
    # the limit statement: ||Theta_lam||^p -> ||Theta_*||^q, compared at the smallest lam
    measured = rows[-1]["||Theta||^2"] ** (lhs_power / 2)
    target = star2 ** (rhs_power / 2)
    limit_ok = abs(measured - target) <= LIMIT_TOL * target
    corrected_ok = abs(rows[-1]["||Theta||^2"] - star2) <= LIMIT_TOL * star2
    table = rows + [{"||Theta_*||^2 (LP, 2 min ||mu||_1)": star2,
                     "dual lower bound": star2_low, "atoms": atoms}]
    observed = {"||Theta_*||^2 bracket": [star2_low, star2],
                "best trained ||Theta_lam||^2 by lam": [r["||Theta||^2"] for r in rows],
                "L_lam / (lam ||Theta_*||^2)": [r["L / (lam ||Theta_*||^2)"] for r in rows],
                "gap exponent": None if fit is None else [fit.slope, fit.lo, fit.hi],
                f"||Theta_lam||^{lhs_power} at lam={ls[-1]:g}": measured,
                f"||Theta_*||^{rhs_power}": target}
    expected = (f"L_lam -> 0 with lam||Theta_lam||^2 <= L_lam <= {sandwich_factor:g} lam "
                f"||Theta_*||^2; ||Theta_lam||_2^{lhs_power} -> ||Theta_*||_2^{rhs_power}")
    if not opt_ok:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                        details="GD did not reach the convex (Lasso) global minimum within "
                                f"{OPT_TOL:g} at the small lam: the trained nets are not Theta_lam")
    if star2 - star2_low > 1e-3 * star2:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                        details="the min-norm interpolation bracket did not close")
    if problems or not converges:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=table,
                        details="; ".join(problems) or "no convergence of the norm")
    constants = [Constant(name="||Theta_(*,m)||_2^2 on supp(D), d = 3", where="(B.14)",
                          stated="(not stated)", found=f"{star2:.6g} (dual bound {star2_low:.6g}); "
                          f"{atoms} units: the width-4 witness of B.2",
                          how="LP over 4000+ directions, dual priced on 2e5 random directions",
                          certified=False, sharp=True),
                 Constant(name="rate of ||Theta_*||^2 - ||Theta_lam||^2", where="Thm B.10",
                          stated="-> 0 (no rate)",
                          found=f"~ lam^{fit.slope:.2f} [{fit.lo:.2f}, {fit.hi:.2f}]",
                          how="bootstrap log-log fit over lam", certified=False)]
    base = (f"the minimum of L_lam over nets with units along a dictionary of directions (a "
            f"convex QP over lifted measures, realised by a balanced net on its <= 12 atoms; "
            f"taken as Theta_lam, not certified off the dictionary) is matched within "
            f"{OPT_TOL:g} by GD on width-12 nets at lam = {[r['lam'] for r, ok in zip(rows, gd_match) if ok]}"
            + ("" if all(gd_match) else
               f" (GD stays at a worse stationary point at lam = "
               f"{[r['lam'] for r, ok in zip(rows, gd_match) if not ok]})")
            + f"; lam||Theta_lam||^2 <= L_lam <= lam||Theta_*||^2 holds "
            f"with ||Theta_*||^2 = {star2:.6g}; L_lam/(lam ||Theta_*||^2) = "
            f"{[round(r['L / (lam ||Theta_*||^2)'], 4) for r in rows]} -> 1, so L_lam -> 0 "
            f"linearly; ||Theta_lam||^2 = {[round(r['||Theta||^2'], 4) for r in rows]} -> "
            f"{star2:.6g} with gap ~ lam^{fit.slope:.2f}")
    if limit_ok:
        return Evidence(verdict="confirmed", expected=expected, observed=observed, table=table,
                        constants=constants, tolerance=f"{LIMIT_TOL:.0%} on the limit",
                        details=base + ".")
    corrected = ("as lam -> 0, L_(lam,m)(Theta_(lam,m)) -> 0 and ||Theta_(lam,m)||_2^2 -> "
                 "||Theta_(*,m)||_2^2 (equivalently ||Theta_(lam,m)||_2 -> ||Theta_(*,m)||_2)")
    if not corrected_ok:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=table,
                        details=base + "; neither the printed nor the squared limit is reached")
    return Evidence(
        verdict="corrected", expected=expected, observed=observed, table=table,
        constants=constants, corrected=corrected, tolerance=f"{LIMIT_TOL:.0%} on the limit",
        errata=[Erratum(
            kind="typo",
            says=(f"Theorem B.10: ||Theta_(lam,m)||_2{'' if lhs_power == 1 else '^' + str(lhs_power)}"
                  f" -> ||Theta_(*,m)||_2^{rhs_power}"),
            correct=corrected + "; this is what the proof's last line states, and the proof's "
                    "first inequality already gives ||Theta_lam|| <= ||Theta_*|| < ||Theta_*||^2 "
                    "whenever ||Theta_*|| > 1",
            evidence=(f"supp(D), d = 3: ||Theta_*||^2 = {star2:.6g}; at lam = {ls[-1]:g} the best net found "
                      f"(dictionary QP, matched by GD) has ||Theta_lam||_2 = {rows[-1]['||Theta||^2'] ** 0.5:.4f}"
                      f", ||Theta_lam||_2^2 = {rows[-1]['||Theta||^2']:.4f}"))],
        details=base + (f"; the printed limit ||Theta_lam||^{lhs_power} -> ||Theta_*||^{rhs_power} "
                        f"= {target:.4g} is not reached (measured {measured:.4g}), the squared "
                        "version is."))


@CLAIM.check(method="symbolic", tier="quick", established="corrected")
def scale_consistency(ctx, lhs_power=PAPER_LIMIT["lhs_power"], rhs_power=PAPER_LIMIT["rhs_power"]):
    """Under y -> c y the limit relation must scale consistently (2-homogeneity)."""
    c, s, lam, N = sp.symbols("c s lam N", positive=True)
    # Theta -> sqrt(c) Theta maps interpolants of y to interpolants of c y: ||Theta_*||^2 -> c N
    # and L_lam(sqrt(c) Theta; c y) = c^2 [ (1/n) sum (f - y)^2 + (lam/c) ||Theta||^2 ]:
    # the minimiser for (c y, lam) is sqrt(c) times the minimiser for (y, lam/c).
    obj = sp.Symbol("R", positive=True) * c ** 2 + lam * c * N     # data term scales c^2, norm c
    rescaled_ok = sp.simplify(obj - c ** 2 * (sp.Symbol("R", positive=True) + (lam / c) * N)) == 0
    lhs = (c * N) ** sp.Rational(lhs_power, 2)      # ||Theta_lam(c y)||^p in the limit (norm^2 -> cN)
    rhs = (c * N) ** sp.Rational(rhs_power, 2)
    ratio = sp.simplify(lhs / rhs)                  # must equal 1 for all c if the relation holds
    base_ratio = sp.simplify(ratio.subs(c, 1))
    consistent = sp.simplify(ratio - base_ratio) == 0
    observed = {"labels scaled by c: ||Theta_lam||^p / ||Theta_*||^q": str(ratio),
                "rescaling identity": rescaled_ok}
    expected = f"||Theta_lam||_2^{lhs_power} -> ||Theta_*||_2^{rhs_power} for every label scale"
    if not rescaled_ok:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed,
                        details="sympy could not verify the rescaling identity")
    if consistent:
        return Evidence(verdict="proved", expected=expected, observed=observed,
                        details="the relation is invariant under label rescaling")
    return Evidence(
        verdict="corrected", expected=expected, observed=observed,
        corrected="||Theta_(lam,m)||_2^2 -> ||Theta_(*,m)||_2^2 (same power on both sides)",
        details=(f"scaling the labels by c scales both squared norms by c, so the printed "
                 f"relation would need (cN)^{sp.Rational(lhs_power, 2)} = (cN)^"
                 f"{sp.Rational(rhs_power, 2)} for all c > 0 (ratio {ratio}): it can hold for at "
                 "most one label scale; equal powers are scale-free."))


CLAIM.plant("lambda_to_zero", "sandwich L <= lam ||Theta_*||^2 / 2", lhs_power=2,
            sandwich_factor=0.5)
CLAIM.plant("lambda_to_zero", "||Theta_lam||^2 -> ||Theta_*|| (powers swapped)", lhs_power=2,
            rhs_power=1)
CLAIM.plant("scale_consistency", "||Theta_lam||^2 -> ||Theta_*|| (powers swapped)", lhs_power=2,
            rhs_power=1)
CLAIM.plant("lambda_to_zero", "corrected statement: ||Theta_lam||^2 -> ||Theta_*||^2",
            expect="confirmed", lhs_power=2, rhs_power=2)
CLAIM.plant("lambda_to_zero", "corrected statement, norm form: ||Theta_lam|| -> ||Theta_*||",
            expect="confirmed", lhs_power=1, rhs_power=1)
CLAIM.plant("scale_consistency", "corrected statement: ||Theta_lam||^2 -> ||Theta_*||^2",
            expect="proved", lhs_power=2, rhs_power=2)
