#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BackpropLanguage

/// `backprop-kernel run FILE`: runs a script, printing output and expression values to stdout
/// and a compiler-style diagnostic to stderr on error.
final class ScriptRunner: InterpreterHost {
    private let canReadInput: Bool

    private init(canReadInput: Bool) {
        self.canReadInput = canReadInput
    }

    /// Runs the script at `path` (`-` for standard input) and returns the exit status.
    static func run(path: String) -> Int32 {
        let text: String
        let name: String
        if path == "-" {
            name = "<stdin>"
            text = String(decoding: StandardStreams.readAll(0), as: UTF8.self)
        } else {
            name = path
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                CommandLineTool.writeError("backprop-kernel: error: cannot open '\(path)': \(String(cString: strerror(errno)))\n")
                return 2
            }
            text = String(decoding: StandardStreams.readAll(descriptor), as: UTF8.self)
            close(descriptor)
        }
        let runner = ScriptRunner(canReadInput: path != "-")
        let interpreter = Interpreter(host: runner)
        let outcome = interpreter.execute(text, name: name, echo: .everyExpression)
        StandardStreams.shared.flush()
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
}
