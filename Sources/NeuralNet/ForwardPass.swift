/// The trace of a forward pass: z^l and a^l of every layer, kept so they can be looked at.
///
/// Every matrix has one row per sample; a single input is a batch of one row.
public struct ForwardPass: Sendable {
    /// z^1 … z^L (stored from index 0 for layer 1).
    let weightedInputs: [Matrix]
    /// a^0 = x, a^1 … a^L.
    let layerOutputs: [Matrix]
    /// σ of layers 1 … L (stored from index 0 for layer 1).
    public let activations: [Activation]

    /// The number of layers with weights, L.
    public var layerCount: Int { weightedInputs.count }

    /// The number of samples (rows) that went through.
    public var sampleCount: Int { input.rows }

    /// a^0 = x, the input batch.
    public var input: Matrix { layerOutputs[0] }

    /// a^L, the network's output.
    public var output: Matrix { layerOutputs[layerOutputs.count - 1] }

    /// z^l = W^l a^(l−1) + b^l for l in 1…L, one row per sample.
    ///
    /// - Throws: ``MathError/Kind/value`` for layer 0 (the input has no z) or a layer that does not exist.
    public func z(_ l: Int) throws -> Matrix {
        try Network.checkLayer(l, layerCount: layerCount, name: "z")
        return weightedInputs[l - 1]
    }

    /// a^l = σ(z^l) for l in 1…L, and a^0 = x.
    ///
    /// - Throws: ``MathError/Kind/value`` for a layer that does not exist.
    public func a(_ l: Int) throws -> Matrix {
        try Network.checkLayer(l, layerCount: layerCount, name: "a", includesInput: true)
        return layerOutputs[l]
    }
}
