"""Is an uploaded ``.ipynb`` really a notebook? Read only, never run or rendered."""
import json
from pathlib import Path


def _export_kind(head):
    """What a file that does not start like JSON is, by its first bytes."""
    if head.startswith(b"%PDF"):
        return "is a PDF file (an export of the notebook), not the notebook itself"
    if b"<html" in head[:1024].lower() or head[:15].lower().startswith(b"<!doctype html"):
        return "is an HTML page (an export of the notebook), not the notebook itself"
    if head.startswith(b"PK\x03\x04"):
        return "is a zip archive renamed to .ipynb"
    return None


def notebook_problem(path):
    """None for a notebook file; otherwise one sentence saying what the file really is."""
    data = Path(path).read_bytes()
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        kind = _export_kind(head)
        if kind:
            return kind
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        return f"is not valid JSON ({error}): a broken or truncated notebook file"
    except RecursionError:
        return "is JSON nested too deeply to be a notebook"
    if not isinstance(raw, dict) or not isinstance(raw.get("cells", raw.get("worksheets")), list):
        return "is JSON but not a notebook (no list of cells)"
    return None
