"""The grader's view of a student's notebook: call their functions, get plain data back.

`StudentNotebook` never runs student code itself. It sends a request through a transport — the
same process for a local run (`LocalTransport`), or a sandboxed kernel during autograde
(`grading.nbgrader_integration.kernel_transport`) — and decodes the plain-data answer.
Whatever comes back is only data; the judgement happens on the grader's side.
"""
import contextlib
import json
from dataclasses import dataclass
from typing import Any

from . import student_side
from .student_side import Handle, Unsupported  # noqa: F401  (re-exported)


class StudentError(Exception):
    """Something went wrong on the student's side of a call; the message is for them."""


class MissingFunction(StudentError):
    """The notebook does not define the requested name."""


class StudentRaised(StudentError):
    """The student's function raised; carries the exception name, text and location."""

    def __init__(self, name, ename, evalue, where):
        self.name, self.ename, self.evalue, self.where = name, ename, evalue, list(where)
        location = f" ({self.where[-1]})" if self.where else ""
        super().__init__(f"{name} raised {ename}: {evalue}{location}")


class ForbiddenCall(StudentError):
    """The student's function called a function that is off limits."""

    def __init__(self, name, forbidden):
        self.name, self.forbidden = name, sorted(set(forbidden))
        super().__init__(
            f"{name} called {', '.join(self.forbidden)}, which is off limits in this "
            "assignment: compute it by hand with the allowed numpy functions")


class BoundaryFailure(StudentError):
    """The student's side did not answer properly (kernel died, timed out, garbage)."""


class Tampering(StudentError):
    """The student's code worked against the grader: its answer cannot be trusted."""

    def __init__(self, reasons, name=None):
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        subject = f"while {name} ran, " if name else ""
        super().__init__(f"{subject}{'; '.join(self.reasons)}. The grader cannot trust this "
                         "answer, so the part earns no points; the instructor will review it")


@dataclass
class Observation:
    """The value a call returned and its arguments as they were after the call."""
    value: Any
    args_after: list
    kwargs_after: dict


class LocalTransport:
    """Serve requests in this process against a namespace (notebook run, unit tests)."""

    def __init__(self, namespace):
        self.namespace = namespace

    def exchange(self, request_text):
        return student_side.serve_json(request_text, self.namespace)


def _wire(table):
    """{dependency: {key: sealed}} -> the request field {dependency: [[key, sealed], ...]}."""
    return {dep: [[key, value] for key, value in answers.items()] for dep, answers in table.items()}


BATCH_CHARS = 1_000_000  # one batch request stays below this size (a few calls exceed it alone)


def _chunks(requests):
    """Consecutive groups of requests, each group's JSON at most about BATCH_CHARS."""
    chunk, size = [], 0
    for request in requests:
        length = len(json.dumps(request, allow_nan=False))
        if chunk and size + length > BATCH_CHARS:
            yield chunk
            chunk, size = [], 0
        chunk.append(request)
        size += length
    if chunk:
        yield chunk


