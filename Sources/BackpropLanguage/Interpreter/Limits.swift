/// The limits that keep any program from crashing or hanging the kernel; each raises a `ResourceError` naming it.
public struct Limits: Sendable {
    /// How deeply expressions and blocks may nest in the source.
    public var maxNesting = Parser.defaultMaxDepth
    /// How many calls may be active at once (recursion depth).
    public var maxCallDepth = 10_000
    /// The most elements one array, vector or matrix may hold.
    public var maxElements = 1 << 26
    /// The most bytes (UTF-8) one string may hold.
    public var maxStringLength = 1 << 24
    /// The most numbers and elements one `print`, `String(x)` or interpolation may write out.
    public var maxPrintedElements = 1_000_000
    /// How deeply arrays may nest inside arrays.
    public var maxArrayNesting = 200
    /// When set, the most statements and loop iterations one `execute` may run (the fuzz tests use it).
    public var stepBudget: Int?

    /// The default limits.
    public init() {}
}
