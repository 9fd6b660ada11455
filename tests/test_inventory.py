"""The claim inventory is the contract: every in-scope id is registered, and our statements are
our own words. Needs the inventory (``../shared/claims`` or ``$NTK_SHARED/claims``); skipped
where it is absent (a clean clone on CI has only the repository)."""
from __future__ import annotations

import os
import pathlib
import re

import pytest

from verify.registry import discover

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = pathlib.Path(os.environ.get("NTK_SHARED", ROOT.parent / "shared"))
# sections covered so far, per paper (the rest of an inventory is future work)
IN_SCOPE = {"wei2019": {"Abstract", "1", "2", "A", "B", "D"}, "arora2019": None}

yaml = pytest.importorskip("yaml")
pytestmark = pytest.mark.skipif(not (SHARED / "claims").is_dir(),
                                reason=f"claim inventory not found under {SHARED}")


@pytest.fixture(scope="module")
def registry():
    return discover()


def inventory(paper):
    return yaml.safe_load((SHARED / "claims" / f"{paper}.yaml").read_text())["claims"]


def in_scope(paper):
    sections = IN_SCOPE[paper]
    return [c for c in inventory(paper) if sections is None or str(c["section"]) in sections]


@pytest.mark.parametrize("paper", sorted(IN_SCOPE))
def test_every_in_scope_id_is_registered(registry, paper):
    missing = [c["id"] for c in in_scope(paper) if c["id"] not in registry.claims]
    assert not missing, f"inventory ids without a module: {missing}"


@pytest.mark.parametrize("paper", sorted(IN_SCOPE))
def test_labels_and_dependencies_follow_the_inventory(registry, paper):
    for entry in in_scope(paper):
        claim = registry.get(entry["id"])
        assert set(claim.depends_on) >= set(entry.get("depends_on") or []) - {entry["id"]}, entry["id"]


def prose_runs(text, k=8):
    """Runs of k consecutive words of which at least k - 2 are words of 4+ letters (prose, not
    formula symbols)."""
    words = re.findall(r"[a-z]+", text.lower())
    runs = (tuple(words[i:i + k]) for i in range(len(words) - k + 1))
    return {r for r in runs if sum(len(w) >= 4 for w in r) >= k - 2}


@pytest.mark.parametrize("paper", sorted(IN_SCOPE))
def test_statements_are_not_copied_from_the_inventory(registry, paper):
    theirs = set().union(*(prose_runs(c["statement"]) for c in inventory(paper)))
    copied = {cid: sorted(prose_runs(registry.get(cid).statement) & theirs)[:2]
              for cid in registry.claims if cid.startswith(paper + ".")}
    copied = {k: [" ".join(r) for r in v] for k, v in copied.items() if v}
    assert not copied, f"statements sharing 8-word prose runs with the inventory: {copied}"


def test_prose_runs_detects_a_copy():
    sentence = "the regularized network learns the distribution with linearly many samples"
    assert prose_runs(sentence) & prose_runs("we see that " + sentence)
    assert not prose_runs("x_i^T x_j / (2 pi) (pi - arccos(x_i^T x_j)) for i j")
