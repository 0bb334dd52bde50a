"""Conformance of backprop-kernel to the Jupyter messaging protocol (5.5), through jupyter_client.

Three parts, each with its own kernel process:

- BackpropKernelTests: jupyter_kernel_test 0.7.0's KernelTests with every sample that applies to
  the Backprop language (stdout, stderr, completion, is_complete, error, execute_result,
  display_data, history, inspect, clear_output; not the pager: Backprop has no `?` help).
- BackpropIopubWelcomeTests: jupyter_kernel_test's IopubWelcomeTests (JEP 65): the first IOPub
  message a new client sees is `iopub_welcome`.
- BackpropProtocolTests: what SPEC.md §2 and issue 4 add: kernel_info_reply fields exactly, on
  shell and control, busy/idle around it; the installed kernelspec; `iopub_welcome` with a valid
  HMAC for a second subscriber; interrupt through `interrupt_request`; restart with fresh state.

The kernel is the binary in $BACKPROP_KERNEL (default .build/debug/backprop-kernel). The module
installs its kernelspec with `backprop-kernel install --prefix TMP --name backprop` into a
temporary directory and puts TMP/share/jupyter first on JUPYTER_PATH, so the kernel under test is
always that binary, whatever else is installed. Run through `conformance/run`, or directly:

    .venv/bin/python -m pytest conformance -q --timeout=60
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path
from queue import Empty

import jupyter_kernel_test
import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager, start_new_kernel

ROOT = Path(__file__).resolve().parent.parent
BINARY = Path(os.environ.get("BACKPROP_KERNEL") or ROOT / ".build" / "debug" / "backprop-kernel").resolve()
KERNEL_NAME = "backprop"
TIMEOUT = 15

# Code run once after the kernel starts, so that completion can see a variable and a network.
SETUP_CODE = "let learningRate = 0.5\nlet net = Network(inputs: 2) { Dense(3); Dense(1) }"

_install_root: str | None = None
_saved_environment: dict[str, str | None] = {}


def setUpModule() -> None:  # noqa: N802 (unittest's name)
    """Installs the kernelspec of BINARY into a temporary prefix that jupyter_client searches first."""
    global _install_root
    if not (BINARY.is_file() and os.access(BINARY, os.X_OK)):
        raise RuntimeError(f"{BINARY}: no such executable; build it with `swift build` or set BACKPROP_KERNEL")
    _install_root = tempfile.mkdtemp(prefix="backprop-conformance-")
    result = subprocess.run(
        [str(BINARY), "install", "--prefix", _install_root, "--name", KERNEL_NAME],
        capture_output=True, text=True, timeout=60,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"`{BINARY} install --prefix {_install_root} --name {KERNEL_NAME}` exited with status "
            f"{result.returncode}:\n{result.stdout}{result.stderr}"
        )
    data = os.path.join(_install_root, "share", "jupyter")
    overrides = {
        "JUPYTER_PATH": os.pathsep.join(filter(None, [data, os.environ.get("JUPYTER_PATH")])),
        # Connection files go to the temporary directory too, not to ~/.local/share/jupyter/runtime.
        "JUPYTER_RUNTIME_DIR": os.path.join(_install_root, "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    for name, value in overrides.items():
        _saved_environment[name] = os.environ.get(name)
        os.environ[name] = value


def tearDownModule() -> None:  # noqa: N802 (unittest's name)
    for name, value in _saved_environment.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if _install_root:
        shutil.rmtree(_install_root, ignore_errors=True)


def run_setup_code(kc) -> None:
    """Executes SETUP_CODE and consumes its reply and IOPub messages, failing loudly on an error."""
    reply = kc.execute_interactive(SETUP_CODE, timeout=TIMEOUT, output_hook=lambda message: None)
    content = reply["content"]
    if content["status"] != "ok":
        raise RuntimeError(f"set-up code failed: {content.get('ename')}: {content.get('evalue')}")


class BackpropKernelTests(jupyter_kernel_test.KernelTests):
    """jupyter_kernel_test's standard suite, with every sample that applies to Backprop."""

    kernel_name = KERNEL_NAME

    # test_kernel_info: language_info.name and file_extension.
    language_name = "backprop"
    file_extension = ".backprop"

    # test_execute_stdout / test_execute_stderr: a `stream` output on stdout / stderr.
    code_hello_world = 'print("hello, world")'
    code_stderr = 'print("test", to: .standardError)'

    # test_completion: the reply's matches, as a set, must equal these exactly (cursor at the end).
    # learningRate and net come from SETUP_CODE, run by setUpClass.
    completion_samples = [
        {"text": "pri", "matches": {"print"}},
        {"text": "learningR", "matches": {"learningRate"}},
        {"text": "let rate = learningR", "matches": {"learningRate"}},
        {"text": "Dataset.mo", "matches": {"moons"}},
        {"text": "net.layerC", "matches": {"layerCount"}},
        # An option keeps its dot: the match replaces ".standardE" (cursor_start at the dot).
        {"text": "print(1, to: .standardE", "matches": {".standardError"}},
    ]

    # test_is_complete: is_complete_reply status for each sample.
    complete_code_samples = [
        "1",
        'print("hi")',
        "func f(x: Double) -> Double {\n  return x * 2\n}",
        "let a = [1, 2,\n  3]",
        "let net2 = Network(inputs: 2) {\n    Dense(3)\n    Dense(1)\n}",
    ]
    incomplete_code_samples = [
        "func f(x: Double) {",
        "let a = [1, 2,",
        "print(1,",
        "let y = 1 +",
        'let s = """\nabc',
        "if true {\n  print(1)\n} else {",
    ]
    invalid_code_samples = [
        "let 5 = = )",
        "print(1))",
        "}",
    ]

    # test_error: reply status "error" and exactly one IOPub output, an `error`.
    code_generate_error = "undefinedName"

    # test_execute_result (and test_history, which runs these codes): the text/plain of the result.
    code_execute_result = [
        {"code": "1 + 1", "result": "2"},
        {"code": "0.1 + 0.2", "result": "0.30000000000000004"},
        {"code": '"hi"', "result": '"hi"'},
        {"code": "[1, 2].count == 2", "result": "true"},
    ]

    # test_display_data: show(x) sends display_data with at least text/plain.
    code_display_data = [
        {"code": "show([[1.0, 2.0], [3.0, 4.0]])", "mime": "text/plain"},
        {"code": 'show("text")', "mime": "text/plain"},
        {"code": "show(net)", "mime": "text/plain"},
        {"code": "show(Matrix([[1, -2], [3, 4]]))", "mime": "text/html"},
        {"code": "show(Matrix([[1, -2], [3, 4]]))", "mime": "text/latex"},
        {"code": "show(net)", "mime": "image/svg+xml"},
    ]

    # test_history: glob pattern (IPython's: `?` one character, `*` any run) matching exactly one
    # of the codes above, "1 + 1".
    code_history_pattern = "1 ? 1"
    supported_history_operations = ("tail", "range", "search")

    # test_inspect: inspect_reply found with at least one MIME type, cursor at the end of the code.
    code_inspect_sample = "print"

    # test_clear_output: a clear_output message.
    code_clear_output = "clearOutput()"

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        try:
            run_setup_code(cls.kc)
        except BaseException:
            cls.tearDownClass()
            raise


