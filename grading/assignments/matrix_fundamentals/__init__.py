"""Homework 1, ``matrix_fundamentals``: rref, the SVD from the eigenvalue problem, rank,
the four fundamental subspaces and their projectors, the pseudo-inverse, left and right
inverses, and the inverse problem of the linear model (least squares).

- ``reference``: the reference solutions (the source notebook's solution cells);
- ``inputs``: hidden-input generators (seeded, well conditioned, at most 8 x 8);
- ``judges``: subspace, SVD, Penrose and other judges that accept every valid answer;
- ``checks``: ``CHECKS``, the registered hidden checks, one autograded cell per function.
"""
