"""Bipartite null models of a plan: the BiCM, Poisson-binomial tails and curveball sampling.

Three building blocks of the significance tests in :mod:`yjgraph.analysis.backbone`
and :mod:`yjgraph.analysis.inference`, each on a tasks x units 0/1 matrix:

- :func:`bicm_probabilities`: the bipartite configuration model (BiCM;
  Saracco et al. 2015, 2017), the maximum-entropy ensemble whose *expected*
  task and unit degrees equal the observed ones. Cell ``(t, u)`` is filled
  with probability ``p = x_t y_u / (1 + x_t y_u)``; the fitnesses ``x, y``
  solve the degree equations, found here by Newton's method on the (convex)
  log-likelihood over the distinct degrees.
- :func:`poisson_binomial_cdf`: the exact distribution of a sum of
  independent Bernoulli variables whose probabilities take a few distinct
  values (a sum of binomials), by convolution.
- :func:`curveball`: the *fixed* degree sequence model sampled by global
  curveball trades (Strona et al. 2014; Carstens et al. 2018): tasks are
  paired at random and each pair swaps a random part of the units that only
  one of them has, so every task keeps its number of units and every unit
  its number of tasks (and, as the cells move with their values, its number
  of leads and supports).

Multiple-testing corrections (:func:`adjust_pvalues`) are here too.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from scipy import fft
from scipy.special import gammaln

__all__ = ["bicm_classes", "bicm_probabilities", "poisson_binomial_cdf", "curveball", "adjust_pvalues",
           "CORRECTIONS"]

#: Multiple-testing corrections understood by :func:`adjust_pvalues`.
CORRECTIONS = ("fdr_bh", "holm", "bonferroni", None)
#: Largest absolute degree residual accepted from the BiCM solver.
BICM_TOL = 1e-10


def _fixed_cells(rows: np.ndarray, cols: np.ndarray, mr: np.ndarray, mc: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cells that are 1 in every matrix with these degrees, and the rows and columns left free.

    ``rows`` and ``cols`` are distinct degrees, ``mr`` and ``mc`` how many
    nodes have each. A node whose remaining degree is 0 is *empty* (0 in
    every free cell); one whose remaining degree equals the number of free
    nodes on the other side is *full* (1 in all of them). Fixing nodes
    changes the other side's remaining degrees, hence the loop, which fixes
    empty nodes before full ones and records when each was fixed: a full row
    is 1 in every column except those emptied before it, and the same for
    full columns.

    Returns ``(ones, free_rows, free_cols)`` over the degree classes.
    """
    state_r = np.zeros(len(rows), np.int8)  # 0 free, 1 full, -1 empty
    state_c = np.zeros(len(cols), np.int8)
    when_r = np.zeros(len(rows), np.int64)
    when_c = np.zeros(len(cols), np.int64)
    step = 0
    while True:
        step += 1
        free_r, free_c = state_r == 0, state_c == 0
        left_r = rows - mc[state_c == 1].sum()
        left_c = cols - mr[state_r == 1].sum()
        empty_r, empty_c = free_r & (left_r == 0), free_c & (left_c == 0)
        if empty_r.any() or empty_c.any():
            state_r[empty_r], state_c[empty_c] = -1, -1
            when_r[empty_r], when_c[empty_c] = step, step
            continue
        full_r = free_r & (left_r >= mc[free_c].sum())
        full_c = free_c & (left_c >= mr[free_r].sum())
        if not full_r.any() and not full_c.any():
            break
        state_r[full_r], state_c[full_c] = 1, 1
        when_r[full_r], when_c[full_c] = step, step
    emptied_before_r = (state_c[None, :] == -1) & (when_c[None, :] < when_r[:, None])
    emptied_before_c = (state_r[:, None] == -1) & (when_r[:, None] < when_c[None, :])
    ones = ((state_r[:, None] == 1) & ~emptied_before_r) | ((state_c[None, :] == 1) & ~emptied_before_c)
    return ones, state_r == 0, state_c == 0


