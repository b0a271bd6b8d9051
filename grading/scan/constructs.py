"""Circumvention constructs: code that has no place in a homework and is shown to the
instructor (flag ``needs-review``), never scored by itself.

``REVIEW`` maps dotted names (a name matches itself and everything inside it) to the
reason given in the summary. Further rules in `review_reasons`: dunder and frame
attributes, ``getattr``/``setattr`` with names that are not constants, rebinding a
library's attribute, strings that name the grader's exchange or a library path, and
IPython magics other than a few harmless ones.
"""
import ast

_THREADS = "runs code in another thread or process, outside the forbidden-function guard"
_IMPORTS = "imports or runs code the scan cannot see"
_FRAMES = "reaches into the interpreter's frames or objects"
_PROFILE = "changes or reads the profiler that guards forbidden functions"
_ENVIRONMENT = "reads the environment (the grader's variables)"
_PICKLE = "loads pickled data, which can run code"

REVIEW = {
    "sys.setprofile": _PROFILE, "sys.settrace": _PROFILE, "sys.getprofile": _PROFILE,
    "sys.gettrace": _PROFILE, "sys.monitoring": _PROFILE, "sys.call_tracing": _PROFILE,
    "threading": _THREADS, "_thread": _THREADS, "multiprocessing": _THREADS,
    "concurrent": _THREADS, "subprocess": _THREADS, "asyncio": _THREADS, "pty": _THREADS,
    "os.fork": _THREADS, "os.forkpty": _THREADS, "os.system": _THREADS, "os.popen": _THREADS,
    "os.execv": _THREADS, "os.execve": _THREADS, "os.execl": _THREADS, "os.execvp": _THREADS,
    "os.execlp": _THREADS, "os.execle": _THREADS, "os.execvpe": _THREADS, "os.execlpe": _THREADS,
    "os.spawnv": _THREADS, "os.spawnl": _THREADS, "os.spawnve": _THREADS, "os.spawnvp": _THREADS,
    "os.posix_spawn": _THREADS, "os.posix_spawnp": _THREADS, "os.register_at_fork": _THREADS,
    "os.kill": "sends signals to processes", "os.killpg": "sends signals to processes",
    "signal": "installs signal handlers", "atexit": "runs code at exit",
    "ctypes": "calls native code directly", "_ctypes": "calls native code directly",
    "cffi": "calls native code directly", "mmap": "maps memory",
    "builtins.exec": _IMPORTS, "builtins.eval": _IMPORTS, "builtins.compile": _IMPORTS,
    "builtins.__import__": _IMPORTS, "builtins.breakpoint": _IMPORTS,
    "builtins.__build_class__": _IMPORTS,
    "builtins.globals": "reaches the namespace by name", "builtins.locals": "reaches the namespace by name",
    "builtins.vars": "reaches a namespace by name", "builtins.delattr": "deletes attributes",
    "importlib": _IMPORTS, "imp": _IMPORTS, "runpy": _IMPORTS, "pkgutil": _IMPORTS,
    "zipimport": _IMPORTS, "code": _IMPORTS, "codeop": _IMPORTS, "marshal": _IMPORTS,
    "types.FunctionType": _IMPORTS, "types.CodeType": _IMPORTS, "types.LambdaType": _IMPORTS,
    "types.ModuleType": _IMPORTS,
    "pickle": _PICKLE, "_pickle": _PICKLE, "dill": _PICKLE, "cloudpickle": _PICKLE,
    "shelve": _PICKLE, "joblib": _PICKLE,
    "sys.modules": "changes or reads the module table",
    "sys.path": "changes where modules are imported from", "sys.meta_path": _IMPORTS,
    "sys.path_hooks": _IMPORTS, "sys.path_importer_cache": _IMPORTS,
    "sys._getframe": _FRAMES, "sys._current_frames": _FRAMES, "sys.addaudithook": _FRAMES,
    "gc.get_referrers": _FRAMES, "gc.get_referents": _FRAMES, "gc.get_objects": _FRAMES,
    "inspect": _FRAMES,   # frames, closures (getclosurevars), members, source of any object
    "os.environ": _ENVIRONMENT, "os.environb": _ENVIRONMENT, "os.getenv": _ENVIRONMENT,
    "os.putenv": _ENVIRONMENT, "os.unsetenv": _ENVIRONMENT,
    "IPython": "drives the kernel's IPython", "ipykernel": "drives the kernel",
    "jupyter_client": "talks to kernels", "zmq": "talks to the kernel's sockets",
    "socket": "opens sockets", "resource": "changes resource limits",
    "grading": "imports the course's grading package",
    "_ddasp_student_side": "imports the grader's server in the kernel",  # kernel_transport.SERVER_MODULE
    "numpy.matrix": "numpy.matrix (its .I is a library pseudo-inverse)",
    "numpy.asmatrix": "numpy.matrix (its .I is a library pseudo-inverse)",
    "numpy.mat": "numpy.matrix (its .I is a library pseudo-inverse)",
}
EXACT = {"builtins": "rebinds or reads the builtins module"}  # "builtins.print" is fine

