/// The kind of a language error; its raw value is the `ename` users see.
public enum ErrorKind: String, Sendable, CaseIterable {
    /// The text is not a valid program.
    case syntaxError = "SyntaxError"
    /// A name that is not defined, or not yet.
    case nameError = "NameError"
    /// A wrong label, arity or type, or assigning a `let`.
    case typeError = "TypeError"
    /// Vectors or matrices whose shapes do not fit.
    case shapeError = "ShapeError"
    /// A bad argument value or a bad file.
    case valueError = "ValueError"
    /// Overflow, division by zero, index out of range.
    case runtimeError = "RuntimeError"
    /// The user interrupted the run.
    case interrupted = "Interrupted"
    /// A limit that protects the kernel was reached (nesting, recursion, size, steps).
    case resourceError = "ResourceError"
}
