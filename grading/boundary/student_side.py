"""The student's side of the grading boundary: plain-data wire format and call serving.

This module runs *inside* the student's kernel (a sandbox during autograde), so it imports
nothing but the standard library and numpy and knows nothing about reference solutions.
The grader imports the same wire format (`encode`, `decode`) to read what comes back.

Wire format: JSON in which arrays travel as ``[dtype, shape, base64 bytes]`` of a numeric
or boolean dtype; tuples, dicts and non-finite floats are tagged. Nothing is ever
unpickled, so a hostile object cannot run code on the grader's side.

A request is ``{"op": "call" | "get", "name": str, "args": [...], "kwargs": {...},
"keep": [int, ...], "forbidden": [dotted names], "return_args": bool}``; a response is
``{"status": "ok" | "raised" | "missing" | "not_callable", ...}`` with the lists
``forbidden_calls`` and ``tampering`` (signs that the call worked against the guard).

Optional field ``"oracle": {dependency name: [[key, sealed result], ...]}`` (error carried
forward, ``oracle_stubs``): during this one call the named functions are stand-ins that
answer from the table when ``oracle_key`` of their arguments is in it, and otherwise call
the student's own function and report the arguments in ``"oracle_misses"``. Each answer is
sealed with its own arguments (``oracle_seal``): only a call with exactly those arguments
opens it.

In a kernel the grader loads this module with `install` before any student code runs
(see `grading.nbgrader_integration.kernel_transport`): `install` captures the functions
the server relies on, resolves the forbidden functions while their names still point to
numpy's own code, and returns a per-run key. Every answer written by `serve_file` is
signed with that key, so the grader can tell the server it installed from a stand-in.
"""
import base64
import builtins
import contextlib
import hashlib
import hmac
import io
import json
import os
import sys
import threading
import traceback
import warnings

import numpy as np

MAX_DEPTH = 20
MAX_NODES = 200_000  # values in one decoded answer; honest answers hold a few hundred
_HANDLES = {}
_ARRAY_KINDS = "biufc"  # bool, integers, floats, complex: nothing that can hold objects

# Captured when this module is loaded, which `install` makes happen before student code:
# later rebinding of these names by student code does not reach the server.
_modules = sys.modules
_setprofile, _getprofile = sys.setprofile, sys.getprofile
_current_frames = sys._current_frames
_tobytes = np.ndarray.tobytes
_asarray = np.asarray
_frombuffer = np.frombuffer
_json_dumps, _json_loads = json.dumps, json.loads
_open = builtins.open
_hmac_new = hmac.new
_sign = None  # set once by `install`
_namespace = None

# Calls that switch the guard off or escape it while a student function runs.
_TAMPER_CALLS = {sys.setprofile: "sys.setprofile", sys.settrace: "sys.settrace",
                 threading._start_new_thread: "a new thread",
                 getattr(os, "fork", None): "os.fork"}
_TAMPER_CALLS.pop(None, None)
# Library functions that legitimately compute a forbidden one internally (a spectral
# norm is an SVD): a forbidden call entered through one of these is allowed.
ALLOWED_ENTRIES = ("numpy.linalg.norm", "numpy.linalg.cond")
_PREFIXES = tuple(dict.fromkeys(os.path.join(path, "")
                                for prefix in (sys.prefix, sys.base_prefix)
                                for path in (prefix, os.path.realpath(prefix))))


class Handle:
    """A reference to an object that stays on the student's side (e.g. a ``cache``)."""

    def __init__(self, key):
        self.key = int(key)

    def __repr__(self):
        return f"Handle({self.key})"

    def __eq__(self, other):
        return isinstance(other, Handle) and other.key == self.key

    def __hash__(self):
        return hash(("Handle", self.key))


class Unsupported:
    """Stands for a value that is not plain data (arrays, numbers, strings, containers)."""

    def __init__(self, type_name):
        self.type_name = str(type_name)

    def __repr__(self):
        return f"<object of type {self.type_name}>"


