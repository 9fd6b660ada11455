"""wei2019, Proposition B.11 and footnote 6: max-margin two-layer nets are half the l1-SVM.

Statement (our words). Let gamma_l1 be the value of the l1-SVM over ReLU
features (B.15). If that maximum is attained by some mu in L^1_1(S^(d-1)),
then for every width m >= n + 1 the largest Frobenius-normalised margin of a
width-m two-layer ReLU net, gamma_{*,m} = max_{||Theta||_F <= 1}
min_i y_i f(x_i; Theta), equals gamma_l1 / 2. Footnote 6 attributes the
factor 1/2 to "every unit-norm parameter Theta corresponds to a mu with
||mu|| = 2".

Why 1/2. A net f = sum_j w_j [u_j . x]_+ is the functional <mu, phi_relu(x)> of
the atomic measure mu = sum_j w_j ||u_j|| delta_{u_j/||u_j||}, and by AM-GM
|w_j| ||u_j|| <= (w_j^2 + ||u_j||^2)/2, so ||mu||_1 <= ||Theta||_F^2 / 2 with
equality iff every unit is balanced (|w_j| = ||u_j||). A unit-norm Theta thus
corresponds to ||mu||_1 <= 1/2 (not 2), whence gamma_{*,m} <= gamma_l1 / 2; an
optimal atomic mu with k atoms, split into balanced units, attains it at
width k.

Checks
------
* ``footnote_6_norm_relation`` (symbolic): sympy proves the identity
  (w^2 + r^2)/2 - w r = (w - r)^2/2 (one unit, and summed over m = 3 units),
  so |w| r <= 1/2 on w^2 + r^2 = 1, with equality at the balanced point
  w = r = 1/sqrt(2): sup ||mu||_1 = 1/2 over unit-norm Theta. Compared with
  the footnote's ||mu|| = 2, and the factor each relation implies
  (gamma_{*,m} = ||mu||_max * gamma_l1).
* ``margin_identity_2d`` (optimization): a small 2-D data set where the
  l1-SVM over the whole circle is solved with certified bounds (column
  generation with exact arc pricing, numerics.svm: lower = margin of a feasible
  measure, upper = weak-duality bound). Three independent sides: (a) the net
  built from the LP atoms (balanced units) has normalised margin lower/2,
  computed from the net itself; (b) the dual weights alpha give, for ANY net,
  min_i y_i f(x_i)/||Theta||_F^2 <= upper/2 (AM-GM + weak duality), which we
  evaluate on all trained nets; (c) wide nets (m = 2n) trained by full-batch
  GD on the logistic loss + lam ||Theta||_F^2 (numerics.nets, lam = 1e-3,
  1e-4, 1e-5) stay below gamma_l1/2 and approach it (Theorem C.1). The
  printed factor is decided by (a) and (b), which pin gamma_{*,m} to
  [lower/2, upper/2]: refuted when factor * [lower, upper] misses that
  interval. The trained nets must stay below upper/2 (else the certificate is
  in question: inconclusive); the fraction of gamma_l1/2 they reach is
  reported, and required to be >= 90% (declared) only in the full tier,
  where GD runs 20000 steps: the quick tier's 1500 steps are not converged
  (over seeds 1..8 the best quick-tier net reached 0.86 to 0.98 of it).
* ``attainment_and_width`` (optimization): where the optimum lives. The
  optimal dual price function F(u) = sum_i alpha_i y_i [u . x_i]_+ is
  piecewise of the form g . u on arcs, so |F| reaches its maximum only at
  isolated directions: we measure the total length of {u : |F(u)| >=
  gamma_l1 - eps} on a fine grid of the circle for shrinking eps. Every optimal
  mu is carried by that set, so no density (an element of L^1) attains
  gamma_l1 > 0: the hypothesis of the proposition, read literally, never holds,
  while over signed measures the maximum is always attained, by an atomic
  measure with k <= n atoms (a basic LP solution). The check also verifies
  that width k (<= n, so also n + 1) reaches gamma_l1/2, and measures
  gamma_{*,1} (best single unit on a 2e5-point angle grid, or the zero net):
  it is 0 when both labels occur (one unit has one output sign on the
  points it activates), so width 1 cannot reach gamma_l1/2.
* ``margin_identity_D`` (optimization, full): the comparison of
  ``margin_identity_2d`` on samples of D (d = 8, n = 2d and 4d), with the LP
  solved by column generation over the sphere (its upper bound is then only a
  bound for the explored dictionary).
"""
from __future__ import annotations

