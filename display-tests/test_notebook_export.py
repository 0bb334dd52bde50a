"""The notebook of every display, run through the real kernel and exported (issue 5).

display-tests/displays.ipynb (committed without outputs) is executed with nbclient on the kernel
`backprop` that display-tests/run installed for $BACKPROP_KERNEL, saved executed to
build/display-tests/displays.ipynb, and converted with nbconvert to HTML (displays.html) and to
Markdown (displays.md, its SVG charts extracted to displays_files/).

The tests check values, not only that something ran: the numbers in the tables are the network's
weights and the gradients of the lecture's formulas recomputed here in Python; the full-precision
cell titles agree with the text/plain tables and with the numbers `print` writes; the explain
formulas end in the gradient's printed entry; every SVG parses, the heatmaps inside tables too;
a training run's progress display ends with the final loss of the History it returns; and both
exports carry the weight tables, the δ tables, the explain formulas, the heatmaps and the SVG
charts.

What nbconvert 7.17 does with a MIME bundle: both exporters show one representation per output,
the first of text/html, text/markdown, image/svg+xml, text/latex, text/plain that the bundle has
(their display_data_priority). So tables appear as their HTML (in Markdown too, as raw HTML
blocks), `explain` as its text/markdown (prose with $$…$$ LaTeX), and charts as SVG: in HTML an
<img> with a base64 data URI, in Markdown a file extracted by ExtractOutputPreprocessor and
referenced as ![svg](displays_files/…). The heatmap of a summarised table is not an output of
its own but an <img alt="… heatmap" src="data:image/svg+xml;base64,…"/> inside the table's HTML
(JupyterLab's sanitizer keeps such images in untrusted notebooks, where it strips inline SVG), so
both exports carry it inside the table's HTML, unchanged. The HTML exporter re-serialises the page
with BeautifulSoup, which lower-cases attribute names and sorts attributes inside HTML outputs, so
HTML outputs are compared there by their tables, images and structure, not byte for byte.

`train` shows its progress in a display_data with a transient display_id that it updates in place
(update_display_data); nbclient applies the updates to the stored output, so the executed notebook
holds the final state, the run's loss chart. The fixture also records the kernel's iopub messages
to check that protocol. Elapsed times vary from run to run and are never compared with a number.
"""

import base64
import copy
import math
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbconvert import HTMLExporter, MarkdownExporter
from nbconvert.writers import FilesWriter

SVG_NS = "{http://www.w3.org/2000/svg}"
SVG = SVG_NS + "svg"
SVG_DATA_URI = "data:image/svg+xml;base64,"
MAX_OUTPUT_BYTES = 1 << 20
CELL_TIMEOUT = 60

# The network of the notebook's `weights` cell (the lecture's 2-3-2 example), its input and target.
W1 = [[0.15, 0.20], [0.25, 0.30], [0.10, 0.10]]
B1 = [0.35, 0.35, 0.35]
W2 = [[0.40, 0.45, 0.50], [0.55, 0.60, 0.65]]
B2 = [0.60, 0.60]
X = [0.05, 0.10]
Y = [0.01, 0.99]
ETA = 0.5
# The three samples and targets of the notebook's `batch` cell (the first being X and Y).
BATCH_X = [X, [1.0, 0.0], [0.0, 1.0]]
BATCH_Y = [Y, [1.0, 0.0], [0.0, 1.0]]

# The representation nbconvert's HTML and Markdown exporters show, most preferred first (among
# the MIME types this kernel sends).
EXPORT_PRIORITY = ["text/html", "text/markdown", "image/svg+xml", "text/latex", "text/plain"]

TABLE = {"text/plain", "text/html", "text/latex"}
FORMULA = {"text/plain", "text/latex", "text/markdown"}
CHART = {"text/plain", "image/svg+xml"}
TEXT = {"text/plain"}

RESULT, DISPLAY = "execute_result", "display_data"

# Per tagged code cell: each value it displays, in order (streams aside), as its output type and
# MIME types.
EXPECTED_DISPLAYS = {
    "small-matrix": [(RESULT, TABLE)],
    "vector": [(RESULT, TABLE)],
    "weights": [(RESULT, TABLE)],
    "weights-1": [(RESULT, TABLE)],
    "biases-1": [(RESULT, TABLE)],
    "large-matrix": [(RESULT, TABLE)],
    "large-layer": [(RESULT, TABLE)],
    "forward": [(RESULT, TABLE)],
    "backward": [(RESULT, TABLE)],
    "gradient-entries": [],
    "layer-entry": [(RESULT, TABLE)],
    "batch": [(DISPLAY, TABLE), (RESULT, TABLE)],
    "explain-hidden": [(RESULT, FORMULA)],
    "explain-output": [(RESULT, FORMULA)],
    "explain-bias": [(RESULT, FORMULA)],
    "gradient-check": [(RESULT, TABLE)],
    "step": [(RESULT, TABLE)],
    "diagram": [(RESULT, CHART)],
    # the progress display (its final loss chart), then the History's numbers only
    "train": [(DISPLAY, CHART), (RESULT, TEXT)],
    "loss-chart": [(RESULT, CHART)],
    "loss-chart-log": [(RESULT, CHART)],
    # the progress display of `classifier.train(…);`, then the decision boundary
    "decision-boundary": [(DISPLAY, CHART), (RESULT, CHART)],
    "show": [(DISPLAY, TABLE), (DISPLAY, TABLE), (DISPLAY, CHART)],
}
# Cells that train a network, with the epochs of their run: while it runs, `train` shows its
# progress in a display of its own (the first display_data above), updated in place.
TRAINING_CELLS = {"train": 2000, "decision-boundary": 200}


# MARK: - The lecture's numbers, recomputed


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def lecture(x=X, y=Y):
    """Forward and backward pass of the notebook's network on x with target y (squared error)."""
    X, Y = x, y
    z1 = [sum(W1[k][j] * X[j] for j in range(2)) + B1[k] for k in range(3)]
    a1 = [sigmoid(z) for z in z1]
    z2 = [sum(W2[k][j] * a1[j] for j in range(3)) + B2[k] for k in range(2)]
    a2 = [sigmoid(z) for z in z2]
    d2 = [(a2[k] - Y[k]) * a2[k] * (1 - a2[k]) for k in range(2)]
    d1 = [sum(W2[i][k] * d2[i] for i in range(2)) * a1[k] * (1 - a1[k]) for k in range(3)]
    return {
        "z1": z1, "a1": a1, "z2": z2, "a2": a2, "d1": d1, "d2": d2,
        "dW1": [[d1[k] * X[j] for j in range(2)] for k in range(3)],
        "dW2": [[d2[k] * a1[j] for j in range(3)] for k in range(2)],
        "C": 0.5 * sum((Y[k] - a2[k]) ** 2 for k in range(2)),
    }


REF = lecture()


def close(a, b, rel=1e-12):
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=1e-300)


def assert_numbers(found, expected, rel=1e-12, what=""):
    """`found` (strings or numbers, nested lists) equals `expected` within `rel`."""
    if isinstance(expected, (list, tuple)):
        assert len(found) == len(expected), f"{what}: {found} has not the shape of {expected}"
        for i, (f, e) in enumerate(zip(found, expected)):
            assert_numbers(f, e, rel, f"{what}[{i}]")
    else:
        assert close(found, expected, rel), f"{what}: {found} != {expected}"


# MARK: - Reading outputs


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def cell(nb, tag):
    """The one code cell tagged `tag`; fails with the kernel's error if the cell has one."""
    found = [c for c in code_cells(nb) if tag in tags(c)]
    assert len(found) == 1, f"expected one code cell tagged {tag!r}, found {len(found)}"
    for output in found[0].outputs:
        if output.output_type == "error":
            pytest.fail(f"cell {tag!r} failed: {output.ename}: {output.evalue}\n" + "\n".join(output.traceback))
    return found[0]


def displays(c):
    """The values a cell displays (execute_result and display_data), in order."""
    return [o for o in c.outputs if o.output_type in ("execute_result", "display_data")]


def result(c):
    """The cell's execute_result."""
    found = [o for o in c.outputs if o.output_type == "execute_result"]
    assert len(found) == 1, f"expected one execute_result, got {[o.output_type for o in c.outputs]}"
    return found[0]


def stdout(c):
    return "".join(o.text for o in c.outputs if o.output_type == "stream" and o.name == "stdout")


def shown_as(output):
    """The MIME type nbconvert's exporters show for an output (streams show as text)."""
    if output.output_type == "stream":
        return "text/plain"
    return next(m for m in EXPORT_PRIORITY if m in output.data)


