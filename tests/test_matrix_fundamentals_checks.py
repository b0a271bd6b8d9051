"""matrix_fundamentals: reference, hidden inputs, judges and the notebook's test cells.

Fast tests without nbgrader. The judges are tested against deliberately broken results
(message text pinned) and against valid alternative answers (rotated bases, flipped
singular vector pairs), which they must accept.
"""
import ast
import inspect
import re
from fractions import Fraction

import nbformat
import numpy as np
import pytest
from nbgrader.utils import is_solution

from grading import cell_metadata
from grading.boundary import LocalTransport, StudentNotebook
from grading.boundary.student_side import _resolve
from grading.checks import Case, Context
from grading.hidden_tests import hidden_part, visible_part
from grading.paths import source_notebook
from grading.registry import registry
from grading.runner import case_seed, run_cell
from grading.submissions import reference_text
from grading.assignments.matrix_fundamentals import checks, inputs, judges, reference
from grading.assignments.matrix_fundamentals.judges import Raised

ASSIGNMENT = "matrix_fundamentals"
CONTRACT_FUNCTIONS = ("rref", "svd_via_eig", "rank", "four_subspaces", "projectors",
                      "pinv_via_svd", "left_inverse", "right_inverse", "least_squares")
POINTS = {"test_rref": 5, "test_svd_via_eig": 7, "test_rank": 3, "test_four_subspaces": 6,
          "test_projectors": 4, "test_pinv_via_svd": 5, "test_left_inverse": 3,
          "test_right_inverse": 3, "test_least_squares": 4}
STUDENT_IDS = ("alice", "bob", "carol", "dave")


def notebook():
    return nbformat.read(str(source_notebook(ASSIGNMENT)), as_version=4)


def reference_namespace():
    return {name: getattr(reference, name) for name in CONTRACT_FUNCTIONS}


def grade(namespace, student_id):
    student = StudentNotebook(LocalTransport(namespace))
    return {cell: run_cell([check for check in checks.CHECKS if check.cell == cell], student,
                           student_id)
            for cell in checks.CELLS}


def ctx_for(*args, **kwargs):
    return Context("matrix_fundamentals.test.case", "f", 7, 0, Case(args, kwargs, "A"))


def message_of(judge, actual, expected, *args, **kwargs):
    with pytest.raises(AssertionError) as raised:
        judge(actual, expected, Case(args, kwargs, "A"), ctx_for(*args, **kwargs))
    return str(raised.value)


def random_matrix(seed, M, N, sigma):
    return inputs.with_singular_values(np.random.default_rng(seed), M, N, sigma)


# ------------------------------------------------------------------------ reference
@pytest.mark.parametrize("student_id", STUDENT_IDS)
def test_reference_passes_every_check(student_id, capfd):
    verdicts = grade(reference_namespace(), student_id)
    failing = {cell: verdict.message() for cell, verdict in verdicts.items() if not verdict.passed}
    assert failing == {}
    assert capfd.readouterr() == ("", "")


def test_functions_that_raise_not_implemented_fail_every_cell():
    def not_implemented(*args, **kwargs):
        raise NotImplementedError()

    verdicts = grade({name: not_implemented for name in CONTRACT_FUNCTIONS}, "alice")
    assert not any(verdict.passed for verdict in verdicts.values())
    assert "raised NotImplementedError" in verdicts["test_rank"].message()


def test_reference_agrees_with_numpy_on_hidden_inputs():
    rng = np.random.default_rng(0)
    for trial in range(60):
        A, _ = inputs.random_matrix(rng, inputs.SHAPE_KINDS[trial % 3],
                                    rank=("full", "deficient", "one")[trial % 3],
                                    repeated=trial % 2 == 0)
        U, S, V = reference.svd_via_eig(A)
        np.testing.assert_allclose(np.diag(S), np.linalg.svd(A, compute_uv=False), atol=1e-12 * S[0, 0])
        np.testing.assert_allclose(U @ S @ V.T, A, atol=1e-12 * S[0, 0])
        assert reference.rank(A) == np.linalg.matrix_rank(A)
        np.testing.assert_allclose(reference.pinv_via_svd(A), np.linalg.pinv(A),
                                   atol=1e-10 * np.linalg.norm(np.linalg.pinv(A), 2))


