"""wei2019, Theorem 2.1: on D the regularized net needs ~d samples, every NTK predictor ~d^2.

Statement (our words). For the distribution D of (2.1): (kernel half) with
probability 1 - d^-5 over n <~ d^2 samples, every predictor
sum_i beta_i K(x_i, .) with the two-layer NTK K (any scales r_w, r_u) has test
error Omega(1); (net half) for lam <= 1/poly(n) the minimiser Theta_lam of
the regularized logistic loss of a two-layer ReLU net with >= 4 hidden units
has test error <~ sqrt(d/n). The theorem's text says the net half means
"good generalization with O(d^2) samples" and that together they give an
Omega(d) sample-complexity gap.

Checks
------
* ``statement_consistency`` (symbolic): the sample size implied by the
  displayed net bound (K sqrt(d/n) <= eps gives n = K^2 d/eps^2: exponent 1
  in d) against the printed "O(d^2) samples", and the gap each implies with
  the kernel's d^2 (sympy: d^2/d^a); the printed probability 1 - d^-5 against
  Theorem B.1's 1 - exp(-Omega(sqrt n)) (which implies it only for
  n >= 25 log^2(d)/c^2); the condition lam <= 1/poly(n) against Theorem C.2.
* ``sample_complexity_quick`` (empirical, quick): a small grid
  (d = 8, 16, 32, two samples per point, 1000 test points): for each d the
  smallest n at which the NTK minimum-norm interpolant (r_w = r_u = 1,
  n = c d^2) and a trained weakly-regularized net (width 16, lam = 1e-3,
  1500 GD steps, n = c d) reach 10% test error (interpolated in log n on a
  geometric grid), and the log-log exponents of these n*(d) with bootstrap
  intervals, against the predicted 2 (kernel) and 1 (net).
* ``sample_complexity_full`` (empirical, full): d = 8, 11, 16, 23, 32, three
  samples per point; six kernel predictors (interpolant and hard-margin SVM,
  (r_w, r_u) in {(1,1), (0,1), (1,0.1)}) on n = c d^2 and trained width-32
  nets (full-batch GD on (2.2), lam = 1e-3, 3000 steps) on n = c d, each
  n* fitted separately; figure of the learning curves and of n*(d).
* ``l1_svm_threshold`` (optimization, full): the same threshold for the
  l1-SVM of (B.15) (the infinite-width weakly-regularized net, Proposition
  B.11) by column generation over the sphere (HiGHS), d = 4..16; its test
  error drops to ~0 once the width-4 witness (margin 1/4) becomes the LP
  optimum; exponent of n*(d) against 1.

Verdict rule (experiments, declared): reproduced when each fitted exponent
is within +-0.35 of the prediction (finite-size tolerance: n*(d) = a d - b
with an offset, or a log factor, bends log-log slopes at these d) with a
bootstrap interval narrower than 1, and the exponent of n*_kernel/n*_net has
its 95% interval above 0 (the separation); refuted when an interval lies
entirely outside the tolerance band; otherwise inconclusive.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp
from threadpoolctl import threadpool_limits

from numerics.data import wei2019_D
from numerics.stats import loglog_slope
from theorems.wei2019._kernel_vs_net import kernel_test_errors, threshold, train_nets_on_D
from verify import Claim, Constant, Erratum, Evidence

CLAIM = Claim(
    id="wei2019.thm_2_1", paper="wei2019", label="Theorem 2.1", section="2", kind="theorem",
    statement=(
        "On D, with probability 1 - d^-5 over n <~ d^2 samples every NTK predictor (any beta, any "
        "r_w, r_u) has Omega(1) test error, while the minimiser of the weakly regularized "
        "(lam <= 1/poly(n)) logistic loss of a two-layer ReLU net with >= 4 units has test error "
        "<~ sqrt(d/n) ('good generalization with O(d^2) samples'), an Omega(d) sample gap."),
    depends_on=["wei2019.thm_B1", "wei2019.sec_B2_proof_thm_2_1", "wei2019.prop_D1",
                "wei2019.thm_C2"],
)

PAPER = {"nn_sample_exponent": 2, "kernel_sample_exponent": 2, "gap_exponent": 1,
         "nn_bound": "sqrt(d/n)"}
PREDICTED = {"kernel": 2.0, "net": 1.0}
EXPONENT_TOL = 0.35        # declared finite-size tolerance on fitted exponents
LEVEL = 0.10               # target test error defining n*(d)
SCALES = [(1.0, 1.0), (0.0, 1.0), (1.0, 0.1)]


@CLAIM.check(method="symbolic", tier="quick", established="corrected")
def statement_consistency(ctx, nn_sample_exponent=PAPER["nn_sample_exponent"],
                          kernel_sample_exponent=PAPER["kernel_sample_exponent"],
                          gap_exponent=PAPER["gap_exponent"], nn_bound=PAPER["nn_bound"]):
    """Sample sizes and gap implied by the displayed bounds, against the printed sentence."""
    d, n, eps, K, c = sp.symbols("d n epsilon K c", positive=True)
    bound = K * sp.sympify(nn_bound, locals={"d": d, "n": n})
    n_needed = sp.solve(sp.Eq(bound, eps), n)[0]                   # K^2 d / eps^2

    def d_exponent(expr):
        """The power of d in a monomial expression (sympy, exact)."""
        e = sp.expand_log(sp.log(expr), force=True)
        return sp.simplify(sp.diff(e, d) * d)

    a_derived = d_exponent(n_needed)
    gap_printed = kernel_sample_exponent - nn_sample_exponent
    gap_derived = kernel_sample_exponent - a_derived
    # is "O(d^a) samples" implied by the bound? at n = kappa d^a the bound must stay bounded in d
    # and vanish as kappa grows: the power of d must be <= 0 (and kappa enters with a negative power)
    kap = sp.Symbol("kappa", positive=True)
    at = bound.subs(n, kap * d ** sp.nsimplify(nn_sample_exponent))
    implied = bool(d_exponent(at) <= 0) and bool(sp.diff(sp.log(at), kap) < 0)
    # probability: exp(-c sqrt n) <= d^-5  <=>  n >= 25 log(d)^2 / c^2
    n_prob = sp.solve(sp.Eq(sp.exp(-c * sp.sqrt(n)), d ** -5), n)[0]
    # Theorem C.2 for the binary logistic loss (r = a = 2): lam = exp(-1) gamma_* n^-c
    observed = {"n for error eps from the displayed bound": str(n_needed),
                "exponent of d in that n": str(a_derived),
                "gap exponent with the printed O(d^a)": str(gap_printed),
                "gap exponent with the derived n": str(gap_derived),
                "printed sample size implied by the bound": bool(implied),
                "n from which exp(-c sqrt n) <= d^-5": str(sp.simplify(n_prob))}
    expected = {"net samples": f"O(d^{nn_sample_exponent})", "gap": f"Omega(d^{gap_exponent})"}
    if not implied:
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details=(f"at n = kappa d^{nn_sample_exponent} the displayed bound is "
                                 f"{at}, which grows with d: 'O(d^{nn_sample_exponent}) samples' "
                                 "does not follow"))
    consistent = sp.simplify(gap_printed - gap_exponent) == 0
    tight = sp.simplify(nn_sample_exponent - a_derived) == 0
    errata = [Erratum(
        kind="inconsistency",
        says=("Theorem 2.1: 'with probability 1 - d^-5 over the random draw of n <~ d^2 samples' "
              "(kernel half)"),
        correct=(f"Theorem B.1, from which the kernel half is taken, gives 1 - exp(-Omega(sqrt n)); "
                 f"that is >= 1 - d^-5 only for n >= {sp.simplify(n_prob)} (c the hidden constant), "
                 "is much stronger near n ~ d^2 (1 - exp(-Omega(d))) and says nothing as strong for "
                 "n <~ log^2 d; the net half's probability (1 - delta, delta = n^-5 in B.2) is not "
                 "stated at all (see sec_B2_proof_thm_2_1::probability_bookkeeping)"),
        evidence=f"sympy: exp(-c sqrt n) = d^-5 at n = {sp.simplify(n_prob)}")]
    if consistent and tight:
        return Evidence(verdict="proved", expected=expected, observed=observed, errata=errata,
                        details="the printed sample sizes and gap follow from the displayed bounds")
    corrected = ("the regularized net reaches test error eps with n = O(d/eps^2) samples "
                 "(K sqrt(d/n) <= eps), i.e. O(d) samples, which against the kernel's Omega(d^2) "
                 "gives the stated Omega(d) gap (as in Theorem 1.1 and the abstract)")
    errata.insert(0, Erratum(
        kind="inconsistency",
        says=f"Theorem 2.1: 'good generalization with O(d^{nn_sample_exponent}) samples'",
        correct=corrected,
        evidence=(f"sympy: K sqrt(d/n) = eps at n = {n_needed} (exponent {a_derived}); "
                  f"O(d^{nn_sample_exponent}) would give a gap d^{gap_printed}, not the printed "
                  f"Omega(d^{gap_exponent})")))
    return Evidence(verdict="corrected", expected=expected, observed=observed, errata=errata,
                    corrected=corrected,
                    details=(f"the displayed bound gives n ~ d^{a_derived}, so the printed "
                             f"O(d^{nn_sample_exponent}) is loose and makes the next sentence's "
                             f"Omega(d^{gap_exponent}) gap a non sequitur (d^{gap_printed}); with "
                             f"O(d) everything is consistent. lam: Theorem C.2 uses lam = "
                             f"e^-1 gamma_* n^-c for the binary logistic loss, i.e. any "
                             f"lam <= 1/poly(n) since gamma_* >= 1/8 on D."))


def _fit_threshold(dims, ns_by_d, errs_by_d, seed):
    """n*(d) per curve and the log-log exponent (pairs bootstrap over all curves)."""
    xs, ys, table = [], [], []
    for d in dims:
        for ns, errs in zip(ns_by_d[d], errs_by_d[d]):
            t = threshold(ns, errs, LEVEL)
            table.append({"d": d, "n*": t})
            if math.isfinite(t):
                xs.append(d)
                ys.append(t)
    fit = loglog_slope(np.array(xs, float), np.array(ys, float), seed=seed) \
        if len(set(xs)) >= 2 and len(xs) >= 3 else None
    return fit, table


def _kernel_curves(d, cs, rng, n_test, scales, svm, early_stop=True):
    """Learning curves on n = c d^2 (one sample per n) for the requested kernel predictors."""
    Xt, yt = wei2019_D(n_test, d, seed=int(rng.integers(2**31)))
    ns, curves = [], {}
    for cfac in cs:
        n = max(4, int(round(cfac * d * d)))
        X, y = wei2019_D(n, d, seed=int(rng.integers(2**31)))
        res = kernel_test_errors(X, y, Xt, yt, scales, svm=svm)
        ns.append(n)
        for key, v in res.items():
            curves.setdefault((key, "interpolant"), []).append(v["interpolant"])
            if svm:
                curves.setdefault((key, "svm"), []).append(v["svm"])
        if early_stop and all(e[-1] <= LEVEL / 2 for e in curves.values()):
            break
    return ns, curves


def _consistent(fit, pred):
    """Declared rule: point estimate within EXPONENT_TOL of the prediction, interval width < 1."""
    return abs(fit.slope - pred) <= EXPONENT_TOL and fit.hi - fit.lo < 1.0


def _excluded(fit, pred):
    return fit.hi < pred - EXPONENT_TOL or fit.lo > pred + EXPONENT_TOL


def _verdict(fits, rfits, expected, observed, table, details_extra=""):
    parts = []
    for name, (fit, pred) in fits.items():
        if fit is None:
            return Evidence(verdict="inconclusive", expected=expected, observed=observed,
                            table=table, details=f"{name}: too few finite thresholds to fit")
        parts.append(f"{name} n*(d) ~ d^{fit.slope:.2f} [{fit.lo:.2f}, {fit.hi:.2f}] "
                     f"(predicted {pred:g})")
    ok = all(_consistent(f, p) for f, p in fits.values())
    sep = all(r is not None and r.lo > 0 for r in rfits.values())
    parts += [f"n*_kernel/n*_net for {k}: ~ d^{r.slope:.2f} [{r.lo:.2f}, {r.hi:.2f}]"
              for k, r in rfits.items() if r is not None]
    details = "; ".join(parts) + details_extra
    if ok and sep:
        return Evidence(verdict="reproduced", expected=expected, observed=observed, table=table,
                        tolerance=(f"fitted exponents within +-{EXPONENT_TOL} of the prediction "
                                   "(interval width < 1); ratio exponent interval above 0. The "
                                   "exponents are read as tight (Theta), which is more than the "
                                   "theorem's one-sided Omega(d^2) for the kernel and O(d) for "
                                   "the net: the check asks whether the gap is real at these sizes"),
                        details=details)
    bad = any(_excluded(f, p) for f, p in fits.values())
    return Evidence(verdict="refuted" if bad else "inconclusive", expected=expected,
                    observed=observed, table=table, details=details)


def _ratio_fit(ktab, ntab, seed):
    """Exponent of n*_kernel / n*_net in d (paired by d and sample index): predicted 2 - 1 = 1."""
    xs, ys = [], []
    for d in sorted({r["d"] for r in ktab}):
        ks = [r["n*"] for r in ktab if r["d"] == d]
        nns = [r["n*"] for r in ntab if r["d"] == d]
        for a, b in zip(ks, nns):
            if math.isfinite(a) and math.isfinite(b):
                xs.append(d)
                ys.append(a / b)
    if len(set(xs)) < 2 or len(xs) < 3:
        return None
    return loglog_slope(np.array(xs, float), np.array(ys, float), seed=seed)


@CLAIM.check(method="empirical", tier="quick", established="reproduced")
def sample_complexity_quick(ctx, kernel_exponent=PREDICTED["kernel"],
                            net_exponent=PREDICTED["net"]):
    """n*(d) at 10% test error: NTK interpolant vs trained net, small grid."""
    dims = [8, 16, 32]
    samples = 2
    cs = [0.5, 0.71, 1.0, 1.41, 2.0]
    ratios = [2.0, 2.8, 4.0, 5.6, 8.0]
    k_ns, k_errs, n_ns, n_errs = {}, {}, {}, {}
    with threadpool_limits(1):
        for d in dims:
            k_ns[d], k_errs[d] = [], []
            for _ in range(samples):
                ns, curves = _kernel_curves(d, cs, ctx.rng, 1000, [(1.0, 1.0)], svm=False)
                k_ns[d].append(ns)
                k_errs[d].append(curves[((1.0, 1.0), "interpolant")])
            which, err, _ = train_nets_on_D(d, [int(round(r * d)) for r in ratios], samples,
                                            ctx.rng, width=16, lr=2.0, steps=1500,
                                            n_test=1000, device=ctx.device)
            n_ns[d] = [list(which[s::samples]) for s in range(samples)]
            n_errs[d] = [list(err[s::samples]) for s in range(samples)]
    kfit, ktab = _fit_threshold(dims, k_ns, k_errs, ctx.seed)
    nfit, ntab = _fit_threshold(dims, n_ns, n_errs, ctx.seed + 1)
    rfit = _ratio_fit(ktab, ntab, ctx.seed + 2)
    table = [dict(r, predictor="NTK interpolant") for r in ktab] + \
        [dict(r, predictor="trained net") for r in ntab]
    observed = {"kernel n*/d^2": [r["n*"] / r["d"] ** 2 for r in ktab],
                "net n*/d": [r["n*"] / r["d"] for r in ntab],
                "kernel exponent": None if kfit is None else [kfit.slope, kfit.lo, kfit.hi],
                "net exponent": None if nfit is None else [nfit.slope, nfit.lo, nfit.hi],
                "exponent of n*_kernel/n*_net": None if rfit is None else
                    [rfit.slope, rfit.lo, rfit.hi]}
    expected = f"n*_kernel ~ d^{kernel_exponent:g}, n*_net ~ d^{net_exponent:g}"
    setting = (f"quick grid d = {dims}, {samples} samples per point, 10% test error on 1000 "
               "fresh points; net: width 16, lam = 1e-3, 1500 full-batch GD steps, lr 2")
    if kfit is None or nfit is None or rfit is None:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=table,
                        details="too few finite thresholds; " + setting)
    return _verdict({"NTK interpolant": (kfit, kernel_exponent), "trained net": (nfit, net_exponent)},
                    {"interpolant": rfit}, expected, observed, table, details_extra="; " + setting)


@CLAIM.check(method="empirical", tier="full", established="reproduced", time_limit=2400)
def sample_complexity_full(ctx, kernel_exponent=PREDICTED["kernel"], net_exponent=PREDICTED["net"]):
    """n*(d) for six kernel predictors and trained nets, d = 8..32, three samples each."""
    dims = [8, 11, 16, 23, 32]
    seeds = 3
    cs = [0.35, 0.5, 0.71, 1.0, 1.41, 2.0, 2.83]
    ratios = [1.4, 2.0, 2.8, 4.0, 5.6, 8.0, 11.3]
    n_test = 2000
    kernel_curves = {}          # (scale, predictor) -> d -> list of (ns, errs)
    net_ns, net_errs = {}, {}
    with threadpool_limits(1):
        for d in dims:
            for _ in range(seeds):
                ns, curves = _kernel_curves(d, cs, ctx.rng, n_test, SCALES, svm=True)
                for key, errs in curves.items():
                    kernel_curves.setdefault(key, {}).setdefault(d, []).append((ns, errs))
            which, err, _ = train_nets_on_D(d, [int(round(r * d)) for r in ratios], seeds,
                                            ctx.rng, width=32, lr=2.0, steps=3000,
                                            n_test=n_test, device=ctx.device)
            net_ns[d], net_errs[d] = [], []
            for s in range(seeds):
                idx = np.arange(s, len(which), seeds)
                net_ns[d].append(list(which[idx]))
                net_errs[d].append(list(err[idx]))
    fits, table, observed = {}, [], {}
    for key, by_d in kernel_curves.items():
        f, tab = _fit_threshold(dims, {d: [c[0] for c in by_d[d]] for d in dims},
                                {d: [c[1] for c in by_d[d]] for d in dims}, ctx.seed)
        name = f"NTK {key[1]} (r_w, r_u) = {key[0]}"
        fits[name] = (f, kernel_exponent)
        table += [dict(r, predictor=name) for r in tab]
        observed[name] = None if f is None else [f.slope, f.lo, f.hi]
    nf, ntab = _fit_threshold(dims, net_ns, net_errs, ctx.seed + 1)
    rfits = {}
    for name in list(fits):
        ktab = [r for r in table if r["predictor"] == name]
        rfits[name] = _ratio_fit(ktab, ntab, ctx.seed + 2)
    fits["trained net"] = (nf, net_exponent)
    table += [dict(r, predictor="trained net") for r in ntab]
    observed["trained net"] = None if nf is None else [nf.slope, nf.lo, nf.hi]
    # figure
    import matplotlib
    import matplotlib.ticker
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(1, 3, figsize=(13, 3.8))
    for d in dims:
        ns, errs = kernel_curves[((1.0, 1.0), "interpolant")][d][0]
        ax[0].plot(np.array(ns) / d ** 2, errs, "o-", ms=3, label=f"d={d}")
        ax[1].plot(np.array(net_ns[d][0]) / d, net_errs[d][0], "o-", ms=3, label=f"d={d}")
    for a, lab in ((ax[0], "n / d^2  (NTK interpolant, r_w=r_u=1)"),
                   (ax[1], "n / d  (trained net)")):
        a.axhline(LEVEL, color="k", ls=":", lw=1)
        a.set_xscale("log")
        a.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        a.set_xlabel(lab)
        a.set_ylabel("test error")
        a.legend(fontsize=7)
    for name, marker in (("NTK interpolant (r_w, r_u) = (1.0, 1.0)", "s"), ("trained net", "o")):
        rows = [r for r in table if r["predictor"] == name and math.isfinite(r["n*"])]
        ax[2].loglog([r["d"] for r in rows], [r["n*"] for r in rows], marker, label=name, alpha=.7)
    dd = np.array(dims, float)
    ax[2].loglog(dd, dd ** 2, "k--", lw=1, label="d^2")
    ax[2].loglog(dd, 4 * dd, "k:", lw=1, label="4 d")
    ax[2].set_xlabel("d")
    ax[2].set_ylabel(f"n at {LEVEL:.0%} test error")
    ax[2].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(ctx.figure("sample_complexity.png"), dpi=90)
    plt.close(fig)
    expected = f"n*_kernel ~ d^{kernel_exponent:g}, n*_net ~ d^{net_exponent:g}"
    ev = _verdict(fits, rfits, expected, observed, table,
                  details_extra=(f" (d = {dims}, {seeds} samples per point; nets: width 32, "
                                 "lam = 1e-3, lr 2, 3000 full-batch GD steps from small init)"))
    kc = [f.slope for name, (f, p) in fits.items() if p == kernel_exponent and f is not None]
    k_ratio = [r["n*"] / r["d"] ** 2 for r in table
               if r["predictor"] != "trained net" and math.isfinite(r["n*"])]
    n_ratio = [r["n*"] / r["d"] for r in ntab if math.isfinite(r["n*"])]
    ev.constants = [Constant(
        name="n*(d) at 10% test error", where="Theorem 2.1 (kernel: n <~ d^2; net: sqrt(d/n))",
        stated="kernel fails for n <= c d^2 (c unspecified); net error <~ sqrt(d/n)",
        found=(f"kernel n*/d^2 in [{min(k_ratio):.2f}, {max(k_ratio):.2f}] (six predictors); "
               f"trained net n*/d in [{min(n_ratio):.2f}, {max(n_ratio):.2f}]"),
        how=f"interpolated thresholds; kernel exponents {np.round(kc, 2).tolist()}",
        certified=False)]
    return ev


@CLAIM.check(method="optimization", tier="full", established="reproduced", time_limit=2400)
def l1_svm_threshold(ctx, net_exponent=PREDICTED["net"]):
    """n*(d) of the l1-SVM (B.15) solution, d = 4..16, against exponent 1."""
    from numerics.svm import l1_svm_relu
    dims = [4, 6, 8, 11, 16]
    seeds = 2
    ratios = [1.4, 2.0, 2.8, 4.0, 5.6, 8.0]
    n_test = 2000
    ns_by_d, errs_by_d, rows = {}, {}, []
    with threadpool_limits(1):
        for d in dims:
            ns_by_d[d], errs_by_d[d] = [], []
            Xt, yt = wei2019_D(n_test, d, seed=int(ctx.rng.integers(2**31)))
            for _ in range(seeds):
                ns, errs = [], []
                for r in ratios:
                    n = int(round(r * d))
                    X, y = wei2019_D(n, d, seed=int(ctx.rng.integers(2**31)))
                    # a round limit (deterministic) with a generous wall-clock safety net
                    lp = l1_svm_relu(X, y, seed=int(ctx.rng.integers(2**31)), max_rounds=40,
                                     max_seconds=300)
                    e = float(np.mean(yt * lp.predict(Xt) <= 0))
                    ns.append(n)
                    errs.append(e)
                    rows.append({"d": d, "n": n, "test error": e, "margin lower": lp.lower,
                                 "margin upper": lp.upper, "converged": bool(lp.converged),
                                 "rounds": lp.rounds})
                    if len(errs) >= 2 and errs[-1] <= LEVEL / 2 and errs[-2] <= LEVEL:
                        break
                ns_by_d[d].append(ns)
                errs_by_d[d].append(errs)
    fit, tab = _fit_threshold(dims, ns_by_d, errs_by_d, ctx.seed)
    observed = {"n* by d": [[r["d"], r["n*"]] for r in tab],
                "exponent": None if fit is None else [fit.slope, fit.lo, fit.hi],
                "unconverged LPs": sum(not r["converged"] for r in rows)}
    expected = f"n*_l1-SVM ~ d^{net_exponent:g}"
    if fit is None:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=rows,
                        details="too few thresholds")
    inside = _consistent(fit, net_exponent)
    far = _excluded(fit, net_exponent)
    witness = sum(abs(r["margin lower"] - 0.25) < 1e-6 and r["test error"] <= 0.01 for r in rows)
    return Evidence(
        verdict="reproduced" if inside else ("refuted" if far else "inconclusive"),
        expected=expected, observed=observed, table=rows + tab, interval=[fit.lo, fit.hi],
        tolerance=f"exponent within +-{EXPONENT_TOL} of the prediction, interval width < 1",
        details=(f"l1-SVM threshold n*(d) ~ d^{fit.slope:.2f} [{fit.lo:.2f}, {fit.hi:.2f}] over "
                 f"d = {dims} ({seeds} samples each); n*/d between "
                 f"{min(r['n*'] / r['d'] for r in tab if math.isfinite(r['n*'])):.2f} and "
                 f"{max(r['n*'] / r['d'] for r in tab if math.isfinite(r['n*'])):.2f}; in {witness} "
                 f"runs the LP optimum found is the width-4 witness (margin 1/4, test error 0); "
                 f"brackets (lower/upper; the upper bound is not certified over the sphere in "
                 f"d > 2) in the table, {observed['unconverged LPs']} LPs stopped at the round "
                 "limit (40) before the dictionary bound closed."))


CLAIM.plant("statement_consistency", "net learns from O(sqrt(d)) samples", nn_sample_exponent=0.5)
CLAIM.plant("sample_complexity_quick", "kernel needs only ~d samples (exponent 1)",
            kernel_exponent=1.0)
CLAIM.plant("sample_complexity_quick", "net needs ~d^2 samples (exponent 2)", net_exponent=2.0)
CLAIM.plant("statement_consistency", "corrected statement: the net needs O(d) samples",
            expect="proved", nn_sample_exponent=1)
