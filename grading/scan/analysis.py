"""One namespace (the notebook's cells, or one submitted file): who uses what.

A *binding* is a name the namespace's top level defines (``def``, ``class``, an
assignment, an import, or names bound inside a top-level ``if``/``for``/``with``/``try``).
Each binding collects the forbidden names its code reaches (`Finding`) and the other
bindings and submitted modules it refers to, so that a contract function is charged for
what it uses directly and through everything it calls. Code outside any binding cannot
be called by a check; forbidden names there are only shown for review.
"""
import ast
from dataclasses import dataclass, field

from .constructs import PYTHON_CELL_MAGICS, magic_call, review_reasons
from .names import Names, forbidden_match, module_of


@dataclass(frozen=True)
class Finding:
    """A forbidden name or a construct for review, where it is and the line of code.

    ``name``: the forbidden dotted name ('numpy.linalg.svd') or the construct
    ('sys.setprofile'); ``reason``: why it is shown (constructs); ``where``: 'cell 9
    (solution_svd_via_eig), line 3' or 'helpers.py, line 7'; ``code``: that line;
    ``binding``: the top-level name whose code holds it (None: outside any).
    """
    name: str
    where: str
    code: str
    reason: str = ""
    binding: str = None

    def line(self):
        text = f"{self.where}: {self.name}"
        if self.reason:
            text += f" ({self.reason})"
        return f"{text}: `{self.code}`"


@dataclass
class Binding:
    findings: list = field(default_factory=list)
    refs: set = field(default_factory=set)        # (namespace, binding or "*")
    cells: set = field(default_factory=set)


def _bound_names(statement):
    """Names a top-level statement binds (its own and those of nested blocks' top levels)."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {statement.name}
    names = set()
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        for alias in statement.names:
            if alias.name != "*":
                names.add(alias.asname or alias.name.split(".")[0])
        return names
    targets = []
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
        targets = [statement.target]
    elif isinstance(statement, (ast.For, ast.AsyncFor)):
        targets = [statement.target]
    elif isinstance(statement, (ast.With, ast.AsyncWith)):
        targets = [item.optional_vars for item in statement.items if item.optional_vars]
    for target in targets:
        for node in ast.walk(target):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    for block in ("body", "orelse", "finalbody", "handlers", "cases"):
        for child in getattr(statement, block, None) or []:
            if isinstance(child, ast.stmt):
                names |= _bound_names(child)
            elif isinstance(child, (ast.ExceptHandler, ast.match_case)):
                for grandchild in child.body:
                    names |= _bound_names(grandchild)
    return names


def _unwrap_cell_magic(tree):
    """A cell that is one ``%%time``/``%%timeit``/``%%capture``: the tree of its body."""
    if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
        magic = magic_call(tree.body[0].value)
        if magic and magic[0] == "cell" and magic[1] in PYTHON_CELL_MAGICS and \
                isinstance(magic[2], ast.Constant) and isinstance(magic[2].value, str):
            try:
                return ast.parse(magic[2].value)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return tree
    return tree


class Namespace:
    """Bindings, findings and reviews of one namespace (see module docstring)."""

    def __init__(self, name, units, forbidden, banned_modules, local_modules):
        self.name = name
        self.forbidden, self.banned = tuple(forbidden), tuple(banned_modules)
        self.local_modules = set(local_modules)
        self.bindings = {}
        self.loose = []     # forbidden findings outside any binding
        self.reviews = []
        parsed = []
        for unit in units:
            try:
                tree = _unwrap_cell_magic(ast.parse(unit.text))
            except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
                line = getattr(error, "lineno", None)
                self.reviews.append(Finding(
                    "does not parse as Python", unit.label + (f", line {line}" if line else ""),
                    _line(unit.text, line), "the scan cannot see it; it only runs if the "
                    "kernel's input transformers were changed"))
                continue
            parsed.append((unit, tree))
        self.names = Names(local_modules)
        self.names.learn([tree for _, tree in parsed])
        expanded = []
        for _, tree in parsed:  # exec("...") at the top level defines names like any code
            body = [inner for statement in tree.body for inner in self._expanded(statement)]
            expanded += body[len(tree.body):] if len(body) > len(tree.body) else []
            tree.body = body
        if expanded:
            self.names.learn([ast.Module(body=expanded, type_ignores=[])])
        self._star_imports()
        for unit, tree in parsed:
            for statement in tree.body:
                try:
                    self._statement(unit, statement)
                except RecursionError:
                    self.reviews.append(Finding("nested too deeply to scan", unit.label, "",
                                                "the scan cannot see it"))

    def _code_strings(self, node):
        """Parsed code of ``exec``/``eval``/``compile`` of a constant-built string, or []."""
        if not (isinstance(node, ast.Call) and node.args):
            return []
        if not self.names.resolve(node.func) & {"builtins.exec", "builtins.eval", "builtins.compile"}:
            return []
        source = node.args[0]
        if isinstance(source, ast.Call) and self.names.resolve(source.func) & {"builtins.compile"} \
                and source.args:
            source = source.args[0]
        trees = []
        for text in list(self.names.fold(source))[:4]:
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            for inner in ast.walk(tree):  # messages point at the exec line
                if hasattr(inner, "lineno"):
                    inner.lineno = node.lineno
            trees.append(tree)
        return trees

    def _expanded(self, statement):
        """A top-level ``exec(<constant code>)``: the statement and the code's statements."""
        if isinstance(statement, ast.Expr):
            trees = self._code_strings(statement.value)
            if trees:
                return [statement] + [inner for tree in trees for inner in tree.body]
        return [statement]

    def _star_imports(self):
        """``from numpy.linalg import *``: each forbidden name of that module becomes an alias."""
        for node in self.names.star_imports:
            for name in self.forbidden if node.module else ():
                if module_of(name) == node.module or module_of(name).startswith(node.module + "."):
                    short = name.rpartition(".")[2]
                    if short not in self.names.defined:
                        self.names.add_alias(short, {f"{node.module}.{short}", name})

    def _rebound(self, node):
        """Library attributes ``node`` rebinds ('numpy.linalg.eigh' for ``np.linalg.eigh = f``)."""
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            return self.names.resolve(node)
        if isinstance(node, ast.Call) and len(node.args) >= 2 and \
                "builtins.setattr" in self.names.resolve(node.func):
            return {f"{base}.{name}" for base in self.names.resolve(node.args[0])
                    for name in self.names.fold(node.args[1])}
        return set()

    def _statement(self, unit, statement):
        bound = _bound_names(statement)
        findings, reviews, refs = [], [], set()
        for node in self._walk(statement):
            bound |= self._rebound(node)
            if isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
                bound.add(node.target.id)
            line = getattr(node, "lineno", None)
            where = unit.label + (f", line {line}" if line else "")
            for dotted in self._references(node):
                refs.add((self.name, dotted))  # a library attribute the code may have rebound
                match = forbidden_match(dotted, self.forbidden, self.banned)
                if match:
                    findings.append((match, where, _line(unit.text, line)))
                parts = dotted.split(".")
                if parts[0] in self.local_modules:
                    module = _longest_module(parts, self.local_modules)
                    rest = parts[len(module.split(".")):]
                    refs.add((module, rest[0] if rest else "*"))
            for what, reason in review_reasons(node, self.names):
                reviews.append(Finding(what, where, _line(unit.text, line), reason))
        refs |= {(self.name, name) for name in free_names(statement)}
        self.reviews += _most_specific(reviews)
        unique = list(dict.fromkeys(findings))
        if not bound:
            self.loose += [Finding(name, where, code) for name, where, code in unique]
        for binding_name in bound:
            binding = self.bindings.setdefault(binding_name, Binding())
            binding.findings += [Finding(name, where, code, binding=binding_name)
                                 for name, where, code in unique]
            binding.refs |= refs
            if unit.cell:
                binding.cells.add(unit.cell)

    def _references(self, node):
        """Dotted names ``node`` stands for: expressions and imported names."""
        if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
            return self.names.resolve(node)
        if isinstance(node, ast.Import):
            return {alias.name for alias in node.names}
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # the module's top-level code runs; of its names only those imported are used
            return {f"{node.module}.<loose>"} | {
                f"{node.module}.{alias.name}" if alias.name != "*" else node.module
                for alias in node.names}
        return set()

    def _walk(self, root):
        """ast.walk, but a harmless magic's ``get_ipython()`` is not looked at."""
        todo = [root]
        while todo:
            node = todo.pop()
            yield node
            magic = magic_call(node)
            children = list(ast.iter_child_nodes(node))
            if magic is not None:
                children = list(node.args) + [keyword.value for keyword in node.keywords]
                body = magic[2]
                if magic[0] == "cell" and isinstance(body, ast.Constant) and isinstance(body.value, str):
                    try:
                        children.append(ast.parse(body.value))
                    except (SyntaxError, ValueError, RecursionError, MemoryError):
                        pass
            children += self._code_strings(node)
            todo.extend(reversed(children))


