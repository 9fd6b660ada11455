"""wei2019, Lemma B.3: the reduced kernel predictor f~ is large on a constant fraction of the cube.

Statement (our words). Let z_1..z_n be uniform on {-1,+1}^(d-2) and
f~(z; beta) = sum_i beta_i [(tau1 + tau2) K1~(z_i, z) + tau2 K2~(z_i, z)].
If n <= c' d^2 with c' small enough, then with probability
1 - exp(-Omega(sqrt n)) over the z_i, every beta satisfies

    Pr_z( |f~(z; beta)| >= 3 c (tau1 + tau2) / (2 d) * sum_i |beta_i| ) >= p0 > 0,

with c the constant of Lemma B.2 and p0 universal.

The proof, step by step: (a) f^ = sum_i beta_i g(z^T z_i/(d-1)) with the
quartic g of Lemma B.6 is within O(log^2.5 d/d^1.5)(tau1+tau2) sum|beta_i|
of f~ with probability 1 - d^-8 (union bound: n d^-10 <= d^-8 for n <= d^2);
(b) the x^2 coefficient of g(x/(d-1)) is (tau1 + tau2/2)/(pi (d-1)) and g
has nonnegative coefficients, so Lemma B.7 (in dimension d-2) gives
E_z f^^2 >= c2 (tau1+tau2)^2 ||beta||^2; (c) Cauchy-Schwarz and
n <= c2 d^2/(4 c^2) give E_z f^^2 >= 4 c^2 (tau1+tau2)^2 (sum|beta_i|)^2/d^2;
(d) Bonami (E f^^4 <= 9^4 (E f^^2)^2) and Paley-Zygmund at t = 3/4 give
|f^| >= (3/4) sqrt(E f^^2) >= 3c (tau1+tau2) sum|beta_i|/(2d) with
probability >= (1 - 9/16)^2/9^4; (e) the approximation error is then said to
carry this over to f~.

Checks
------
* ``constant_chain`` (symbolic): every printed step with sympy: the x^2
  coefficient; nonnegativity of g's coefficients; c2 >= C7/(16 pi^2) from
  Lemma B.7's constant C7 (d >= 3); Bonami's 9^4 for the degree 4 of g;
  the Cauchy-Schwarz step under
  n <= c2 d^2/(4c^2); the union bound; the composition
  (3/4) * 2c/d = 3c/(2d), which has zero slack, so step (e) does not follow
  as printed (the approximation error must be subtracted). The fix
  (n <= c2 d^2/(16 c^2), d large) is verified symbolically.
* ``probability_empirical`` (statistical): for d = 32..48 (quick), n = r d^2
  at r = 0.04 (about the largest ratio the proof's own chain admits with
  c = 2/pi: 0.037 in the Marchenko-Pastur limit for tau1 = tau2) and adversarial beta: the beta that
  minimises E f~^2/(sum|beta|)^2 (G^-1 s with s a locally optimal sign
  vector for s^T G^-1 s, G the exact second-moment matrix), the bottom
  eigenvector of G, and the minimum-norm kernel interpolants of the true and
  of random labels of D. Pr_z is estimated on 12000 fresh z with
  Clopper-Pearson intervals; f~ comes from the kernel engine, G from the
  exact Fourier/Krawtchouk formula (the Monte Carlo E f~^2 must agree with
  it within 4 standard errors); we fit the trend of the smallest
  probability against d: confirmed when the slope interval lies above the
  declared -1/2 and every lower bound exceeds the proof's constant.
  c is taken as 2/pi: the limit of d |f+ - 2 f~|/((tau1+tau2) |beta_i|) for
  one term at nu = 0 (h1''(0) = 2/pi for the K1 part, -1/pi for the K2 part),
  the smallest constant Lemma B.2 can have.
* ``probability_full`` (full tier): d up to 64 at r = 0.02, 0.04 (48 at 0.1,
  32 at 0.2), two tau settings, 30000 z per point, with a figure.
"""
from __future__ import annotations

from functools import lru_cache
from math import comb, pi

import numpy as np
import sympy as sp
from threadpoolctl import threadpool_limits

from numerics.data import wei2019_D
from numerics.kernels import ntk_two_layer, ntk_taus
from numerics.stats import binomial_ci, loglog_slope
from numerics.svm import kernel_min_norm_interpolant
from verify import Claim, Constant, Erratum, Evidence

