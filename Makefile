# Two entry points on a fresh machine:
#   make demo   - set everything up and run the whole course pipeline on a demo class
#   make test   - set everything up and run the test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv system-packages release benchmark clean

demo: venv
	$(BIN)/ddasp demo

test: venv
	$(BIN)/pytest

venv: system-packages $(STAMP)

# System packages: bubblewrap (the grading sandbox), util-linux (setpriv), PostgreSQL
# (scale-out gradebook test), chromium and chromium-driver (browser tests of JupyterLab and
# formgrader), libjs-mathjax (MathJax for the formgrader without the internet). Installed
# where we run as root; otherwise say what is missing.
system-packages:
	@missing=""; \
	command -v bwrap >/dev/null || missing="$$missing bubblewrap"; \
	command -v setpriv >/dev/null || missing="$$missing util-linux"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	test -f /usr/share/javascript/mathjax/MathJax.js || missing="$$missing libjs-mathjax"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -o DPkg::Lock::Timeout=600 -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing system packages:$$missing - run: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=/path/to/python3.11" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	# jsonschema's optional IRI format checker compiles 39 grammars on import, which is
	# about 1.5 s of CPU at the start of every nbgrader command; nothing here validates IRIs.
	$(BIN)/pip uninstall -q -y rfc3987-syntax lark
	$(BIN)/python -m grading sandbox install
	$(BIN)/python -m grading.formgrader install
	touch $(STAMP)

release: venv
	$(BIN)/ddasp release

benchmark: venv
	$(BIN)/python benchmarks/autograde_benchmark.py

clean:
	rm -rf $(VENV) gradebook.db exchange submitted autograded/* feedback demo
