"""Homework 2, `nonlinear_regression`: a 2-2-2-1 tanh network trained by hand with numpy.

- ``reference``: the reference solutions of every contract function (docs/contract.md);
- ``data``: the course's ground truth data files (pinned by md5) and the template's linear baseline;
- ``inputs``: the notebook's worked examples and the hidden, seeded inputs;
- ``judges``: ``assert_*`` comparators with the assignment's messages and hints;
- ``checks``: ``CHECKS``, the hidden checks of every autograded cell.
"""
