"""Batched homogeneous two-layer ReLU networks in torch, trained by full-batch GD.

One object holds ``B`` independent networks (seeds x widths x lambdas x label
sets, flattened into a batch axis) and one gradient step updates all of them
with a handful of batched matrix products.  Everything here is paper-agnostic;
the two parameterisations the papers use are choices of arguments:

* arora2019, Section 3.1, equation (1): ``f(x) = (1/sqrt(m)) sum_r a_r
  sigma(w_r^T x)`` with ``w_r ~ N(0, kappa^2 I)``, ``a_r ~ unif{-1, +1}`` fixed,
  only the first layer trained on ``Phi(W) = 1/2 sum_i (y_i - u_i)^2``
  (equation 2).  Here: ``init_two_layer(..., kappa=kappa, second_layer="sign",
  scale="1/sqrt(m)")`` and ``train(..., loss="square", train_layers="first")``.
* wei2019, Section 2: ``f(x; Theta) = sum_j w_j [u_j^T x]_+`` trained on
  ``L_lam(Theta) = (1/n) sum_i log(1 + exp(-y_i f(x_i))) + lam ||Theta||_F^2``
  (equation 2.2).  Here: ``scale=1.0`` and ``train(..., loss="logistic",
  lam=lam, train_layers="both")``.

Notation (rows are points throughout)
-------------------------------------
``U``  (B, m, d)  first-layer weights; row ``U[b, j]`` is ``u_j`` (wei2019) or
                  ``w_r`` (arora2019) of net ``b``.
``w``  (B, m)     second-layer weights (``w_j`` of wei2019, ``a_r`` of arora2019).
``scale`` (B,)    output multiplier, ``1/sqrt(m)`` (arora2019) or ``1`` (wei2019).
``X``  (n, d) shared by all nets, or (B, n, d) one data set per net.
``y``  (n,) shared, or (B, n) one label vector per net.

The network is ``f_b(x) = scale_b * sum_j w[b, j] * relu(U[b, j] . x)``.

ReLU derivative
---------------
The gradient is written out by hand with ``relu'(z) = 1{z >= 0}``, the
convention of arora2019 footnote 2 (their GD update under equation 2), so
that one step of :func:`train` is exactly the paper's update.  torch's
autograd uses ``1{z > 0}``; the two agree except on the measure-zero set
``z == 0`` (the tests compare them at generic points).

Loss normalisation (explicit, per net ``b``)
--------------------------------------------
``"square"``    ``1/2 sum_i (y_i - f(x_i))^2``          (arora2019 eq. 2: a sum, not a mean)
``"logistic"``  ``(1/n) sum_i log(1 + exp(-y_i f(x_i)))``  (wei2019 eq. 2.2: a mean)
``"exp"``       ``(1/n) sum_i exp(-y_i f(x_i))``           (a mean)

and the objective is that data term plus ``lam * ||Theta||_F^2`` with
``||Theta||_F^2 = ||U||_F^2 + ||w||_2^2`` over *both* layers, whatever layers
are trained (a frozen layer simply receives no update).

Padding
-------
Nets of different widths share one batch by zero-padding (:func:`concat`):
a neuron with ``u_j = 0`` and ``w_j = 0`` has zero output and zero gradient
(``relu(0) = 0``; its ``U``-gradient carries the factor ``w_j = 0``), and
weight decay keeps it at zero, so padding is inert under :func:`train`.

Performance
-----------
On a small CPU, torch's default intra-op threading can make small steps many
times slower; call :func:`set_small_torch_threads` (``n=1``) first.  The step
works in two preallocated ``(B, m, n)`` buffers, in place, so its cost is the
two large products ``U X^T`` and ``G X`` plus five elementwise passes; the
buffers take ``2 B m n`` numbers (split very large sweeps into several batches).
On a 2-core CPU (benchmarks/bench_nets.py, 100 nets, m = 100, n = 200, d = 20,
float32) a step costs ~1.5x the bare matrix products and is ~9x faster than a
Python loop of per-net autograd steps.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import torch

__all__ = [
    "TwoLayerBatch",
    "Gradient",
    "History",
    "LOSSES",
    "TRAIN_LAYERS",
    "RECORDABLE",
    "resolve_device",
    "set_small_torch_threads",
    "init_two_layer",
    "concat",
    "loss_values",
    "objective",
    "gradient",
    "train",
    "frobenius_sq",
    "normalized_margin",
    "l1_path_norm",
    "rebalance",
]

LOSSES = ("square", "logistic", "exp")
TRAIN_LAYERS = ("both", "first", "second")
RECORDABLE = ("loss", "data_loss", "outputs", "grad_norm", "margin")


# ---------------------------------------------------------------------------
# Devices and threads
# ---------------------------------------------------------------------------


def resolve_device(device: str | torch.device | None = "cpu") -> torch.device:
    """Turn ``"cpu"``, ``"cuda"`` or ``"auto"`` into a :class:`torch.device`.

    Parameters
    ----------
    device : {"cpu", "cuda", "auto"} or torch.device or None
        ``"auto"`` picks CUDA when available, else the CPU; ``None`` is
        ``"cpu"``.  ``"cuda"`` without a GPU raises.

    Returns
    -------
    torch.device

    Raises
    ------
    RuntimeError
        If CUDA is requested and not available.
    """
    if device is None:
        return torch.device("cpu")
    if isinstance(device, torch.device):
        dev = device
    elif device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    else:
        dev = torch.device(device)
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("device 'cuda' requested but torch.cuda.is_available() is False")
    return dev


def set_small_torch_threads(n: int = 1) -> int:
    """Set torch's intra-op thread count for small batched steps.

    On a 2-core machine the default threading makes a small step tens of
    times slower than one thread (see the benchmarks); tests use ``n=1``.

    Parameters
    ----------
    n : int
        Number of intra-op threads.

    Returns
    -------
    int
        The previous thread count, to restore with
        ``torch.set_num_threads(previous)``.
    """
    if n < 1:
        raise ValueError(f"thread count must be >= 1, got {n}")
    previous = torch.get_num_threads()
    torch.set_num_threads(int(n))
    return previous


# ---------------------------------------------------------------------------
# The batch of networks
# ---------------------------------------------------------------------------


@dataclass
class TwoLayerBatch:
    """``B`` two-layer ReLU networks ``f_b(x) = scale_b sum_j w_bj [u_bj . x]_+``.

    Attributes
    ----------
    U : torch.Tensor, shape (B, m, d)
        First-layer weights, one row per hidden unit (wei2019 ``u_j``,
        arora2019 ``w_r``).
    w : torch.Tensor, shape (B, m)
        Second-layer weights (wei2019 ``w_j``, arora2019 ``a_r``).
    scale : float or torch.Tensor of shape (B,)
        Output multiplier; stored as a (B,) tensor of ``U``'s dtype and device.
        ``1/sqrt(m)`` is arora2019's parameterisation, ``1`` wei2019's.
    """

    U: torch.Tensor
    w: torch.Tensor
    scale: torch.Tensor | float = 1.0

    def __post_init__(self) -> None:
        if self.U.ndim != 3:
            raise ValueError(f"U must have shape (B, m, d), got {tuple(self.U.shape)}")
        B, m, _ = self.U.shape
        if tuple(self.w.shape) != (B, m):
            raise ValueError(f"w must have shape {(B, m)}, got {tuple(self.w.shape)}")
        if self.w.dtype != self.U.dtype or self.w.device != self.U.device:
            raise ValueError("U and w must share dtype and device")
        scale = _tensor(self.scale, self.U.dtype, self.U.device)
        if scale.ndim == 0:
            scale = scale.expand(B).clone()
        if tuple(scale.shape) != (B,):
            raise ValueError(f"scale must be a scalar or have shape ({B},), got {tuple(scale.shape)}")
        self.scale = scale

    # -- shape and placement -------------------------------------------------
    @property
    def B(self) -> int:
        """Number of networks in the batch."""
        return self.U.shape[0]

    @property
    def m(self) -> int:
        """Width (number of hidden units, including any zero padding)."""
        return self.U.shape[1]

    @property
    def d(self) -> int:
        """Input dimension."""
        return self.U.shape[2]

    @property
    def dtype(self) -> torch.dtype:
        return self.U.dtype

    @property
    def device(self) -> torch.device:
        return self.U.device

    def to(self, device=None, dtype: torch.dtype | None = None) -> "TwoLayerBatch":
        """A copy on ``device`` (``"cpu"``, ``"cuda"``, ``"auto"``) and/or in ``dtype``."""
        dev = self.device if device is None else resolve_device(device)
        dt = self.dtype if dtype is None else dtype
        return TwoLayerBatch(
            self.U.to(dev, dt).clone(), self.w.to(dev, dt).clone(), self.scale.to(dev, dt).clone()
        )

    def clone(self) -> "TwoLayerBatch":
        """An independent copy (same device and dtype)."""
        return TwoLayerBatch(self.U.clone(), self.w.clone(), self.scale.clone())

    def select(self, index) -> "TwoLayerBatch":
        """The sub-batch ``index`` (an int, slice, list or boolean mask), copied."""
        if isinstance(index, int):
            index = [index]
        return TwoLayerBatch(self.U[index].clone(), self.w[index].clone(), self.scale[index].clone())

    # -- the function ---------------------------------------------------------
    def preactivations(self, X: torch.Tensor) -> torch.Tensor:
        """``Z[b, j, i] = u_bj . x_i``, shape (B, m, n).

        Parameters
        ----------
        X : torch.Tensor, shape (n, d) or (B, n, d)
        """
        X = _as_inputs(X, self)
        if X.ndim == 2:
            return torch.matmul(self.U, X.T)
        return torch.bmm(self.U, X.transpose(1, 2))

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Outputs ``f_b(x_i)``, shape (B, n).

        Parameters
        ----------
        X : torch.Tensor, shape (n, d) shared or (B, n, d) per net
            Converted to the batch's dtype and device.

        Returns
        -------
        torch.Tensor, shape (B, n)
        """
        A = torch.relu(self.preactivations(X))
        return torch.bmm(self.w.unsqueeze(1), A).squeeze(1) * self.scale.unsqueeze(1)

    __call__ = forward


