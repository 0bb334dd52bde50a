import Testing

@testable import NeuralNet

/// Expects `body` to throw a ``MathError`` of `kind` whose message contains every string in `parts`.
func expectMathError(
    _ kind: MathError.Kind,
    mentioning parts: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    let error = #expect(throws: MathError.self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return }
    #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
    for part in parts {
        #expect(
            error.message.contains(part), "\"\(error.message)\" should mention \"\(part)\"",
            sourceLocation: sourceLocation)
    }
    #expect(!error.message.contains("\n"), "messages are one line", sourceLocation: sourceLocation)
}

/// The largest absolute difference between two equally long arrays (infinity when the lengths differ).
func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    var largest = 0.0
    for (x, y) in zip(a, b) {
        largest = max(largest, abs(x - y))
    }
    return largest
}

/// The product computed entry by entry from the definition, as an independent reference.
func referenceProduct(_ a: Matrix, _ b: Matrix) throws -> Matrix {
    var c = try Matrix(rows: a.rows, columns: b.columns, repeating: 0)
    for i in 0..<a.rows {
        for j in 0..<b.columns {
            var total = 0.0
            for p in 0..<a.columns {
                total += try a.element(i, p) * b.element(p, j)
            }
            try c.setElement(total, i, j)
        }
    }
    return c
}

/// Every weight and bias of a network, layer by layer, as bit patterns.
func parameterBits(_ net: Network) throws -> [UInt64] {
    var bits: [UInt64] = []
    for l in 1...net.layerCount {
        bits += try net.weights(l).elements.map(\.bitPattern)
        bits += try net.biases(l).elements.map(\.bitPattern)
    }
    return bits
}
