/// The error a failed cell or script reports: one or more diagnostics, the first being the primary.
public struct LanguageError: Error, Sendable {
    /// Every diagnostic, in source order for syntax errors; never empty.
    public var diagnostics: [Diagnostic]

    /// Creates an error from its diagnostics (at least one).
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.isEmpty ? [Diagnostic(.runtimeError, "unknown error")] : diagnostics
    }

    /// Creates an error from one diagnostic.
    public init(_ diagnostic: Diagnostic) {
        self.diagnostics = [diagnostic]
    }

    /// The primary diagnostic.
    public var primary: Diagnostic { diagnostics.first ?? Diagnostic(.runtimeError, "unknown error") }

    /// The `ename` of the notebook's error output.
    public var name: String { primary.kind.rawValue }

    /// The one-line `evalue`: the primary message, and "(and N more)" when there are several.
    public var value: String {
        diagnostics.count > 1
            ? "\(primary.message) (and \(diagnostics.count - 1) more)" : primary.message
    }

    /// Every diagnostic rendered as the Swift compiler would, one after another.
    public func rendered(colors: Bool = false) -> String {
        diagnostics.map { $0.rendered(colors: colors) }.joined(separator: "\n")
    }
}
