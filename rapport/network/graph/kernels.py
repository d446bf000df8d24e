"""Numba kernels over the adjacency: a CSR base plus a small patch of rewritten rows.

Every kernel takes the graph as one tuple ``G = (indptr, indices, slot, pptr, pidx)``:

- ``indptr`` (int64, n_base + 1) and ``indices`` (int32): the snapshot's CSR, each
  row sorted ascending, no duplicates, no self-loops;
- ``slot`` (int32, n): for a member whose row changed since the snapshot, the row's
  number in the patch, else -1 (its length is the number of nodes the index knows);
- ``pptr`` (int64) and ``pidx`` (int32): the patch rows, each a member's full,
  sorted, current neighbour list.

All five arrays are read-only, so the kernels compile once whether the base is a
memory-mapped snapshot or was built in memory. Scratch arrays (``mark``,
``count``, ``buf``) are reused between calls: a node is "seen in this call" when
``mark[x] >= stamp``, and ``mark[x] - stamp`` is its level (0 the origin,
1 its connections, 2 their connections, 3 excluded). The caller moves ``stamp``
on by 4 per call instead of clearing the arrays.
"""

from __future__ import annotations

import numpy as np
from numba import njit

SELF, FIRST, SECOND, EXCLUDED = 0, 1, 2, 3


@njit(cache=True, nogil=True, inline="always")
def _row(G, u):
    indptr, indices, slot, pptr, pidx = G
    if u >= 0 and u < slot.shape[0]:
        s = slot[u]
        if s >= 0:
            return pidx[pptr[s] : pptr[s + 1]]
        if u < indptr.shape[0] - 1:
            return indices[indptr[u] : indptr[u + 1]]
    return indices[0:0]


@njit(cache=True, nogil=True)
def _reach(G, row):
    """The work of looking one step beyond `row`: the sum of its members' degrees."""
    total = 0
    for i in range(row.shape[0]):
        total += _row(G, row[i]).shape[0]
    return total


@njit(cache=True, nogil=True)
def _contains(row, v):
    lo, hi = 0, row.shape[0]
    while lo < hi:
        mid = (lo + hi) >> 1
        if row[mid] < v:
            lo = mid + 1
        else:
            hi = mid
    return lo < row.shape[0] and row[lo] == v


@njit(cache=True, nogil=True)
def _intersect(x, y, out, limit):
    """Count the common members of two sorted rows; write the first `limit` into `out`."""
    if x.shape[0] > y.shape[0]:
        x, y = y, x
    nx, ny = x.shape[0], y.shape[0]
    count = 0
    if nx == 0:
        return 0
    if nx * 32 < ny:
        # Very different sizes: binary-search each of the few in the many.
        lo = 0
        for i in range(nx):
            v = x[i]
            hi = ny
            while lo < hi:
                mid = (lo + hi) >> 1
                if y[mid] < v:
                    lo = mid + 1
                else:
                    hi = mid
            if lo >= ny:
                break
            if y[lo] == v:
                if count < limit:
                    out[count] = v
                count += 1
                lo += 1
        return count
    i = 0
    j = 0
    while i < nx and j < ny:
        a = x[i]
        b = y[j]
        if a < b:
            i += 1
        elif a > b:
            j += 1
        else:
            if count < limit:
                out[count] = a
            count += 1
            i += 1
            j += 1
    return count


@njit(cache=True, nogil=True)
def mutual(G, a, b, out, limit):
    if a == b:
        return 0
    return _intersect(_row(G, a), _row(G, b), out, limit)


@njit(cache=True, nogil=True)
def _meets(x, y):
    """Whether two sorted rows share a member: merge, or binary search when one is tiny."""
    if x.shape[0] > y.shape[0]:
        x, y = y, x
    nx, ny = x.shape[0], y.shape[0]
    if nx == 0:
        return False
    if nx * 32 < ny:
        lo = 0
        for i in range(nx):
            v = x[i]
            hi = ny
            while lo < hi:
                mid = (lo + hi) >> 1
                if y[mid] < v:
                    lo = mid + 1
                else:
                    hi = mid
            if lo >= ny:
                return False
            if y[lo] == v:
                return True
        return False
    i = j = 0
    while i < nx and j < ny:
        if x[i] < y[j]:
            i += 1
        elif x[i] > y[j]:
            j += 1
        else:
            return True
    return False


@njit(cache=True, nogil=True)
def distance(G, a, b, mark, stamp):
    """0–3, or -1 beyond the 3rd degree. Marks the side that is dearer to expand."""
    if a == b:
        return 0
    ra = _row(G, a)
    rb = _row(G, b)
    if ra.shape[0] == 0 or rb.shape[0] == 0:
        return -1
    if ra.shape[0] <= rb.shape[0]:
        if _contains(ra, b):
            return 1
    elif _contains(rb, a):
        return 1
    # A shared connection answers 2 from the two sorted rows alone, before the
    # costlier look at the neighbours' own degrees.
    if _meets(ra, rb):
        return 2
    # Expand from the side whose neighbours have fewer neighbours; mark the other.
    if _reach(G, ra) < _reach(G, rb):
        ra, rb = rb, ra
    for i in range(ra.shape[0]):
        mark[ra[i]] = stamp + FIRST
    for i in range(rb.shape[0]):
        row = _row(G, rb[i])
        for j in range(row.shape[0]):
            if mark[row[j]] == stamp + FIRST:
                return 3
    return -1


