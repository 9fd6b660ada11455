"""arora2019, Lemma 5.3: how far GD moves the first layer.

Statement (our words). If m >= kappa^-2 poly(n, 1/lambda_0, 1/delta) and eta = O(lambda_0/n^2),
then with probability 1 - delta over the initialisation, for every k: each neuron moves at most
||w_r(k) - w_r(0)|| = O(n/(sqrt(m) lambda_0 sqrt(delta))), and the whole layer at most

    ||W(k) - W(0)||_F <= sqrt(y^T H_inf^-1 y) + O(n kappa/(lambda_0 delta)) + poly(n, 1/lambda_0, 1/delta)/(m^(1/4) kappa^(1/2)).

Setting (our choice; the theorem's m is far beyond any run). n = 16 unit inputs uniform on
S^9, random +-1 labels, kappa = 1 (the largest the paper allows: with kappa = 0.01 the neurons
move far more than their initial size at every width we can run, m << kappa^-2 poly, and the
movement overshoots sqrt(y^T H^-1 y) by ~30% at m = 4096, the regime of the lemma's third term),
eta = 1/lambda_max(H_inf) (larger than the lemma's O(lambda_0/n^2), which only slows GD down), GD
until the slowest eigen-direction of H_inf has decayed by e^-6. For GD on a (nearly) linear
least-squares problem with eta <= 1/lambda_max the distance travelled grows monotonically in k
towards its k -> infinity limit, each eigen-component by the factor 1 - (1 - eta lambda_i)^k >=
1 - e^-6 at the final k, so the final k is within 0.25% of the supremum over k. With kappa = 1 the initial outputs u(0) are not small;
the kappa-term of the lemma is the gap between sqrt((y - u(0))^T H_inf^-1 (y - u(0))) (the
infinite-width movement for this initialisation, cf. Section 5.2) and sqrt(y^T H_inf^-1 y), and is
checked separately.

Checks
------
* ``movement_vs_width`` (empirical): widths m in {256, 1024, 4096} (full: up to 65536), 2 seeds
  (full: 3). (a) ||W(k) - W(0)||_F / sqrt((y - u(0))^T H_inf^-1 (y - u(0))) must tend to 1 or
  stay below it: an excess at the largest m must be under 10% and shrink with m (log-log slope
  interval of the deviation below -0.1); (b) max_r ||w_r(k) - w_r(0)|| must decay at least like
  m^(-1/2) (fitted exponent at most -1/2 + 0.1, or -1/2 above its lower end); both are one-sided,
  as the lemma gives upper bounds; we pin c_R = max_r ||Delta w_r|| sqrt(m) lambda_0 / n.
* ``per_neuron_vs_n`` (empirical, full): n in {8, 16, 32, 64} at m = 2048: the exponent of
  sqrt(m) lambda_0 max_r ||Delta w_r|| in n must not exceed the printed 1 (upper bound).
* ``kappa_term`` (statistical): the kappa-dependent part of the movement in the linearised
  (m -> infinity) picture: |sqrt((y - u(0))^T H_inf^-1 (y - u(0))) - sqrt(y^T H_inf^-1 y)|, its
  (1 - delta)-quantile over 300 initialisations for kappa from 0.003 to 0.3 (delta = 0.1) must
  vanish at least linearly in kappa (fitted exponent at least 1 - 0.1, or 1 below its upper end;
  one-sided, as O(kappa) is an upper bound) and we pin the constant against n kappa/(lambda_0 delta).
"""
from __future__ import annotations

import numpy as np
import torch

from numerics.data import sphere
from numerics.kernels import h_inf
from numerics.nets import init_two_layer, train
from numerics.stats import loglog_slope
from theorems.arora2019._common import one_blas_thread
from verify import Claim, Constant, Erratum, Evidence

