"""The bubblewrap command line of one sandboxed kernel (a pure function of its inputs).

What the kernel sees:

- read-only: the system (``/usr`` and the top-level links or folders into it, a few
  files of ``/etc``), the Python environment (``sys.prefix`` and ``sys.base_prefix``),
  the submission folder at ``/run/ddasp/submission``, the connection file, the grader's
  student-side server at ``/run/ddasp/server/student_side.py``;
- read-write: ``/scratch`` (home and working copy of the submission, where the kernel
  runs) and ``/tmp``, both size-limited memory file systems that vanish with the
  sandbox; the kernel's socket folder; the grader's exchange folder, at its own path;
- nothing else: no course folder, no gradebook, no other student, no network (own
  network namespace with only loopback), own pid, ipc and uts namespaces.

bwrap runs as root so that it needs no user namespace; inside, the submission is copied
to ``/scratch/work`` and ``setpriv`` drops to the slot's uid (no capabilities, no new
privileges, no supplementary groups) before the kernel starts.
"""
import os
from dataclasses import dataclass

INSIDE = "/run/ddasp"
SUBMISSION = f"{INSIDE}/submission"
CONNECTION = f"{INSIDE}/connection.json"
SERVER = f"{INSIDE}/server/student_side.py"  # = kernel_transport.SANDBOX_SERVER
SCRATCH = "/scratch"
HOME = f"{SCRATCH}/home"
WORK = f"{SCRATCH}/work"
STARTUP = f"{HOME}/.ipython/profile_default/startup"

SYSTEM_TOP = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
SYSTEM_ETC = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives",
              "/etc/localtime", "/etc/nsswitch.conf", "/etc/hosts", "/etc/protocols",
              "/etc/services", "/etc/mime.types", "/etc/fonts")
# Capabilities the set-up step inside needs (copy the submission as root, hand it to the
# sandbox uid, drop to it); bwrap drops every other one.
SETUP_CAPS = ("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
              "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP")
PASSED_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "DDASP_SANDBOX_EXCHANGE", "LANG")


@dataclass(frozen=True)
class Layout:
    """Host paths bound into one sandbox."""
    uid: int
    python: str               # interpreter of the kernel (inside == outside path)
    prefixes: tuple           # Python environment folders, bound read-only
    submission: str           # host folder of the submission (the kernel's cwd)
    connection: str           # host copy of the connection file (readable by uid)
    passwd: str               # host files for /etc/passwd and /etc/group
    group: str
    sockets: str              # host folder for the kernel's ipc sockets ...
    sockets_inside: str       # ... bound where the connection file's ip points
    exchange: str = None      # grader's exchange folder, bound read-write at its path
    server: str = None        # host file of the student-side server, bound read-only


def _system_binds():
    args = ["--ro-bind", "/usr", "/usr"]
    for path in SYSTEM_TOP:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    return args


def _setup_script(uid):
    """Shell run as root inside: copy the submission, hand it over, drop privileges."""
    return (f"cp -R {SUBMISSION}/. {WORK}/ || "
            f"{{ echo 'ddasp sandbox: the submission does not fit into {SCRATCH}' >&2; exit 70; }}; "
            f"mkdir -p {STARTUP} && "
            f"echo '__import__(\"sys\").path.insert(0, \"\")' > {STARTUP}/00-working-folder.py && "
            f"chown -R -h {uid}:{uid} {SCRATCH} && cd {WORK} && "
            f"exec setpriv --reuid={uid} --regid={uid} --clear-groups --no-new-privs "
            "--inh-caps=-all --bounding-set=-all -- \"$@\"")


def environment(environ, python):
    """The kernel's whole environment (nothing else of the grader's passes)."""
    env = {"PATH": f"{os.path.dirname(python)}:/usr/local/bin:/usr/bin:/bin", "HOME": HOME, "USER": "student",
           "LOGNAME": "student", "TMPDIR": "/tmp", "LANG": "C.UTF-8", "SHELL": "/bin/sh",
           "MPLBACKEND": "Agg", "MPLCONFIGDIR": f"{HOME}/.config/matplotlib",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "NUMEXPR_NUM_THREADS": "1", "VECLIB_MAXIMUM_THREADS": "1",
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
           "PYDEVD_DISABLE_FILE_VALIDATION": "1", "JUPYTER_PLATFORM_DIRS": "1",
           # the kernel's parent is the sandbox's init (pid 1): no parent polling, and no
           # "ipython kernel" banner on the grader's log
           "JPY_PARENT_PID": "1"}
    env.update({name: environ[name] for name in PASSED_ENV if name in environ})
    return env


def kernel_program(python):
    """The kernel inside. ``-P``: no file of the submission can stand in for the kernel's
    own modules while it starts and binds its sockets; once it runs, an IPython startup
    file (`_setup_script`) puts the working folder first on ``sys.path``, as in
    nbgrader's python3 kernel, so a helper module beside the notebook imports."""
    return [python, "-P", "-m", "ipykernel_launcher", "-f", CONNECTION]


def _binds(binds, existing):
    """bwrap arguments for ``(option, source, dest)`` binds.

    bwrap would create missing parent folders of ``dest`` with mode 0700 (unreadable for
    the sandbox uid, e.g. /etc or /root of a Python under /root/.pyenv): create them 0755.
    """
    args = []
    for option, source, dest in binds:
        parents = []
        parent = os.path.dirname(dest)
        while parent not in existing and parent != "/":
            parents.append(parent)
            parent = os.path.dirname(parent)
        for folder in reversed(parents):
            args += ["--perms", "0755", "--dir", folder]
            existing.add(folder)
        args += [option, source, dest]
        existing.add(dest)
    return args


def bwrap_argv(layout, limits, program):
    """``bwrap <namespaces> <binds> -- sh -c <setup> sh <program...>``."""
    size = str(limits.scratch_mb * 2**20)
    argv = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session",
            "--hostname", "ddasp-sandbox", "--cap-drop", "ALL"]
    for cap in SETUP_CAPS:
        argv += ["--cap-add", cap]
    argv += _system_binds()
    argv += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", size, "--tmpfs", "/tmp",
             "--perms", "0755", "--size", size, "--tmpfs", SCRATCH,
             "--dir", HOME, "--dir", WORK]
    binds = [("--ro-bind-try", path, path) for path in SYSTEM_ETC]
    binds += [("--ro-bind", prefix, prefix) for prefix in dict.fromkeys(layout.prefixes)]
    binds += [("--ro-bind", layout.passwd, "/etc/passwd"),
              ("--ro-bind", layout.group, "/etc/group"),
              ("--ro-bind", layout.submission, SUBMISSION),
              ("--ro-bind", layout.connection, CONNECTION),
              ("--bind", layout.sockets, layout.sockets_inside)]
    if layout.server:
        binds.append(("--ro-bind", layout.server, SERVER))
    if layout.exchange:
        binds.append(("--bind", layout.exchange, layout.exchange))
    argv += _binds(binds, {"/usr", "/proc", "/dev", "/tmp", SCRATCH, *SYSTEM_TOP})
    argv += ["--chdir", "/", "--", "/bin/sh", "-c", _setup_script(layout.uid), "sh", *program]
    return argv
