"""Error carried forward (grading.carry): stand-ins at the boundary and the own-forward rule.

The bank tests (tests/test_bank.py) show the scores under both policies; these tests pin
the guarantees of the stand-ins one by one, through the same wire format the sandbox uses.
"""
import json

import numpy as np
import pytest
from traitlets.config import Config, PyFileConfigLoader

from grading.assignments.matrix_fundamentals import reference as mf_reference
from grading.assignments.nonlinear_regression import checks as nr_checks
from grading.assignments.nonlinear_regression import reference as nr_reference
from grading.boundary import LocalTransport, StudentNotebook, student_side
from grading.carry import Oracle, oracle_for
from grading.nbgrader_integration import TrustedExecute
from grading.paths import COURSE_ROOT
from grading.registry import registry
from grading.runner import run_cell

A = np.array([[3.0, 1.0, 2.0], [1.0, 0.0, 4.0]])


def wrong_svd(A):
    return "my own svd"


def namespace(**functions):
    return {"np": np, "svd_via_eig": wrong_svd, **functions}


def mf_student(ns):
    return StudentNotebook(LocalTransport(ns), oracle_for("matrix_fundamentals", True))


def test_a_declared_dependency_answers_with_the_reference_during_the_call():
    ns = namespace()
    exec("def rank(A, tol=None):\n    _, S, _ = svd_via_eig(A)\n"
         "    return int(np.sum(np.diag(S) > 1e-9))\n", ns)
    student = mf_student(ns)
    assert student.call("rank", A) == 2
    assert ns["svd_via_eig"] is wrong_svd, "the student's own definition is restored"
    assert student.carried == {"rank"}
    assert StudentNotebook(LocalTransport(ns)).call("svd_via_eig", A) == "my own svd"


def _serve(ns, name, args, oracle):
    request = {"op": "call", "name": name, "args": student_side.encode(list(args)),
               "kwargs": student_side.encode({}), "keep": [], "forbidden": [],
               "oracle": oracle}
    return json.loads(student_side.serve_json(json.dumps(request), ns))


def _table(function, *args):
    return [list(student_side.oracle_seal(args, {}, function(*args)))]


def test_a_kept_stand_in_answers_nothing_after_its_call():
    kept = []
    ns = {"svd_via_eig": wrong_svd}
    ns["rank"] = lambda A: kept.append(ns["svd_via_eig"]) or 1
    response = _serve(ns, "rank", (A,), {"svd_via_eig": _table(mf_reference.svd_via_eig, A)})
    assert response["status"] == "ok" and kept
    assert ns["svd_via_eig"] is wrong_svd
    assert kept[0](A) == "my own svd", "a kept stand-in calls the student's own function"


def test_only_declared_dependencies_get_stand_ins():
    seen = {}
    ns = {"svd_via_eig": wrong_svd, "rank": lambda A: 7}
    ns["pinv_via_svd"] = lambda A: seen.update(svd=ns["svd_via_eig"], rank=ns["rank"]) or 0
    student = mf_student(ns)
    student.call("pinv_via_svd", A)
    assert seen["svd"] is not wrong_svd, "pinv_via_svd builds on svd_via_eig"
    assert seen["rank"](A) == 7, "rank is not a dependency of pinv_via_svd: the student's own"
    assert ns["svd_via_eig"] is wrong_svd


@pytest.mark.parametrize("error", [ValueError, KeyboardInterrupt])
def test_definitions_are_restored_when_the_call_raises_or_is_interrupted(error):
    ns = {"svd_via_eig": wrong_svd}

    def rank(A):
        raise error("stop")
    ns["rank"] = rank
    oracle = {"svd_via_eig": _table(mf_reference.svd_via_eig, A)}
    if error is KeyboardInterrupt:  # what the kernel gets when a call times out
        with pytest.raises(KeyboardInterrupt):
            _serve(ns, "rank", (A,), oracle)
    else:
        assert _serve(ns, "rank", (A,), oracle)["status"] == "raised"
    assert ns["svd_via_eig"] is wrong_svd


def test_a_missing_dependency_exists_only_during_the_call():
    ns = {"rank": lambda A: int(np.sum(np.diag(ns["svd_via_eig"](A)[1]) > 1e-9))}
    assert mf_student(ns).call("rank", A) == 2
    assert "svd_via_eig" not in ns


