"""Numba kernels that make whole adjacencies: from pairs, and from base plus patch."""

from __future__ import annotations

import numpy as np
from numba import njit

from rapport.network.graph.kernels import _row


@njit(cache=True, nogil=True)
def row_sizes(G, n):
    out = np.empty(n, np.int64)
    for u in range(n):
        out[u] = _row(G, u).shape[0]
    return out


@njit(cache=True, nogil=True)
def merge(G, n):
    """A plain CSR of base and patch together: what compaction writes."""
    indptr = np.zeros(n + 1, np.int64)
    for u in range(n):
        indptr[u + 1] = indptr[u] + _row(G, u).shape[0]
    indices = np.empty(indptr[n], np.int32)
    for u in range(n):
        row = _row(G, u)
        start = indptr[u]
        for i in range(row.shape[0]):
            indices[start + i] = row[i]
    return indptr, indices


@njit(cache=True, nogil=True)
def build(n, src, dst):
    """A symmetric CSR from undirected pairs, in O(edges): count, scatter, sort each
    row, drop duplicates and self-pairs. Returns (indptr, indices, entries)."""
    deg = np.zeros(n + 1, np.int64)
    for i in range(src.shape[0]):
        a = src[i]
        b = dst[i]
        if a != b:
            deg[a + 1] += 1
            deg[b + 1] += 1
    for u in range(n):
        deg[u + 1] += deg[u]
    indptr = deg
    pos = indptr[:-1].copy()
    indices = np.empty(indptr[n], np.int32)
    for i in range(src.shape[0]):
        a = src[i]
        b = dst[i]
        if a != b:
            indices[pos[a]] = b
            pos[a] += 1
            indices[pos[b]] = a
            pos[b] += 1
    w = 0
    start = 0
    for u in range(n):
        end = indptr[u + 1]
        indices[start:end].sort()
        prev = -1
        for i in range(start, end):
            v = indices[i]
            if v != prev:
                indices[w] = v
                w += 1
                prev = v
        start = end
        indptr[u + 1] = w
    return indptr, indices, w
