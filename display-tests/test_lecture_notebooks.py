"""The lecture notebooks, notebooks/*.ipynb (issue 6), run and checked.

Each notebook is committed with its outputs, made by `backprop-kernel execute`. The tests check
that every committed notebook is valid nbformat 4.5 with the Backprop kernelspec and error-free
outputs; that it runs through the installed kernel with nbclient and through
`backprop-kernel execute --output` with the same outputs and execution counts; that the committed
outputs are a fresh run's (elapsed times aside), so the files are up to date; that the Markdown
links nowhere outside and the outputs are self-contained; and that the numbers the notebooks show
are right, recomputed here in plain Python (no NumPy):

- 01, two nodes in series: the forward pass, every factor of the chain rule, δ1 = σ'(z1) w2 δ2,
  the finite differences, a five-node chain (its weights drawn here from the seed, see below)
  and one gradient-descent step;
- 02, the fully connected lecture on Matt Mazur's worked example: his published activations,
  cost, ∂E/∂w5 = 0.082167041, ∂E/∂w1 = 0.000438568 and updated weights, every δ and gradient
  recomputed, the gradient check, and the recursion on a deeper network;
- 03, training: the initial weights (from the seed), XOR learnt (outputs on the right side of
  0.5, the hidden nodes as the text describes them, recomputed from the printed weights), the
  moons test accuracy and the optimizers' ranking;
- 04, saturation and initialization: every table of delta sizes recomputed from the seeds, the
  sigmoid's deltas shrinking layer by layer towards the input, and the training results the text
  states.

Initial weights are recomputed as docs/LANGUAGE.md ("Seeds and initializers") defines them:
SplitMix64 seeded with the seed, W^1 … W^L row by row, u = top 53 bits / 2^53, uniform
low + (high − low) u, Gaussian √(−2 ln(1 − u1)) cos(2π u2).
"""

import json
import math
import re
import subprocess
import time
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
NAMES = [p.stem for p in NOTEBOOKS]
EXPECTED = ["01-two-nodes-in-series", "02-fully-connected-backprop", "03-training",
            "04-saturation-and-initialization"]
KERNELSPEC = {"name": "backprop", "display_name": "Backprop (Swift DSL)", "language": "backprop"}
MAX_OUTPUT_BYTES = 1 << 20
# What one notebook may take under `backprop-kernel execute` (a debug build runs each in about a
# second; the bound only catches a notebook that became slow).
MAX_SECONDS = 30

# "0.2 s", "1 min 05 s" elapsed or left: the only figures that differ between two runs.
TIMES = re.compile(r"\d+(\.\d+)? s\b|\d+ min \d+ s|\d+ h \d+ min")


def comparable(output):
    """An output as JSON text with its times blanked."""
    return TIMES.sub("T", json.dumps(output, sort_keys=True, ensure_ascii=False))


# MARK: - Reference computations


class SplitMix64:
    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def gaussian(self):
        u1, u2 = self.uniform(), self.uniform()
        return math.sqrt(-2 * math.log(1 - u1)) * math.cos(2 * math.pi * u2)


def initial_weights(sizes, seed, initializer="xavier"):
    """[None, W^1, …, W^L] as the library draws them; initializer is a name or ("uniform", a, b)."""
    rng = SplitMix64(seed)
    weights = [None]
    for n_in, n_out in zip(sizes, sizes[1:]):
        if initializer == "xavier":
            r = math.sqrt(6 / (n_in + n_out))
            draw = lambda: -r + 2 * r * rng.uniform()
        elif initializer == "he":
            draw = lambda: rng.gaussian() * math.sqrt(2 / n_in)
        elif initializer == "normal":
            draw = lambda: rng.gaussian() / math.sqrt(n_in)
        elif initializer == "zeros":
            draw = lambda: 0.0
        else:
            _, low, high = initializer
            draw = lambda: low + (high - low) * rng.uniform()
        weights.append([[draw() for _ in range(n_in)] for _ in range(n_out)])
    return weights


def sigmoid(z):
    try:
        return 1 / (1 + math.exp(-z))
    except OverflowError:
        return 0.0


ACTIVATIONS = {
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))),
    "tanh": (math.tanh, lambda z: 1 - math.tanh(z) ** 2),
    "relu": (lambda z: max(0.0, z), lambda z: 1.0 if z > 0 else 0.0),
}


def backprop(W, b, activations, x, y):
    """Forward and backward pass with the squared error: z, a, δ (lists indexed by layer), C."""
    L = len(W) - 1
    z, a = [None], [list(x)]
    for l in range(1, L + 1):
        f = ACTIVATIONS[activations[l - 1]][0]
        z.append([sum(w * v for w, v in zip(row, a[l - 1])) + b[l][k] for k, row in enumerate(W[l])])
        a.append([f(v) for v in z[l]])
    slope = lambda l: [ACTIVATIONS[activations[l - 1]][1](v) for v in z[l]]
    delta = [None] * (L + 1)
    delta[L] = [(o - t) * s for o, t, s in zip(a[L], y, slope(L))]
    for l in range(L - 1, 0, -1):
        delta[l] = [sum(W[l + 1][m][k] * delta[l + 1][m] for m in range(len(delta[l + 1]))) * s
                    for k, s in enumerate(slope(l))]
    C = 0.5 * sum((t - o) ** 2 for o, t in zip(a[L], y))
    return z, a, delta, C


def zero_biases(W):
    return [None] + [[0.0] * len(W[l]) for l in range(1, len(W))]


def mean_abs(v):
    return sum(abs(x) for x in v) / len(v)