CLAIM = Claim(
    id="arora2019.lemma_5_3", paper="arora2019", label="Lemma 5.3", section="5.1", kind="lemma",
    statement=(
        "For wide nets and small steps, with probability 1 - delta over the initialisation, every "
        "neuron moves O(n/(sqrt(m) lambda_0 sqrt(delta))) during GD and the first layer moves at most "
        "sqrt(y^T H_inf^-1 y) + O(n kappa/(lambda_0 delta)) + poly/(m^(1/4) kappa^(1/2)) in Frobenius norm."),
    depends_on=["arora2019.thm_3_1", "arora2019.sec_5_2_aux_identity", "arora2019.fn_4_H0_concentration"],
)

PAPER_FROBENIUS_COEF = 1.0      # ||W(k) - W(0)||_F <= sqrt(coef * y^T H^-1 y) + vanishing terms
PAPER_NEURON_EXPONENT = -0.5    # per-neuron movement ~ m^(-1/2)
PAPER_KAPPA_EXPONENT = 1.0      # O(n kappa/(lambda_0 delta))


def _problem(ctx, n, d):
    X = sphere(n, d, seed=int(ctx.rng.integers(2**31)))
    y = np.sign(ctx.rng.standard_normal(n))
    H = h_inf(X)
    lam = np.linalg.eigvalsh(H)
    return X, y, H, lam


