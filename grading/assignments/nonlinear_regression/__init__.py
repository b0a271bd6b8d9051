"""Homework 2, `nonlinear_regression`: a 2-2-2-1 tanh network trained by hand with numpy.

- ``reference``: the reference solutions of every contract function (CONTRACT.md);
- ``data``: the seeded recipe of the ground truth data (``python -m ...data`` writes it);
- ``inputs``: the notebook's worked examples and the hidden, seeded inputs;
- ``judges``: ``assert_*`` comparators with the assignment's messages and hints;
- ``checks``: ``CHECKS``, the hidden checks of every autograded cell.
"""
