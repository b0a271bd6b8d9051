"""Honest, but its last cell kills its parent process (the grader, without a sandbox) and the sandbox's init."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ()

CELL_task_course_matrices = '''
import os
import signal

for _pid in (os.getppid(), 1):
    try:
        os.kill(_pid, signal.SIGKILL)
        print("killed", _pid)
    except OSError as _error:
        print("could not kill", _pid, _error)
'''
