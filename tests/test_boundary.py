"""The plain-data boundary between student code and the grader."""
import json

import numpy as np
import pytest

from grading.boundary import (BoundaryFailure, ForbiddenCall, Handle, LocalTransport,
                              MissingFunction, StudentNotebook, StudentRaised, Unsupported)
from grading.boundary import student_side


def roundtrip(value):
    return student_side.loads(student_side.dumps(value))


def test_plain_data_keeps_types_shapes_and_dtypes():
    value = {"W": np.arange(6, dtype=np.float32).reshape(2, 3), "n": 3, "x": 1.5,
             "t": (1, "a", None), "l": [np.float64(2.0)], "nan": float("nan")}
    back = roundtrip(value)
    assert back["W"].dtype == np.float32 and back["W"].shape == (2, 3)
    np.testing.assert_array_equal(back["W"], value["W"])
    assert back["t"] == (1, "a", None) and isinstance(back["t"], tuple)
    assert isinstance(back["l"][0], np.float64)
    assert back["n"] == 3 and back["x"] == 1.5 and np.isnan(back["nan"])


def test_objects_that_are_not_plain_data_do_not_cross():
    class Evil:
        def __reduce__(self):
            raise AssertionError("must never be pickled")
    back = roundtrip({"a": Evil(), "b": np.array([object()], dtype=object), 1: "x"})
    assert isinstance(back, Unsupported)  # a dict with a non-string key
    back = roundtrip({"a": Evil(), "b": np.array([object()], dtype=object)})
    assert isinstance(back["a"], Unsupported) and back["a"].type_name == "Evil"
    assert isinstance(back["b"], Unsupported)


def test_decoding_never_unpickles():
    import base64
    import io
    import pickle
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    payload = json.dumps({"__ndarray__": base64.b64encode(buffer.getvalue()).decode()})
    with pytest.raises(ValueError):
        student_side.loads(payload)
    assert pickle  # the module exists; the wire format simply never calls it


def test_results_can_stay_on_the_student_side_as_handles():
    namespace = {"forward": lambda x: (x * 2, object()),
                 "backward": lambda cache: type(cache).__name__}
    student = StudentNotebook(LocalTransport(namespace))
    value, cache = student.call("forward", np.ones(2), keep=(1,))
    assert isinstance(cache, Handle)
    np.testing.assert_array_equal(value, [2.0, 2.0])
    assert student.call("backward", cache) == "object"


def test_arguments_after_the_call_reveal_in_place_changes():
    def scale(x):
        x *= 3
        return x
    student = StudentNotebook(LocalTransport({"scale": scale}))
    observation = student.call_observed("scale", np.ones(2))
    np.testing.assert_array_equal(observation.args_after[0], [3.0, 3.0])


def test_student_errors_become_typed_exceptions():
    def broken(x):
        raise ValueError("A has no full column rank")
    student = StudentNotebook(LocalTransport({"broken": broken, "number": 3}))
    with pytest.raises(StudentRaised) as raised:
        student.call("broken", 1)
    assert raised.value.ename == "ValueError" and "full column rank" in str(raised.value)
    with pytest.raises(MissingFunction, match="missing is not defined"):
        student.call("missing")
    with pytest.raises(MissingFunction, match="is a int, not a function"):
        student.call("number")


def test_forbidden_functions_are_caught_through_aliases():
    from numpy.linalg import svd as innocent_name

    def sneaky(A):
        return innocent_name(A)[1]

    def honest(A):
        return np.linalg.norm(A, 2)  # numpy computes this with an SVD internally: allowed

    student = StudentNotebook(LocalTransport({"sneaky": sneaky, "honest": honest}))
    with student.forbidding(["numpy.linalg.svd"]):
        with pytest.raises(ForbiddenCall, match="numpy.linalg.svd"):
            student.call("sneaky", np.eye(3))
        assert student.call("honest", np.eye(3)) == pytest.approx(1.0)


def test_student_output_and_warnings_do_not_leak(capfd):
    def noisy(x):
        import warnings
        print("debug output")
        warnings.warn("careful")
        return np.log(np.zeros(1))
    value = StudentNotebook(LocalTransport({"noisy": noisy})).call("noisy", 0)
    assert np.isneginf(value[0])
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_garbage_from_the_student_side_is_a_boundary_failure():
    class Garbage:
        def exchange(self, request_text):
            return "{not json"
    with pytest.raises(BoundaryFailure):
        StudentNotebook(Garbage()).call("f")


# ------------------------------------------------------- ways around the forbidden guard
def _guarded_call(function, *args):
    student = StudentNotebook(LocalTransport({"f": function}))
    with student.forbidding(["numpy.linalg.svd"]):
        return student.call("f", *args)


def test_a_partial_or_vectorize_around_the_forbidden_function_is_caught():
    import functools
    wrapped = functools.partial(np.linalg.svd, compute_uv=False)
    vectorized = np.vectorize(np.linalg.svd, signature="(m,n)->(m,m),(k),(n,n)")
    for function in (lambda A: wrapped(A), lambda A: vectorized(A)[1],
                     lambda A: list(map(np.linalg.svd, [A]))[0][1]):
        with pytest.raises(ForbiddenCall, match="numpy.linalg.svd"):
            _guarded_call(function, np.eye(3))


def test_code_compiled_under_a_library_file_name_is_still_student_code():
    namespace = {"np": np}
    exec(compile("def f(A):\n    return np.linalg.svd(A)[1]\n",
                 "/usr/lib/python3.11/fake_library.py", "exec"), namespace)
    with pytest.raises(ForbiddenCall, match="numpy.linalg.svd"):
        _guarded_call(namespace["f"], np.eye(3))


def test_switching_the_profiler_off_is_tampering():
    import sys
    from grading.boundary import Tampering

    def off(A):
        sys.setprofile(None)
        return np.linalg.svd(A)[1]

    with pytest.raises(Tampering, match="sys.setprofile"):
        _guarded_call(off, np.eye(3))


def test_a_thread_started_during_the_call_is_tampering():
    import threading
    from grading.boundary import Tampering
    results = []

    def threaded(A):
        worker = threading.Thread(target=lambda: results.append(np.linalg.svd(A)[1]))
        worker.start()
        worker.join()
        return results[0]

    with pytest.raises(Tampering, match="thread"):
        _guarded_call(threaded, np.eye(3))


def test_replacing_sys_setprofile_beforehand_is_tampering(monkeypatch):
    import sys
    from grading.boundary import Tampering
    monkeypatch.setattr(sys, "setprofile", lambda function: None)
    with pytest.raises(Tampering, match="replaced"):
        _guarded_call(lambda A: np.linalg.svd(A)[1], np.eye(3))


def test_deeply_nested_or_huge_answers_are_boundary_failures():
    class Nested:
        def exchange(self, request_text):
            return "[" * 100_000 + "]" * 100_000

    class Many:
        def exchange(self, request_text):
            return json.dumps({"status": "ok", "value": [[0] * 1000] * 300})

    for transport in (Nested(), Many()):
        with pytest.raises(BoundaryFailure):
            StudentNotebook(transport).call("f")


def test_arrays_cross_only_with_numeric_dtypes_and_matching_sizes():
    for payload in (["|O", [1], "AAAAAAAAAAA="], ["<f8", [2], "AAAAAAAAAAA="],
                    ["<f8", [-1], ""], ["[('a', '<f8')]", [1], "AAAAAAAAAAA="]):
        with pytest.raises(ValueError):
            student_side.decode({"__ndarray__": payload})