CLAIM = Claim(
    id="wei2019.lemma_B3", paper="wei2019", label="Lemma B.3", section="B.1", kind="lemma",
    statement=(
        "For n at most a small constant times d^2, with probability 1 - exp(-Omega(sqrt n)) over "
        "the training points, every beta makes |f~(z; beta)| at least 3c(tau1+tau2)/(2d) times "
        "sum_i |beta_i| on a constant fraction of the (d-2)-cube, c the constant of Lemma B.2."),
    depends_on=["wei2019.lemma_B6", "wei2019.lemma_B7", "wei2019.sec_B1_bonami",
                "wei2019.sec_B1_anticoncentration", "wei2019.lemma_B2"],
)

d, n, c, c2, C7, tau1, tau2, t_sym = sp.symbols("d n c c2 C7 tau1 tau2 t", positive=True)
x = sp.Symbol("x", real=True)

# -- the paper's side, as printed
PAPER_G_TAU1 = {1: "1/2", 2: "1/pi", 4: "1/(6*pi)"}                  # g of Lemma B.6
PAPER_G_TAU2 = {0: "1/pi", 1: "1/2", 2: "1/(2*pi)", 4: "1/(24*pi)"}
PAPER_X2_COEFF = "(tau1 + tau2/2)/(pi*(d-1))"
PAPER_N_FACTOR = "1/4"          # n <= c2/(4 c^2) d^2
PAPER_T = "3/4"                 # |f^| >= (3/4) sqrt(E f^^2)
PAPER_THRESHOLD_FACTOR = "3/2"  # threshold 3c(tau1+tau2)/(2d) sum|beta|
PAPER_BONAMI = "9**4"
C_LEMMA_B2 = 2 / pi             # the constant c of Lemma B.2 (its smallest admissible value)
PZ_FLOOR = float(sp.Rational(49, 1679616))    # (1 - 9/16)^2 / 9^4, the proof's Omega(1)
DECAY = -0.5      # declared: a smallest probability decaying faster than d^-1/2 is not Omega(1)
MC_SIGMAS = 4     # Monte Carlo vs exact E f~^2: agreement within 4 standard errors


def _poly(coeffs):
    return sum(sp.sympify(v) * x ** int(k) for k, v in coeffs.items())


