"""Canonical form of a piece of Python code, so that cosmetic edits cannot hide a copy.

The code is parsed (``ast``, ``tokenize``: text only, nothing is imported or executed)
and rewritten as:

- no comments, docstrings or bare string statements, no ``pass``; formatting from
  ``ast.unparse`` (whitespace, line breaks, parentheses, quotes are gone);
- in every block, statements that do not depend on each other in canonical order:
  the block is sorted topologically by its read/write dependencies, ties broken by the
  statement's text with every name blanked out — so any reordering of independent
  lines yields the same order;
- as tokens: every name becomes ``V`` (variables, parameters, functions, modules,
  keyword-argument names) except Python's builtins (``range``, ``ValueError``) and
  attributes (``linalg``, ``eigh``, ``T``: what is called stays visible); string
  literals become ``S``; numbers, operators and keywords stay as they are. The rule
  depends on nothing outside the text, so the same code gives the same tokens in a
  student's notebook and in the boilerplate.

`normalize(text)` -> `Normalized`: ``display`` (the canonical code with the student's
own names, for the report) and ``tokens`` (canonical token strings with their
``(start, end)`` character span in ``display``).
"""
import ast
import builtins
import io
import keyword
import re
import tokenize
from dataclasses import dataclass, field

MAGIC = re.compile(r"^[ \t]*[%!].*$", re.M)
_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT,
         tokenize.ENCODING, tokenize.ENDMARKER}
_BARRIERS = (ast.Return, ast.Raise, ast.Break, ast.Continue, ast.Yield, ast.YieldFrom,
             ast.Global, ast.Nonlocal, ast.Await)
_BUILTINS = frozenset(dir(builtins))
MAX_REORDERED = 200   # longer blocks keep their order: the ordering is quadratic in length
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


@dataclass
class Normalized:
    """Canonical code: ``display`` text and ``tokens`` [(token, start, end)] into it."""
    display: str
    tokens: list = field(default_factory=list)
    parsed: bool = True


# ---------------------------------------------------------------- docstrings, pass
def _is_string_statement(node):
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
        and isinstance(node.value.value, str)


