"""The grader's static scan (grading/scan): every spelling of a forbidden function costs
its part, allowed functions and mere mentions do not, constructs are shown for review."""
import os

import nbformat
import pytest

from grading.assignments.matrix_fundamentals.checks import FORBIDDEN, FORBIDDEN_MODULES
from grading.autodiff import AUTODIFF_LIBRARIES
from grading.paths import BANK
from grading.registry import ASSIGNMENTS, registry
from grading.scan import scan_submission
from grading.scan.verdicts import forbidden_lists, release_cells, scanned_run_cell, static_verdict
from grading.submissions import build_submission, load_variant

HEADER = "import numpy as np\nimport scipy\nimport scipy.linalg\n"


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(text) for text in cells]
    return nb


def found(body, function="f", header=HEADER, folder=None, forbidden=FORBIDDEN,
          modules=FORBIDDEN_MODULES + AUTODIFF_LIBRARIES):
    scan = scan_submission(notebook(header, body), folder, forbidden, modules)
    return sorted({finding.name for finding in scan.findings_for(function)})


# ------------------------------------------------------------------ spellings
SPELLINGS = {
    "attribute": ("def f(A):\n    return np.linalg.svd(A)", "numpy.linalg.svd"),
    "full module name": ("import numpy\ndef f(A):\n    return numpy.linalg.svd(A)", "numpy.linalg.svd"),
    "from import as": ("from numpy.linalg import svd as s\ndef f(A):\n    return s(A)", "numpy.linalg.svd"),
    "module alias": ("import numpy.linalg as la\ndef f(A):\n    return la.svd(A)", "numpy.linalg.svd"),
    "local alias": ("def f(A):\n    la = np.linalg\n    return la.pinv(A)", "numpy.linalg.pinv"),
    "getattr": ("def f(A):\n    return getattr(np.linalg, 'svd')(A)", "numpy.linalg.svd"),
    "string built": ("def f(A):\n    return getattr(np.linalg, 'sv' + 'd')(A)", "numpy.linalg.svd"),
    "joined string": ("def f(A):\n    return getattr(np.linalg, ''.join(['s', 'v', 'd']))(A)",
                      "numpy.linalg.svd"),
    "reversed string": ("NAME = 'dvs'[::-1]\ndef f(A):\n    return getattr(np.linalg, NAME)(A)",
                        "numpy.linalg.svd"),
    "f-string": ("P = 'sv'\ndef f(A):\n    return getattr(np.linalg, f'{P}d')(A)", "numpy.linalg.svd"),
    "vars": ("def f(A):\n    return vars(np.linalg)['lstsq'](A, A)", "numpy.linalg.lstsq"),
    "__dict__": ("def f(A):\n    return np.linalg.__dict__['matrix_rank'](A)",
                 "numpy.linalg.matrix_rank"),
    "vectorize": ("def f(A):\n    return np.vectorize(np.linalg.svd, signature='(m,n)->(m,m),(k),(n,n)')(A)",
                  "numpy.linalg.svd"),
    "partial": ("import functools\ndef f(A):\n    return functools.partial(np.linalg.svd, full_matrices=True)(A)",
                "numpy.linalg.svd"),
    "module-level partial": ("import functools\n_s = functools.partial(np.linalg.svd)\n"
                             "def f(A):\n    return _s(A)", "numpy.linalg.svd"),
    "lapack dgesdd": ("from scipy.linalg import lapack\ndef f(A):\n    return lapack.dgesdd(A)",
                      "scipy.linalg.lapack.dgesdd"),
    "lapack zgesvd": ("def f(A):\n    return scipy.linalg.lapack.zgesvd(A)", "scipy.linalg.lapack.zgesvd"),
    "lapack gelsd": ("import scipy.linalg.lapack as L\ndef f(A, b):\n    return L.dgelsd(A, b, 2, 1)",
                     "scipy.linalg.lapack.dgelsd"),
    "lapack gelss": ("def f(A, b):\n    return scipy.linalg.lapack.sgelss(A, b)", "scipy.linalg.lapack.sgelss"),
    "lapack gelsy": ("def f(A, b):\n    return scipy.linalg.lapack.cgelsy(A, b)", "scipy.linalg.lapack.cgelsy"),
    "private flapack": ("from scipy.linalg import _flapack\ndef f(A):\n    return _flapack.dgesvd(A)",
                        "scipy.linalg.lapack.dgesvd"),
    "get_lapack_funcs": ("def f(A):\n    gesdd, = scipy.linalg.get_lapack_funcs(('gesdd',), (A,))\n"
                         "    return gesdd(A)", "scipy.linalg.lapack.dgesdd"),
    "umath_linalg": ("from numpy.linalg import _umath_linalg\ndef f(A):\n    return _umath_linalg.svd_f(A)",
                     "numpy.linalg._umath_linalg.svd_f"),
    "private numpy module": ("def f(A):\n    return np.linalg._linalg.svd(A)", "numpy.linalg.svd"),
    "old private module": ("import numpy.linalg.linalg as L\ndef f(A):\n    return L.pinv(A)",
                           "numpy.linalg.pinv"),
    "private scipy module": ("from scipy.linalg._decomp_svd import null_space\n"
                             "def f(A):\n    return null_space(A)", "scipy.linalg.null_space"),
    "scipy orth": ("from scipy import linalg\ndef f(A):\n    return linalg.orth(A)", "scipy.linalg.orth"),
    "scipy lstsq": ("def f(A, b):\n    return scipy.linalg.lstsq(A, b)", "scipy.linalg.lstsq"),
    "star import": ("from numpy.linalg import *\ndef f(A):\n    return matrix_rank(A)",
                    "numpy.linalg.matrix_rank"),
    "__import__": ("def f(A):\n    return __import__('numpy.linalg').linalg.svd(A)", "numpy.linalg.svd"),
    "import_module": ("import importlib\ndef f(A):\n    return importlib.import_module('numpy.linalg').pinv(A)",
                      "numpy.linalg.pinv"),
    "sys.modules": ("import sys\ndef f(A):\n    return sys.modules['numpy.linalg'].svd(A)", "numpy.linalg.svd"),
    "attrgetter": ("import operator\ndef f(A):\n    return operator.attrgetter('linalg.svd')(np)(A)",
                   "numpy.linalg.svd"),
    "default argument": ("def f(A, _svd=np.linalg.svd):\n    return _svd(A)", "numpy.linalg.svd"),
    "lambda": ("f = lambda A: np.linalg.svd(A)", "numpy.linalg.svd"),
    "sympy": ("def f(A):\n    import sympy\n    return sympy.Matrix(A).singular_values()", "sympy"),
    "through a helper": ("def _h(A):\n    return np.linalg.svd(A)\ndef f(A):\n    return _h(A)[1]",
                         "numpy.linalg.svd"),
    "through a class": ("class K:\n    def run(self, A):\n        return np.linalg.svd(A)\n"
                        "def f(A):\n    return K().run(A)", "numpy.linalg.svd"),
    "magic in the cell": ("%matplotlib inline\ndef f(A):\n    return np.linalg.svd(A)", "numpy.linalg.svd"),
    "%%time cell": ("%%time\ndef f(A):\n    return np.linalg.pinv(A)", "numpy.linalg.pinv"),
    "escaped autocall": ("def f(A):\n    /np.linalg.svd A", "numpy.linalg.svd"),
    "__call__ of it": ("def f(A):\n    return np.linalg.svd.__call__(A)", "numpy.linalg.svd"),
    "eval of a string": ("def f(A):\n    return eval('np.linalg.' + 'pinv')(A)", "numpy.linalg.pinv"),
    "torch": ("import torch\ndef f(A):\n    return torch.linalg.svd(A)", "torch"),
}


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_every_spelling_of_a_forbidden_function_is_found(name):
    body, expected = SPELLINGS[name]
    assert expected in found(body), body


