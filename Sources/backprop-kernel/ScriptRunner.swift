#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BackpropLanguage
import Rendering

/// The interrupt flag of the script being run, set by the SIGINT handler (an atomic store is
/// async-signal-safe).
let scriptInterrupt = InterruptFlag()

/// `backprop-kernel run FILE`: runs a script, printing output and expression values to stdout
/// and a compiler-style diagnostic to stderr on error; `train` shows a progress line on stderr
/// when it is a terminal.
final class ScriptRunner: InterpreterHost {
    private let canReadInput: Bool
    /// Whether standard error is a terminal, where progress lines go.
    private let showsProgress: Bool

    private init(canReadInput: Bool, showsProgress: Bool) {
        self.canReadInput = canReadInput
        self.showsProgress = showsProgress
    }

    /// Runs the script at `path` (`-` for standard input) and returns the exit status.
    static func run(path: String) -> Int32 {
        let name = path == "-" ? "<stdin>" : path
        let descriptor = path == "-" ? 0 : open(path, O_RDONLY)
        guard descriptor >= 0 else {
            CommandLineTool.writeError("backprop-kernel: error: cannot open '\(path)': \(String(cString: strerror(errno)))\n")
            return 2
        }
        let bytes = StandardStreams.readAll(descriptor)
        let readError = errno
        if descriptor != 0 { close(descriptor) }
        guard let bytes else {
            let what = path == "-" ? "standard input" : "'\(path)'"
            CommandLineTool.writeError("backprop-kernel: error: cannot read \(what): \(String(cString: strerror(readError)))\n")
            return 2
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let runner = ScriptRunner(canReadInput: path != "-", showsProgress: isatty(2) != 0)
        let interpreter = Interpreter(host: runner, interruptFlag: scriptInterrupt)
        // Ctrl-C stops the script at its next statement with an Interrupted error (output so far
        // is kept and flushed); a second Ctrl-C ends the process at once.
        signal(SIGINT) { _ in
            scriptInterrupt.set()
            signal(SIGINT, SIG_DFL)
        }
        // A launcher may have blocked SIGINT (Foundation's Process does); threads inherit the mask.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        let outcome = interpreter.execute(text, name: name, echo: .everyExpression)
        StandardStreams.shared.flush()
        // The process exits right after this, so the interpreter is deliberately never freed:
        // freeing what a script built can recurse once per link (a chain of 40,000 closures that
        // capture each other overflows the main thread's 8 MiB stack), and exit() needs none of it.
        _ = Unmanaged.passRetained(interpreter)
        switch outcome {
        case .success:
            return 0
        case .failure(let error):
            CommandLineTool.writeError(error.rendered(colors: isatty(2) != 0) + "\n")
            return 1
        }
    }

    func write(_ text: String, to stream: OutputStreamKind) {
        switch stream {
        case .standardOutput: StandardStreams.shared.out(text)
        case .standardError: StandardStreams.shared.err(text)
        }
    }

    func display(_ value: Value) {
        StandardStreams.shared.out(ValueFormatter.plainText(value) + "\n")
    }

    func clearOutput(wait: Bool) {}

    func readInput(prompt: String) -> String? {
        guard canReadInput else { return nil }
        StandardStreams.shared.out(prompt)
        StandardStreams.shared.flush()
        return readLine(strippingNewline: true)
    }

    func expressionValue(_ value: Value) {
        StandardStreams.shared.out(ValueFormatter.plainText(value) + "\n")
    }

    /// Rewrites one line on the terminal while training runs (cut to the terminal's width so
    /// it never wraps), and erases it at the end: what is printed afterwards, the result or the
    /// error, says how the run ended.
    func trainingProgress(_ report: TrainingReport) {
        guard showsProgress else { return }
        switch report.phase {
        case .started, .running:
            StandardStreams.shared.err("\r" + Self.fitted(TrainingProgressView.line(report), columns: Self.terminalColumns()) + "\u{1B}[K")
        case .finished, .stopped:
            StandardStreams.shared.err("\r\u{1B}[K")
        }
    }

    /// `line` cut to `columns - 1` characters, so the cursor stays on the line.
    static func fitted(_ line: String, columns: Int) -> String {
        let room = Swift.max(columns - 1, 10)
        return line.count <= room ? line : String(line.prefix(room - 1)) + "…"
    }

    /// The width of the terminal on standard error; 80 when it cannot be told.
    private static func terminalColumns() -> Int {
        var size = winsize()
        guard ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
