"""Student HTML and JavaScript made inert in autograded notebooks.

The formgrader renders an autograded notebook as HTML inside the instructor's
JupyterLab, on the same origin as the Jupyter server: a student's ``<script>`` or
``onerror=`` there would run with the instructor's session (open a terminal, rewrite the
gradebook). nbgrader renders outputs and markdown cells as they are, so the autograde
step sanitizes them before the notebook is written (and before feedback is made from it):

- code cell outputs: nbconvert's ``SanitizeHTML`` (bleach): ``text/html`` and
  ``text/markdown`` are cleaned to a small tag allowlist; ``application/javascript``,
  ``image/svg+xml`` and every other rich type are dropped (their ``text/plain`` stays);
  streams, errors, PNG/JPEG, LaTeX and JSON are shown as text or images anyway;
- markdown cells: cleaned by the same sanitizer when they contain any place where HTML
  markup could start (``contains_markup``). Cells without markup are left as written, because
  bleach would turn the ``&``, ``<`` and ``>`` of LaTeX into entities that the
  markdown renderer then shows literally;
- markdown links and images: markdown syntax makes links without any markup
  (``[see](javascript:...)``, a reference definition, an entity-encoded scheme), and
  nbgrader renders them as they are. Every markdown cell is rendered as the formgrader
  renders it (`links_and_images`); a cell with an address whose scheme is not
  `SAFE_SCHEMES` is replaced by its rendered HTML cleaned by bleach with that scheme
  allowlist (the link's text stays, the address goes), and flagged ``unsafe-link``;
- raw cells: always cleaned.

Run it after ``SaveAutoGrades``: a cleaned answer cell must not look changed to nbgrader's
checksum test (which decides whether a manually graded answer needs grading).
"""
import re
import string
from html.parser import HTMLParser

import bleach
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.preprocessors.sanitize import SanitizeHTML
from traitlets import Bool

from ..findings import record

# Address schemes a student's markdown may link to; images may also be embedded data.
SAFE_SCHEMES = ("http", "https", "mailto", "attachment")
SAFE_IMAGE_DATA = "data:image/"
# What the markdown renderer produces, for the cleaned HTML of a cell with an unsafe link.
MARKDOWN_TAGS = frozenset({"a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em",
                           "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol",
                           "p", "pre", "span", "strong", "sub", "sup", "table", "tbody", "td",
                           "th", "thead", "tr", "ul"})
MARKDOWN_ATTRIBUTES = {"a": ["href", "title"], "img": ["src", "alt", "title"],
                       "*": ["class", "id"]}
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def contains_markup(text):
    """True when ``text`` has a place where an HTML tokenizer would start markup.

    By the HTML standard a tag, end tag, comment, declaration or processing instruction
    can only begin with ``<`` directly followed by an ASCII letter, ``/``, ``!`` or ``?``
    (the "tag open" state); ``$M < N$`` or ``$i > r$`` cannot start any.
    """
    return any(text[index + 1] in _MARKUP_START for index in range(len(text) - 1)
               if text[index] == "<")


_MARKUP_START = frozenset(string.ascii_letters + "/!?")


def rendered_markdown(cell):
    """The HTML nbconvert's markdown renderer (the one nbgrader's templates use) makes of a
    markdown ``cell``, its attachments embedded; None if it cannot render it."""
    renderer = IPythonRenderer(escape=False, attachments=cell.get("attachments") or {})
    try:
        return MarkdownWithMath(renderer=renderer).render(cell.source)
    except Exception:   # noqa: BLE001 - a cell nbconvert cannot render is made inert instead
        return None


class _Addresses(HTMLParser):
    """Collects (tag, address) of every ``href`` and ``src`` (entities already decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, value or "") for name, value in attrs if name in ("href", "src")]


def unsafe_schemes(html):
    """Schemes of the addresses in ``html`` outside `SAFE_SCHEMES`, read as a browser reads
    an address: tabs and newlines removed, spaces and control characters around it
    stripped, the scheme case-insensitive. Relative addresses have no scheme."""
    parser = _Addresses()
    parser.feed(html)
    unsafe = []
    for tag, address in parser.found:
        address = re.sub(r"[\t\n\r]", "", address).strip("".join(map(chr, range(33))))
        match = _SCHEME.match(address)
        if not match or match.group(1).lower() in SAFE_SCHEMES:
            continue
        if tag == "img" and address.lower().startswith(SAFE_IMAGE_DATA):
            continue
        unsafe.append(match.group(1).lower())
    return unsafe


def inert_markdown(html):
    """``html`` with only the renderer's tags and addresses of `SAFE_SCHEMES` left."""
    return bleach.clean(html, tags=MARKDOWN_TAGS, attributes=MARKDOWN_ATTRIBUTES,
                        protocols=SAFE_SCHEMES, strip=True)


class SanitizeStudentHTML(SanitizeHTML):
    """nbconvert's SanitizeHTML for autograded notebooks (see module docstring).

    Enabled by default: nbconvert preprocessors are disabled unless told otherwise, and an
    exporter silently skips a disabled one.
    """

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb, resources):
        self._unsafe_links = []
        nb, resources = super().preprocess(nb, resources)
        if self._unsafe_links:
            record(nb, flags=["unsafe-link"], problems=self._unsafe_links)
        return nb, resources

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "markdown" and contains_markup(cell.source):
            cell, resources = super().preprocess_cell(cell, resources, cell_index)
        elif cell.cell_type != "markdown":
            return super().preprocess_cell(cell, resources, cell_index)
        html = rendered_markdown(cell)
        if html is None:
            cell.source = bleach.clean(cell.source, tags=(), strip=False)
            self._unsafe_links.append(f"markdown cell {cell_index + 1} cannot be rendered; "
                                      "shown as escaped text")
        elif unsafe_schemes(html):
            schemes = ", ".join(sorted(set(unsafe_schemes(html))))
            cell.source = inert_markdown(html)
            self._unsafe_links.append(f"markdown cell {cell_index + 1} links to {schemes}: "
                                      "addresses; shown without them")
        return cell, resources