@CLAIM.check(method="empirical", tier="quick", established="confirmed", time_limit=900)
@one_blas_thread
def movement_vs_width(ctx, coef=PAPER_FROBENIUS_COEF, neuron_exponent=PAPER_NEURON_EXPONENT):
    """Total and per-neuron movement of trained nets as m grows."""
    n, d = ctx.pick(16, 30), 10
    widths = ctx.pick([256, 1024, 4096], [256, 1024, 4096, 16384, 65536])
    seeds, kappa = ctx.pick(2, 3), 1.0
    X, y, H, lam = _problem(ctx, n, d)
    Bstar = float(np.sqrt(y @ np.linalg.solve(H, y)))
    eta = 1.0 / lam[-1]
    steps = int(min(np.ceil(6.0 / (eta * lam[0])), ctx.pick(1500, 6000)))
    rows, ms, F, Rmax, resid, targets = [], [], [], [], [], []
    L = np.linalg.cholesky(H)
    Xt, yt = torch.as_tensor(X), torch.as_tensor(y)
    for m in widths:
        batch = init_two_layer(seeds, m, d, kappa=kappa, second_layer="sign", scale="1/sqrt(m)",
                               seed=[int(s) for s in ctx.rng.integers(2**31, size=seeds)])
        hist = train(batch, Xt, yt, loss="square", lr=eta, steps=steps, train_layers="first",
                     record_every=steps, record=("data_loss",), device=ctx.device)
        dU = (hist.batch.U.cpu() - batch.U).numpy()                    # (seeds, m, d)
        with torch.no_grad():
            u0 = batch.forward(Xt).numpy()                             # (seeds, n)
        for s in range(seeds):
            # the limit of the movement for this initialisation: sqrt(coef (y-u0)^T H^-1 (y-u0));
            # its distance to sqrt(y^T H^-1 y) is the kappa-term (checked in kappa_term)
            targets.append(float(np.sqrt(coef) * np.linalg.norm(np.linalg.solve(L, y - u0[s]))))
            ms.append(m)
            F.append(float(np.linalg.norm(dU[s])))
            Rmax.append(float(np.linalg.norm(dU[s], axis=1).max()))
            resid.append(float(np.sqrt(2 * hist.data_loss[-1, s])))
            rows.append({"m": m, "seed": s, "||W(k)-W(0)||_F": F[-1],
                         "target sqrt(coef (y-u0)^T H^-1 (y-u0))": targets[-1],
                         "F / target": F[-1] / targets[-1],
                         "max_r ||w_r(k)-w_r(0)||": Rmax[-1], "sqrt(m) max_r": Rmax[-1] * np.sqrt(m),
                         "final ||y - u||": resid[-1]})
    ms, F, Rmax = np.array(ms, float), np.array(F), np.array(Rmax)
    ratio = F / np.array(targets)
    dev = np.abs(ratio - 1)                                      # deviation from the limit
    fit_dev = loglog_slope(ms, np.maximum(dev, 1e-12), seed=ctx.seed)
    excess_top = float(dev[ms == ms.max()].max())
    over_top = float(ratio[ms == ms.max()].max()) - 1            # > 0: movement above the bound
    fit_R = loglog_slope(ms, Rmax, seed=ctx.seed)
    cR = float((Rmax * np.sqrt(ms) * lam[0] / n).max())
    expected = (f"||W(k)-W(0)||_F <= sqrt({coef:g} y^T H^-1 y) + kappa-term + o(1) as m grows; "
                f"max_r ||w_r(k)-w_r(0)|| ~ m^{neuron_exponent:g}")
    observed = {"sqrt(y^T H_inf^-1 y)": Bstar, "|F/target - 1| at largest m": excess_top,
                "slope of |F/target - 1| in m": [fit_dev.slope, fit_dev.lo, fit_dev.hi],
                "per-neuron exponent": [fit_R.slope, fit_R.lo, fit_R.hi],
                "max final residual ||y - u||": max(resid), "lambda_0": float(lam[0]), "steps": steps}
    setting = (f"n = {n}, d = {d}, random +-1 labels, kappa = {kappa}, eta = 1/lambda_max = {eta:.3g}, "
               f"{steps} steps, {seeds} seeds per width, widths {widths}")
    problems = []
    # both bounds are upper bounds: only movement above them (or decaying slower) contradicts them
    frob_ok = over_top <= 0 or (excess_top <= 0.1 and (fit_dev.hi < -0.1 or excess_top < 0.01))
    if not frob_ok:
        problems.append(f"the Frobenius movement exceeds sqrt({coef:g} (y-u0)^T H^-1 (y-u0)) by "
                        f"{100 * over_top:.1f}% at m = {int(ms.max())} and the gap does not vanish "
                        f"(slope {fit_dev.slope:.2f} [{fit_dev.lo:.2f}, {fit_dev.hi:.2f}])")
    neuron_ok = fit_R.slope <= neuron_exponent + 0.1 or fit_R.lo <= neuron_exponent
    if not neuron_ok:
        problems.append(f"per-neuron movement decays like m^{fit_R.slope:.2f} "
                        f"[{fit_R.lo:.2f}, {fit_R.hi:.2f}], slower than m^{neuron_exponent:g}")
    if problems:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details="; ".join(problems) + f". Setting: {setting}.")
    return Evidence(
        verdict="confirmed", expected=expected, observed=observed, table=rows,
        interval=[fit_R.lo, fit_R.hi],
        constants=[Constant(name="c_R in max_r ||Delta w_r|| <= c_R n/(sqrt(m) lambda_0 sqrt(delta))",
                            where="Lemma 5.3", stated="O(1)",
                            found=f"max_r ||Delta w_r|| sqrt(m) lambda_0/n <= {cR:.3g} (delta-free); "
                                  "the n/lambda_0 scale is loose here",
                            how=setting, sharp=False)],
        details=f"||W(k)-W(0)||_F / sqrt((y-u0)^T H_inf^-1 (y-u0)) -> 1: deviation ~ m^{fit_dev.slope:.2f} "
                f"[{fit_dev.lo:.2f}, {fit_dev.hi:.2f}], {100 * excess_top:.2f}% at m = {int(ms.max())} (the "
                "m^-1/4 kappa^-1/2 term vanishes; the kappa-term is the gap between this target and "
                f"sqrt(y^T H^-1 y) = {Bstar:.3f}, see kappa_term); per-neuron movement "
                f"~ m^{fit_R.slope:.3f}. Setting: {setting}.")


