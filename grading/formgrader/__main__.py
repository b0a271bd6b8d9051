"""``python -m grading.formgrader install``: enable the offline-MathJax formgrader extension."""
import sys

from . import install

if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        sys.exit("usage: python -m grading.formgrader install")
    print(f"enabled {install()}")