@CLAIM.check(method="symbolic", tier="quick", established="proved", scope="step")
def constant_chain(ctx, x2_coefficient=PAPER_X2_COEFF, n_factor=PAPER_N_FACTOR, t=PAPER_T,
                   threshold_factor=PAPER_THRESHOLD_FACTOR, bonami=PAPER_BONAMI):
    """The printed chain of constants, step by step, with sympy."""
    steps, wrong = [], []
    g = tau1 * (d - 1) * _poly(PAPER_G_TAU1) + tau2 * (d - 1) * _poly(PAPER_G_TAU2)
    gs = sp.expand(g.subs(x, x / (d - 1)))
    # (b) the x^2 coefficient and the signs of the coefficients
    a2 = sp.cancel(gs.coeff(x, 2))
    ok = sp.cancel(a2 - sp.sympify(x2_coefficient, locals={"d": d, "tau1": tau1, "tau2": tau2})) == 0
    steps.append({"step": "x^2 coefficient of g(x/(d-1))", "printed": x2_coefficient,
                  "sympy": str(a2), "holds": ok})
    wrong += [] if ok else ["x^2 coefficient"]
    coeffs = [sp.cancel(gs.coeff(x, k)) for k in range(5)]
    # each coefficient of g(x/(d-1)) is (d-1)^(1-k) times a combination of tau1, tau2 with the
    # printed coefficients as weights: nonnegative iff those are
    printed = [sp.sympify(v) for v in list(PAPER_G_TAU1.values()) + list(PAPER_G_TAU2.values())]
    nonneg = all(v >= 0 for v in printed)
    steps.append({"step": "coefficients of g(x/(d-1)) are >= 0", "sympy": [str(v) for v in coeffs],
                  "holds": bool(nonneg),
                  "note": "the constant term tau2 (d-1)/pi is outside Lemma B.7's g = sum_{j>=1} "
                          "(harmless: see lemma_B7)"})
    # c2 from Lemma B.7 in dimension d-2: a2^2 (d-2)^2 >= (tau1+tau2)^2 /(16 pi^2) for d >= 3
    gap = sp.expand((tau1 + tau2 / 2) ** 2 - (tau1 + tau2) ** 2 / 4)
    half = sp.solve_univariate_inequality((d - 2) / (d - 1) >= sp.Rational(1, 2), d,
                                          relational=False)
    c2_ok = sp.expand(gap) == sp.expand(sp.Rational(3, 4) * tau1 ** 2 + tau1 * tau2 / 2) and \
        sp.Interval(3, sp.oo).is_subset(half)
    steps.append({"step": "c2 = C7 a_2^2 (d-2)^2 /(tau1+tau2)^2 >= C7/(16 pi^2)",
                  "sympy": f"(tau1+tau2/2)^2 - (tau1+tau2)^2/4 = {gap}; (d-2)/(d-1) >= 1/2 on {half}",
                  "holds": bool(c2_ok)})
    # (c) Cauchy-Schwarz + n <= factor * c2 d^2 / c^2  =>  c2/n >= c^2/(factor d^2)
    fac = sp.sympify(n_factor)
    bound_at_n = sp.cancel(c2 / (fac * c2 * d ** 2 / c ** 2))          # c2/n at the largest n
    target = 4 * c ** 2 / d ** 2
    cs_ok = bool(sp.cancel((bound_at_n - target) * d ** 2 / c ** 2) >= 0)
    steps.append({"step": "n <= factor c2 d^2/c^2 => c2/n >= 4c^2/d^2",
                  "printed factor": n_factor, "c2/n at the largest n": str(bound_at_n),
                  "holds": bool(cs_ok)})
    # (d) t sqrt(E f^2) >= t * sqrt(c2/n) * ... >= threshold
    tt = sp.sympify(t)
    achieved = sp.cancel(sp.powdenest(tt * sp.sqrt(bound_at_n), force=True) * d / c)          # in units of c(tau1+tau2)/d sum|beta|
    thr = sp.sympify(threshold_factor)
    slack = sp.nsimplify(achieved - thr)
    steps.append({"step": "t sqrt(E f^^2) >= threshold (units c(tau1+tau2) sum|beta|/d)",
                  "achieved": str(achieved), "threshold": str(thr), "slack": str(slack),
                  "holds": bool(slack >= 0)})
    if slack < 0:
        wrong.append("composition (d)")
    # Bonami's lemma for a multilinear polynomial of degree k in the z_j: E f^4 <= 9^k (E f^2)^2;
    # f^ has the degree of g (powers of z_j above 1 reduce, so the degree does not grow)
    deg = sp.degree(sp.expand(g), x)
    bonami_ok = sp.simplify(sp.sympify(bonami) - 9 ** deg) == 0
    steps.append({"step": "Bonami: E f^^4 <= 9^deg(g) (E f^^2)^2", "printed": bonami,
                  "degree of g": int(deg), "holds": bool(bonami_ok)})
    if not bonami_ok:
        wrong.append("Bonami constant")
    # Paley-Zygmund constant
    pz = (1 - tt ** 2) ** 2 / sp.sympify(bonami)
    steps.append({"step": "Omega(1) = (1 - t^2)^2 / 9^4", "value": str(pz), "holds": bool(pz > 0)})
    if not pz > 0:
        wrong.append("Paley-Zygmund constant is 0")
    # union bound n d^-10 <= d^-8 for n <= d^2
    ub = sp.cancel(d ** 2 * d ** -10 - d ** -8)
    steps.append({"step": "union bound n d^-10 <= d^-8 for n <= d^2", "sympy": str(ub),
                  "holds": ub == 0})
    # the fix: factor 1/16 leaves slack 3c/(2d) for the O(log^2.5 d / d^1.5) error
    fixed = sp.nsimplify(sp.cancel(sp.powdenest(tt * sp.sqrt(sp.cancel(16 * c ** 2 / d ** 2)), force=True) * d / c) - thr)
    err_term = sp.log(d) ** sp.Rational(5, 2) / d ** sp.Rational(3, 2)
    absorbed = bool(fixed > 0) and sp.limit(err_term * d, d, sp.oo) == 0
    steps.append({"step": "fix: n <= c2 d^2/(16 c^2)", "slack (units c/d)": str(fixed),
                  "error/slack -> 0": bool(absorbed)})
    expected = "the printed chain composes up to the threshold 3c(tau1+tau2)/(2d) sum|beta|"
    wrong += [name for name, ok_ in (("coefficient signs", nonneg), ("c2 from Lemma B.7", c2_ok),
                                     ("Cauchy-Schwarz step", cs_ok)) if not ok_]
    if wrong:
        return Evidence(verdict="refuted", expected=expected, observed=steps, table=steps,
                        details="steps that fail: " + ", ".join(wrong))
    errata = []
    if slack == 0:
        errata.append(Erratum(
            kind="missing condition",
            says="n <= c2 d^2/(4c^2) gives |f^| >= 3c(tau1+tau2)/(2d) sum|beta_i| and, since "
                 "|f^ - f~| <~ log^2.5(d)/d^1.5 (tau1+tau2) sum|beta_i|, |f~| >= the same threshold",
            correct="the chain reaches the threshold with zero slack, so subtracting the "
                    "approximation error leaves |f~| >= 3c/(2d) - C log^2.5(d)/d^1.5 (times "
                    "(tau1+tau2) sum|beta_i|), below the threshold. Take n <= c2 d^2/(16 c^2): "
                    "then |f^| >= 3c(tau1+tau2) sum|beta_i|/d and |f~| >= 3c(tau1+tau2) "
                    "sum|beta_i|/(2d) once C log^2.5(d)/sqrt(d) <= 3c/2 (d large); the lemma's "
                    "statement ('n <~ d^2 sufficiently small') is unaffected",
            evidence="sympy: (3/4) sqrt(4c^2/d^2) d/c - 3/2 = 0 exactly; with 1/16 the slack is "
                     "3/2 (units c/d) and log^2.5(d)/d^1.5 divided by it tends to 0"))
    return Evidence(verdict="proved", expected=expected, observed=steps, table=steps, errata=errata,
                    details="every printed inequality composes (sympy); the last step (transfer to "
                            "f~) needs slack the printed constants do not leave, fixed by a 4x "
                            "smaller n.")


