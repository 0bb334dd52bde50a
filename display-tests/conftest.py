"""Shared fixtures of the display tests (display-tests/run runs them).

The notebook of every display, the kernel it runs on and where results go. display-tests/run
installs the kernelspec `backprop` into the venv for the binary it is given and exports that
binary's path as $BACKPROP_KERNEL; executed notebooks, exports and screenshots go to
build/display-tests/.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def notebook_path() -> Path:
    """display-tests/displays.ipynb, the committed notebook (no outputs) of every display."""
    return ROOT / "display-tests" / "displays.ipynb"


@pytest.fixture(scope="session")
def kernel_name() -> str:
    """The kernelspec the notebook names and display-tests/run installs."""
    return "backprop"


@pytest.fixture(scope="session")
def kernel_binary() -> Path:
    """The backprop-kernel under test ($BACKPROP_KERNEL, set by display-tests/run)."""
    binary = os.environ.get("BACKPROP_KERNEL")
    if not binary:
        pytest.skip("BACKPROP_KERNEL is not set: run the display tests with display-tests/run")
    return Path(binary)


@pytest.fixture(scope="session")
def build_dir() -> Path:
    """build/display-tests/, created if missing: executed notebooks, exports, screenshots."""
    path = ROOT / "build" / "display-tests"
    path.mkdir(parents=True, exist_ok=True)
    return path