def output_bytes(output):
    """An output's size the way SPEC §5 counts it: all its MIME entries together, or its text."""
    if output.output_type == "stream":
        return len(output.text.encode())
    if output.output_type == "error":
        return sum(len(s.encode()) for s in [output.ename, output.evalue, *output.traceback])
    return sum(len(m.encode()) + len(v.encode() if isinstance(v, str) else str(v).encode())
               for m, v in output.data.items())


def html_tables(markup):
    """Every <table> of some HTML: caption markup, column labels, and rows as (label, cells),
    each cell its full-precision title (or its text where it has none: gaps, pass/fail)."""
    soup = BeautifulSoup(markup, "html.parser")
    tables = []
    for table in soup.find_all("table"):
        caption = table.find("caption")
        head = table.find("thead")
        body = table.find("tbody")
        rows = []
        for tr in body.find_all("tr"):
            cells = [td.get("title", td.get_text()) for td in tr.find_all("td")]
            rows.append((tr.find("th").decode_contents(), cells))
        tables.append({
            "caption": caption.decode_contents() if caption else None,
            "columns": [th.decode_contents() for th in head.find_all("th")][1:] if head else [],
            "rows": rows,
            "texts": [[td.get_text() for td in tr.find_all("td")] for tr in body.find_all("tr")],
        })
    return tables


def symbol(table):
    """The caption's symbol in bold, e.g. `W<sup>1</sup>`."""
    match = re.match(r"<b>(.*?)</b>", table["caption"] or "")
    return match.group(1) if match else None


def table_by_symbol(tables, sym, suffix=""):
    found = [t for t in tables if symbol(t) == sym and (t["caption"] or "").split("</b>", 1)[1].startswith(suffix)]
    assert len(found) == 1, f"expected one table {sym}{suffix}, captions: {[t['caption'] for t in tables]}"
    return found[0]


def values(table):
    """The table's cells as floats, row by row."""
    return [[float(v) for v in cells] for _, cells in table["rows"]]


def assert_grid_labels(table, rows, columns=None, row_name="k", column_name="j"):
    """Rows labelled k = 0…rows−1 and, for a matrix, columns j = 0…columns−1 (for the trace of a
    batch, rows s and columns k)."""
    assert [label for label, _ in table["rows"]] == [f"{row_name} = {k}" for k in range(rows)], table["rows"]
    if columns is not None:
        assert table["columns"] == [f"{column_name} = {j}" for j in range(columns)], table["columns"]
        assert all(len(cells) == columns for _, cells in table["rows"])
    else:
        assert all(len(cells) == 1 for _, cells in table["rows"])


def assert_cell_texts_round_titles(table):
    """Each cell shows its title's number rounded (4 significant digits)."""
    for (label, titles), texts in zip(table["rows"], table["texts"]):
        for title, text in zip(titles, texts):
            assert close(text, title, rel=5.1e-4), f"{label}: cell {text!r} does not show {title!r}"


def plain_tables(text):
    """The tables of a text/plain display: {title line: (column labels, {row label: cells})}."""
    tables = {}
    for block in text.split("\n\n"):
        lines = block.split("\n")
        rows = {}
        header = []
        for i, line in enumerate(lines):
            match = re.match(r"^([ks] = \d+)\s+(.*)$", line)
            if match:
                if not rows and i >= 2:
                    header = re.split(r"\s{2,}", lines[i - 1].strip())
                rows[match.group(1)] = match.group(2).split()
        if rows:
            tables[lines[0]] = (header, rows)
    return tables


def shows(plain, full):
    """A text/plain table cell shows the number `full`: its print form when that has at most
    10 characters, 6 significant digits otherwise (docs/LANGUAGE.md, Tables)."""
    if len(full) <= 10:
        return plain == full
    return close(plain, full, rel=5.1e-6)


def assert_plain_matches_html(plain_table, html_table):
    header, rows = plain_table
    if html_table["columns"][:1] in (["j = 0"], ["k = 0"]):  # a matrix (a vector's one column has no label in text)
        assert header == html_table["columns"], (header, html_table["columns"])
    assert list(rows) == [label for label, _ in html_table["rows"]]
    for label, titles in html_table["rows"]:
        assert len(rows[label]) == len(titles), (label, rows[label], titles)
        for shown, title in zip(rows[label], titles):
            assert shows(shown, title), f"{label}: text/plain shows {shown!r}, the HTML title holds {title!r}"


def latex_blocks(latex):
    """The $$…$$ display blocks of a text/latex or text/markdown."""
    return [b.strip() for b in re.findall(r"\$\$(.*?)\$\$", latex, flags=re.S)]


def bmatrices(latex):
    """`SYMBOL = \\begin{bmatrix}…\\end{bmatrix}` pairs of a text/latex, numbers row by row."""
    found = {}
    for name, body in re.findall(r"([^\s$=]+) = \\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", latex, flags=re.S):
        found[name] = [[float(x) for x in row.split("&")] for row in body.split(r"\\")]
    return found


def parse_svg(text, what):
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        pytest.fail(f"{what}: image/svg+xml does not parse as XML: {error}")
    assert root.tag == SVG, f"{what}: the root element is {root.tag}, not <svg>"
    return root


def svg_texts(root):
    """The text of every <text> of an SVG, in order (with its <tspan>s)."""
    return ["".join(t.itertext()) for t in root.iter(SVG_NS + "text")]


def heatmap_images(html):
    """The heatmaps inside a table's HTML: each <img> decoded from its base64 data: URI, as
    {alt, svg (the text), root (parsed, an <svg>)}."""
    found = []
    for img in ET.fromstring(html).iter("img"):
        src = img.get("src")
        assert src.startswith(SVG_DATA_URI), f"an <img> that is not a base64 SVG: {src[:60]!r}"
        svg = base64.b64decode(src[len(SVG_DATA_URI):], validate=True).decode()
        found.append({"alt": img.get("alt"), "svg": svg, "root": parse_svg(svg, img.get("alt"))})
    return found


def heatmap_cells(root):
    """The bins a heatmap draws, {(column, row): fill}: its <path>s are runs of unit squares,
    `M x y h w v1 h-w z`, in a group scaled to the picture; each bin must be drawn once."""
    (group,) = [g for g in root.iter(SVG_NS + "g") if "scale(" in (g.get("transform") or "")]
    cells = {}
    for path in group.iter(SVG_NS + "path"):
        d = path.get("d")
        runs = re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", d)
        assert "".join(f"M{x} {y}h{w}v1h-{w}z" for x, y, w in runs) == d, f"unexpected path {d[:80]!r}"
        for x, y, w in runs:
            for i in range(int(w)):
                assert (int(x) + i, int(y)) not in cells, f"bin {(int(x) + i, int(y))} drawn twice"
                cells[(int(x) + i, int(y))] = path.get("fill")
    return cells


def svg_titles(root, element):
    return [t.text for e in root.iter("{http://www.w3.org/2000/svg}" + element)
            for t in e.findall("{http://www.w3.org/2000/svg}title")]


# MARK: - Running and exporting


class RecordingClient(NotebookClient):
    """nbclient that also keeps each cell's iopub messages (by cell id) as the kernel sent them,
    before nbclient applies them to the notebook (it rewrites update_display_data in place)."""

    def __init__(self, nb, **kwargs):
        super().__init__(nb, **kwargs)
        self.messages = {}

    def process_message(self, msg, cell, cell_index):
        self.messages.setdefault(cell.id, []).append(copy.deepcopy(msg))
        return super().process_message(msg, cell, cell_index)


@pytest.fixture(scope="module")
def execution(notebook_path, kernel_name, kernel_binary, build_dir):
    """The notebook executed through the real kernel (errors kept in the outputs, so that one
    test can list them all), saved to build/display-tests/displays.ipynb, and the iopub messages
    of each cell."""
    spec = KernelSpecManager().get_kernel_spec(kernel_name)
    assert Path(spec.argv[0]).resolve() == kernel_binary.resolve(), (
        f"the kernelspec {kernel_name!r} runs {spec.argv[0]}, not {kernel_binary}: another kernelspec "
        "of that name shadows the one display-tests/run installed")
    nb = nbformat.read(notebook_path, as_version=4)
    client = RecordingClient(nb, kernel_name=kernel_name, timeout=CELL_TIMEOUT, allow_errors=True,
                             resources={"metadata": {"path": str(build_dir)}})
    client.execute()
    nbformat.write(nb, build_dir / "displays.ipynb")
    return nb, client.messages


@pytest.fixture(scope="module")
def executed(execution):
    """The executed notebook."""
    return execution[0]


@pytest.fixture(scope="module")
def iopub(execution):
    """{cell id: its iopub messages, in order}."""
    return execution[1]