def _tensor(value, dtype: torch.dtype, device) -> torch.Tensor:
    """``value`` as a tensor of ``dtype`` on ``device``.

    Python floats and lists go through float64 numpy first: ``torch.as_tensor``
    alone would make them float32 and round e.g. ``lr = 0.3`` before the cast.
    """
    if not isinstance(value, torch.Tensor):
        value = torch.from_numpy(np.asarray(value, dtype=np.float64))
    return value.to(device=device, dtype=dtype)


def _as_inputs(X, batch: TwoLayerBatch) -> torch.Tensor:
    """``X`` as a tensor of the batch's dtype/device with a checked shape."""
    X = _tensor(X, batch.dtype, batch.device)
    if X.ndim == 2:
        if X.shape[1] != batch.d:
            raise ValueError(f"X has d={X.shape[1]}, nets have d={batch.d}")
    elif X.ndim == 3:
        if X.shape[0] != batch.B or X.shape[2] != batch.d:
            raise ValueError(f"per-net X must have shape ({batch.B}, n, {batch.d}), got {tuple(X.shape)}")
    else:
        raise ValueError(f"X must have shape (n, d) or (B, n, d), got {tuple(X.shape)}")
    return X


def _as_labels(y, batch: TwoLayerBatch, n: int) -> torch.Tensor:
    """``y`` as a (B, n) tensor (a shared (n,) vector is broadcast, not copied)."""
    y = _tensor(y, batch.dtype, batch.device)
    if y.ndim == 1:
        if y.shape[0] != n:
            raise ValueError(f"y has {y.shape[0]} labels for n={n} points")
        return y.unsqueeze(0).expand(batch.B, n)
    if tuple(y.shape) != (batch.B, n):
        raise ValueError(f"per-net y must have shape ({batch.B}, {n}), got {tuple(y.shape)}")
    return y


