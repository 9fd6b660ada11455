"""arora2019, Section 3.4: the matrices Z and H = Z^T Z, and vec(grad Phi) = Z (u - y).

Statement (our words). Stack, for every neuron r and sample i, the d-vector
(1/sqrt(m)) I_{r,i} a_r x_i into a block matrix Z whose rows are indexed by
neuron (and coordinate) and whose columns are indexed by sample, with
I_{r,i} = 1{w_r^T x_i >= 0}. Then H = Z^T Z has entries

    H_ij = (x_i^T x_j / m) sum_r I_{r,i} I_{r,j},

and the gradient of Phi, vectorised column by column from W = (w_1..w_m) in
R^{d x m}, is vec(grad Phi(W)) = Z (u - y).

The paper writes Z in R^{m x n}; each block is a d-vector, so Z has md rows
(an erratum, kind typo).

Checks
------
* ``gram_entries`` (symbolic, one step): with symbolic 0/1 indicators,
  symbolic signs a_r (a_r^2 = 1) and symbolic inputs, sympy expands
  (Z^T Z)_ij for m = 3 neurons, n = 2 samples in d = 2 and subtracts the
  printed entry formula. It proves the H part only; the gradient identity is
  checked numerically below, so the claim as a whole is confirmed, not proved.
* ``vectorised_gradient`` (numeric): Z built from its definition (this
  module's ``build_Z``, column-first vec) times (u - y) against the gradient
  of Phi computed by torch autograd on W in R^{d x m} and vectorised in
  column-first order, at random W (no pre-activation is exactly 0); also the
  shape of Z.
"""
from __future__ import annotations

import numpy as np
import sympy as sp
import torch

from numerics.data import sphere
from verify import Claim, Erratum, Evidence

CLAIM = Claim(
    id="arora2019.eq_Z_H", paper="arora2019", label="Definition of Z and H (Section 3.4)",
    section="3.4", kind="equation",
    statement=(
        "Z collects the blocks (1/sqrt(m)) I_{r,i} a_r x_i (neuron r down, sample i across), "
        "H = Z^T Z has entries (x_i^T x_j/m) sum_r I_{r,i} I_{r,j}, and the column-first "
        "vectorised gradient of Phi equals Z (u - y)."),
    depends_on=["arora2019.eq_5"],
)

PAPER_Z_SCALE = "1/sqrt(m)"                      # the factor in front of Z
PAPER_H_ENTRY = "x_i.x_j/m * sum_r I_ri I_rj"   # the printed entry formula
REL_TOL = 1e-12                                  # float64, sums of O(m n d) terms


def z_scale_value(expr: str, m):
    """The printed scale factor of Z as a number (or sympy expression) at width m."""
    return sp.sympify(expr, locals={"m": m}) if isinstance(m, sp.Basic) else \
        float(sp.sympify(expr).subs(sp.Symbol("m"), m))


def build_Z(W, a, X, scale=PAPER_Z_SCALE, vec_order="column"):
    """Z of Section 3.4 for W in R^{d x m} (columns w_r), a in R^m, X with rows x_i.

    ``vec_order="column"``: the row index of Z follows vec(W) in column-first
    order, i.e. (neuron r, coordinate c) -> r d + c; ``"row"``: row-first
    order, c m + r. Returns an (m d, n) array.
    """
    W, a, X = np.asarray(W, float), np.asarray(a, float), np.asarray(X, float)
    d, m = W.shape
    n = X.shape[0]
    ind = (X @ W >= 0).astype(float)                       # (n, m): I_{r,i}
    blocks = ind.T[:, :, None] * a[:, None, None] * X[None, :, :]   # (m, n, d): block (r, i)
    s = z_scale_value(scale, m)
    if vec_order == "column":
        return s * blocks.transpose(0, 2, 1).reshape(m * d, n)
    if vec_order == "row":
        return s * blocks.transpose(2, 0, 1).reshape(d * m, n)
    raise ValueError(f"vec_order must be 'column' or 'row'; got {vec_order!r}")


def gram_H(W, X):
    """H_ij = (x_i^T x_j / m) sum_r I_{r,i} I_{r,j} (the printed entry formula)."""
    Wt = torch.as_tensor(np.asarray(W, float))
    Xt = torch.as_tensor(np.asarray(X, float))
    ind = (Xt @ Wt >= 0).double()                 # torch: single-threaded under the runner
    return ((Xt @ Xt.T) * (ind @ ind.T)).numpy() / Wt.shape[1]


def autograd_gradient(W, a, X, y):
    """grad_W Phi by torch autograd, Phi = 1/2 ||y - f||^2, f = a^T relu(W^T x)/sqrt(m); (d, m)."""
    Wt = torch.tensor(np.asarray(W, float), requires_grad=True)
    at, Xt, yt = (torch.as_tensor(np.asarray(v, float)) for v in (a, X, y))
    f = torch.relu(Xt @ Wt) @ at / np.sqrt(Wt.shape[1])
    phi = 0.5 * ((yt - f) ** 2).sum()
    (g,) = torch.autograd.grad(phi, Wt)
    return g.numpy(), f.detach().numpy()


