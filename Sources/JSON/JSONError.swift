/// Why JSON text could not be read or a value could not be written.
///
/// Parse errors start with the line and column of the problem, e.g.
/// "line 3, column 14: expected ',' or '}'".
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The explanation, for people.
    public let message: String

    /// Creates an error with its explanation.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
