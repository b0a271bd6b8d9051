"""Its task cell outputs HTML with a <script> and an onerror handler, JavaScript, and
markdown carrying HTML: in the autograded notebook, the formgrader and the feedback they
must be inert (tests/test_collect_pipeline.py checks that)."""
ASSIGNMENT = "matrix_fundamentals"

EXPECTED_FAILING_CELLS = ()

CELL_task_course_matrices = '''
from IPython.display import HTML, Javascript, Markdown, display

display(HTML('<b>my results</b><script>document.title = "DDASP-XSS-1"</script>'
             '<img src="x" onerror="document.title = \\'DDASP-XSS-2\\'">'))
display(Javascript('document.title = "DDASP-XSS-3"'))
display(Markdown('<img src="y" onerror="document.title = \\'DDASP-XSS-4\\'">'))
print('<script>document.title = "DDASP-XSS-5"</script>')
'''
