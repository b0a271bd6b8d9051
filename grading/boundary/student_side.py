"""The student's side of the grading boundary: plain-data wire format and call serving.

This module runs *inside* the student's kernel (a sandbox during autograde), so it imports
nothing but the standard library and numpy and knows nothing about reference solutions.
The grader imports the same wire format (`encode`, `decode`) to read what comes back.

Wire format: JSON in which arrays travel as base64 ``.npy`` bytes written and read with
``allow_pickle=False``; tuples, dicts and non-finite floats are tagged. Nothing is ever
unpickled, so a hostile object cannot run code on the grader's side.

A request is ``{"op": "call" | "get", "name": str, "args": [...], "kwargs": {...},
"keep": [int, ...], "forbidden": [dotted names], "return_args": bool}``; a response is
``{"status": "ok" | "raised" | "missing" | "not_callable", ...}``.

Optional field ``"oracle": {dependency name: [[key, sealed result], ...]}`` (error carried
forward, ``oracle_stubs``): during this one call the named functions are stand-ins that
answer from the table when ``oracle_key`` of their arguments is in it, and otherwise call
the student's own function and report the arguments in ``"oracle_misses"``. Each answer is
sealed with its own arguments (``oracle_seal``): only a call with exactly those arguments
opens it.
"""
import base64
import builtins
import contextlib
import hashlib
import importlib
import io
import json
import sys
import traceback
import warnings

import numpy as np

MAX_DEPTH = 20
_HANDLES = {}


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
def encode(value, depth=0):
    """Turn plain data into JSON-able data; anything else becomes an ``Unsupported`` tag."""
    if depth > MAX_DEPTH:
        return {"__unsupported__": "structure nested too deeply"}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, Handle):
        return {"__handle__": value.key}
    if isinstance(value, np.generic) or isinstance(value, np.ndarray):
        array = np.asarray(value)
        if array.dtype.hasobject:
            return {"__unsupported__": "numpy array of Python objects"}
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        tag = "__npscalar__" if isinstance(value, np.generic) else "__ndarray__"
        return {tag: base64.b64encode(buffer.getvalue()).decode("ascii")}
    if isinstance(value, int) and type(value) in (int,):
        return value
    if type(value) is float:
        if value != value or value in (float("inf"), float("-inf")):
            return {"__float__": repr(value)}
        return value
    if type(value) is list:
        return [encode(item, depth + 1) for item in value]
    if type(value) is tuple:
        return {"__tuple__": [encode(item, depth + 1) for item in value]}
    if type(value) is dict and all(type(key) is str for key in value):
        return {"__dict__": [[key, encode(item, depth + 1)] for key, item in value.items()]}
    return {"__unsupported__": type(value).__name__}


def decode(data, depth=0):
    """Inverse of ``encode``; never unpickles."""
    if depth > MAX_DEPTH:
        return Unsupported("structure nested too deeply")
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(item, depth + 1) for item in data]
    if isinstance(data, dict) and len(data) == 1:
        (tag, payload), = data.items()
        if tag in ("__ndarray__", "__npscalar__"):
            raw = base64.b64decode(payload.encode("ascii"), validate=True)
            array = np.load(io.BytesIO(raw), allow_pickle=False)
            return array[()] if tag == "__npscalar__" else array
        if tag == "__float__":
            return float(payload)
        if tag == "__tuple__":
            return tuple(decode(item, depth + 1) for item in payload)
        if tag == "__dict__":
            return {str(key): decode(item, depth + 1) for key, item in payload}
        if tag == "__handle__":
            return Handle(payload)
        if tag == "__unsupported__":
            return Unsupported(payload)
    raise ValueError("malformed wire data")


def dumps(value):
    return json.dumps(encode(value), allow_nan=False)


def loads(text):
    return decode(json.loads(text))


