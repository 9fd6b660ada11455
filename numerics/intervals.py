"""Certified bounds with interval arithmetic (python-flint's Arb balls).

The one task here: certify ``sup_{0 < |x| <= a} |h(x) - g(x)| / |x|^p`` for an
analytic ``h`` and a polynomial ``g`` that agrees with ``h`` to order ``p - 1``
at 0. Away from 0 the ratio is enclosed on subintervals (branch and bound);
near 0 the Lagrange remainder bounds it by the enclosure of the p-th Taylor
coefficient of ``h - g`` over the whole ball ``[-delta, delta]``.

Functions are given as callables on Arb objects that also accept
``flint.arb_series`` (so ``acos``, ``sqrt`` etc. must be method calls).
"""
from __future__ import annotations

from dataclasses import dataclass

import flint

arb = flint.arb


@dataclass
class CertifiedSup:
    """lower <= sup <= upper, both rigorous (upper) or attained (lower) values."""
    lower: float
    upper: float
    boxes: int
    near_zero: float        # the bound used on [-delta, delta]
    delta: float

    @property
    def interval(self):
        return (self.lower, self.upper)


def ball(lo: float, hi: float):
    """The Arb ball covering [lo, hi]."""
    lo_a, hi_a = arb(lo), arb(hi)
    return (lo_a + hi_a) / 2 + arb(0, (hi_a - lo_a).upper() / 2)


def upper(x) -> float:
    """A float >= every point of the ball x."""
    return float(arb(x.upper()).mid()) if x.is_finite() else float("inf")


def taylor_coefficient_bound(f, order: int, center_ball, prec: int = 128) -> float:
    """Upper bound of |f^{(order)}(t)| / order! over every t in ``center_ball``."""
    old = flint.ctx.prec
    flint.ctx.prec = prec
    try:
        t = flint.arb_series([center_ball, 1], prec=order + 1)
        c = f(t).coeffs()
        coef = c[order] if len(c) > order else arb(0)
        return upper(abs(coef))
    finally:
        flint.ctx.prec = old


def taylor_enclosure(f, lo: float, hi: float, order: int = 6):
    """Enclosure of f over [lo, hi] by a Taylor model at the midpoint m.

    f(x) = sum_{k<order} f^(k)(m)/k! e^k + f^(order)(xi)/order! e^order with
    e = x - m: point coefficients are tight, and only the last term uses the
    whole box, so cancellation in f (f = h - g nearly zero) costs nothing.
    """
    m = arb((lo + hi) / 2)
    e = ball(lo, hi) - m
    at_m = flint.arb_series([m, 1], prec=order + 1)
    on_box = flint.arb_series([ball(lo, hi), 1], prec=order + 1)
    cm = f(at_m).coeffs()
    cb = f(on_box).coeffs()
    total = arb(0)
    for k in range(order):
        if k < len(cm):
            total += cm[k] * ipow(e, k)
    if order < len(cb):
        total += cb[order] * ipow(e, order)
    return total


def ipow(x, k: int):
    """x**k by repeated multiplication (Arb's real power of a ball around 0 is nan)."""
    if k < 0:
        return 1 / ipow(x, -k)
    out = arb(1)
    for _ in range(k):
        out = out * x
    return out


def sup_ratio(r, p: int, a: float, *, delta: float = 1 / 16, tol: float = 1e-6,
              max_boxes: int = 200_000, prec: int = 128) -> CertifiedSup:
    """Certify sup over 0 < |x| <= a of |r(x)| / |x|^p, where r = h - g.

    ``r`` must vanish to order p at 0 (its Taylor coefficients below p are 0;
    the caller proves this exactly). Then on |x| <= delta,
    |r(x)| <= max_{|t|<=delta} |r^{(p)}(t)|/p! |x|^p (Lagrange). On
    delta <= |x| <= a the ratio is enclosed on boxes, bisected until each
    box's upper bound is within ``tol`` (relative) of the best lower bound.
    """
    old = flint.ctx.prec
    flint.ctx.prec = prec
    try:
        pieces = 64          # sub-balls: one wide ball overestimates the coefficient
        edges = [-delta + 2 * delta * i / pieces for i in range(pieces + 1)]
        near = max(taylor_coefficient_bound(r, p, ball(lo, hi), prec)
                   for lo, hi in zip(edges[:-1], edges[1:]))
        best_lower = 0.0
        boxes = [(delta, a), (-a, -delta)]
        upper_bound = near
        count = 0
        while boxes:
            lo, hi = boxes.pop()
            count += 1
            if count > max_boxes:
                raise RuntimeError(f"sup_ratio: more than {max_boxes} boxes")
            x = ball(lo, hi)
            enc = abs(taylor_enclosure(r, lo, hi)) / ipow(abs(x), p)
            mid = arb((lo + hi) / 2)
            val = abs(r(mid)) / ipow(abs(mid), p)
            best_lower = max(best_lower, float(arb(val.lower()).mid()))
            ub = upper(enc)
            if ub <= best_lower * (1 + tol) or hi - lo < 1e-12:
                upper_bound = max(upper_bound, ub)
            else:
                m = (lo + hi) / 2
                boxes += [(lo, m), (m, hi)]
        return CertifiedSup(lower=best_lower, upper=max(upper_bound, best_lower),
                            boxes=count, near_zero=near, delta=delta)
    finally:
        flint.ctx.prec = old