class BackpropIopubWelcomeTests(jupyter_kernel_test.IopubWelcomeTests):
    """JEP 65: the first message on a new IOPub subscription is `iopub_welcome`."""

    kernel_name = KERNEL_NAME
    support_iopub_welcome = True


class BackpropProtocolTests(unittest.TestCase):
    """Protocol details jupyter_kernel_test does not check: SPEC.md §2 and issue 4."""

    km: KernelManager

    @classmethod
    def setUpClass(cls) -> None:
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def drain_iopub(self) -> None:
        while True:
            try:
                self.kc.get_iopub_msg(timeout=0.2)
            except Empty:
                return

    def iopub_for(self, msg_id: str, until_idle: bool = True, timeout: float = TIMEOUT) -> list[dict]:
        """The IOPub messages whose parent is msg_id, up to and including its idle status."""
        messages = []
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.fail(f"no idle status for {msg_id} within {timeout} s; got {[m['msg_type'] for m in messages]}")
            try:
                message = self.kc.get_iopub_msg(timeout=remaining)
            except Empty:
                continue
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append(message)
            if until_idle and message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                return messages

    def check_kernel_info(self, reply: dict, msg_id: str) -> None:
        self.assertEqual(reply["msg_type"], "kernel_info_reply")
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["header"]["version"], "5.5")
        content = reply["content"]
        self.assertEqual(content["status"], "ok")
        self.assertEqual(content["protocol_version"], "5.5")
        self.assertEqual(content["implementation"], "backprop-kernel")
        self.assertIsInstance(content["implementation_version"], str)
        self.assertTrue(content["implementation_version"])
        self.assertIsInstance(content["banner"], str)
        language = content["language_info"]
        self.assertEqual(language["name"], "backprop")
        self.assertEqual(language["file_extension"], ".backprop")
        self.assertEqual(language["mimetype"], "text/x-backprop")
        self.assertEqual(language["codemirror_mode"], "swift")
        self.assertEqual(language["pygments_lexer"], "swift")

    def test_kernel_info_reply_fields_on_shell(self) -> None:
        self.drain_iopub()
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.check_kernel_info(reply, msg_id)
        # Busy and idle around every request, kernel_info included (front ends probe IOPub with it).
        states = [m["content"]["execution_state"] for m in self.iopub_for(msg_id) if m["msg_type"] == "status"]
        self.assertEqual(states, ["busy", "idle"])

    def test_kernel_info_reply_fields_on_control(self) -> None:
        self.drain_iopub()
        request = self.kc.session.msg("kernel_info_request")
        self.kc.control_channel.send(request)
        reply = self.kc.get_control_msg(timeout=TIMEOUT)
        self.check_kernel_info(reply, request["header"]["msg_id"])
        states = [
            m["content"]["execution_state"] for m in self.iopub_for(request["header"]["msg_id"]) if m["msg_type"] == "status"
        ]
        self.assertEqual(states, ["busy", "idle"])

    def test_installed_kernelspec(self) -> None:
        manager = KernelSpecManager()
        self.assertIn(KERNEL_NAME, manager.find_kernel_specs())
        spec = manager.get_kernel_spec(KERNEL_NAME)
        self.assertEqual(spec.argv, [os.path.realpath(BINARY), "--connection-file", "{connection_file}"])
        self.assertEqual(spec.display_name, "Backprop (Swift DSL)")
        self.assertEqual(spec.language, "backprop")
        self.assertEqual(spec.interrupt_mode, "message")
        with open(os.path.join(spec.resource_dir, "kernel.json")) as file:
            self.assertEqual(
                json.load(file),
                {
                    "argv": [os.path.realpath(BINARY), "--connection-file", "{connection_file}"],
                    "display_name": "Backprop (Swift DSL)",
                    "language": "backprop",
                    "interrupt_mode": "message",
                },
            )
        for size in (32, 64):
            with open(os.path.join(spec.resource_dir, f"logo-{size}x{size}.png"), "rb") as file:
                png = file.read()
            self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
            self.assertEqual(png[12:16], b"IHDR")
            self.assertEqual((int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")), (size, size))

    def test_jupyter_kernelspec_list_shows_it(self) -> None:
        jupyter = os.path.join(os.path.dirname(sys.executable), "jupyter")
        result = subprocess.run(
            [jupyter, "kernelspec", "list", "--json"], capture_output=True, text=True, timeout=60, env=os.environ
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        specs = json.loads(result.stdout)["kernelspecs"]
        self.assertIn(KERNEL_NAME, specs)
        self.assertEqual(specs[KERNEL_NAME]["spec"]["argv"][0], os.path.realpath(BINARY))
        self.assertEqual(specs[KERNEL_NAME]["spec"]["display_name"], "Backprop (Swift DSL)")

    def test_iopub_welcome_for_a_second_subscriber(self) -> None:
        """A new SUB socket gets `iopub_welcome` within 2 s, signed, even though the client's SUB
        already subscribed to the same (empty) topic: the kernel's XPUB must be verbose."""
        info = self.km.get_connection_info(session=False)
        transport, ip = info["transport"], info["ip"]
        port = info["iopub_port"]
        endpoint = f"{transport}://{ip}:{port}" if transport == "tcp" else f"{transport}://{ip}-{port}"
        key = info["key"]
        key = key.encode() if isinstance(key, str) else key
        context = zmq.Context.instance()
        socket = context.socket(zmq.SUB)
        socket.linger = 0
        try:
            socket.connect(endpoint)
            socket.setsockopt(zmq.SUBSCRIBE, b"")
            deadline = time.monotonic() + 2.0
            frames = None
            while frames is None:
                remaining_ms = int((deadline - time.monotonic()) * 1000)
                if remaining_ms <= 0 or not socket.poll(remaining_ms):
                    self.fail("no message on a new IOPub subscription within 2 s (expected iopub_welcome)")
                frames = socket.recv_multipart()
        finally:
            socket.close()
        self.assertIn(b"<IDS|MSG>", frames)
        delimiter = frames.index(b"<IDS|MSG>")
        self.assertGreaterEqual(len(frames), delimiter + 6, "a message needs a signature and four dicts")
        signature, header, parent, metadata, content = frames[delimiter + 1 : delimiter + 6]
        mac = hmac.new(key, digestmod=hashlib.sha256)
        for part in (header, parent, metadata, content):
            mac.update(part)
        self.assertTrue(hmac.compare_digest(signature, mac.hexdigest().encode()), "bad HMAC signature")
        header = json.loads(header)
        self.assertEqual(header["msg_type"], "iopub_welcome")
        self.assertEqual(header["version"], "5.5")
        self.assertEqual(json.loads(content), {"subscription": ""})

    def test_interrupt_request_stops_a_running_cell_and_keeps_state(self) -> None:
        self.drain_iopub()
        msg_id = self.kc.execute("var spins = 0\nwhile true { spins += 1 }")
        # Wait until the cell runs (its execute_input), then interrupt as front ends do: with
        # interrupt_mode "message", jupyter_client sends interrupt_request on control.
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if message["parent_header"].get("msg_id") == msg_id and message["msg_type"] == "execute_input":
                break
        time.sleep(0.2)
        # The same message KernelManager.interrupt_kernel() sends for interrupt_mode "message",
        # sent through the client so that the interrupt_reply can be checked too.
        interrupt = self.kc.session.msg("interrupt_request", content={})
        start = time.monotonic()
        self.kc.control_channel.send(interrupt)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        elapsed = time.monotonic() - start
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(elapsed, 1.0, "the running cell should stop within 1 s of interrupt_request")
        control = self.kc.get_control_msg(timeout=TIMEOUT)
        self.assertEqual(control["msg_type"], "interrupt_reply")
        self.assertEqual(control["parent_header"]["msg_id"], interrupt["header"]["msg_id"])
        self.assertEqual(control["content"]["status"], "ok")
        outputs = [m for m in self.iopub_for(msg_id) if m["msg_type"] == "error"]
        self.assertEqual(len(outputs), 1)
        self.assertEqual(outputs[0]["content"]["ename"], "Interrupted")
        # The binding made before the interrupt is kept, with the value of the last statement run.
        reply = self.kc.execute_interactive("spins > 0", timeout=TIMEOUT, output_hook=lambda message: None)
        self.assertEqual(reply["content"]["status"], "ok")

    def test_restart_gives_fresh_state(self) -> None:
        reply = self.kc.execute_interactive("let beforeRestart = 1", timeout=TIMEOUT, output_hook=lambda m: None)
        self.assertEqual(reply["content"]["status"], "ok")
        old_pid = self.km.provisioner.process.pid if self.km.provisioner else None
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=TIMEOUT)
        if old_pid is not None and self.km.provisioner is not None:
            self.assertNotEqual(self.km.provisioner.process.pid, old_pid)
        self.drain_iopub()
        reply = self.kc.execute_interactive("beforeRestart", timeout=TIMEOUT, output_hook=lambda m: None)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "NameError")
        reply = self.kc.execute_interactive("1 + 1", timeout=TIMEOUT, output_hook=lambda m: None)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["execution_count"], 2)


if __name__ == "__main__":
    unittest.main()
