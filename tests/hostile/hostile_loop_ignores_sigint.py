"""train ignores SIGINT and loops forever: interrupts do nothing, the kernel must be killed."""
ASSIGNMENT = "nonlinear_regression"

EXPECTED_FAILING_CELLS = ("test_train", "test_training")
EXPECTED_FLAGS = ("boundary-failure",)


def train(X, Y, params, learning_rate, epochs):
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        pass