def close(a, b, rel=1e-12, abs_tol=1e-300):
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=abs_tol)


def assert_close(found, expected, rel=1e-12, what="", abs_tol=1e-300):
    if isinstance(expected, (list, tuple)):
        assert len(found) == len(expected), f"{what}: {found} has not the shape of {expected}"
        for i, (f, e) in enumerate(zip(found, expected)):
            assert_close(f, e, rel, f"{what}[{i}]", abs_tol)
    else:
        assert close(found, expected, rel, abs_tol), f"{what}: {found} != {expected} (rel {rel})"


# MARK: - Reading notebooks


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def tagged(nb, tag):
    found = [c for c in code_cells(nb) if tag in tags(c)]
    assert len(found) == 1, f"expected one code cell tagged {tag!r}, found {len(found)}"
    for o in found[0].outputs:
        if o.output_type == "error":
            pytest.fail(f"cell {tag!r} failed: {o.ename}: {o.evalue}")
    return found[0]


def stdout(cell):
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


def result(cell):
    found = [o for o in cell.outputs if o.output_type == "execute_result"]
    assert len(found) == 1, f"expected one execute_result, got {[o.output_type for o in cell.outputs]}"
    return found[0]


def displays(cell):
    return [o for o in cell.outputs if o.output_type == "display_data"]


def parse_value(text):
    """A number, or a JSON array of numbers, as print writes them."""
    text = text.strip()
    if text.startswith("["):
        return json.loads(text)
    return float(text)


def labelled(text):
    """{label: value} of the lines `label = value` (the value after the last ' = ')."""
    found = {}
    for line in text.splitlines():
        if " = " in line:
            label, value = line.rsplit(" = ", 1)
            try:
                found[label.strip()] = parse_value(value)
            except ValueError:
                pass
    return found


def after(text, label):
    """The value printed right after `label` on its line (a number or an array)."""
    for line in text.splitlines():
        if line.startswith(label):
            rest = line[len(label):].strip()
            if rest.startswith("["):
                depth = 0
                for i, ch in enumerate(rest):
                    depth += ch == "["
                    depth -= ch == "]"
                    if depth == 0:
                        return json.loads(rest[:i + 1])
            return float(rest.split()[0])
    raise AssertionError(f"no line starts with {label!r} in:\n{text}")


def html_tables(markup):
    """{caption text: rows of cells} of a table display's text/html, each cell the full-precision
    number of its title (or its text), e.g. {"W1 · 2 × 2": [[0.15, 0.2], [0.25, 0.3]]}."""
    def value(td):
        text = td.get("title", td.get_text())
        try:
            return float(text)
        except ValueError:
            return text

    tables = {}
    for table in BeautifulSoup(markup, "html.parser").find_all("table"):
        caption = table.find("caption")
        rows = [[value(td) for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]
        tables[caption.get_text() if caption else ""] = rows
    return tables


def table_of(tables, symbol):
    """The one table whose caption names `symbol` ("W1" for W^1, "δ2", "∂C/∂b1", …)."""
    found = [rows for caption, rows in tables.items() if caption.startswith(symbol + " · ")]
    assert len(found) == 1, f"expected one table {symbol!r}, captions: {list(tables)}"
    return found[0]


def only_table(output):
    """The rows of the one table of an output's text/html."""
    (rows,) = html_tables(output.data["text/html"]).values()
    return rows


def plain_table(text, title):
    """The rows of numbers under `title` in a text/plain display (k = … or s = … rows)."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    rows = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        match = re.match(r"^\s*[ks] = \d+\s+(.*)$", line)
        if match:
            rows.append([float(v) for v in match.group(1).split()])
    return rows


def sci(text):
    """A number written by the notebooks' sci helper (4 significant digits, e.g. 3.018e-6)."""
    return float(text)


SCI = 6e-4  # the relative rounding of 4 significant digits, with a margin


# MARK: - Running the notebooks


@pytest.fixture(scope="module")
def by_command(kernel_binary, build_dir):
    """{name: (the notebook run by `backprop-kernel execute --output`, what it printed, seconds)},
    each run once, on first use."""
    runs = {}

    def run(name):
        if name not in runs:
            source = NOTEBOOK_DIR / f"{name}.ipynb"
            out = build_dir / f"lecture-{name}.ipynb"
            started = time.monotonic()
            done = subprocess.run([str(kernel_binary), "execute", str(source), "--output", str(out)],
                                  capture_output=True, text=True, timeout=300)
            seconds = time.monotonic() - started
            assert done.returncode == 0, f"{name}: execute failed:\n{done.stdout}{done.stderr}"
            runs[name] = (nbformat.read(out, as_version=4), done, seconds)
        return runs[name]

    return run


@pytest.fixture(scope="module")
def by_nbclient(kernel_name, kernel_binary, build_dir):
    """{name: the notebook run by nbclient through the installed kernelspec}, on first use."""
    spec = KernelSpecManager().get_kernel_spec(kernel_name)
    assert Path(spec.argv[0]).resolve() == kernel_binary.resolve(), (
        f"the kernelspec {kernel_name!r} runs {spec.argv[0]}, not {kernel_binary}")
    runs = {}

    def run(name):
        if name not in runs:
            nb = nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)
            NotebookClient(nb, kernel_name=kernel_name, timeout=120, allow_errors=True,
                           resources={"metadata": {"path": str(build_dir)}}).execute()
            nbformat.write(nb, build_dir / f"lecture-{name}-nbclient.ipynb")
            runs[name] = nb
        return runs[name]

    return run