def _per_net(value, batch: TwoLayerBatch, name: str) -> torch.Tensor:
    """A scalar or (B,) array-like as a (B,) tensor on the batch's device."""
    t = _tensor(value, batch.dtype, batch.device)
    if t.ndim == 0:
        return t.expand(batch.B)
    if tuple(t.shape) != (batch.B,):
        raise ValueError(f"{name} must be a scalar or have shape ({batch.B},), got {tuple(t.shape)}")
    return t


# ---------------------------------------------------------------------------
# Initialisation and assembling batches
# ---------------------------------------------------------------------------


def _resolve_scale(scale, m: int) -> float:
    if isinstance(scale, str):
        if scale.replace(" ", "") in ("1/sqrt(m)", "ntk"):
            return 1.0 / math.sqrt(m)
        raise ValueError(f"unknown scale {scale!r}; use a number or '1/sqrt(m)'")
    return float(scale)


def _draw_second_layer(gen: torch.Generator, shape, second_layer: str) -> torch.Tensor:
    if second_layer == "sign":
        return torch.randint(0, 2, shape, generator=gen, dtype=torch.float64) * 2.0 - 1.0
    if second_layer == "gaussian":
        return torch.randn(shape, generator=gen, dtype=torch.float64)
    if second_layer == "zeros":
        return torch.zeros(shape, dtype=torch.float64)
    raise ValueError(f"second_layer must be 'sign', 'gaussian' or 'zeros', got {second_layer!r}")