# --------------------------------------------------------------------------- wire format
def _encode_array(value):
    array = _asarray(value)  # a plain ndarray; tobytes writes C order
    if array.dtype.kind not in _ARRAY_KINDS or array.dtype.fields is not None:
        return None
    return [array.dtype.str, list(array.shape),
            base64.b64encode(_tobytes(array)).decode("ascii")]


def encode(value, depth=0):
    """Turn plain data into JSON-able data; anything else becomes an ``Unsupported`` tag."""
    if depth > MAX_DEPTH:
        return {"__unsupported__": "structure nested too deeply"}
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is Handle:
        return {"__handle__": value.key}
    if isinstance(value, (np.generic, np.ndarray)):
        payload = _encode_array(value)
        if payload is None:
            return {"__unsupported__": f"numpy array of dtype {np.asarray(value).dtype}"}
        tag = "__npscalar__" if isinstance(value, np.generic) else "__ndarray__"
        return {tag: payload}
    if kind is int:
        return value
    if kind is float:
        if value != value or value in (float("inf"), float("-inf")):
            return {"__float__": repr(value)}
        return value
    if kind is list:
        return [encode(item, depth + 1) for item in value]
    if kind is tuple:
        return {"__tuple__": [encode(item, depth + 1) for item in value]}
    if kind is dict and all(type(key) is str for key in value):
        return {"__dict__": [[key, encode(item, depth + 1)] for key, item in value.items()]}
    return {"__unsupported__": kind.__name__}


def _decode_array(payload):
    dtype, shape, data = payload
    dtype = np.dtype(str(dtype))
    if dtype.kind not in _ARRAY_KINDS or dtype.fields is not None or dtype.hasobject:
        raise ValueError("malformed wire data: array of a non-numeric dtype")
    shape = tuple(int(n) for n in shape)
    raw = base64.b64decode(str(data).encode("ascii"), validate=True)
    count = 1
    for n in shape:
        if n < 0:
            raise ValueError("malformed wire data: negative array dimension")
        count *= n
    if count * dtype.itemsize != len(raw):
        raise ValueError("malformed wire data: array size does not match its shape")
    return _frombuffer(raw, dtype=dtype).reshape(shape).copy()


class _Budget:
    """Counts decoded values: an answer of millions of tiny values is refused early."""

    def __init__(self, limit):
        self.left = limit

    def take(self):
        self.left -= 1
        if self.left < 0:
            raise ValueError(f"malformed wire data: more than {MAX_NODES} values")


def decode(data, depth=0, budget=None):
    """Inverse of ``encode``; never unpickles. Raises ValueError on malformed data."""
    budget = budget or _Budget(MAX_NODES)
    budget.take()
    if depth > MAX_DEPTH:
        return Unsupported("structure nested too deeply")
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(item, depth + 1, budget) for item in data]
    if isinstance(data, dict) and len(data) == 1:
        (tag, payload), = data.items()
        try:
            if tag in ("__ndarray__", "__npscalar__"):
                array = _decode_array(payload)
                return array[()] if tag == "__npscalar__" else array
            if tag == "__float__":
                return float(payload)
            if tag == "__tuple__":
                return tuple(decode(item, depth + 1, budget) for item in payload)
            if tag == "__dict__":
                return {str(key): decode(item, depth + 1, budget) for key, item in payload}
            if tag == "__handle__":
                return Handle(payload)
            if tag == "__unsupported__":
                return Unsupported(payload)
        except (TypeError, ValueError, OverflowError) as error:
            raise ValueError(f"malformed wire data ({error})") from None
    raise ValueError("malformed wire data")


def dumps(value):
    return _json_dumps(encode(value), allow_nan=False)


def loads(text):
    return decode(_json_loads(text))


