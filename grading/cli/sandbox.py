"""``ddasp sandbox install|check``: the bubblewrap kernel used by autograde."""


def _install(args):
    from ..sandbox import kernelspec, preflight
    path = kernelspec.install()
    print(f"installed kernelspec {path}")
    try:
        preflight.require_sandbox()
    except preflight.SandboxUnavailable as error:
        print(f"warning: the sandbox does not work on this machine yet: {error}")
    return 0


def _check(args):
    from ..sandbox import preflight
    try:
        preflight.require_sandbox()
    except preflight.SandboxUnavailable as error:
        print(f"sandbox unavailable: {error}")
        return 1
    print("sandbox OK")
    return 0


def register(subparsers):
    parser = subparsers.add_parser("sandbox", help="install or check the grading sandbox",
                                   description=__doc__)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("install", help="install the ddasp-sandbox kernelspec into this "
                       "environment").set_defaults(handler=_install)
    actions.add_parser("check", help="start a trial sandbox and report whether it "
                       "works").set_defaults(handler=_check)