def init_two_layer(
    B: int,
    m: int,
    d: int,
    *,
    kappa: float = 1.0,
    second_layer: str = "sign",
    w_scale: float = 1.0,
    scale: float | str = 1.0,
    seed: int | Sequence[int] = 0,
    device: str | torch.device = "cpu",
    dtype: torch.dtype = torch.float64,
) -> TwoLayerBatch:
    """Random initialisation of ``B`` nets of width ``m`` on ``R^d``.

    ``U[b, j] ~ N(0, kappa^2 I_d)`` (arora2019 equation 1, ``w_r(0)``) and
    ``w[b, j] = w_scale * s`` with ``s`` uniform on ``{-1, +1}``
    (``"sign"``, arora2019's ``a_r``), standard normal (``"gaussian"``) or
    zero (``"zeros"``).

    Parameters
    ----------
    B, m, d : int
        Number of nets, width, input dimension.
    kappa : float
        Standard deviation of the first-layer entries.
    second_layer : {"sign", "gaussian", "zeros"}
    w_scale : float
        Multiplier of the second-layer draw.
    scale : float or "1/sqrt(m)"
        Output multiplier of every net; ``"1/sqrt(m)"`` is arora2019's.
    seed : int or sequence of B ints
        An int seeds one generator for the whole batch.  A sequence gives net
        ``b`` its own generator seeded ``seed[b]``, so that net ``b`` equals
        ``init_two_layer(1, ..., seed=[seed[b]])``: batched and one-at-a-time
        runs then start from the same weights.
    device : {"cpu", "cuda", "auto"}
        Draws are made on the CPU in float64 and then moved and cast, so the
        same seed gives the same nets on every device (up to the cast).
    dtype : torch.dtype
        float64 by default (verification accuracy); float32 for speed.

    Returns
    -------
    TwoLayerBatch
    """
    if min(B, m, d) < 1:
        raise ValueError(f"B, m, d must be positive, got {(B, m, d)}")
    dev = resolve_device(device)
    if isinstance(seed, (int, np.integer)):
        gen = torch.Generator().manual_seed(int(seed))
        U = torch.randn((B, m, d), generator=gen, dtype=torch.float64)
        w = _draw_second_layer(gen, (B, m), second_layer)
    else:
        seeds = [int(s) for s in seed]
        if len(seeds) != B:
            raise ValueError(f"need {B} seeds, got {len(seeds)}")
        Us, ws = [], []
        for s in seeds:
            gen = torch.Generator().manual_seed(s)
            Us.append(torch.randn((m, d), generator=gen, dtype=torch.float64))
            ws.append(_draw_second_layer(gen, (m,), second_layer))
        U, w = torch.stack(Us), torch.stack(ws)
    U = U * float(kappa)
    w = w * float(w_scale)
    return TwoLayerBatch(U.to(dev, dtype), w.to(dev, dtype), _resolve_scale(scale, m))


def concat(batches: Iterable[TwoLayerBatch]) -> TwoLayerBatch:
    """Concatenate batches along the net axis, zero-padding narrower nets.

    Padded units have ``u_j = 0`` and ``w_j = 0``; they change no output and,
    having zero gradient and zero weight decay, stay zero under
    :func:`train`, so a padded net trains exactly like the original.  Each
    net keeps its own ``scale`` (e.g. ``1/sqrt(m)`` of its true width).

    Parameters
    ----------
    batches : iterable of TwoLayerBatch
        Same ``d``, dtype and device.

    Returns
    -------
    TwoLayerBatch
        ``B = sum of B``, ``m = max of m``.
    """
    batches = list(batches)
    if not batches:
        raise ValueError("nothing to concatenate")
    d, dt, dev = batches[0].d, batches[0].dtype, batches[0].device
    if any(b.d != d or b.dtype != dt or b.device != dev for b in batches):
        raise ValueError("batches must share d, dtype and device")
    m = max(b.m for b in batches)
    Us, ws = [], []
    for b in batches:
        pad = m - b.m
        Us.append(torch.nn.functional.pad(b.U, (0, 0, 0, pad)))
        ws.append(torch.nn.functional.pad(b.w, (0, pad)))
    return TwoLayerBatch(torch.cat(Us), torch.cat(ws), torch.cat([b.scale for b in batches]))