@CLAIM.check(method="statistical", tier="quick", established="confirmed")
@one_blas_thread
def kappa_term(ctx, kappa_exponent=PAPER_KAPPA_EXPONENT, delta=0.1):
    """(1 - delta)-quantile of the kappa-part of the movement against n kappa/(lambda_0 delta)."""
    d, m, reps = 10, 1000, ctx.pick(300, 1000)
    kappas = np.array([0.003, 0.01, 0.03, 0.1, 0.3])
    rows, qs, consts = [], [], []
    ns = ctx.pick((8, 16, 32), (8, 16, 32, 64))
    for n in ns:
        X, y, H, lam = _problem(ctx, n, d)
        L = np.linalg.cholesky(H)
        base = float(np.linalg.norm(np.linalg.solve(L, y)))
        batch = init_two_layer(reps, m, d, kappa=1.0, second_layer="sign", scale="1/sqrt(m)",
                               seed=int(ctx.rng.integers(2**31)))
        with torch.no_grad():
            u1 = batch.forward(torch.as_tensor(X)).numpy()          # outputs at kappa = 1: u(0) = kappa u1
        for k in kappas:
            R = y[None, :] - k * u1
            ex = np.abs(np.linalg.norm(np.linalg.solve(L, R.T), axis=0) - base)
            q = float(np.quantile(ex, 1 - delta))
            ref = n * k / (lam[0] * delta)
            rows.append({"n": n, "kappa": k, f"{1 - delta:.0%} quantile": q,
                         "n kappa/(lambda_0 delta)": ref, "ratio": q / ref})
            if n == 16:
                qs.append(q)
            consts.append(q / ref)
    fit = loglog_slope(kappas, np.array(qs), seed=ctx.seed)
    expected = f"kappa-term = O(n kappa^{kappa_exponent:g}/(lambda_0 delta))"
    observed = {"exponent in kappa (n = 16)": [fit.slope, fit.lo, fit.hi],
                "max quantile / (n kappa/(lambda_0 delta))": max(consts)}
    # an upper bound C kappa^e fails as kappa -> 0 only if the term decays more slowly than kappa^e
    ok = fit.slope >= kappa_exponent - 0.1 or fit.hi >= kappa_exponent
    if not ok:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        interval=[fit.lo, fit.hi],
                        details=f"the kappa-term scales like kappa^{fit.slope:.2f} [{fit.lo:.2f}, {fit.hi:.2f}]: "
                                f"as kappa -> 0 it exceeds any C kappa^{kappa_exponent:g}")
    return Evidence(
        verdict="confirmed", expected=expected, observed=observed, table=rows, interval=[fit.lo, fit.hi],
        errata=[Erratum(kind="loose", says="O(n kappa/(lambda_0 delta)) in the bound on ||W(k) - W(0)||_F",
                        correct="in the linearised picture the kappa-part is at most sqrt(u(0)^T H_inf^-1 u(0)) "
                                "<= ||u(0)||/sqrt(lambda_0) (triangle inequality), and E||u(0)||^2 = n kappa^2/2, "
                                "so by Markov it is <= kappa sqrt(n/(2 lambda_0 delta)) with probability "
                                "1 - delta, a factor sqrt(2 n/(lambda_0 delta)) below n kappa/(lambda_0 delta); "
                                f"its {1 - delta:.0%} quantile is <= {max(consts):.2g} n kappa/(lambda_0 delta) here",
                        evidence=f"{reps} initialisations per (n, kappa), n in {list(ns)}, "
                                 f"kappa in {kappas.min():g}..{kappas.max():g}")],
        constants=[Constant(name="c_kappa in O(n kappa/(lambda_0 delta))", where="Lemma 5.3",
                            stated="unspecified", found=f"{max(consts):.3g} (max over n in {list(ns)}, "
                                                        f"kappa in {kappas.min():g}..{kappas.max():g}, "
                                                        f"delta = {delta})",
                            how=f"{reps} initialisations of width {m}, linearised movement with H_inf",
                            sharp=False)],
        details=f"the {1 - delta:.0%}-quantile of the kappa-part grows like kappa^{fit.slope:.3f}; "
                "it is far below n kappa/(lambda_0 delta) (ratio <= "
                f"{max(consts):.2g}), as expected: ||u(0)|| ~ kappa sqrt(n/2) gives a kappa-part of order "
                "kappa sqrt(n/(2 lambda_0)).")


