"""Hidden checks of Homework 2 (`nonlinear_regression`), one autograded cell per part.

Each cell's checks, in order: the notebook's visible worked example (``worked_example``),
hidden inputs and hidden layer widths (``hidden_inputs``), for ``backward`` also central
finite differences of the REFERENCE empirical risk computed on the grader's side
(``finite_differences``), and that the call leaves its arguments unchanged
(``arguments_unchanged``). ``backward`` always gets the cache of the student's own
``forward``; the cache stays on the student's side as a Handle. With error carried forward
and a forward that disagrees with the reference, backward is judged as the gradient of
the student's own forward (``own_forward``).

The training task (cell ``test_training``) judges the ER of ``params_trained`` on the
ground truth data and then replays the student's own ``train`` in the student's kernel with
the training cell's ``params_init``, ``learning_rate`` and ``epochs``: ``params_trained``
and ``history_trained`` must be what that call returns (``train_replayed``).

A student call that fails because it imports an automatic-differentiation library
raises `AutodiffImport`, whose verdict carries the flag ``autodiff-import``.
"""
import dataclasses
from dataclasses import dataclass
from typing import Any

from ...autodiff import AUTODIFF_LIBRARIES, autodiff_library_named
from ...boundary import MissingFunction, StudentRaised
from ...checks import Case, Check
from ...gradcheck import numerical_gradients
from ... import tolerances as tol
from . import inputs, judges, own_forward, reference
from .data import ground_truth, template_linear_risk

ASSIGNMENT = "nonlinear_regression"

# Which contract functions each part calls (the reference solution, reference.py). With
# error carried forward (grading.carry, the default) they answer with reference results
# while the part's own function runs.
DEPENDENCIES = {
    "forward": ("dense_forward", "tanh_forward"),
    "backward": ("empirical_risk_backward", "dense_backward", "tanh_backward"),
    "train": ("forward", "backward", "empirical_risk", "gradient_descent_step"),
}
# Judged on the student's own results (params_trained): lost whenever the student's own
# training misses the threshold, whatever the cause, under both policies.
RESULT_CELLS = ("test_training",)


class AutodiffImport(StudentRaised):
    """The student's code tried to import an automatic-differentiation library."""

    flags = ("autodiff-import",)

    def __init__(self, error, library):
        super().__init__(error.name, error.ename, error.evalue, error.where)
        self.library = library
        self.args = (f"{error}\n{library} (automatic differentiation) is not available in the "
                     "grading environment and not allowed in this assignment: write the backward "
                     "pass by hand with numpy",)


def autodiff_library(error):
    """The autodiff library a failed import names, or None."""
    if isinstance(error, StudentRaised) and error.ename in ("ModuleNotFoundError", "ImportError"):
        return autodiff_library_named(error.evalue)
    return None


def _guarded(method, *args, **kwargs):
    try:
        return method(*args, **kwargs)
    except StudentRaised as error:
        library = autodiff_library(error)
        if library is not None:
            raise AutodiffImport(error, library) from None
        raise


# ------------------------------------------------------------------ student calls
# call_guarded and call_observed send one plain call per case (batched); the others
# keep a cache on the student's side, chain calls or read variables (not batched).
def call_guarded(check, student, case):
    """One call of ``check.function``; an autodiff import becomes `AutodiffImport`."""
    return _guarded(student.call, check.function, *case.args, **case.kwargs)


def call_observed(check, student, case):
    """Like `call_guarded`, returning an `Observation` (value and arguments after)."""
    return _guarded(student.call_observed, check.function, *case.args, **case.kwargs)


def call_forward(check, student, case):
    """forward(X, params) with the cache kept on the student's side."""
    return _guarded(student.call, "forward", *case.args, keep=(1,))


def _student_forward(student, X, params):
    """((Y_hat, cache handle), None) of the student's forward, or (None, ForwardFailed)."""
    result = _guarded(student.call, "forward", X, params, keep=(1,))
    if not (isinstance(result, tuple) and len(result) == 2):
        return None, judges.ForwardFailed(result)
    if student.oracle is not None:  # the reference cache seeds the trace of backward
        student.oracle.stand_in(result[1], reference.forward(X, params)[1])
    return result, None


