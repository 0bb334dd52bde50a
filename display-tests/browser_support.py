"""Helpers for test_browser.py: a JupyterLab server of our own on loopback, and headless Chromium.

Nothing here reads or writes the user's Jupyter files: the server gets a temporary HOME, config,
data, runtime, settings and workspaces directory, and finds the kernelspec `backprop` where
display-tests/run installed it (`backprop-kernel install --sys-prefix`, the venv's
share/jupyter/kernels/). Nothing is downloaded: JupyterLab's news feed, update check and PyPI
extension manager are switched off, Selenium is given Debian's chromedriver (so Selenium Manager,
which would fetch one, never runs) and Chromium's background networking is off.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

SERVER_ATTEMPTS = 3          # start-ups tried before giving up
SERVER_READY_TIMEOUT = 60.0  # seconds one start-up may take to answer /api/status
SERVER_START_BUDGET = 90.0   # seconds all the attempts together may take
DRIVER_ATTEMPTS = 3

# JupyterLab plugins that would put something over the notebook or reach the network.
DISABLED_PLUGINS = {
    "@jupyterlab/apputils-extension:announcements": True,  # "get notified about news?" toast
    "@jupyterlab/extensionmanager-extension": True,        # the extension manager side panel
}

# User settings, written into the temporary settings directory.
LAB_SETTINGS = {
    # every cell in the DOM at all times (the default windowing keeps cells out of view unrendered)
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # the notebook is never written back to disk while the test looks at it
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def _no_proxy_opener() -> urllib.request.OpenerDirector:
    # The server is on loopback: never go through a proxy from the environment.
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """A JupyterLab server run as a subprocess: `start()`, then `url`, `token`, `api()`; `stop()`."""

    def __init__(self, venv: Path, workdir: Path):
        self.venv = venv
        self.workdir = workdir
        self.root_dir = workdir / "root"
        self.home = workdir / "home"
        self.config_dir = workdir / "config"
        self.data_dir = workdir / "data"
        self.runtime_dir = workdir / "runtime"
        self.settings_dir = workdir / "settings"
        self.workspaces_dir = workdir / "workspaces"
        self.log_path = workdir / "jupyterlab.log"
        self.token = secrets.token_hex(24)
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self._log_file = None
        for d in (self.root_dir, self.home, self.config_dir, self.data_dir, self.runtime_dir,
                  self.settings_dir, self.workspaces_dir):
            d.mkdir(parents=True, exist_ok=True)
        labconfig = self.config_dir / "labconfig"
        labconfig.mkdir(exist_ok=True)
        (labconfig / "page_config.json").write_text(
            json.dumps({"disabledExtensions": DISABLED_PLUGINS}, indent=2))
        for name, value in LAB_SETTINGS.items():
            path = self.settings_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value, indent=2))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("JUPYTER", "JUPYTERLAB", "IPYTHON"))}
        env.update({
            "HOME": str(self.home),
            "JUPYTER_CONFIG_DIR": str(self.config_dir),
            "JUPYTER_DATA_DIR": str(self.data_dir),
            "JUPYTER_RUNTIME_DIR": str(self.runtime_dir),
            "JUPYTERLAB_SETTINGS_DIR": str(self.settings_dir),
            "JUPYTERLAB_WORKSPACES_DIR": str(self.workspaces_dir),
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYTHONNOUSERSITE": "1",
            "VIRTUAL_ENV": str(self.venv),
            "PATH": f"{self.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        })
        env.pop("CONDA_PREFIX", None)
        return env

    def command(self) -> list[str]:
        # (root, as in a container, needs --allow-root: the server refuses to start otherwise)
        allow_root = ["--allow-root"] if os.geteuid() == 0 else []
        return [str(self.venv / "bin" / "python"), "-m", "jupyterlab"] + allow_root + [
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root_dir}",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            f"--LabApp.user_settings_dir={self.settings_dir}",
            f"--LabApp.workspaces_dir={self.workspaces_dir}",
        ]

    def api(self, path: str, method: str = "GET", body: dict | None = None,
            timeout: float = 10.0):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/{path.lstrip('/')}", data=data, method=method,
            headers={"Authorization": f"token {self.token}",
                     "Content-Type": "application/json"})
        with _no_proxy_opener().open(request, timeout=timeout) as response:
            text = response.read().decode()
        return json.loads(text) if text else None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def start(self) -> None:
        """Starts the server; retries a bounded number of times; raises RuntimeError with the log."""
        failures = []
        budget_end = time.monotonic() + SERVER_START_BUDGET
        for attempt in range(1, SERVER_ATTEMPTS + 1):
            remaining = budget_end - time.monotonic()
            if remaining < 5:
                break
            self.port = free_port()
            self._log_file = open(self.log_path, "a")
            self._log_file.write(f"\n=== start-up attempt {attempt} on port {self.port}\n")
            self._log_file.flush()
            self.process = subprocess.Popen(
                self.command(), cwd=self.root_dir, env=self.environment(),
                stdin=subprocess.DEVNULL, stdout=self._log_file, stderr=subprocess.STDOUT,
                start_new_session=True)
            problem = self._wait_ready(min(SERVER_READY_TIMEOUT, remaining))
            if problem is None:
                return
            failures.append(f"attempt {attempt}: {problem}")
            self.stop()
        raise RuntimeError("JupyterLab did not start (" + "; ".join(failures) + ")\n"
                           + self.log()[-6000:])

    def _wait_ready(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return f"exited with status {self.process.returncode}"
            try:
                status = self.api("api/status", timeout=2.0)
                if isinstance(status, dict) and "started" in status:
                    return None
                last = f"unexpected /api/status answer {status!r}"
            except (urllib.error.URLError, OSError, ValueError) as error:
                last = str(error)
            time.sleep(0.25)
        return f"no answer from /api/status within {timeout:.0f} s ({last})"

    def _our_kernel_pids(self) -> list[int]:
        """Kernels the server started: their command line names a connection file in our runtime dir."""
        marker = str(self.runtime_dir).encode()
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if marker in cmdline and int(entry.name) != os.getpid():
                pids.append(int(entry.name))
        return pids

    def stop(self) -> None:
        """Shuts the server down (its kernels with it); kills what is left. Safe to call twice."""
        process = self.process
        if process is not None and process.poll() is None:
            try:
                self.api("api/shutdown", method="POST", timeout=5.0)
            except Exception:
                pass
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._signal_group(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._signal_group(process.pid, signal.SIGKILL)
                    process.wait(timeout=5)
        # Kernels run in sessions of their own (jupyter_client starts them so): end any the
        # shutdown left behind, by pid.
        for pid in self._our_kernel_pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.process = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    @staticmethod
    def _signal_group(pid: int, sig: int) -> None:
        try:
            os.killpg(pid, sig)  # the server was started in a session of its own: pgid == pid
        except OSError:
            pass


def chrome_options(user_data_dir: Path):
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,2000",
        f"--user-data-dir={user_data_dir}",
        "--no-first-run", "--no-default-browser-check", "--disable-default-apps",
        "--disable-extensions", "--disable-sync", "--disable-background-networking",
        "--disable-component-update", "--disable-domain-reliability", "--metrics-recording-only",
        "--no-proxy-server", "--disable-features=Translate,OptimizationHints,MediaRouter",
        "--force-device-scale-factor=1", "--hide-scrollbars", "--lang=en-US",
    ):
        options.add_argument(argument)
    # the performance log lists every request the page makes (checked: all to the server)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return options


def start_driver(workdir: Path, log_path: Path):
    """Headless Chromium through Debian's chromedriver, with a bounded number of tries."""
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    problems = []
    for attempt in range(1, DRIVER_ATTEMPTS + 1):
        profile = workdir / f"chromium-profile-{attempt}"
        profile.mkdir(parents=True, exist_ok=True)
        service = Service(executable_path=CHROMEDRIVER, log_output=str(log_path))
        try:
            return webdriver.Chrome(service=service, options=chrome_options(profile))
        except WebDriverException as error:
            problems.append(f"attempt {attempt}: {error.msg or error}")
            try:
                service.stop()
            except Exception:
                pass
            time.sleep(1)
    raise RuntimeError("could not start headless Chromium: " + "; ".join(problems))