CLAIM.plant("movement_vs_width", "Frobenius bound sqrt(y^T H^-1 y / 2)", coef=0.5)
CLAIM.plant("movement_vs_width", "per-neuron movement ~ 1/m", neuron_exponent=-1.0)
CLAIM.plant("kappa_term", "kappa-term O(n kappa^2/(lambda_0 delta))", kappa_exponent=2.0)


@CLAIM.check(method="empirical", tier="full", established="confirmed", time_limit=900)
@one_blas_thread
def per_neuron_vs_n(ctx, n_exponent=1.0):
    """max_r ||w_r(k) - w_r(0)|| sqrt(m) lambda_0 against n^n_exponent (printed: n/(sqrt(m) lambda_0))."""
    d, m, kappa, seeds = 10, 2048, 1.0, 2
    ns = [8, 16, 32, 64]
    rows, xs, vals = [], [], []
    for n in ns:
        X, y, H, lam = _problem(ctx, n, d)
        eta = 1.0 / lam[-1]
        steps = int(min(np.ceil(6.0 / (eta * lam[0])), 20000))
        batch = init_two_layer(seeds, m, d, kappa=kappa, second_layer="sign", scale="1/sqrt(m)",
                               seed=[int(s) for s in ctx.rng.integers(2**31, size=seeds)])
        hist = train(batch, torch.as_tensor(X), torch.as_tensor(y), loss="square", lr=eta, steps=steps,
                     train_layers="first", record_every=steps, record=("data_loss",), device=ctx.device)
        dU = (hist.batch.U.cpu() - batch.U).numpy()
        for s in range(seeds):
            v = float(np.linalg.norm(dU[s], axis=1).max() * np.sqrt(m) * lam[0])
            xs.append(n), vals.append(v)
            rows.append({"n": n, "seed": s, "lambda_0": float(lam[0]), "steps": steps,
                         "max_r ||Delta w_r|| sqrt(m) lambda_0": v, "/ n": v / n})
    fit = loglog_slope(np.array(xs, float), np.array(vals), seed=ctx.seed)
    expected = f"max_r ||Delta w_r|| <= C n^{n_exponent:g}/(sqrt(m) lambda_0)"
    observed = {"exponent in n": [fit.slope, fit.lo, fit.hi],
                "max ratio to n^e": max(v / n ** n_exponent for n, v in zip(xs, vals))}
    if fit.lo > n_exponent + 0.1:
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        interval=[fit.lo, fit.hi],
                        details=f"the per-neuron movement times sqrt(m) lambda_0 grows like n^{fit.slope:.2f}, "
                                f"faster than n^{n_exponent:g}")
    errata = []
    if fit.hi < n_exponent - 0.3:
        errata.append(Erratum(
            kind="loose", says="||w_r(k) - w_r(0)|| = O(n/(sqrt(m) lambda_0 sqrt(delta)))",
            correct=f"in this setting sqrt(m) lambda_0 max_r ||w_r(k) - w_r(0)|| grows like n^{fit.slope:.2f} "
                    f"[{fit.lo:.2f}, {fit.hi:.2f}], far below n^1 (the bound is valid but loose in n)",
            evidence=f"trained nets, n in {ns}, m = {m}, kappa = {kappa}, sphere d = {d}, random labels"))
    return Evidence(verdict="confirmed", expected=expected, observed=observed, table=rows,
                    interval=[fit.lo, fit.hi], errata=errata,
                    details=f"max_r ||Delta w_r|| sqrt(m) lambda_0 grows like n^{fit.slope:.2f} "
                            f"[{fit.lo:.2f}, {fit.hi:.2f}] (m = {m}, kappa = {kappa}, sphere d = {d}, random "
                            f"labels): within the printed n^{n_exponent:g} (delta-free part).")
