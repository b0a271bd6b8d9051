"""A notebook open in JupyterLab, driven through the page (Selenium).

The page is driven the way a student's clicks would drive it: JupyterLab's own commands
(``window.jupyterapp.commands``, the same commands the menus and toolbar call), the
toolbar's buttons, and the rendered DOM. Cells are run one at a time (each call waits
for its cell to finish), because JupyterLab's "Run All" stops at the first error.
"""
import re
import time
from pathlib import Path

from browser import wait_for

CURRENT = "window.jupyterapp.shell.currentWidget"


def open_notebook(driver, lab, path, timeout=90):
    """Open ``path`` (relative to the lab root) and wait until its kernel is idle; returns its kernel name."""
    driver.get(lab.url(f"lab/tree/{path}?token={lab.token}"))
    wait_for(lambda: driver.execute_script(
        f"const w = window.jupyterapp && {CURRENT}; return w && w.context && w.context.path === arguments[0]",
        str(path)), timeout, f"JupyterLab to open {path}")
    wait_for(lambda: driver.execute_script(
        f"return {CURRENT}.content.widgets.length === {CURRENT}.context.model.cells.length "
        f"&& {CURRENT}.content.widgets.length > 0"), timeout, "the notebook's cells")
    return wait_for(lambda: driver.execute_script(
        f"const s = {CURRENT}.sessionContext; "
        "return s.session && s.session.kernel && s.session.kernel.status === 'idle' && s.session.kernel.name"),
        timeout, f"the kernel of {path} to be idle")


def cell_count(driver):
    return driver.execute_script(f"return {CURRENT}.content.widgets.length")


def run_cell(driver, index, timeout=120):
    """Select cell ``index`` and run it (``notebook:run-cell``); returns when it has finished."""
    driver.set_script_timeout(timeout)
    result = driver.execute_async_script(f"""
        const done = arguments[arguments.length - 1];
        const app = window.jupyterapp, notebook = {CURRENT}.content;
        notebook.activeCellIndex = arguments[0];
        app.commands.execute('notebook:run-cell').then(ok => done({{ok: ok}}),
                                                       error => done({{error: String(error)}}));
    """, index)
    if "error" in result:
        raise RuntimeError(f"cell {index}: {result['error']}")
    return result["ok"]


def run_all_one_by_one(driver, timeout_per_cell=120):
    """Run every cell top to bottom, one at a time; returns the cells as nbformat-like dicts."""
    for index in range(cell_count(driver)):
        run_cell(driver, index, timeout_per_cell)
    return cells(driver)


def cells(driver):
    """The notebook model's cells as JSON (source, outputs, metadata, execution_count)."""
    return driver.execute_script(
        f"return {CURRENT}.content.widgets.map(cell => cell.model.toJSON())")


def errors(cells_json):
    """[(cell index, ename, evalue)] of every error output."""
    return [(index, output.get("ename"), output.get("evalue"))
            for index, cell in enumerate(cells_json) if cell["cell_type"] == "code"
            for output in cell.get("outputs", []) if output["output_type"] == "error"]


def _text(source):
    return "".join(source) if isinstance(source, list) else source


def expected_math(source):
    """(display, inline) counts of ``$$...$$`` and ``$...$`` in a markdown source."""
    text = re.sub(r"```.*?```|`[^`]*`", "", source, flags=re.S).replace(r"\$", "")
    display = len(re.findall(r"\$\$.+?\$\$", text, flags=re.S))
    text = re.sub(r"\$\$.+?\$\$", "", text, flags=re.S)
    inline = len(re.findall(r"\$[^$]+?\$", text, flags=re.S))
    return display, inline


def rendered_math(driver):
    """Per markdown cell: index, source, MathJax elements, display ones, errors, text left."""
    return driver.execute_script(f"""
        return {CURRENT}.content.widgets.map((cell, index) => {{
            if (cell.model.type !== 'markdown') return null;
            const node = cell.node.querySelector('.jp-RenderedMarkdown');
            if (!node) return {{index: index, rendered: false}};
            const clone = node.cloneNode(true);
            clone.querySelectorAll('mjx-container').forEach(element => element.remove());
            return {{index: index, rendered: true, source: cell.model.sharedModel.getSource(),
                     math: node.querySelectorAll('mjx-container').length,
                     display: node.querySelectorAll('mjx-container[display="true"]').length,
                     errors: node.querySelectorAll('mjx-merror, .MathJax_Error').length,
                     text: clone.textContent}};
        }}).filter(cell => cell !== null);
    """)


def math_problems(driver, timeout=60):
    """Waits for MathJax; returns a line per markdown cell whose math is not rendered as written."""
    def check():
        problems = []
        for cell in rendered_math(driver):
            if not cell["rendered"]:
                problems.append(f"cell {cell['index']}: markdown not rendered")
                continue
            display, inline = expected_math(cell["source"])
            if (cell["math"], cell["display"]) != (display + inline, display):
                problems.append(f"cell {cell['index']}: {cell['math']} equations rendered "
                                f"({cell['display']} displayed), source has {display + inline} "
                                f"({display} displayed)")
            if cell["errors"]:
                problems.append(f"cell {cell['index']}: {cell['errors']} MathJax errors")
            if "$" in cell["text"]:
                left = cell["text"][max(0, cell["text"].index("$") - 40):][:120]
                problems.append(f"cell {cell['index']}: raw TeX left: {left!r}")
        return problems
    try:
        wait_for(lambda: not check(), timeout, "MathJax to typeset every equation")
    except TimeoutError:
        pass
    return check()


def screenshots(driver, folder, stem):
    """Screenshots of the whole notebook, one per screen height scrolled; returns the paths."""
    folder = Path(folder)
    scroller = f"{CURRENT}.content.outerNode"
    height, total = driver.execute_script(
        f"const n = {scroller}; n.scrollTop = 0; return [n.clientHeight, n.scrollHeight]")
    paths, top, page = [], 0, 1
    while True:
        driver.execute_script(f"{scroller}.scrollTop = arguments[0]", top)
        time.sleep(0.3)
        path = folder / f"{stem}-{page:02d}.png"
        driver.save_screenshot(str(path))
        paths.append(path)
        total = driver.execute_script(f"return {scroller}.scrollHeight")
        top += max(height - 40, 100)
        page += 1
        if top >= total or page > 60:
            return paths


def click_toolbar(driver, name):
    """Click the notebook toolbar item ``data-jp-item-name=name``; returns its label.

    nbgrader's Validate button is the item ``runAll``.
    """
    item = driver.execute_script(
        f"return {CURRENT}.toolbar.node.querySelector(`[data-jp-item-name='${{arguments[0]}}'] jp-button`)",
        name)
    label = item.text
    item.click()
    return label


def dialog_text(driver, timeout=180):
    """The text of the next JupyterLab dialog, which is then closed."""
    from selenium.webdriver.common.by import By
    dialog = wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, ".jp-Dialog-content"), timeout,
                      "a dialog")[0]
    text = dialog.text
    for button in dialog.find_elements(By.CSS_SELECTOR, ".jp-Dialog-button"):
        button.click()
        break
    return text
