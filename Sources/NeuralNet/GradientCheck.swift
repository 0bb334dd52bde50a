/// Analytic gradients from backpropagation beside centred finite differences, per parameter.
///
/// The numeric side uses only forward passes:
/// n = (C(w + ε) − C(w − ε)) / 2ε. The relative error is
/// |a − n| / max(|a| + |n|, 1e-8), as in CS231n.
public struct GradientCheck: Sendable {
    /// One weight or bias, compared.
    public struct Entry: Sendable, Equatable {
        /// The layer l (1…L).
        public let layer: Int
        /// Whether this is the bias b^l_k rather than the weight W^l_kj.
        public let isBias: Bool
        /// The receiving node k.
        public let k: Int
        /// The emitting node j (0 for a bias).
        public let j: Int
        /// ∂C/∂w from backpropagation.
        public let analytic: Double
        /// ∂C/∂w from centred differences.
        public let numeric: Double
        /// |a − n| / max(|a| + |n|, 1e-8).
        public let relativeError: Double
    }

    /// Every parameter, layer by layer, weights (row-major) before biases.
    public let entries: [Entry]
    /// The step ε.
    public let epsilon: Double
    /// The largest relative error a parameter may have and pass: 1e-6, or 1e-4 when a layer
    /// uses relu or leakyRelu, whose kink at 0 finite differences straddle.
    ///
    /// Not 1e-7: with ε = 1e-5 the rounding error of the difference quotient, about
    /// 1e-16 · C / ε, is already 1e-7 of a gradient of 1e-4 when C is near 1.
    public let threshold: Double
    /// Whether the check was interrupted before it compared every parameter.
    public let interrupted: Bool

    /// The largest relative error over all entries (0 when there are none).
    public var maxRelativeError: Double { entries.reduce(0) { Swift.max($0, $1.relativeError) } }

    /// Whether every entry's relative error is within ``threshold``.
    public var passed: Bool { entries.allSatisfy { $0.relativeError <= threshold } }

    /// |a − n| / max(|a| + |n|, 1e-8).
    public static func relativeError(_ analytic: Double, _ numeric: Double) -> Double {
        Swift.abs(analytic - numeric) / Swift.max(Swift.abs(analytic) + Swift.abs(numeric), 1e-8)
    }
}

extension Network {
    /// Compares ∂C/∂w from ``backward(_:target:loss:)`` with centred differences of ``loss(_:target:loss:)``.
    ///
    /// - Parameter shouldStop: Asked before each parameter; when it answers true the check
    ///   stops and says so (``GradientCheck/interrupted``).
    /// - Throws: the errors of ``backward(_:target:loss:)``, or ``MathError/Kind/value`` for an
    ///   epsilon that is not a positive finite number.
    public func gradientCheck(
        _ x: Matrix, target: Matrix, loss: Loss, epsilon: Double = 1e-5, shouldStop: () -> Bool = { false }
    ) throws -> GradientCheck {
        guard epsilon.isFinite, epsilon > 0 else {
            throw MathError(.value, "epsilon must be a positive finite number, got \(epsilon)")
        }
        let gradients = try backward(x, target: target, loss: loss)
        let kinked = layers.contains { $0.activation == .relu || $0.activation == .leakyRelu }
        var entries: [GradientCheck.Entry] = []
        let threshold = kinked ? 1e-4 : 1e-6
        var probe = self
        /// (C(w + ε) − C(w − ε)) / 2ε for the parameter `set` writes; restores it to `original`.
        func numeric(_ original: Double, _ set: (inout Network, Double) -> Void) throws -> Double {
            set(&probe, original + epsilon)
            let plus = try probe.loss(x, target: target, loss: loss)
            set(&probe, original - epsilon)
            let minus = try probe.loss(x, target: target, loss: loss)
            set(&probe, original)
            return (plus - minus) / (2 * epsilon)
        }
        for index in layers.indices {
            let layer = layers[index]
            let dW = gradients.weightGradients[index].elements
            for i in 0..<dW.count {
                if shouldStop() { return GradientCheck(entries: entries, epsilon: epsilon, threshold: threshold, interrupted: true) }
                let n = try numeric(layer.weights.elements[i]) { $0.layers[index].weights.elements[i] = $1 }
                entries.append(.init(layer: index + 1, isBias: false, k: i / layer.inputs, j: i % layer.inputs, analytic: dW[i], numeric: n, relativeError: GradientCheck.relativeError(dW[i], n)))
            }
            guard layer.useBias else { continue }
            let db = gradients.biasGradients[index].elements
            for k in 0..<db.count {
                if shouldStop() { return GradientCheck(entries: entries, epsilon: epsilon, threshold: threshold, interrupted: true) }
                let n = try numeric(layer.biases.elements[k]) { $0.layers[index].biases.elements[k] = $1 }
                entries.append(.init(layer: index + 1, isBias: true, k: k, j: 0, analytic: db[k], numeric: n, relativeError: GradientCheck.relativeError(db[k], n)))
            }
        }
        return GradientCheck(entries: entries, epsilon: epsilon, threshold: threshold, interrupted: false)
    }
}
