"""What an expression names: dotted library names, folded strings, forbidden matches.

``Names.resolve(node)`` gives the set of dotted names an expression may stand for
(``np.linalg.svd`` -> {'numpy.linalg.svd'}), following import aliases, assignments
(``la = np.linalg``), ``getattr(obj, "s" + "vd")``, ``vars(obj)[...]``,
``obj.__dict__[...]``, ``sys.modules[...]``, ``__import__``/``importlib.import_module``
and ``operator.attrgetter``, with string arguments folded from constants (``+``, ``*``,
f-strings, ``"".join``, slices, ``chr``, ``str`` methods, names bound to such strings).
Builtins are named ``builtins.<name>``. The table is flow-insensitive (every binding of
a name in the notebook counts): a name that may be an alias of a forbidden function is one.
"""
import ast
import builtins

BUILTIN_NAMES = frozenset(dir(builtins))
LAPACK_PREFIXES = ("s", "d", "c", "z")
_STR_METHODS = {"lower", "upper", "strip", "lstrip", "rstrip", "replace", "swapcase",
                "title", "capitalize", "casefold", "removeprefix", "removesuffix"}


def module_of(dotted):
    return dotted.rpartition(".")[0]


def leaf(dotted):
    return dotted.rpartition(".")[2]


def forbidden_match(dotted, forbidden, banned_modules=()):
    """The forbidden name ``dotted`` reaches, or None.

    ``forbidden``: dotted function names ('numpy.linalg.svd'); a name reached through a
    private or alternative module of the same package counts ('numpy.linalg._linalg.svd',
    'scipy.linalg._decomp_svd.svd', 'scipy.linalg._flapack.dgesdd'): same last part, and
    the same first two parts ('numpy.linalg', 'scipy.linalg', 'scipy.sparse').
    ``banned_modules``: whole packages ('sympy', 'torch'): any name inside them.
    """
    for module in banned_modules:
        if dotted == module or dotted.startswith(module + "."):
            return module
    parts = dotted.split(".")
    for end in range(len(parts), 2, -1):  # 'numpy.linalg.svd.__call__' is numpy.linalg.svd
        prefix = parts[:end]
        if ".".join(prefix) in forbidden:
            return ".".join(prefix)
        loose = [name for name in forbidden
                 if prefix[-1] == leaf(name) and prefix[:2] == name.split(".")[:2]]
        if loose:
            return min(loose, key=len)
    return None