def errors(nb):
    return [f"cell {c.id}: {o.ename}: {o.evalue}" for c in code_cells(nb) for o in c.outputs
            if o.output_type == "error"]


def assert_same_outputs(mine, theirs, what):
    assert [c.id for c in mine.cells] == [c.id for c in theirs.cells], what
    for a, b in zip(mine.cells, theirs.cells):
        assert a.cell_type == b.cell_type and a.source == b.source, f"{what}: cell {a.id}"
        if a.cell_type != "code":
            continue
        assert a.execution_count == b.execution_count, f"{what}: cell {a.id}"
        assert [comparable(o) for o in a.outputs] == [comparable(o) for o in b.outputs], f"{what}: cell {a.id}"


# MARK: - Every notebook


def test_the_four_lecture_notebooks_are_there():
    assert NAMES == EXPECTED


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_valid_with_clean_outputs(name):
    nb = nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    assert nb.metadata.kernelspec == KERNELSPEC
    assert nb.metadata.language_info.name == "backprop"
    ids = [c.id for c in nb.cells]
    assert len(set(ids)) == len(ids)
    code = code_cells(nb)
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "committed without a full run"
    assert all(c.outputs for c in code if "tags" in c.metadata), "a tagged cell has no output"
    assert not errors(nb), errors(nb)
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    assert len(markdown) >= len(code) // 2, "explain the code"
    assert any("$$" in c.source for c in markdown), "the formulas are LaTeX"


@pytest.mark.parametrize("name", NAMES)
def test_nothing_links_outside(name):
    """No outside URL in the Markdown (so the HTML export has none) and self-contained outputs
    of at most 1 MiB each."""
    nb = nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)
    for c in nb.cells:
        if c.cell_type == "markdown":
            assert not re.search(r"https?:|www\.|\]\(|<a\s|<img|src\s*=", c.source, re.I), f"cell {c.id} links out"
    for c in code_cells(nb):
        for o in c.outputs:
            size = len(json.dumps(o.get("data", o.get("text", ""))).encode())
            assert size <= MAX_OUTPUT_BYTES, f"cell {c.id}: an output of {size} bytes"
            for mime in ("text/html", "image/svg+xml", "text/markdown", "text/latex"):
                text = o.get("data", {}).get(mime, "")
                text = re.sub(r'\sxmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", text)
                assert not re.search(r"https?://|<\s*script", text, re.I), f"cell {c.id}: {mime} links out"


@pytest.mark.parametrize("name", NAMES)
def test_runs_alike_with_nbclient_and_with_execute(name, by_command, by_nbclient):
    mine, done, seconds = by_command(name)
    source = NOTEBOOK_DIR / f"{name}.ipynb"
    assert done.stdout.startswith(f"ran {len(code_cells(mine))} code cells of {source}; wrote ")
    assert done.stderr == ""
    assert seconds < MAX_SECONDS, f"{name} took {seconds:.1f} s"
    assert not errors(mine)
    theirs = by_nbclient(name)
    assert not errors(theirs), errors(theirs)
    assert_same_outputs(mine, theirs, f"{name}: execute vs nbclient")
    assert mine.metadata.language_info == theirs.metadata.language_info


@pytest.mark.parametrize("name", NAMES)
def test_committed_outputs_are_up_to_date(name, by_command):
    committed = nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)
    fresh, _, _ = by_command(name)
    assert_same_outputs(committed, fresh, f"{name}: committed vs a fresh run (run `backprop-kernel "
                                          f"execute notebooks/{name}.ipynb` to update)")
    assert committed.metadata == fresh.metadata


