"""Calibration of the threshold on the course's own solutions.

- Independent pairs: the bank's correct solutions (``grading/samples/bank/<assignment>/
  passes_all_*.py``, written differently on purpose) and the instructor's solution (the
  source notebook's solution cells). Two of them are compared on the functions both
  define, so a pair is two independent answers to the same questions. No pair may reach
  the threshold.
- Copy pairs: each of those solutions against each of its disguised copies (disguise.py:
  renamed, reformatted, reordered, commented, all four). Every pair must reach it.

Both are scored exactly as a class is (same normalisation, boilerplate = the release
notebook's code, same copydetect parameters). `measure()` returns the highest
independent and the lowest copy score; tests/test_similarity_calibration.py pins them.
"""
import ast
from dataclasses import dataclass, field
from itertools import combinations

import nbformat
from nbgrader.utils import is_solution

from ..paths import BANK, release_notebook, source_notebook
from ..registry import ASSIGNMENTS
from ..submissions import load_variant, reference_text
from .compare import compare
from .disguise import DISGUISES
from .extract import Chunk, file_chunks
from .fingerprint import boilerplate_hashes, fingerprint


def reference_functions(assignment):
    """{function name: source} of the instructor's solution cells."""
    notebook = nbformat.read(str(source_notebook(assignment)), as_version=4)
    functions = {}
    for cell in notebook.cells:
        if cell.cell_type != "code" or not is_solution(cell):
            continue
        text = reference_text(cell.source)
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                functions[node.name] = ast.get_source_segment(text, node)
    return functions


def independent_solutions(assignment):
    """{solution name: {function name: source}}: bank passes_all_* and the reference."""
    solutions = {"reference": reference_functions(assignment)}
    for path in sorted((BANK / assignment).glob("passes_all_*.py")):
        variant = load_variant(path, assignment)
        if variant.functions:
            solutions[variant.name] = dict(variant.functions)
    return solutions


def _chunks(functions, names, imports="import numpy as np"):
    return [Chunk(name, f"{imports}\n\n{functions[name]}\n") for name in names]


@dataclass
class Calibration:
    """Scores of the independent and copy pairs of one or more assignments."""
    independent: list = field(default_factory=list)   # (assignment, a, b, score)
    copies: list = field(default_factory=list)        # (assignment, solution, disguise, score)
    copy_tokens: list = field(default_factory=list)   # matching tokens of each copy pair

    @property
    def highest_independent(self):
        return max(score for *_, score in self.independent)

    @property
    def lowest_copy(self):
        return min(score for *_, score in self.copies)

    @property
    def smallest_copy_tokens(self):
        return min(self.copy_tokens)


def independent_pairs(assignment):
    """(name a, name b, chunks a, chunks b) of every two independent solutions that
    define a common function, on their common functions."""
    solutions = independent_solutions(assignment)
    for (name_a, a), (name_b, b) in combinations(sorted(solutions.items()), 2):
        common = sorted(set(a) & set(b))
        if common:
            yield name_a, name_b, _chunks(a, common), _chunks(b, common)


def copy_pairs(assignment):
    """(solution name, disguise name, original chunks, copy chunks) of every solution and
    each of its disguised copies (the copy is one piece of text)."""
    for name, functions in sorted(independent_solutions(assignment).items()):
        names = sorted(functions)
        text = "import numpy as np\n\n" + "\n\n".join(functions[f] for f in names) + "\n"
        for disguise_name, disguise in DISGUISES.items():
            yield name, disguise_name, _chunks(functions, names), \
                [Chunk(f"{disguise_name} copy", disguise(text))]


def measure(assignments=ASSIGNMENTS):
    """`Calibration` over ``assignments``."""
    result = Calibration()
    for assignment in assignments:
        boilerplate = boilerplate_hashes(file_chunks(release_notebook(assignment)))
        for name_a, name_b, chunks_a, chunks_b in independent_pairs(assignment):
            pair = compare(fingerprint(name_a, chunks_a, boilerplate),
                           fingerprint(name_b, chunks_b, boilerplate))
            result.independent.append((assignment, name_a, name_b, pair.score))
        for name, disguise_name, original, copied in copy_pairs(assignment):
            pair = compare(fingerprint(name, original, boilerplate),
                           fingerprint(f"{name}-{disguise_name}", copied, boilerplate))
            result.copies.append((assignment, name, disguise_name, pair.score))
            result.copy_tokens.append(pair.tokens)
    return result
