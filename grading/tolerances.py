"""Every number that decides a grade, in one place, with how it was chosen.

Tolerances were set from the measured spread of the correct variants in the sample
submission banks (tests/bank/*/passes_all_*.py) against the reference solutions, with a
margin of at least 100x above the largest spread seen and at least 100x below the
smallest error of any wrong variant.
"""

# ---------------------------------------------------------------- matrix_fundamentals
# Each error is measured on the natural scale of its quantity (see
# grading/assignments/matrix_fundamentals/judges.py): sigma_1 = ||A||_2 for A-like
# quantities (U S V^T, singular values, A X A), 1 for orthonormality, projectors and rref
# entries, ||A^+||_2 = 1 / sigma_r for pseudo-inverses and inverses, ||X^+||_2 ||y|| for
# least-squares solutions. Placeholders until measured.
MF_RREF_ATOL = 1e-6
MF_ORTHONORMAL_ATOL = 1e-6
MF_SVD_ATOL = 1e-6
MF_PROJECTOR_ATOL = 1e-6
MF_PINV_ATOL = 1e-6
MF_INVERSE_ATOL = 1e-6
MF_LEAST_SQUARES_ATOL = 1e-6

# ---------------------------------------------------------------- nonlinear_regression
# Measured with tests/test_nonlinear_regression_tolerances.py over the correct variants of
# tests/bank/nonlinear_regression/passes_all_*.py against the reference, on the hidden
# inputs of many student ids (see the README section of nonlinear_regression).

# dense_forward, dense_backward, tanh_forward, tanh_backward, empirical_risk,
# empirical_risk_backward, gradient_descent_step vs the reference.
NLR_LAYER_RTOL = 1e-9
NLR_LAYER_ATOL = 1e-12
# forward (Y_hat) and backward (gradients) vs the reference.
NLR_NETWORK_RTOL = 1e-9
NLR_NETWORK_ATOL = 1e-12
# train: history and final params after <= 20 epochs vs the reference.
NLR_TRAIN_RTOL = 1e-8
NLR_TRAIN_ATOL = 1e-11
# backward vs central differences of the reference empirical risk (grading.gradcheck).
NLR_GRADCHECK_STEP = 1e-5
NLR_GRADCHECK_FLOOR = 1e-6
NLR_GRADCHECK_MAX_RELATIVE_ERROR = 1e-5
# hints (sign, factor, transpose) in finite-difference messages: loose, the pattern only.
NLR_GRADCHECK_HINT_RTOL = 1e-4
NLR_GRADCHECK_HINT_ATOL = 1e-7
# Training task: ER of params_trained on the ground truth data (reference forward pass).
NLR_TRAINING_THRESHOLD = 1e-2
