"""nbgrader configuration of the course "Data Driven Audio Signal Processing".

Every choice here is deliberate; the comment above each says why.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from grading.paths import COURSE_ID  # noqa: E402

c = get_config()  # noqa: F821 (provided by nbgrader)

# ---------------------------------------------------------------- course directory
c.CourseDirectory.root = HERE
c.CourseDirectory.course_id = COURSE_ID
# The embedded default gradebook is SQLite next to this file. A shared PostgreSQL
# gradebook (several grading machines) is selected with DDASP_DB_URL.
c.CourseDirectory.db_url = os.environ.get(
    "DDASP_DB_URL", "sqlite:///" + os.path.join(HERE, "gradebook.db"))
# Local exchange folder for the demo and the tests; a real course points DDASP_EXCHANGE
# at its shared exchange (e.g. /srv/nbgrader/exchange).
c.Exchange.root = os.environ.get("DDASP_EXCHANGE", os.path.join(HERE, "exchange"))
# Data files beside the notebooks are released, but never the instructor's build products.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# ---------------------------------------------------------------- collect
# nbgrader's collect follows links in a student's inbound folder (as the grader) and takes
# the submission time from the student's timestamp.txt. The course's collect copies without
# following any link, drops links and special files with a problem line for the summary,
# and writes the time the submission was received (inode change times) to timestamp.txt.
c.ExchangeFactory.collect = "grading.nbgrader_integration.collect.SafeCollect"

# ---------------------------------------------------------------- release
# Students who delete a graded cell get it back: the hidden checks of that cell still run.
c.OverwriteCells.add_missing_cells = True
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# ---------------------------------------------------------------- zip_collect
# `nbgrader zip_collect` would unpack platform downloads with setuptools (no size bound,
# archive mode bits applied, upload times lost); the course's bounded reader replaces
# that step. The course's own path is `ddasp collect-zip` (README, LMS course).
c.ZipCollectApp.extractor_plugin = "grading.lms.nbgrader_extractor.SafeExtractor"

# ---------------------------------------------------------------- autograde
# Per-cell wall-clock limit (s): grading/time_limits.py says why it is CELL_SECONDS, and
# how it nests with the limits per call, per notebook (the sandbox) and per student.
from grading.time_limits import CELL_SECONDS  # noqa: E402

c.Execute.timeout = int(os.environ.get("DDASP_CELL_TIMEOUT", CELL_SECONDS))
c.Execute.interrupt_on_timeout = True
# Output limits keep a student's 10 million printed lines out of the feedback.
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# Verdicts of autograded cells are computed by TrustedExecute outside the student's
# kernel, and that kernel runs in the bubblewrap sandbox. The outputs of autograded cells
# are written from those verdicts: they never contain stderr from student code (nbgrader
# would zero a cell that writes to stderr), hidden test source or reference values.
# Opting out of the sandbox needs DDASP_UNSANDBOXED=1 and prints a loud warning; the
# verdicts then come from the test cells run inside the student's kernel.
from grading.nbgrader_integration import TrustedExecute  # noqa: E402
from grading.nbgrader_integration.duplicate_cells import SanitizeDuplicates  # noqa: E402
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata,  # noqa: E402
                                    ClearOutput, DeduplicateIds, Execute, IgnorePattern,
                                    LimitOutput, OverwriteCells, OverwriteKernelspec,
                                    SaveAutoGrades)

from grading.sandbox.optout import sandbox_disabled, warn_unsandboxed  # noqa: E402

if sandbox_disabled():
    warn_unsandboxed()
    executor = Execute
else:
    executor = TrustedExecute

# Error carried forward (grading/carry.py, README "Error carried forward"): each part is
# judged with reference answers for the contract functions it builds on, as a human grader
# marks it, so a bug costs its own part once. False: today's cascade, where a bug costs
# every part built on it (e.g. to compare with earlier terms' grades).
c.TrustedExecute.carry_forward = True

# Duplicated grade ids (a graded cell copied by the student) stop nbgrader's whole batch;
# SanitizeDuplicates drops the copies' metadata first so the original cell is graded.
c.Autograde.sanitize_preprocessors = [
    ClearOutput, SanitizeDuplicates, DeduplicateIds, OverwriteKernelspec, OverwriteCells,
    CheckCellMetadata]
# Student HTML and JavaScript outputs, markdown and raw cells are made inert by
# SanitizeStudentHTML (nbconvert's bleach-based SanitizeHTML, LaTeX-safe for markdown, and
# markdown links to non-web addresses such as javascript: removed) once the grades are saved
# (SaveAutoGrades compares cell checksums): a student's <script>, onerror handler or
# javascript: link would otherwise run in the instructor's formgrader, on the Jupyter
# server's origin, and in the feedback. nbgrader's formgrade and feedback templates render
# markdown cells as they are, so this step is what protects them.
from grading.nbgrader_integration.sanitize import SanitizeStudentHTML  # noqa: E402

c.Autograde.autograde_preprocessors = [
    executor, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
    SanitizeStudentHTML, AssignLatePenalties, CheckCellMetadata]
# Keep our per-notebook flags (forbidden calls, boundary failures) through metadata clearing.
c.ClearMetadataPreprocessor.preserve_nb_metadata_mask = [
    ("language_info", "name"), ("kernelspec",), ("ddasp",)]

# ---------------------------------------------------------------- feedback
# Feedback shows the student's notebook with the verdict messages, but neither the hidden
# test code (nbgrader shows it by default) nor any reference value.
# Feedback is the HTML of the graded notebooks and nothing else: FeedbackFilesOnly removes
# the other files generate_feedback copies from autograded/ (release_feedback would ship any
# *.html among them). SanitizeStudentHTML runs again on the notebooks feedback is made from;
# sanitize_html makes nbconvert's exporter clean outputs and leave JavaScript out.
from grading.nbgrader_integration.feedback import (FeedbackFilesOnly,  # noqa: E402
                                                   RedactHiddenTests)
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

c.GenerateFeedback.preprocessors = [FeedbackFilesOnly, GetGrades, RedactHiddenTests,
                                    SanitizeStudentHTML, CSSHTMLHeaderPreprocessor]
c.HTMLExporter.sanitize_html = True
