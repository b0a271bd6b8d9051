"""Feedback that shows verdicts but neither hidden test code nor reference values."""
from nbgrader.preprocessors import NbGraderPreprocessor

from ..cell_metadata import is_autograded_test
from ..hidden_tests import visible_part

NOTICE = "# (hidden tests are not shown)\n"


class RedactHiddenTests(NbGraderPreprocessor):
    """Remove hidden-test regions from test cells and code context from their tracebacks.

    nbgrader shows hidden tests in feedback by default, and a traceback of a test that ran
    in the kernel quotes the failing hidden line. Verdict messages (ename and evalue) stay.
    The region is cut as nbgrader's release cuts it (`hidden_tests.visible_part`); `NOTICE`
    ends the cell in its place (the course's test cells end with their hidden block).
    """

    def preprocess_cell(self, cell, resources, index):
        if not is_autograded_test(cell):
            return cell, resources
        visible = visible_part(cell.source)
        if visible != cell.source:
            cell.source = (visible + "\n" if visible else "") + NOTICE
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources


class FeedbackFilesOnly(NbGraderPreprocessor):
    """Leave in ``feedback/<student>/<assignment>/`` only what feedback is made of.

    nbgrader 0.9.6's generate_feedback first copies every other file of
    ``autograded/<student>/<assignment>/`` (the student's extra files, the data files from
    ``source/``) into the feedback folder, and ``release_feedback`` ships every ``*.html``
    there. Run as a feedback preprocessor (after that copy, before the HTML is written), this
    removes everything except the HTML of the assignment's notebooks and the two text files
    ``release_feedback`` reads (``timestamp.txt``, ``submission_secret.txt``). It raises
    when it cannot tell the folder, so that nbgrader drops that student's feedback rather
    than ship it unchecked.
    """

    keep = ("timestamp.txt", "submission_secret.txt")

    def preprocess(self, nb, resources):
        import os
        import shutil
        import stat

        converter = self._converter()
        info = resources["nbgrader"]
        folder = converter._format_dest(info["assignment"], info["student"])
        pages = {os.path.splitext(os.path.basename(path))[0] + ".html" for path in converter.notebooks}
        for entry in os.scandir(folder):
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISREG(mode) and (entry.name in self.keep or entry.name in pages):
                continue
            self.log.info("Not part of the feedback, removed: %s", entry.path)
            if stat.S_ISDIR(mode):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        return nb, resources

    def _converter(self):
        parent = self.parent
        while parent is not None and not (hasattr(parent, "_format_dest")
                                          and hasattr(parent, "notebooks")):
            parent = getattr(parent, "parent", None)
        if parent is None:
            raise RuntimeError("FeedbackFilesOnly runs only inside nbgrader generate_feedback")
        return parent
