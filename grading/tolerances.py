"""Every number that decides a grade, in one place, with how it was chosen.

Tolerances were set from the measured spread of the correct variants in the sample
submission banks (grading/samples/bank/*/passes_all_*.py) against the reference solutions, with a
margin of at least 100x above the largest spread seen and at least 100x below the
smallest error of any wrong variant.
"""

# ---------------------------------------------------------------- matrix_fundamentals
# Each error is measured on the natural scale of its quantity (see
# grading/assignments/matrix_fundamentals/judges.py): sigma_1 = ||A||_2 for U S V^T and the
# singular values; 1 for orthonormality (max |Q^T Q - I|), projectors and rref entries;
# ||A^+||_2 = 1 / sigma_r for pseudo-inverses and inverses (Penrose residuals on the scale
# of A, A^+ or 1); ||X^+||_2 ||y|| for least-squares solutions.
# Measured: the six correct bank variants (grading/samples/bank/matrix_fundamentals/passes_all_*)
# against the reference, 200 student ids, every hidden case (largest error seen); then
# again with the contract's worst gap (smallest non-zero sigma = 1e-3 sigma_1 instead of
# the 0.02 sigma_1 the hidden inputs use), 100 ids. The wrong variants' smallest error in
# the parts they must fail is >= 0.67 on every one of these scales.
#   quantity                     spread (200 ids)  spread (gap 1e-3)  tolerance
#   rref, exact integer input        4e-15            4e-15            1e-9
#   rref, integers + 1e-8 noise      1.5e-6           1.3e-6           2e-4  (137x)
#   orthonormality                   1.2e-12          9.5e-11          1e-8  (105x)
#   singular values, U S V^T - A     2.2e-8           2.4e-8           5e-6  (230x; a correct
#                                    S may keep round-off values ~ sqrt(N eps) sigma_1)
#   projectors                       3.1e-13          5.7e-11          1e-8  (175x)
#   pseudo-inverse, Penrose          9.1e-13          2.4e-11          1e-8  (400x)
#   left/right inverse, L A = I      1.9e-13          1.5e-11          1e-8  (650x)
#   least squares                    3.3e-13          3.1e-12          1e-8
MF_RREF_ATOL = 1e-9
MF_RREF_NOISY_ATOL = 2e-4
MF_ORTHONORMAL_ATOL = 1e-8
MF_SVD_ATOL = 5e-6
MF_PROJECTOR_ATOL = 1e-8
MF_PINV_ATOL = 1e-8
MF_INVERSE_ATOL = 1e-8
MF_LEAST_SQUARES_ATOL = 1e-8

# ---------------------------------------------------------------- nonlinear_regression
# Measured over the 8 correct variants of grading/samples/bank/nonlinear_regression/passes_all_*.py
# against the reference on the worked examples and the hidden inputs of 100 student ids
# (400 ids for the four that compute differently: explicit loops, einsum, tanh via
# exponentials, per-sample chain rule); tests/test_nonlinear_regression_tolerances.py
# re-measures on a few ids and keeps these margins. "rel" is over entries with
# |expected| > 1e-3, "abs" over the others. The wrong variants miss by far more: the
# smallest value error of any of them is float32 rounding, rel ~ 1e-7 (and its dtype fails
# first); every other bug is off by > 1e-2.

# dense_forward, dense_backward, tanh_forward, tanh_backward, empirical_risk,
# empirical_risk_backward, gradient_descent_step vs the reference.
# Measured spread: rel 3.7e-13, abs 5.5e-16  ->  margins 2700x, 1800x.
NLR_LAYER_RTOL = 1e-9
NLR_LAYER_ATOL = 1e-12
# forward (Y_hat) and backward (gradients) vs the reference.
# Measured spread: rel 4.1e-13, abs 2.2e-16  ->  margins 2400x, 4500x.
NLR_NETWORK_RTOL = 1e-9
NLR_NETWORK_ATOL = 1e-12
# train: history and final params after 3..20 epochs vs the reference (rounding differences
# grow with the epochs). Measured spread: rel 8.3e-11, abs 1.1e-16  ->  margins 1200x, 9000x.
NLR_TRAIN_RTOL = 1e-7
NLR_TRAIN_ATOL = 1e-12
# backward vs central differences of the reference empirical risk (grading.gradcheck),
# entry-wise |a - n| / max(|a| + |n|, FLOOR). h = 1e-5 balances truncation (h**2 * f''')
# and rounding (eps * f / h). Measured over 3000 hidden draws: largest absolute FD error
# 6.0e-9, largest relative error 2.6e-6 with this floor (1.2e-5 with a floor of 1e-6:
# truncation on entries ~1e-3) -> margin 385x; the mildest wrong gradient (factor 2) gives
# 1/3 -> 330x.
NLR_GRADCHECK_STEP = 1e-5
NLR_GRADCHECK_FLOOR = 1e-5
NLR_GRADCHECK_MAX_RELATIVE_ERROR = 1e-3
# hints (sign, factor, transpose) in finite-difference messages: loose, the pattern only.
NLR_GRADCHECK_HINT_RTOL = 1e-4
NLR_GRADCHECK_HINT_ATOL = 1e-7
# Training task: ER of params_trained on the ground truth data (the course's own files,
# grading/assignments/nonlinear_regression/data.py; reference forward pass).
# The course template's linear model (left inverse, no bias) reaches 3.4278e-3; the
# template's comment gives 5.7457e-5 for the homework's non-linear model.
# Measured 2026-12-02 with benchmarks/training_threshold.py: the 2-2-2-1 network trained
# by the reference train from N(0, s**2) weights and zero biases, 20 seeds for each
# learning rate in {0.05, 0.1, 0.3, 0.5} and s in {0.1, 0.5, 1} (240 runs), final ER:
#   lr \ s    1000 epochs: median per s (0.1, 0.5, 1)   2000 epochs: median per s
#   0.05      1.5e-3  7.9e-4  1.1e-3                    6.9e-4  3.2e-4  4.1e-4
#   0.1       6.9e-4  3.2e-4  4.1e-4                    2.5e-4  8.6e-5  1.9e-4
#   0.3       1.0e-4  3.8e-5  1.1e-4                    1.7e-5  1.5e-5  4.6e-5
#   0.5       2.7e-5  1.6e-5  6.8e-5                    8.0e-6  7.9e-6  2.6e-5
# Below 5e-4: 149 of 240 runs after 1000 epochs, 198 of 240 after 2000 (119 of the 120
# with lr >= 0.1 and s <= 0.5); the source's choice (lr 0.3, s 0.5, 1000 epochs) ends at
# 8.7e-6 ... 1.2e-4 over 20 seeds. 5e-4 is 6.9x below the linear model and 8.7x above the
# course's 5.7457e-5 (the geometric mean of the two is 4.4e-4);
# tests/test_nonlinear_regression_data.py keeps both margins >= 5.
NLR_TRAINING_THRESHOLD = 5e-4
# Replay of the student's own train (training task): params_trained and history_trained
# against what train(X, Y, params_init, learning_rate, epochs) returns when the grader calls
# it again in the same kernel. Same code, same data, same machine: measured difference 0
# (bit for bit, also with Y sent through the boundary as a contiguous copy of the
# notebook's Y[:, None] view); the tolerance only absorbs a BLAS that picks another path
# for another memory layout. Weights fitted in another way differ by > 1e-3.
NLR_REPLAY_RTOL = 1e-9
NLR_REPLAY_ATOL = 1e-12