ALLOWED = {
    "eig and friends": "def f(A):\n    w, V = np.linalg.eigh(A.T @ A)\n    e = np.linalg.eig(A)\n"
                       "    Q, R = np.linalg.qr(A)\n    x = np.linalg.solve(A, A)\n"
                       "    return np.linalg.inv(A), np.linalg.norm(A)",
    "scipy allowed": "def f(A):\n    return scipy.linalg.eigh(A), scipy.linalg.qr(A), scipy.linalg.solve(A, A)",
    "comment": "def f(A):\n    # np.linalg.svd would do this in one line\n    return A",
    "string": "def f(A):\n    '''Like np.linalg.svd, but by hand.'''\n    print('np.linalg.svd')\n    return A",
    "own function named svd": "def svd(A):\n    return np.linalg.eigh(A)\ndef f(A):\n    return svd(A)",
    "local variable named like a module": "lstsq = 3\ndef f(A, pinv=None):\n    return pinv",
    "other function's forbidden use": "def g(A):\n    return np.linalg.svd(A)\ndef f(A):\n    return A",
    "parameter shadows a global": "A = np.linalg.pinv(np.eye(2))\ndef f(A):\n    return A.T",
}


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_allowed_code_is_not_flagged(name):
    assert found(ALLOWED[name]) == []


