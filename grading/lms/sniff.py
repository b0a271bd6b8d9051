"""Is an uploaded ``.ipynb`` really a notebook? Read only, never run or rendered."""
import json
from pathlib import Path


def notebook_problem(path):
    """None for a notebook file; otherwise one sentence saying what the file really is."""
    data = Path(path).read_bytes()
    head = data[:4096].lstrip()
    lowered = head.lower()
    if head.startswith(b"%PDF"):
        return "is a PDF file (an export of the notebook), not the notebook itself"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:1024]:
        return "is an HTML page (an export of the notebook), not the notebook itself"
    if head.startswith(b"PK\x03\x04"):
        return "is a zip archive renamed to .ipynb"
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        return f"is not valid JSON ({error}): a broken or truncated notebook file"
    except RecursionError:
        return "is JSON nested too deeply to be a notebook"
    if not isinstance(raw, dict) or not isinstance(raw.get("cells", raw.get("worksheets")), list):
        return "is JSON but not a notebook (no list of cells)"
    return None