def _solve_classes(dr: np.ndarray, mr: np.ndarray, dc: np.ndarray, mc: np.ndarray,
                   tol: float, max_iter: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Log-fitnesses ``(a, b)`` of the distinct row and column degrees ``dr, dc``
    (with multiplicities ``mr, mc``): ``sum_j mc_j sigmoid(a_i + b_j) = dr_i`` and
    the same for columns. Damped Newton steps on the convex negative log-likelihood.
    """
    total = float(dr @ mr)
    a = np.log(dr / np.sqrt(total))
    b = np.log(dc / np.sqrt(total))

    def state(a, b):
        z = a[:, None] + b[None, :]
        p = 0.5 * (1 + np.tanh(z / 2))  # the logistic function, without overflow
        f = -(mr * dr) @ a - (mc * dc) @ b + mr @ np.logaddexp(0, z) @ mc
        return p, f

    p, f = state(a, b)
    for _ in range(max_iter):
        g_r = mr * (p @ mc - dr)
        g_c = mc * (mr @ p - dc)
        if max(np.abs(g_r / mr).max(), np.abs(g_c / mc).max()) < tol:
            return a, b
        w = p * (1 - p) * mr[:, None] * mc[None, :]
        n_r = len(a)
        H = np.empty((n_r + len(b),) * 2)
        H[:n_r, :n_r] = np.diag(w.sum(1))
        H[n_r:, n_r:] = np.diag(w.sum(0))
        H[:n_r, n_r:] = w
        H[n_r:, :n_r] = w.T
        g = np.r_[g_r, g_c]
        # the gauge direction (a + c, b - c) is a null space of H: least squares ignores it
        step = np.linalg.lstsq(H, -g, rcond=None)[0]
        t = 1.0
        while True:
            a2, b2 = a + t * step[:n_r], b + t * step[n_r:]
            p2, f2 = state(a2, b2)
            if f2 <= f + 1e-4 * t * (g @ step) or t < 1e-10:
                break
            t /= 2
        a, b, p, f = a2, b2, p2, f2
    raise RuntimeError("the BiCM degree equations did not converge")


def bicm_classes(rows: np.ndarray, cols: np.ndarray, *, tol: float = BICM_TOL
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The BiCM on degree classes: nodes of equal degree have equal probabilities.

    Parameters
    ----------
    rows, cols : int arrays
        The row and the column degrees.
    tol : float
        Largest absolute difference accepted between expected and observed degrees.

    Returns
    -------
    (P, row_class, col_class)
        ``P[i, j]`` is the probability of a cell whose row is in class ``i`` and
        column in class ``j``; ``row_class`` and ``col_class`` give each node's class
        (classes are the sorted distinct degrees).

    Examples
    --------
    >>> P, rc, cc = bicm_classes(np.array([2, 1, 3, 1]), np.array([3, 3, 1]))
    >>> P[rc][:, cc].sum(axis=1), rc.tolist()
    (array([2., 1., 3., 1.]), [1, 0, 2, 0])
    """
    rows, cols = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
    dr, rc, mr = np.unique(rows, return_inverse=True, return_counts=True)
    dc, cc, mc = np.unique(cols, return_inverse=True, return_counts=True)
    ones, r_free, c_free = _fixed_cells(dr, dc, mr, mc)
    P = ones.astype(float)
    if r_free.any() and c_free.any():
        left_r = dr[r_free] - ones[r_free] @ mc
        left_c = dc[c_free] - mr @ ones[:, c_free]
        # classes of equal remaining degree are merged for the solver
        ur, ir = np.unique(left_r, return_inverse=True)
        uc, ic = np.unique(left_c, return_inverse=True)
        nr = np.bincount(ir, weights=mr[r_free])
        nc = np.bincount(ic, weights=mc[c_free])
        a, b = _solve_classes(ur.astype(float), nr, uc.astype(float), nc, tol)
        z = a[ir][:, None] + b[ic][None, :]
        P[np.ix_(r_free, c_free)] = 0.5 * (1 + np.tanh(z / 2))
    return P, rc.ravel(), cc.ravel()


def bicm_probabilities(B, *, tol: float = BICM_TOL) -> np.ndarray:
    """Cell probabilities of the bipartite configuration model of a 0/1 matrix.

    Parameters
    ----------
    B : array or scipy.sparse matrix
        0/1 (or boolean) matrix, rows x columns (tasks x units).
    tol : float
        Largest absolute difference accepted between expected and observed degrees.

    Returns
    -------
    numpy.ndarray
        Dense float matrix ``P`` of the shape of ``B``: ``P.sum(axis=1)``
        equals the row degrees and ``P.sum(axis=0)`` the column degrees.

    Examples
    --------
    >>> import numpy as np
    >>> B = np.array([[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 1, 0]])
    >>> P = bicm_probabilities(B)
    >>> np.allclose(P.sum(1), B.sum(1)), np.allclose(P.sum(0), B.sum(0))
    (True, True)
    >>> P  # row 2 names every unit; then row 0 must take both units left
    array([[1. , 1. , 0. ],
           [0.5, 0.5, 0. ],
           [1. , 1. , 1. ],
           [0.5, 0.5, 0. ]])
    """
    B = B.toarray() if hasattr(B, "toarray") else np.asarray(B)
    P, rc, cc = bicm_classes(B.sum(axis=1), B.sum(axis=0), tol=tol)
    return P[rc][:, cc]


def _binom_pmf(n: int, q: np.ndarray, L: int) -> np.ndarray:
    """Binomial(n, q) probabilities of 0..L-1 for each q (rows), by log-recursion."""
    k = np.arange(L)
    with np.errstate(divide="ignore", invalid="ignore"):
        lq, l1q = np.log(q)[:, None], np.log1p(-q)[:, None]
        # log C(n, k) + k log q + (n - k) log(1 - q), zero beyond n
        logc = gammaln(n + 1) - gammaln(k + 1) - gammaln(np.maximum(n - k, 0) + 1)
        out = np.exp(logc[None, :] + k[None, :] * lq + (n - k)[None, :] * l1q)
    out[:, k > n] = 0.0
    out[q == 0, :] = 0.0
    out[q == 0, 0] = 1.0
    full = q == 1
    out[full, :] = 0.0
    if n < L:
        out[full, n] = 1.0
    return np.nan_to_num(out, nan=0.0)


def poisson_binomial_cdf(q: np.ndarray, counts: np.ndarray, L: int) -> np.ndarray:
    """Exact CDF at 0..L-1 of sums of independent binomials, one sum per row of ``q``.

    Row ``g`` is the distribution of ``sum_d Binomial(counts[d], q[g, d])``:
    a Poisson-binomial variable whose Bernoulli probabilities take the values
    ``q[g, d]``, each ``counts[d]`` times. The probability functions are
    convolved (directly, or by FFT when ``L`` is large), keeping the first ``L``
    values at every step, which is exact for those values.

    Parameters
    ----------
    q : array of shape (groups, classes)
    counts : int array of shape (classes,)
    L : int
        Number of values kept (0..L-1).

    Returns
    -------
    numpy.ndarray of shape (groups, L)

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.stats import binom
    >>> cdf = poisson_binomial_cdf(np.array([[0.2, 0.2]]), np.array([3, 4]), 8)
    >>> np.allclose(cdf[0], binom.cdf(np.arange(8), 7, 0.2))
    True
    """
    q = np.clip(np.asarray(q, float), 0.0, 1.0)
    G = q.shape[0]
    pmf = np.zeros((G, L))
    pmf[:, 0] = 1.0
    nfft = fft.next_fast_len(2 * L - 1, real=True)
    for d, n in enumerate(np.asarray(counts, np.int64)):
        if n == 0:
            continue
        b = _binom_pmf(int(n), q[:, d], L)
        if L <= 48:
            new = np.zeros_like(pmf)
            for j in range(L):
                new[:, j:] += pmf[:, j : j + 1] * b[:, : L - j]
            pmf = new
        else:
            pmf = fft.irfft(fft.rfft(pmf, nfft, axis=1) * fft.rfft(b, nfft, axis=1), nfft,
                            axis=1)[:, :L]
            np.clip(pmf, 0.0, None, out=pmf)
    return np.minimum(np.cumsum(pmf, axis=1), 1.0)


def curveball(M: np.ndarray, *, rounds: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Global curveball trades on the rows of ``M``, yielding the matrix after every round.

    In one round the rows are paired at random (one left out if their number
    is odd) and every pair trades: the columns that exactly one of the two
    rows fills are pooled and dealt back at random, each row getting as many
    as it gave. Cells carry their value (0 means empty), so row and column
    counts of every value are kept. ``M`` is modified in place; each yielded
    matrix is ``M`` itself (copy it to keep it).

    Parameters
    ----------
    M : numpy.ndarray
        rows x columns, 0 where empty.
    rounds : int
        Number of rounds.
    rng : numpy.random.Generator

    Examples
    --------
    >>> import numpy as np
    >>> M = np.array([[1, 2, 0, 0], [0, 1, 1, 0], [1, 0, 0, 2], [0, 0, 1, 1]])
    >>> before = [(M == v).sum(0).tolist() for v in (1, 2)], (M > 0).sum(1).tolist()
    >>> for X in curveball(M, rounds=50, rng=np.random.default_rng(0)):
    ...     pass
    >>> after = [(M == v).sum(0).tolist() for v in (1, 2)], (M > 0).sum(1).tolist()
    >>> after == before
    True
    """
    R, C = M.shape
    half = R // 2
    if half == 0 or C == 0:
        for _ in range(rounds):
            yield M
        return
    cols = np.arange(C)
    for _ in range(rounds):
        perm = rng.permutation(R)
        ia, ib = perm[:half], perm[half : 2 * half]
        A, Bm = M[ia], M[ib]
        in_a, in_b = A != 0, Bm != 0
        excl = in_a ^ in_b
        n_a = (in_a & ~in_b).sum(axis=1)
        keys = rng.random(excl.shape)
        keys[~excl] = 2.0
        order = np.argsort(keys, axis=1)
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, cols[None, :].repeat(half, 0), axis=1)
        to_a = excl & (rank < n_a[:, None])
        to_b = excl & ~to_a
        value = np.where(in_a, A, Bm)  # the value of an exclusive cell, wherever it goes
        shared = in_a & in_b
        M[ia] = np.where(shared, A, np.where(to_a, value, 0))
        M[ib] = np.where(shared, Bm, np.where(to_b, value, 0))
        yield M


def adjust_pvalues(p: np.ndarray, method: str | None = "fdr_bh", *, n_tests: int | None = None) -> np.ndarray:
    """Adjusted p-values for multiple testing.

    Parameters
    ----------
    p : array
        Raw p-values.
    method : {"fdr_bh", "holm", "bonferroni", None}
        Benjamini & Hochberg (1995) false discovery rate, Holm (1979)
        family-wise error rate, Bonferroni, or none (``p`` returned).
    n_tests : int, optional
        Number of tests in the family when ``p`` lists only some of them and
        the others have p-value 1 (e.g. unit pairs that share no task); default
        ``len(p)``. The adjusted values of the listed tests are the same as if
        the others had been passed.

    Examples
    --------
    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.20], "fdr_bh").round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.2]
    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.20], "holm").round(4).tolist()
    [0.04, 0.09, 0.09, 0.2]
    >>> adjust_pvalues([0.01, 0.04], "fdr_bh", n_tests=4).round(4).tolist()
    [0.04, 0.08]
    """
    p = np.asarray(p, float)
    m = len(p) if n_tests is None else int(n_tests)
    if m < len(p):
        raise ValueError(f"n_tests={m} is less than the {len(p)} p-values given")
    if method is None or len(p) == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    ps = p[order]
    i = np.arange(1, len(p) + 1)
    if method == "fdr_bh":
        adj = np.minimum.accumulate((ps * m / i)[::-1])[::-1]
    elif method == "holm":
        adj = np.maximum.accumulate(ps * (m - i + 1))
    elif method == "bonferroni":
        adj = ps * m
    else:
        raise ValueError(f"unknown correction {method!r}; expected one of {CORRECTIONS}")
    out = np.empty_like(p)
    out[order] = np.minimum(adj, 1.0)
    return out
