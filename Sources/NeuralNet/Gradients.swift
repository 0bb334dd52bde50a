/// The trace of a backward pass: δ^l, ∂C/∂W^l, ∂C/∂b^l for every layer, and the loss C.
///
/// Over a batch, C and the parameter gradients are the means over the
/// samples; δ^l keeps one row per sample.
public struct Gradients: Sendable {
    /// The forward pass the gradients were computed from.
    public let pass: ForwardPass
    /// The targets y, one row per sample.
    public let target: Matrix
    /// The loss function C.
    public let lossFunction: Loss
    /// C, averaged over the batch.
    public let loss: Double
    /// W^1 … W^L as they were during the pass (for explaining the chain rule with numbers).
    public let weights: [Matrix]
    /// δ^1 … δ^L (stored from index 0 for layer 1).
    let deltas: [Matrix]
    /// ∂C/∂W^1 … ∂C/∂W^L.
    let weightGradients: [Matrix]
    /// ∂C/∂b^1 … ∂C/∂b^L.
    let biasGradients: [Vector]

    /// The number of layers with weights, L.
    public var layerCount: Int { deltas.count }

    /// δ^l = ∂C/∂z^l for l in 1…L, one row per sample.
    ///
    /// - Throws: ``MathError/Kind/value`` for layer 0 or a layer that does not exist.
    public func delta(_ l: Int) throws -> Matrix {
        try Network.checkLayer(l, layerCount: layerCount, name: "delta")
        return deltas[l - 1]
    }

    /// ∂C/∂W^l (n_l × n_(l−1)), the batch mean of δ^l_k a^(l−1)_j.
    ///
    /// - Throws: ``MathError/Kind/value`` for layer 0 or a layer that does not exist.
    public func dW(_ l: Int) throws -> Matrix {
        try Network.checkLayer(l, layerCount: layerCount, name: "dW")
        return weightGradients[l - 1]
    }

    /// ∂C/∂b^l (n_l entries), the batch mean of δ^l (zeros for a layer without biases).
    ///
    /// - Throws: ``MathError/Kind/value`` for layer 0 or a layer that does not exist.
    public func db(_ l: Int) throws -> Vector {
        try Network.checkLayer(l, layerCount: layerCount, name: "db")
        return biasGradients[l - 1]
    }
}
