"""Every number that decides a grade, in one place, with how it was chosen.

Tolerances were set from the measured spread of the correct variants in the sample
submission banks (tests/bank/*/passes_all_*.py) against the reference solutions, with a
margin of at least 100x above the largest spread seen and at least 100x below the
smallest error of any wrong variant.
"""

# ---------------------------------------------------------------- matrix_fundamentals

# ---------------------------------------------------------------- nonlinear_regression