def test_reference_rref_is_the_exact_rref():
    def exact_rref(A):
        R = [[Fraction(int(x)) for x in row] for row in A]
        pivots, row = [], 0
        for col in range(len(R[0])):
            found = next((i for i in range(row, len(R)) if R[i][col] != 0), None)
            if found is None:
                continue
            R[row], R[found] = R[found], R[row]
            R[row] = [x / R[row][col] for x in R[row]]
            for i in range(len(R)):
                if i != row:
                    R[i] = [a - R[i][col] * b for a, b in zip(R[i], R[row])]
            pivots.append(col)
            row += 1
            if row == len(R):
                break
        return np.array([[float(x) for x in r] for r in R]), tuple(pivots)

    rng = np.random.default_rng(1)
    for trial in range(100):
        M, N = inputs.shape(rng, inputs.SHAPE_KINDS[trial % 3])
        A, R_known, pivots_known = inputs.integer_with_rref(rng, M, N, int(rng.integers(1, min(M, N) + 1)))
        R_exact, pivots_exact = exact_rref(A)
        assert pivots_exact == pivots_known
        np.testing.assert_allclose(R_known, R_exact, atol=1e-15)
        R, pivots = reference.rref(A)
        assert pivots == pivots_exact and np.abs(R - R_exact).max() < 1e-12
    for name, A in inputs.COURSE_MATRICES:
        R, pivots = reference.rref(A)
        assert (pivots, np.abs(R - exact_rref(A)[0]).max() < 1e-14) == (exact_rref(A)[1], True), name


# --------------------------------------------------------------------------- inputs
def test_hidden_inputs_are_small_and_keep_the_contracts_gap():
    for check in checks.CHECKS:
        for student_id in STUDENT_IDS:
            for index in range(check.cases):
                case = check.draw(np.random.default_rng(case_seed(student_id, check, index)), index)
                A = np.asarray(case.args[0], dtype=float)
                assert A.shape[0] <= inputs.MAX_SIZE and A.shape[1] <= inputs.MAX_SIZE, check.id
                sigma = np.linalg.svd(A, compute_uv=False)
                if sigma[0] == 0:
                    continue
                relative = sigma / sigma[0]
                noisy = check.id == "matrix_fundamentals.rref.tolerance"
                zero_level = 1e-6 if noisy else 1e-12  # the rref noise case: tol says it is zero
                assert np.all((relative >= 1e-3) | (relative <= zero_level)), (check.id, relative)


def test_every_shape_kind_and_rank_class_is_drawn_for_every_student():
    labels = []
    for check in checks.CHECKS:
        for index in range(check.cases):
            labels.append(check.draw(np.random.default_rng(index), index).label)
    text = "\n".join(labels)
    for needed in ("full rank", "rank-deficient", "rank 1", "repeated singular values",
                   "the zero matrix", "integer A", "tol="):
        assert needed in text, needed
    shapes = [tuple(map(int, match)) for match in re.findall(r"\((\d+), (\d+)\)", text)]
    assert any(m > n for m, n in shapes) and any(m < n for m, n in shapes) and any(m == n for m, n in shapes)


# ----------------------------------------------------------------- forbidden names
def test_every_forbidden_name_resolves_to_code():
    pytest.importorskip("scipy.linalg")
    for name in checks.FORBIDDEN:
        if name not in checks.LAPACK_ROUTES:  # compiled: only the static scan sees those
            assert _resolve(name) is not None, name
    assert all(check.forbidden == checks.FORBIDDEN for check in checks.CHECKS)


def test_every_lapack_route_names_an_existing_function():
    import importlib
    pytest.importorskip("scipy.linalg")
    for name in checks.LAPACK_ROUTES:
        module, _, function = name.rpartition(".")
        assert callable(getattr(importlib.import_module(module), function, None)), name


@pytest.mark.parametrize("name", ["numpy.linalg.svd", "numpy.linalg.pinv", "numpy.linalg.lstsq",
                                  "numpy.linalg.matrix_rank", "scipy.linalg.svd",
                                  "scipy.linalg.pinv", "scipy.linalg.null_space",
                                  "scipy.linalg.orth", "scipy.linalg.lstsq"])
