"""The package's import graph: no circle between modules, and no import of the tests.

Read from the source with `ast` (every import statement, also those inside functions),
so a lazy import cannot hide a circle. A package importing its own submodules (the
re-exports of an ``__init__``) is not a circle.
"""
import ast
from pathlib import Path

from grading.paths import PACKAGE

# The tests' own modules (every file of tests/, the test files included).
TEST_MODULES = ("tests", *sorted(path.stem for path in Path(__file__).parent.glob("*.py")))


def modules():
    """{dotted name: path} of the package's modules (the sample submissions excluded)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        if "samples" in relative.parts:
            continue
        name = ".".join(relative.parts)
        found[name.removesuffix(".__init__")] = path
    return found


def imported(name, path, known):
    """Dotted names of ``known`` modules that the module ``name`` (at ``path``) imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                base = f"{anchor}.{node.module}" if node.module else anchor
            targets |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return {target for target in targets & set(known) if target != name}


def graph():
    """{module: modules it imports}, without edges between a package and its own parts."""
    known = modules()
    edges = {}
    for name, path in known.items():
        edges[name] = {target for target in imported(name, path, known)
                       if not target.startswith(name + ".") and not name.startswith(target + ".")}
    return edges


def circles(edges):
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_two_modules_import_each_other():
    edges = graph()
    assert len(edges) > 100 and edges["grading.sandbox.launch"]   # the package was read
    assert circles(edges) == []


def docstrings(tree):
    """The string constants of ``tree`` that are docstrings."""
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}


def test_no_module_of_the_package_imports_or_reads_the_tests():
    for name, path in modules().items():
        tree = ast.parse(path.read_text())
        documentation = docstrings(tree)
        for node in ast.walk(tree):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            assert not any(word.split(".")[0] in TEST_MODULES for word in names), (name, names)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and id(node) not in documentation:
                parts = node.value.replace("\\", "/").split("/")
                assert not (parts[0] == "tests" and len(parts) > 1 or node.value == "tests"), \
                    f"{name} points into tests/: {node.value!r}"