def _student_cache(student, X, params):
    result, failed = _student_forward(student, X, params)
    return (None, failed) if failed else (result[1], None)


def call_backward(check, student, case):
    """backward(Y, cache, params) with the cache from the student's own forward(X, params).

    With error carried forward and a forward that disagrees with the reference, the
    result is an `own_forward.OwnForward` (judged against the student's own forward).
    """
    X, Y, params = case.args
    result, failed = _student_forward(student, X, params)
    if failed:
        return failed
    Y_hat, cache = result
    grads = _guarded(student.call, "backward", Y, cache, params)
    if student.oracle is None or own_forward.forward_agrees(Y_hat, X, params):
        return grads
    return own_forward.judged_on_own_forward(student, X, Y, params, grads)


def call_backward_observed(check, student, case):
    X, Y, params = case.args
    cache, failed = _student_cache(student, X, params)
    if failed:
        raise AssertionError("backward could not be called: forward must return a tuple "
                             "(Y_hat, cache)")
    observation = _guarded(student.call_observed, "backward", Y, cache, params)
    Y_after, _, params_after = observation.args_after
    observation.args_after = [X, Y_after, params_after]  # aligned with case.args
    return observation


def call_training(check, student, case):
    return _guarded(student.get, "params_trained")


def call_history(check, student, case):
    return _guarded(student.get, "history_trained")


TRAINING_VARIABLES = ("params_init", "learning_rate", "epochs")


@dataclass
class Replay:
    """The training cell's variables and what the student's ``train`` returns on them."""
    arguments: dict          # params_init, learning_rate, epochs as the notebook holds them
    returned: Any            # train(X, Y, params_init, learning_rate, epochs), replayed
    params_init_after: Any   # params_init after the replayed call
    params_trained: Any
    history_trained: Any


def _variable(student, name):
    try:
        return _guarded(student.get, name)
    except MissingFunction:
        raise AssertionError(
            f"the training cell must keep {name} in a variable of that name: the grader "
            "replays train(X, Y, params_init, learning_rate, epochs) with the training "
            "cell's own variables") from None


def call_replay(check, student, case):
    """Replay train(X, Y, params_init, learning_rate, epochs) with the notebook's variables.

    X (N, F) and Y (N, 1) are the grader's ground truth data; params_init, learning_rate
    and epochs are read from the notebook. The call runs in the student's kernel.
    """
    X, Y = case.args
    arguments = {name: _variable(student, name) for name in TRAINING_VARIABLES}
    judges.assert_training_arguments(arguments)
    observation = _guarded(student.call_observed, "train", X, Y, arguments["params_init"],
                           arguments["learning_rate"], arguments["epochs"])
    return Replay(arguments, observation.value, observation.args_after[2],
                  _variable(student, "params_trained"), _variable(student, "history_trained"))


# ------------------------------------------------------------------ expectations
def reference_gradients(check, case):
    X, Y, params = case.args
    _, cache = reference.forward(X, params)
    return reference.backward(Y, cache, params)


def finite_difference_gradients(check, case):
    """Central differences of the reference ER(params) around the hidden params."""
    X, Y, params = case.args

    def risk(trial):
        return reference.empirical_risk(Y, reference.forward(X, trial)[0])

    return numerical_gradients(risk, params, tol.NLR_GRADCHECK_STEP)


def linear_baseline(check, case):
    """ER of the course template's linear model (left inverse, no bias) on the ground truth."""
    X, Y = case.args
    return template_linear_risk(X, Y)


def nothing(check, case):
    return None


def draw_ground_truth(rng, index):
    X, Y = ground_truth()
    return Case((X, Y), label="the ground truth data")


# ------------------------------------------------------------------ the checks
def _id(part, name):
    return f"{ASSIGNMENT}.{part}.{name}"


