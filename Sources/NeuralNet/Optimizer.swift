/// How ``Network/train(on:options:shouldStop:progress:)`` turns gradients into weight changes.
///
/// η is the learning rate and g = ∂C/∂w; every rule applies to each weight
/// and bias separately, with ε = 1e-8 where it divides.
public enum Optimizer: Sendable, Equatable {
    /// w ← w − η g.
    case sgd
    /// Classical momentum with coefficient μ: v ← μ v − η g, w ← w + v.
    case momentum(Double)
    /// Adam (Kingma and Ba, 2015): m ← β₁ m + (1 − β₁) g, v ← β₂ v + (1 − β₂) g²,
    /// w ← w − η m̂ / (√v̂ + ε) with the bias corrections m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ).
    case adam(beta1: Double, beta2: Double)
    /// RMSprop with decay ρ: s ← ρ s + (1 − ρ) g², w ← w − η g / (√s + ε).
    case rmsprop(decay: Double)

    /// The ε that keeps Adam and RMSprop from dividing by zero.
    public static let epsilon = 1e-8

    /// The name as written in the language, with arguments: `adam(beta1: 0.9, beta2: 0.999)`.
    public var description: String {
        switch self {
        case .sgd: return "sgd"
        case .momentum(let mu): return "momentum(\(mu))"
        case .adam(let beta1, let beta2): return "adam(beta1: \(beta1), beta2: \(beta2))"
        case .rmsprop(let decay): return "rmsprop(decay: \(decay))"
        }
    }

    /// Checks the coefficients: each must lie in [0, 1).
    public func validate() throws {
        let coefficients: [(String, Double)]
        switch self {
        case .sgd: coefficients = []
        case .momentum(let mu): coefficients = [("momentum", mu)]
        case .adam(let beta1, let beta2): coefficients = [("beta1", beta1), ("beta2", beta2)]
        case .rmsprop(let decay): coefficients = [("decay", decay)]
        }
        for (name, value) in coefficients where !(value >= 0 && value < 1) {
            throw MathError(.value, "the \(name) coefficient of .\(description) must lie in [0, 1), got \(value)")
        }
    }

    /// The number of numbers of state kept per parameter.
    var stateCount: Int {
        switch self {
        case .sgd: return 0
        case .momentum, .rmsprop: return 1
        case .adam: return 2
        }
    }

    /// Updates `count` parameters `w` in place from their gradients `g`.
    ///
    /// `first` and `second` hold the optimizer's state for these parameters (as many as
    /// ``stateCount`` says); `corrections` are Adam's 1 − β₁ᵗ and 1 − β₂ᵗ for this step.
    func update(
        _ w: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, count: Int, learningRate eta: Double,
        first: UnsafeMutablePointer<Double>, second: UnsafeMutablePointer<Double>, corrections: (Double, Double)
    ) {
        switch self {
        case .sgd:
            for i in 0..<count { w[i] -= eta * g[i] }
        case .momentum(let mu):
            for i in 0..<count {
                first[i] = mu * first[i] - eta * g[i]
                w[i] += first[i]
            }
        case .adam(let beta1, let beta2):
            for i in 0..<count {
                first[i] = beta1 * first[i] + (1 - beta1) * g[i]
                second[i] = beta2 * second[i] + (1 - beta2) * g[i] * g[i]
                let mHat = first[i] / corrections.0, vHat = second[i] / corrections.1
                w[i] -= eta * mHat / (vHat.squareRoot() + Optimizer.epsilon)
            }
        case .rmsprop(let decay):
            for i in 0..<count {
                first[i] = decay * first[i] + (1 - decay) * g[i] * g[i]
                w[i] -= eta * g[i] / (first[i].squareRoot() + Optimizer.epsilon)
            }
        }
    }
}
