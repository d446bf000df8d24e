"""A seeded, documented generator of professional-network graphs (issue 4).

The model, for N members and a seed (everything drawn from one
``numpy.random.default_rng(seed)``, so the same (N, seed) always gives the same
graph):

1. **Target degrees.** Each member draws a target degree from a lognormal with
   mean 100 and σ = 1 (so μ = ln 100 − σ²/2 and the median is about 61), capped at
   30,000.
2. **Communities.** Members are split, in order, into communities whose sizes are
   drawn uniformly from 200–2,000 (a last remainder under 200 joins the one
   before; if that passes 2,000 the two are split evenly). Ten consecutive
   communities form a super-community.
3. **Connections.** Each member starts about half its target degree in
   connections (⌊d/2⌋, plus one with probability d/2 − ⌊d/2⌋); it receives
   about the other half as the far end of other members' connections. Each
   started connection lands inside the member's community with probability
   0.5, inside its super-community with probability 0.3 and anywhere with
   probability 0.2, and its far end is drawn within that scope in proportion to
   target degree (a Chung–Lu draw, by binary search in the cumulative target
   degrees). In expectation each member then has its target degree, half of it
   inside its community, 30 % in its super-community and 20 % anywhere.
4. **Clean-up.** Self-pairs are dropped and repeated pairs kept once, so the
   final degrees are a little under the targets (most for big members of small
   communities): about 47 million connections for N = 1,000,000.
5. **Member ids.** A random permutation renumbers the members, so a community's
   members are scattered over the id range as members who joined at different
   times would be (no benchmark gains from id locality).

The output is two int32 arrays ``low < high``, one entry per undirected
connection, sorted. Everything is vectorised numpy, in chunks of a few million
connections; the full graph takes about a minute. The result is cached as .npy
under ``var/bench/graph/`` keyed by (N, seed, generator version).

    python -m bench.graph_generate --members 1000000 --seed 1
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

VERSION = 1
MEAN_DEGREE = 100.0
SIGMA = 1.0
DEGREE_CAP = 30_000
COMMUNITY_MIN, COMMUNITY_MAX = 200, 2_000
SUPER = 10  # communities per super-community
P_COMMUNITY, P_SUPER = 0.5, 0.3  # the rest (0.2): anywhere
CHUNK = 4_000_000
CACHE = Path(__file__).resolve().parent.parent / "var" / "bench" / "graph"


@dataclass(frozen=True)
class Graph:
    """An undirected graph over nodes 0 … n - 1: each pair once, low < high."""

    n: int
    seed: int
    low: np.ndarray
    high: np.ndarray
    seconds: float  # generation time (when read from the cache: as measured then)
    cached: bool

    @property
    def edges(self) -> int:
        return int(self.low.shape[0])

    def degrees(self) -> np.ndarray:
        return np.bincount(self.low, minlength=self.n) + np.bincount(self.high, minlength=self.n)


def community_sizes(n: int, rng: np.random.Generator) -> np.ndarray:
    """Sizes drawn from 200–2,000 that add up to n (see the module docstring)."""
    if n <= COMMUNITY_MAX:
        return np.array([n], np.int64)
    sizes = rng.integers(COMMUNITY_MIN, COMMUNITY_MAX + 1, size=n // COMMUNITY_MIN + 1)
    ends = np.cumsum(sizes)
    count = int(np.searchsorted(ends, n)) + 1  # communities needed to reach n
    sizes = sizes[:count].copy()
    sizes[-1] = n - (ends[count - 2] if count > 1 else 0)
    if sizes[-1] < COMMUNITY_MIN and count > 1:
        merged = sizes[-2] + sizes[-1]
        sizes = sizes[:-1]
        if merged > COMMUNITY_MAX:
            sizes[-1] = merged // 2
            sizes = np.append(sizes, merged - merged // 2)
        else:
            sizes[-1] = merged
    assert sizes.sum() == n
    return sizes


def generate(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (low, high) arrays of the model, sorted, no self-pairs, no repeats; and each
    member's community (the super-community is community // 10)."""
    rng = np.random.default_rng(seed)
    mu = np.log(MEAN_DEGREE) - SIGMA**2 / 2
    target = np.minimum(rng.lognormal(mu, SIGMA, size=n), DEGREE_CAP)

    sizes = community_sizes(n, rng)
    starts = np.concatenate([[0], np.cumsum(sizes)])  # community c is [starts[c], starts[c+1])
    community = np.repeat(np.arange(sizes.shape[0]), sizes)
    super_starts = starts[::SUPER]
    super_ends = np.append(super_starts[1:], n)
    super_of = np.arange(sizes.shape[0]) // SUPER
    # Per member: the bounds of its community and super-community.
    c_lo, c_hi = starts[community], starts[community + 1]
    s_lo, s_hi = super_starts[super_of[community]], super_ends[super_of[community]]

    # Connections each member starts: d/2, randomly rounded.
    half = target / 2
    started = np.floor(half).astype(np.int64)
    started += rng.random(n) < (half - started)
    # Cumulative target degree: a far end is drawn in proportion to target degree.
    weight = np.concatenate([[0.0], np.cumsum(target)])

    total = int(started.sum())
    keys = []
    origin_all = np.repeat(np.arange(n, dtype=np.int64), started)
    for at in range(0, total, CHUNK):
        origin = origin_all[at : at + CHUNK]
        scope = rng.random(origin.shape[0])
        lo = np.where(scope < P_COMMUNITY, c_lo[origin], 0)
        hi = np.where(scope < P_COMMUNITY, c_hi[origin], n)
        in_super = (scope >= P_COMMUNITY) & (scope < P_COMMUNITY + P_SUPER)
        lo = np.where(in_super, s_lo[origin], lo)
        hi = np.where(in_super, s_hi[origin], hi)
        point = weight[lo] + rng.random(origin.shape[0]) * (weight[hi] - weight[lo])
        far = np.searchsorted(weight, point, side="right") - 1
        far = np.clip(far, lo, hi - 1)
        a = np.minimum(origin, far)
        b = np.maximum(origin, far)
        keep = a != b
        keys.append(a[keep] * n + b[keep])
    del origin_all

    # Renumber: a random permutation of member ids, then each pair once.
    perm = rng.permutation(n).astype(np.int64)
    key = np.concatenate(keys)
    del keys
    a, b = perm[key // n], perm[key % n]
    key = np.minimum(a, b) * n + np.maximum(a, b)
    del a, b
    key = np.unique(key)
    member_community = np.empty(n, np.int32)
    member_community[perm] = community
    return (key // n).astype(np.int32), (key % n).astype(np.int32), member_community


def cache_path(n: int, seed: int) -> Path:
    return CACHE / f"edges-v{VERSION}-n{n}-seed{seed}.npy"


def load(n: int, seed: int, *, quiet: bool = False) -> Graph:
    """The graph for (n, seed), from the cache or generated (and then cached)."""
    path = cache_path(n, seed)
    timing = path.with_suffix(".json")
    if path.exists() and timing.exists():
        pair = np.load(path, mmap_mode="r")
        seconds = float(json.loads(timing.read_text())["seconds"])
        return Graph(n, seed, np.asarray(pair[0]), np.asarray(pair[1]), seconds, True)
    started = time.perf_counter()
    low, high, _ = generate(n, seed)
    seconds = time.perf_counter() - started
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.stem}.tmp{os.getpid()}.npy")
    np.save(tmp, np.stack([low, high]), allow_pickle=False)
    os.replace(tmp, path)
    timing.write_text(json.dumps({"seconds": seconds, "edges": int(low.shape[0])}))
    if not quiet:
        print(f"generated {low.shape[0]:,} connections in {seconds:.1f} s: {path}", file=sys.stderr)
    return Graph(n, seed, low, high, seconds, False)


def describe(g: Graph) -> dict[str, float]:
    deg = g.degrees()
    return {
        "members": g.n,
        "connections": g.edges,
        "mean_degree": float(deg.mean()),
        "median_degree": float(np.median(deg)),
        "p99_degree": float(np.percentile(deg, 99)),
        "max_degree": int(deg.max()),
        "isolated": int((deg == 0).sum()),
        "generation_seconds": round(g.seconds, 1),
        "cached": g.cached,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(describe(load(args.members, args.seed))))


if __name__ == "__main__":
    main()
