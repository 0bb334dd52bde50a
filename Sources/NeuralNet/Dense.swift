/// A fully connected layer l: n_l nodes, each receiving every node j of layer l − 1.
///
/// W^l has one row per receiving node k and one column per emitting node j
/// (n_l × n_(l−1)); b^l has one entry per node. The forward and backward
/// steps sit next to each other and mirror the lecture's formulas, in batch
/// form: a batch holds one sample per row, so Z^l = A^(l−1) (W^l)ᵀ + b^l.
public struct Dense: Sendable, Equatable {
    /// The number of nodes n_l.
    public let units: Int
    /// The activation σ of every node of the layer.
    public let activation: Activation
    /// Whether the layer has biases b^l (without, b^l is fixed at 0 and never trained).
    public let useBias: Bool
    /// W^l: n_l × n_(l−1), rows k (receiving), columns j (emitting); 0×0 until the layer joins a network.
    public internal(set) var weights: Matrix
    /// b^l: n_l entries, starting at 0.
    public internal(set) var biases: Vector

    /// The largest number of nodes a layer may have.
    public static let maximumUnits = 1 << 20

    /// A layer of `units` nodes; its weights are drawn when it joins a ``Network``.
    ///
    /// - Throws: ``MathError/Kind/value`` when `units` is not between 1 and ``maximumUnits``.
    public init(_ units: Int, activation: Activation = .sigmoid, useBias: Bool = true) throws {
        guard units >= 1, units <= Dense.maximumUnits else {
            throw MathError(.value, "a Dense layer needs between 1 and \(Dense.maximumUnits) units, got \(units)")
        }
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.weights = Matrix(unchecked: 0, 0, [])
        self.biases = Vector([])
    }

    /// The number of nodes n_(l−1) feeding the layer.
    public var inputs: Int { weights.columns }

    /// The number of trainable numbers: n_l n_(l−1) weights plus n_l biases when used.
    public var parameterCount: Int { weights.rows * weights.columns + (useBias ? units : 0) }

    // MARK: - Forward: z^l_k = Σ_j W^l_kj a^(l−1)_j + b^l_k, a^l_k = σ(z^l_k)

    /// Z = A (W)ᵀ + b for `rows` samples: `input` is rows × n_(l−1), `z` rows × n_l.
    func affine(_ input: UnsafePointer<Double>, rows: Int, into z: UnsafeMutablePointer<Double>) {
        let n = units, nIn = inputs
        if useBias {
            biases.elements.withUnsafeBufferPointer { b in
                guard let bias = b.baseAddress else { return }
                for r in 0..<rows { (z + r * n).update(from: bias, count: n) }
            }
        }
        weights.elements.withUnsafeBufferPointer { w in
            guard let weight = w.baseAddress else { return }
            BLAS.gemm(
                transA: false, transB: true, m: rows, n: n, k: nIn, alpha: 1,
                input, lda: nIn, weight, ldb: nIn, beta: useBias ? 1 : 0, z, ldc: n)
        }
    }

    // MARK: - Backward: ∂C/∂W^l_kj = δ^l_k a^(l−1)_j, ∂C/∂b^l_k = δ^l_k

    /// ∂C/∂W = scale · Δᵀ A and ∂C/∂b = scale · Σ_samples Δ, with scale = 1 / batch size.
    func parameterGradients(
        delta: UnsafePointer<Double>, input: UnsafePointer<Double>, rows: Int, scale: Double,
        weights dW: UnsafeMutablePointer<Double>, biases db: UnsafeMutablePointer<Double>
    ) {
        let n = units, nIn = inputs
        BLAS.gemm(
            transA: true, transB: false, m: n, n: nIn, k: rows, alpha: scale,
            delta, lda: n, input, ldb: nIn, beta: 0, dW, ldc: nIn)
        for k in 0..<n { db[k] = 0 }
        if useBias {
            for r in 0..<rows {
                let row = delta + r * n
                for k in 0..<n { db[k] += row[k] }
            }
            for k in 0..<n { db[k] *= scale }
        }
    }

    /// ∂C/∂a^(l−1) = Δ W, the sum over this layer's nodes k of δ^l_k W^l_kj, for each sample.
    ///
    /// Multiplied by σ'(z^(l−1)) this is δ^(l−1), the lecture's recursion.
    func inputGradient(delta: UnsafePointer<Double>, rows: Int, into g: UnsafeMutablePointer<Double>) {
        let n = units, nIn = inputs
        weights.elements.withUnsafeBufferPointer { w in
            guard let weight = w.baseAddress else { return }
            BLAS.gemm(
                transA: false, transB: false, m: rows, n: nIn, k: n, alpha: 1,
                delta, lda: n, weight, ldb: nIn, beta: 0, g, ldc: nIn)
        }
    }
}
