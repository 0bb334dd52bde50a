/// The buffers of one training run, allocated once so that a step allocates nothing.
///
/// Holds, for a batch of up to `capacity` samples, the batch itself, z^l,
/// a^l and δ^l of every layer, the parameter gradients and the optimizer's
/// state. Owned by the one `train` call that made it; never shared.
final class TrainingWorkspace {
    /// The most samples a batch holds.
    let capacity: Int
    /// The batch's inputs (a^0) and targets.
    let input: UnsafeMutablePointer<Double>, target: UnsafeMutablePointer<Double>
    /// z^l, a^l, δ^l for layers 1…L (index l − 1).
    let z: [UnsafeMutablePointer<Double>], a: [UnsafeMutablePointer<Double>], delta: [UnsafeMutablePointer<Double>]
    /// ∂C/∂W^l and ∂C/∂b^l.
    let weightGradient: [UnsafeMutablePointer<Double>], biasGradient: [UnsafeMutablePointer<Double>]
    /// The optimizer's first and second moments for W^l and b^l (as many as it keeps).
    let weightState: [(UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>)]
    let biasState: [(UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>)]
    private var owned: [UnsafeMutablePointer<Double>] = []

    init(network: Network, capacity: Int, optimizer: Optimizer) {
        self.capacity = capacity
        var owned: [UnsafeMutablePointer<Double>] = []
        func buffer(_ count: Int) -> UnsafeMutablePointer<Double> {
            let pointer = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(count, 1))
            pointer.initialize(repeating: 0, count: Swift.max(count, 1))
            owned.append(pointer)
            return pointer
        }
        input = buffer(capacity * network.inputCount)
        target = buffer(capacity * network.outputCount)
        z = network.layers.map { buffer(capacity * $0.units) }
        a = network.layers.map { buffer(capacity * $0.units) }
        delta = network.layers.map { buffer(capacity * $0.units) }
        weightGradient = network.layers.map { buffer($0.units * $0.inputs) }
        biasGradient = network.layers.map { buffer($0.units) }
        // Only the state the optimizer keeps is allocated; the others get one unread element.
        let first = optimizer.stateCount >= 1, second = optimizer.stateCount >= 2
        weightState = network.layers.map { (buffer(first ? $0.units * $0.inputs : 0), buffer(second ? $0.units * $0.inputs : 0)) }
        biasState = network.layers.map { (buffer(first ? $0.units : 0), buffer(second ? $0.units : 0)) }
        self.owned = owned
    }

    deinit {
        for pointer in owned { pointer.deallocate() }
    }
}