import numpy as np
import sympy as sp
import torch
from threadpoolctl import threadpool_limits

from numerics.nets import (TwoLayerBatch, frobenius_sq, init_two_layer, l1_path_norm,
                           normalized_margin, rebalance, train)
from numerics.svm import l1_svm_relu, relu_features
from verify import Claim, Constant, Erratum, Evidence

CLAIM = Claim(
    id="wei2019.prop_B11", paper="wei2019", label="Proposition B.11 (and footnote 6)",
    section="B.4", kind="proposition",
    statement=(
        "When the l1-SVM value gamma_l1 of (B.15) is attained by some mu in L^1_1(S^(d-1)), the "
        "maximal Frobenius-normalised margin of two-layer ReLU nets is gamma_l1/2 for every "
        "width m >= n+1 (gamma_l1/2 = gamma_{*,n+1} = ... = gamma_{*,inf}); footnote 6 explains "
        "the 1/2 by a correspondence between unit-norm parameters and lifted measures of norm 2."),
    depends_on=["wei2019.eq_B15", "wei2019.thm_C1", "wei2019.thm_4_3"],
)

PAPER_FACTOR = "1/2"          # gamma_{*,m} = factor * gamma_l1
PAPER_FOOTNOTE_MU_NORM = "2"  # "every unit-norm Theta corresponds to mu with ||mu|| = 2"
PAPER_MIN_WIDTH = "n+1"       # widths from which gamma_{*,m} = gamma_l1/2
APPROACH = 0.9                # trained nets must reach this fraction of the limit (declared)


def toy_data_2d(rng, n=6):
    """n points in the plane at distinct random angles, radii in [0.5, 1.5], both labels."""
    while True:
        th = np.sort(rng.uniform(0, 2 * np.pi, n))
        if np.min(np.diff(np.append(th, th[0] + 2 * np.pi))) < 0.15:
            continue
        r = rng.uniform(0.5, 1.5, n)
        y = np.where(rng.random(n) < 0.5, 1.0, -1.0)
        if abs(y.sum()) < n:
            return np.stack([r * np.cos(th), r * np.sin(th)], axis=1), y


def net_from_measure(directions, weights):
    """Balanced width-k net computing sum_k mu_k [u_k . x]_+ : u = sqrt|mu| u_hat, w = sign sqrt|mu|."""
    s = np.sqrt(np.abs(weights))
    U = directions * s[:, None]
    w = np.sign(weights) * s
    return TwoLayerBatch(torch.as_tensor(U[None]), torch.as_tensor(w[None]), 1.0)


def solve_lp_2d(X, y):
    res = l1_svm_relu(X, y, pricing="exact2d", tol=1e-12, max_rounds=200)
    if not res.upper_certified:
        raise RuntimeError("2-D pricing was not exact")
    return res


def certificate_holds(batch, X, y, lp, rtol=1e-9):
    """Check min_i y_i f_i <= sum_i a_i y_i f_i <= upper * path <= upper ||Theta||^2 / 2 per net."""
    U = batch.U.double().numpy()
    w = batch.w.double().numpy()
    a = np.clip(lp.dual, 0, None)
    a = a / a.sum()
    f = np.einsum("bj,bji->bi", w, np.maximum(np.einsum("bjd,id->bji", U, X), 0))
    margin = (y[None, :] * f).min(1)
    weighted = (f * (a * y)[None, :]).sum(1)
    path = l1_path_norm(batch)
    frob = frobenius_sq(batch)
    tol = rtol * lp.upper * frob
    return bool(np.all(margin <= weighted + tol) and np.all(weighted <= lp.upper * path + tol)
                and np.all(path <= frob / 2 + rtol * frob))


