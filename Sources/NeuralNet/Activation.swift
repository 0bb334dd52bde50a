#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An activation function σ with its derivative σ' beside it: a^l_k = σ(z^l_k).
///
/// Each case keeps its value and its derivative next to each other, as the
/// lecture writes them, so a reader checks one against the other at a glance.
public enum Activation: String, Sendable, CaseIterable {
    /// σ(z) = 1 / (1 + e^(−z)); σ'(z) = σ(z)(1 − σ(z)).
    case sigmoid
    /// tanh(z); tanh'(z) = 1 − tanh²(z).
    case tanh
    /// max(0, z); relu'(z) = 1 for z > 0, else 0 (so relu'(0) = 0).
    case relu
    /// z for z > 0, else α z with α = 0.01; the derivative is 1 or α (α at 0).
    case leakyRelu
    /// z; linear'(z) = 1.
    case linear
    /// softmax(z)_k = e^(z_k) / Σ_j e^(z_j) over a layer: output layer only.
    case softmax

    /// The slope α of ``leakyRelu`` for negative inputs.
    public static let leakySlope = 0.01

    /// The activation of one node, σ(z); for ``softmax``, the value of a one-node layer (1).
    public func value(_ z: Double) -> Double {
        switch self {
        case .sigmoid: return Activation.sigmoid(z)
        case .tanh: return cTanh(z)
        case .relu: return z > 0 ? z : 0
        case .leakyRelu: return z > 0 ? z : Activation.leakySlope * z
        case .linear: return z
        case .softmax: return z.isNaN ? z : 1
        }
    }

    /// The derivative σ'(z) of one node; for ``softmax``, the diagonal s_k(1 − s_k) of its Jacobian.
    public func derivative(_ z: Double) -> Double {
        switch self {
        case .sigmoid:
            let s = Activation.sigmoid(z)
            return s * (1 - s)
        case .tanh:
            let t = cTanh(z)
            return 1 - t * t
        case .relu: return z > 0 ? 1 : 0
        case .leakyRelu: return z > 0 ? 1 : Activation.leakySlope
        case .linear: return 1
        case .softmax: return 0
        }
    }

    /// Whether a(z) lies in (0, 1), as the cross-entropy losses need.
    var outputsProbabilities: Bool { self == .sigmoid || self == .softmax }

    /// The logistic function, written so that neither branch overflows `exp`.
    @inline(__always)
    static func sigmoid(_ z: Double) -> Double {
        if z >= 0 { return 1 / (1 + exp(-z)) }
        let e = exp(z)
        return e / (1 + e)
    }

    // MARK: - Layers (batch form: one row per sample)

    /// a = σ(z) for a `rows × columns` batch; softmax works along each row.
    func apply(_ z: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, rows: Int, columns: Int) {
        let count = rows * columns
        switch self {
        case .sigmoid:
            for i in 0..<count { a[i] = Activation.sigmoid(z[i]) }
        case .tanh:
            for i in 0..<count { a[i] = cTanh(z[i]) }
        case .relu:
            for i in 0..<count { a[i] = z[i] > 0 ? z[i] : 0 }
        case .leakyRelu:
            for i in 0..<count { a[i] = z[i] > 0 ? z[i] : Activation.leakySlope * z[i] }
        case .linear:
            a.update(from: z, count: count)
        case .softmax:
            for r in 0..<rows {
                let zr = z + r * columns, ar = a + r * columns
                // Subtracting the row's maximum keeps exp finite and leaves the result unchanged.
                var largest = -Double.infinity
                for c in 0..<columns where zr[c] > largest { largest = zr[c] }
                var total = 0.0
                for c in 0..<columns {
                    ar[c] = exp(zr[c] - largest)
                    total += ar[c]
                }
                for c in 0..<columns { ar[c] /= total }
            }
        }
    }

    /// δ = g ⊙ σ'(z) in place over `g` (∂C/∂a in, ∂C/∂z out), given z and a = σ(z).
    ///
    /// For softmax σ' is a Jacobian, so δ_k = s_k (g_k − Σ_j g_j s_j) along each row.
    func multiplyByDerivative(
        _ g: UnsafeMutablePointer<Double>, z: UnsafePointer<Double>, a: UnsafePointer<Double>, rows: Int, columns: Int
    ) {
        let count = rows * columns
        switch self {
        case .sigmoid:
            // σ'(z) = σ(z)(1 − σ(z)) and a = σ(z) is already computed.
            for i in 0..<count { g[i] *= a[i] * (1 - a[i]) }
        case .tanh:
            for i in 0..<count { g[i] *= 1 - a[i] * a[i] }
        case .relu:
            for i in 0..<count where !(z[i] > 0) { g[i] = 0 }
        case .leakyRelu:
            for i in 0..<count where !(z[i] > 0) { g[i] *= Activation.leakySlope }
        case .linear:
            break
        case .softmax:
            for r in 0..<rows {
                let gr = g + r * columns, ar = a + r * columns
                var dot = 0.0
                for c in 0..<columns { dot += gr[c] * ar[c] }
                for c in 0..<columns { gr[c] = ar[c] * (gr[c] - dot) }
            }
        }
    }
}

/// The C library's tanh, named apart from the ``Activation/tanh`` case that shadows it inside the enum.
@inline(__always)
func cTanh(_ x: Double) -> Double {
    tanh(x)
}