@njit(cache=True, nogil=True)
def _mark_first(G, u, mark, stamp):
    row = _row(G, u)
    for i in range(row.shape[0]):
        mark[row[i]] = stamp + FIRST
    mark[u] = stamp + SELF
    return row


@njit(cache=True, nogil=True)
def _shade(skip, mark, stamp):
    """Mark the connections in `skip` as connections that are never passed through:
    they stay 1st degree, but nobody is reached through them (their list is private)."""
    for i in range(skip.shape[0]):
        x = skip[i]
        if 0 <= x < mark.shape[0] and mark[x] == stamp + FIRST:
            mark[x] = stamp + EXCLUDED


@njit(cache=True, nogil=True)
def _mark_second(G, first, mark, stamp):
    size = 0
    for i in range(first.shape[0]):
        if mark[first[i]] == stamp + EXCLUDED:
            continue
        row = _row(G, first[i])
        for j in range(row.shape[0]):
            y = row[j]
            if mark[y] < stamp:
                mark[y] = stamp + SECOND
                size += 1
    return size


@njit(cache=True, nogil=True)
def second_degree_size(G, u, skip, mark, stamp):
    """Members exactly two hops away, not counting those reached only through `skip`."""
    if u < 0 or u >= mark.shape[0]:
        return 0
    first = _mark_first(G, u, mark, stamp)
    _shade(skip, mark, stamp)
    return _mark_second(G, first, mark, stamp)


@njit(cache=True, nogil=True)
def degrees_through(G, viewer, targets, skip, out, cand, cand_n, cap, mark, stamp, budget):
    """Degrees that pass only through members whose connections the viewer may see.

    `skip` are the viewer's connections whose list is private: they are 1st degree
    themselves, but nobody is 2nd or 3rd degree through them. Into `out`: 0, 1 or 2;
    -1 beyond; -2 when the target is 3rd degree through one of its `cand_n[t]`
    neighbours listed in `cand[t * cap:]` (members at the 2nd degree), which counts
    only if one of them shows their list to everyone — the caller decides.
    """
    n = mark.shape[0]
    first = _mark_first(G, viewer, mark, stamp) if 0 <= viewer < n else _row(G, -1)
    _shade(skip, mark, stamp)
    reach = 0
    for i in range(first.shape[0]):
        if mark[first[i]] == stamp + FIRST:
            reach += _row(G, first[i]).shape[0]
    whole = reach <= budget
    if whole:
        _mark_second(G, first, mark, stamp)
    for t in range(targets.shape[0]):
        cand_n[t] = 0
        x = targets[t]
        if x == viewer:
            out[t] = 0
            continue
        if x < 0 or x >= n or first.shape[0] == 0:
            out[t] = -1
            continue
        m = mark[x] - stamp
        if m == SECOND:
            out[t] = 2
            continue
        if SELF < m <= EXCLUDED:  # a connection, whether or not others are reached via them
            out[t] = 1
            continue
        row = _row(G, x)
        found = -1
        if not whole:
            for i in range(row.shape[0]):
                if mark[row[i]] == stamp + FIRST:
                    found = 2
                    break
        if found == 2:
            out[t] = 2
            continue
        c = 0
        for i in range(row.shape[0]):
            r = row[i]
            level = mark[r] - stamp
            if SELF <= level <= EXCLUDED and level != SECOND:  # the viewer or a connection
                continue
            second = level == SECOND
            if not whole:
                inner = _row(G, r)
                for j in range(inner.shape[0]):
                    if mark[inner[j]] == stamp + FIRST:
                        second = True
                        break
            if second:
                cand[t * cap + c] = r
                c += 1
                if c == cap:
                    break
        cand_n[t] = c
        out[t] = -2 if c > 0 else -1


@njit(cache=True, nogil=True)
def _mark_excluded(exclude, mark, stamp):
    for i in range(exclude.shape[0]):
        x = exclude[i]
        if 0 <= x < mark.shape[0]:
            mark[x] = stamp + EXCLUDED


