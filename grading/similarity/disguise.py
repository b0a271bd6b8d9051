"""Disguised copies of a solution: what a student who copies does to hide it.

Each function takes Python source text and returns the disguised source text (parsed
with ``ast``/``tokenize``, never executed):

- `rename`: every variable and helper function inside a function gets another name
  (names bound at the top level and the parameters of top-level functions stay: they
  are the contract's functions and arguments and the notebook's shared variables, which
  other cells and the grader use);
- `reformat`: tokens spaced differently, two-space indentation, blank lines;
- `reorder`: adjacent independent statements swapped in every block;
- `add_comments`: a comment line before every statement and a docstring in every def;
- `disguise_all`: all four.

Used to calibrate the threshold (every disguised copy must be flagged) and to put
copies into the demo class and the benchmark.
"""
import ast
import io
import tokenize

_WORDS = ("value", "temp", "mat", "vec", "res", "aux", "item", "part", "data", "out")


def bound_names(tree):
    """Every name ``tree`` binds: assignment targets, parameters, defs, import aliases."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
    return names


class _Renamer(ast.NodeTransformer):
    def __init__(self, mapping):
        self.mapping = mapping

    def visit_Name(self, node):
        node.id = self.mapping.get(node.id, node.id)
        return node

    def visit_arg(self, node):
        node.arg = self.mapping.get(node.arg, node.arg)
        return node

    def _visit_def(self, node, top_level):
        if not top_level:
            node.name = self.mapping.get(node.name, node.name)
        self.generic_visit(node)
        return node

    def visit_FunctionDef(self, node):
        return self._visit_def(node, node in self.top_level)


def rename(text, salt=0):
    """``text`` with every name bound inside its functions renamed (see module docstring)."""
    tree = ast.parse(text)
    top_level = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    top_level |= bound_names(ast.Module(body=[statement for statement in tree.body
                                              if not isinstance(statement, ast.FunctionDef)],
                                        type_ignores=[]))
    imports = {(alias.asname or alias.name).split(".")[0] for node in ast.walk(tree)
               if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    # the grader calls the contract's functions with keyword arguments: keep parameters
    parameters = {argument.arg for node in tree.body if isinstance(node, ast.FunctionDef)
                  for argument in ast.walk(node.args) if isinstance(argument, ast.arg)}
    names = sorted(bound_names(tree) - top_level - imports - parameters)
    mapping = {name: f"{_WORDS[(i + salt) % len(_WORDS)]}_{i}" for i, name in enumerate(names)}
    # keyword arguments in calls of the student's own functions follow renamed parameters
    renamer = _Renamer(mapping)
    renamer.top_level = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    tree = renamer.visit(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in top_level:
            for keyword_argument in node.keywords:
                if keyword_argument.arg in mapping:
                    keyword_argument.arg = mapping[keyword_argument.arg]
    return ast.unparse(tree) + "\n"


def reformat(text):
    """``text`` with every token separated by one space, 2-space indents, blank lines."""
    lines, current, level = [], [], 0
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.INDENT:
            level += 1
        elif token.type == tokenize.DEDENT:
            level -= 1
        elif token.type == tokenize.NEWLINE:
            lines += ["  " * level + " ".join(current), ""]
            current = []
        elif token.type == tokenize.COMMENT:
            lines.append("  " * level + token.string)  # on its own line, before
        elif token.type not in (tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER):
            current.append(token.string)
    if current:
        lines.append("  " * level + " ".join(current))
    return "\n".join(lines) + "\n"


def _names(statement):
    reads, writes = set(), set()
    for node in ast.walk(statement):
        if isinstance(node, ast.Name):
            (reads if isinstance(node.ctx, ast.Load) else writes).add(node.id)
        elif isinstance(node, (ast.Subscript, ast.Attribute)) and \
                not isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name):
            writes.add(node.value.id)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name):
            writes.add(node.func.value.id)
    return reads, writes


def _independent(first, second):
    simple = (ast.Assign, ast.AugAssign, ast.AnnAssign)
    if not isinstance(first, simple) or not isinstance(second, simple):
        return False
    reads_1, writes_1 = _names(first)
    reads_2, writes_2 = _names(second)
    return not (writes_1 & (reads_2 | writes_2) or reads_1 & writes_2)


class _Swapper(ast.NodeTransformer):
    def generic_visit(self, node):
        super().generic_visit(node)
        for name in ("body", "orelse", "finalbody"):
            block = getattr(node, name, None)
            if not isinstance(block, list) or not block or not isinstance(block[0], ast.stmt):
                continue
            block = list(block)
            i = 0
            while i + 1 < len(block):
                if _independent(block[i], block[i + 1]):
                    block[i], block[i + 1] = block[i + 1], block[i]
                    i += 2
                else:
                    i += 1
            # functions of a module or class are independent of each other: reverse them
            if isinstance(node, ast.Module):
                defs = [index for index, statement in enumerate(block)
                        if isinstance(statement, ast.FunctionDef)]
                for index, statement in zip(defs, [block[index] for index in reversed(defs)]):
                    block[index] = statement
            setattr(node, name, block)
        return node


def reorder(text):
    """``text`` with adjacent independent assignments swapped and top-level defs reversed."""
    return ast.unparse(_Swapper().visit(ast.parse(text))) + "\n"


def add_comments(text):
    """``text`` with a comment line before every logical line and a docstring per def."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            node.body.insert(0, ast.Expr(ast.Constant(f"My own implementation of {node.name}.")))
    text = ast.unparse(tree) + "\n"
    starts, one_line, at_start, first = set(), set(), True, 0
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.NEWLINE and token.start[0] == first:
            one_line.add(first)
        if token.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            at_start = True
        elif token.type not in (tokenize.NL, tokenize.COMMENT) and at_start:
            first = token.start[0]
            starts.add(first)
            at_start = False
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if number in starts:
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}# step {number}: see the lecture notes")
            out.append(line + ("  # checked" if number in one_line else ""))
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def disguise_all(text, salt=0):
    """All four disguises: renamed, reordered, commented, reformatted."""
    return reformat(add_comments(reorder(rename(text, salt))))


def disguise_notebook(notebook, disguise, salt=0):
    """A copy of an nbformat notebook whose solution code cells are disguised with
    ``disguise`` (a function of this module; cells that do not parse stay as they are)."""
    import copy as _copy

    from nbgrader.utils import is_solution
    notebook = _copy.deepcopy(notebook)
    for cell in notebook.cells:
        if cell.cell_type != "code" or not is_solution(cell):
            continue
        try:
            cell.source = disguise(cell.source, salt) if disguise in (rename, disguise_all) \
                else disguise(cell.source)
        except (SyntaxError, ValueError):
            continue
    return notebook


DISGUISES = {"rename": rename, "reformat": reformat, "reorder": reorder,
             "comments": add_comments, "all": disguise_all}