@pytest.fixture(scope="module")
def html_export(executed, build_dir):
    """build/display-tests/displays.html, and its parse."""
    body, resources = HTMLExporter().from_notebook_node(executed, resources={"metadata": {"name": "displays"}})
    FilesWriter(build_directory=str(build_dir)).write(body, resources, notebook_name="displays")
    return body, BeautifulSoup(body, "html.parser")


@pytest.fixture(scope="module")
def markdown_export(executed, build_dir):
    """build/display-tests/displays.md and the outputs nbconvert extracted (displays_files/)."""
    shutil.rmtree(build_dir / "displays_files", ignore_errors=True)
    resources = {"metadata": {"name": "displays"}, "unique_key": "displays", "output_files_dir": "displays_files"}
    body, resources = MarkdownExporter().from_notebook_node(executed, resources=resources)
    FilesWriter(build_directory=str(build_dir)).write(body, resources, notebook_name="displays")
    return body, resources


# MARK: - The notebook


def test_committed_notebook_is_clean(notebook_path):
    nb = nbformat.read(notebook_path, as_version=4)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    assert nb.metadata.kernelspec == {"name": "backprop", "display_name": "Backprop (Swift DSL)", "language": "backprop"}
    assert nb.metadata.language_info.name == "backprop"
    for c in code_cells(nb):
        assert c.execution_count is None and c.outputs == [], f"cell {c.id} is committed with outputs"
    found = [t for c in code_cells(nb) for t in tags(c)]
    assert sorted(found) == sorted(EXPECTED_DISPLAYS), "each display cell is tagged once"
    assert any(c.cell_type == "markdown" for c in nb.cells)


def test_notebook_runs_without_errors(executed, build_dir):
    errors = [f"cell {c.id} ({', '.join(tags(c))}): {o.ename}: {o.evalue}\n" + "\n".join(o.traceback)
              for c in code_cells(executed) for o in c.outputs if o.output_type == "error"]
    assert not errors, "the notebook raised errors:\n\n" + "\n\n".join(errors)
    counts = [c.execution_count for c in code_cells(executed)]
    assert counts == list(range(1, len(counts) + 1))
    saved = nbformat.read(build_dir / "displays.ipynb", as_version=4)
    nbformat.validate(saved)
    assert len(saved.cells) == len(executed.cells)


def test_each_display_has_its_mime_types(executed):
    for tag, expected in EXPECTED_DISPLAYS.items():
        shown = [(o.output_type, set(o.data)) for o in displays(cell(executed, tag))]
        assert shown == expected, f"cell {tag!r}: {shown}"


