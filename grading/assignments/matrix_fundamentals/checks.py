"""Hidden checks of ``matrix_fundamentals``: one autograded cell per contract function.

``CHECKS`` lists them in the order the hidden block of each test cell calls them. Every
check runs the student's function with the contract's forbidden functions guarded
(``FORBIDDEN``), checks that the arguments were not modified, and judges with
``judges``. The cases cover the course matrices A1-A3 (also the visible checks), tall,
wide and square matrices, full rank and rank-deficient down to rank 1, repeated singular
values, integer matrices for ``rref`` and the zero matrix wherever the function is
defined for it.

Dependencies between parts are deliberate and follow the course: ``rank`` and
``four_subspaces``, ``pinv_via_svd`` use ``svd_via_eig``; ``projectors`` uses
``four_subspaces``; ``left_inverse``/``right_inverse`` use ``rank``; ``least_squares``
uses ``pinv_via_svd``. ``DEPENDENCIES`` declares them (as the reference solution calls
them): with error carried forward (``grading.carry``, the default) a part is judged with
reference answers for the functions it builds on, so a bug costs only its own part; under
the cascade it costs every part whose result it really breaks.
"""
import numpy as np

from ...boundary import StudentRaised
from ...checks import Case, Check  # noqa: F401  (Case: part of the draw protocol)
from . import inputs, judges, reference
from .judges import Raised

ASSIGNMENT = "matrix_fundamentals"

# The same answers one level down: LAPACK drivers of the SVD and of least squares (scipy's
# wrappers, numpy's private ufuncs and lapack_lite). The static scan finds every spelling
# of these (grading/scan); the run-time guard sees only Python-level functions.
LAPACK_ROUTES = tuple(
    f"scipy.linalg.lapack.{prefix}{driver}" for prefix in "sdcz"
    for driver in ("gesdd", "gesvd", "gelsd", "gelss", "gelsy", "gels")) + (
    "scipy.linalg.lapack.sgejsv", "scipy.linalg.lapack.dgejsv",
    "numpy.linalg._umath_linalg.svd", "numpy.linalg._umath_linalg.svd_f",
    "numpy.linalg._umath_linalg.svd_s", "numpy.linalg._umath_linalg.lstsq",
    "numpy.linalg.lapack_lite.dgelsd", "numpy.linalg.lapack_lite.zgelsd",
)
# Whole packages a solution must not use (static scan): symbolic SVD and pseudo-inverse.
FORBIDDEN_MODULES = ("sympy",)

# The contract's ready-made answers, caught while the student's function runs.
FORBIDDEN = (
    "numpy.linalg.svd", "numpy.linalg.svdvals", "numpy.linalg.pinv", "numpy.linalg.lstsq",
    "numpy.linalg.matrix_rank",
    "scipy.linalg.svd", "scipy.linalg.svdvals", "scipy.linalg.pinv", "scipy.linalg.pinvh",
    "scipy.linalg.null_space", "scipy.linalg.orth", "scipy.linalg.lstsq",
    "scipy.sparse.linalg.svds", "scipy.sparse.linalg.lsqr", "scipy.sparse.linalg.lsmr",
) + LAPACK_ROUTES

# Which contract functions each part calls (the reference solution, reference.py).
DEPENDENCIES = {
    "rank": ("svd_via_eig",),
    "four_subspaces": ("svd_via_eig", "rank"),
    "projectors": ("four_subspaces",),
    "pinv_via_svd": ("svd_via_eig",),
    "left_inverse": ("rank",),
    "right_inverse": ("rank",),
    "least_squares": ("pinv_via_svd",),
}


_REFERENCE_SVD = reference.svd_via_eig  # not the recorder grading.carry puts in its place


