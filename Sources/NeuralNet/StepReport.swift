/// What one gradient-descent step did: W before, ΔW = −η ∂C/∂W, and W after, for every layer.
public struct StepReport: Sendable {
    /// The gradients the step followed (its pass and loss are from before the step).
    public let gradients: Gradients
    /// The learning rate η.
    public let learningRate: Double
    /// Whether the biases were updated too.
    public let updatedBiases: Bool
    /// W^l before the step, for l in 1…L (stored from index 0).
    let weightsBefore: [Matrix]
    /// ΔW^l = −η ∂C/∂W^l.
    let weightChanges: [Matrix]
    /// W^l after the step: W before + ΔW.
    let weightsAfter: [Matrix]
    /// b^l before the step.
    let biasesBefore: [Vector]
    /// Δb^l = −η ∂C/∂b^l (zeros when biases were not updated).
    let biasChanges: [Vector]
    /// b^l after the step.
    let biasesAfter: [Vector]

    /// The number of layers with weights, L.
    public var layerCount: Int { weightsBefore.count }

    /// C before the step, averaged over the batch.
    public var loss: Double { gradients.loss }

    /// W^l before the step.
    public func before(_ l: Int) throws -> Matrix { try pick(weightsBefore, l, "before") }
    /// ΔW^l = −η ∂C/∂W^l.
    public func change(_ l: Int) throws -> Matrix { try pick(weightChanges, l, "change") }
    /// W^l after the step.
    public func after(_ l: Int) throws -> Matrix { try pick(weightsAfter, l, "after") }
    /// b^l before the step.
    public func biasBefore(_ l: Int) throws -> Vector { try pick(biasesBefore, l, "biasBefore") }
    /// Δb^l = −η ∂C/∂b^l.
    public func biasChange(_ l: Int) throws -> Vector { try pick(biasChanges, l, "biasChange") }
    /// b^l after the step.
    public func biasAfter(_ l: Int) throws -> Vector { try pick(biasesAfter, l, "biasAfter") }

    private func pick<T>(_ values: [T], _ l: Int, _ name: String) throws -> T {
        try Network.checkLayer(l, layerCount: layerCount, name: name)
        return values[l - 1]
    }
}
