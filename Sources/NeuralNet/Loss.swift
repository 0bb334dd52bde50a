#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cost function C(a^L, y) with its gradient ∇_a C beside it.
///
/// Values are per sample; over a batch every loss, and so every gradient, is
/// the mean over the samples.
public enum Loss: String, Sendable, CaseIterable {
    /// C = ½ Σ_k (y_k − a_k)², summed over the outputs; ∂C/∂a_k = a_k − y_k.
    case squaredError
    /// C = (1/n_L) Σ_k (y_k − a_k)² (no ½); ∂C/∂a_k = 2 (a_k − y_k) / n_L.
    case meanSquaredError
    /// Binary cross-entropy per output: C = −Σ_k [y_k ln a_k + (1 − y_k) ln(1 − a_k)];
    /// ∂C/∂a_k = (a_k − y_k) / (a_k (1 − a_k)).
    case crossEntropy
    /// C = −Σ_k y_k ln a_k for a softmax output and one-hot targets; ∂C/∂a_k = −y_k / a_k.
    case categoricalCrossEntropy

    /// Probabilities are kept at least this far from 0 and 1 inside logarithms, so a saturated
    /// output gives a large finite loss instead of infinity.
    public static let probabilityFloor = 1e-15

    /// Whether the loss takes logarithms of the outputs, which must then lie in (0, 1).
    public var needsProbabilities: Bool { self == .crossEntropy || self == .categoricalCrossEntropy }

    /// C for one sample: `n` outputs `a` against `n` targets `y`.
    func sampleValue(_ a: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count n: Int) -> Double {
        var total = 0.0
        switch self {
        case .squaredError:
            for k in 0..<n {
                let d = y[k] - a[k]
                total += d * d
            }
            return 0.5 * total
        case .meanSquaredError:
            for k in 0..<n {
                let d = y[k] - a[k]
                total += d * d
            }
            return total / Double(n)
        case .crossEntropy:
            for k in 0..<n {
                total -= y[k] * log(Swift.max(a[k], Loss.probabilityFloor))
                    + (1 - y[k]) * log(Swift.max(1 - a[k], Loss.probabilityFloor))
            }
            return total
        case .categoricalCrossEntropy:
            for k in 0..<n where y[k] != 0 {
                total -= y[k] * log(Swift.max(a[k], Loss.probabilityFloor))
            }
            return total
        }
    }

    /// The mean of C over a batch of `rows` samples with `columns` outputs each.
    func value(_ a: UnsafePointer<Double>, _ y: UnsafePointer<Double>, rows: Int, columns: Int) -> Double {
        guard rows > 0 else { return 0 }
        var total = 0.0
        for r in 0..<rows {
            total += sampleValue(a + r * columns, y + r * columns, count: columns)
        }
        return total / Double(rows)
    }

    /// ∇_a C for each sample of the batch (not divided by the batch size), written to `g`.
    func gradient(
        _ a: UnsafePointer<Double>, _ y: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>, rows: Int, columns: Int
    ) {
        let count = rows * columns
        switch self {
        case .squaredError:
            for i in 0..<count { g[i] = a[i] - y[i] }
        case .meanSquaredError:
            let scale = 2 / Double(columns)
            for i in 0..<count { g[i] = scale * (a[i] - y[i]) }
        case .crossEntropy:
            for i in 0..<count {
                g[i] = -y[i] / Swift.max(a[i], Loss.probabilityFloor) + (1 - y[i]) / Swift.max(1 - a[i], Loss.probabilityFloor)
            }
        case .categoricalCrossEntropy:
            for i in 0..<count { g[i] = -y[i] / Swift.max(a[i], Loss.probabilityFloor) }
        }
    }

    /// δ^L = ∇_a C ⊙ σ'(z^L) for a batch, written to `delta`.
    ///
    /// Where the product simplifies it is computed in its simple form, which is exact where
    /// the general one loses digits to cancellation: sigmoid with cross-entropy gives
    /// δ_k = a_k − y_k, softmax with categorical cross-entropy δ_k = a_k Σ_j y_j − y_k
    /// (a_k − y_k for one-hot targets).
    func outputDelta(
        _ activation: Activation, z: UnsafePointer<Double>, a: UnsafePointer<Double>, y: UnsafePointer<Double>,
        into delta: UnsafeMutablePointer<Double>, rows: Int, columns: Int
    ) {
        switch (activation, self) {
        case (.sigmoid, .crossEntropy):
            for i in 0..<rows * columns { delta[i] = a[i] - y[i] }
        case (.softmax, .categoricalCrossEntropy):
            for r in 0..<rows {
                let ar = a + r * columns, yr = y + r * columns, dr = delta + r * columns
                var mass = 0.0
                for c in 0..<columns { mass += yr[c] }
                for c in 0..<columns { dr[c] = ar[c] * mass - yr[c] }
            }
        default:
            gradient(a, y, into: delta, rows: rows, columns: columns)
            activation.multiplyByDerivative(delta, z: z, a: a, rows: rows, columns: columns)
        }
    }

    /// The mean loss of a batch of outputs against targets of the same shape.
    ///
    /// - Throws: ``MathError/Kind/shape`` when the shapes differ.
    public func value(output: Matrix, target: Matrix) throws -> Double {
        guard output.rows == target.rows, output.columns == target.columns else {
            throw MathError(.shape, "the output is \(output.shapeDescription) but the target is \(target.shapeDescription): they must have the same shape")
        }
        return output.elements.withUnsafeBufferPointer { ap in
            target.elements.withUnsafeBufferPointer { yp in
                guard let a = ap.baseAddress, let y = yp.baseAddress else { return 0 }
                return value(a, y, rows: output.rows, columns: output.columns)
            }
        }
    }
}
