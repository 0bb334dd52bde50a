/// The lecture's name for a vector or matrix that was read out of a network, a pass or a
/// gradient (W^1, δ^2), and what its rows and columns index, so displays can title it so.
///
/// It travels with the value but is not part of it: equality ignores it, and every operation
/// that makes a new value drops it.
public struct Notation: Sendable, Equatable {
    /// The name with its layer as a superscript after `^`: `W^1`, `∂C/∂W^2`, `δ^1`.
    public var name: String
    /// What row r stands for: `k` (receiving node) or `s` (sample of a batch).
    public var rowIndex: String
    /// What column c stands for: `j` (emitting node) or `k` (node of a batch trace).
    public var columnIndex: String

    /// A name and what the rows and columns index (rows `k`, columns `j` unless told).
    public init(name: String, rowIndex: String = "k", columnIndex: String = "j") {
        self.name = name
        self.rowIndex = rowIndex
        self.columnIndex = columnIndex
    }
}