# ------------------------------------------------------------------ forbidden-call guard
def _unwrap(function):
    """``function`` and the layers behind it: decorators, partials, vectorize, methods."""
    layers, seen = [], set()
    pending = [function]
    while pending:
        function = pending.pop()
        if function is None or id(function) in seen:
            continue
        seen.add(id(function))
        layers.append(function)
        for attribute in ("_implementation", "__wrapped__", "func", "pyfunc", "__func__"):
            try:
                pending.append(getattr(function, attribute, None))
            except Exception:  # an object whose attribute access fails has no such layer
                continue
    return layers


def _resolve_chain(dotted):
    """The code objects behind a dotted function name, outermost layer first.

    Imports the module (e.g. ``scipy.linalg``) when it is installed but not imported yet,
    so that a function which imports it itself is caught too. [] if unavailable.
    """
    module_name, _, attribute = dotted.rpartition(".")
    module = sys.modules.get(module_name)
    if module is None:
        try:
            module = __import__(module_name, fromlist=["_"])
        except Exception:  # not installed (or broken): nothing to guard
            return []
    codes = []
    try:
        function = getattr(module, attribute, None)
    except Exception:  # a module whose attribute access itself fails: nothing to guard
        return []
    for layer in _unwrap(function):
        code = getattr(layer, "__code__", None)
        if code is not None and code not in codes:
            codes.append(code)
    return codes


def _resolve(dotted):
    """The Python code object behind a dotted function name, or None if unavailable."""
    chain = _resolve_chain(dotted)
    return chain[-1] if chain else None


_RESOLVED = {}  # dotted name -> code objects, resolved once per kernel


def _codes_of(dotted):
    if dotted not in _RESOLVED:
        _RESOLVED[dotted] = tuple(_resolve_chain(dotted))
    return _RESOLVED[dotted]


def _is_library_frame(frame):
    """True for a frame of an installed library module (numpy, scipy, the standard library).

    Not decided by the file name alone (student code can be compiled with any name): the
    frame must run in the namespace of a module loaded from the Python environment, and
    the code's file must be that module's file. Uses only what was captured at load.
    """
    globals_ = frame.f_globals
    module = _modules.get(globals_.get("__name__"))
    if module is None or getattr(module, "__dict__", None) is not globals_:
        return False
    filename = getattr(module, "__file__", None)
    return (type(filename) is str and filename == frame.f_code.co_filename
            and filename.startswith(_PREFIXES))


def _entry(frame):
    """The frames through which student code entered the library to reach ``frame``.

    Walks up from ``frame`` through library frames; returns the library frames above
    ``frame`` up to the first non-library (student) frame, outermost last, or None if
    there is no student frame (the call did not come from student code).
    """
    above = []
    caller = frame.f_back
    while caller is not None and _is_library_frame(caller):
        above.append(caller)
        caller = caller.f_back
    return above if caller is not None else None


class _Guard:
    """The profiler that watches one student call: forbidden functions and tampering."""

    def __init__(self, names):
        self.codes, self.layers = {}, set()
        for name in names:
            chain = _codes_of(name)
            if chain:
                self.codes[chain[-1]] = name
                self.layers.update(chain[:-1])
        self.allowed = {code for name in ALLOWED_ENTRIES for code in _codes_of(name)}
        self.forbidden, self.tampering = [], []
        self.active = False

    def __call__(self, frame, event, arg):
        if not self.active:
            return
        if event == "c_call":
            what = _TAMPER_CALLS.get(arg) if _is_hashable(arg) else None
            if what:
                self.tampering.append(f"called {what} during the call")
        elif event == "call" and frame.f_code in self.codes:
            start = frame
            while start.f_back is not None and start.f_back.f_code in self.layers:
                start = start.f_back
            above = _entry(start)
            if above is None:
                return
            if any(outer.f_code in self.codes for outer in above):
                return  # inside another forbidden function (pinv's SVD): that one counts
            if (above[-1] if above else start).f_code in self.allowed:
                return
            self.forbidden.append(self.codes[frame.f_code])

    @contextlib.contextmanager
    def watching(self):
        """Profile the block; afterwards note a removed profiler or threads left running."""
        previous = _getprofile()
        threads = set(_current_frames())
        if sys.setprofile is not _setprofile or sys.getprofile is not _getprofile:
            self.tampering.append("sys.setprofile was replaced before the call")
        self.active = True
        _setprofile(self)
        try:
            yield self
        finally:
            self.active = False
            if _getprofile() is not self:
                self.tampering.append("the profiler was removed or replaced during the call")
            _setprofile(previous)
            started = set(_current_frames()) - threads
            if started:
                self.tampering.append(f"{len(started)} thread(s) started during the call "
                                      "were still running after it")