def test_a_forbidden_call_zeroes_the_part_and_names_the_function(name):
    if name.startswith("scipy"):
        pytest.importorskip("scipy.linalg")
    module, _, function = name.rpartition(".")
    arguments = "(A, np.ones(A.shape[0]))" if function == "lstsq" else "(A)"
    code = (f"import numpy as np\nimport {module}\n"
            f"def rank(A, tol=None):\n    {name}{arguments}\n    return 2\n")
    namespace = {}
    exec(compile(code, "<cell solution_rank>", "exec"), namespace)
    verdict = grade({**reference_namespace(), "rank": namespace["rank"]}, "alice")["test_rank"]
    assert not verdict.passed
    assert f"forbidden-call:{name}" in verdict.flags
    assert f"rank called {name}, which is off limits" in verdict.message()


# -------------------------------------------------------------------------- judges
def test_svd_judge_accepts_jointly_flipped_and_rotated_singular_vectors():
    A = random_matrix(2, 5, 4, [3.0, 3.0, 1.0, 0.0])  # repeated sigma and a zero one
    expected = reference.svd_via_eig(A)
    U, S, V = expected
    flip = np.diag([-1.0, 1.0, -1.0, 1.0])
    c, s = np.cos(0.7), np.sin(0.7)
    rotation = np.eye(4)
    rotation[:2, :2] = [[c, -s], [s, c]]  # inside the eigenspace of sigma = 3
    U2 = U.copy()
    U2[:, :4] = U[:, :4] @ flip @ rotation
    V2 = V @ flip @ rotation
    U2[:, 3:] = U[:, 3:] @ inputs.orthogonal(np.random.default_rng(3), 2)  # left null space
    judges.assert_svd((U2, S, V2), expected, Case((A,), {}, "A"), ctx_for(A))


def test_svd_judge_gives_the_sign_hint_for_uncoupled_U_and_V():
    A = random_matrix(4, 4, 3, [5.0, 2.0, 1.0])
    expected = reference.svd_via_eig(A)
    U, S, V = (array.copy() for array in expected)
    U[:, 1] *= -1
    message = message_of(judges.assert_svd, (U, S, V), expected, A)
    assert "f(A) [check matrix_fundamentals.test.case, case 0, seed 7]:\n" \
           "U @ S @ V.T does not reproduce A" in message
    assert "hint: columns [1] of U have the opposite sign of A v_i / sigma_i: couple U to V " \
           "with u_i = A v_i / sigma_i instead of solving a separate eigenvalue problem for U" \
           in message


def test_svd_judge_messages_for_broken_results():
    A = random_matrix(5, 4, 3, [5.0, 2.0, 1.0])
    expected = reference.svd_via_eig(A)
    U, S, V = expected
    assert "hint: U @ S @ V reproduces A: return V (its columns are the right singular " \
           "vectors v_i), not V.T" in message_of(judges.assert_svd, (U, S, V.T), expected, A)
    assert "S: wrong shape\n  expected shape (4, 3)\n  got shape      (3,)" in \
        message_of(judges.assert_svd, (U, np.diag(S), V), expected, A)
    ascending = (U[:, [2, 1, 0, 3]], S[[2, 1, 0, 3]][:, [2, 1, 0]], V[:, [2, 1, 0]])
    message = message_of(judges.assert_svd, ascending, expected, A)
    assert "S: the singular values must be non-increasing (sigma_1 >= sigma_2 >= ...)" in message
    assert "hint: sort the eigenvalues in descending order" in message
    message = message_of(judges.assert_svd, (U * 2, S, V), expected, A)
    assert "U (must be orthogonal): the columns are not orthonormal" in message
    assert "column 0 has norm 2, not 1" in message
    message = message_of(judges.assert_svd, (U, S + 0j, V), expected, A)
    assert "S: expected real numbers, got dtype complex128" in message
    assert "keep their real part" in message
    message = message_of(judges.assert_svd, [U, S, V, S], expected, A)
    assert "svd_via_eig(A) result (U, S, V): expected a tuple of 3 items, got list of length 4" in message