CLAIM.plant("constant_chain", "x^2 coefficient (tau1 + tau2)/(pi (d-1))",
            x2_coefficient="(tau1 + tau2)/(pi*(d-1))")
CLAIM.plant("constant_chain", "condition n <= c2 d^2/(2c^2)", n_factor="1/2")
CLAIM.plant("constant_chain", "anticoncentration at 1/2 sqrt(E f^2)", t="1/2")
CLAIM.plant("constant_chain", "Bonami constant 9^2 (degree 2)", bonami="9**2")


# -- the empirical check ----------------------------------------------------

def h1(v):
    return v * (1 - np.arccos(np.clip(v, -1, 1)) / pi)


def h2(v):
    return np.sqrt(np.clip(1 - v * v, 0, None)) / pi


@lru_cache(maxsize=None)
def krawtchouk_table(m: int) -> np.ndarray:
    K = np.zeros((m + 1, m + 1))
    for k in range(m + 1):
        for s in range(m + 1):
            K[s, k] = float(sum((-1) ** j * comb(k, j) * comb(m - k, s - j)
                                for j in range(min(k, s) + 1)))
    return K


def exact_gram(Z, phi):
    """G_ij = E_z[phi(z^T z_i) phi(z^T z_j)] exactly: Fourier levels of phi(sum z) + Krawtchouk."""
    nn, m = Z.shape
    K = krawtchouk_table(m)
    k = np.arange(m + 1)
    w = np.array([comb(m, kk) for kk in k], float) / 2.0 ** m
    hat = (K * (w * phi((m - 2 * k).astype(float)))[None, :]).sum(1) / \
        np.array([comb(m, s) for s in range(m + 1)], float)
    per_k = (hat ** 2) @ K
    T = Z @ Z.T
    return per_k[np.rint((m - T) / 2).astype(int)]


def l1_adversary(G, starts=6):
    """beta minimising beta^T G beta/||beta||_1^2: G^-1 s for a locally optimal sign vector s."""
    Gi = np.linalg.inv(G)
    _, V = np.linalg.eigh(G)
    best = None
    for j in range(min(starts, len(G))):
        s = np.sign(V[:, j])
        s[s == 0] = 1
        for _ in range(3 * len(G)):
            delta = -4 * s * (Gi @ s) + 4 * np.diag(Gi)
            i = int(np.argmax(delta))
            if delta[i] <= 1e-12 * abs(s @ Gi @ s):
                break
            s[i] = -s[i]
        val = s @ Gi @ s
        if best is None or val > best[0]:
            best = (val, s.copy())
    return Gi @ best[1], V[:, 0]