def _is_hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True


@contextlib.contextmanager
def forbidden_guard(names, record, tampering=None):
    """Record every call of a forbidden function that student code makes.

    The call itself goes ahead (raising inside a profiler would switch it off); the
    grader discards the result of any call that recorded a forbidden function.
    Works on code objects through ``sys.setprofile``, so aliases such as
    ``from numpy.linalg import svd as s``, partials and ``np.vectorize`` are caught too.
    Calls that numpy makes internally for an allowed function (``norm(A, 2)`` uses an
    SVD) are allowed: the library function the student called decides (`ALLOWED_ENTRIES`).
    Signs of tampering (the profiler switched off, threads started) go to ``tampering``.
    """
    guard = _Guard(names)
    try:
        with guard.watching():
            yield
    finally:
        record.extend(guard.forbidden)
        if tampering is not None:
            tampering.extend(guard.tampering)


# ------------------------------------------------------------------------ call serving
def _resolve_handles(value):
    if isinstance(value, Handle):
        return _HANDLES[value.key]
    if isinstance(value, list):
        return [_resolve_handles(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_resolve_handles(item) for item in value)
    if isinstance(value, dict):
        return {key: _resolve_handles(item) for key, item in value.items()}
    return value


def _keep(value, positions):
    """Replace the result items at ``positions`` (or the whole result: -1) by handles."""
    def store(item):
        key = len(_HANDLES) + 1
        _HANDLES[key] = item
        return Handle(key)

    if -1 in positions:
        return store(value)
    if positions and isinstance(value, tuple):
        return tuple(store(item) if index in positions else item
                     for index, item in enumerate(value))
    return value


def _student_frames(tb):
    """The last few traceback lines that point into student code, for messages."""
    lines = []
    for frame in traceback.extract_tb(tb):
        if frame.filename == __file__:
            continue
        lines.append(f"line {frame.lineno} in {frame.name}: {frame.line or ''}".strip())
    return lines[-3:]


# -------------------------------------------------------- carried-forward dependencies
ORACLE_MAX_MISSES = 64             # argument sets reported per call
ORACLE_MAX_MISS_CHARS = 1_000_000  # a larger argument set is not reported (own function used)
_ABSENT = object()


def _canonical(value, depth=0):
    """JSON-able digest form of a value: equal for equal values, dtypes and shapes, whatever
    the memory layout or dict order (arrays as their dtype, shape and a SHA-256 of the bytes)."""
    if depth > MAX_DEPTH:
        return {"__u__": "deep"}
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.ascontiguousarray(value)
        if array.dtype.hasobject:
            return {"__u__": "object array"}
        tag = "__s__" if isinstance(value, np.generic) else "__a__"
        return {tag: [array.dtype.str, list(array.shape), hashlib.sha256(array.tobytes()).hexdigest()]}
    if value is None or type(value) in (bool, int, str):
        return value
    if type(value) is float:
        return value if value == value and abs(value) != float("inf") else {"__f__": repr(value)}
    if type(value) is list:
        return [_canonical(item, depth + 1) for item in value]
    if type(value) is tuple:
        return {"__t__": [_canonical(item, depth + 1) for item in value]}
    if type(value) is dict:
        return {"__d__": [[str(key), _canonical(value[key], depth + 1)]
                          for key in sorted(value, key=str)]}
    return {"__u__": type(value).__name__}


def _call_text(args, kwargs):
    text = json.dumps(_canonical([list(args), dict(kwargs)]), sort_keys=True, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).digest()


def _key_of(text):
    return hashlib.sha256(b"ddasp-oracle-key\0" + text).hexdigest()


def _sealed(payload, text):
    """``payload`` XOR a SHAKE-256 stream keyed by the call's arguments (its own inverse)."""
    stream = hashlib.shake_256(b"ddasp-oracle-seal\0" + text).digest(len(payload))
    return (np.frombuffer(payload, np.uint8) ^ np.frombuffer(stream, np.uint8)).tobytes()


def oracle_key(args, kwargs):
    """Digest of a call's arguments (values, dtypes, shapes; not memory layout or dict order)."""
    return _key_of(_call_text(args, kwargs))


def oracle_seal(args, kwargs, value):
    """(key, sealed answer) for the table of a request: only a caller holding exactly these
    arguments can open the answer, so the table tells nothing about other calls."""
    text = _call_text(args, kwargs)
    payload = json.dumps(encode(value), allow_nan=False).encode("utf-8")
    return _key_of(text), base64.b64encode(_sealed(payload, text)).decode("ascii")


def _opened(sealed, text):
    return decode(json.loads(_sealed(base64.b64decode(sealed.encode("ascii")), text)))


def _stand_in(name, answers, own, misses, state):
    """A function answering ``name`` from ``answers`` while ``state["active"]``.

    Outside that window (a stand-in kept by student code and called later), and for
    arguments without an answer, it calls the student's own function ``own``.
    """
    def stand_in(*args, **kwargs):
        if state["active"]:
            text = _call_text(args, kwargs)
            key = _key_of(text)
            if key in answers:
                return _opened(answers[key], text)
            miss = {"name": name, "args": encode(list(args)), "kwargs": encode(dict(kwargs))}
            if len(misses) < ORACLE_MAX_MISSES and \
                    len(json.dumps(miss, allow_nan=False)) <= ORACLE_MAX_MISS_CHARS:
                misses.append(miss)
        if own is None:
            raise NameError(f"name {name!r} is not defined")
        return own(*args, **kwargs)

    stand_in.__name__ = stand_in.__qualname__ = str(name)
    return stand_in


@contextlib.contextmanager
def oracle_stubs(oracle, namespace, misses):
    """Install stand-ins for the dependencies in ``oracle`` for the duration of one call.

    The student's own definitions (or their absence) are restored on the way out, also
    when the call raises or is interrupted; stand-ins kept by student code stop answering.
    """
    if not oracle:
        yield
        return
    state, saved = {"active": True}, {}
    try:
        for name, pairs in oracle.items():
            saved[name] = previous = namespace.get(name, _ABSENT)
            own = previous if previous is not _ABSENT and callable(previous) else None
            namespace[name] = _stand_in(name, {str(key): value for key, value in pairs},
                                        own, misses, state)
        yield
    finally:
        state["active"] = False
        for name, previous in saved.items():
            if previous is _ABSENT:
                namespace.pop(name, None)
            else:
                namespace[name] = previous


def serve(request, namespace):
    """Execute one request against the student's namespace; returns a plain response."""
    name = request["name"]
    if name not in namespace:
        return {"status": "missing"}
    target = namespace[name]
    if request["op"] == "get":
        return {"status": "ok", "value": target}
    if not callable(target):
        return {"status": "not_callable", "type": type(target).__name__}
    args = _resolve_handles(decode(request.get("args", [])))
    kwargs = _resolve_handles(decode(request.get("kwargs", {"__dict__": []})))
    forbidden_calls, tampering, misses = [], [], []
    extra = {"oracle_misses": misses} if request.get("oracle") else {}
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), \
                warnings.catch_warnings(), np.errstate(all="ignore"), \
                oracle_stubs(request.get("oracle"), namespace, misses), \
                forbidden_guard(request.get("forbidden", ()), forbidden_calls, tampering):
            warnings.simplefilter("ignore")
            value = target(*args, **kwargs)
    except BaseException as error:  # the student's exception is data here
        if isinstance(error, KeyboardInterrupt):
            raise
        return {"status": "raised", "ename": type(error).__name__,
                "evalue": str(error)[:500], "where": _student_frames(error.__traceback__),
                "forbidden_calls": forbidden_calls, "tampering": tampering, **extra}
    response = {"status": "ok", "value": _keep(value, tuple(request.get("keep", ()))),
                "forbidden_calls": forbidden_calls, "tampering": tampering, **extra}
    if request.get("return_args"):
        response["args_after"] = list(args)
        response["kwargs_after"] = kwargs
    return response