def function_checks(function, draw, judge, argument_names, worked=None, cases=3,
                    call=call_guarded, batched=True, expect=None, part=None):
    """worked_example, hidden_inputs and arguments_unchanged checks of one function.

    ``batched``: whether ``call`` sends one plain call per case (`Check.batched`); the
    arguments_unchanged check (`call_observed`) always does.
    """
    part = part or function
    cell = f"test_{part}"
    extra = {} if expect is None else {"expect": expect}
    return (
        Check(_id(part, "worked_example"), cell, function, inputs.fixed(inputs.WORKED[worked or function]),
              judge, getattr(reference, function), call=call, batched=batched, cases=1,
              description="the worked example shown in the notebook", **extra),
        Check(_id(part, "hidden_inputs"), cell, function, draw, judge, getattr(reference, function),
              call=call, batched=batched, cases=cases,
              description="hidden inputs and layer widths", **extra),
        Check(_id(part, "arguments_unchanged"), cell, function, draw,
              judges.arguments_judge(argument_names), call=call_observed, batched=True,
              expect=nothing, cases=1, description="the call leaves its arguments unchanged"),
    )


CHECKS = (
    *function_checks("dense_forward", inputs.draw_dense_forward,
                     judges.array_judge("Z"), ("A_prev", "W", "b")),
    *function_checks("dense_backward", inputs.draw_dense_backward,
                     judges.assert_dense_backward, ("dZ", "A_prev", "W")),
    *function_checks("tanh_forward", inputs.draw_tanh_forward,
                     judges.array_judge("A"), ("Z",), cases=2),
    *function_checks("tanh_backward", inputs.draw_tanh_backward,
                     judges.array_judge("dZ"), ("dA", "Z"), cases=2),
    *function_checks("empirical_risk", inputs.draw_risk,
                     judges.assert_empirical_risk, ("Y", "Y_hat")),
    *function_checks("empirical_risk_backward", inputs.draw_risk,
                     judges.array_judge("dY_hat"), ("Y", "Y_hat")),
    *function_checks("forward", inputs.draw_forward, judges.assert_forward, ("X", "params"),
                     call=call_forward, batched=False),
    Check(_id("backward", "worked_example"), "test_backward", "backward",
          inputs.fixed(inputs.WORKED["network"]), judges.own_forward_aware(judges.assert_backward),
          call=call_backward, expect=reference_gradients,
          description="the worked example shown in the notebook"),
    Check(_id("backward", "hidden_inputs"), "test_backward", "backward", inputs.draw_network,
          judges.own_forward_aware(judges.assert_backward), call=call_backward,
          expect=reference_gradients, cases=3,
          description="hidden inputs and layer widths, cache from the student's forward"),
    Check(_id("backward", "finite_differences"), "test_backward", "backward", inputs.draw_network,
          judges.own_forward_aware(judges.assert_finite_differences), call=call_backward,
          expect=finite_difference_gradients, cases=2,
          description="central differences of the reference ER around hidden params"),
    Check(_id("backward", "arguments_unchanged"), "test_backward", "backward", inputs.draw_network,
          judges.arguments_judge((None, "Y", "params")), call=call_backward_observed,
          expect=nothing, description="the call leaves Y and params unchanged"),
    *function_checks("gradient_descent_step", inputs.draw_gradient_descent_step,
                     judges.assert_new_params, ("params", "grads", "learning_rate"), cases=2),
    *function_checks("train", inputs.draw_train, judges.assert_train,
                     ("X", "Y", "params", "learning_rate", "epochs"), cases=2),
    Check(_id("training", "params_trained"), "test_training", "training", draw_ground_truth,
          judges.assert_trained_params, call=call_training, expect=linear_baseline,
          description="ER of params_trained (reference forward) below the threshold"),
    Check(_id("training", "history_trained"), "test_training", "training", draw_ground_truth,
          judges.assert_history, call=call_history, expect=nothing,
          description="history_trained is the list of ER values of the run"),
    Check(_id("training", "train_replayed"), "test_training", "train", draw_ground_truth,
          judges.assert_replayed_training, call=call_replay, expect=nothing,
          description="params_trained and history_trained are what the student's own train "
                      "returns for params_init, learning_rate and epochs"),
)

# No part may use an automatic-differentiation library (found by the static scan in any
# spelling, also where the import would fail or never run).
CHECKS = tuple(dataclasses.replace(check, forbidden_modules=AUTODIFF_LIBRARIES) for check in CHECKS)