def one_instance(ctx, dim, r, r_w, r_u, n_z, c, threshold_factor, threshold_exponent):
    m = dim - 2
    nn = max(2, int(round(r * dim * dim)))
    t1, t2 = ntk_taus(r_w, r_u)
    X, y = wei2019_D(nn, dim, seed=int(ctx.rng.integers(2 ** 31)))
    Z = X[:, 2:]

    def phi(t):
        return (dim - 1) * ((t1 + t2) * h1(t / (dim - 1)) + t2 * h2(t / (dim - 1)))
    G = exact_gram(Z, phi)
    try:
        b_adv, b_eig = l1_adversary(G)
    except np.linalg.LinAlgError:
        return None
    K = ntk_two_layer(X, r_w=r_w, r_u=r_u)
    y_rand = np.where(ctx.rng.random(nn) < 0.5, -1.0, 1.0)
    b_int = kernel_min_norm_interpolant(K, y, on_singular="pinv").beta
    b_rnd = kernel_min_norm_interpolant(K, y_rand, on_singular="pinv").beta
    zs = np.where(ctx.rng.random((n_z, m)) < 0.5, -1.0, 1.0)
    A = np.hstack([np.zeros((nn, 1)), np.ones((nn, 1)), Z])          # (0, 1, z_i)
    B = np.hstack([np.ones((n_z, 1)), np.zeros((n_z, 1)), zs])      # (1, 0, z)
    F = ntk_two_layer(B, A, r_w=r_w, r_u=r_u)                        # f~ kernel values
    out = []
    for name, b in (("l1-adversarial", b_adv), ("bottom eigenvector", b_eig),
                    ("interpolant of D's labels", b_int), ("interpolant of random labels", b_rnd)):
        l1 = float(np.abs(b).sum())
        f = F @ b
        thr = threshold_factor * c * (t1 + t2) / dim ** threshold_exponent * l1
        k = int((np.abs(f) >= thr).sum())
        lo, hi = binomial_ci(k, n_z, level=0.95)
        q = float(b @ G @ b) * dim ** 2 / ((t1 + t2) * l1) ** 2
        scale = dim ** 2 / ((t1 + t2) * l1) ** 2
        q_mc = float(np.mean(f ** 2)) * scale
        q_se = float(np.std(f ** 2, ddof=1)) / np.sqrt(n_z) * scale
        out.append({"d": dim, "n": nn, "r": r, "tau": [t1, t2], "beta": name,
                    "Pr_z(|f~| >= thr)": k / n_z, "95% CI": [lo, hi],
                    "E f~^2 d^2/((tau1+tau2)|beta|_1)^2 exact": q, "same, Monte Carlo": q_mc,
                    "Monte Carlo s.e.": q_se,
                    "lambda_min(G) d^2/((tau1+tau2)^2 n)": float(np.linalg.eigvalsh(G)[0]) * dim ** 2
                    / ((t1 + t2) ** 2 * nn)})
    return out


def decide_probability(ctx, rows, dims, ratio, label, n_z):
    """Smallest probability over beta per (d, draw, tau); its trend in d per tau setting.

    The trend is fitted where n >= d: below that the training set cannot cancel the
    degree-1 part of f~ (n < d - 2 linear features), which inflates the probability and
    fakes a decay as d grows (the asymptotic regime of the lemma is n ~ c d^2 >> d).
    """
    at_r = [x for x in rows if x["r"] == ratio]
    per = {}
    for x in at_r:
        key = (x["d"], x.get("draw", 0), tuple(x["tau"]))
        per.setdefault(key, []).append(x)
    mins = [(k, min(v, key=lambda z: z["Pr_z(|f~| >= thr)"])) for k, v in per.items()]
    lows = [m_[1]["95% CI"][0] for m_ in mins]
    fits = {}
    for tau in sorted({k[2] for k, _ in mins}):
        pts = [(k[0], max(b["Pr_z(|f~| >= thr)"], 0.5 / n_z)) for k, b in mins
               if k[2] == tau and b["n"] >= b["d"]]
        ds = np.array([p_[0] for p_ in pts], float)
        fits[tau] = (loglog_slope(ds, [p_[1] for p_ in pts], seed=ctx.seed)
                     if len(set(ds)) >= 2 and len(ds) >= 3 else None)
    ps = np.array([b["Pr_z(|f~| >= thr)"] for _, b in mins])
    mc_ok = all(abs(x["same, Monte Carlo"] - x["E f~^2 d^2/((tau1+tau2)|beta|_1)^2 exact"])
                <= MC_SIGMAS * x["Monte Carlo s.e."] + 1e-9 for x in at_r)
    return fits, min(lows), ps, mc_ok, mins


