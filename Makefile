# Backprop: build, test and demo commands.
#
#   make demo    build in release mode, run the walk-through examples/lecture.backprop, and run
#                every lecture notebook with `backprop-kernel execute` into build/notebooks/
#                (.ipynb and self-contained .html)
#   make lab     the lecture notebooks in JupyterLab (pinned, in .venv/) with the kernel, on 127.0.0.1
#   make test    install missing Debian packages, build once (debug, with tests), run every test
#   make bench   compare `backprop-kernel run` with CPython, the library with NumPy, and the kernel
#                with ipykernel and xeus-python (not part of `make test`)

# The Swift toolchain: `swift` on PATH, else the one in /opt/swift.
SWIFT ?= swift
ifeq ($(SWIFT),swift)
ifeq ($(shell command -v swift 2>/dev/null),)
ifneq ($(wildcard /opt/swift/usr/bin/swift),)
SWIFT := /opt/swift/usr/bin/swift
endif
endif
endif

PYTHON3 ?= python3

# Debian packages the build needs (libzmq and libcrypto for the kernel, OpenBLAS for the math);
# `make test` adds the browser the display tests drive (Chromium and its WebDriver).
# python3-venv is added when python3 cannot create virtual environments without it.
DEB_PACKAGES := libzmq3-dev libssl-dev libopenblas-dev pkg-config
test: DEB_PACKAGES += chromium chromium-driver

KERNEL_DEBUG   := .build/debug/backprop-kernel
KERNEL_RELEASE := .build/release/backprop-kernel

.PHONY: all deps build release test demo lab bench clean

# Stages run one after another, in the order the prerequisites are listed.
.NOTPARALLEL:

all: build

deps:
	@pkgs="$(DEB_PACKAGES)"; \
	if ! $(PYTHON3) -c 'import venv, ensurepip' >/dev/null 2>&1; then pkgs="$$pkgs python3-venv"; fi; \
	if ! command -v dpkg >/dev/null 2>&1; then \
	    echo "make deps: dpkg not found; make sure these (or their equivalents) are installed: $$pkgs" >&2; \
	    exit 0; \
	fi; \
	missing=""; \
	for p in $$pkgs; do \
	    dpkg -s "$$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then \
	    echo "make deps: installing missing Debian packages:$$missing"; \
	    apt-get update && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	else \
	    echo "make deps: missing Debian packages:$$missing" >&2; \
	    echo "Install them with:" >&2; \
	    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends$$missing" >&2; \
	    exit 1; \
	fi

# The one debug build, tests included, that every test stage shares.
build:
	$(SWIFT) build --build-tests

# The Swift runtime is linked statically: start-up is then mostly OpenBLAS's own relocations.
release:
	$(SWIFT) build -c release --product backprop-kernel --static-swift-stdlib

# The CLI and kernel end-to-end tests start $(KERNEL_DEBUG); conformance/run then installs the
# pinned jupyter_kernel_test suite into .venv and runs it against the same binary, and
# display-tests/run executes the notebook of every display with nbclient, exports it with
# nbconvert and runs it in JupyterLab under headless Chromium (screenshots in build/).
test: deps build
	$(SWIFT) test --skip-build
	PYTHON3=$(PYTHON3) conformance/run $(KERNEL_DEBUG)
	PYTHON3=$(PYTHON3) display-tests/run $(KERNEL_DEBUG)

NOTEBOOKS := $(wildcard notebooks/*.ipynb)

demo: deps release
	$(KERNEL_RELEASE) run examples/lecture.backprop
	@mkdir -p build/notebooks
	@for notebook in $(NOTEBOOKS); do \
	    name=$$(basename "$$notebook" .ipynb); \
	    $(KERNEL_RELEASE) execute "$$notebook" --output "build/notebooks/$$name.ipynb" \
	        --html "build/notebooks/$$name.html" || exit 1; \
	done
	@echo
	@echo "The lecture notebooks, run, are in build/notebooks/: open the .html files in any browser,"
	@echo "or run 'make lab' to open the notebooks in JupyterLab with the Backprop kernel."

lab: release
	scripts/lab $(KERNEL_RELEASE)

bench: release
	$(PYTHON3) bench/interpreter
	$(PYTHON3) bench/training
	$(PYTHON3) bench/kernel

clean:
	rm -rf .build
