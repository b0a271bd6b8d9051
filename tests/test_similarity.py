"""Similarity parts: normalisation, reading hostile submission folders, the report."""
import json
import os
import shutil

import nbformat
import pytest

from grading.paths import BANK, release_notebook
from grading.similarity.report import write as write_report
from grading.similarity.run import analyse
from grading.similarity.compare import compare
from grading.similarity.disguise import DISGUISES, disguise_notebook, rename
from grading.similarity.extract import Chunk, read_submission
from grading.similarity.fingerprint import fingerprint
from grading.similarity.normalize import canonical_order, normalize
from grading.submissions import build_submission, load_variant

ORIGINAL = '''
import numpy as np

def least_squares(X, y):
    """theta_hat = X^+ y"""
    U, S, V = svd_via_eig(X)
    r = rank(X)
    sigma = np.diag(S)[:r]
    theta = V[:, :r] @ ((U[:, :r].T @ y) / sigma)
    return theta
'''

DISGUISED = '''
import numpy as np
def least_squares(design, target):
    # rank first, then the SVD (order does not matter)
    rk = rank(design)
    left, sing, right = svd_via_eig(design)   # my own SVD
    s_vals = np.diag(sing)[:rk]
    result = right[:, :rk] @ (
        (left[:, :rk].T @ target) / s_vals
    )
    return result
'''


def _tokens(text):
    return [token for token, _, _ in normalize(text).tokens]


def test_comments_whitespace_names_and_order_do_not_change_the_tokens():
    assert _tokens(ORIGINAL) == _tokens(DISGUISED)


def test_attributes_and_builtins_stay_visible():
    tokens = _tokens("lam, V = np.linalg.eigh(A.T @ A)\nn = len(lam)\n")
    assert "eigh" in tokens and "linalg" in tokens and "len" in tokens
    assert "lam" not in tokens and "np" not in tokens
    assert _tokens("w = np.linalg.qr(a)\n") != _tokens("w = np.linalg.eigh(a)\n")


def test_dependent_statements_keep_their_order():
    import ast
    block = ast.parse("b = 2\na = b + 1\nc = a * 2\n").body
    assert [ast.unparse(statement) for statement in canonical_order(block)] == \
        ["b = 2", "a = b + 1", "c = a * 2"]
    swapped = ast.parse("y = 1\nx = 2\n").body
    assert [ast.unparse(s) for s in canonical_order(swapped)] == \
        [ast.unparse(s) for s in canonical_order(list(reversed(swapped)))]


def test_code_that_does_not_parse_is_still_compared():
    broken = "def f(x):\n    return x +* 2  # typo\n    y = np.zeros((3, 3))\n"
    normalized = normalize(broken)
    assert not normalized.parsed and "zeros" in [t for t, _, _ in normalized.tokens]
    assert "typo" not in normalized.display


@pytest.mark.parametrize("name", sorted(DISGUISES))
def test_each_disguise_of_a_bank_solution_scores_as_a_copy(name):
    text = (BANK / "matrix_fundamentals" / "passes_all_loops.py").read_text()
    original = fingerprint("a", [Chunk("a", text)])
    copied = fingerprint("b", [Chunk("b", DISGUISES[name](text))])
    assert compare(original, copied).score >= 0.95


def test_a_renamed_notebook_still_grades_the_same_names():
    variant = load_variant(BANK / "nonlinear_regression" / "passes_all_tuple_cache.py")
    notebook = disguise_notebook(build_submission("nonlinear_regression", variant), rename)
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert "params_trained" in code and "def backward(" in code


# ------------------------------------------------------------------ hostile folders
def _notebook(cells):
    notebook = nbformat.v4.new_notebook()
    for source in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["nbgrader"] = {"solution": True, "grade_id": f"s{len(notebook.cells)}",
                                     "grade": False, "locked": False, "schema_version": 3}
        notebook.cells.append(cell)
    return notebook