# ---------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------


def _check_loss(loss: str) -> None:
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")


def loss_values(f: torch.Tensor, y: torch.Tensor, loss: str) -> torch.Tensor:
    """The data term of the objective per net, shape (B,), from outputs ``f`` (B, n).

    ``"square"``: ``1/2 sum_i (y_i - f_i)^2`` (arora2019 eq. 2);
    ``"logistic"``: ``(1/n) sum_i log(1 + exp(-y_i f_i))`` (wei2019 eq. 2.2),
    evaluated stably as a softplus; ``"exp"``: ``(1/n) sum_i exp(-y_i f_i)``.
    """
    _check_loss(loss)
    n = f.shape[-1]
    if loss == "square":
        return 0.5 * ((y - f) ** 2).sum(-1)
    if loss == "logistic":
        return torch.nn.functional.softplus(-y * f).sum(-1) / n
    return torch.exp(-y * f).sum(-1) / n


def _loss_and_slope(f: torch.Tensor, y: torch.Tensor, loss: str):
    """Data loss (B,) and its derivative ``dloss/df`` (B, n)."""
    n = f.shape[-1]
    if loss == "square":
        r = f - y
        return 0.5 * (r * r).sum(-1), r
    if loss == "logistic":
        margins = y * f
        return (
            torch.nn.functional.softplus(-margins).sum(-1) / n,
            -(y / n) * torch.sigmoid(-margins),
        )
    e = torch.exp(-y * f)
    return e.sum(-1) / n, -(y / n) * e


def frobenius_sq(batch: TwoLayerBatch) -> np.ndarray:
    """``||Theta||_F^2 = ||U||_F^2 + ||w||_2^2`` per net, shape (B,), float64."""
    return _frobenius_sq(batch.U, batch.w).detach().cpu().double().numpy()


