"""wei2019, abstract: a distribution the regularized net learns from O(d) samples, the NTK from Omega(d^2).

Statement (our words). There is a simple distribution on R^d (the D of equation
(2.1)) on which the minimiser of the l2-regularized two-layer ReLU net's loss
reaches small test error from O(d) samples, while any NTK predictor lying in
the span of the training data needs on the order of d^2 samples. The formal
content is Theorem 2.1 (kernel: error Omega(1) with probability 1 - d^-5 when
n <~ d^2; net: error <~ sqrt(d/n), with the terms of Section B.2).

Checks
------
* ``sample_sizes_match_theorem_2_1`` (symbolic): the abstract's two sample
  sizes against Theorem 2.1 by exact limits (sympy): the B.2 bound at
  n = kappa d^a as d -> oo, the position of o(d^b) sample sizes relative to
  the kernel range n <~ d^2, the d^2/d ratio and the delta = n^-5 term.
"""
from __future__ import annotations

from theorems.wei2019._wei2019_rates import sample_size_evidence
from verify import Claim

CLAIM = Claim(
    id="wei2019.sec_abstract_sample_gap", paper="wei2019",
    label="Abstract (sample-complexity separation)", section="Abstract", kind="claim",
    statement=(
        "On a simple distribution in d dimensions the optimum of the l2-regularized two-layer "
        "net learns with O(d) samples, while NTK predictors in the span of the training data "
        "need Omega(d^2) samples."),
    depends_on=["wei2019.thm_2_1", "wei2019.thm_1_1"],
)

PAPER_NN_EXPONENT = 1        # O(d) samples for the regularized net
PAPER_KERNEL_EXPONENT = 2    # Omega(d^2) samples for the NTK


@CLAIM.check(method="symbolic", tier="quick", established="proved")
def sample_sizes_match_theorem_2_1(ctx, nn_exponent=PAPER_NN_EXPONENT,
                                   kernel_exponent=PAPER_KERNEL_EXPONENT):
    """The abstract's O(d) and Omega(d^2) against Theorem 2.1 and Section B.2."""
    return sample_size_evidence(
        nn_exponent, kernel_exponent,
        f"regularized net: O(d^{nn_exponent}) samples; NTK: Omega(d^{kernel_exponent}) samples "
        "(as implied by Theorem 2.1)")


CLAIM.plant("sample_sizes_match_theorem_2_1", "regularized net learns with O(d^0.5) samples",
            nn_exponent=0.5)
CLAIM.plant("sample_sizes_match_theorem_2_1", "NTK needs Omega(d^2.5) samples",
            kernel_exponent=2.5)