NAMES = {"get_ipython": "drives the kernel's IPython (input transformers, events, magics)",
         "__builtins__": "rebinds or reads the builtins module",
         "__loader__": _IMPORTS, "__spec__": _IMPORTS}
ATTRIBUTES = {name: _FRAMES for name in (
    "f_back", "f_globals", "f_locals", "f_builtins", "f_code", "f_trace", "tb_frame",
    "gi_frame", "cr_frame", "ag_frame", "co_code", "co_filename", "co_consts", "I")}
ATTRIBUTES["I"] = "numpy.matrix's .I (a library pseudo-inverse)"
HARMLESS_DUNDERS = {"__name__", "__doc__", "__qualname__", "__version__", "__file__",
                    "__init__", "__module__"}
HARMLESS_MAGICS = {"matplotlib", "time", "timeit", "pinfo", "pinfo2", "precision", "who",
                   "whos", "capture"}
PYTHON_CELL_MAGICS = {"time", "timeit", "capture"}  # their body is ordinary Python
STRINGS = (("ddasp", "names the grader's exchange, variables or server"),
           ("/lib/python", "imitates an installed library's file name"),
           ("site-packages", "imitates an installed library's file name"),
           ("/proc/", "reads process information"),
           ("/tmp", "looks into the machine's shared folders (the grader's exchange)"),
           ("/run/", "looks into the machine's shared folders (the grader's exchange)"))


def table_reason(dotted):
    """The review reason of a dotted name, or None."""
    if dotted in EXACT:
        return EXACT[dotted]
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        reason = REVIEW.get(".".join(parts[:end]))
        if reason:
            return reason
    return None


def magic_call(node):
    """('line'|'cell'|'shell', magic name or None, body node) for IPython's calls, or None."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    owner = node.func.value
    if not (isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name)
            and owner.func.id == "get_ipython"):
        return None
    kind = {"run_line_magic": "line", "run_cell_magic": "cell", "system": "shell",
            "getoutput": "shell"}.get(node.func.attr)
    if kind is None:
        return None
    name = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
    body = node.args[2] if kind == "cell" and len(node.args) > 2 else None
    return kind, name, body


def review_reasons(node, names):
    """[(what, reason)] for one AST node (``names``: the namespace's `Names`)."""
    found = []
    magic = magic_call(node)
    if magic is not None:
        kind, name, _ = magic
        if kind == "shell" or name not in HARMLESS_MAGICS:
            found.append((f"%{name}" if kind != "shell" else "!shell command",
                          "an IPython magic or shell command the scan cannot follow"))
        return found
    if isinstance(node, ast.Name):
        if node.id in NAMES:
            found.append((node.id, NAMES[node.id]))
    if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
        for dotted in names.resolve(node):
            reason = table_reason(dotted)
            if reason:
                found.append((dotted, reason))
    if isinstance(node, ast.Attribute):
        attr = node.attr
        if attr in ATTRIBUTES:
            found.append((f".{attr}", ATTRIBUTES[attr]))
        elif attr.startswith("__") and attr.endswith("__") and attr not in HARMLESS_DUNDERS:
            found.append((f".{attr}", _FRAMES))
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            for dotted in names.resolve(node.value):
                if not dotted.startswith("builtins.") or dotted.count(".") > 1:
                    found.append((f"{dotted}.{attr} =", "rebinds a library's attribute"))
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] + [f"{node.module}.{alias.name}" for alias in node.names]
        for module in modules:
            reason = table_reason(module)
            if reason:
                found.append((module, reason))
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
            found.append((f"from {node.module} import *", "imports every name of a module"))
    if isinstance(node, ast.Call):
        funcs = names.resolve(node.func)
        if funcs & {"builtins.getattr", "builtins.setattr", "builtins.delattr", "builtins.hasattr"} \
                and len(node.args) >= 2 and not names.fold(node.args[1]):
            found.append(("getattr/setattr with a computed name", "reaches attributes by a name "
                          "the scan cannot read"))
        if "builtins.setattr" in funcs and node.args and names.resolve(node.args[0]):
            found.append(("setattr on a module", "rebinds a library's attribute"))
        if any(func.endswith("numpy.load") for func in funcs) and any(
                keyword.arg == "allow_pickle" and not (isinstance(keyword.value, ast.Constant)
                                                       and not keyword.value.value)
                for keyword in node.keywords):
            found.append(("numpy.load(allow_pickle=...)", _PICKLE))
        for keyword in node.keywords:
            if keyword.arg in ATTRIBUTES or (keyword.arg or "").startswith("co_"):
                found.append((f"{keyword.arg}=", _FRAMES))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        lowered = node.value.lower()
        for needle, reason in STRINGS:
            if needle in lowered:
                found.append((repr(node.value[:40]), reason))
    return found