def test_a_syntax_error_does_not_stop_the_scan():
    scan = scan_submission(notebook(HEADER, "def g(:\n  pass", "def f(A):\n    return np.linalg.svd(A)"),
                           None, FORBIDDEN)
    assert [finding.name for finding in scan.findings_for("f")] == ["numpy.linalg.svd"]
    assert any("does not parse" in line for line in scan.review_lines())


def test_finding_names_cell_line_and_code():
    scan = scan_submission(notebook(HEADER, "def f(A):\n    x = 1\n    return np.linalg.svd(A)"),
                           None, FORBIDDEN)
    (finding,) = scan.findings_for("f")
    assert finding.where == "cell 2, line 3" and finding.code == "return np.linalg.svd(A)"


# ------------------------------------------------------------------ constructs for review
CONSTRUCTS = {
    "sys.setprofile(None)": "sys.setprofile",
    "threading.setprofile(lambda *a: None)": "threading.setprofile",
    "t = threading.Thread(target=print)": "threading.Thread",
    "from concurrent.futures import ThreadPoolExecutor": "concurrent",
    "multiprocessing.Pool(2)": "multiprocessing.Pool",
    "os.fork()": "os.fork",
    "os.system('ls')": "os.system",
    "subprocess.run(['ls'])": "subprocess.run",
    "ctypes.CDLL(None)": "ctypes.CDLL",
    "exec('x = 1')": "builtins.exec",
    "eval('1')": "builtins.eval",
    "exec(compile('x = 1', '/usr/lib/python3.11/x.py', 'exec'))": "builtins.compile",
    "importlib.import_module('numpy')": "importlib.import_module",
    "__import__('numpy')": "builtins.__import__",
    "sys.modules['numpy']": "sys.modules",
    "builtins.print = None": "builtins",
    "os.environ.get('DDASP_SANDBOX_EXCHANGE')": "os.environ.get",
    "os.getenv('X')": "os.getenv",
    "open('/tmp/ddasp-exchange-x/_ddasp_student_side.py')": "'/tmp/ddasp-exchange-x/_ddasp_stude",
    "get_ipython().input_transformers_cleanup.append(str)": "get_ipython",
    "gc.get_referrers(np)": "gc.get_referrers",
    "gc.get_objects()": "gc.get_objects",
    "inspect.currentframe().f_back": "inspect.currentframe",
    "inspect.getclosurevars(print).globals": "inspect.getclosurevars",
    "import _ddasp_student_side as S": "_ddasp_student_side",
    "sys._getframe(1)": "sys._getframe",
    "np.linalg.eigh = print": "numpy.linalg.eigh =",
    "!ls": "!shell command",
    "%env X=1": "%env",
    "glob.glob('/tmp/*/*.py')": "'/tmp/*/*.py'",
}