def assert_self_contained(text, mime, what):
    """Markup that runs nothing and fetches nothing, and parses: XHTML tables or standalone SVG.
    The one reference allowed is, in HTML, an <img> whose src is an SVG in a base64 data: URI,
    which must itself pass (returned decoded, in order)."""
    assert not re.search(r"<\s*script", text, re.I), f"{what}: a <script> in {mime}"
    assert not re.search(r"javascript:", text, re.I), f"{what}: javascript: in {mime}"
    assert not re.search(r"<[^>]*\son\w+\s*=", text, re.I), f"{what}: an event handler in {mime}"
    # The only URLs allowed are the XML namespaces that name SVG (never fetched).
    unnamespaced = re.sub(r'\sxmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", text)
    assert not re.search(r"https?://", unnamespaced, re.I), f"{what}: an outside URL in {mime}"
    images = []
    for reference in re.finditer(r'\s(href|src)\s*=\s*"(?!#)([^"]*)"', text):
        attribute, url = reference.groups()
        assert mime == "text/html" and attribute == "src" and url.startswith(SVG_DATA_URI), (
            f"{what}: an outside reference in {mime}: {attribute}={url[:80]!r}")
        tag = text[text.rindex("<", 0, reference.start()):reference.start()]
        assert tag.startswith("<img "), f"{what}: a data: URI outside an <img>: {tag!r}"
        svg = base64.b64decode(url[len(SVG_DATA_URI):], validate=True).decode()
        assert_self_contained(svg, "image/svg+xml", f"{what}, its <img>")
        images.append(svg)
    # Well-formed markup: the tables are XHTML and the charts standalone SVG.
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        pytest.fail(f"{what}: {mime} is not well-formed: {error}")
    if mime == "image/svg+xml":
        assert root.tag == SVG, f"{what}: the root element is {root.tag}"
    else:
        assert not list(root.iter(SVG)), f"{what}: inline <svg> in HTML (the sanitizer of untrusted notebooks strips it)"
    return images


def test_outputs_are_small_and_self_contained(executed):
    svg_count = 0
    heatmaps = 0
    for c in code_cells(executed):
        for o in c.outputs:
            what = f"cell {c.id}, {o.output_type}"
            assert output_bytes(o) <= MAX_OUTPUT_BYTES, f"{what} is {output_bytes(o)} bytes"
            for mime in ("text/html", "image/svg+xml"):
                if mime in o.get("data", {}):
                    heatmaps += len(assert_self_contained(o.data[mime], mime, what))
                    svg_count += mime == "image/svg+xml"
    assert svg_count >= 5
    assert heatmaps == 2, "the large matrix's heatmap and the one of ∂C/∂W^1 of the 50-input network"


# MARK: - Values


def test_weight_tables(executed):
    weights = result(cell(executed, "weights"))
    tables = html_tables(weights.data["text/html"])
    assert [symbol(t) for t in tables] == ["W<sup>1</sup>", "W<sup>2</sup>"]
    w1, w2 = tables
    assert "3 × 2" in w1["caption"] and "2 × 3" in w2["caption"]
    assert_grid_labels(w1, 3, 2)
    assert_grid_labels(w2, 2, 3)
    # The titles hold the exact weights the cell set, in their shortest form.
    assert [cells for _, cells in w1["rows"]] == [[repr(w) for w in row] for row in W1]
    assert [cells for _, cells in w2["rows"]] == [[repr(w) for w in row] for row in W2]
    assert_cell_texts_round_titles(w1)
    # text/plain shows the same numbers under W^1 and W^2, and the LaTeX the same bmatrices.
    plain = plain_tables(weights.data["text/plain"])
    assert weights.data["text/plain"].startswith("LayerList<Matrix>(weights, layers 1…2)")
    assert_plain_matches_html(plain["W^1 3×2"], w1)
    assert_plain_matches_html(plain["W^2 2×3"], w2)
    assert bmatrices(weights.data["text/latex"]) == {"W^{1}": W1, "W^{2}": W2}

    # net.weights[1] and net.biases[1] are matrices and vectors titled with their names in the
    # lecture's notation (docs/LANGUAGE.md, Tables): W^1 and b^1 in every representation.
    w1_alone = result(cell(executed, "weights-1"))
    (table,) = html_tables(w1_alone.data["text/html"])
    assert table["caption"] == w1["caption"] == '<b>W<sup>1</sup></b> · <span style="color:#555">3 × 2</span>'
    assert table["rows"] == w1["rows"] and table["columns"] == w1["columns"]
    assert w1_alone.data["text/plain"].startswith("W^1 3×2\n")
    assert_plain_matches_html(plain_tables(w1_alone.data["text/plain"])["W^1 3×2"], table)
    assert w1_alone.data["text/latex"].startswith(r"$$W^{1} = \begin{bmatrix}")
    assert bmatrices(w1_alone.data["text/latex"]) == {"W^{1}": W1}
    b1 = result(cell(executed, "biases-1"))
    (table,) = html_tables(b1.data["text/html"])
    assert symbol(table) == "b<sup>1</sup>" and "3 elements" in table["caption"]
    assert table["columns"] == ["b<sup>1</sup>"], "a vector's one column is headed with its name"
    assert_grid_labels(table, 3)
    assert [cells for _, cells in table["rows"]] == [[repr(b)] for b in B1]
    assert b1.data["text/plain"].startswith("b^1 (3)\n")
    assert_plain_matches_html(plain_tables(b1.data["text/plain"])["b^1 (3)"], table)
    assert latex_blocks(b1.data["text/latex"]) == [r"b^{1} = \begin{bmatrix} 0.35 \\ 0.35 \\ 0.35 \end{bmatrix}"]


def test_small_matrix_and_vector(executed):
    m = result(cell(executed, "small-matrix"))
    (table,) = html_tables(m.data["text/html"])
    assert "3 × 2" in table["caption"]
    assert_grid_labels(table, 3, 2)
    assert_numbers(values(table), W1, rel=0)
    assert_plain_matches_html(plain_tables(m.data["text/plain"])["Matrix 3×2"], table)
    assert latex_blocks(m.data["text/latex"]) == [r"\begin{bmatrix} 0.15 & 0.2 \\ 0.25 & 0.3 \\ 0.1 & 0.1 \end{bmatrix}"]

    v = result(cell(executed, "vector"))
    (table,) = html_tables(v.data["text/html"])
    assert "3 elements" in table["caption"]
    assert_grid_labels(table, 3)
    assert [cells for _, cells in table["rows"]] == [["0.35"], ["-0.5"], ["1e-07"]]
    assert_plain_matches_html(plain_tables(v.data["text/plain"])["Vector (3)"], table)


def test_large_matrix_is_summarised_with_a_heatmap(executed):
    big = result(cell(executed, "large-matrix"))
    plain = big.data["text/plain"]
    lines = plain.split("\n")
    assert lines[0] == "Matrix 784×128"
    assert len(lines) < 20 and "⋮" in plain and "…" in plain, "text/plain is not summarised"
    assert "k = 783" in plain and "j = 127" in plain and "k = 6 " not in plain

    html = big.data["text/html"]
    (table,) = html_tables(html)
    assert "784 × 128" in table["caption"] and "showing corners" in table["caption"]
    assert [label for label, _ in table["rows"]] == ["k = 0", "k = 1", "k = 2", "⋮", "k = 781", "k = 782", "k = 783"]
    assert table["columns"] == ["j = 0", "j = 1", "j = 2", "…", "j = 125", "j = 126", "j = 127"]
    # The corners hold the same numbers as the text/plain table.
    plain_rows = plain_tables(plain)["Matrix 784×128"][1]
    for label, cells in table["rows"]:
        if label == "⋮":
            continue
        shown = plain_rows[label]
        for html_cell, plain_cell in zip(cells[:3] + cells[4:], shown[:3] + shown[-3:]):
            assert shows(plain_cell, html_cell), (label, plain_cell, html_cell)
        assert cells[3] == "…"

    # The heatmap is an image inside the HTML (a frontend shows only the HTML of a bundle), below
    # the table: an SVG in a base64 data: URI, not inline <svg>.
    root = ET.fromstring(html)
    assert root.find("table") is not None and root.find("./div/img") is not None, "the heatmap goes below the table"
    (heatmap,) = heatmap_images(html)
    assert heatmap["alt"] == "matrix heatmap"
    svg = heatmap["root"]
    assert svg.find(SVG_NS + "title").text == "Matrix (784 × 128) heatmap"
    assert "784 × 128, binned to 64 × 64 (block means)" in svg_texts(svg)
    assert len(list(svg.iter(SVG_NS + "path"))) > 10
    # The 64 × 64 bins of the whole matrix, each drawn once.
    assert set(heatmap_cells(svg)) == {(x, y) for x in range(64) for y in range(64)}
    assert len(html.encode()) < 256 * 1024, "the binned heatmap should stay small"
    latex = big.data["text/latex"]
    assert r"\cdots" in latex and r"\vdots" in latex and r"\ddots" in latex and "784 × 128" in latex


def test_per_layer_display_summarises_with_a_heatmap(executed):
    """A large table inside a per-layer display (here the gradients of a 50-3-1 network) is
    summarised and drawn as a heatmap of its own, an <img> below that table."""
    gradients = result(cell(executed, "large-layer"))
    html = gradients.data["text/html"]
    tables = html_tables(html)
    dW1 = table_by_symbol(tables, "∂C/∂W<sup>1</sup>")
    delta1 = table_by_symbol(tables, "δ<sup>1</sup>")
    assert "3 × 50, showing corners" in dW1["caption"]
    assert dW1["columns"] == ["j = 0", "j = 1", "j = 2", "…", "j = 47", "j = 48", "j = 49"]
    # Every input is 0.5, so ∂C/∂W^1_kj = δ^1_k a^0_j = 0.5 δ^1_k in every column.
    deltas = [float(d) for (d,) in (cells for _, cells in delta1["rows"])]
    for (label, cells), delta in zip(dW1["rows"], deltas):
        assert [float(c) for c in cells[:3] + cells[4:]] == [0.5 * delta] * 6, (label, cells, delta)
        assert cells[3] == "…"
    assert "showing corners" not in table_by_symbol(tables, "∂C/∂W<sup>2</sup>")["caption"]

    (heatmap,) = heatmap_images(html)
    assert heatmap["alt"] == "∂C/∂W^1 heatmap"
    svg = heatmap["root"]
    assert svg.find(SVG_NS + "title").text == "∂C/∂W^1 (3 × 50) heatmap"
    assert "3 × 50, binned to 3 × 32 (block means)" in svg_texts(svg)
    cells = heatmap_cells(svg)
    assert set(cells) == {(x, y) for x in range(32) for y in range(3)}
    # One colour along each row, blue where δ^1_k < 0 and red where it is > 0.
    for k, delta in enumerate(deltas):
        (fill,) = {cells[(x, k)] for x in range(32)}
        red, blue = int(fill[1:3], 16), int(fill[5:7], 16)
        assert (blue > red) if delta < 0 else (red > blue), (k, delta, fill)
    # The HTML holds this one heatmap, right after the ∂C/∂W^1 table.
    table_start = html.index("∂C/∂W<sup>1</sup></b>")
    assert table_start < html.index("<img ") < html.index("∂C/∂b<sup>1</sup></b>")


def test_forward_pass_tables(executed):
    forward = result(cell(executed, "forward"))
    tables = html_tables(forward.data["text/html"])
    assert [symbol(t) for t in tables] == ["a<sup>0</sup>", "z<sup>1</sup>", "a<sup>1</sup>", "z<sup>2</sup>", "a<sup>2</sup>"]
    a0, z1, a1, z2, a2 = tables
    assert [cells for _, cells in a0["rows"]] == [[repr(x)] for x in X]
    for table, expected, n in [(z1, REF["z1"], 3), (a1, REF["a1"], 3), (z2, REF["z2"], 2), (a2, REF["a2"], 2)]:
        assert_grid_labels(table, n)
        assert_numbers([v for (v,) in values(table)], expected, what=table["caption"])
        assert_cell_texts_round_titles(table)
    plain = plain_tables(forward.data["text/plain"])
    assert forward.data["text/plain"].startswith("ForwardPass(1 sample, 2-3-2)")
    header, rows = plain["layer 1 (sigmoid)"]
    assert header == ["z^1_k", "a^1_k"]
    for k in range(3):
        assert shows(rows[f"k = {k}"][0], z1["rows"][k][1][0]) and shows(rows[f"k = {k}"][1], a1["rows"][k][1][0])
    assert set(bmatrices(forward.data["text/latex"])) == {"a^{0}", "z^{1}", "a^{1}", "z^{2}", "a^{2}"}


def gradient_tables(executed):
    backward = result(cell(executed, "backward"))
    return backward, html_tables(backward.data["text/html"])


def test_gradient_tables_show_deltas(executed):
    backward, tables = gradient_tables(executed)
    # From the output layer down: δ^l, ∂C/∂W^l, ∂C/∂b^l.
    assert [symbol(t) for t in tables] == [
        "δ<sup>2</sup>", "∂C/∂W<sup>2</sup>", "∂C/∂b<sup>2</sup>",
        "δ<sup>1</sup>", "∂C/∂W<sup>1</sup>", "∂C/∂b<sup>1</sup>",
    ]
    d2, dW2, db2, d1, dW1, db1 = tables
    assert_grid_labels(d2, 2)
    assert_grid_labels(d1, 3)
    assert_grid_labels(dW2, 2, 3)
    assert_grid_labels(dW1, 3, 2)
    assert_numbers([v for (v,) in values(d2)], REF["d2"], what="δ^2")
    assert_numbers([v for (v,) in values(d1)], REF["d1"], what="δ^1")
    assert_numbers(values(dW2), REF["dW2"], what="∂C/∂W^2")
    assert_numbers(values(dW1), REF["dW1"], what="∂C/∂W^1")
    assert db2["rows"] == d2["rows"] and db1["rows"] == d1["rows"], "∂C/∂b^l = δ^l"
    for table in tables:
        assert_cell_texts_round_titles(table)
    # The loss, in full in a title.
    loss = re.search(r'loss <i>C</i> = <span title="([^"]+)"', backward.data["text/html"])
    assert loss and close(loss.group(1), REF["C"])

    # The full-precision titles are exactly the numbers `print` writes for the same entries.
    printed = stdout(cell(executed, "gradient-entries")).split()
    assert printed == [dW1["rows"][2][1][1], dW2["rows"][1][1][0], db1["rows"][0][1][0]]

    plain = plain_tables(backward.data["text/plain"])
    assert backward.data["text/plain"].startswith(f"loss C = {loss.group(1)} (squaredError, 1 sample)")
    for title, table in [("δ^2 (2)", d2), ("δ^1 (3)", d1), ("∂C/∂W^2 2×3", dW2), ("∂C/∂W^1 3×2", dW1),
                         ("∂C/∂b^2 (2)", db2), ("∂C/∂b^1 (3)", db1)]:
        assert_plain_matches_html(plain[title], table)
    latex = backward.data["text/latex"]
    matrices = bmatrices(latex)
    assert set(matrices) >= {r"\delta^{2}", r"\delta^{1}"}
    assert_numbers([v for (v,) in matrices[r"\delta^{2}"]], REF["d2"], rel=5.1e-4, what="LaTeX δ^2")
    assert_numbers([v for (v,) in matrices[r"\delta^{1}"]], REF["d1"], rel=5.1e-4, what="LaTeX δ^1")
    assert r"\frac{\partial C}{\partial W^{1}} = \begin{bmatrix}" in latex


def test_entry_of_a_per_layer_list_is_titled(executed):
    """`g.dW[2]` is the matrix ∂C/∂W^2, titled so (docs/LANGUAGE.md, Tables)."""
    entry = result(cell(executed, "layer-entry"))
    _, grads = gradient_tables(executed)
    (table,) = html_tables(entry.data["text/html"])
    full = table_by_symbol(grads, "∂C/∂W<sup>2</sup>")
    assert table["caption"] == full["caption"] == '<b>∂C/∂W<sup>2</sup></b> · <span style="color:#555">2 × 3</span>'
    assert table["columns"] == full["columns"] and table["rows"] == full["rows"]
    assert_numbers(values(table), REF["dW2"], what="g.dW[2]")
    assert entry.data["text/plain"].startswith("∂C/∂W^2 2×3\n")
    assert_plain_matches_html(plain_tables(entry.data["text/plain"])["∂C/∂W^2 2×3"], table)
    (matrix,) = bmatrices(entry.data["text/latex"]).values()
    assert_numbers(matrix, REF["dW2"], rel=5.1e-4, what="LaTeX of g.dW[2]")


def test_batch_traces_have_a_row_per_sample(executed):
    """z^1 and δ^2 of a batch of three samples: rows s = 0…2 (the samples), columns k (the nodes)."""
    z, delta = displays(cell(executed, "batch"))
    refs = [lecture(x, y) for x, y in zip(BATCH_X, BATCH_Y)]
    for shown, sym, plain_title, key, nodes in [(z, "z<sup>1</sup>", "z^1 3×3", "z1", 3),
                                                (delta, "δ<sup>2</sup>", "δ^2 3×2", "d2", 2)]:
        (table,) = html_tables(shown.data["text/html"])
        assert symbol(table) == sym and f"3 × {nodes}" in table["caption"], table["caption"]
        assert_grid_labels(table, 3, nodes, row_name="s", column_name="k")
        assert_numbers(values(table), [ref[key] for ref in refs], what=plain_title)
        assert_cell_texts_round_titles(table)
        assert shown.data["text/plain"].startswith(plain_title + "\n")
        header, rows = plain_tables(shown.data["text/plain"])[plain_title]
        assert header == [f"k = {k}" for k in range(nodes)] and list(rows) == ["s = 0", "s = 1", "s = 2"]
        assert_plain_matches_html((header, rows), table)
        (matrix,) = bmatrices(shown.data["text/latex"]).values()
        assert_numbers(matrix, [ref[key] for ref in refs], rel=5.1e-4, what=f"LaTeX of {plain_title}")
    # Sample 0 is the x and y of the single pass above, with the same numbers.
    _, grads = gradient_tables(executed)
    (delta_table,) = html_tables(delta.data["text/html"])
    assert delta_table["rows"][0][1] == [cells[0] for _, cells in table_by_symbol(grads, "δ<sup>2</sup>")["rows"]]


def test_entries_of_per_layer_lists_name_themselves_in_latex_as_their_lists_do(executed):
    r"""An entry's LaTeX is the block its per-layer list's LaTeX has for it: `\delta^{1}` and
    `\frac{\partial C}{\partial W^{2}}`, as in the Gradients display (W^{1} and b^{1}: test_weight_tables)."""
    backward, _ = gradient_tables(executed)
    latex = backward.data["text/latex"]
    entries = {"g.dW[2]": result(cell(executed, "layer-entry"))}
    for l, shown in enumerate(displays(cell(executed, "show"))[:2], start=1):
        entries[f"g.delta[{l}]"] = shown
    for what, entry in entries.items():
        (block,) = latex_blocks(entry.data["text/latex"])
        assert block in latex, f"{what}: its LaTeX {block!r} is not the one of g's display"
    batch = displays(cell(executed, "batch"))[1].data["text/latex"]
    assert batch.startswith(r"$$\delta^{2} = \begin{bmatrix}"), batch


EXPLAINED = {
    # tag: (the parameter in LaTeX, its chain rule, index of its printed entry, first text/plain line)
    "explain-hidden": (r"\frac{\partial C}{\partial W^{1}_{21}}", r"\delta^{1}_{2}\, a^{0}_{1}", 0, "∂C/∂W^1_21 = δ^1_2 · a^0_1"),
    "explain-output": (r"\frac{\partial C}{\partial W^{2}_{10}}", r"\delta^{2}_{1}\, a^{1}_{0}", 1, "∂C/∂W^2_10 = δ^2_1 · a^1_0"),
    "explain-bias": (r"\frac{\partial C}{\partial b^{1}_{0}}", r"\delta^{1}_{0}", 2, "∂C/∂b^1_0 = δ^1_0"),
}


# The text/plain line that gives δ, per explain cell: a hidden node's δ sums over the nodes m of the
# layer above (its node k, the layer above); the output's δ comes from the loss.
PLAIN_DELTA = {
    "explain-hidden": ("δ^1_2 = (Σ_m W^2_m2 δ^2_m) · σ'(z^1_2)   (from layer 2, where m runs over its nodes)", 2),
    "explain-output": ("δ^2_1 = ∂C/∂a^2_1 · σ'(z^2_1)   (output layer, squaredError)", None),
    "explain-bias": ("δ^1_0 = (Σ_m W^2_m0 δ^2_m) · σ'(z^1_0)   (from layer 2, where m runs over its nodes)", 0),
}


@pytest.mark.parametrize("tag", list(EXPLAINED))
def test_explain_text_sums_over_m(executed, tag):
    line, k = PLAIN_DELTA[tag]
    lines = result(cell(executed, tag)).data["text/plain"].split("\n")
    assert line in [l.strip() for l in lines], lines
    if k is None:
        return
    # The next line puts the numbers in: W^2_mk δ^2_m for m = 0, 1, then σ'(z^1_k) = a(1 − a).
    numbers = lines[[l.strip() for l in lines].index(line) + 1].strip()
    match = re.fullmatch(r"= \((.*)\) · (\S+)", numbers)
    assert match, numbers
    terms = [re.fullmatch(r"(\S+) · \(?([^()\s]+)\)?", t) for t in match.group(1).split(" + ")]
    assert len(terms) == 2 and all(terms), match.group(1)
    for m, term in enumerate(terms):
        assert float(term.group(1)) == W2[m][k] and close(term.group(2), REF["d2"][m], rel=5.1e-6), (m, term.group(0))
    assert close(match.group(2), REF["a1"][k] * (1 - REF["a1"][k]), rel=5.1e-6)


@pytest.mark.parametrize("tag", list(EXPLAINED))
def test_explain_writes_the_chain_rule_with_the_numbers(executed, tag):
    parameter, chain, entry, plain_first = EXPLAINED[tag]
    explanation = result(cell(executed, tag))
    latex = explanation.data["text/latex"]
    markdown = explanation.data["text/markdown"]
    blocks = latex_blocks(latex)
    assert blocks[0] == f"{parameter} = {chain}"
    # Every formula of the LaTeX is in the Markdown too, with prose around it.
    assert latex_blocks(markdown) == blocks
    prose = re.sub(r"\$\$.*?\$\$", "", markdown, flags=re.S)
    assert "node" in prose and "layer" in prose, "the Markdown explains the formulas in words"
    assert explanation.data["text/plain"].split("\n")[0] == plain_first
    # It ends in the gradient's value, exactly as `print(g.dW[l][k][j])` writes it.
    printed = stdout(cell(executed, "gradient-entries")).split()[entry]
    final = re.search(r"&= (\S+)\s*\\end\{aligned\}$", blocks[-1])
    assert re.match(r"\\begin\{aligned\}\s*" + re.escape(parameter) + r"\s*&=", blocks[-1]), blocks[-1]
    assert final and final.group(1) == printed, f"explain ends in {final and final.group(1)}, print wrote {printed}"
    # The δ it explains is the δ of the backward pass (4 significant digits in the formula).
    _, tables = gradient_tables(executed)
    delta = {"explain-hidden": ("δ<sup>1</sup>", 2), "explain-output": ("δ<sup>2</sup>", 1), "explain-bias": ("δ<sup>1</sup>", 0)}[tag]
    delta_value = table_by_symbol(tables, delta[0])["rows"][delta[1]][1][0]
    derivation = next(b for b in blocks if re.match(r"\\begin\{aligned\}\s*\\delta\^\{", b))
    assert close(re.findall(r"&= (\S+)", derivation)[-1], delta_value, rel=5.1e-4)
    if tag == "explain-output":
        # At the output, ∂C/∂a^2_1 = a^2_1 − y_1 with the pass's a^2_1.
        slope = next(b for b in blocks if b.startswith(r"\frac{\partial C}{\partial a^{2}_{1}}"))
        numbers = re.search(r"= a\^\{2\}_\{1\} - y_\{1\} = (\S+) - (\S+) = (\S+)$", slope)
        assert numbers, slope
        assert close(numbers.group(1), REF["a2"][1], rel=5.1e-4) and float(numbers.group(2)) == Y[1]
        assert close(numbers.group(3), REF["a2"][1] - Y[1], rel=5.1e-4)


def test_gradient_check_table(executed):
    check = result(cell(executed, "gradient-check"))
    html = check.data["text/html"]
    assert re.search(r"gradient check: 17 parameters, max relative error \S+, threshold 1e-6, ε = 1e-5: passed", html)
    (table,) = html_tables(html)
    assert table["columns"] == ["analytic", "numeric", "relative error", "within threshold"]
    labels = [label for label, _ in table["rows"]]
    assert labels[:3] == ["W<sup>1</sup><sub>00</sub>", "W<sup>1</sup><sub>01</sub>", "W<sup>1</sup><sub>10</sub>"]
    assert len(labels) == 17 and labels[-1] == "b<sup>2</sup><sub>1</sub>"
    rows = dict(table["rows"])
    _, grads = gradient_tables(executed)
    # The analytic column is the backward pass's gradient, to the last digit.
    assert rows["W<sup>1</sup><sub>21</sub>"][0] == table_by_symbol(grads, "∂C/∂W<sup>1</sup>")["rows"][2][1][1]
    assert rows["b<sup>2</sup><sub>1</sub>"][0] == table_by_symbol(grads, "∂C/∂b<sup>2</sup>")["rows"][1][1][0]
    for label, (analytic, numeric, relative, verdict) in rows.items():
        a, n, r = float(analytic), float(numeric), float(relative)
        assert close(r, abs(a - n) / max(abs(a) + abs(n), 1e-8), rel=1e-6), label
        assert r < 1e-6 and verdict == "pass", label
    assert "17 parameters compared" in check.data["text/plain"] and check.data["text/plain"].split("\n")[0].endswith("passed")
    # The LaTeX has the same columns, the last one headed "within threshold".
    header = re.search(r"\\begin\{bmatrix\}(.*?)\\\\", check.data["text/latex"]).group(1)
    assert [h.strip() for h in header.split("&")] == [
        r"\text{parameter}", r"\text{analytic}", r"\text{numeric}", r"\text{relative error}", r"\text{within threshold}"]
    assert check.data["text/latex"].count(r"\text{pass}") == 17


def test_step_report_tables(executed):
    step = result(cell(executed, "step"))
    tables = html_tables(step.data["text/html"])
    _, grads = gradient_tables(executed)
    for l, weights, biases in [(1, W1, B1), (2, W2, B2)]:
        before = table_by_symbol(tables, f"W<sup>{l}</sup>", " before")
        change = table_by_symbol(tables, f"ΔW<sup>{l}</sup>", f" = −η ∂C/∂W<sup>{l}</sup>")
        after = table_by_symbol(tables, f"W<sup>{l}</sup>", " after")
        gradient = values(table_by_symbol(grads, f"∂C/∂W<sup>{l}</sup>"))
        assert_numbers(values(before), weights, rel=0, what=f"W^{l} before")
        assert values(change) == [[-ETA * g for g in row] for row in gradient], f"ΔW^{l} = −η ∂C/∂W^{l}"
        assert values(after) == [[w + d for w, d in zip(rw, rd)] for rw, rd in zip(values(before), values(change))]
        bias_before = table_by_symbol(tables, f"b<sup>{l}</sup>", " before")
        bias_change = table_by_symbol(tables, f"Δb<sup>{l}</sup>", f" = −η ∂C/∂b<sup>{l}</sup>")
        bias_after = table_by_symbol(tables, f"b<sup>{l}</sup>", " after")
        delta = values(table_by_symbol(grads, f"δ<sup>{l}</sup>"))
        assert_numbers(values(bias_before), [[b] for b in biases], rel=0)
        assert values(bias_change) == [[-ETA * d] for (d,) in delta]
        assert values(bias_after) == [[b + d] for (b,), (d,) in zip(values(bias_before), values(bias_change))]
    assert "η = 0.5" in step.data["text/html"]
    plain = plain_tables(step.data["text/plain"])
    assert_plain_matches_html(plain["W^1 3×2 after the step"], table_by_symbol(tables, "W<sup>1</sup>", " after"))


SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUBSCRIPT = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def test_network_diagram(executed):
    diagram = result(cell(executed, "diagram"))
    root = parse_svg(diagram.data["image/svg+xml"], "diagram")
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Network 2-3-2"
    # One edge per weight, from node j of layer l−1 to node k of layer l, titled with its value.
    edges = {}
    for title in svg_titles(root, "line"):
        match = re.fullmatch(r"W([¹²])([₀-₉])([₀-₉]) = (\S+)", title)
        assert match, title
        l, k, j = (int(g.translate(SUPERSCRIPT).translate(SUBSCRIPT)) for g in match.groups()[:3])
        edges[(l, k, j)] = float(match.group(4))
    assert edges == {(l, k, j): w for l, m in [(1, W1), (2, W2)] for k, row in enumerate(m) for j, w in enumerate(row)}
    assert len(svg_titles(root, "circle")) == 2 + 3 + 2
    plain = diagram.data["text/plain"]
    assert plain.startswith("Network: 2 inputs → 3 → 2, 17 parameters")
    assert "W^1_21 = 0.1" in plain and "W^2_12 = 0.65" in plain


PROGRESS_LINE = r"trained (\d+) epochs in (\d+(?:\.\d+)?) s: final loss (\S+), accuracy (\d+)%"


def four_digits(x):
    """x rounded to 4 significant digits, as the charts' and progress lines' summaries show it."""
    return float(f"{x:.4g}")


def history_summary(history):
    """(epochs, final loss in full, accuracy in %) from the first line of a History's text."""
    first = history.data["text/plain"].split("\n")[0]
    match = re.fullmatch(r"History: (\d+) of \1 epochs, final loss (\S+), accuracy (\d+)%", first)
    assert match, first
    return int(match.group(1)), float(match.group(2)), int(match.group(3))


def final_progress(c, epochs):
    """The final state of a cell's training progress display (its first output that is
    display_data): {loss, accuracy, elapsed (the strings shown), root (its chart)}. Its text line
    and its chart's title and subtitle say the same, and nothing is left of the run under way."""
    display = displays(c)[0]
    assert display.output_type == "display_data"
    plain = display.data["text/plain"]
    match = re.fullmatch(PROGRESS_LINE, plain)
    assert match, f"cell {c.id}: the progress display ends as {plain!r}"
    assert int(match.group(1)) == epochs
    elapsed, loss, accuracy = match.group(2), match.group(3), match.group(4)
    summary = f"{epochs} epochs, final loss {loss}, accuracy {accuracy}% · {elapsed} s"
    root = parse_svg(display.data["image/svg+xml"], f"cell {c.id}, progress")
    assert root.find(SVG_NS + "title").text == f"Training loss ({summary})"
    texts = svg_texts(root)
    assert texts[:2] == ["Training loss", summary], "the chart's title, and its subtitle ending in the elapsed time"
    for representation in (plain, display.data["image/svg+xml"]):
        assert "Training…" not in representation and "Training..." not in representation
        assert "left" not in representation.split(), "no time-left estimate in the final state"
    return {"loss": loss, "accuracy": int(accuracy), "elapsed": elapsed, "root": root}


def polyline(root, name):
    (line,) = [p for p in root.iter(SVG_NS + "polyline") if p.get("class") == name]
    return [tuple(map(float, p.split(","))) for p in line.get("points").split()]


def loss_axis(root, log=False):
    """The loss axis of a loss chart as a function from a loss to its y, from the tick marks on
    the left (pointing left from the axis) and the labels beside them; checks that the labels are
    spaced evenly by value (log=False) or by log10 of the value (log=True). Returns the function
    and the tick labels."""
    marks = [float(line.get("y1")) for line in root.iter(SVG_NS + "line")
             if line.get("y1") == line.get("y2") and float(line.get("x2")) < float(line.get("x1"))]
    left = min(float(line.get("x2")) for line in root.iter(SVG_NS + "line")
               if line.get("y1") == line.get("y2") and float(line.get("x2")) < float(line.get("x1")))
    labels = [t.text for t in root.iter(SVG_NS + "text") if t.get("text-anchor") == "end" and float(t.get("x")) < left]
    assert len(labels) == len(marks) >= 2, (labels, marks)
    scale = (lambda v: math.log10(v)) if log else (lambda v: v)
    (v0, y0), (v1, y1) = (float(labels[0]), marks[0]), (float(labels[-1]), marks[-1])
    slope = (y1 - y0) / (scale(v1) - scale(v0))

    def y(value):
        return y0 + (scale(value) - scale(v0)) * slope

    for label, mark in zip(labels, marks):
        assert abs(y(float(label)) - mark) < 0.02, f"tick {label} at y = {mark}, not where its value goes"
    return y, labels


def assert_loss_curve(root, history, first_loss, log=False):
    """The chart's loss polyline runs over all the epochs, falls, and starts and ends at the
    History's first and last losses, read off the loss axis (to 0.05 px)."""
    epochs, final_loss, _ = history
    points = polyline(root, "loss")
    assert len(points) > 100
    assert all(a[0] <= b[0] for a, b in zip(points, points[1:])), "epochs go left to right"
    assert points[-1][1] > points[0][1] + 100, "the loss falls (SVG y grows downwards)"
    y, _ = loss_axis(root, log)
    assert abs(points[0][1] - y(first_loss)) < 0.05, (points[0], y(first_loss), first_loss)
    assert abs(points[-1][1] - y(final_loss)) < 0.05, (points[-1], y(final_loss), final_loss)
    texts = svg_texts(root)
    assert "epoch" in texts and str(epochs) in texts, "the epoch axis"


def history_first_loss(history):
    """The loss of epoch 1 in a History's table of epochs (6 significant digits)."""
    (row,) = [line for line in history.data["text/plain"].split("\n") if re.match(r"\s+1\s", line)]
    return float(row.split()[1])


def test_training_progress_is_one_display_updated_in_place(executed, iopub):
    ids = set()
    for tag, epochs in TRAINING_CELLS.items():
        c = cell(executed, tag)
        final_progress(c, epochs)
        shown = [m for m in iopub[c.id] if m["msg_type"] in ("display_data", "update_display_data", "execute_result")]
        first, *updates = [m for m in shown if m["msg_type"] != "execute_result"]
        assert first["msg_type"] == "display_data", f"cell {tag!r}: {[m['msg_type'] for m in shown]}"
        display_id = (first["content"].get("transient") or {}).get("display_id")
        assert display_id, f"cell {tag!r}: the progress display has no display_id"
        ids.add(display_id)
        assert updates, f"cell {tag!r}: the progress display was never updated"
        for update in updates:
            assert update["msg_type"] == "update_display_data", f"cell {tag!r}: a second display"
            assert update["content"]["transient"]["display_id"] == display_id
        # The start is the chart of the run under way, titled "Training…"; the last update is the
        # final state, which nbclient applied to the stored output.
        start = parse_svg(first["content"]["data"]["image/svg+xml"], f"cell {tag!r}, the progress at the start")
        assert start.find(SVG_NS + "title").text.startswith("Training… ("), start.find(SVG_NS + "title").text
        assert displays(c)[0].data == updates[-1]["content"]["data"]
        assert len([o for o in c.outputs if o.output_type == "display_data"]) == 1
    assert len(ids) == len(TRAINING_CELLS), "each train call has a display of its own"
    others = [c.id for c in code_cells(executed) if not set(tags(c)) & set(TRAINING_CELLS)
              for m in iopub[c.id] if m["msg_type"] == "update_display_data"]
    assert not others, f"update_display_data from cells that do not train: {others}"


def test_training_history_and_loss_chart(executed):
    train = cell(executed, "train")
    history = result(train)
    # `history` of the call above, as the cell's result: its numbers only, the chart being in the
    # progress display already.
    assert set(history.data) == {"text/plain"}
    epochs, final_loss, accuracy = summary = history_summary(history)
    assert (epochs, accuracy) == (2000, 100) and final_loss < 0.01
    plain = history.data["text/plain"]
    last_row = plain.split("\n")[-1].split()
    assert last_row[0] == "2000" and shows(last_row[1], repr(final_loss)) and last_row[2] == "100%"
    first_loss = history_first_loss(history)

    progress = final_progress(train, 2000)
    assert float(progress["loss"]) == four_digits(final_loss), (progress["loss"], final_loss)
    assert progress["accuracy"] == accuracy
    assert_loss_curve(progress["root"], summary, first_loss)
    assert "loss" in svg_texts(progress["root"])

    # plot(history) draws the same chart, without the time the run took.
    chart = result(cell(executed, "loss-chart"))
    root = parse_svg(chart.data["image/svg+xml"], "plot(history)")
    shown = f"2000 epochs, final loss {progress['loss']}, accuracy 100%"
    assert root.find(SVG_NS + "title").text == f"Training loss ({shown})"
    assert svg_texts(root)[:2] == ["Training loss", shown]
    assert_loss_curve(root, summary, first_loss)
    for name in ("loss", "accuracy"):
        assert polyline(root, name) == polyline(progress["root"], name), f"the {name} curves differ"
    text = chart.data["text/plain"]
    assert text.split("\n")[0] == "loss per epoch"
    final = re.fullmatch(r"final loss (\S+), accuracy 100% after 2000 of 2000 epochs", text.split("\n")[-1])
    assert final and shows(final.group(1), repr(final_loss)), text.split("\n")[-1]


def test_log_scale_loss_chart(executed):
    history = result(cell(executed, "train"))
    summary = history_summary(history)
    linear = parse_svg(result(cell(executed, "loss-chart")).data["image/svg+xml"], "plot(history)")
    chart = result(cell(executed, "loss-chart-log"))
    root = parse_svg(chart.data["image/svg+xml"], "plot(history, logScale: true)")
    assert root.find(SVG_NS + "title").text == linear.find(SVG_NS + "title").text
    texts = svg_texts(root)
    assert "loss (log scale)" in texts and "loss" not in texts[:texts.index("loss (log scale)")]
    _, labels = loss_axis(root, log=True)
    powers = [round(math.log10(float(label))) for label in labels]
    assert [float(label) for label in labels] == [10.0 ** k for k in powers], f"not powers of ten: {labels}"
    assert powers == list(range(powers[0], powers[0] + len(powers))), f"one tick per power of ten: {labels}"
    # The axis spans the losses, and the curve starts and ends at the first and last losses.
    assert float(labels[0]) <= summary[1] and float(labels[-1]) >= history_first_loss(history)
    assert_loss_curve(root, summary, history_first_loss(history), log=True)
    assert polyline(root, "accuracy") == polyline(linear, "accuracy")
    assert chart.data["text/plain"].split("\n")[0] == "loss per epoch (log scale)"


def test_log_scale_loss_chart_text_names_the_final_loss(executed):
    """The text drawing of a log-scale chart ends, like the linear one, in the final loss itself
    (its axis is on log10 of the loss; the loss it reports is not)."""
    _, final_loss, _ = history_summary(result(cell(executed, "train")))
    last = result(cell(executed, "loss-chart-log")).data["text/plain"].split("\n")[-1]
    final = re.fullmatch(r"final loss (\S+), accuracy 100% after 2000 of 2000 epochs", last)
    assert final and shows(final.group(1), repr(final_loss)), f"{last!r}: the final loss is {final_loss}"


def test_decision_boundary(executed):
    c = cell(executed, "decision-boundary")
    accuracy = float(re.fullmatch(r"accuracy: (\S+)\n", stdout(c)).group(1))
    boundary = result(c)
    root = parse_svg(boundary.data["image/svg+xml"], "decision boundary")
    title = root.find("{http://www.w3.org/2000/svg}title").text
    match = re.fullmatch(r"Decision boundary \(network 2 → 8 → 1 on 200 samples, accuracy (\d+)%\)", title)
    assert match, title
    assert int(match.group(1)) == round(accuracy * 100)
    samples = [t for t in svg_titles(root, "circle") if t.startswith("sample ")]
    assert [int(t.split(":")[0].split()[1]) for t in samples] == list(range(200))
    classes = [t.rsplit(" ", 1)[1] for t in samples]
    assert classes.count("0") == 100 and classes.count("1") == 100, "moons: ⌈200/2⌉ points of class 0"
    texts = svg_texts(root)
    assert "boundary (a = 0.5)" in texts
    # The inputs are x₀ (across) and x₁ (up): indices start at 0.
    assert "x₀" in texts and "x₁" in texts and "x₂" not in texts, texts
    assert boundary.data["text/plain"].startswith("decision boundary of 2-8-1 on 200 samples (x0 across, x1 up)")
    # `classifier.train(…);` left its progress display, ending as the run's loss chart.
    progress = final_progress(c, 200)
    points = polyline(progress["root"], "loss")
    assert len(points) > 100 and points[-1][1] > points[0][1] + 100, "the loss falls (SVG y grows downwards)"
    assert float(progress["loss"]) < 0.05 and progress["accuracy"] >= 90


def test_show_displays_at_once(executed):
    c = cell(executed, "show")
    d1, d2, net = displays(c)
    _, grads = gradient_tables(executed)
    for shown, sym, n in [(d1, "δ<sup>1</sup>", 3), (d2, "δ<sup>2</sup>", 2)]:
        (table,) = html_tables(shown.data["text/html"])
        # g.delta[l] is the vector δ^l, titled so.
        assert table["caption"] == table_by_symbol(grads, sym)["caption"]
        assert table["columns"] == [sym]
        assert_grid_labels(table, n)
        assert [cells for _, cells in table["rows"]] == [cells for _, cells in table_by_symbol(grads, sym)["rows"]]
        plain_title = sym.replace("<sup>", "^").replace("</sup>", "") + f" ({n})"
        assert shown.data["text/plain"].startswith(plain_title + "\n")
        assert_plain_matches_html(plain_tables(shown.data["text/plain"])[plain_title], table)
    assert net.data["image/svg+xml"] == result(cell(executed, "diagram")).data["image/svg+xml"]
    assert net.data["text/plain"].startswith("Network: 2 inputs → 3 → 2, 17 parameters")


# MARK: - Exports


def exported_svgs(nb):
    """The image/svg+xml of every output that the exports show as SVG, in order."""
    return [o.data["image/svg+xml"] for c in code_cells(nb) for o in c.outputs
            if o.output_type != "stream" and shown_as(o) == "image/svg+xml"]


def test_html_export(executed, html_export, build_dir):
    body, soup = html_export
    assert (build_dir / "displays.html").read_text() == body
    svgs = []
    for c in code_cells(executed):
        area = soup.find(id=f"cell-id={c.id}")
        assert area is not None, f"cell {c.id} is missing from the HTML export"
        shown = area.select("div.jp-OutputArea-output")
        assert len(shown) == len(c.outputs), f"cell {c.id}: {len(shown)} outputs exported of {len(c.outputs)}"
        for div, output in zip(shown, c.outputs):
            mime = shown_as(output)
            assert div.get("data-mime-type") == mime, f"cell {c.id}: exported as {div.get('data-mime-type')}"
            assert not div.find_all("script"), f"cell {c.id}: a script in an exported output"
            if mime == "text/html":
                # The same tables, captions, labels and full-precision titles, and the same
                # heatmap images, byte for byte.
                assert html_tables(div.decode_contents()) == html_tables(output.data["text/html"])
                assert not div.find_all("svg")
                images = [(img.get("alt"), img.get("src")) for img in div.find_all("img")]
                assert images == [(h["alt"], SVG_DATA_URI + base64.b64encode(h["svg"].encode()).decode())
                                  for h in heatmap_images(output.data["text/html"])], f"cell {c.id}: the heatmaps differ"
            elif mime == "text/markdown":
                # Rendered from Markdown, with the LaTeX left for MathJax.
                text = div.get_text()
                for block in latex_blocks(output.data["text/latex"]):
                    assert block in text, f"cell {c.id}: {block!r} missing from the HTML export"
            elif mime == "image/svg+xml":
                img = div.find("img")
                prefix = "data:image/svg+xml;base64,"
                assert img is not None and img["src"].startswith(prefix), f"cell {c.id}: the chart is not inline"
                svg = base64.b64decode(img["src"][len(prefix):]).decode()
                assert svg == output.data["image/svg+xml"]
                parse_svg(svg, f"cell {c.id} in the HTML export")
                svgs.append(svg)
            else:
                text = output.text if output.output_type == "stream" else output.data["text/plain"]
                assert text.strip() in div.get_text(), f"cell {c.id}: its text is missing"
    assert svgs == exported_svgs(executed) and len(svgs) >= 5

    # What the issue names, by name: weight tables, δ tables, the explain formula, the charts.
    weights = soup.find(id="cell-id=" + cell(executed, "weights").id)
    assert [symbol(t) for t in html_tables(weights.decode_contents())] == ["W<sup>1</sup>", "W<sup>2</sup>"]
    backward = soup.find(id="cell-id=" + cell(executed, "backward").id)
    assert {"δ<sup>1</sup>", "δ<sup>2</sup>"} <= {symbol(t) for t in html_tables(backward.decode_contents())}
    explain = soup.find(id="cell-id=" + cell(executed, "explain-hidden").id).get_text()
    assert r"\frac{\partial C}{\partial W^{1}_{21}} = \delta^{1}_{2}\, a^{0}_{1}" in explain
    assert "&= " + stdout(cell(executed, "gradient-entries")).split()[0] in explain
    for tag, title in [("large-matrix", "Matrix (784 × 128) heatmap"), ("large-layer", "∂C/∂W^1 (3 × 50) heatmap")]:
        (img,) = soup.find(id="cell-id=" + cell(executed, tag).id).find_all("img")
        assert img["src"].startswith(SVG_DATA_URI)
        svg = parse_svg(base64.b64decode(img["src"][len(SVG_DATA_URI):]).decode(), f"{tag}'s heatmap in the HTML export")
        assert svg.find(SVG_NS + "title").text == title


def test_markdown_export(executed, markdown_export, build_dir):
    body, resources = markdown_export
    assert (build_dir / "displays.md").read_text() == body
    html_outputs = []
    for c in code_cells(executed):
        for output in c.outputs:
            mime = shown_as(output)
            if mime == "text/html":
                # Raw HTML blocks, verbatim: tables, and the large matrix's heatmap inside.
                assert output.data["text/html"] in body, f"cell {c.id}: its HTML table is missing"
                html_outputs.append(output.data["text/html"])
            elif mime == "text/markdown":
                assert output.data["text/markdown"] in body, f"cell {c.id}: its Markdown is missing"
    assert html_tables(body) == [t for h in html_outputs for t in html_tables(h)]

    # Charts are extracted to files next to the Markdown and referenced in order.
    references = re.findall(r"!\[svg\]\(([^)\s]+)\)", body)
    svgs = exported_svgs(executed)
    assert len(references) == len(svgs) >= 5
    # SVG data: URIs appear only inside the raw HTML of tables, as their heatmaps.
    outside_html = body
    for html in html_outputs:
        outside_html = outside_html.replace(html, "", 1)
    assert "data:image/svg" not in outside_html
    assert body.count("data:image/svg") == sum(h.count("data:image/svg") for h in html_outputs) == 2
    for reference, svg in zip(references, svgs):
        assert reference.startswith("displays_files/") and reference.endswith(".svg")
        path = build_dir / reference
        assert path.is_file(), f"{reference} was not written"
        assert path.read_text() == svg
        parse_svg(path.read_text(), reference)
    assert set(resources["outputs"]) == set(references)

    # What the issue names, by name.
    assert '<b>W<sup>1</sup></b> · <span style="color:#555">3 × 2</span>' in body
    assert "<b>δ<sup>2</sup></b>" in body and "<b>δ<sup>1</sup></b>" in body
    assert r"\frac{\partial C}{\partial W^{1}_{21}} = \delta^{1}_{2}\, a^{0}_{1}" in body
    assert r"\frac{\partial C}{\partial W^{2}_{10}} = \delta^{2}_{1}\, a^{1}_{0}" in body
    assert r"\frac{\partial C}{\partial b^{1}_{0}} = \delta^{1}_{0}" in body
    assert "&= " + stdout(cell(executed, "gradient-entries")).split()[0] in body
    for tag in ("large-matrix", "large-layer"):
        (image,) = re.findall(r"<img [^>]*/>", result(cell(executed, tag)).data["text/html"])
        assert body.count(image) == 1, f"{tag}'s heatmap is not in the Markdown as it was"