@CLAIM.check(method="symbolic", tier="quick", established="proved", scope="step")
def gram_entries(ctx, z_scale=PAPER_Z_SCALE, entry_scale="1/m", with_inner_product=True):
    """(Z^T Z)_ij expanded by sympy against the printed H_ij."""
    m, n, d = 3, 2, 2
    msym = sp.Integer(m)
    I = [[sp.Symbol(f"I_{r}{i}") for i in range(n)] for r in range(m)]
    a = [sp.Symbol(f"a_{r}") for r in range(m)]
    x = [[sp.Symbol(f"x_{i}{c}") for c in range(d)] for i in range(n)]
    s = sp.sympify(z_scale, locals={"m": msym})
    Z = sp.zeros(m * d, n)
    for r in range(m):
        for i in range(n):
            for c in range(d):
                Z[r * d + c, i] = s * I[r][i] * a[r] * x[i][c]
    ZtZ = Z.T * Z
    es = sp.sympify(entry_scale, locals={"m": msym})
    rules = {a_r ** 2: 1 for a_r in a}                        # a_r in {-1, +1}
    rules.update({I[r][i] ** 2: I[r][i] for r in range(m) for i in range(n)})   # 0/1
    gaps = {}
    for i in range(n):
        for j in range(n):
            ip = sum(x[i][c] * x[j][c] for c in range(d)) if with_inner_product else 1
            printed = ip * es * sum(I[r][i] * I[r][j] for r in range(m))
            gaps[(i, j)] = sp.expand(sp.expand(ZtZ[i, j] - printed).subs(rules))
    bad = {k: v for k, v in gaps.items() if v != 0}
    expected = f"(Z^T Z)_ij = {'x_i.x_j ' if with_inner_product else ''}({entry_scale}) sum_r I_ri I_rj"
    observed = {f"H_{i}{j} - printed": str(v) for (i, j), v in gaps.items()}
    if bad:
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details=f"with Z scaled by {z_scale}, the expansion of Z^T Z differs from "
                                f"the printed entries (m = {m}, n = {n}, d = {d} symbolic)")
    return Evidence(verdict="proved", expected=expected, observed=observed,
                    details=f"exact expansion for m = {m}, n = {n}, d = {d} with symbolic indicators "
                            "(I^2 = I), signs (a_r^2 = 1) and inputs; the identity is entrywise in r, "
                            "so it holds for every m, n, d.")


@CLAIM.check(method="numeric", tier="quick", established="confirmed")
def vectorised_gradient(ctx, z_scale=PAPER_Z_SCALE, vec_order="column"):
    """Z (u - y) from the definition of Z against vec(autograd gradient)."""
    rows = []
    worst = 0.0
    for (n, d, m) in [(5, 3, 7), (8, 6, 40), (12, 10, 200)]:
        X = sphere(n, d, seed=int(ctx.rng.integers(2**31)))
        W = 0.7 * ctx.rng.standard_normal((d, m))
        a = ctx.rng.choice([-1.0, 1.0], size=m)
        y = ctx.rng.uniform(-1, 1, size=n)
        g, u = autograd_gradient(W, a, X, y)
        vec_g = g.flatten(order="F")                   # column-first vec of W in R^{d x m}
        Z = build_Z(W, a, X, scale=z_scale, vec_order=vec_order)
        pred = Z @ (u - y)
        rel = float(np.abs(pred - vec_g).max() / np.abs(vec_g).max())
        H_rel = float(np.abs(Z.T @ Z - gram_H(W, X)).max() / np.abs(gram_H(W, X)).max())
        min_pre = float(np.abs(X @ W).min())
        worst = max(worst, rel, H_rel)
        rows.append({"n": n, "d": d, "m": m, "Z shape": list(Z.shape),
                     "max rel |Z(u-y) - vec grad|": rel, "max rel |Z^T Z - H entries|": H_rel,
                     "min |w_r^T x_i|": min_pre})
    expected = f"vec(grad Phi) = Z (u - y), Z scaled by {z_scale}, vec {vec_order}-first"
    errata = [Erratum(
        kind="typo", says="Z in R^{m x n}",
        correct="Z in R^{md x n}: each (r, i) entry is the d-vector (1/sqrt(m)) I_{r,i} a_r x_i, and "
                "Z multiplies into vec(W) in R^{md} in equation (6)",
        evidence=f"Z built from its definition has shape {rows[-1]['Z shape']} for m = "
                 f"{rows[-1]['m']}, d = {rows[-1]['d']}, n = {rows[-1]['n']}")]
    if worst > REL_TOL:
        return Evidence(verdict="refuted", expected=expected, observed={"max relative gap": worst},
                        table=rows, tolerance=REL_TOL,
                        details="Z (u - y) does not reproduce the autograd gradient")
    return Evidence(verdict="confirmed", expected=expected, observed={"max relative gap": worst},
                    table=rows, tolerance=REL_TOL, errata=errata,
                    details="autograd gradient of 1/2||y - u||^2 (torch, independent of the "
                            "formula) vectorised column-first equals Z (u - y) to rounding; "
                            "Z^T Z equals the printed entries; no pre-activation is 0, so the "
                            "ReLU convention at 0 plays no role.")


CLAIM.plant("gram_entries", "Z scaled by 1/m instead of 1/sqrt(m)", z_scale="1/m")
CLAIM.plant("gram_entries", "H entries without x_i^T x_j", with_inner_product=False)
CLAIM.plant("gram_entries", "H entries scaled 1/sqrt(m)", entry_scale="1/sqrt(m)")
CLAIM.plant("vectorised_gradient", "vec taken row-first", vec_order="row")
CLAIM.plant("vectorised_gradient", "Z scaled by 1/m", z_scale="1/m")