@pytest.mark.parametrize("line", sorted(CONSTRUCTS))
def test_circumvention_constructs_are_shown_for_review(line):
    header = HEADER + "import sys, os, threading, multiprocessing, subprocess, ctypes, gc, inspect\n" \
        "import importlib, builtins\n"
    scan = scan_submission(notebook(header, f"def f(A):\n    {line}\n    return A"), None, FORBIDDEN)
    lines = scan.review_lines({"f"})
    assert any(CONSTRUCTS[line] in text and "cell 2, line 2" in text for text in lines), lines
    assert scan.findings_for("f") == []  # shown, not scored


def test_harmless_magics_and_honest_code_need_no_review():
    scan = scan_submission(notebook(HEADER, "%matplotlib inline\n%time x = 1\n"
                                    "def f(A):\n    return np.linalg.eigh(A)\nnp.linalg.svd?"),
                           None, FORBIDDEN)
    assert scan.review_lines({"f"}) == []


def test_forbidden_use_outside_graded_functions_is_shown_not_scored():
    scan = scan_submission(notebook(HEADER, "print(np.linalg.svd(np.eye(2)))\ndef f(A):\n    return A"),
                           None, FORBIDDEN)
    assert scan.findings_for("f") == []
    assert any("outside the graded functions" in line for line in scan.review_lines({"f"}))


# ------------------------------------------------------------------ submitted files
def test_submitted_module_is_scanned_and_charged_to_its_caller(tmp_path):
    (tmp_path / "helpers.py").write_text("import numpy as np\n\ndef fast(A):\n    return np.linalg.pinv(A)\n"
                                         "\ndef slow(A):\n    return A\n")
    assert found("from helpers import fast\ndef f(A):\n    return fast(A)", folder=tmp_path) == \
        ["numpy.linalg.pinv"]
    assert found("import helpers\ndef f(A):\n    return helpers.fast(A)", folder=tmp_path) == \
        ["numpy.linalg.pinv"]
    assert found("from helpers import slow\ndef f(A):\n    return slow(A)", folder=tmp_path) == []


def test_links_and_library_paths_in_the_submission(tmp_path):
    secret = tmp_path / "outside.py"
    secret.write_text("import numpy as np\nx = np.linalg.svd\n")
    folder = tmp_path / "submission"
    (folder / "lib" / "python3").mkdir(parents=True)
    (folder / "lib" / "python3" / "helper.py").write_text("def g(A):\n    return A\n")
    os.symlink(secret, folder / "linked.py")
    os.symlink(tmp_path, folder / "linked_folder")
    (folder / "cached.pyc").write_bytes(b"\0" * 16)
    scan = scan_submission(notebook(HEADER), folder, FORBIDDEN)
    assert set(scan.namespaces) == {"<notebook>", "lib.python3.helper"}  # links not followed
    text = "\n".join(scan.review_lines())
    assert "lib/python3/helper.py: a path that imitates" in text
    assert "cached.pyc: compiled" in text


def test_huge_cell_and_file_are_reported_not_scanned(tmp_path):
    (tmp_path / "big.py").write_text("x = 1\n" * 300_000)
    scan = scan_submission(notebook("x = 1\n" * 300_000), tmp_path, FORBIDDEN)
    text = "\n".join(scan.review_lines())
    assert "too large to scan" in text and "big.py" in text and "cell 1" in text


# ------------------------------------------------------------------ verdicts
def _bank_notebook(assignment, name):
    return build_submission(assignment, load_variant(BANK / assignment / f"{name}.py", assignment))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_bank_static_failures_are_within_the_expected_failing_cells(assignment):
    """The scan charges exactly the parts the run-time guard charges, and no honest part."""
    checks = registry().all(assignment)
    names, modules = forbidden_lists(checks)
    for path in sorted((BANK / assignment).glob("*.py")):
        variant = load_variant(path, assignment)
        scan = scan_submission(build_submission(assignment, variant), None, names, modules,
                               release_cells(assignment))
        failing = {check.cell for check in checks if static_verdict(scan, check)}
        assert failing <= set(variant.expected_failing_cells), (variant.name, failing)
        review = scan.review_lines({check.function for check in checks})
        if "needs-review" in variant.expected_flags:  # a variant that reaches into the grader
            assert review, variant.name
        else:
            assert review == [], variant.name
        if "forbidden" in variant.name or "autodiff" in variant.name:
            assert failing == set(variant.expected_failing_cells), (variant.name, failing)