def test_subspace_judge_accepts_any_orthonormal_basis_and_reports_the_principal_angle():
    A = random_matrix(6, 5, 6, [4.0, 2.0, 0.5])
    expected = reference.four_subspaces(A)
    rotated = {key: Q @ inputs.orthogonal(np.random.default_rng(8), Q.shape[1]) if Q.shape[1] else Q
               for key, Q in expected.items()}
    judges.assert_four_subspaces(rotated, expected, Case((A,)), ctx_for(A))
    wrong = dict(rotated, null=np.hstack([expected["row"][:, :1], expected["null"][:, 1:]]))
    message = message_of(judges.assert_four_subspaces, wrong, expected, A)
    assert "['null']: the columns span the wrong subspace\n" \
           "  largest principal angle to the expected subspace: 90 degrees" in message
    special = dict(rotated, null=rotated["null"] * 3.0)
    message = message_of(judges.assert_four_subspaces, special, expected, A)
    assert "['null']: the columns are not orthonormal" in message
    wide = dict(rotated, column=expected["column"][:, :1])
    message = message_of(judges.assert_four_subspaces, wide, expected, A)
    assert "['column']: wrong shape\n  expected shape (5, 3)\n  got shape      (5, 1)\n" \
           "  hint: one orthonormal basis vector per column, r columns with r = rank(A)" in message
    assert "missing keys ['left_null']" in message_of(
        judges.assert_four_subspaces, {k: v for k, v in rotated.items() if k != "left_null"},
        expected, A)


def test_projector_judge_hints_at_a_non_orthonormal_basis():
    A = random_matrix(9, 4, 3, [3.0, 1.0])
    expected = reference.projectors(A)
    B = A @ reference.four_subspaces(A)["row"]
    broken = dict(expected, P_CS=B @ B.T)
    message = message_of(judges.assert_projectors, broken, expected, A)
    assert "['P_CS']: values differ from the reference" in message
    assert "hint: P @ P != P, so P is no projector: build P = Q Q^T from an orthonormal basis Q" \
        in message


def test_pinv_judge_checks_the_penrose_conditions_first():
    A = random_matrix(10, 4, 3, [3.0, 1.0])
    expected = reference.pinv_via_svd(A)
    U, S, V = np.linalg.svd(A)
    # the round-off singular value inverted, floored at 1e-4: X's norm stays small enough
    # that A X A = A holds to 1e-8 with any BLAS, so condition 2 is the one that fails
    inverted = V.T @ np.diag(1.0 / np.maximum(S, 1e-4)) @ U[:, :3].T
    message = message_of(judges.assert_pinv, inverted, expected, A)
    assert "A^+: Penrose condition 2 (X A X = X) fails" in message
    assert "hint: invert only the non-zero singular values (sigma_i > 1e-6 sigma_1)" in message
    assert "A^+: wrong shape\n  expected shape (3, 4)" in message_of(judges.assert_pinv, expected.T, expected, A)
    assert "Penrose condition 1 (A X A = A) fails" in message_of(judges.assert_pinv, 2 * expected, expected, A)


def test_inverse_judges_demand_value_error_and_accept_its_numpy_subclass():
    tall = random_matrix(11, 4, 3, [3.0, 1.0])  # rank 2 < N = 3
    left = judges.inverse_judge("left")
    expected = Raised("ValueError")
    left(Raised("ValueError", "no"), expected, Case((tall,)), ctx_for(tall))
    left(Raised("LinAlgError", "Singular matrix"), expected, Case((tall,)), ctx_for(tall))
    message = message_of(left, np.zeros((3, 4)), expected, tall)
    assert "expected ValueError: A of shape (4, 3) has no full column rank\n" \
           "  it returned ndarray of shape (3, 4) and dtype float64" in message
    assert "raise ValueError when it is less than N" in message
    message = message_of(left, Raised("TypeError", "bad"), expected, tall)
    assert "it raised TypeError: bad" in message
    full = random_matrix(12, 4, 3, [3.0, 2.0, 1.0])
    message = message_of(left, Raised("ValueError", "no rank"), reference.left_inverse(full), full)
    assert "raised ValueError, but A of shape (4, 3) has full column rank" in message
    right = judges.inverse_judge("right")
    message = message_of(right, 2 * reference.right_inverse(full.T), reference.right_inverse(full.T),
                         full.T)
    assert "right inverse: A @ R = I fails" in message