@pytest.mark.parametrize("name", NAMES)
def test_html_export_has_no_outside_urls(name, kernel_binary, build_dir):
    """`execute --html` (once the binary has it): a page with no script and no outside URL."""
    page = build_dir / f"lecture-{name}.html"
    done = subprocess.run([str(kernel_binary), "execute", str(NOTEBOOK_DIR / f"{name}.ipynb"),
                           "--output", str(build_dir / f"lecture-{name}-html.ipynb"), "--html", str(page)],
                          capture_output=True, text=True, timeout=300)
    if done.returncode == 2 and "unknown option '--html'" in done.stderr:
        pytest.skip("this backprop-kernel has no `execute --html` yet")
    assert done.returncode == 0, done.stderr
    html = re.sub(r'\sxmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", page.read_text(encoding="utf-8"))
    assert not re.search(r"https?://|<\s*script", html, re.I)


# MARK: - 01: two nodes in series


def test_01_two_nodes_by_the_chain_rule(by_command):
    nb, _, _ = by_command("01-two-nodes-in-series")
    w1, b1, w2, b2, x, y = 0.8, -0.4, 1.5, 0.2, 0.7, 0.1
    s = lambda z: sigmoid(z) * (1 - sigmoid(z))
    z1 = w1 * x + b1
    a1 = sigmoid(z1)
    z2 = w2 * a1 + b2
    a2 = sigmoid(z2)
    C = 0.5 * (y - a2) ** 2
    d2 = (a2 - y) * s(z2)
    d1 = s(z1) * w2 * d2

    forward = labelled(stdout(tagged(nb, "forward")))
    assert_close([forward[k] for k in ("z1", "a1", "z2", "a2", "C")], [z1, a1, z2, a2, C], what="forward")
    table = result(tagged(nb, "forward")).data["text/plain"]
    assert_close(plain_table(table, "layer 2"), [[z2, a2]], rel=5e-6, what="forward pass display")

    slopes = labelled(stdout(tagged(nb, "sigmoid-prime")))
    assert_close(slopes["sigmoidPrime(z1)"], s(z1), what="σ'(z1)")
    assert_close(slopes["centred slope"], s(z1), rel=1e-8, what="centred σ'(z1)")
    assert slopes["sigmoidPrime(0)"] == 0.25

    out = labelled(stdout(tagged(nb, "output-node")))
    assert_close([out[k] for k in ("∂C/∂a2", "∂a2/∂z2", "∂z2/∂w2", "δ2", "∂C/∂w2", "∂C/∂b2")],
                 [a2 - y, s(z2), a1, d2, d2 * a1, d2], what="output node")

    hidden = labelled(stdout(tagged(nb, "hidden-node")))
    whole_chain = (a2 - y) * s(z2) * w2 * s(z1) * x
    assert_close(hidden["∂C/∂w1 (whole chain)"], whole_chain, what="whole chain")
    assert_close(hidden["δ1 = σ'(z1) w2 δ2"], d1, what="δ1 from δ2")
    assert_close(hidden["∂C/∂w1 = δ1 x"], d1 * x, what="∂C/∂w1")
    assert_close(hidden["∂C/∂b1 = δ1"], d1, what="∂C/∂b1")

    # backward's display and the side-by-side comparison.
    shown = result(tagged(nb, "backward")).data["text/plain"]
    assert_close(re.match(r"loss C = (\S+) \(squaredError, 1 sample\)", shown).group(1), C)
    assert_close(plain_table(shown, "δ^2"), [[d2]], rel=5e-6)
    assert_close(plain_table(shown, "δ^1"), [[d1]], rel=5e-6)
    assert_close(plain_table(shown, "∂C/∂W^1"), [[d1 * x]], rel=5e-6)
    compare = stdout(tagged(nb, "compare")).splitlines()
    assert len(compare) == 7
    for line in compare:
        hand, lib, diff = re.search(r"by hand (\S+)\s+backward (\S+)\s+difference (\S+)", line).groups()
        assert abs(float(hand) - float(lib)) == float(diff) <= 1e-16, line

    # Finite differences agree with backprop to about 1e-9 relative.
    lines = stdout(tagged(nb, "finite-differences")).splitlines()
    expected = {"∂C/∂w1": d1 * x, "∂C/∂b1": d1, "∂C/∂w2": d2 * a1, "∂C/∂b2": d2}
    assert len(lines) == 4
    for line in lines:
        name, numeric, analytic = re.match(r"(\S+) ≈ (\S+)\s+backprop: (\S+)", line).groups()
        assert_close(analytic, expected[name], what=name)
        assert_close(numeric, expected[name], rel=1e-7, what=f"{name} numerically")


def test_01_a_longer_chain_runs_backwards(by_command):
    """Five nodes in series from the seed 7: δ_l = σ'(z_l) w_(l+1) δ_(l+1), and it shrinks."""
    nb, _, _ = by_command("01-two-nodes-in-series")
    W = initial_weights([1] * 6, 7)
    z, a, delta, _ = backprop(W, zero_biases(W), ["sigmoid"] * 5, [0.7], [0.1])
    lines = stdout(tagged(nb, "chain")).splitlines()
    assert [int(re.match(r"node (\d):", line).group(1)) for line in lines] == [5, 4, 3, 2, 1]
    for line in lines:
        l = int(line[5])
        w, slope, mine, theirs = re.search(
            r"w = (\S+)\s+σ'\(z\) = (\S+)\s+δ = (\S+)\s+backward δ = (\S+)", line).groups()
        assert_close(w, W[l][0][0], what=f"w_{l}")
        assert_close(slope, sigmoid(z[l][0]) * (1 - sigmoid(z[l][0])), what=f"σ'(z_{l})")
        assert_close(mine, delta[l][0], rel=1e-12, what=f"δ_{l}")
        assert_close(theirs, delta[l][0], rel=1e-12, what=f"backward δ_{l}")
    sizes = [abs(delta[l][0]) for l in range(5, 0, -1)]
    assert sizes == sorted(sizes, reverse=True), "the deltas shrink towards the input"


def test_01_one_step_of_gradient_descent(by_command):
    nb, _, _ = by_command("01-two-nodes-in-series")
    w1, b1, w2, b2, x, y, eta = 0.8, -0.4, 1.5, 0.2, 0.7, 0.1, 0.5
    W = [None, [[w1]], [[w2]]]
    b = [None, [b1], [b2]]
    z, a, delta, C = backprop(W, b, ["sigmoid"] * 2, [x], [y])
    new_W = [None, [[w1 - eta * delta[1][0] * x]], [[w2 - eta * delta[2][0] * a[1][0]]]]
    new_b = [None, [b1 - eta * delta[1][0]], [b2 - eta * delta[2][0]]]
    C_after = backprop(new_W, new_b, ["sigmoid"] * 2, [x], [y])[3]
    text = stdout(tagged(nb, "step"))
    assert_close(after(text, "w1 after:"), new_W[1][0][0])
    assert_close(after(text, "w2 after:"), new_W[2][0][0])
    assert_close(after(text, "cost before:"), C)
    assert_close(re.search(r"after: (\S+)$", text.splitlines()[2]).group(1), C_after)
    assert C_after < C
    assert "W^1 1×1 after the step" in result(tagged(nb, "step")).data["text/plain"]


# MARK: - 02: the fully connected lecture, on Mazur's example

MAZUR_W1 = [[0.15, 0.20], [0.25, 0.30]]
MAZUR_W2 = [[0.40, 0.45], [0.50, 0.55]]
MAZUR_B = [None, [0.35, 0.35], [0.60, 0.60]]
MAZUR_X = [0.05, 0.10]
MAZUR_Y = [0.01, 0.99]


def mazur():
    return backprop([None, MAZUR_W1, MAZUR_W2], MAZUR_B, ["sigmoid"] * 2, MAZUR_X, MAZUR_Y)


def test_02_forward_pass_matches_the_published_example(by_command):
    nb, _, _ = by_command("02-fully-connected-backprop")
    z, a, _, C = mazur()
    sums = stdout(tagged(nb, "forward-sum"))
    assert_close(after(sums, "z^1 with loops:"), z[1])
    assert_close(after(sums, "z^1 = W^1 a^0 + b^1:"), z[1])
    text = labelled(stdout(tagged(nb, "forward")))
    assert_close(text["a^1"], a[1])
    assert_close(text["a^2"], a[2])
    assert_close(text["C"], C)
    # Mazur's published numbers (9 digits): out_h1, out_h2, out_o1, out_o2 and E_total.
    assert [round(v, 9) for v in text["a^1"]] == [0.593269992, 0.596884378]
    assert [round(v, 8) for v in text["a^2"]] == [0.75136507, 0.77292847]
    assert round(text["C"], 9) == 0.298371109
    tables = html_tables(result(tagged(nb, "forward")).data["text/html"])
    for symbol, values in (("z1", z[1]), ("a1", a[1]), ("z2", z[2]), ("a2", a[2])):
        assert_close([row[0] for row in table_of(tables, symbol)], values, what=symbol)


def test_02_gradients_match_the_published_example(by_command):
    """∂E/∂w5 = 0.082167041 and ∂E/∂w1 = 0.000438568, by the loops, by matrices and by backward."""
    nb, _, _ = by_command("02-fully-connected-backprop")
    z, a, delta, C = mazur()
    dW2 = [[delta[2][k] * a[1][j] for j in range(2)] for k in range(2)]
    dW1 = [[delta[1][k] * MAZUR_X[j] for j in range(2)] for k in range(2)]

    out = labelled(stdout(tagged(nb, "output-layer")))
    assert_close(out["δ^2"], delta[2])
    assert round(out["δ^2"][0], 9) == 0.138498562          # Mazur's δ_o1
    assert_close([out["∂E/∂w5 = ∂C/∂W^2_00"], out["∂E/∂w6 = ∂C/∂W^2_01"],
                  out["∂E/∂w7 = ∂C/∂W^2_10"], out["∂E/∂w8 = ∂C/∂W^2_11"]], sum(dW2, []))
    assert round(out["∂E/∂w5 = ∂C/∂W^2_00"], 9) == 0.082167041
    assert_close(only_table(result(tagged(nb, "output-layer"))), dW2)

    hidden = labelled(stdout(tagged(nb, "hidden-sum")))
    dC_da1 = [sum(MAZUR_W2[m][k] * delta[2][m] for m in range(2)) for k in range(2)]
    assert_close(hidden["∂C/∂a^1"], dC_da1)
    assert round(hidden["∂C/∂a^1"][0], 9) == 0.036350306    # Mazur's ∂E_total/∂out_h1
    assert_close(hidden["δ^1"], delta[1])
    assert_close([hidden["∂E/∂w1 = ∂C/∂W^1_00"], hidden["∂E/∂w2 = ∂C/∂W^1_01"],
                  hidden["∂E/∂w3 = ∂C/∂W^1_10"], hidden["∂E/∂w4 = ∂C/∂W^1_11"]], sum(dW1, []))
    assert round(hidden["∂E/∂w1 = ∂C/∂W^1_00"], 9) == 0.000438568

    matrix = stdout(tagged(nb, "hidden-matrix"))
    assert_close(after(matrix, "δ^1 ="), delta[1])
    assert float(re.search(r"largest difference from the loops: (\S+)", matrix).group(1)) == 0.0
    assert_close(only_table(result(tagged(nb, "hidden-matrix"))), dW1)

    # backward's display: every table, with its full-precision titles.
    tables = html_tables(result(tagged(nb, "backward")).data["text/html"])
    assert_close([r[0] for r in table_of(tables, "δ2")], delta[2])
    assert_close([r[0] for r in table_of(tables, "δ1")], delta[1])
    assert_close(table_of(tables, "∂C/∂W2"), dW2)
    assert_close(table_of(tables, "∂C/∂W1"), dW1)
    assert_close([r[0] for r in table_of(tables, "∂C/∂b1")], delta[1])
    compare = stdout(tagged(nb, "compare"))
    assert round(after(compare, "∂E/∂w5 from backward:"), 9) == 0.082167041
    assert round(after(compare, "∂E/∂w1 from backward:"), 9) == 0.000438568
    differences = [float(v) for v in re.findall(r"(?:δ|∂C/∂[Wb])\^\d (\S+)", compare)]
    assert len(differences) == 6 and max(differences) <= 1e-17, compare


def test_02_explain_and_gradient_check(by_command):
    nb, _, _ = by_command("02-fully-connected-backprop")
    _, _, delta, _ = mazur()
    explained = result(tagged(nb, "explain"))
    assert {"text/plain", "text/latex", "text/markdown"} <= set(explained.data)
    plain = explained.data["text/plain"]
    assert plain.startswith("∂C/∂W^1_00 = δ^1_0 · a^0_0")
    assert "(0.4 · 0.138499 + 0.5 · (-0.0380982)) · 0.241301" in plain, "the sum over the next layer"
    assert_close(plain.split("\n")[2].split("=")[1], delta[1][0] * MAZUR_X[0], rel=5e-6)
    assert r"\sum_{m} W^{2}_{m0}" in explained.data["text/markdown"]

    cell = tagged(nb, "gradient-check")
    text = stdout(cell)
    numeric = after(text, "∂E/∂w1 numerically:")
    analytic = after(text, "∂E/∂w1 by backprop:")
    assert_close(analytic, delta[1][0] * MAZUR_X[0])
    assert abs(numeric - analytic) / (abs(numeric) + abs(analytic)) < 1e-6
    check = result(cell).data["text/plain"]
    match = re.match(r"GradientCheck: 12 parameters compared, max relative error (\S+), threshold 1e-06: passed", check)
    assert match and float(match.group(1)) < 1e-6, check.split("\n")[0]


def test_02_one_step_gives_the_published_weights(by_command):
    nb, _, _ = by_command("02-fully-connected-backprop")
    z, a, delta, C = mazur()
    eta = 0.5
    W1 = [[MAZUR_W1[k][j] - eta * delta[1][k] * MAZUR_X[j] for j in range(2)] for k in range(2)]
    W2 = [[MAZUR_W2[k][j] - eta * delta[2][k] * a[1][j] for j in range(2)] for k in range(2)]
    C_after = backprop([None, W1, W2], MAZUR_B, ["sigmoid"] * 2, MAZUR_X, MAZUR_Y)[3]
    text = stdout(tagged(nb, "step"))
    assert_close(after(text, "W^2 after:"), W2)
    assert_close(after(text, "W^1 after:"), W1)
    # Mazur's published w5+ … w8+ and w1+ … w4+ (rounded to 8 or 9 digits).
    assert_close(after(text, "W^2 after:"), [[0.35891648, 0.408666186], [0.511301270, 0.561370121]], rel=2e-8)
    assert_close(after(text, "W^1 after:"), [[0.149780716, 0.19956143], [0.24975114, 0.29950229]], rel=2e-8)
    assert_close(after(text, "cost before:"), C)
    assert_close(after(text, "cost after:"), C_after)
    assert_close(after(text, "cost after:"), 0.291027924, rel=1e-6)   # "agree to six digits"
    assert "biases not updated" in result(tagged(nb, "step")).data["text/plain"]


def test_02_the_recursion_for_any_depth(by_command):
    nb, _, _ = by_command("02-fully-connected-backprop")
    W = initial_weights([2, 4, 3, 2], 11)
    _, _, delta, _ = backprop(W, zero_biases(W), ["sigmoid"] * 3, MAZUR_X, MAZUR_Y)
    lines = stdout(tagged(nb, "any-depth")).splitlines()
    assert len(lines) == 3
    for l, line in enumerate(lines, start=1):
        assert line.startswith(f"δ^{l} = ")
        assert_close(after(line, f"δ^{l} ="), delta[l])
        assert float(line.rsplit(" ", 1)[1]) == 0.0


# MARK: - 03: training


def test_03_initial_weights_and_predictions(by_command):
    nb, _, _ = by_command("03-training")
    W = initial_weights([2, 3, 1], 3)
    tables = html_tables(result(tagged(nb, "weights-before")).data["text/html"])
    assert_close(table_of(tables, "W1"), W[1], what="W^1 before")
    assert_close(table_of(tables, "W2"), W[2], what="W^2 before")
    lines = stdout(tagged(nb, "predictions-before")).splitlines()
    inputs, targets = [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]
    for s in range(4):
        _, a, _, _ = backprop(W, zero_biases(W), ["sigmoid"] * 2, inputs[s], [targets[s]])
        assert_close(re.search(r"a\^2 = (\S+)", lines[s]).group(1), a[2][0], what=f"sample {s}")
        assert 0.4 < a[2][0] < 0.6, "close to 0.5 for every input"
    assert "accuracy: 0.5" in lines[4]


def test_03_xor_is_learnt(by_command):
    nb, _, _ = by_command("03-training")
    inputs, targets = [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]
    train = tagged(nb, "xor-train")
    (chart,) = displays(train)
    assert {"image/svg+xml", "text/plain"} <= set(chart.data)
    assert chart.data["text/plain"].startswith("trained 3000 epochs in ")
    history = result(train).data["text/plain"]
    final = float(re.match(r"History: 3000 of 3000 epochs, final loss (\S+), accuracy 100%", history).group(1))
    assert final < 1e-3
    per_epoch = {int(e): float(loss) for e, loss in re.findall(r"^\s*(\d+)\s+(\S+)\s+\d+%$", history, re.M)}
    assert per_epoch[300] > 0.12 and per_epoch[900] < 0.02, "a plateau of several hundred epochs, then a drop"

    lines = stdout(tagged(nb, "xor-predictions")).splitlines()
    outputs = [float(re.search(r"a\^2 = (\S+)", line).group(1)) for line in lines[:4]]
    for output, target in zip(outputs, targets):
        assert (output > 0.5) == (target == 1), f"{output} for target {target}"
        assert abs(output - target) < 0.1
    assert lines[4].endswith("accuracy: 1.0")

    # The weights and biases after training, as the tables show them (full precision in the HTML),
    # give these outputs, and the hidden nodes do what the text says.
    weights = html_tables(result(tagged(nb, "weights-after")).data["text/html"])
    biases = html_tables(result(tagged(nb, "biases-after")).data["text/html"])
    W = [None, table_of(weights, "W1"), table_of(weights, "W2")]
    b = [None, [r[0] for r in table_of(biases, "b1")], [r[0] for r in table_of(biases, "b2")]]
    hidden = []
    for s in range(4):
        _, a, _, _ = backprop(W, b, ["sigmoid"] * 2, inputs[s], [targets[s]])
        assert_close(a[2][0], outputs[s], rel=1e-12, what=f"output of sample {s}")
        hidden.append(a[1])
    shown = table_of(html_tables(result(tagged(nb, "hidden-activations")).data["text/html"]), "a1")
    assert_close(shown, hidden, rel=1e-12, what="a^1 of the four samples")
    assert [s for s in range(4) if hidden[s][1] > 0.5] == [2], "node 1: x0 and not x1"
    assert [s for s in range(4) if hidden[s][2] > 0.5] == [1], "node 2: x1 and not x0"
    assert max(h[0] for h in hidden) - min(h[0] for h in hidden) < 0.05, "node 0 answers about the same"
    assert W[2][0][1] > 5 and W[2][0][2] > 5, "the output is an or of nodes 1 and 2"
    assert all(abs(w) > 4 for w in W[1][1] + W[1][2]) and b[1][1] < 0 and b[1][2] < 0
    assert all(abs(w) < 0.1 for w in W[1][0])

    assert stdout(tagged(nb, "epoch-is-step")).strip().endswith("true")
    for tag in ("xor-boundary", "xor-loss-log"):
        assert "image/svg+xml" in result(tagged(nb, tag)).data


def test_03_moons_and_optimizers(by_command):
    nb, _, _ = by_command("03-training")
    text = stdout(tagged(nb, "moons-train"))
    assert after(text, "training accuracy:") >= 0.95
    assert after(text, "test accuracy:") >= 0.95
    assert "image/svg+xml" in result(tagged(nb, "moons-boundary")).data

    cell = tagged(nb, "optimizers")
    charts = displays(cell)
    assert len(charts) == 5 and all(c.data["text/plain"].startswith("trained 150 epochs") for c in charts)
    text = stdout(cell)
    before = after(text, "training loss before:")
    final = {}
    for name, loss, accuracy in re.findall(r"^(.+?) → final training loss (\S+)\s+test accuracy (\S+)$", text, re.M):
        final[name.split("(")[0]] = (float(loss), float(accuracy))
    assert list(final) == ["sgd", "momentum", "rmsprop", "adam", "sgd with η = 0.5"]
    loss = {name: v[0] for name, v in final.items()}
    # What the text says: all learn, momentum ahead of sgd, both adaptive methods far ahead.
    assert before > loss["sgd"] > loss["momentum"] > max(loss["rmsprop"], loss["adam"])
    assert max(loss["rmsprop"], loss["adam"]) < loss["momentum"] / 2
    assert final["adam"][1] >= 0.95 and final["rmsprop"][1] >= 0.95
    # "with η = 0.5 it gets as far as Adam did with η = 0.01"
    assert loss["sgd with η = 0.5"] < 1.5 * loss["adam"] and final["sgd with η = 0.5"][1] >= 0.95


# MARK: - 04: saturation and initialization

X4 = [0.9, -0.4, 0.3, 0.7]
Y4 = [1.0]
DEEP = [4] + [8] * 7 + [1]


def deep_deltas(activation, initializer):
    W = initial_weights(DEEP, 1, initializer)
    z, _, delta, _ = backprop(W, zero_biases(W), [activation] * 7 + ["sigmoid"], X4, Y4)
    return z, delta


def rows(text):
    """The lines of a printed table after its header, split into columns."""
    return [line.split() for line in text.splitlines()[1:] if line.strip()]


def test_04_slopes_and_a_saturated_layer(by_command):
    nb, _, _ = by_command("04-saturation-and-initialization")
    for line in stdout(tagged(nb, "slopes")).splitlines():
        z, s, t, r = [float(v) for v in re.findall(r"= (\S+)", line)]
        assert_close(s, sigmoid(z) * (1 - sigmoid(z)))
        assert_close(t, 1 - math.tanh(z) ** 2)
        assert r == (1.0 if z > 0 else 0.0)

    W = initial_weights([4, 8, 1], 2)
    table = rows(stdout(tagged(nb, "saturation")))
    assert [float(r[0]) for r in table] == [1.0, 3.0, 10.0, 30.0, 100.0]
    slopes, hidden, arriving = [], [], []
    for r in table:
        c = float(r[0])
        scaled = [None, [[c * w for w in row] for row in W[1]], W[2]]
        z, a, delta, _ = backprop(scaled, zero_biases(scaled), ["sigmoid"] * 2, X4, Y4)
        mean_slope = sum(sigmoid(v) * (1 - sigmoid(v)) for v in z[1]) / 8
        gradient = mean_abs([delta[1][k] * X4[j] for k in range(8) for j in range(4)])
        expected = [mean_abs(z[1]), mean_slope, mean_abs(delta[2]), mean_abs(delta[1]), gradient]
        assert_close([sci(v) for v in r[1:]], expected, rel=SCI, what=f"c = {c}")
        slopes.append(mean_slope)
        hidden.append(mean_abs(delta[1]))
        arriving.append(mean_abs(delta[2]))
    assert slopes == sorted(slopes, reverse=True) and hidden == sorted(hidden, reverse=True)
    assert hidden[-1] < hidden[0] / 50, "saturated nodes pass almost no delta back"
    assert max(arriving) < 1.2 * min(arriving), "the delta arriving from the output is about the same"


def test_04_sigmoid_deltas_shrink_layer_by_layer(by_command):
    nb, _, _ = by_command("04-saturation-and-initialization")
    z, delta = deep_deltas("sigmoid", "xavier")
    table = rows(stdout(tagged(nb, "sigmoid-deltas")))
    assert [int(r[0]) for r in table] == list(range(8, 0, -1))
    shown = [sci(r[1]) for r in table]
    assert_close(shown, [mean_abs(delta[l]) for l in range(8, 0, -1)], rel=SCI, what="mean |δ^l|")
    assert_close([sci(r[-1]) for r in table], [sum(sigmoid(v) * (1 - sigmoid(v)) for v in z[l]) / len(z[l])
                                              for l in range(8, 0, -1)], rel=SCI, what="mean σ'")
    for r, l in zip(table[1:], range(7, 0, -1)):
        assert_close(sci(r[2]), mean_abs(delta[l]) / mean_abs(delta[l + 1]), rel=SCI, what=f"ratio at {l}")
    # Shrinking at every layer towards the input, by a factor of about 4 (0.1 … 0.35 per layer).
    assert all(b < a for a, b in zip(shown, shown[1:])), shown
    assert all(0.1 < b / a < 0.35 for a, b in zip(shown, shown[1:])), shown
    assert 1e4 < shown[0] / shown[-1] < 1e5, "tens of thousands of times smaller"
    assert all(0.18 < sci(r[-1]) <= 0.25 for r in table), "no sigmoid node is saturated"

    # The diagram carries each node's δ (6 significant digits).
    diagram = result(tagged(nb, "sigmoid-diagram"))
    assert "image/svg+xml" in diagram.data
    for l in range(1, 9):
        values = re.search(rf"^  δ\^{l} = (\[.*\])$", diagram.data["text/plain"], re.M).group(1)
        assert_close(json.loads(values), delta[l], rel=5e-6, what=f"diagram δ^{l}")


def test_04_activations_and_initializers(by_command):
    nb, _, _ = by_command("04-saturation-and-initialization")
    table = rows(stdout(tagged(nb, "activations")))
    columns = {"sigmoid": deep_deltas("sigmoid", "xavier")[1], "tanh": deep_deltas("tanh", "xavier")[1],
               "relu": deep_deltas("relu", "he")[1]}
    for r, l in zip(table[:8], range(8, 0, -1)):
        assert int(r[0]) == l
        assert_close([sci(v) for v in r[1:]], [mean_abs(columns[a][l]) for a in columns], rel=SCI, what=f"layer {l}")
    ratios = {a: mean_abs(d[1]) / mean_abs(d[8]) for a, d in columns.items()}
    assert table[8][0] == "δ^1/δ^8"
    assert_close([sci(v) for v in table[8][1:]], list(ratios.values()), rel=SCI)
    assert ratios["sigmoid"] < 1e-4 and ratios["tanh"] > 0.1 and ratios["relu"] > 0.1

    names = {".xavier": "xavier", ".he": "he", ".normal": "normal", ".uniform(-1,": ("uniform", -1, 1),
             ".uniform(-4,": ("uniform", -4, 4), ".zeros": "zeros"}
    found = {}
    for r in rows(stdout(tagged(nb, "initializers"))):
        initializer = names[r[0]]
        values = r[-3:]
        found[r[0]] = [float(v) for v in values]
        for activation, shown in zip(("sigmoid", "tanh", "relu"), values):
            d = deep_deltas(activation, initializer)[1]
            top, bottom = mean_abs(d[8]), mean_abs(d[1])
            if top == 0:
                assert shown == ("nan" if bottom == 0 else "inf"), (r[0], activation, shown)
            else:
                assert_close(sci(shown), bottom / top, rel=SCI, what=f"{r[0]} {activation}")
    assert list(found) == list(names)
    # What the text says about the table.
    sigmoid_ratios = [found[i][0] for i in list(names)[:-1]]
    assert 1 / 60000 < min(sigmoid_ratios) and max(sigmoid_ratios) < 1 / 700, "at least 700, up to about 50 000"
    assert all(found[i][1] > 0.2 for i in (".xavier", ".he", ".normal")), "tanh keeps a good share"
    assert found[".uniform(-4,"][1] > 1, "tanh explodes with large weights"
    assert found[".xavier"][2] < 0.01 < 0.1 < found[".he"][2], "relu needs He"
    assert 50 < found[".he"][2] / found[".xavier"][2] < 150, "almost a hundred times more"
    assert math.isnan(found[".uniform(-4,"][2])
    assert found[".zeros"] == [0.0, 0.0, 0.0]


def test_04_deep_sigmoid_does_not_train(by_command):
    nb, _, _ = by_command("04-saturation-and-initialization")
    cell = tagged(nb, "training")
    assert len(displays(cell)) == 3
    results = {}
    for name, first, last, accuracy in re.findall(r"^(\w+), \S+: loss (\S+) → (\S+), accuracy (\S+)$", stdout(cell), re.M):
        results[name] = (sci(first), sci(last), float(accuracy))
    assert list(results) == ["sigmoid", "tanh", "relu"]
    assert abs(results["sigmoid"][1] - 0.125) < 0.002 and results["sigmoid"][2] == 0.5
    for name in ("tanh", "relu"):
        first, last, accuracy = results[name]
        assert last < 0.02 < first and accuracy >= 0.95

    text = stdout(tagged(nb, "output-saturation"))
    a = sigmoid(8.0)
    assert_close(after(text, "output a ="), a)
    assert_close(after(text, "δ with the squared error:"), a * a * (1 - a))
    assert_close(after(text, "δ with the cross-entropy:"), a)
