"""Code similarity across a class's submissions (``ddasp similarity``).

extract.py (read each student's code as text) -> normalize.py (canonical form) ->
fingerprint.py (copydetect k-gram fingerprints over canonical tokens) -> compare.py
(pairs) -> run.py (`analyse` a class) -> report.py (tables, HTML, histogram, flags).
threshold.py holds the calibrated threshold, calibrate.py the calibration, disguise.py
the disguised copies used for it. Nothing is imported here, so that ``ddasp`` starts
without loading copydetect (and with it matplotlib) unless the command needs it.
"""