def test_rank_and_rref_judges():
    A = random_matrix(13, 4, 4, [2.0, 1.0, 0.0, 0.0])
    assert "rank: expected an int, got float" in message_of(judges.assert_rank, 2.0, 2, A)
    message = message_of(judges.assert_rank, np.int64(3), 2, A)
    assert "rank: wrong value\n  got 3\n  hint: singular values at round-off level" in message
    assert "count the singular values above the given tol" in message_of(judges.assert_rank, 4, 2, A, tol=0.5)
    judges.assert_rank(np.int64(2), 2, Case((A,)), ctx_for(A))

    A1 = inputs.A1
    expected = reference.rref(A1)
    judges.assert_rref((expected[0], [0, 1]), expected, Case((A1,)), ctx_for(A1))
    judges.assert_rref((expected[0], np.array([0, 1])), expected, Case((A1,)), ctx_for(A1))
    A2 = inputs.A2
    expected = reference.rref(A2)
    echelon = expected[0].copy()
    echelon[0] += echelon[1]  # an entry above the second pivot
    message = message_of(judges.assert_rref, (echelon, (0, 1)), expected, A2)
    assert "R: values differ from the reference" in message
    assert "hint: R is in row echelon form but not reduced: eliminate the entries above " \
           "every pivot too (back-substitution)" in message
    assert "pivots: wrong pivot columns\n  got (0, 1, 2)" in \
        message_of(judges.assert_rref, (expected[0], (0, 1, 2)), expected, A2)
    assert "pivots: expected a tuple of ints, got ndarray" in \
        message_of(judges.assert_rref, (expected[0], np.array([0.0, 1.0])), expected, A2)


def test_least_squares_judge_hints_at_the_shape_and_the_minimum_norm():
    X = random_matrix(14, 3, 5, [2.0, 1.0, 0.5])
    y = np.arange(3.0)
    expected = reference.least_squares(X, y)
    message = message_of(judges.assert_least_squares, expected[:, None], expected, X, y)
    assert "theta_hat: wrong shape\n  expected shape (5,)\n  got shape      (5, 1)\n" \
           "  hint: y of shape (3,) gives theta_hat of shape (5,)" in message
    null = reference.four_subspaces(X)["null"][:, 0]
    message = message_of(judges.assert_least_squares, expected + null, expected, X, y)
    assert "hint: theta_hat solves the normal equations but is not the minimum-norm solution" in message


def test_a_function_that_modifies_its_argument_fails():
    def rref(A, tol=None):
        R, pivots = reference.rref(A, tol)
        A[...] = 0
        return R, pivots

    verdict = grade({**reference_namespace(), "rref": rref}, "alice")["test_rref"]
    assert not verdict.passed
    assert "argument A was modified in place by the call" in verdict.message()


# ------------------------------------------------------------------------ notebook
MANUAL_POINTS = {"answer_subspaces_of_A1": 2, "answer_inverses_and_inverse_problem": 2}


def test_notebook_points_metadata_and_table():
    nb = notebook()
    assert nb.metadata.kernelspec.name == "python3"
    assert cell_metadata.points_of_test_cells(nb) == POINTS and sum(POINTS.values()) == 40
    table = next(cell.source for cell in nb.cells if cell_metadata.grade_id(cell) == "points_table")
    for cell, points in POINTS.items():
        assert re.search(rf"\| `{cell[len('test_'):]}` \| [^|]+ \| {points} \|", table), cell
    assert "**autograded** | **40**" in table
    assert cell_metadata.points_of_manual_cells(nb) == MANUAL_POINTS
    assert f"**total** | **{40 + sum(MANUAL_POINTS.values())}**" in table
    for grade_id in MANUAL_POINTS:
        answer = next(cell for cell in nb.cells if cell_metadata.grade_id(cell) == grade_id)
        question = nb.cells[nb.cells.index(answer) - 1]
        assert "(2 points, graded by hand)" in question.source and "### BEGIN SOLUTION" in answer.source
    first = next(cell for cell in nb.cells if cell.cell_type == "code")
    assert cell_metadata.grade_id(first) == "imports"
    assert cell_metadata.nbgrader_metadata(first)["locked"]