def _statement_blocks(tree):
    """(node, field) of every statement list in ``tree``, outermost first."""
    for node in ast.walk(tree):
        for name in ("body", "orelse", "finalbody"):
            block = getattr(node, name, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                yield node, name


def _strip(tree):
    """Drops docstrings, bare strings and ``pass``; keeps every block non-empty."""
    for node, name in list(_statement_blocks(tree)):
        kept = [statement for statement in getattr(node, name)
                if not _is_string_statement(statement) and not isinstance(statement, ast.Pass)]
        if not kept and name == "body" and not isinstance(node, ast.Module):
            kept = [ast.Pass()]
        setattr(node, name, kept)
    return tree


# ---------------------------------------------------------------- canonical order
def _walk_scope(node):
    """``ast.walk`` that yields nested function and class nodes but not their bodies."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, _SCOPES) and current is not node:
            continue
        stack.extend(ast.iter_child_nodes(current))


def _effects(statement):
    """(reads, writes, barrier) of one statement, as sets of names."""
    reads, writes, barrier = set(), set(), False
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        writes.add(statement.name)
        for node in statement.decorator_list:
            reads |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        return reads, writes, False
    expression_statement = isinstance(statement, ast.Expr)
    for node in _walk_scope(statement):
        if isinstance(node, _BARRIERS):
            barrier = True
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                reads.add(node.id)
                if expression_statement:  # a bare call may change what it is given
                    writes.add(node.id)
            else:
                writes.add(node.id)
        elif isinstance(node, (ast.Attribute, ast.Subscript)) and \
                isinstance(node.ctx, (ast.Store, ast.Del)):
            base = node.value
            while isinstance(base, (ast.Attribute, ast.Subscript)):
                base = base.value
            if isinstance(base, ast.Name):
                writes.add(base.id)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            base = node.func.value  # x.append(...) may change x
            if isinstance(base, ast.Name):
                writes.add(base.id)
        elif isinstance(node, ast.alias):
            writes.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            writes.add(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            writes.add(node.name)
    if isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
        reads.add(statement.target.id)
    return reads, writes, barrier


_BLANKED_FIELDS = {("Name", "id"), ("arg", "arg"), ("FunctionDef", "name"),
                   ("AsyncFunctionDef", "name"), ("ClassDef", "name"), ("keyword", "arg"),
                   ("alias", "asname"), ("ExceptHandler", "name")}
_IGNORED_FIELDS = {"ctx", "type_comment", "kind"}


def _signatures(tree):
    """{id(statement): its text with names and strings blanked}, for every statement of
    ``tree``, in one bottom-up pass (the sort key of `canonical_order`)."""
    found = {}

    def signature(node):
        if isinstance(node, list):
            items = [signature(item) for item in node]
            if node and isinstance(node[0], ast.stmt):
                items.sort()  # independent of the order inside, which is sorted later
            return "[" + ",".join(items) + "]"
        if not isinstance(node, ast.AST):
            return "" if isinstance(node, str) else repr(node)
        kind = type(node).__name__
        parts = [("_" if (kind, name) in _BLANKED_FIELDS else signature(value))
                 for name, value in ast.iter_fields(node) if name not in _IGNORED_FIELDS]
        text = kind + "(" + ",".join(parts) + ")"
        if isinstance(node, ast.stmt):
            found[id(node)] = text
        return text

    signature(tree)
    return found


def canonical_order(block, keys=None):
    """The statements of ``block`` in canonical order (a topological order of their
    dependencies, ties broken by their blanked text, then by position). ``keys``:
    `_signatures` of the tree (computed here if not given)."""
    if len(block) < 2 or len(block) > MAX_REORDERED:
        return list(block)
    if keys is None:
        keys = {}
        for statement in block:
            keys.update(_signatures(statement))
    effects = [_effects(statement) for statement in block]
    count = len(block)
    predecessors = [set() for _ in range(count)]
    for j in range(count):
        reads_j, writes_j, barrier_j = effects[j]
        for i in range(j):
            reads_i, writes_i, barrier_i = effects[i]
            if barrier_i or barrier_j or writes_i & (reads_j | writes_j) or reads_i & writes_j:
                predecessors[j].add(i)
    done, order = set(), []
    while len(order) < count:
        ready = [j for j in range(count) if j not in done and predecessors[j] <= done]
        chosen = min(ready, key=lambda j: (keys[id(block[j])], j))
        done.add(chosen)
        order.append(block[chosen])
    return order


def _reorder(tree):
    """Every block of ``tree`` in canonical order (keys independent of inner orders)."""
    keys = _signatures(tree)
    for node, name in list(_statement_blocks(tree)):
        setattr(node, name, canonical_order(getattr(node, name), keys))
    return tree


# ---------------------------------------------------------------- tokens
def _blanked(word, previous):
    if keyword.iskeyword(word) or previous == "." or word in _BUILTINS:
        return word
    return "V"


def canonical_tokens(display):
    """[(token, start, end)] of ``display``: names ``V`` (see module docstring), strings ``S``."""
    line_starts = [0]
    for line in display.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    tokens = []
    previous = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(display).readline):
            if token.type in _SKIP:
                continue
            start = line_starts[token.start[0] - 1] + token.start[1]
            end = line_starts[token.end[0] - 1] + token.end[1]
            text = token.string
            if token.type == tokenize.NEWLINE:
                text = ";"
            elif token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_START", -1):
                text = "S"
            elif token.type == tokenize.NAME:
                text = _blanked(text, previous)
            tokens.append((text, start, end))
            previous = token.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # keep the tokens read so far
    return tokens


def _fallback_tokens(text):
    """Tokens of code that does not parse: words, numbers and single symbols."""
    tokens, previous = [], None
    for match in re.finditer(r"[A-Za-z_]\w*|\d[\w.]*|\S", text):
        word = match.group()
        if word[0].isalpha() or word[0] == "_":
            word = _blanked(word, previous)
        tokens.append((word, match.start(), match.end()))
        previous = match.group()
    return tokens


def parse(text):
    """The ``ast.Module`` of ``text`` (IPython magics dropped), or None."""
    try:
        return ast.parse(MAGIC.sub("", text))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def normalize(text):
    """`Normalized` form of ``text`` (see module docstring)."""
    tree = parse(text)
    if tree is None:
        without_comments = re.sub(r"#[^\n]*", "", MAGIC.sub("", text))
        return Normalized(without_comments, _fallback_tokens(without_comments), parsed=False)
    try:
        tree = _reorder(_strip(tree))
        display = ast.unparse(tree)
    except (RecursionError, ValueError):
        return Normalized(text, _fallback_tokens(text), parsed=False)
    return Normalized(display, canonical_tokens(display))