class StudentNotebook:
    """Calls into a student's notebook through a transport; returns decoded plain data.

    ``oracle`` (a `grading.carry.Oracle`, or None for the cascade): calls of a function
    with declared dependencies get the reference answers for them (error carried forward);
    ``carried`` collects the names of the functions called that way.
    """

    def __init__(self, transport, oracle=None):
        self.transport = transport
        self.forbidden = ()
        self.oracle = oracle
        self.carried = set()
        self._prefetched = {}  # request text -> raw response, from `prefetch`

    @contextlib.contextmanager
    def forbidding(self, names):
        """Within the block every call records uses of the dotted function ``names``."""
        previous, self.forbidden = self.forbidden, tuple(names)
        try:
            yield self
        finally:
            self.forbidden = previous

    @staticmethod
    def _decoded(response):
        try:
            for key in ("value", "args_after", "kwargs_after"):
                response[key] = student_side.decode(response.get(key))
        except (ValueError, TypeError, AttributeError, RecursionError) as error:
            raise BoundaryFailure(f"the notebook's answer could not be read ({error})") from None
        return response

    def _exchange(self, request):
        text = self.transport.exchange(json.dumps(request, allow_nan=False))
        try:
            response = json.loads(text)
        except (ValueError, RecursionError) as error:
            raise BoundaryFailure(f"the notebook's answer could not be read "
                                  f"({type(error).__name__})") from None
        if not isinstance(response, dict):
            raise BoundaryFailure("the notebook's answer could not be read")
        return response

    def _raw(self, request):
        key = json.dumps(request, allow_nan=False)
        if key in self._prefetched:
            return self._prefetched.pop(key)
        return self._exchange(request)

    def _request(self, request):
        if request.get("oracle") is None:
            return self._decoded(self._raw(request))
        return self.responses([request])[0]

    def _answer_misses(self, request, response):
        """Add reference answers for the arguments a call reported; True if any was new."""
        known = {dep: dict(pairs) for dep, pairs in request["oracle"].items()}
        new = self.oracle.answer(request["name"], response.get("oracle_misses"), known)
        if not new:
            return False
        for dep, answers in new.items():
            known.setdefault(dep, {}).update(answers)
        request["oracle"] = _wire(known)
        return True

    def responses(self, requests):
        """Decoded responses to call requests, several per round trip.

        With an oracle, a call whose stand-ins met arguments without an answer is repeated
        with the missing reference answers added, all such calls of a round in one batch.
        """
        requests = [dict(request) for request in requests]
        responses = [None] * len(requests)
        pending = list(range(len(requests)))
        rounds = self.oracle.max_rounds if self.oracle is not None else 1
        for _ in range(rounds):
            waiting = [index for index in pending
                       if json.dumps(requests[index], allow_nan=False) not in self._prefetched]
            if len(waiting) > 1:
                for chunk in _chunks([requests[index] for index in waiting]):
                    self.prefetch(chunk)
            again = []
            for index in pending:
                responses[index] = response = self._decoded(self._raw(requests[index]))
                if requests[index].get("oracle") is not None and \
                        self._answer_misses(requests[index], response):
                    again.append(index)
            pending = again
            if not pending:
                break
        return responses

    def call_request(self, name, *args, keep=(), **kwargs):
        """The request `call_observed` would send (under the current forbidden list)."""
        request = {"op": "call", "name": name,
                   "args": student_side.encode(list(args)),
                   "kwargs": student_side.encode(dict(kwargs)),
                   "keep": list(keep), "forbidden": list(self.forbidden),
                   "return_args": True}
        if self.oracle is not None and self.oracle.of(name):
            request["oracle"] = _wire(self.oracle.trace(name, args, kwargs))
        return request

    def prefetch(self, requests):
        """Send independent call requests in one round trip; later identical calls use
        the answers. A failed batch is ignored: each call then goes on its own."""
        if not requests:
            return
        try:
            answer = self._exchange({"op": "batch", "requests": requests})
            responses = answer.get("responses")
            if answer.get("status") != "ok" or len(responses) != len(requests):
                return
        except (StudentError, TypeError):  # each call then answers (or fails) on its own
            return
        for request, response in zip(requests, responses):
            if isinstance(response, dict):
                self._prefetched[json.dumps(request, allow_nan=False)] = response

    def _checked(self, name, response):
        status = response.get("status")
        if status == "missing":
            raise MissingFunction(
                f"{name} is not defined: run the cell that defines it and check that an "
                "earlier cell does not fail")
        if status == "not_callable":
            raise MissingFunction(f"{name} is a {response.get('type')}, not a function")
        if status == "unencodable":
            raise BoundaryFailure(f"{name} returned data that cannot be read: {response.get('reason')}")
        tampering = response.get("tampering") or []
        if tampering:
            raise Tampering([str(reason)[:200] for reason in tampering[:5]], name)
        forbidden = response.get("forbidden_calls") or []
        if forbidden:
            raise ForbiddenCall(name, forbidden)
        if status == "raised":
            raise StudentRaised(name, response.get("ename"), response.get("evalue"),
                                response.get("where") or [])
        if status != "ok":
            raise BoundaryFailure(f"unexpected answer while calling {name}")
        return response

    def call_observed(self, name, *args, keep=(), **kwargs):
        """Call ``name(*args, **kwargs)``; returns an `Observation`.

        ``keep`` lists positions of a tuple result that stay on the student's side as
        `Handle` objects (-1: the whole result). Handles may be passed back as arguments.
        """
        request = self.call_request(name, *args, keep=keep, **kwargs)
        response = self._checked(name, self._request(request))
        if "oracle" in request:
            self.carried.add(name)
        return Observation(response["value"], response["args_after"] or [],
                           response["kwargs_after"] or {})

    def call(self, name, *args, keep=(), **kwargs):
        """Call the student's function ``name``; returns its result as plain data."""
        return self.call_observed(name, *args, keep=keep, **kwargs).value

    def get(self, name):
        """The value of the variable ``name`` in the student's notebook, as plain data."""
        return self._checked(name, self._request({"op": "get", "name": name}))["value"]