def test_arguments_the_reference_did_not_use_are_answered_in_a_second_round():
    calls = []

    def transport_exchange(text):
        calls.append(json.loads(text))
        return student_side.serve_json(text, ns)

    def rank(A, tol=None):  # an SVD of A.T has the same singular values
        calls_to_svd.append(1)
        _, S, _ = ns["svd_via_eig"](np.ascontiguousarray(A.T) * 1.0)
        return int(np.sum(np.diag(S) > 1e-9))
    calls_to_svd = []
    ns = {"svd_via_eig": wrong_svd, "rank": rank}
    transport = LocalTransport(ns)
    transport.exchange = transport_exchange
    student = StudentNotebook(transport, oracle_for("matrix_fundamentals", True))
    assert student.call("rank", A) == 2
    assert len(calls) == 2 and len(calls_to_svd) == 2
    assert json.loads(student_side.serve_json(json.dumps(calls[0]), ns))["oracle_misses"]


def test_keys_ignore_memory_layout_and_dict_order_but_not_dtype():
    key = student_side.oracle_key
    assert key((A,), {}) == key((np.asfortranarray(A),), {})
    assert key(({"a": A, "b": 1.0},), {}) == key(({"b": 1.0, "a": A},), {})
    assert key((A,), {}) != key((A.astype(np.float32),), {})
    assert key((A,), {}) != key((A,), {"tol": None})


def _plain(value):
    if isinstance(value, (list, tuple)):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(_plain(item) for item in value.values())
    return isinstance(value, (np.ndarray, np.generic, float, int, str, type(None)))


def test_requests_carry_sealed_plain_data_only():
    """The reference code never enters the kernel; its answers are plain data, sealed with
    the arguments they answer: without exactly those arguments the table reveals nothing."""
    student = StudentNotebook(LocalTransport({}), oracle_for("nonlinear_regression", True))
    X, Y, params = nr_checks.inputs.draw_network(np.random.default_rng(0), 0).args
    request = student.call_request("train", X, Y, params, 0.1, 3)
    assert set(request["oracle"]) == set(nr_checks.DEPENDENCIES["train"])
    text = json.dumps(request)
    assert "def " not in text and "reference" not in text
    (key, sealed), = [pair for pair in request["oracle"]["forward"]
                      if pair[0] == student_side.oracle_key((X, params), {})]
    with pytest.raises(ValueError):  # opened with other arguments: noise, not JSON
        student_side._opened(sealed, student_side._call_text((X + 1e-12, params), {}))
    opened = student_side._opened(sealed, student_side._call_text((X, params), {}))
    assert _plain(opened)
    np.testing.assert_array_equal(opened[0], nr_reference.forward(X, params)[0])
    for dep, pairs in request["oracle"].items():
        assert pairs, dep
        assert all(len(key) == 64 and isinstance(sealed, str) for key, sealed in pairs)


def test_the_grader_answers_only_small_declared_reported_arguments():
    oracle = oracle_for("matrix_fundamentals", True)
    big = np.ones((400, 400))
    misses = [{"name": "svd_via_eig", "args": student_side.encode([big]), "kwargs": student_side.encode({})},
              {"name": "pinv_via_svd", "args": student_side.encode([A]), "kwargs": student_side.encode({})},
              {"name": "svd_via_eig", "args": student_side.encode([A]), "kwargs": student_side.encode({})},
              {"name": "svd_via_eig", "args": "garbage", "kwargs": None}]
    new = oracle.answer("rank", misses, {})
    assert list(new) == ["svd_via_eig"] and list(new["svd_via_eig"]) == [student_side.oracle_key((A,), {})]


def _nr_namespace(forward_function):
    ns = {"np": np}
    for name in ("dense_forward", "dense_backward", "tanh_forward", "tanh_backward",
                 "empirical_risk", "empirical_risk_backward", "backward"):
        ns[name] = getattr(nr_reference, name)
    ns["forward"] = forward_function
    return ns


@pytest.mark.parametrize("scale", [0.0, 1e-30], ids=["constant", "nearly-constant"])
def test_a_degenerate_forward_makes_no_backward_correct(scale):
    """Rule 3 of own_forward: zeros from backward over a (nearly) constant forward fail."""
    def forward(X, params):
        Y_hat = np.ones((X.shape[0], 1)) + scale * np.sum(params["W1"]) * np.sum(params["W2"])
        return Y_hat, {"X": X}
    ns = _nr_namespace(forward)
    ns["backward"] = lambda Y, cache, params: {key: np.zeros_like(value)
                                               for key, value in params.items()}
    student = StudentNotebook(LocalTransport(ns), oracle_for("nonlinear_regression", True))
    verdict = run_cell(registry().for_cell("nonlinear_regression", "test_backward"), student, "x")
    assert not verdict.passed
    assert "gradient of your own forward" not in verdict.message()


