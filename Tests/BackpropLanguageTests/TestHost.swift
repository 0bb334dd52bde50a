import BackpropLanguage

/// Records everything a run sends to its host, for assertions.
final class TestHost: InterpreterHost {
    /// Events in the order they happened.
    enum Event: Equatable {
        case stdout(String)
        case stderr(String)
        case display(String)
        case clear(wait: Bool)
        case value(String)
    }

    var events: [Event] = []
    /// Lines `input()` returns, in order; nil when exhausted means "no one to ask".
    var inputs: [String] = []
    var prompts: [String] = []

    var stdout: String {
        events.compactMap { if case .stdout(let text) = $0 { return text }; return nil }.joined()
    }

    var stderr: String {
        events.compactMap { if case .stderr(let text) = $0 { return text }; return nil }.joined()
    }

    func write(_ text: String, to stream: OutputStreamKind) {
        events.append(stream == .standardOutput ? .stdout(text) : .stderr(text))
    }

    func display(_ value: Value) { events.append(.display(ValueFormatter.plainText(value))) }

    func clearOutput(wait: Bool) { events.append(.clear(wait: wait)) }

    func readInput(prompt: String) -> String? {
        prompts.append(prompt)
        return inputs.isEmpty ? nil : inputs.removeFirst()
    }

    func expressionValue(_ value: Value) { events.append(.value(ValueFormatter.plainText(value))) }

    /// `train`'s progress reports, in order.
    var reports: [TrainingReport] = []
    /// Called with each report as it arrives.
    var onReport: (TrainingReport) -> Void = { _ in }

    func trainingProgress(_ report: TrainingReport) {
        reports.append(report)
        onReport(report)
    }
}

/// One interpreter with its host, kept alive together.
final class Session {
    let host = TestHost()
    let interpreter: Interpreter

    init(limits: Limits = Limits()) {
        interpreter = Interpreter(host: host, limits: limits)
    }

    /// Runs a cell; returns the result's text/plain (nil if none) or throws the language error.
    @discardableResult
    func run(_ code: String) throws -> String? {
        switch interpreter.execute(code, name: "<cell>") {
        case .success(let value): return value.map(ValueFormatter.plainText)
        case .failure(let error): throw error
        }
    }

    /// Runs a cell that must fail and returns its error.
    func error(_ code: String) -> LanguageError? {
        if case .failure(let error) = interpreter.execute(code, name: "<cell>") { return error }
        return nil
    }
}

/// Runs one cell in a fresh session and returns what `print` wrote.
func output(_ code: String) throws -> String {
    let session = Session()
    try session.run(code)
    return session.host.stdout
}

/// Runs one cell in a fresh session and returns its result's text/plain.
func result(_ code: String) throws -> String? {
    try Session().run(code)
}

/// Splits a source with an inline location marker into the code and the marked location.
///
/// The marker is `⟪` at the column where the error is expected (and `⟫` where its range ends,
/// optionally). Returns the code without markers and the expected 1-based line and column.
func marked(_ source: String) -> (code: String, line: Int, column: Int) {
    var code = ""
    var line = 1, column = 1
    var expected = (line: 0, column: 0)
    for scalar in source.unicodeScalars {
        if scalar == "⟪" { expected = (line, column); continue }
        if scalar == "⟫" { continue }
        code.unicodeScalars.append(scalar)
        if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
    }
    return (code, expected.line, expected.column)
}