def single_unit_margin(X, y, n_grid=200_000):
    """gamma_(*,1) on 2-D data: a unit w [u.x]_+ with w^2 + |u|^2 = 1 has |w| |u| <= 1/2, so it is
    max(0, max over u on an angle grid and s = +-1 of min_i y_i s [u.x_i]_+) / 2 (0: take w = 0)."""
    th = np.linspace(0, 2 * np.pi, n_grid, endpoint=False)
    A = relu_features(X, np.stack([np.cos(th), np.sin(th)], 1))      # (n, grid)
    best = max(float((s * y[:, None] * A).min(0).max()) for s in (1.0, -1.0))
    return max(0.0, best) / 2


def dual_price(X, y, alpha, U):
    """F(u) = sum_i alpha_i y_i [u . x_i]_+ for rows of U (alpha normalised to the simplex)."""
    a = np.clip(alpha, 0, None)
    a = a / a.sum()
    return (a * y) @ relu_features(X, U)


@CLAIM.check(method="symbolic", tier="quick", established="corrected")
def footnote_6_norm_relation(ctx, mu_norm=PAPER_FOOTNOTE_MU_NORM, factor=PAPER_FACTOR):
    """sup ||mu||_1 over unit-norm Theta, against the footnote's ||mu|| = 2 and the factor 1/2."""
    w = sp.Symbol("w", real=True)
    rp = sp.Symbol("r", positive=True)
    amgm = sp.expand((w ** 2 + rp ** 2) / 2 - w * rp)
    amgm_ok = sp.expand(amgm - (w - rp) ** 2 / 2) == 0        # (w^2+r^2)/2 - w r = (w-r)^2/2 >= 0
    # on w^2 + r^2 = 1 this gives w r <= 1/2, with equality at w = r = 1/sqrt(2): sup = 1/2
    at_balanced = (w * rp).subs({w: 1 / sp.sqrt(2), rp: 1 / sp.sqrt(2)})
    sup_mu = sp.nsimplify(at_balanced) if sp.simplify(at_balanced - sp.Rational(1, 2)) == 0 else None
    # m units: sum |w_j| r_j <= sum (w_j^2 + r_j^2)/2 = ||Theta||_F^2/2, a sum of squares
    m = 3
    ws, rs = sp.symbols(f"w1:{m + 1}", positive=True), sp.symbols(f"r1:{m + 1}", positive=True)
    gap = sp.expand(sum((a ** 2 + b ** 2) / 2 - a * b for a, b in zip(ws, rs)))
    gap_sos = sp.expand(gap - sum((a - b) ** 2 for a, b in zip(ws, rs)) / 2) == 0
    printed = sp.nsimplify(sp.sympify(mu_norm))
    implied_factor_printed = printed          # gamma_* = max over ||mu|| <= printed = printed gamma_l1
    implied_factor_true = sup_mu
    observed = {"sup ||mu||_1 over ||Theta||_F = 1": str(sup_mu),
                "AM-GM gap (one unit)": str(amgm), "m-unit gap is a sum of squares": gap_sos,
                "factor implied by the true relation": str(implied_factor_true),
                "factor implied by the footnote's relation": str(implied_factor_printed)}
    expected = {"footnote: ||mu|| for unit-norm Theta": str(printed), "proposition: factor": factor}
    if not (amgm_ok and gap_sos and sup_mu is not None):
        return Evidence(verdict="inconclusive", expected=expected, observed=observed,
                        details="sympy could not certify the AM-GM identity")
    factor_ok = sp.simplify(sp.sympify(factor) - implied_factor_true) == 0
    if printed == sup_mu and factor_ok:
        return Evidence(verdict="proved", expected=expected, observed=observed,
                        details="||mu||_1 <= ||Theta||_F^2/2 with equality for balanced units")
    corrected = (f"a parameter with ||Theta||_F = 1 corresponds to a lifted measure with "
                 f"||mu||_1 <= {sup_mu} (= {sup_mu} when every unit is balanced); equivalently a "
                 f"mu with ||mu||_1 = 1 corresponds to ||Theta||_F^2 = 2. This gives "
                 f"gamma_(*,m) = gamma_l1 / 2 (factor {implied_factor_true})")
    errata = [Erratum(
        kind="typo", says=f"footnote 6: every unit-norm Theta corresponds to mu with ||mu|| = {printed}",
        correct=corrected,
        evidence=("sympy: (w^2 + r^2)/2 - w r = (w - r)^2/2 >= 0, and w r = 1/2 at "
                  "w = r = 1/sqrt(2); "
                  f"with ||mu|| = {printed} the factor would be {implied_factor_printed}, "
                  "contradicting the proposition's own 1/2"))]
    if not factor_ok:
        return Evidence(verdict="refuted", expected=expected, observed=observed, errata=errata,
                        details=f"the factor {factor} is not {implied_factor_true}")
    return Evidence(verdict="corrected", expected=expected, observed=observed, errata=errata,
                    corrected=corrected,
                    details=("the proposition's factor 1/2 is right, its footnote's justification "
                             "is inverted: unit Frobenius norm gives ||mu||_1 = 1/2, not 2."))