@njit(cache=True, nogil=True)
def suggestions(G, u, k, exclude, skip, mark, count, buf, stamp):
    """Top-k non-connections by mutual connections, ties by lower id: (ids, counts).
    Connections in `skip` (private lists) neither lead to suggestions nor count."""
    if u < 0 or u >= mark.shape[0] or k <= 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    _mark_excluded(exclude, mark, stamp)
    first = _mark_first(G, u, mark, stamp)
    _shade(skip, mark, stamp)
    found = 0
    best = 0
    for i in range(first.shape[0]):
        if mark[first[i]] == stamp + EXCLUDED:
            continue
        row = _row(G, first[i])
        for j in range(row.shape[0]):
            y = row[j]
            m = mark[y]
            if m < stamp:
                mark[y] = stamp + SECOND
                count[y] = 1
                buf[found] = y
                found += 1
            elif m == stamp + SECOND:
                c = count[y] + 1
                count[y] = c
                if c > best:
                    best = c
    if found == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    best = max(best, 1)
    # The smallest mutual count that still makes the top k, from a histogram of counts.
    hist = np.zeros(best + 1, np.int64)
    for i in range(found):
        hist[count[buf[i]]] += 1
    threshold = best
    above = 0
    while threshold > 1 and above + hist[threshold] < k:
        above += hist[threshold]
        threshold -= 1
    chosen = np.empty(min(found, k + hist[threshold]), np.int64)
    ties = np.empty(hist[threshold], np.int64)
    nc = 0
    nt = 0
    for i in range(found):
        y = buf[i]
        c = count[y]
        if c > threshold:
            chosen[nc] = y
            nc += 1
        elif c == threshold:
            ties[nt] = y
            nt += 1
    room = min(k - nc, nt)
    if room > 0:
        if room < nt:
            ties = np.partition(ties, room - 1)[:room]
        for i in range(room):
            chosen[nc] = ties[i]
            nc += 1
    chosen = chosen[:nc]
    keys = np.empty(nc, np.int64)
    span = mark.shape[0]
    for i in range(nc):
        keys[i] = (best - count[chosen[i]]) * span + chosen[i]
    order = np.argsort(keys)
    ids = np.empty(nc, np.int64)
    counts = np.empty(nc, np.int64)
    for i in range(nc):
        ids[i] = chosen[order[i]]
        counts[i] = count[ids[i]]
    return ids, counts


@njit(cache=True, nogil=True)
def paths(G, a, b, k, exclude, exclude_far, mark, stamp):
    """Up to k simple paths a → b of at most 3 hops, shortest first, avoiding `exclude`
    as intermediate members, and `exclude_far` (sorted) as the second step of a
    three-hop path (the one next to b). Returned flat: (lengths in hops, members of
    each path)."""
    lengths = np.empty(k, np.int64)
    nodes = np.empty(k * 4, np.int64)
    n = 0
    w = 0
    if a == b or k <= 0 or a < 0 or b < 0 or a >= mark.shape[0] or b >= mark.shape[0]:
        return lengths[:0], nodes[:0]
    ra = _row(G, a)
    rb = _row(G, b)
    if _contains(ra, b):
        lengths[0] = 1
        nodes[0] = a
        nodes[1] = b
        n = 1
        w = 2
    _mark_excluded(exclude, mark, stamp)
    i = 0
    j = 0
    while n < k and i < ra.shape[0] and j < rb.shape[0]:
        x = ra[i]
        y = rb[j]
        if x < y:
            i += 1
        elif x > y:
            j += 1
        else:
            if mark[x] != stamp + EXCLUDED:
                lengths[n] = 2
                nodes[w] = a
                nodes[w + 1] = x
                nodes[w + 2] = b
                n += 1
                w += 3
            i += 1
            j += 1
    if n >= k:
        return lengths[:n], nodes[:w]
    # a–x–y–b: mark one side's connections, walk out from the side that is cheaper.
    forward = _reach(G, ra) <= _reach(G, rb)
    near, far, start, end = (ra, rb, a, b) if forward else (rb, ra, b, a)
    # The second step is the one in b's row: `far` when walking forward, `near` back.
    for t in range(far.shape[0]):
        z = far[t]
        fenced = forward and _contains(exclude_far, z)
        if z != start and mark[z] != stamp + EXCLUDED and not fenced:
            mark[z] = stamp + FIRST
    for s in range(near.shape[0]):
        x = near[s]
        if x == end or mark[x] == stamp + EXCLUDED:
            continue
        if not forward and _contains(exclude_far, x):
            continue
        row = _row(G, x)
        for t in range(row.shape[0]):
            y = row[t]
            if y != start and mark[y] == stamp + FIRST:
                lengths[n] = 3
                if forward:
                    nodes[w], nodes[w + 1], nodes[w + 2], nodes[w + 3] = a, x, y, b
                else:
                    nodes[w], nodes[w + 1], nodes[w + 2], nodes[w + 3] = a, y, x, b
                n += 1
                w += 4
                if n >= k:
                    return lengths[:n], nodes[:w]
    return lengths[:n], nodes[:w]


@njit(cache=True, nogil=True)
def vias(G, viewer, targets, exclude, out, mark, stamp):
    """For each target, the lowest-id connection it shares with the viewer, not in
    `exclude` (-1 if none)."""
    if 0 <= viewer < mark.shape[0]:
        _mark_excluded(exclude, mark, stamp)
        row = _row(G, viewer)
        for i in range(row.shape[0]):
            if mark[row[i]] != stamp + EXCLUDED:
                mark[row[i]] = stamp + FIRST
    for t in range(targets.shape[0]):
        out[t] = -1
        x = targets[t]
        if x == viewer or not 0 <= viewer < mark.shape[0]:
            continue
        row = _row(G, x)
        for i in range(row.shape[0]):
            if mark[row[i]] == stamp + FIRST:
                out[t] = row[i]
                break