def test_only_regular_files_directly_in_the_folder_are_read(tmp_path):
    secret = tmp_path / "secret.py"
    secret.write_text("x = 'the instructor secret'\n")
    folder = tmp_path / "student"
    folder.mkdir()
    (folder / "linked.py").symlink_to(secret)
    (folder / "sub").mkdir()
    (folder / "sub" / "deep.py").write_text("y = 1\n")
    (folder / "big.py").write_text("z = 1\n" * 400_000)
    os.mkfifo(folder / "fifo.py")
    with open(os.path.join(os.fsencode(folder), b"own-\xff.py"), "wb") as handle:
        handle.write(b"w = 2\n")
    submission = read_submission("student", str(folder))
    labels = [chunk.label for chunk in submission.chunks]
    assert labels == ["own-?.py"]  # the undecodable byte replaced in the label
    assert not any("secret" in chunk.text for chunk in submission.chunks)
    assert {reason.split(":")[0] for reason in submission.skipped} == \
        {"big.py", "fifo.py", "linked.py"}


def test_a_notebook_is_read_as_json_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    folder = tmp_path / "student"
    folder.mkdir()
    payload = f"open({str(marker)!r}, 'w').write('x')\nimport os\nos.system('touch {marker}')\n"
    nbformat.write(_notebook([payload]), str(folder / "hw.ipynb"))
    (folder / "helper.py").write_text(payload)
    (folder / "broken.ipynb").write_text('{"cells": [')
    submission = read_submission("student", str(folder))
    assert [chunk.label for chunk in submission.chunks] == ["helper.py", "hw:s0"]
    assert not marker.exists()


def test_a_notebook_without_nbgrader_metadata_counts_every_code_cell(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("a = 1"), nbformat.v4.new_markdown_cell("x"),
                      nbformat.v4.new_code_cell("b = 2")]
    nbformat.write(notebook, str(tmp_path / "hw.ipynb"))
    assert [chunk.text for chunk in read_submission("s", str(tmp_path)).chunks] == \
        ["a = 1", "b = 2"]


# ------------------------------------------------------------------ a small class
def _class(tmp_path, students):
    assignment = "matrix_fundamentals"
    (tmp_path / "release" / assignment).mkdir(parents=True)
    shutil.copy(release_notebook(assignment), tmp_path / "release" / assignment)
    for student, notebook in students.items():
        folder = tmp_path / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(notebook, str(folder / f"{assignment}.ipynb"))
    return analyse(tmp_path, assignment)


def test_a_copy_is_flagged_both_ways_and_the_report_escapes_student_text(tmp_path):
    code = (BANK / "matrix_fundamentals" / "passes_all_loops.py").read_text()
    code = code.replace('"no full column rank"', '"</pre><script>alert(1)</script>"')
    own = (BANK / "matrix_fundamentals" / "passes_all_qr_completion.py").read_text()
    result = _class(tmp_path, {
        "alice": _notebook([code]),
        "bob": _notebook([DISGUISES["all"](code)]),
        "carol": _notebook([own]),
        "dave": nbformat.read(str(release_notebook("matrix_fundamentals")), 4),  # blank
    })
    assert [(pair.a, pair.b) for pair in result.flagged] == [("alice", "bob")]
    assert result.flags() == {"alice": ["similar-to:bob"], "bob": ["similar-to:alice"]}
    highest = result.highest()
    assert highest["dave"] is None  # the blank notebook shares nothing
    assert highest["carol"].score < result.threshold
    out = tmp_path / "out"
    table = write_report(result, out)
    assert "| 1 | alice | bob | 1.00 | 1.00 |" in table
    page = (out / "report.html").read_text()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert page.count("<mark>") >= 2
    assert (out / "histogram.png").read_bytes()[:4] == b"\x89PNG"
    assert json.loads((out / "flags.json").read_text()) == result.flags()
    rows = (out / "pairs.csv").read_text().splitlines()
    assert len(rows) == 1 + 6 and rows[1].startswith("1,alice,bob,1.0000,1.0000,")