# ------------------------------------------------------------------ forbidden-call guard
def _resolve_chain(dotted):
    """The code objects behind a dotted function name, outermost decorator layer first.

    Imports the module (e.g. ``scipy.linalg``) when it is installed but not imported yet,
    so that a function which imports it itself is caught too. [] if unavailable.
    """
    module_name, _, attribute = dotted.rpartition(".")
    module = sys.modules.get(module_name)
    if module is None:
        try:
            module = importlib.import_module(module_name)
        except Exception:  # not installed (or broken): nothing to guard
            return []
    function = getattr(module, attribute, None)
    function = getattr(function, "_implementation", function)  # numpy dispatchers
    codes, seen = [], set()
    while function is not None and id(function) not in seen:  # follow __wrapped__
        seen.add(id(function))
        code = getattr(function, "__code__", None)
        if code is not None:
            codes.append(code)
        function = getattr(function, "__wrapped__", None)
    return codes


def _resolve(dotted):
    """The Python code object behind a dotted function name, or None if unavailable."""
    chain = _resolve_chain(dotted)
    return chain[-1] if chain else None


def _is_library_frame(frame):
    filename = frame.f_code.co_filename.replace("\\", "/")
    return "/site-packages/" in filename or "/lib/python3" in filename


@contextlib.contextmanager
def forbidden_guard(names, record):
    """Record every call of a forbidden function made from outside numpy/scipy itself.

    The call itself goes ahead (raising inside a profiler would switch it off); the
    grader discards the result of any call that recorded a forbidden function.
    Works on code objects through ``sys.setprofile``, so aliases such as
    ``from numpy.linalg import svd as s`` are caught too. Calls that numpy makes
    internally (``norm(A, 2)`` uses an SVD) are allowed: only the immediate caller counts.
    Decorator layers (``__wrapped__``, e.g. scipy's batching wrappers) are looked through:
    the caller of the wrapped function is the frame that called the outermost layer.
    """
    codes, wrappers = {}, set()
    for name in names:
        chain = _resolve_chain(name)
        if chain:
            codes[chain[-1]] = name
            wrappers.update(chain[:-1])
    if not codes:
        yield
        return
    previous = sys.getprofile()

    def profiler(frame, event, arg):
        if event == "call" and frame.f_code in codes:
            caller = frame.f_back
            while caller is not None and caller.f_code in wrappers:
                caller = caller.f_back
            if caller is not None and not _is_library_frame(caller):
                record.append(codes[frame.f_code])

    sys.setprofile(profiler)
    try:
        yield
    finally:
        sys.setprofile(previous)


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
    forbidden_calls, misses = [], []
    extra = {"oracle_misses": misses} if request.get("oracle") else {}
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), \
                warnings.catch_warnings(), np.errstate(all="ignore"), \
                oracle_stubs(request.get("oracle"), namespace, misses), \
                forbidden_guard(request.get("forbidden", ()), forbidden_calls):
            warnings.simplefilter("ignore")
            value = target(*args, **kwargs)
    except BaseException as error:  # the student's exception is data here
        if isinstance(error, KeyboardInterrupt):
            raise
        return {"status": "raised", "ename": type(error).__name__,
                "evalue": str(error)[:500], "where": _student_frames(error.__traceback__),
                "forbidden_calls": forbidden_calls, **extra}
    response = {"status": "ok", "value": _keep(value, tuple(request.get("keep", ()))),
                "forbidden_calls": forbidden_calls, **extra}
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
    request = json.loads(request_text)
    try:
        if request.get("op") == "batch":
            answer = {"status": "ok", "responses": [_encoded(serve(item, namespace))
                                                    for item in request["requests"]]}
        else:
            answer = _encoded(serve(request, namespace))
        return json.dumps(answer, allow_nan=False)
    except (TypeError, ValueError) as error:
        return json.dumps({"status": "unencodable", "reason": str(error)[:200]})


def serve_file(request_path, response_path, namespace):
    """Kernel entry point: read a request file, write the response file."""
    with builtins.open(request_path, encoding="utf-8") as handle:
        text = handle.read()
    answer = serve_json(text, namespace)
    with builtins.open(response_path, "w", encoding="utf-8") as handle:
        handle.write(answer)