class Names:
    """Alias and string tables of one namespace; resolves expressions to dotted names."""

    def __init__(self, local_modules=()):
        self.aliases = {}   # name -> set of dotted names
        self.strings = {}   # name -> set of string values it may hold
        self.local_modules = set(local_modules)  # top-level names of submitted modules
        self.defined = set()  # names the code binds by def/class (not aliases)
        self.star_imports = []  # ``from module import *`` nodes

    # ------------------------------------------------------------------ tables
    def add_alias(self, name, values):
        values = {value for value in values if value}
        if values:
            self.aliases.setdefault(name, set()).update(values)

    def learn(self, trees, rounds=3):
        """Fill the tables from import statements and assignments of ``trees``."""
        kinds = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                 ast.Assign, ast.AnnAssign, ast.NamedExpr, ast.For, ast.comprehension, ast.withitem)
        nodes = [node for tree in trees for node in ast.walk(tree) if isinstance(node, kinds)]
        self.star_imports += [node for node in nodes if isinstance(node, ast.ImportFrom)
                              and any(alias.name == "*" for alias in node.names)]
        for _ in range(rounds):  # an alias of an alias is known after the next round
            for node in nodes:
                self._learn_node(node)

    def _learn_node(self, node):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.add_alias(alias.asname, {alias.name})
                else:
                    top = alias.name.split(".")[0]
                    self.add_alias(top, {top})
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name != "*":
                    self.add_alias(alias.asname or alias.name, {f"{node.module}.{alias.name}"})
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.defined.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is None:
                return
            for target in targets:
                self._bind(target, node.value)
        elif isinstance(node, (ast.For, ast.comprehension)):
            elements = node.iter.elts if isinstance(node.iter, (ast.List, ast.Tuple, ast.Set)) else []
            for element in elements:
                self._bind(node.target, element)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            self._bind(node.optional_vars, node.context_expr)

    def _bind(self, target, value):
        if isinstance(target, ast.Name):
            self.add_alias(target.id, self.resolve(value))
            folded = self.fold(value)
            if folded:
                self.strings.setdefault(target.id, set()).update(folded)
        elif isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)) \
                and len(target.elts) == len(value.elts):
            for sub_target, sub_value in zip(target.elts, value.elts):
                self._bind(sub_target, sub_value)

    # ------------------------------------------------------------------ strings
    def fold(self, node, depth=0):
        """The set of strings a constant-built expression may evaluate to (empty: unknown)."""
        if depth > 40:
            return set()
        fold = lambda sub: self.fold(sub, depth + 1)  # noqa: E731
        if isinstance(node, ast.Constant):
            return {node.value} if isinstance(node.value, str) else set()
        if isinstance(node, ast.Name):
            return set(self.strings.get(node.id, ()))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return {a + b for a in fold(node.left) for b in fold(node.right)}
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            for text, count in ((node.left, node.right), (node.right, node.left)):
                if isinstance(count, ast.Constant) and isinstance(count.value, int) \
                        and 0 <= count.value <= 8:
                    return {value * count.value for value in fold(text)}
            return set()
        if isinstance(node, ast.JoinedStr):
            results = {""}
            for part in node.values:
                values = fold(part.value) if isinstance(part, ast.FormattedValue) else fold(part)
                if not values:
                    return set()
                results = {a + b for a in results for b in values}
            return results
        if isinstance(node, ast.Subscript):
            values = fold(node.value)
            try:
                index = ast.literal_eval(node.slice) if not isinstance(node.slice, ast.Slice) else \
                    slice(*(None if part is None else ast.literal_eval(part)
                            for part in (node.slice.lower, node.slice.upper, node.slice.step)))
                return {value[index] for value in values}
            except Exception:  # noqa: BLE001 - not a constant index
                return set()
        if isinstance(node, ast.Call):
            return self._fold_call(node, depth)
        return set()

    def _fold_call(self, node, depth):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "join" and len(node.args) == 1 \
                and isinstance(node.args[0], (ast.List, ast.Tuple)):
            parts = [self.fold(element, depth + 1) for element in node.args[0].elts]
            if all(len(part) == 1 for part in parts):
                return {sep.join(next(iter(part)) for part in parts)
                        for sep in self.fold(func.value, depth + 1)}
            return set()
        if isinstance(func, ast.Attribute) and func.attr in _STR_METHODS:
            args = [self.fold(arg, depth + 1) for arg in node.args]
            if any(len(arg) != 1 for arg in args):
                return set()
            try:
                return {getattr(value, func.attr)(*(next(iter(arg)) for arg in args))
                        for value in self.fold(func.value, depth + 1)}
            except Exception:  # noqa: BLE001
                return set()
        if isinstance(func, ast.Name) and func.id == "chr" and len(node.args) == 1 \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, int):
            try:
                return {chr(node.args[0].value)}
            except (ValueError, OverflowError):
                return set()
        if isinstance(func, ast.Name) and func.id == "str" and len(node.args) == 1:
            return self.fold(node.args[0], depth + 1)
        return set()

    # ------------------------------------------------------------------ names
    def resolve(self, node, depth=0):
        """The dotted names ``node`` may stand for (a set; empty when unknown)."""
        if depth > 60:
            return set()
        sub = lambda expr: self.resolve(expr, depth + 1)  # noqa: E731
        if isinstance(node, ast.Name):
            found = set(self.aliases.get(node.id, ()))
            if node.id in BUILTIN_NAMES and node.id not in self.defined:
                found.add(f"builtins.{node.id}")
            return found
        if isinstance(node, ast.Attribute):
            return {f"{value}.{node.attr}" for value in sub(node.value)}
        if isinstance(node, ast.Subscript):
            keys = self.fold(node.slice)
            bases = sub(node.value)
            found = set()
            for base in bases:
                for key in keys:
                    if base.endswith(".__dict__"):
                        found.add(f"{base[:-len('.__dict__')]}.{key}")
                    elif base == "sys.modules":
                        found.add(key)
                    elif base == "builtins.globals()":
                        found |= self.aliases.get(key, set())
            return {name for name in found if name}
        if isinstance(node, ast.Call):
            return self._resolve_call(node, depth)
        if isinstance(node, ast.NamedExpr):
            return sub(node.value)
        return set()

    def _resolve_call(self, node, depth):
        funcs = self.resolve(node.func, depth + 1)
        args = node.args
        found = set()
        if "builtins.getattr" in funcs and len(args) >= 2:
            found |= {f"{base}.{name}" for base in self.resolve(args[0], depth + 1)
                      for name in self.fold(args[1])}
        if "builtins.vars" in funcs and len(args) == 1:
            found |= {f"{base}.__dict__" for base in self.resolve(args[0], depth + 1)}
        if funcs & {"builtins.globals", "builtins.locals", "builtins.vars"} and not args:
            found.add("builtins.globals()")
        if funcs & {"builtins.__import__", "importlib.import_module", "importlib.__import__"} and args:
            for name in self.fold(args[0]):
                found |= {name, name.split(".")[0]}
        for func in funcs:
            if func.endswith(".__getattribute__") and args:
                found |= {f"{func[:-len('.__getattribute__')]}.{name}" for name in self.fold(args[0])}
            if leaf(func) in ("get_lapack_funcs", "find_best_lapack_type") and args:
                names = self._fold_many(args[0])
                found |= {f"scipy.linalg.lapack.{prefix}{name}" for name in names
                          for prefix in LAPACK_PREFIXES}
        if isinstance(node.func, ast.Call) and args:  # operator.attrgetter("linalg.svd")(np)
            inner = self.resolve(node.func.func, depth + 1)
            if "operator.attrgetter" in inner and node.func.args:
                found |= {f"{base}.{name}" for base in self.resolve(args[0], depth + 1)
                          for name in self.fold(node.func.args[0])}
        return found

    def _fold_many(self, node):
        if isinstance(node, (ast.Tuple, ast.List)):
            return {value for element in node.elts for value in self.fold(element)}
        return self.fold(node)