def _encoded(response):
    return {**response, "value": encode(response.get("value")),
            "args_after": encode(response.get("args_after")),
            "kwargs_after": encode(response.get("kwargs_after"))}


def serve_json(request_text, namespace):
    """``serve`` with JSON text in and out (what crosses the boundary).

    A request ``{"op": "batch", "requests": [...]}`` serves several independent calls in
    one round trip; its answer is ``{"status": "ok", "responses": [...]}``.
    """
    request = _json_loads(request_text)
    try:
        if request.get("op") == "batch":
            answer = {"status": "ok", "responses": [_encoded(serve(item, namespace))
                                                    for item in request["requests"]]}
        else:
            answer = _encoded(serve(request, namespace))
        return _json_dumps(answer, allow_nan=False)
    except (TypeError, ValueError) as error:
        return _json_dumps({"status": "unencodable", "reason": str(error)[:200]})


# ------------------------------------------------------------- the kernel's server
def signature(key, token, request_text, answer_text):
    """HMAC-SHA256 binding one answer to its request and the request's token."""
    message = f"{token}\n{len(request_text)}\n{request_text}{answer_text}"
    return _hmac_new(key.encode("ascii"), message.encode("utf-8"), "sha256").hexdigest()


def install(namespace, forbidden=()):
    """Make this module the kernel's server; returns the per-run key (once per kernel).

    Called by the grader before any student code runs. The server that answers is a
    copy of this module, executed from its read-only file into a namespace of its own:
    wrapping this module's ``serve`` or swapping in a stand-in that does not know the key
    does not change what answers (the answer is unsigned: ``Tampering``). The copy shares
    the kernel's process with student code, so code that reflects on the installed
    ``serve_file`` (its globals, closures, ``inspect``) could reach the key; the static
    scan shows every such construct for review (``needs-review``) instead. ``forbidden``
    names are resolved now, while they point to the libraries' code.
    """
    global serve_file
    if _sign is not None or serve_file is not _serve_file_unsigned:
        raise RuntimeError("the grading server is already installed")
    private = {"__name__": "_ddasp_server", "__file__": __file__}
    with _open(__file__, encoding="utf-8") as handle:
        exec(compile(handle.read(), __file__, "exec"), private)
    key = os.urandom(32).hex()
    private["_activate"](key, namespace, forbidden)
    serve_file = private["serve_file"]
    return key


def _activate(key, namespace, forbidden):
    """In the private copy: keep the key in a closure, resolve the forbidden names."""
    global _sign, _namespace
    _sign = lambda token, request, answer: signature(key, token, request, answer)  # noqa: E731
    _namespace = namespace
    for name in list(forbidden) + list(ALLOWED_ENTRIES):
        # numpy (which the server imports) now; other libraries when first needed, to
        # keep their import time out of every kernel (rebinding them is a static finding)
        if name.split(".")[0] == "numpy" or name.rpartition(".")[0] in _modules:
            _codes_of(name)


def serve_file(request_path, response_path, token):
    """Kernel entry point: read a request file, write the signed response file.

    The response file holds the signature on its first line and the answer after it.
    """
    if _sign is None:
        raise RuntimeError("the grading server is not installed")
    with _open(request_path, encoding="utf-8") as handle:
        request = handle.read()
    answer = serve_json(request, _namespace)
    with _open(response_path, "w", encoding="utf-8") as handle:
        handle.write(_sign(token, request, answer) + "\n" + answer)


_serve_file_unsigned = serve_file
