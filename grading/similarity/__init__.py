"""Code similarity across a class's submissions (``ddasp similarity``).

extract.py (read each student's code as text) -> normalize.py (canonical form) ->
fingerprint.py (copydetect winnowing over canonical tokens) -> compare.py (pairs) ->
run.py (a class) -> report.py (tables, HTML, histogram, flags). threshold.py holds the
calibrated threshold, calibrate.py the calibration, disguise.py the disguised copies
used for it.
"""
from .report import write as write_report
from .run import SimilarityResult, analyse
from .threshold import THRESHOLD

__all__ = ["analyse", "write_report", "SimilarityResult", "THRESHOLD"]
