"""wei2019, abstract: noisy gradient descent optimizes infinite-width regularized nets in polynomial time.

Statement (our words). For two-layer networks of infinite width, a noisy form of
gradient descent drives the regularized loss to its global minimum within a
number of iterations polynomial in the problem parameters. Formally: Theorem
3.3 / E.4 (continuous-time perturbed Wasserstein flow (3.2), noise level
sigma = exp(-d log(1/eps) poly), time t_eps = d^2/eps^4 poly(log(1/eps), ...))
and Theorem E.21 (discrete updates, eta = poly, t_eps = d^2/eps^4 poly steps).

Checks
------
* ``iterations_polynomial`` (symbolic): the total time of the proof of
  Theorem E.4, composed in sympy from the block length l (as Lemma E.8
  requires it) and per-block decrease delta_1 (E.8) with the printed sigma,
  divided by the step size eta = 1/poly (a constant in d and eps): its
  limits against d^2 eps^-4 log^2(1/eps) must be finite (polynomial count)
  as d -> oo and as eps -> 0, with the sigma terms negligible. What the
  abstract leaves out
  (ReLU is not covered, the minimum is reached up to eps) is recorded as
  errata.
"""
from __future__ import annotations

from theorems.wei2019._wei2019_rates import flow_time, leading_constant, time_limits
from verify import Claim, Erratum, Evidence

CLAIM = Claim(
    id="wei2019.sec_abstract_optimization", paper="wei2019",
    label="Abstract (optimization claim)", section="Abstract", kind="claim",
    statement=(
        "Run on a two-layer net of infinite width, gradient descent with added noise reaches a "
        "global minimiser of the regularized loss after a polynomial number of iterations."),
    depends_on=["wei2019.thm_1_2", "wei2019.thm_3_3"],
)

PAPER_LOG_INV_SIGMA = "c3*d*L"      # sigma = exp(-d log(1/eps) poly), L = log(1/eps)
PAPER_D_POWER = 2                   # iterations ~ d^2 eps^-4 poly(log(1/eps))
PAPER_INV_EPS_POWER = 4


@CLAIM.check(method="symbolic", tier="quick", established="proved")
def iterations_polynomial(ctx, log_inv_sigma=PAPER_LOG_INV_SIGMA, d_power=PAPER_D_POWER,
                          inv_eps_power=PAPER_INV_EPS_POWER):
    """Iteration count of the printed proof (time / eta, eta = 1/poly) is polynomial."""
    T0, sigma_ok = flow_time(log_inv_sigma)
    lim_d, lim_eps = time_limits(T0, d_power, inv_eps_power, 2)
    expected = (f"iterations = O(d^{d_power} eps^-{inv_eps_power} polylog(1/eps)) with "
                f"sigma = exp(-{log_inv_sigma})")
    observed = {"time of the proof (eta = 1)": str(T0), "sigma terms negligible": sigma_ok,
                "limit over d^p, d -> oo": str(lim_d), "limit over eps^-q log^2, eps -> 0":
                    str(lim_eps)}
    if not (lim_d.is_finite and lim_eps.is_finite and sigma_ok):
        return Evidence(verdict="refuted", expected=expected, observed=observed,
                        details="the composed proof time is not of the stated polynomial order")
    errata = [
        Erratum(kind="missing condition",
                says="noisy gradient descent optimizes the regularized neural net loss to a "
                     "global minimum in polynomial iterations",
                correct="proved for 2-homogeneous Phi that is differentiable (continuous time, "
                        "Theorem 3.3, which also assumes the flow exists) or has Lipschitz "
                        "gradients (discrete time, Theorem E.21); the paper's ReLU nets satisfy "
                        "neither (footnote 3), so the statement covers smooth homogeneous "
                        "activations, not the ReLU nets of Sections 2 and 4",
                evidence="Assumption E.2, Theorem E.21, footnote 3"),
        Erratum(kind="loose", says="... to a global minimum",
                correct="to within eps of the global minimum value (min over t <= t_eps of "
                        "L[rho_t] - L* <= eps; 2 eps in Theorem E.4), with t_eps polynomial in "
                        "1/eps",
                evidence="Theorems 3.3, E.4, E.21"),
    ]
    lead = leading_constant(T0, d_power, inv_eps_power, 2)
    return Evidence(verdict="proved", expected=expected, observed=observed, errata=errata,
                    details=("log(1/sigma) = c3 d log(1/eps) is linear in d, so the proof's time "
                             f"is {lead} d^2 log^2(1/eps)/eps^4 to leading order (c3 = 3, "
                             "regularity constants 1, block length as Lemma E.8 requires; see "
                             "thm_1_2 for the printed l) and the step count with eta = 1/poly is "
                             "polynomial."))


CLAIM.plant("iterations_polynomial", "iterations O(d/eps^4) (d exponent too small)", d_power=1)
CLAIM.plant("iterations_polynomial", "noise sigma = exp(-2^d log(1/eps))",
            log_inv_sigma="c3*2**d*L")
