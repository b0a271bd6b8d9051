"""The instructor's solution, unchanged: every solution cell keeps its reference body."""
EXPECTED_FAILING_CELLS = ()
