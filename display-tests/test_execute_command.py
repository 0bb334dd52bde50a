"""`backprop-kernel execute` against nbclient: the same notebook (displays.ipynb) run both ways
must give the same outputs, apart from the elapsed times in training displays; the file it writes
must be valid nbformat 4.5 and byte for byte what nbformat.write makes of it."""

import json
import re
import subprocess

import nbformat
import pytest
from nbclient import NotebookClient

# "0.2 s", "1 min 05 s" elapsed or left: the only figures that differ between two runs.
TIMES = re.compile(r"\d+(\.\d+)? s\b|\d+ min \d+ s|\d+ h \d+ min")


def comparable(output):
    """An output as JSON text with its times blanked."""
    return TIMES.sub("T", json.dumps(output, sort_keys=True, ensure_ascii=False))


@pytest.fixture(scope="module")
def by_execute(notebook_path, kernel_binary, build_dir, tmp_path_factory):
    """The notebook run by `backprop-kernel execute --output`, and what the command printed."""
    out = build_dir / "displays-execute.ipynb"
    done = subprocess.run([str(kernel_binary), "execute", str(notebook_path), "--output", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out, done


@pytest.fixture(scope="module")
def by_nbclient(notebook_path, kernel_name):
    """The notebook run by nbclient through the installed kernelspec (as Jupyter would)."""
    nb = nbformat.read(notebook_path, as_version=4)
    NotebookClient(nb, kernel_name=kernel_name, timeout=120).execute()
    return nb


def test_execute_says_what_it_did(by_execute, notebook_path):
    out, done = by_execute
    nb = nbformat.read(notebook_path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert done.stdout == f"ran {len(code)} code cells of {notebook_path}; wrote {out}\n"
    assert done.stderr == ""


def test_execute_writes_valid_nbformat_45_as_nbformat_writes_it(by_execute):
    out, _ = by_execute
    text = out.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    # What nbformat itself writes for the same notebook, to the byte.
    assert nbformat.writes(nb) + "\n" == text
    assert nb.metadata.language_info.name == "backprop"
    assert nb.metadata.kernelspec.name == "backprop"


def test_execute_and_nbclient_store_the_same_outputs(by_execute, by_nbclient):
    mine = nbformat.read(by_execute[0], as_version=4)
    assert [c.id for c in mine.cells] == [c.id for c in by_nbclient.cells]
    compared = 0
    for a, b in zip(mine.cells, by_nbclient.cells):
        assert a.cell_type == b.cell_type
        if a.cell_type != "code":
            continue
        assert a.execution_count == b.execution_count, f"cell {a.id}"
        assert [comparable(o) for o in a.outputs] == [comparable(o) for o in b.outputs], f"cell {a.id}"
        compared += len(a.outputs)
    assert compared >= 25
    assert mine.metadata.language_info == by_nbclient.metadata.language_info