def _train_margins(X, y, lams, seeds, width, steps, rng, device, lr=0.5):
    B = len(lams) * seeds
    nets = init_two_layer(B, width, X.shape[1], kappa=0.5, second_layer="gaussian", w_scale=0.5,
                          seed=[int(s) for s in rng.integers(2**31, size=B)], device=device)
    lam = np.repeat(lams, seeds)
    hist = train(nets, X, y, loss="logistic", lam=lam, lr=lr, steps=steps, record_every=steps,
                 record=("loss",), device=device)
    trained = hist.batch
    raw = normalized_margin(trained, X, y)
    bal = normalized_margin(rebalance(trained), X, y)
    return trained, raw, bal, lam


@CLAIM.check(method="optimization", tier="quick", established="confirmed")
def margin_identity_2d(ctx, factor=PAPER_FACTOR):
    """gamma_{*,m} for m >= n+1 against factor * gamma_l1 on a 2-D data set (exact LP)."""
    c = float(sp.sympify(factor))
    n = 6
    X, y = toy_data_2d(ctx.rng, n)
    with threadpool_limits(1):
        lp = solve_lp_2d(X, y)
        atom_net = net_from_measure(lp.directions, lp.weights)
        atom_margin = float(normalized_margin(atom_net, X, y)[0])
        lams = np.array(ctx.pick([1e-3, 1e-4, 1e-5], [1e-2, 1e-3, 1e-4, 1e-5, 1e-6]))
        seeds = ctx.pick(4, 8)
        steps = ctx.pick(1500, 20000)
        trained, raw, bal, lam = _train_margins(X, y, lams, seeds, 2 * n, steps, ctx.rng,
                                                ctx.device)
    # (b) certificate, for the trained nets and their rebalanced versions:
    #     min_i y_i f_i <= sum_i alpha_i y_i f_i = sum_j w_j ||u_j|| F(u_j/||u_j||)
    #                   <= upper * sum_j |w_j| ||u_j|| <= upper ||Theta||_F^2 / 2
    cert_ok = all(certificate_holds(net, X, y, lp) for net in (trained, rebalance(trained)))
    per_lam = [{"lam": float(l), "best normalised margin (balanced)": float(bal[lam == l].max()),
                "best raw": float(raw[lam == l].max()),
                "fraction of upper/2": float(bal[lam == l].max() / (lp.upper / 2))}
               for l in lams]
    best_small = max(r["best normalised margin (balanced)"] for r in per_lam)
    trend = all(per_lam[k + 1]["best normalised margin (balanced)"] >=
                per_lam[k]["best normalised margin (balanced)"] - 1e-9 for k in range(len(lams) - 1))
    observed = {"gamma_l1 bracket": [lp.lower, lp.upper], "atoms": int(len(lp.weights)),
                "LP-atom net normalised margin": atom_margin,
                "max trained normalised margin": float(bal.max()),
                "trained margins / (upper/2) per lam": [r["fraction of upper/2"] for r in per_lam]}
    expected = f"gamma_(*,m) = {factor} gamma_l1 for m >= n+1 = {n + 1}"
    table = per_lam + [{"n": n, "gamma_l1 lower": lp.lower, "gamma_l1 upper": lp.upper,
                        "LP-atom net width": int(len(lp.weights)), "its margin": atom_margin}]
    if abs(atom_margin - lp.lower / 2) > 1e-9 * lp.lower:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                        details="the LP-atom net's margin differs from lower/2: conversion error")
    if not cert_ok:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                        details="the AM-GM/duality certificate failed numerically on a trained net")
    # certified: gamma_(*,m) in [lower/2, upper/2] for m >= k; claimed: c gamma_l1 in [c lower, c upper]
    certified = (lp.lower / 2, lp.upper / 2)
    claimed = (c * lp.lower, c * lp.upper)
    slack = 1e-9 * lp.upper
    if claimed[0] > certified[1] + slack or claimed[1] < certified[0] - slack:
        return Evidence(
            verdict="refuted", expected=expected, observed=observed, table=table,
            details=(f"claimed {factor} gamma_l1 in [{claimed[0]:.8g}, {claimed[1]:.8g}] but every "
                     f"net has normalised margin <= upper/2 = {certified[1]:.8g} (AM-GM + weak "
                     f"duality) and the balanced width-{len(lp.weights)} LP-atom net attains "
                     f"lower/2 = {certified[0]:.8g}: gamma_(*,m) = gamma_l1/2"))
    if bal.max() > certified[1] + slack:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                        details=(f"a trained net exceeds upper/2 = {certified[1]:.8g}: the duality "
                                 "certificate is in question"))
    if ctx.tier == "full" and best_small < APPROACH * claimed[0]:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                        details=(f"the best trained net reaches {best_small / claimed[0]:.3f} of the "
                                 f"limit (declared {APPROACH} in the full tier); optimisation too "
                                 "short?"))
    return Evidence(
        verdict="confirmed", expected=expected, observed=observed, table=table,
        tolerance=(f"LP bracket {lp.upper - lp.lower:.1e}" + (f"; trained nets >= {APPROACH} of "
                   "the limit" if ctx.tier == "full" else "; trained nets reported, not gated")),
        constants=[Constant(name="factor between gamma_(*,m) and gamma_l1", where="Prop. B.11",
                            stated=factor, found=f"{atom_margin / lp.lower:.12f} (LP-atom net) ; "
                            f"best trained net {best_small / lp.lower:.4f}",
                            how="certified 2-D LP bracket, balanced atom net, duality certificate",
                            certified=False, sharp=True)],
        details=(f"gamma_l1 in [{lp.lower:.10g}, {lp.upper:.10g}] (exact 2-D pricing); the "
                 f"balanced net on the {len(lp.weights)} LP atoms has normalised margin "
                 f"{atom_margin:.10g} = lower/2, and the dual certificate bounds every net by "
                 f"upper/2 (verified on all {len(bal)} trained nets); trained width-{2 * n} nets "
                 f"reach {[round(r['fraction of upper/2'], 4) for r in per_lam]} of gamma_l1/2 "
                 f"for lam = {[float(v) for v in lams]}"
                 + (" (increasing as lam decreases)" if trend else " (not monotone in lam)")
                 + "."))