def svd_keeping_round_off(A):
    """A correct SVD as floating point gives it: where sigma_i = 0 it keeps the round-off
    sqrt(|lambda_i|) (about 1e-8 sigma_1) that the reference sets to 0.

    What ``rank``, ``four_subspaces`` and ``pinv_via_svd`` get from the grader in place of
    the student's ``svd_via_eig`` (error carried forward): a part that relies on exact
    zeros instead of the contract's tolerance fails as it would on a valid student SVD.
    (M, N) array -> (U (M, M), S (M, N), V (N, N)).
    """
    U, S, V = _REFERENCE_SVD(A)
    A = np.asarray(A, dtype=float)
    K = min(A.shape)
    sigma = np.diag(S).copy()
    zero = sigma == 0.0
    if K and zero.any() and sigma[0] > 0:
        exact = np.sqrt(np.abs(np.sort(np.linalg.eigvalsh(A.T @ A))[::-1][:K]))
        sigma[zero] = exact[zero]
        S = S.copy()
        S[np.arange(K), np.arange(K)] = sigma
    return U, S, V


ORACLE_ANSWERS = {"svd_via_eig": svd_keeping_round_off}

ALL_KINDS = inputs.SHAPE_KINDS  # ('tall', 'wide', 'square')


def observed(check, student, case):
    """Call the student's function; returns an `Observation` (value and arguments after)."""
    return student.call_observed(check.function, *case.args, **case.kwargs)


def observed_or_raised(check, student, case):
    """Like ``observed``, but an exception of the student's function becomes a `Raised`."""
    try:
        return observed(check, student, case)
    except StudentRaised as error:
        return Raised(error.ename, error.evalue)


def reference_or_raised(check, case):
    """The reference's answer, or `Raised('ValueError')` where the reference raises it."""
    try:
        return check.reference(*case.args, **case.kwargs)
    except ValueError as error:
        return Raised("ValueError", str(error))


def part(function, name, draw, judge, arguments=("A",), cases=None, **options):
    """One check of part ``function``: id 'matrix_fundamentals.<function>.<name>'."""
    return Check(
        id=f"{ASSIGNMENT}.{function}.{name}", cell=f"test_{function}", function=function,
        draw=draw, judge=judges.unmodified(judge, arguments),
        reference=getattr(reference, function),
        call=options.pop("call", observed),
        batched=True,  # observed and observed_or_raised send one plain call per case
        cases=cases if cases is not None else getattr(draw, "cases", 1),
        forbidden=FORBIDDEN, forbidden_modules=FORBIDDEN_MODULES, **options)


def course(function, judge, **options):
    """The visible checks of a part, on the course's task matrices A1, A2, A3."""
    return part(function, "course_matrices", inputs.course_matrix, judge, cases=3,
                description="the course's task matrices A1, A2, A3", **options)


def zero(function, judge, **options):
    return part(function, "zero_matrix", inputs.zero_matrix, judge,
                description="the zero matrix (rank 0)", **options)


RAISING = {"call": observed_or_raised, "expect": reference_or_raised}


def inverse_checks(side, kind, full_shapes, other_shapes):
    """The checks of ``<side>_inverse`` ("left" or "right"), which exists for full ``kind``
    ("column" or "row") rank: the course matrices, hidden matrices of full rank in
    ``full_shapes``, hidden ones without it in ``other_shapes`` (a ValueError is expected),
    the zero matrix."""
    name, judge = f"{side}_inverse", judges.inverse_judge(side)
    return [course(name, judge, **RAISING),
            part(name, f"full_{kind}_rank", inputs.matrices(full_shapes), judge, **RAISING),
            part(name, f"no_full_{kind}_rank",
                 inputs.matrices(other_shapes, ranks=("deficient", "full", "one")), judge,
                 **RAISING),
            zero(name, judge, **RAISING)]