def test_solution_cells_are_the_reference_functions():
    solutions = {cell_metadata.grade_id(cell): cell.source for cell in notebook().cells
                 if is_solution(cell)}
    assert set(solutions) == ({f"solution_{name}" for name in CONTRACT_FUNCTIONS}
                              | {"task_course_matrices"} | set(MANUAL_POINTS))
    for name in CONTRACT_FUNCTIONS:
        source = solutions[f"solution_{name}"]
        assert reference_text(source).strip() == inspect.getsource(getattr(reference, name)).strip()
        function = ast.parse(source).body[0]
        assert function.name == name and re.search(r"\(M, N\)", ast.get_docstring(function) or "")


def test_hidden_block_of_each_test_cell_calls_exactly_its_registered_checks():
    seen = []
    for cell in notebook().cells:
        if not cell_metadata.is_autograded_test(cell):
            continue
        grade_id = cell_metadata.grade_id(cell)
        seen.append(grade_id)
        first = cell.source.splitlines()[0]
        assert first.startswith('"""') and first.endswith(f'({POINTS[grade_id]} points)"""')
        hidden = hidden_part(cell.source).splitlines()
        assert hidden == ["from grading import check"] + [
            f'check("{check.id}")' for check in registry().for_cell(ASSIGNMENT, grade_id)]
        visible = visible_part(cell.source)
        assert "grading" not in visible and cell.source.rstrip().endswith("### END HIDDEN TESTS")
    assert seen == list(checks.CELLS)


def test_visible_checks_run_with_numpy_warnings_silenced():
    for cell in notebook().cells:
        if cell_metadata.is_autograded_test(cell):
            name = cell_metadata.grade_id(cell)[len("test_"):]
            assert cell.source.splitlines()[1] == \
                f'with np.errstate(all="ignore"), visible_checks("{name}"):  # a masked 0/0 warning is no failure'


def test_visible_least_squares_check_does_not_use_the_students_projectors():
    cell = next(cell for cell in notebook().cells
                if cell_metadata.grade_id(cell) == "test_least_squares")
    assert "projectors(" not in visible_part(cell.source)


def test_course_notation_and_the_cr_factorisation():
    text = "\n".join(cell.source for cell in notebook().cells)
    for name in ("column space **CS**", "row space **RS**", "null space **NS**", "left null space **LNS**",
                 "$M$ **rows**", "$N$ **columns**", "\\mathbf{U}\\boldsymbol{\\Sigma}\\mathbf{V}^T"):
        assert name in text, name
    cells = notebook().cells
    index = next(i for i, cell in enumerate(cells) if cell_metadata.grade_id(cell) == "test_rref")
    assert cells[index + 1].source.startswith("### The CR factorisation (not graded)")
    assert "C @ R_r" in cells[index + 2].source
    assert not cell_metadata.nbgrader_metadata(cells[index + 2])


@pytest.mark.pipeline   # a real kernel
def test_visible_checks_write_nothing_to_stderr_for_a_correct_answer_that_warns():
    """Unsandboxed, nbgrader would zero a test cell whose output holds a numpy warning."""
    nbclient = pytest.importorskip("nbclient")
    from grading.paths import BANK
    from grading.submissions import build_submission
    submission = build_submission(ASSIGNMENT, BANK / ASSIGNMENT / "passes_all_masked_division.py")
    nbclient.NotebookClient(submission, timeout=60, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(source_notebook(ASSIGNMENT).parent)}}
                            ).execute()
    for cell in submission.cells:
        if cell.cell_type == "code" and cell_metadata.grade_id(cell) in POINTS:
            assert [output for output in cell.outputs
                    if output.output_type == "error" or output.get("name") == "stderr"] == [], \
                cell_metadata.grade_id(cell)
    task = next(cell for cell in submission.cells
                if cell_metadata.grade_id(cell) == "task_course_matrices")
    assert any("RuntimeWarning" in output.get("text", "") for output in task.outputs), \
        "the variant should warn outside the test cells (else this test proves nothing)"