@CLAIM.check(method="optimization", tier="quick", established="confirmed")
def attainment_and_width(ctx, min_width=PAPER_MIN_WIDTH):
    """Is the max attained (and by what), and which widths reach gamma_l1/2."""
    rows, errs = [], []
    for rep in range(ctx.pick(3, 10)):
        n = (6, 8, 10)[rep % 3]
        X, y = toy_data_2d(ctx.rng, n)
        with threadpool_limits(1):
            lp = solve_lp_2d(X, y)
        gamma = lp.lower
        theta = np.linspace(0, 2 * np.pi, ctx.pick(100_003, 2_000_003), endpoint=False)
        U = np.stack([np.cos(theta), np.sin(theta)], 1)
        F = np.abs(dual_price(X, y, lp.dual, U))
        lengths = {eps: float(2 * np.pi * np.mean(F >= gamma - eps * gamma))
                   for eps in (1e-2, 1e-3, 1e-4)}
        k = int(len(lp.weights))
        width_needed = int(sp.sympify(min_width, locals={"n": n}))
        gamma_1 = single_unit_margin(X, y)
        atom_net = net_from_measure(lp.directions, lp.weights)
        atom_margin = float(normalized_margin(atom_net, X, y)[0])
        rows.append({"n": n, "gamma_l1": gamma, "bracket width": lp.upper - lp.lower,
                     "atoms k": k, "k <= n": k <= n, "claimed width": width_needed,
                     "margin of width-k net / (gamma_l1/2)": atom_margin / (gamma / 2),
                     "gamma_(*,1)": gamma_1,
                     **{f"length of |F| >= (1-{eps:g})gamma": v for eps, v in lengths.items()}})
        if width_needed >= k:
            if abs(atom_margin - gamma / 2) > 1e-9 * gamma:
                errs.append(f"n={n}: width-{k} net margin {atom_margin:.6g} != gamma_l1/2")
        elif width_needed == 1 and gamma_1 < (gamma / 2) * (1 - 1e-9):
            errs.append(f"n={n}: the best single unit (angle grid) has normalised margin "
                        f"{gamma_1:.4g} < gamma_l1/2 = {gamma / 2:.4g}")
        else:
            return Evidence(verdict="inconclusive", table=rows,
                            details=f"width {width_needed} < {k} atoms: not decided by this check")
    # a set of positive length would not shrink; isolated maxima shrink like sqrt(eps) (smooth
    # maximum, factor 10 here) or eps (kink, factor 100): require a factor 5
    shrink = all(r["length of |F| >= (1-0.0001)gamma"] < 0.2 * r["length of |F| >= (1-0.01)gamma"]
                 for r in rows)
    expected = f"gamma_(*,m) = gamma_l1/2 for m >= {min_width}; max attained"
    observed = {"atoms per data set": [r["atoms k"] for r in rows],
                "n per data set": [r["n"] for r in rows],
                "near-argmax length at eps = 1e-2, 1e-4":
                    [[r["length of |F| >= (1-0.01)gamma"], r["length of |F| >= (1-0.0001)gamma"]]
                     for r in rows]}
    if errs:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details="; ".join(errs))
    errata = [Erratum(
        kind="ambiguous",
        says="Prop. B.11: 'if margin gamma_l1 is attainable by some solution mu in L^1_1(S^(d-1))'",
        correct=("read literally (mu a function, an element of L^1), the hypothesis never holds "
                 "when gamma_l1 > 0: every optimal mu is carried by the set where the optimal dual "
                 "price |sum_i alpha_i y_i [u.x_i]_+| equals gamma_l1, a Lebesgue-null set (on each "
                 "activation cone the price is linear, g.u). Over signed measures of total variation "
                 "<= 1 the maximum is always attained, by an atomic measure with at most n atoms "
                 "(a basic solution), so gamma_l1/2 = gamma_(*,m) for every m >= n (n+1 is enough "
                 "but not needed)"),
        evidence=(f"{len(rows)} 2-D data sets: length of {{|F| >= (1-eps) gamma_l1}} falls from "
                  f"{np.mean([r['length of |F| >= (1-0.01)gamma'] for r in rows]):.3g} (eps=1e-2) to "
                  f"{np.mean([r['length of |F| >= (1-0.0001)gamma'] for r in rows]):.3g} (eps=1e-4); "
                  f"LP optima use {sorted(set(r['atoms k'] for r in rows))} atoms for n = "
                  f"{sorted(set(r['n'] for r in rows))}"))]
    return Evidence(
        verdict="confirmed" if shrink else "inconclusive", expected=expected, observed=observed,
        table=rows, errata=errata,
        details=("over measures the maximum is attained by k <= n atoms and the balanced width-k "
                 "net reaches gamma_l1/2 exactly, so the identity holds from width k (<= n < n+1); "
                 "the near-maximal set of the dual price shrinks to points (length ~ sqrt(eps)), so no "
                 "L^1 density attains gamma_l1 and the printed hypothesis is vacuous." if shrink else
                 "the near-argmax set of the dual price did not shrink as expected"))


