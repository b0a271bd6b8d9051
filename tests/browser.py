"""Real JupyterLab in headless Chromium for the browser tests.

``jupyter_lab(root)`` starts ``jupyter lab`` of this venv on 127.0.0.1 on a free port
(token, isolated config/settings/runtime folders, the app exposed as
``window.jupyterapp``), waits for it with a bounded wait and stops it at the end: a
graceful ``/api/shutdown``, then SIGKILL for anything of its process tree still alive.
``chromium()`` drives Debian's ``chromium`` through Debian's ``chromedriver``; Selenium
Manager is offline and never consulted (driver and browser paths are given).
``stopped_tree`` returns the processes of a tree still alive after it was stopped. After
the end, ``lab.tree``/``driver.tree`` hold the processes seen at shutdown and
``lab.killed``/``driver.killed`` those that had to be killed (none, when all is well).
"""
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psutil

from grading.scale import procs

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(os.environ.get("DDASP_BROWSER_ARTIFACTS",
                                Path(__file__).parent / "artifacts" / "browser"))
START_TIMEOUT = 90     # s for jupyter lab to answer /api/status
STOP_TIMEOUT = 20      # s for a graceful shutdown before SIGKILL

# User settings of the test JupyterLab: no news fetching, no update checks.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def descendants(pid):
    """Pids of every process below ``pid`` (kernels, chromium helpers)."""
    return set(procs.descendants(pid))


def alive(pids):
    """The pids of ``pids`` that still exist and are not zombies."""
    left = set()
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                left.add(pid)
        except psutil.NoSuchProcess:
            pass
    return left


def stopped_tree(pids, timeout=STOP_TIMEOUT):
    """Wait up to ``timeout`` s for ``pids`` to end, SIGKILL the rest; return those that had to be killed."""
    deadline = time.monotonic() + timeout
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = alive(pids)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left


class Lab:
    """A running JupyterLab: ``url(path)``, ``api(path)``, ``log()``; see module docstring."""

    def __init__(self, root, port, token, process, log_path):
        self.root, self.port, self.token = Path(root), port, token
        self.process, self.log_path = process, log_path
        self.killed = set()   # processes that did not end by themselves at shutdown
        self.tree = set()     # the server and every process below it (kernels) at shutdown

    def url(self, path=""):
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def api(self, path, method="GET", body=None, timeout=10):
        request = urllib.request.Request(
            self.url(path), method=method, data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
        return json.loads(text) if text.strip() else None

    def log(self):
        return Path(self.log_path).read_text(errors="replace")


def _lab_env(home):
    env = {**os.environ}
    for name, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                      ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                      ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython")]:
        env[name] = str(home / sub)
        (home / sub).mkdir(parents=True, exist_ok=True)
    for name, value in LAB_SETTINGS.items():
        path = home / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    env.pop("JUPYTER_PATH", None)
    return env


@contextmanager
def jupyter_lab(root, home, env=None):
    """Run ``jupyter lab`` with ``root`` as its root folder; yields a ``Lab``.

    ``home``: a folder for the server's config, settings, runtime files and log.
    """
    home = Path(home)
    port, token = free_port(), secrets.token_hex(16)
    full_env = {**_lab_env(home), **(env or {})}
    log_path = home / "jupyter-lab.log"
    argv = [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser",
            "--allow-root", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
            f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={token}",
            "--LabApp.expose_app_in_browser=True", "--ServerApp.open_browser=False"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(argv, cwd=root, env=full_env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    lab = Lab(root, port, token, process, log_path)
    try:
        _wait_until_up(lab)
        yield lab
    finally:
        tree = lab.tree = descendants(process.pid) | {process.pid}
        try:
            lab.api("api/shutdown", method="POST", timeout=5)
        except OSError:
            process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            pass
        lab.killed = stopped_tree(tree, timeout=5)
        process.wait(timeout=10)


def _wait_until_up(lab):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited ({lab.process.returncode}):\n{lab.log()[-4000:]}")
        try:
            lab.api("api/status", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"jupyter lab did not answer within {START_TIMEOUT} s:\n{lab.log()[-4000:]}")


@contextmanager
def chromium(home, width=1400, height=1000):
    """A headless Chromium driven by Selenium through Debian's chromedriver; yields the driver.

    ``home``: folder for the browser profile and Selenium's cache (which must stay empty:
    Selenium Manager downloads nothing).
    """
    Path(home).mkdir(parents=True, exist_ok=True)
    os.environ["SE_OFFLINE"] = "true"          # read by Selenium Manager, should it ever run
    os.environ["SE_CACHE_PATH"] = str(Path(home) / "selenium-cache")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}", f"--user-data-dir={Path(home) / 'profile'}",
                     "--no-first-run", "--disable-extensions", "--disable-background-networking"]:
        options.add_argument(argument)
    service = Service(executable_path=CHROMEDRIVER, log_output=str(Path(home) / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(120)
    driver_pid = service.process.pid
    try:
        yield driver
    finally:
        tree = driver.tree = descendants(driver_pid) | {driver_pid}
        try:
            driver.quit()
        finally:
            driver.killed = stopped_tree(tree, timeout=10)


def wait_for(predicate, timeout, what, interval=0.25):
    """Poll ``predicate()`` until it is truthy (returned) or raise after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
        except Exception as error:  # noqa: BLE001 - the page may still be loading
            last = error
        if last and not isinstance(last, Exception):
            return last
        time.sleep(interval)
    raise TimeoutError(f"waited {timeout} s for {what}; last: {last!r}")


def artifact_dir(name):
    """A folder for screenshots of one test, printed so a developer finds it."""
    folder = ARTIFACTS / name
    folder.mkdir(parents=True, exist_ok=True)
    print(f"browser artefacts: {folder}")
    return folder
