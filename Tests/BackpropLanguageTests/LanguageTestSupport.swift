import Testing
@testable import BackpropLanguage
import NeuralNet

// Helpers shared by the language test suite (the harness itself is in TestHost.swift).

/// A source with inline location markers: `⟪` where the expected range starts and,
/// optionally, `⟫` where it ends. Lines and columns are 1-based and count Unicode scalars.
struct MarkedSource {
    let code: String
    let start: (line: Int, column: Int)
    let end: (line: Int, column: Int)?

    init(_ source: String) {
        var code = ""
        var line = 1, column = 1
        var start = (line: 0, column: 0)
        var end: (line: Int, column: Int)?
        for scalar in source.unicodeScalars {
            if scalar == "⟪" { start = (line, column); continue }
            if scalar == "⟫" { end = (line, column); continue }
            code.unicodeScalars.append(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        self.code = code
        self.start = start
        self.end = end
    }
}

/// What an error message must be: exactly a text, or contain one or more pieces.
enum MessageMatch: ExpressibleByStringLiteral, CustomStringConvertible {
    case exactly(String)
    case containing([String])

    init(stringLiteral value: String) { self = .exactly(value) }

    static func contains(_ pieces: String...) -> MessageMatch { .containing(pieces) }

    func matches(_ message: String) -> Bool {
        switch self {
        case .exactly(let text): return message == text
        case .containing(let pieces): return pieces.allSatisfy { message.contains($0) }
        }
    }

    var description: String {
        switch self {
        case .exactly(let text): return "exactly \"\(text)\""
        case .containing(let pieces): return "containing \(pieces)"
        }
    }
}

/// Runs a marked cell that must fail and checks the error's kind, message and location.
///
/// The location is the `⟪` marker (and the `⟫` marker for the range's end, when present).
/// Returns the error for further checks.
@discardableResult
func expectError(
    _ markedCode: String, _ kind: ErrorKind, _ message: MessageMatch,
    in session: Session = Session(), sourceLocation: SourceLocation = #_sourceLocation
) -> LanguageError? {
    let source = MarkedSource(markedCode)
    guard let error = session.error(source.code) else {
        Issue.record("expected the cell to fail with \(kind.rawValue)", sourceLocation: sourceLocation)
        return nil
    }
    #expect(error.name == kind.rawValue, "message: \(error.primary.message)", sourceLocation: sourceLocation)
    #expect(message.matches(error.primary.message), "message \"\(error.primary.message)\" is not \(message)",
            sourceLocation: sourceLocation)
    if source.start.line > 0 {
        let location = error.primary.lineAndColumn
        #expect(location?.line == source.start.line && location?.column == source.start.column,
                "located at \(String(describing: location)), expected \(source.start)", sourceLocation: sourceLocation)
    }
    if let end = source.end, let range = error.primary.range, let text = error.primary.source {
        let actual = text.location(of: range.end)
        #expect(actual.line == end.line && actual.column == end.column,
                "range ends at \(actual), expected \(end)", sourceLocation: sourceLocation)
    }
    return error
}

/// Runs an unmarked cell that must fail and returns its error.
func failure(_ code: String, limits: Limits = Limits(), sourceLocation: SourceLocation = #_sourceLocation) throws -> LanguageError {
    try #require(Session(limits: limits).error(code), "expected the cell to fail", sourceLocation: sourceLocation)
}

extension Session {
    /// Runs a cell and returns its result value itself (nil if none), or throws the error.
    func value(_ code: String) throws -> Value? {
        switch interpreter.execute(code, name: "<cell>") {
        case .success(let value): return value
        case .failure(let error): throw error
        }
    }

    /// The current value of a global.
    func global(_ name: String) -> Value? { interpreter.value(of: name) }
}

/// The numbers in a value: a number, an array of numbers, a vector, or a matrix (row by row).
func numbers(_ value: Value?) -> [Double]? {
    switch value {
    case .int(let number): return [Double(number)]
    case .double(let number): return [number]
    case .vector(let vector): return vector.elements
    case .matrix(let matrix): return matrix.elements
    case .array(let elements):
        var out: [Double] = []
        for element in elements {
            guard let inner = numbers(element) else { return nil }
            out += inner
        }
        return out
    default: return nil
    }
}

/// Evaluates a cell in a fresh session and returns the numbers of its result.
func evaluateNumbers(_ code: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Double] {
    let value = try Session().value(code)
    return try #require(numbers(value), "the result is not numeric: \(String(describing: value))", sourceLocation: sourceLocation)
}

/// Checks that two lists of numbers agree within a tolerance (relative for large numbers).
func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-12,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual.count == expected.count else {
        Issue.record("got \(actual.count) numbers \(actual), expected \(expected.count) \(expected)", sourceLocation: sourceLocation)
        return
    }
    for (a, e) in zip(actual, expected) {
        let scale = Swift.max(1, Swift.abs(e))
        #expect(Swift.abs(a - e) <= tolerance * scale, "got \(actual), expected \(expected)", sourceLocation: sourceLocation)
    }
}