def _frobenius_sq(U: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    return (U * U).sum((1, 2)) + (w * w).sum(1)


def objective(batch: TwoLayerBatch, X, y, *, loss: str = "square", lam=0.0) -> torch.Tensor:
    """The training objective per net, shape (B,): data term + ``lam ||Theta||_F^2``.

    See the module docstring for the normalisation of each loss; ``lam`` is a
    scalar or one value per net.  Computed through :meth:`TwoLayerBatch.forward`
    (so it is differentiable by autograd when ``U``, ``w`` require grad).
    """
    X = _as_inputs(X, batch)
    f = batch.forward(X)
    yb = _as_labels(y, batch, f.shape[1])
    lam_t = _per_net(lam, batch, "lam")
    return loss_values(f, yb, loss) + lam_t * _frobenius_sq(batch.U, batch.w)


# ---------------------------------------------------------------------------
# The hand-written gradient
# ---------------------------------------------------------------------------


@dataclass
class Gradient:
    """Objective, outputs and gradient of a batch at one point.

    Attributes
    ----------
    objective, data_loss : torch.Tensor, shape (B,)
    outputs : torch.Tensor, shape (B, n)
    dU : torch.Tensor, shape (B, m, d) or None when not requested
    dw : torch.Tensor, shape (B, m) or None when not requested
    """

    objective: torch.Tensor
    data_loss: torch.Tensor
    outputs: torch.Tensor
    dU: torch.Tensor | None
    dw: torch.Tensor | None


class _Workspace:
    """Two preallocated (B, m, n) buffers and the step written in place.

    ``Z`` holds the pre-activations and then ``A = relu(Z)``; ``M`` holds
    ``1{Z >= 0}`` and then ``G = M * (scale w) * (dloss/df)``, the
    back-propagated signal whose product with ``X`` is the first-layer
    gradient.  Matrix products: ``U X^T`` (the big one), ``w^T A`` (outputs),
    ``g^T A^T`` (second-layer gradient), ``G X`` (the other big one).
    """

    def __init__(self, batch: TwoLayerBatch, X: torch.Tensor) -> None:
        B, m = batch.B, batch.m
        n = X.shape[-2]
        self.shared = X.ndim == 2
        self.X = X
        self.XT = X.T if self.shared else X.transpose(1, 2)
        self.Z = torch.empty((B, m, n), dtype=batch.dtype, device=batch.device)
        self.M = torch.empty_like(self.Z)

    def step(self, U, w, scale, y, loss, lam, need_dU: bool, need_dw: bool) -> Gradient:
        """One forward/backward pass at ``(U, w)``; ``lam`` (B,) or None for zero."""
        B, m, d = U.shape
        Z, M = self.Z, self.M
        n = Z.shape[2]
        # Z = U X^T, the pre-activations u_j . x_i
        if self.shared:
            torch.mm(U.reshape(B * m, d), self.XT, out=Z.view(B * m, n))
        else:
            torch.bmm(U, self.XT, out=Z)
        # M = relu'(Z) = 1{Z >= 0} (arora2019 footnote 2); Z <- A = Z * M = relu(Z)
        torch.ge(Z, 0, out=M)
        Z.mul_(M)
        f = torch.bmm(w.unsqueeze(1), Z).squeeze(1).mul_(scale.unsqueeze(1))
        data_loss, slope = _loss_and_slope(f, y, loss)
        obj = data_loss if lam is None else data_loss + lam * _frobenius_sq(U, w)
        gs = slope * scale.unsqueeze(1)  # dloss/df times the output scale, (B, n)
        dU = dw = None
        if need_dw:
            # dw_j = scale sum_i slope_i relu(u_j . x_i)
            dw = torch.bmm(gs.unsqueeze(1), Z.transpose(1, 2)).squeeze(1)
            if lam is not None:
                dw.add_(w * (2.0 * lam).unsqueeze(1))
        if need_dU:
            # G[j, i] = scale w_j slope_i 1{u_j . x_i >= 0};  dU = G X
            M.mul_(w.unsqueeze(2)).mul_(gs.unsqueeze(1))
            if self.shared:
                dU = torch.mm(M.view(B * m, n), self.X).view(B, m, d)
            else:
                dU = torch.bmm(M, self.X)
            if lam is not None:
                dU.add_(U * (2.0 * lam).view(B, 1, 1))
        return Gradient(obj, data_loss, f, dU, dw)


def gradient(batch: TwoLayerBatch, X, y, *, loss: str = "square", lam=0.0) -> Gradient:
    """Objective and hand-written gradient w.r.t. both layers, per net.

    ``dU[b, j] = scale_b w_bj sum_i (dl/df)_bi 1{u_bj . x_i >= 0} x_i + 2 lam_b u_bj``
    and ``dw[b, j] = scale_b sum_i (dl/df)_bi [u_bj . x_i]_+ + 2 lam_b w_bj``,
    with ``l`` the data term of :func:`loss_values`; for the square loss and
    ``lam = 0`` the first is arora2019's GD direction (update under eq. 2).

    Parameters
    ----------
    batch : TwoLayerBatch
    X : array-like, shape (n, d) or (B, n, d)
    y : array-like, shape (n,) or (B, n)
    loss : {"square", "logistic", "exp"}
    lam : float or array-like of shape (B,)

    Returns
    -------
    Gradient
    """
    _check_loss(loss)
    X = _as_inputs(X, batch)
    yb = _as_labels(y, batch, X.shape[-2])
    lam_t = _active_lam(_per_net(lam, batch, "lam"))
    ws = _Workspace(batch, X)
    return ws.step(batch.U, batch.w, batch.scale, yb, loss, lam_t, True, True)


def _active_lam(lam_t: torch.Tensor) -> torch.Tensor | None:
    """``None`` when every ``lam`` is zero (the step then skips weight decay)."""
    return lam_t if bool((lam_t != 0).any()) else None


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------


@dataclass
class History:
    """What :func:`train` recorded, as numpy arrays (float64).

    Row ``t`` describes the parameters after ``steps[t]`` GD updates; rows are
    taken every ``record_every`` steps and always at the last step.

    Attributes
    ----------
    steps : ndarray (T,) int
    loss : ndarray (T, B) or None
        The objective (data term + ``lam ||Theta||_F^2``).
    data_loss : ndarray (T, B) or None
    outputs : ndarray (T, B, n) or None
        ``f_b(x_i)`` on the training inputs.
    grad_norm : ndarray (T, B) or None
        Euclidean norm of the objective's gradient w.r.t. the *trained* layers.
    margin : ndarray (T, B) or None
        :func:`normalized_margin` on the training set.
    batch : TwoLayerBatch
        The trained nets (the input batch is not modified).
    seconds : float
        Wall time of the training loop.
    """

    steps: np.ndarray
    loss: np.ndarray | None = None
    data_loss: np.ndarray | None = None
    outputs: np.ndarray | None = None
    grad_norm: np.ndarray | None = None
    margin: np.ndarray | None = None
    batch: TwoLayerBatch | None = None
    seconds: float = 0.0
    meta: dict = field(default_factory=dict)


def _grad_norm(g: Gradient, train_layers: str) -> torch.Tensor:
    total = torch.zeros_like(g.objective)
    if train_layers in ("both", "first"):
        total = total + (g.dU * g.dU).sum((1, 2))
    if train_layers in ("both", "second"):
        total = total + (g.dw * g.dw).sum(1)
    return total.sqrt()


def train(
    batch: TwoLayerBatch,
    X,
    y,
    *,
    loss: str = "square",
    lam=0.0,
    lr=0.1,
    steps: int = 100,
    train_layers: str = "both",
    record_every: int = 1,
    record: Sequence[str] = ("loss", "outputs"),
    device: str | torch.device | None = None,
) -> History:
    """Full-batch gradient descent on all nets of ``batch`` at once.

    Each step is, for every net ``b`` and every trained layer,
    ``Theta <- Theta - lr_b * grad L_b(Theta)`` with
    ``L_b = data term + lam_b ||Theta||_F^2`` (module docstring) and the
    gradient of :func:`gradient` (``relu'(z) = 1{z >= 0}``, arora2019
    footnote 2).  With ``loss="square"``, ``lam=0``, ``train_layers="first"``
    this is arora2019's update under equation 2; with ``loss="logistic"`` it
    is GD on wei2019 equation 2.2.

    Parameters
    ----------
    batch : TwoLayerBatch
        Initial nets; copied, never modified.
    X : array-like, shape (n, d) shared or (B, n, d) per net
    y : array-like, shape (n,) shared or (B, n) per net
    loss : {"square", "logistic", "exp"}
    lam : float or array-like (B,)
        Weight-decay coefficient of ``lam ||Theta||_F^2`` per net.
    lr : float or array-like (B,)
        Step size ``eta`` per net.
    steps : int
        Number of GD updates.
    train_layers : {"both", "first", "second"}
        Which of ``U`` (first) and ``w`` (second) are updated.
    record_every : int
        Record after every ``record_every``-th update (and after the last).
    record : sequence of {"loss", "data_loss", "outputs", "grad_norm", "margin"}
    device : {"cpu", "cuda", "auto"} or None
        Where to train; ``None`` keeps the batch's device.

    Returns
    -------
    History
    """
    _check_loss(loss)
    if train_layers not in TRAIN_LAYERS:
        raise ValueError(f"train_layers must be one of {TRAIN_LAYERS}, got {train_layers!r}")
    record = tuple(record)
    bad = [r for r in record if r not in RECORDABLE]
    if bad:
        raise ValueError(f"cannot record {bad}; choose from {RECORDABLE}")
    if steps < 0 or record_every < 1:
        raise ValueError("need steps >= 0 and record_every >= 1")

    nets = batch.to(device) if device is not None else batch.clone()
    X = _as_inputs(X, nets)
    n = X.shape[-2]
    yb = _as_labels(y, nets, n)
    lam_t = _active_lam(_per_net(lam, nets, "lam"))
    lr_t = _per_net(lr, nets, "lr")
    U, w, scale = nets.U, nets.w, nets.scale
    need_dU = train_layers in ("both", "first")
    need_dw = train_layers in ("both", "second")
    want_grad = "grad_norm" in record
    lr_U = lr_t.view(-1, 1, 1)
    lr_w = lr_t.view(-1, 1)

    ws = _Workspace(nets, X)
    rows: dict[str, list[torch.Tensor]] = {k: [] for k in record}
    recorded_steps: list[int] = []

    def keep(k: int, g: Gradient) -> None:
        recorded_steps.append(k)
        if "loss" in rows:
            rows["loss"].append(g.objective.clone())
        if "data_loss" in rows:
            rows["data_loss"].append(g.data_loss.clone())
        if "outputs" in rows:
            rows["outputs"].append(g.outputs.clone())
        if "grad_norm" in rows:
            rows["grad_norm"].append(_grad_norm(g, train_layers))
        if "margin" in rows:
            rows["margin"].append((yb * g.outputs).min(1).values / _frobenius_sq(U, w))

    t0 = time.perf_counter()
    with torch.no_grad():
        for k in range(steps + 1):
            is_row = k % record_every == 0 or k == steps
            if k == steps:
                # the last row: parameters after `steps` updates; gradient only if asked
                g = ws.step(U, w, scale, yb, loss, lam_t, need_dU and want_grad, need_dw and want_grad)
                if is_row and record:
                    keep(k, g)
                break
            g = ws.step(U, w, scale, yb, loss, lam_t, need_dU, need_dw)
            if is_row and record:
                keep(k, g)
            if need_dU:
                U.addcmul_(lr_U, g.dU, value=-1.0)
            if need_dw:
                w.addcmul_(lr_w, g.dw, value=-1.0)
    seconds = time.perf_counter() - t0

    def as_np(key: str):
        if key not in rows:
            return None
        return torch.stack(rows[key]).detach().cpu().double().numpy()

    return History(
        steps=np.asarray(recorded_steps, dtype=np.int64),
        loss=as_np("loss"),
        data_loss=as_np("data_loss"),
        outputs=as_np("outputs"),
        grad_norm=as_np("grad_norm"),
        margin=as_np("margin"),
        batch=nets,
        seconds=seconds,
        meta={"loss": loss, "train_layers": train_layers, "device": str(nets.device),
              "dtype": str(nets.dtype), "n": n},
    )


# ---------------------------------------------------------------------------
# Margins and norms of 2-homogeneous nets
# ---------------------------------------------------------------------------


def normalized_margin(batch: TwoLayerBatch, X, y) -> np.ndarray:
    """``min_i y_i f(x_i) / ||Theta||_F^2`` per net, shape (B,), float64.

    ``f`` is 2-positive-homogeneous in ``Theta = (U, w)``, so this equals
    ``min_i y_i f(x_i; Theta / ||Theta||_F)``, the normalised margin of
    wei2019 Section 4 (``gamma_lam``) with ``||Theta||_F^2 = ||U||_F^2 +
    ||w||^2``.  It is invariant under ``Theta -> c Theta`` (``c > 0``) but not
    under the per-unit rebalancing ``u_j -> c_j u_j, w_j -> w_j / c_j``, which
    keeps ``f`` and changes ``||Theta||_F``; it is largest at the balanced
    representative (:func:`rebalance`).  Negative when some point is
    misclassified.  ``scale`` is part of ``f``.
    """
    with torch.no_grad():
        X = _as_inputs(X, batch)
        f = batch.forward(X)
        yb = _as_labels(y, batch, f.shape[1])
        gamma = (yb * f).min(1).values / _frobenius_sq(batch.U, batch.w)
    return gamma.cpu().double().numpy()


def l1_path_norm(batch: TwoLayerBatch) -> np.ndarray:
    """``scale * sum_j |w_j| ||u_j||_2`` per net, shape (B,), float64.

    The l1 path norm of the function (for ``scale = 1``, wei2019's
    ``sum_j |w_j| ||u_j||``); invariant under ``u_j -> c_j u_j, w_j -> w_j/c_j``
    for ``c_j > 0``.  By AM-GM ``||Theta||_F^2 >= 2 sum_j |w_j| ||u_j||`` with
    equality iff every unit is balanced (``|w_j| = ||u_j||``).
    """
    with torch.no_grad():
        p = (batch.w.abs() * torch.linalg.vector_norm(batch.U, dim=2)).sum(1) * batch.scale
    return p.cpu().double().numpy()


def rebalance(batch: TwoLayerBatch) -> TwoLayerBatch:
    """The same functions with every unit balanced, ``|w_j| = ||u_j||``.

    ``u_j -> c_j u_j``, ``w_j -> w_j / c_j`` with ``c_j = sqrt(|w_j| / ||u_j||)``
    leaves ``f`` unchanged (positive homogeneity of the ReLU) and minimises
    ``||Theta||_F^2`` over such rescalings (to ``2 sum_j |w_j| ||u_j||``).
    Units with ``w_j = 0`` or ``u_j = 0`` compute zero and are set to zero.
    """
    with torch.no_grad():
        un = torch.linalg.vector_norm(batch.U, dim=2)
        wa = batch.w.abs()
        alive = (un > 0) & (wa > 0)
        c = torch.where(alive, torch.sqrt(wa / torch.where(alive, un, 1.0)), torch.zeros_like(un))
        U = batch.U * c.unsqueeze(2)
        w = torch.where(alive, batch.w / torch.where(alive, c, 1.0), torch.zeros_like(batch.w))
    return TwoLayerBatch(U, w, batch.scale.clone())
