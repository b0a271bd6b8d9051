"""The formgrader without the internet: MathJax from Debian's ``libjs-mathjax``.

nbgrader 0.9.6's grading page loads MathJax 2.7.7 from cdnjs.cloudflare.com, and its own
script (``formgrade.js``) stops with "MathJax is not defined" when that fails: the page
then shows no scores and takes no manual grades. A grading machine without the internet,
or one that should not load third-party script into the Jupyter server's origin, needs
MathJax served locally. This Jupyter server extension

- serves ``/usr/share/javascript/mathjax`` (Debian's MathJax 2.7) at
  ``<base_url>/formgrader-mathjax/``;
- renders the grading page with ``templates/formgrade_offline.html.j2`` (nbgrader's
  formgrade template whose head loads that MathJax instead of the CDN's).

Enabled in the venv by ``python -m grading.formgrader install`` (part of ``make venv``).
"""
import json
import sys
from pathlib import Path

MATHJAX_DIR = Path("/usr/share/javascript/mathjax")
TEMPLATE = Path(__file__).parent / "templates" / "formgrade_offline.html.j2"
EXTENSION = "grading.formgrader"


def _jupyter_server_extension_points():
    return [{"module": EXTENSION}]


def _load_jupyter_server_extension(serverapp):
    from jupyter_server.utils import url_path_join
    from tornado import web
    from tornado.ioloop import IOLoop

    webapp = serverapp.web_app
    if not (MATHJAX_DIR / "MathJax.js").exists():
        serverapp.log.warning("formgrader: %s missing (Debian package libjs-mathjax); "
                              "the grading page needs MathJax from the internet", MATHJAX_DIR)
        return
    pattern = url_path_join(webapp.settings["base_url"], "formgrader-mathjax/(.*)")
    webapp.add_handlers(".*$", [(pattern, web.StaticFileHandler, {"path": str(MATHJAX_DIR)})])
    # nbgrader's formgrader extension creates its exporter when it loads; set the template
    # once every extension is loaded, before the first request.
    IOLoop.current().add_callback(_use_local_mathjax, webapp, serverapp.log)


def _use_local_mathjax(webapp, log):
    from nbconvert.exporters import HTMLExporter

    exporter = webapp.settings.get("nbgrader_exporter")
    if exporter is None:
        log.warning("formgrader: nbgrader's formgrader is not loaded; nothing to change")
        return
    # a new exporter with the formgrader's configuration: a built one keeps its template
    webapp.settings["nbgrader_exporter"] = HTMLExporter(config=exporter.config,
                                                        template_file=str(TEMPLATE))


def config_path(prefix=sys.prefix):
    return Path(prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "ddasp-formgrader.json"


def install(prefix=sys.prefix):
    """Enable the extension for every Jupyter server of the environment at ``prefix``."""
    path = config_path(prefix)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"ServerApp": {"jpserver_extensions": {EXTENSION: True}}}, indent=2))
    return path