@CLAIM.check(method="optimization", tier="full", established="confirmed", time_limit=1800)
def margin_identity_D(ctx, factor=PAPER_FACTOR):
    """The same comparison on samples of D (d = 8): LP by column generation, wide trained nets."""
    from numerics.data import wei2019_D
    c = float(sp.sympify(factor))
    lams = np.array([1e-3, 1e-4, 1e-5])
    seeds, steps = 4, 40000
    rows, verdicts = [], []
    for d, ratio in ((8, 4), (8, 2)):
        n = ratio * d
        X, y = wei2019_D(n, d, seed=int(ctx.rng.integers(2**31)))
        with threadpool_limits(1):
            lp = l1_svm_relu(X, y, seed=int(ctx.rng.integers(2**31)), max_rounds=60,
                             max_seconds=300)
            atom_margin = float(normalized_margin(net_from_measure(lp.directions, lp.weights),
                                                  X, y)[0])
            trained, raw, bal, lam = _train_margins(X, y, lams, seeds, 2 * n, steps, ctx.rng,
                                                    ctx.device, lr=1.5)
        cert = all(certificate_holds(net, X, y, lp) for net in (trained, rebalance(trained)))
        best = float(bal.max())
        row = {"d": d, "n": n, "gamma_l1 lower": lp.lower,
               "gamma_l1 upper (dictionary bound, not certified over the sphere)": lp.upper,
               "LP atoms": int(len(lp.weights)), "LP-atom net normalised margin": atom_margin,
               "best trained normalised margin": best,
               "best / (lower/2)": best / (lp.lower / 2), "certificate holds": cert,
               **{f"best at lam={l:g}": float(bal[lam == l].max()) for l in lams}}
        rows.append(row)
        claimed = (c * lp.lower, c * lp.upper)
        if claimed[0] > lp.upper / 2 * (1 + 1e-7) or claimed[1] < atom_margin * (1 - 1e-7):
            verdicts.append("refuted")
        elif cert and best <= lp.upper / 2 * (1 + 1e-7) and best >= APPROACH * claimed[0]:
            verdicts.append("confirmed")
        else:
            verdicts.append("inconclusive")
    observed = {"per sample": [[r["n"], r["gamma_l1 lower"], r["best trained normalised margin"]]
                               for r in rows]}
    expected = f"trained wide nets -> {factor} gamma_l1 from below"
    verdict = "refuted" if "refuted" in verdicts else (
        "confirmed" if all(v == "confirmed" for v in verdicts) else "inconclusive")
    return Evidence(
        verdict=verdict, expected=expected, observed=observed, table=rows,
        tolerance=f"trained nets >= {APPROACH} of the limit; upper bounds from the LP dual",
        details=("samples of D with d = 8 (n = 4d: the width-4 witness is optimal, gamma_l1 = 1/4; "
                 "n = 2d: noise-fitting neurons beat it): LP-atom nets attain lower/2, trained "
                 "width-2n nets (logistic + lam, 40000 GD steps, lr 1.5) reach "
                 f"{[round(r['best / (lower/2)'], 3) for r in rows]} of gamma_l1/2 and never exceed "
                 "upper/2 (dual certificate; its pricing over the sphere is a local search in "
                 "d > 2)."))


CLAIM.plant("footnote_6_norm_relation", "factor 1 (no halving)", factor="1")
CLAIM.plant("margin_identity_2d", "gamma_(*,m) = gamma_l1 (factor 1)", factor="1")
CLAIM.plant("margin_identity_2d", "gamma_(*,m) = gamma_l1/4", factor="1/4")
CLAIM.plant("attainment_and_width", "width 1 already suffices", min_width="1")
CLAIM.plant("footnote_6_norm_relation", "corrected footnote: unit-norm Theta gives ||mu||_1 <= 1/2",
            expect="proved", mu_norm="1/2")