def probability_evidence(ctx, rows, dims, ratio, label, n_z):
    fits, low, ps, mc_ok, mins = decide_probability(ctx, rows, dims, ratio, label, n_z)
    expected = (f"min over beta of Pr_z(|f~| >= {label}) >= p0 > 0 for n = {ratio} d^2, "
                f"uniformly in d")
    observed = {"smallest probability per (d, draw, tau)":
                    [[int(k[0]), list(k[2]), b["beta"], b["Pr_z(|f~| >= thr)"]] for k, b in mins],
                "smallest 95% lower bound": low,
                "slope of the smallest probability in d (n >= d), per tau":
                    {str(list(t_)): (None if f is None else [f.slope, f.lo, f.hi])
                     for t_, f in fits.items()}}
    if not mc_ok:
        return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=rows,
                        details="Monte Carlo E f~^2 (kernel engine) disagrees with the exact "
                                f"Fourier second moment by more than {MC_SIGMAS} standard errors")
    qs = [x["E f~^2 d^2/((tau1+tau2)|beta|_1)^2 exact"] for x in rows if x["r"] == ratio]
    constants = [
        Constant(name="Omega(1) in Lemma B.3 (probability)", where="Lemma B.3",
                 stated=f"Omega(1); the proof gives (1-9/16)^2/9^4 = {PZ_FLOOR:.3g}",
                 found=f"min over adversarial beta: {min(ps):.3f} at n = {ratio} d^2 "
                       f"(d = {min(dims)}..{max(dims)}), c = 2/pi",
                 how=f"Monte Carlo over {n_z} z per point, Clopper-Pearson", certified=False),
        Constant(name="constant in n <~ d^2 (Lemma B.3)", where="Lemma B.3",
                 stated="sufficiently small (proof: c2/(4c^2))",
                 found=f"the proof's chain needs lambda_min(G) d^2/((tau1+tau2)^2 n) >= 4c^2 = "
                       f"{4 * C_LEMMA_B2 ** 2:.3f}, i.e. (with lambda_min from Lemma B.7's "
                       "Marchenko-Pastur limit) n/d^2 <= 0.037 for tau1 = tau2 and <= 0.02 as "
                       "tau1 -> 0. Smallest probability over beta at the largest "
                       "d, per n/d^2 and tau: " + "; ".join(
                           f"r={r_}, tau={list(t_)}: {pmin:.3g} (d={dmax})"
                           for r_, t_, dmax, pmin in sorted(
                               {(x["r"], tuple(x["tau"]), max(y["d"] for y in rows if y["r"] == x["r"]),
                                 min(y["Pr_z(|f~| >= thr)"] for y in rows
                                     if y["r"] == x["r"] and tuple(y["tau"]) == tuple(x["tau"])
                                     and y["d"] == max(z["d"] for z in rows if z["r"] == x["r"])))
                                for x in rows}))
                       + "; it vanishes for n/d^2 > 1/2 (lemma_B7)",
                 how="exact second-moment matrix and adversarial beta", certified=False)]
    if any(f is not None and f.hi < DECAY for f in fits.values()):
        return Evidence(verdict="refuted", expected=expected, observed=observed, table=rows,
                        details="the smallest probability decays with d: slopes "
                                + ", ".join(f"{f.slope:.2f} [{f.lo:.2f}, {f.hi:.2f}]"
                                            for f in fits.values() if f is not None))
    if all(f is not None and f.lo > DECAY for f in fits.values()) and low > PZ_FLOOR:
        slopes = "; ".join(f"tau = {list(t_)}: {f.slope:.2f} [{f.lo:.2f}, {f.hi:.2f}]"
                           for t_, f in fits.items())
        return Evidence(verdict="confirmed", expected=expected, observed=observed, table=rows,
                        constants=constants,
                        tolerance=(f"slope interval of the smallest probability vs the declared "
                                   f"d^{DECAY}; 95% Clopper-Pearson bounds vs the proof's "
                                   f"{PZ_FLOOR:.2g}; Monte Carlo vs exact E f~^2 within "
                                   f"{MC_SIGMAS} s.e."),
                        details=(f"at n = {ratio} d^2 the smallest probability over adversarial "
                                 f"beta is {min(ps):.3f}; over d = {min(dims)}..{max(dims)} it "
                                 f"falls more slowly than the declared d^{DECAY} (slopes over "
                                 f"d with n >= d: {slopes}; a slope interval below 0 is a slow "
                                 "drift these sizes cannot resolve from a positive limit); "
                                 f"every 95% lower "
                                 f"bound exceeds the proof's constant {PZ_FLOOR:.2g}; normalised "
                                 f"second moments E f~^2 d^2/((tau1+tau2)|beta|_1)^2 range over "
                                 f"[{min(qs):.2f}, {max(qs):.2f}] (threshold^2 = "
                                 f"{(1.5 * C_LEMMA_B2) ** 2:.2f})."))
    return Evidence(verdict="inconclusive", expected=expected, observed=observed, table=rows,
                    details="no clear trend of the smallest probability")