def test_the_class_wide_comparison_gives_copydetects_numbers():
    from itertools import combinations

    from grading.similarity.compare import all_pairs
    from grading.similarity.extract import file_chunks
    from grading.similarity.fingerprint import boilerplate_hashes
    boilerplate = boilerplate_hashes(file_chunks(release_notebook("matrix_fundamentals")))
    prints = [fingerprint(path.stem, [Chunk(path.name, path.read_text())], boilerplate)
              for path in sorted((BANK / "matrix_fundamentals").glob("*.py"))[::3]]
    prints.append(fingerprint("copy", [Chunk("copy", DISGUISES["all"](
        (BANK / "matrix_fundamentals" / "passes_all_loops.py").read_text()))], boilerplate))
    fast = {(pair.a, pair.b): pair for pair in all_pairs(prints)}
    count = len(prints)
    assert count >= 13 and len(fast) == count * (count - 1) // 2
    for first, second in combinations(prints, 2):
        exact = compare(first, second)
        pair = fast[(exact.a, exact.b)]
        assert (pair.a_in_b, pair.b_in_a, pair.tokens) == pytest.approx(
            (exact.a_in_b, exact.b_in_a, exact.tokens)), (exact, pair)
    assert fast[("copy", "passes_all_loops")].score >= 0.95
    assert sum(1 for pair in fast.values() if 0 < pair.score < 0.95) >= 10


def test_pathological_code_is_compared_without_reordering_or_crashing():
    long_block = "".join(f"x{i} = {i}\n" for i in range(5000))
    deep = "y = " + "(" * 150 + "1" + ")" * 150 + "\n"
    assert len(normalize(long_block).tokens) == 5000 * 4   # x = 1 ; per line, in order
    assert normalize(deep).tokens


def test_a_malformed_notebook_is_skipped_and_the_class_still_compared(tmp_path):
    code = (BANK / "matrix_fundamentals" / "passes_all_loops.py").read_text()
    result = _class(tmp_path, {"alice": _notebook([code]), "bob": _notebook([code])})
    for student, text in (("eve", '{"worksheets": [1]}'),
                          ("fay", '{"cells": [{"cell_type": "code", "source": [1, 2]}]}')):
        folder = tmp_path / "submitted" / student / "matrix_fundamentals"
        folder.mkdir(parents=True)
        (folder / "matrix_fundamentals.ipynb").write_text(text)
    result = analyse(tmp_path, "matrix_fundamentals")
    assert [(pair.a, pair.b) for pair in result.flagged] == [("alice", "bob")]
    assert {"eve", "fay"} <= set(result.fingerprints)


def test_every_flagged_pair_is_shown_side_by_side_beyond_the_top(tmp_path):
    code = (BANK / "matrix_fundamentals" / "passes_all_loops.py").read_text()
    short = "def rank(A):\n    return int(A.sum() > 1) + 2\n"   # identical, too short to flag
    students = {"alice": _notebook([code]), "bob": _notebook([code])}
    students.update({f"a{index}": _notebook([short]) for index in range(4)})
    result = _class(tmp_path, students)
    assert [(pair.a, pair.b) for pair in result.flagged] == [("alice", "bob")]
    assert result.pairs.index(result.flagged[0]) >= 1
    write_report(result, tmp_path / "out", top=1)
    page = (tmp_path / "out" / "report.html").read_text()
    assert "alice" in page.split("<h3", 1)[1]


def test_tokens_past_the_last_code_point_share_one_symbol(monkeypatch):
    from grading.similarity import fingerprint as module

    class Full(dict):
        def __len__(self):
            return 2_000_000          # more distinct tokens than there are code points
    monkeypatch.setattr(module, "_symbols", Full())
    assert module.symbol("x") == module.symbol("y") == chr(module.LAST_SYMBOL)
