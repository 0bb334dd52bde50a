/// Why a file is not a notebook this tool can run: not JSON, not nbformat 4, a cell without a
/// type.
public struct NotebookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, for the user.
    public let message: String

    /// An error with its message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
