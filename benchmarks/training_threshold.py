"""Calibration of the training threshold of nonlinear_regression (grading/tolerances.py).

Trains the 2-2-2-1 network with the reference ``train`` on the course's ground truth data
from N(0, s**2) weights and zero biases, 20 seeds for each learning rate and scale, and
prints the median and largest final ER after 1000 and 2000 epochs, how many runs end below
the threshold, and the margins to the linear model and to the course's own figure.
About 4 minutes on one core: ``python benchmarks/training_threshold.py [--seeds 20]``.
"""
import argparse

import numpy as np

from grading import tolerances as tol
from grading.assignments.nonlinear_regression import data, reference

LEARNING_RATES = (0.05, 0.1, 0.3, 0.5)
SCALES = (0.1, 0.5, 1.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    seeds = parser.parse_args().seeds
    X, Y = data.ground_truth()
    threshold = tol.NLR_TRAINING_THRESHOLD
    finals = {1000: [], 2000: []}
    print("lr     s     median ER@1000  max ER@1000  median ER@2000  max ER@2000")
    for learning_rate in LEARNING_RATES:
        for scale in SCALES:
            starts = [data.initial_params(np.random.default_rng(seed), scale)
                      for seed in range(seeds)]
            runs = np.array([reference.train(X, Y, params, learning_rate, 2000)[1]
                             for params in starts])
            for epochs in finals:
                finals[epochs] += [(learning_rate, scale, er) for er in runs[:, epochs]]
            print(f"{learning_rate:<6g} {scale:<5g} {np.median(runs[:, 1000]):14.2e} "
                  f"{runs[:, 1000].max():12.2e} {np.median(runs[:, 2000]):15.2e} "
                  f"{runs[:, 2000].max():12.2e}")
    for epochs, runs in finals.items():
        below = sum(er < threshold for _, _, er in runs)
        usual = [er for lr, s, er in runs if lr >= 0.1 and s <= 0.5]
        print(f"{epochs} epochs: {below} of {len(runs)} runs below {threshold:g}; "
              f"lr >= 0.1 and s <= 0.5: {sum(er < threshold for er in usual)} of {len(usual)}")
    linear = data.template_linear_risk(X, Y)
    print(f"linear model (template) {linear:.6g}: {linear / threshold:.1f}x the threshold; "
          f"course's non-linear ER {data.COURSE_NONLINEAR_ER:.5g}: "
          f"{threshold / data.COURSE_NONLINEAR_ER:.1f}x below it")


if __name__ == "__main__":
    main()
