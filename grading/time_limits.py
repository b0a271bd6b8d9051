"""Every time limit of grading, in one place, with why it has its value (all in seconds).

The limits nest, each well above what the one inside it can use up:

    one hidden call      CALL_SECONDS         15   (PROBE_SECONDS after a call that timed out)
    one cell             CELL_SECONDS         60   nbgrader's Execute.timeout
    one notebook         NOTEBOOK_SECONDS    600   the sandbox's wall clock (sandboxed kernels)
    one student          STUDENT_SECONDS    1800   a worker of ``ddasp autograde``

Without code changes: ``DDASP_CELL_TIMEOUT`` (nbgrader_config.py),
``DDASP_SANDBOX_WALLCLOCK_SECONDS`` and ``DDASP_SANDBOX_CPU_SECONDS`` (sandbox ``Limits``),
``ddasp autograde --timeout``. Short waits that belong to one mechanism (a grading
worker's grace after "stop", the SQLite busy timeout, reaping a sandbox uid) stay beside it.
"""

# One call of a student's function by a hidden check, answered through the boundary. The
# hidden inputs are small and train runs a few epochs: an honest call takes < 1 s, so 15 s
# waits for a slow loop-based implementation and ends an endless loop long before the cell
# limit. The notebooks tell students this number (tests/test_nonlinear_regression_notebook.py).
CALL_SECONDS = 15

# After a call without an answer: is the kernel still responsive? A live kernel runs
# ``pass`` at once; 5 s tells a busy or dead kernel from a slow reply.
PROBE_SECONDS = 5

# Installing the grader's side of the boundary in a fresh kernel, which loads numpy
# there: a generous bound, as a machine grading a whole class may be slow to start it.
INSTALL_SECONDS = 30

# One cell (nbgrader's Execute.timeout; ``DDASP_CELL_TIMEOUT`` overrides it). The slowest
# honest cell (training the 2-2-2-1 network) takes a few seconds; 60 s leaves a slow student
# implementation room. The notebooks tell students this number.
CELL_SECONDS = 60

# One notebook in the sandbox: wall clock (enforced by the launcher, which kills
# everything) and CPU seconds of each process (RLIMIT_CPU: equal to the wall clock, one busy
# thread cannot use more, so this only ends processes that keep several threads busy).
# An honest notebook runs in seconds; 10 minutes bounds one student's worst case without
# ever cutting an honest one short.
NOTEBOOK_SECONDS = 600

# One student in ``ddasp autograde`` (intake, autograde and the gradebook writes); past it
# the worker and its kernels are killed and the student is reported as failed. 60 s per
# cell x about 30 cells: the bound for a kernel outside the sandbox, where no notebook
# limit applies; the sandbox stops a notebook much earlier.
STUDENT_SECONDS = 1800

# The sandbox preflight's trial: a fresh sandbox imports numpy, scipy, matplotlib and
# ipykernel once, as every sandboxed kernel does; past 30 s the sandbox is declared unusable.
SANDBOX_TRIAL_SECONDS = 30
