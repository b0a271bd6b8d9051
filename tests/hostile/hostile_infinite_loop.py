"""The pinv_via_svd cell never finishes (an endless loop before its def); the per-cell timeout ends it."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ("test_pinv_via_svd", "test_least_squares")
EXPECTED_FLAGS = ("missing-function",)
OWN_BROKEN_CELLS = ("test_pinv_via_svd",)  # least_squares is checked with a correct pinv_via_svd

CELL_solution_pinv_via_svd = '''
while True:
    pass
'''