def test_a_correct_backward_over_a_forward_without_b1_keeps_its_points():
    def forward(X, params):
        A1 = np.tanh(X @ params["W1"])
        A2 = np.tanh(A1 @ params["W2"] + params["b2"])
        Z3 = A2 @ params["W3"] + params["b3"]
        return Z3, {"A0": X, "Z1": X @ params["W1"], "A1": A1,
                    "Z2": A1 @ params["W2"] + params["b2"], "A2": A2, "Y_hat": Z3}
    ns = _nr_namespace(forward)
    checks = registry().for_cell("nonlinear_regression", "test_backward")
    carried = run_cell(checks, StudentNotebook(LocalTransport(ns),
                                               oracle_for("nonlinear_regression", True)), "x")
    assert carried.passed, carried.message()
    cascade = run_cell(checks, StudentNotebook(LocalTransport(ns)), "x")
    assert not cascade.passed
    ns["backward"] = lambda Y, cache, params: {**nr_reference.backward(Y, cache, params),
                                               "W2": np.zeros_like(params["W2"])}
    wrong = run_cell(checks, StudentNotebook(LocalTransport(ns),
                                             oracle_for("nonlinear_regression", True)), "x")
    assert not wrong.passed and "gradient of your own forward" in wrong.message()
    assert "W2" in wrong.message()


def test_feedback_names_the_parts_checked_with_correct_dependencies():
    ns = {"np": np}
    exec("def rank(A, tol=None):\n    _, S, _ = svd_via_eig(A)\n    s = np.diag(S)\n"
         "    tol = 1e-6 * np.max(s, initial=0.0) if tol is None else tol\n"
         "    return int(np.sum(s > tol))\n", ns)
    verdict = run_cell(registry().for_cell("matrix_fundamentals", "test_rank"), mf_student(ns), "x")
    assert verdict.passed, verdict.message()
    assert "your rank was checked with correct svd_via_eig" in verdict.message()
    assert "own failure" not in verdict.message()
    after_failure = run_cell(registry().for_cell("matrix_fundamentals", "test_rank"), mf_student(ns),
                             "x", failed_before={"svd_via_eig"})
    assert "Your svd_via_eig has its own failure in its cell." in after_failure.message()
    cascade = run_cell(registry().for_cell("matrix_fundamentals", "test_rank"),
                       StudentNotebook(LocalTransport(ns)), "x")
    assert "carried forward" not in cascade.message()


def test_the_policy_switch_defaults_to_carry_forward_in_the_course_configuration():
    assert TrustedExecute().carry_forward is True
    assert TrustedExecute(config=Config({"TrustedExecute": {"carry_forward": False}})).carry_forward is False
    loader = PyFileConfigLoader("nbgrader_config.py", path=str(COURSE_ROOT))
    loader.config = Config()
    config = loader.load_config()
    assert config.TrustedExecute.carry_forward is True


def test_oracle_traces_only_the_declared_dependencies():
    oracle = Oracle({"least_squares": ("pinv_via_svd",)}, mf_reference)
    table = oracle.trace("least_squares", (A, np.array([1.0, 2.0])), {})
    assert list(table) == ["pinv_via_svd"] and len(table["pinv_via_svd"]) == 1
    assert mf_reference.pinv_via_svd.__name__ == "pinv_via_svd", "the reference is restored"


def test_the_trace_of_a_reference_composition_answers_every_call():
    """A student whose part calls its dependencies as the reference does costs no second round."""
    oracle = oracle_for("matrix_fundamentals", True)
    table = oracle.trace("four_subspaces", (A,), {})
    assert student_side.oracle_key((A,), {}) in table["svd_via_eig"]
    assert student_side.oracle_key((A,), {}) in table["rank"]
    ns = {"np": np, "svd_via_eig": wrong_svd, "rank": lambda A: 0}
    exec("def four_subspaces(A):\n    U, _, V = svd_via_eig(A)\n    r = rank(A)\n"
         "    return U[:, :r], V[:, :r]\n", ns)
    exchanged = []
    transport = LocalTransport(ns)
    transport.exchange = lambda text: exchanged.append(text) or student_side.serve_json(text, ns)
    U_r, V_r = StudentNotebook(transport, oracle).call("four_subspaces", A)
    assert len(exchanged) == 1 and U_r.shape == (2, 2) and V_r.shape == (3, 2)
