"""The lecture notebooks exported by `backprop-kernel execute --html`, looked at in headless
Chromium: every formula typeset as MathML (no <merror>), every table, chart and heatmap drawn with
a size, no request leaving the page, and a screenshot of each page under
build/display-tests/pages/ (the README's picture is the top of notebook 02's)."""

import json
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from browser_support import start_driver

ROOT = Path(__file__).resolve().parent.parent
NAMES = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def pages(kernel_binary, build_dir):
    """{name: (page path, executed notebook)} for every lecture notebook."""
    folder = build_dir / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for name in NAMES:
        page, notebook = folder / f"{name}.html", folder / f"{name}.ipynb"
        done = subprocess.run([str(kernel_binary), "execute", str(ROOT / "notebooks" / f"{name}.ipynb"),
                               "--output", str(notebook), "--html", str(page)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert done.stdout.endswith(f"wrote {notebook} and {page}\n")
        made[name] = (page, nbformat.read(notebook, as_version=4))
    return made


@pytest.fixture(scope="module")
def browser(build_dir, tmp_path_factory):
    driver = start_driver(tmp_path_factory.mktemp("chromium"), build_dir / "pages" / "chromedriver.log")
    yield driver
    driver.quit()


@pytest.mark.parametrize("name", NAMES)
def test_page_is_self_contained_and_holds_every_output(name, pages):
    path, notebook = pages[name]
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<\s*script|https?://|\bsrc=\"(?!data:)|<link\b|@import", html, re.I)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert html.count('<div class="output">') == len(outputs)
    assert html.count('<pre class="source">') == sum(1 for c in notebook.cells if c.cell_type == "code")
    assert html.count('<section class="cell markdown">') == sum(1 for c in notebook.cells if c.cell_type == "markdown")
    svgs = sum(1 for o in outputs if "image/svg+xml" in o.get("data", {}) and "text/html" not in o.get("data", {}))
    assert html.count('<div class="svg">') == svgs
    assert "<merror" not in html, "a formula the MathML converter does not know"
    assert html.count("<math") >= 10


@pytest.mark.parametrize("name", NAMES)
def test_page_renders_in_chromium(name, pages, browser, build_dir):
    path, _ = pages[name]
    browser.set_window_size(1400, 1600)
    # What the browser did before this page (its start page) is not the page's doing.
    browser.get_log("performance")
    browser.get_log("browser")
    browser.get(path.as_uri())
    found = browser.execute_script("""
        const sized = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
        const all = s => Array.from(document.querySelectorAll(s));
        return {
          maths: all('math').length, unsizedMaths: all('math').filter(m => !sized(m)).length,
          errors: all('merror').length,
          tables: all('.output table').length, unsizedTables: all('.output table').filter(t => !sized(t)).length,
          svgs: all('.output svg').length, unsizedSvgs: all('.output svg').filter(s => !sized(s)).length,
          images: all('img').length, brokenImages: all('img').filter(i => !(i.complete && i.naturalWidth > 0)).length,
          height: document.documentElement.scrollHeight,
        };""")
    assert found["maths"] >= 10 and found["unsizedMaths"] == 0 and found["errors"] == 0, found
    assert found["unsizedTables"] == 0 and found["unsizedSvgs"] == 0 and found["brokenImages"] == 0, found
    assert found["tables"] + found["svgs"] >= 3, found
    # Nothing but the file itself (and data: images) was requested.
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            assert url.startswith(("file://", "data:")), f"the page requested {url}"
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    folder = build_dir / "pages"
    browser.save_screenshot(str(folder / f"{name}-top.png"))
    browser.set_window_size(1400, min(found["height"], 16000))
    browser.save_screenshot(str(folder / f"{name}.png"))
