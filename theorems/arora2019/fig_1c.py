"""arora2019, Figure 1(c): the convergence ordering of Figure 1(a) on CIFAR (digits stand-in).

Statement (our words). On two CIFAR classes too, GD on the two-layer net
reduces the training loss fastest for the true labels, more slowly for
random labels and most slowly for the worst-case labels (the normalised
bottom eigenvector of H_inf).

Stand-in. CIFAR is not available offline; we rerun the Figure 1(a)
experiment (``fig_1a.convergence_experiment``, same settings: quick tier 60
images, m = 128, 150 steps; full tier all images, m = 512, 600 steps;
kappa = 0.01, eta = 1/lambda_max(H_inf)) on a different, harder pair of the
bundled digits, classes 3 and 5 (fixed in advance), rows on the unit sphere.
It shows the ordering is not specific to one class pair, not that it holds
on natural images.

Check
-----
``loss_curves`` (empirical): relative training loss at the last step, 95%
t-intervals over 3 seeds (4 in full) per label kind, ordered and disjoint:
true < random < worst-case.
"""
from __future__ import annotations

from theorems.arora2019.fig_1a import PAPER_ORDER, convergence_experiment
from verify import Claim

CLAIM = Claim(
    id="arora2019.fig_1c", paper="arora2019", label="Figure 1(c)", section="4", kind="experiment",
    statement=("On two CIFAR classes, as on MNIST, GD converges fastest on true labels, slower on "
               "random labels and slowest on worst-case labels."),
    depends_on=["arora2019.fig_1a"],
)


@CLAIM.check(method="empirical", tier="quick", established="reproduced", time_limit=900)
def loss_curves(ctx, order=PAPER_ORDER):
    """Relative training loss for true, random and worst-case labels (digits 3 vs 5)."""
    return convergence_experiment(ctx, (3, 5), "digits 3 vs 5 (CIFAR stand-in)", order,
                                  figure_name="convergence_cifar_standin.png", panel="(c)")


CLAIM.plant("loss_curves", "random labels fastest", order=("random", "true", "worst"))
CLAIM.plant("loss_curves", "worst-case labels faster than random", order=("true", "worst", "random"))
