"""The notebook of every display, run in a real JupyterLab and looked at in headless Chromium.

A JupyterLab of the venv (pinned in requirements.txt) is started on 127.0.0.1 with a random token
and temporary Jupyter directories (browser_support.LabServer); Debian's chromium, driven by
Debian's chromedriver, opens display-tests/displays.ipynb on the `backprop` kernel, runs every
cell (the command `notebook:run-all-cells`, as Run ▸ Run All Cells does) and waits for the kernel
to finish. The tests then check the page: every cell ran, nothing went to stderr or failed, each
output was rendered from the MIME type JupyterLab prefers (tables from text/html, SVG images
from image/svg+xml, typeset formulas from text/markdown), the tables are shaded, the SVGs decode
and have a size, MathJax typeset the chain rule, and nothing was fetched from anywhere but the
server. A screenshot of the whole notebook goes to build/display-tests/jupyterlab.png.

The same outputs are then opened as an untrusted notebook (a notebook someone sent you: JupyterLab
passes its HTML through its sanitizer and shows no SVG outputs) and checked again. The heatmaps of
summarised tables are <img> elements with an SVG data: URI inside the tables' HTML, which the
sanitizer keeps: they must decode in both.

On failure, a screenshot, the server's log, the browser's console and chromedriver's log are
saved in build/display-tests/ as browser-failure-*.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import time
import urllib.parse
from pathlib import Path

import nbformat
import pytest

import browser_support

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
NOTEBOOK = "displays.ipynb"
UNTRUSTED_NOTEBOOK = "displays-untrusted.ipynb"

APP_TIMEOUT = 60       # JupyterLab's page up and restored
KERNEL_TIMEOUT = 60    # the kernel started and idle
RUN_TIMEOUT = 120      # every cell executed
RENDER_TIMEOUT = 30    # MathJax typeset, SVG images decoded
MAX_SCREENSHOT_HEIGHT = 16000

# --- JavaScript run in the page (window.jupyterapp: --LabApp.expose_app_in_browser) -------------

JS_OPEN_NOTEBOOK = """
const [path, timeout, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const dialog = () => {
  const d = document.querySelector('.jp-Dialog');
  return d ? ' (dialog: ' + d.innerText.replace(/\\s+/g, ' ').slice(0, 500) + ')' : '';
};
const timer = setTimeout(() => done({ok: false, error: 'timed out' + dialog()}), timeout * 1000);
(async () => {
  const app = window.jupyterapp;
  await app.started;
  await app.restored;
  app.shell.collapseLeft();
  app.shell.collapseRight();
  const panel = await app.commands.execute('docmanager:open',
      {path, factory: 'Notebook', kernel: {name: 'backprop'}});
  await panel.context.ready;
  await panel.sessionContext.ready;
  app.shell.activateById(panel.id);
  window.__backprop = window.__backprop || {};
  window.__backprop[path] = {panel};
  clearTimeout(timer);
  done({ok: true, id: panel.id});
})().catch(error => { clearTimeout(timer); done({ok: false, error: String(error && error.stack || error) + dialog()}); });
"""

JS_KERNEL_STATE = """
const entry = window.__backprop[arguments[0]];
const session = entry.panel.sessionContext.session;
const kernel = session && session.kernel;
const name = document.querySelector('#' + CSS.escape(entry.panel.id) + ' .jp-KernelName');
return {
  kernel: kernel ? kernel.name : null,
  status: kernel ? kernel.status : null,
  connection: kernel ? kernel.connectionStatus : null,
  toolbar: name ? name.textContent.trim() : null,
  language: entry.info ? entry.info.language_info.name : null,
};
"""

JS_KERNEL_INFO = """
const [path, done] = [arguments[0], arguments[arguments.length - 1]];
const entry = window.__backprop[path];
entry.panel.sessionContext.session.kernel.info
  .then(info => { entry.info = info; done({ok: true}); })
  .catch(error => done({ok: false, error: String(error)}));
"""

JS_RUN_ALL = """
const entry = window.__backprop[arguments[0]];
const app = window.jupyterapp;
app.shell.activateById(entry.panel.id);
if (app.shell.currentWidget !== entry.panel) { return 'the notebook is not the current widget'; }
entry.run = {finished: false, result: null, error: null};
app.commands.execute('notebook:run-all-cells')
  .then(result => { entry.run.result = result; entry.run.finished = true; })
  .catch(error => { entry.run.error = String(error); entry.run.finished = true; });
return null;
"""

JS_RUN_STATE = """
const entry = window.__backprop[arguments[0]];
const node = entry.panel.content.node;
const prompts = Array.from(node.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'))
  .map(p => p.textContent.trim());
const kernel = entry.panel.sessionContext.session.kernel;
return {
  finished: entry.run.finished, result: entry.run.result, error: entry.run.error,
  busyPrompts: prompts.filter(p => p.includes('*')).length,
  status: kernel ? kernel.status : null,
};
"""

# Everything later checked, in one pass over the notebook: for each code cell, what the model
# holds (the outputs the kernel sent) and what the DOM shows for each of them.
JS_COLLECT = """
const entry = window.__backprop[arguments[0]];
const panel = entry.panel;
const decodeSvg = src => {
  if (!src.startsWith('data:image/svg+xml')) return '';
  const comma = src.indexOf(',');
  const meta = src.slice(0, comma), body = src.slice(comma + 1);
  // base64 holds the SVG's UTF-8 bytes: atob gives them one per character, TextDecoder reads them
  const utf8 = bytes => new TextDecoder('utf-8', {fatal: true}).decode(Uint8Array.from(bytes, c => c.charCodeAt(0)));
  try { return meta.endsWith(';base64') ? utf8(atob(body)) : decodeURIComponent(body); }
  catch (e) { return ''; }
};
const firstTitle = svg => { const m = /<title>([^<]*)<\\/title>/.exec(svg); return m ? m[1] : null; };
const rect = e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
const cells = [];
panel.content.widgets.forEach((cell, index) => {
  if (cell.model.type !== 'code') return;
  const prompt = cell.node.querySelector('.jp-InputArea-prompt');
  const modelOutputs = [];
  for (let i = 0; i < cell.model.outputs.length; i++) {
    const o = cell.model.outputs.get(i);
    const data = o.data || {};
    const html = typeof data['text/html'] === 'string' ? data['text/html'] : '';
    modelOutputs.push({
      type: o.type, trusted: o.trusted, mimeTypes: Object.keys(data),
      preferred: panel.content.rendermime.preferredMimeType(data, o.trusted ? 'any' : 'ensure'),
      htmlTables: (html.match(/<table[\\s>]/g) || []).length,
      htmlSvgs: (html.match(/<svg[\\s>]/g) || []).length,
      htmlImages: (html.match(/<img[\\s>]/g) || []).length,
      html,
      plain: typeof data['text/plain'] === 'string' ? data['text/plain'] : '',
    });
  }
  const domOutputs = Array.from(cell.node.querySelectorAll('.jp-OutputArea-output')).map(out => {
    const tables = Array.from(out.querySelectorAll('table'));
    const shades = new Set();
    tables.forEach(t => t.querySelectorAll('td').forEach(td =>
        shades.add(getComputedStyle(td).backgroundColor)));
    return {
      mime: out.getAttribute('data-mime-type'),
      classes: out.className,
      tables: tables.length,
      tableRects: tables.map(rect),
      captions: tables.map(t => t.caption ? t.caption.innerHTML : null),
      shades: Array.from(shades),
      inlineSvgs: Array.from(out.querySelectorAll('svg'))
        .filter(s => !s.closest('mjx-container'))
        .map(s => ({title: (s.querySelector('title') || {}).textContent || null, rect: rect(s)})),
      images: Array.from(out.querySelectorAll('img')).map(img => ({
        complete: img.complete, naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight,
        rect: rect(img), title: firstTitle(decodeSvg(img.src)), alt: img.getAttribute('alt'),
        svg: img.src.startsWith('data:image/svg+xml'),
      })),
      math: out.querySelectorAll('mjx-container').length,
      mathErrors: out.querySelectorAll('mjx-merror').length,
      innerHTML: out.innerHTML,
      text: out.innerText,
      rect: rect(out),
    };
  });
  cells.push({
    index, source: cell.model.sharedModel.getSource(),
    executionCount: cell.model.executionCount, trusted: cell.model.trusted,
    prompt: prompt ? prompt.textContent.trim() : null,
    modelOutputs, domOutputs,
  });
});
const overlays = Array.from(document.querySelectorAll('.jp-Dialog, .Toastify__toast'))
  .map(e => e.innerText.slice(0, 200));
return {cells, overlays, trusted: panel.content.widgets.every(c => c.model.trusted !== false)};
"""

# True when every formula is typeset and every image decoded (or failed to).
JS_RENDERED = """
const node = window.__backprop[arguments[0]].panel.content.node;
const outputs = Array.from(node.querySelectorAll(
    '.jp-OutputArea-output.jp-RenderedMarkdown, .jp-OutputArea-output.jp-RenderedLatex'));
const typeset = outputs.every(o => o.querySelector('mjx-container') || !o.textContent.includes('$'));
const images = Array.from(node.querySelectorAll('.jp-OutputArea-output img')).every(i => i.complete);
return typeset && images;
"""

JS_NOTEBOOK_JSON = "return JSON.stringify(window.__backprop[arguments[0]].panel.context.model.toJSON());"

# The height of the notebook's content (its last cell and the footer below it; not the empty
# space JupyterLab leaves to scroll past the end) and of the window's parts around it.
JS_LAYOUT = """
const panel = window.__backprop[arguments[0]].panel;
const scroller = panel.content.node.querySelector('.jp-WindowedPanel-outer') || panel.content.node;
const cells = panel.content.node.querySelectorAll('.jp-Cell');
const footer = panel.content.node.querySelector('.jp-Notebook-footer');
const last = footer || cells[cells.length - 1];
const top = scroller.getBoundingClientRect().top;
return {
  content: last.getBoundingClientRect().bottom - top + scroller.scrollTop,
  viewport: scroller.clientHeight,
  innerHeight: window.innerHeight,
  outerHeight: window.outerHeight,
};
"""

JS_SCROLL_TOP = """
const panel = window.__backprop[arguments[0]].panel;
const scroller = panel.content.node.querySelector('.jp-WindowedPanel-outer') || panel.content.node;
scroller.scrollTop = 0;
return scroller.scrollTop;
"""


# --- Fixtures ------------------------------------------------------------------------------------

class Lab:
    """The running server and browser, with the helpers the tests share."""

    def __init__(self, server: browser_support.LabServer, driver, workdir: Path, build_dir: Path):
        self.server = server
        self.driver = driver
        self.workdir = workdir
        self.build_dir = build_dir
        self.console: list = []
        self.requests: list[str] = []

    def wait(self, what: str, timeout: float, condition):
        """Polls condition() until it returns something true; fails the test after timeout."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            last = condition()
            if last:
                return last
            if time.monotonic() > deadline:
                pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
            time.sleep(0.1)

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def js_async(self, script: str, *args):
        return self.driver.execute_async_script(script, *args)

    def drain_logs(self) -> None:
        """Moves the browser's console and network events into self.console and self.requests."""
        self.console.extend(self.driver.get_log("browser"))
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
            elif message["method"] == "Network.webSocketCreated":
                self.requests.append(message["params"]["url"])

    def open_notebook(self, path: str) -> None:
        result = self.js_async(JS_OPEN_NOTEBOOK, path, APP_TIMEOUT)
        assert result and result.get("ok"), f"could not open {path}: {result}"
        state = self.wait(f"the backprop kernel of {path} to be idle", KERNEL_TIMEOUT,
                          lambda: self._idle_state(path))
        assert state["kernel"] == "backprop", state
        info = self.js_async(JS_KERNEL_INFO, path)
        assert info.get("ok"), info

    def _idle_state(self, path: str):
        state = self.js(JS_KERNEL_STATE, path)
        if state["status"] == "idle" and state["connection"] == "connected" and state["toolbar"]:
            return state
        return None

    def screenshot(self, path: str, name: str) -> Path:
        """The whole notebook in one image: the window is made as tall as the notebook."""
        layout = self.js(JS_LAYOUT, path)
        extra = layout["content"] + 24 - layout["viewport"]
        height = int(min(layout["outerHeight"] + max(extra, 0), MAX_SCREENSHOT_HEIGHT))
        if height != layout["outerHeight"]:
            self.driver.set_window_size(1400, height)
            self.wait("the notebook to lay out in the resized window", 10,
                      lambda: self.js(JS_LAYOUT, path)["innerHeight"] != layout["innerHeight"])
        self.wait("the notebook scrolled to the top", 10,
                  lambda: self.js(JS_SCROLL_TOP, path) == 0)
        self.wait("formulas and images after the resize", RENDER_TIMEOUT,
                  lambda: self.js(JS_RENDERED, path))
        target = self.build_dir / name
        self.driver.save_screenshot(str(target))
        return target

    def save_failure_artifacts(self, tag: str) -> None:
        prefix = self.build_dir / f"browser-failure-{tag}"
        with contextlib.suppress(Exception):
            self.driver.save_screenshot(f"{prefix}.png")
        with contextlib.suppress(Exception):
            self.drain_logs()
        with contextlib.suppress(Exception):
            Path(f"{prefix}-console.json").write_text(json.dumps(self.console, indent=1))
        with contextlib.suppress(Exception):
            Path(f"{prefix}-server.log").write_text(self.server.log())
        with contextlib.suppress(Exception):
            shutil.copy(self.workdir / "chromedriver.log", f"{prefix}-chromedriver.log")

    @contextlib.contextmanager
    def artifacts_on_failure(self, tag: str):
        try:
            yield
        except BaseException:
            self.save_failure_artifacts(tag)
            raise


@pytest.fixture(scope="module")
def lab(tmp_path_factory, build_dir, notebook_path, kernel_binary):
    for program in (browser_support.CHROMIUM, browser_support.CHROMEDRIVER):
        if not Path(program).is_file():
            pytest.fail(f"{program} is missing: install Debian's chromium and chromium-driver "
                        "(make deps)")
    if not notebook_path.is_file():
        pytest.fail(f"{notebook_path} is missing")
    for stale in build_dir.glob("browser-failure-*"):
        stale.unlink()
    workdir = tmp_path_factory.mktemp("jupyterlab")
    server = browser_support.LabServer(VENV, workdir)
    # A fresh copy of the notebook, without outputs, at the server's root.
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nbformat.write(notebook, server.root_dir / NOTEBOOK)

    with pytest.MonkeyPatch.context() as patch:
        # Selenium Manager downloads drivers and browsers: it must never run. (Service with an
        # executable_path skips it; this makes sure.)
        from selenium.webdriver.common import selenium_manager

        def no_selenium_manager(*args, **kwargs):
            raise AssertionError("Selenium Manager was asked for a driver: nothing may be "
                                 "downloaded; use /usr/bin/chromedriver")

        patch.setattr(selenium_manager.SeleniumManager, "binary_paths", no_selenium_manager)
        try:
            server.start()
        except RuntimeError as error:
            (build_dir / "browser-failure-server.log").write_text(server.log())
            pytest.fail(str(error))
        driver = None
        try:
            try:
                driver = browser_support.start_driver(workdir, workdir / "chromedriver.log")
            except RuntimeError as error:
                pytest.fail(str(error))
            driver.set_script_timeout(APP_TIMEOUT + 10)
            driver.set_page_load_timeout(APP_TIMEOUT)
            session = Lab(server, driver, workdir, build_dir)
            with session.artifacts_on_failure("startup"):
                driver.get(f"{server.url}/lab?token={server.token}")
                session.wait("JupyterLab's page (window.jupyterapp)", APP_TIMEOUT,
                             lambda: driver.execute_script("return !!window.jupyterapp"))
            yield session
        finally:
            if driver is not None:
                with contextlib.suppress(Exception):
                    driver.quit()
            server.stop()
            for profile in workdir.glob("chromium-profile-*"):
                shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def executed(lab):
    """Opens the notebook on the backprop kernel, runs all cells and collects the page."""
    with lab.artifacts_on_failure("run"):
        lab.open_notebook(NOTEBOOK)
        state = lab.js(JS_KERNEL_STATE, NOTEBOOK)
        assert state["kernel"] == "backprop"
        assert state["toolbar"] == "Backprop (Swift DSL)", state
        assert state["language"] == "backprop", state

        problem = lab.js(JS_RUN_ALL, NOTEBOOK)
        assert problem is None, problem
        run = lab.wait("every cell to run", RUN_TIMEOUT, lambda: _finished(lab, NOTEBOOK))
        assert run["error"] is None, f"notebook:run-all-cells failed: {run['error']}"
        lab.wait("formulas and images to render", RENDER_TIMEOUT,
                 lambda: lab.js(JS_RENDERED, NOTEBOOK))
        lab.screenshot(NOTEBOOK, "jupyterlab.png")
        collected = lab.js(JS_COLLECT, NOTEBOOK)
        lab.drain_logs()
    return collected


@pytest.fixture(autouse=True)
def browser_artifacts_on_failure(request):
    """After a failed test: a screenshot, the server's log and the browser's console in build/."""
    failed_before = request.session.testsfailed
    yield
    if request.session.testsfailed > failed_before and "lab" in request.fixturenames:
        with contextlib.suppress(Exception):
            request.getfixturevalue("lab").save_failure_artifacts(request.node.name)


def _finished(lab: Lab, path: str):
    state = lab.js(JS_RUN_STATE, path)
    if state["finished"] and state["busyPrompts"] == 0 and state["status"] == "idle":
        return state
    return None


@pytest.fixture(scope="module")
def untrusted(lab, executed):
    """The executed notebook saved without its trust and opened again: how someone else sees it."""
    with lab.artifacts_on_failure("untrusted"):
        document = nbformat.reads(lab.js(JS_NOTEBOOK_JSON, NOTEBOOK), as_version=4)
        for cell in document.cells:
            cell.metadata.pop("trusted", None)
        document.metadata["backprop_display_test"] = "untrusted copy"  # a different signature
        nbformat.validate(document)
        nbformat.write(document, lab.server.root_dir / UNTRUSTED_NOTEBOOK)
        lab.driver.set_window_size(1400, 2000)
        lab.open_notebook(UNTRUSTED_NOTEBOOK)
        lab.wait("the untrusted notebook's outputs to render", RENDER_TIMEOUT,
                 lambda: lab.js(JS_RENDERED, UNTRUSTED_NOTEBOOK))
        lab.screenshot(UNTRUSTED_NOTEBOOK, "jupyterlab-untrusted.png")
        collected = lab.js(JS_COLLECT, UNTRUSTED_NOTEBOOK)
        lab.drain_logs()
    return collected


# --- Helpers -------------------------------------------------------------------------------------

def outputs(collected, with_index=False):
    """(cell, model output, DOM output) for every output of every code cell (and its index)."""
    for cell in collected["cells"]:
        assert len(cell["domOutputs"]) == len(cell["modelOutputs"]), (
            f"{where(cell)} has {len(cell['modelOutputs'])} outputs but "
            f"{len(cell['domOutputs'])} are shown")
        for index, (model, dom) in enumerate(zip(cell["modelOutputs"], cell["domOutputs"])):
            yield (cell, model, dom, index) if with_index else (cell, model, dom)


def where(cell) -> str:
    return f"cell {cell['index']} ({cell['source'].strip().splitlines()[0][:70]!r})"


def visible(rect) -> bool:
    return rect[0] > 0 and rect[1] > 0


# --- Tests ---------------------------------------------------------------------------------------

def test_browser_runs_every_cell(lab, executed):
    cells = executed["cells"]
    assert cells, "the notebook has no code cells"
    counts = [cell["executionCount"] for cell in cells]
    assert all(isinstance(n, int) for n in counts), f"cells left unexecuted: {counts}"
    assert counts == list(range(1, len(cells) + 1)), f"execution counts out of order: {counts}"
    for cell in cells:
        assert cell["prompt"] == f"[{cell['executionCount']}]:", (where(cell), cell["prompt"])
    state = lab.js(JS_KERNEL_STATE, NOTEBOOK)
    assert state["kernel"] == "backprop" and state["status"] == "idle", state
    assert not executed["overlays"], (
        f"dialogs or notifications over the notebook: {executed['overlays']}")


def test_browser_shows_no_errors(executed):
    for cell, model, dom in outputs(executed):
        assert model["type"] != "error", f"{where(cell)} failed: {dom['text'][:500]}"
        assert dom["mime"] not in ("application/vnd.jupyter.stderr",
                                   "application/vnd.jupyter.error"), (
            f"{where(cell)} wrote to stderr: {dom['text'][:500]}")


def test_browser_renders_the_preferred_mime_type(executed):
    """Each output is drawn from the richest MIME type the kernel sent (what JupyterLab prefers)."""
    for cell, model, dom in outputs(executed):
        assert model["trusted"], f"{where(cell)}: a freshly executed output is trusted"
        assert dom["mime"] == model["preferred"], (where(cell), model["mimeTypes"], dom["mime"])
        assert visible(dom["rect"]), f"{where(cell)}: the {dom['mime']} output has no size"


def test_browser_renders_tables(executed):
    tables = 0
    captions = []
    shaded = 0
    for cell, model, dom in outputs(executed):
        if dom["mime"] != "text/html":
            continue
        assert dom["tables"] == model["htmlTables"], (
            f"{where(cell)}: the HTML has {model['htmlTables']} tables, the page shows "
            f"{dom['tables']}")
        assert all(visible(r) for r in dom["tableRects"]), f"{where(cell)}: an empty table"
        tables += dom["tables"]
        captions += [c for c in dom["captions"] if c]
        # a table of several numbers is shaded: its cells have more than one background colour
        if len(dom["shades"]) > 1:
            shaded += 1
    assert tables >= 10, f"only {tables} tables rendered"
    assert any("W<sup>1</sup>" in c for c in captions), f"no W<sup>1</sup> caption in {captions}"
    assert any("W<sup>2</sup>" in c for c in captions), f"no W<sup>2</sup> caption in {captions}"
    assert shaded >= 5, f"only {shaded} outputs have shaded table cells"


def assert_heatmap_images(collected, which):
    """Every <img> inside an HTML output is a heatmap that the browser decoded and laid out:
    an SVG data: URI titled "… heatmap", alt "NAME heatmap", with a natural size. Returns
    {(cell index, output index): [titles]}."""
    heatmaps = {}
    for cell, model, dom, index in outputs(collected, with_index=True):
        if dom["mime"] != "text/html":
            continue
        assert len(dom["images"]) == model["htmlImages"], (
            f"{which}, {where(cell)}: the HTML has {model['htmlImages']} images, the page shows "
            f"{len(dom['images'])}")
        for image in dom["images"]:
            assert image["svg"] and image["complete"], (which, where(cell), image)
            assert image["naturalWidth"] > 0 and image["naturalHeight"] > 0, (
                f"{which}, {where(cell)}: the browser could not decode the heatmap: {image}")
            assert visible(image["rect"]), (which, where(cell), image)
            assert (image["title"] or "").endswith(" heatmap"), (which, where(cell), image)
            assert (image["alt"] or "").endswith(" heatmap"), (which, where(cell), image)
            heatmaps.setdefault((cell["index"], index), []).append(image["title"])
    return heatmaps


def test_browser_renders_svg_charts(executed):
    titles = []
    for cell, model, dom in outputs(executed):
        if dom["mime"] == "image/svg+xml":
            # JupyterLab draws image/svg+xml as an <img> with a data: URL
            assert len(dom["images"]) == 1, (where(cell), dom["images"])
            image = dom["images"][0]
            assert image["svg"] and image["complete"], (where(cell), image)
            assert image["naturalWidth"] > 0 and image["naturalHeight"] > 0, (
                f"{where(cell)}: the browser could not decode the SVG: {image}")
            assert visible(image["rect"]), (where(cell), image)
            titles.append(image["title"] or "")
        for svg in dom["inlineSvgs"]:
            assert visible(svg["rect"]), f"{where(cell)}: an SVG without size: {svg}"
            titles.append(svg["title"] or "")
        if dom["mime"] == "text/html":
            # no inline SVG in the kernel's HTML: heatmaps are images
            assert model["htmlSvgs"] == 0 and not dom["inlineSvgs"], (where(cell), dom["inlineSvgs"])
    for kind in ("Network", "Training loss", "Decision boundary"):
        assert any(t.startswith(kind) for t in titles), f"no {kind!r} SVG among {titles}"
    heatmaps = [t for found in assert_heatmap_images(executed, "trusted").values() for t in found]
    assert sorted(heatmaps) == ["Matrix (784 × 128) heatmap", "∂C/∂W^1 (3 × 50) heatmap"], heatmaps


def test_browser_typesets_the_chain_rule(executed):
    formulas = 0
    for cell, model, dom in outputs(executed):
        if dom["mime"] in ("text/markdown", "text/latex"):
            assert dom["math"] > 0, f"{where(cell)}: MathJax typeset nothing: {dom['text'][:300]}"
            assert dom["mathErrors"] == 0, f"{where(cell)}: MathJax errors: {dom['text'][:300]}"
            if "explain" in cell["source"]:
                formulas += 1
    assert formulas >= 1, "no typeset explain() formula"


def test_browser_fetches_nothing_from_outside(lab, executed):
    outside = []
    for url in lab.requests:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.netloc != \
                f"127.0.0.1:{lab.server.port}":
            outside.append(url)
    assert lab.requests, "no requests were recorded"
    assert not outside, f"the page fetched from outside the server: {outside[:10]}"


def test_browser_untrusted_notebook(executed, untrusted):
    """Opened without trust, HTML goes through JupyterLab's sanitizer and SVG outputs are withheld
    (the images inside tables are kept: test_browser_heatmaps_decode_trusted_and_untrusted)."""
    assert not untrusted["trusted"], "the copy should open untrusted"
    trusted_html = {
        (cell["index"], i): dom["innerHTML"]
        for cell in executed["cells"] for i, dom in enumerate(cell["domOutputs"])
    }
    for cell, model, dom, index in outputs(untrusted, with_index=True):
        assert not model["trusted"]
        if "text/html" in model["mimeTypes"]:
            assert dom["mime"] == "text/html", (where(cell), dom["mime"])
        if model["htmlSvgs"] == 0 and dom["mime"] == "text/html":
            # tables use only what the sanitizer keeps: they come through untouched
            assert dom["innerHTML"] == trusted_html[(cell["index"], index)], (
                f"{where(cell)}: the sanitizer changed the table")
        if "image/svg+xml" in model["mimeTypes"] and "text/html" not in model["mimeTypes"]:
            # JupyterLab shows no untrusted SVG: the kernel's text/plain drawing stands in
            assert dom["mime"] == "text/plain", (where(cell), dom["mime"])
            assert dom["text"].strip() and model["plain"].strip(), where(cell)
        if dom["mime"] in ("text/markdown", "text/latex"):
            assert dom["math"] > 0 and dom["mathErrors"] == 0, where(cell)


def test_browser_heatmaps_decode_trusted_and_untrusted(executed, untrusted):
    """The heatmaps inside tables are images that JupyterLab's sanitizer keeps: the untrusted
    notebook shows the same tables with the same decoded heatmaps as the trusted one."""
    trusted = assert_heatmap_images(executed, "trusted")
    assert len(trusted) == 2, f"expected the two summarised tables' heatmaps, found {trusted}"
    assert assert_heatmap_images(untrusted, "untrusted") == trusted
    for cell, model, dom, index in outputs(untrusted, with_index=True):
        if (cell["index"], index) in trusted:
            same = next(c for c in executed["cells"] if c["index"] == cell["index"])
            assert dom["innerHTML"] == same["domOutputs"][index]["innerHTML"], (
                f"{where(cell)}: the sanitizer changed the table with the heatmap")