@CLAIM.check(method="statistical", tier="quick", established="confirmed")
def probability_empirical(ctx, ratio=0.04, threshold_factor=1.5, threshold_exponent=1.0):
    """Pr_z(|f~| >= 3c(tau1+tau2)/(2d) sum|beta|) for adversarial beta, over d."""
    dims = [32, 40, 48]
    n_z = 12000
    rows = []
    with threadpool_limits(limits=1):
        for dim in dims:
            for draw in range(2):
                out = one_instance(ctx, dim, ratio, 1.0, 1.0, n_z, C_LEMMA_B2, threshold_factor,
                                   threshold_exponent)
                for o in out or []:
                    o["draw"] = draw
                rows += out or []
    label = (f"{threshold_factor:g} c (tau1+tau2)/d^{threshold_exponent:g} sum|beta|")
    return probability_evidence(ctx, rows, dims, ratio, label, n_z)


@CLAIM.check(method="statistical", tier="full", established="confirmed", time_limit=1800)
def probability_full(ctx, ratio=0.04, threshold_factor=1.5, threshold_exponent=1.0):
    """Larger d, several ratios and two tau settings; the decision at the proof's ratio."""
    dims = [16, 24, 32, 48, 64]
    plan = {0.02: dims, ratio: dims, 0.1: dims[:4], 0.2: dims[:3]}
    n_z = 30000
    rows = []
    with threadpool_limits(limits=1):
        for r, ds in plan.items():
            for dim in ds:
                for (r_w, r_u) in ((1.0, 1.0), (0.3, 1.4)):
                    for draw in range(2):
                        out = one_instance(ctx, dim, r, r_w, r_u, n_z, C_LEMMA_B2,
                                           threshold_factor, threshold_exponent)
                        for o in out or []:
                            o["draw"] = draw
                        rows += out or []
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    for r in sorted({x["r"] for x in rows}):
        xs = sorted({x["d"] for x in rows if x["r"] == r})
        ys = [min(x["Pr_z(|f~| >= thr)"] for x in rows if x["r"] == r and x["d"] == dd) for dd in xs]
        ax.semilogy(xs, np.maximum(ys, 1e-5), "o-", label=f"n = {r} d^2")
    ax.axhline(PZ_FLOOR, color="k", ls="--", label="proof's constant 49/(256*9^4)")
    ax.set_xlabel("d"), ax.set_ylabel("min over beta of Pr_z(|f~| >= threshold)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(ctx.figure("lemma_B3_probability.png"), dpi=90)
    plt.close(fig)
    label = (f"{threshold_factor:g} c (tau1+tau2)/d^{threshold_exponent:g} sum|beta|")
    return probability_evidence(ctx, rows, dims, ratio, label, n_z)


CLAIM.plant("probability_empirical", "threshold 3c(tau1+tau2)/(2 sqrt d) sum|beta| (exponent 1/2)",
            threshold_exponent=0.5)