class NoStudent:
    """A student side that must not be called: every check of the cell is decided statically.

    No oracle: the cascade, where rank is charged for the svd_via_eig it calls."""
    oracle = None

    def __getattr__(self, name):
        raise AssertionError("the student's side was called")


def test_static_verdict_fails_the_cell_with_flags_and_a_message():
    nb = _bank_notebook("matrix_fundamentals", "fails_svd_via_eig_forbidden_numpy_svd")
    checks = registry().all("matrix_fundamentals")
    scan = scan_submission(nb, None, *forbidden_lists(checks))
    cell = registry().for_cell("matrix_fundamentals", "test_rank")
    verdict = scanned_run_cell(scan, cell, NoStudent(), "s1")
    assert not verdict.passed
    assert set(verdict.flags) == {"static-scan", "forbidden-call:numpy.linalg.svd"}
    message = verdict.message()
    assert "rank uses numpy.linalg.svd" in message and "(in svd_via_eig, which it uses)" in message
    assert "solution_svd_via_eig" in message and "np.linalg.svd(" in message


def test_autodiff_found_statically_is_flagged_autodiff_import():
    nb = _bank_notebook("nonlinear_regression", "fails_backward_autodiff_torch")
    checks = registry().all("nonlinear_regression")
    scan = scan_submission(nb, None, *forbidden_lists(checks))
    verdict = static_verdict(scan, registry().for_cell("nonlinear_regression", "test_backward")[0])
    assert {"autodiff-import", "static-scan"} <= set(verdict.flags)
    assert "by hand with numpy" in verdict.message


def test_rebinding_a_library_function_charges_its_users():
    body = "def _fake(M):\n    return np.linalg.svd(M)\nnp.linalg.eigh = _fake\n" \
           "def f(A):\n    return np.linalg.eigh(A.T @ A)\ndef g(A):\n    return np.linalg.qr(A)"
    assert found(body, "f") == ["numpy.linalg.svd"]
    assert found(body, "g") == []


@pytest.mark.parametrize("text", ["x = " + "(" * 5000 + ")" * 5000,
                                  "x = np" + ".a" * 20000 + "\ndef f(A):\n    return np.linalg.svd(A)",
                                  "x = " + " + ".join(["1"] * 30000),
                                  "def f(A):\n" + "".join("    " * (i + 1) + "if A:\n" for i in range(90))
                                  + "    " * 91 + "return np.linalg.svd(A)"])
def test_hostile_shapes_of_code_end_the_scan_normally(text):
    scan = scan_submission(notebook(HEADER, text), None, FORBIDDEN)
    lines = scan.review_lines({"f"})
    if "np.linalg.svd" in text:  # found, or the cell is shown as not scanned
        assert scan.findings_for("f") or any("cell 2" in line for line in lines), lines


def test_only_the_instructors_unchanged_cells_are_left_out():
    """A cell that claims an instructor cell's grade id but carries other code is scanned."""
    nb = _bank_notebook("matrix_fundamentals", "passes_all_reference")
    checks = registry().all("matrix_fundamentals")
    instructor = release_cells("matrix_fundamentals")
    assert instructor, "the release has locked instructor cells"
    assert scan_submission(nb, None, *forbidden_lists(checks), instructor).review_lines(
        {check.function for check in checks}) == []
    tools = next(cell for cell in nb.cells if (cell.metadata.get("nbgrader", {}).get("grade_id"),
                                               cell.source) in instructor)
    tools.source += "\nimport ctypes\n"
    lines = scan_submission(nb, None, *forbidden_lists(checks), instructor).review_lines(
        {check.function for check in checks})
    assert any("ctypes" in line for line in lines), lines
