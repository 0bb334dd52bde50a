/// A problem that stops the kernel from starting: a bad connection file, a socket that cannot bind.
public struct KernelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The explanation, for the log.
    public let message: String

    /// Creates an error with its explanation.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