CHECKS = (
    # rref
    course("rref", judges.assert_rref),
    part("rref", "integer_full_rank", inputs.integer_matrices(ALL_KINDS), judges.assert_rref),
    part("rref", "integer_rank_deficient",
         inputs.integer_matrices(ALL_KINDS, ranks=("one", "deficient", "deficient")),
         judges.assert_rref),
    zero("rref", judges.assert_rref),
    part("rref", "tolerance", inputs.noisy_integer_with_tol, judges.assert_rref, cases=2),
    # svd_via_eig
    course("svd_via_eig", judges.assert_svd),
    part("svd_via_eig", "full_rank", inputs.matrices(ALL_KINDS), judges.assert_svd),
    part("svd_via_eig", "rank_deficient",
         inputs.matrices(ALL_KINDS, ranks=("one", "deficient", "deficient")), judges.assert_svd),
    part("svd_via_eig", "repeated_singular_values",
         inputs.matrices(("square", "tall"), ranks=("full", "deficient"), repeated=True),
         judges.assert_svd),
    zero("svd_via_eig", judges.assert_svd),
    # rank
    course("rank", judges.assert_rank),
    part("rank", "full_rank", inputs.matrices(ALL_KINDS), judges.assert_rank),
    part("rank", "rank_deficient",
         inputs.matrices(ALL_KINDS + ("square",), ranks=("deficient", "deficient", "one",
                                                         "deficient")),
         judges.assert_rank),
    part("rank", "tolerance", inputs.rank_with_tolerance, judges.assert_rank, cases=1),
    zero("rank", judges.assert_rank),
    # four_subspaces
    course("four_subspaces", judges.assert_four_subspaces),
    part("four_subspaces", "full_rank", inputs.matrices(("tall", "wide")),
         judges.assert_four_subspaces),
    part("four_subspaces", "rank_deficient",
         inputs.matrices(ALL_KINDS, ranks=("deficient", "one", "deficient")),
         judges.assert_four_subspaces),
    part("four_subspaces", "repeated_singular_values",
         inputs.matrices(("wide",), ranks=("deficient",), repeated=True),
         judges.assert_four_subspaces),
    zero("four_subspaces", judges.assert_four_subspaces),
    # projectors
    course("projectors", judges.assert_projectors),
    part("projectors", "full_rank", inputs.matrices(("tall", "wide")), judges.assert_projectors),
    part("projectors", "rank_deficient",
         inputs.matrices(ALL_KINDS, ranks=("deficient", "deficient", "one")),
         judges.assert_projectors),
    zero("projectors", judges.assert_projectors),
    # pinv_via_svd
    course("pinv_via_svd", judges.assert_pinv),
    part("pinv_via_svd", "full_rank", inputs.matrices(ALL_KINDS), judges.assert_pinv),
    part("pinv_via_svd", "rank_deficient",
         inputs.matrices(ALL_KINDS, ranks=("deficient", "one", "deficient")),
         judges.assert_pinv),
    zero("pinv_via_svd", judges.assert_pinv),
    *inverse_checks("left", "column", ("tall", "tall", "square"), ("tall", "wide", "square")),
    *inverse_checks("right", "row", ("wide", "wide", "square"), ("wide", "tall", "square")),
    # least_squares
    part("least_squares", "course_matrices", inputs.course_linear_model,
         judges.assert_least_squares, arguments=("X", "y"), cases=3,
         description="X = A1, A2, A3"),
    part("least_squares", "overdetermined", inputs.linear_model(("tall", "tall"), columns=(None, 2)),
         judges.assert_least_squares, arguments=("X", "y")),
    part("least_squares", "underdetermined", inputs.linear_model(("wide",)),
         judges.assert_least_squares, arguments=("X", "y")),
    part("least_squares", "rank_deficient",
         inputs.linear_model(("tall", "square"), ranks=("deficient", "one"), columns=(None, 3)),
         judges.assert_least_squares, arguments=("X", "y")),
    part("least_squares", "zero_matrix", inputs.zero_linear_model, judges.assert_least_squares,
         arguments=("X", "y")),
)

CELLS = tuple(dict.fromkeys(check.cell for check in CHECKS))  # in notebook order