def _most_specific(reviews):
    """One review per line and reason: the most specific name ('os.environ.get', not 'os')."""
    best = {}
    for finding in reviews:
        key = (finding.where, finding.reason)
        if key not in best or len(finding.name) > len(best[key].name):
            best[key] = finding
    return list(best.values())


def _stored(nodes, declared=None):
    """Names stored by ``nodes`` (not looking into nested functions or classes).

    ``declared``: a set that receives the names of ``global``/``nonlocal`` statements.
    """
    names, todo = set(), list(nodes)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.Global, ast.Nonlocal)) and declared is not None:
            declared.update(node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {alias.asname or alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.Lambda):
            continue
        todo.extend(ast.iter_child_nodes(node))
    return names


def _parameters(args):
    every = args.posonlyargs + args.args + args.kwonlyargs + \
        [arg for arg in (args.vararg, args.kwarg) if arg is not None]
    return {arg.arg for arg in every}


def free_names(root):
    """Names ``root`` loads from the top level: a function's parameters and locals are not."""
    found = set()
    todo = [(root, frozenset())]
    while todo:
        node, local = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            outer = list(node.args.defaults) + [d for d in node.args.kw_defaults if d is not None]
            if not isinstance(node, ast.Lambda):
                outer += node.decorator_list
            todo += [(child, local) for child in outer]
            body = node.body if isinstance(node.body, list) else [node.body]
            declared = set()
            inner = (local | _parameters(node.args) | _stored(body, declared)) - declared
            todo += [(child, frozenset(inner)) for child in body]
            continue
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            local = local | _stored([generator.target for generator in node.generators])
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in local:
            found.add(node.id)
        todo += [(child, local) for child in ast.iter_child_nodes(node)]
    return found


def _longest_module(parts, local_modules):
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in local_modules:
            return candidate
    return parts[0]


def _line(text, line):
    if not line:
        return ""
    lines = text.splitlines()
    code = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return code if len(code) <= 120 else code[:117] + "..."
