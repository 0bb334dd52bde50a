/// How a new network draws its first weights; biases always start at 0.
///
/// One ``SeededGenerator`` (SplitMix64) seeded with the network's seed draws
/// every weight, layer by layer from W^1 to W^L, each matrix in row-major
/// order (W^l_00, W^l_01, …, then row 1). Uniform draws use 53 random bits
/// per number; Gaussian draws use the Box–Muller transform with
/// ``PortableMath``'s logarithm and cosine. Only exactly rounded operations
/// are involved, so the same seed gives bit-identical weights on every
/// machine and every run.
public enum Initializer: Sendable, Equatable {
    /// Glorot/Xavier uniform: U(−r, r) with r = √(6 / (n_in + n_out)). The default.
    case xavier
    /// He normal: N(0, 2 / n_in), for relu layers.
    case he
    /// N(0, 1 / n_in): a Gaussian with σ = 1/√n_in.
    case normal
    /// U(low, high): every weight uniform in [low, high).
    case uniform(Double, Double)
    /// All weights 0 (every node of a layer then learns the same thing: for experiments).
    case zeros

    /// The name as written in the language, with arguments: `uniform(-1.0, 1.0)`.
    public var description: String {
        switch self {
        case .xavier: return "xavier"
        case .he: return "he"
        case .normal: return "normal"
        case .uniform(let low, let high): return "uniform(\(low), \(high))"
        case .zeros: return "zeros"
        }
    }

    /// Checks the arguments: the bounds of `uniform` must be finite with low ≤ high.
    public func validate() throws {
        if case .uniform(let low, let high) = self {
            guard low.isFinite, high.isFinite, low <= high else {
                throw MathError(.value, "uniform(\(low), \(high)) needs finite bounds with low ≤ high")
            }
        }
    }

    /// The next weight of a layer with `fanIn` inputs and `fanOut` nodes.
    func draw(_ generator: inout SeededGenerator, fanIn: Int, fanOut: Int) -> Double {
        switch self {
        case .xavier:
            let r = (6 / Double(fanIn + fanOut)).squareRoot()
            return generator.nextUniform(in: -r, r)
        case .he:
            return generator.nextGaussian() * (2 / Double(fanIn)).squareRoot()
        case .normal:
            return generator.nextGaussian() / Double(fanIn).squareRoot()
        case .uniform(let low, let high):
            return generator.nextUniform(in: low, high)
        case .zeros:
            return 0
        }
    }
}
