/// A set of training samples: one row of inputs and one row of targets per sample.
///
/// Binary targets are a single column of 0 and 1; class targets are
/// one-hot rows (one column per class). A dataset always holds at least
/// one sample, one input column and one target column, and its two
/// matrices have the same number of rows, so code that trains on it never
/// has to check again.
public struct Dataset: Sendable, Equatable {
    /// The inputs, one row per sample (the x of each sample).
    public let inputs: Matrix

    /// The targets, one row per sample (the y of each sample): [0]/[1] for binary data, one-hot rows for classes.
    public let targets: Matrix

    /// The number of samples.
    public var count: Int { inputs.rows }

    /// Creates a dataset from matching input and target rows.
    ///
    /// - Throws: ``MathError/Kind/shape`` when the two matrices have
    ///   different numbers of rows (the message names both shapes);
    ///   ``MathError/Kind/value`` when there are no samples or either matrix
    ///   has no columns.
    public init(inputs: Matrix, targets: Matrix) throws {
        guard inputs.rows == targets.rows else {
            throw MathError(
                .shape,
                "inputs are \(inputs.shapeDescription) but targets are \(targets.shapeDescription): they need one row per sample each"
            )
        }
        guard inputs.rows > 0 else {
            throw MathError(
                .value,
                "a dataset needs at least one sample, but inputs are \(inputs.shapeDescription) and targets are \(targets.shapeDescription)"
            )
        }
        guard inputs.columns > 0 else {
            throw MathError(
                .value, "a dataset needs at least one input column, but inputs are \(inputs.shapeDescription)"
            )
        }
        guard targets.columns > 0 else {
            throw MathError(
                .value,
                "a dataset needs at least one target column, but targets are \(targets.shapeDescription)")
        }
        self.init(unchecked: inputs, targets)
    }

    /// Creates a dataset whose invariants (equal row counts, at least one row and column each) the caller has checked.
    init(unchecked inputs: Matrix, _ targets: Matrix) {
        self.inputs = inputs
        self.targets = targets
    }

    /// Creates one of the fixed two-input truth tables; its rows are constants, so no check can fail.
    private static func truthTable(_ outputs: [Double]) -> Dataset {
        Dataset(
            unchecked: Matrix(unchecked: 4, 2, [0, 0, 0, 1, 1, 0, 1, 1]),
            Matrix(unchecked: 4, 1, outputs))
    }

    /// Exclusive or: inputs [[0,0],[0,1],[1,0],[1,1]], targets [[0],[1],[1],[0]].
    ///
    /// The classic problem no single-layer network can learn.
    public static let xor = truthTable([0, 1, 1, 0])

    /// Logical and: inputs [[0,0],[0,1],[1,0],[1,1]], targets [[0],[0],[0],[1]].
    public static let and = truthTable([0, 0, 0, 1])

    /// Logical or: inputs [[0,0],[0,1],[1,0],[1,1]], targets [[0],[1],[1],[1]].
    public static let or = truthTable([0, 1, 1, 1])

    /// Splits the samples at random into a training part and a test part.
    ///
    /// The sample indices 0..<count are put in a random order with
    /// ``shuffledIndices(_:using:)`` and a ``SeededGenerator`` seeded with
    /// `seed`; the first round(fraction · count) of them (rounding halves
    /// away from zero) form `train` and the rest form `test`, both in the
    /// shuffled order. The same seed gives the same split on every machine.
    ///
    /// - Throws: ``MathError/Kind/value`` when `fraction` is not strictly
    ///   between 0 and 1, or when either part would be empty.
    public func split(_ fraction: Double, seed: UInt64 = 0) throws -> (train: Dataset, test: Dataset) {
        guard fraction > 0, fraction < 1 else {
            throw MathError(
                .value,
                "split needs the fraction of samples for training strictly between 0 and 1 (e.g. 0.8 for 80%), but it is \(fraction)"
            )
        }
        let samplesText = "\(count) sample\(count == 1 ? "" : "s")"
        // fraction < 1, so the rounded product is at most count and fits in an Int.
        let trainCount = Int((fraction * Double(count)).rounded())
        guard trainCount > 0 else {
            throw MathError(
                .value,
                "split(\(fraction)) of \(samplesText) leaves no sample for training: use a larger fraction or more samples"
            )
        }
        guard trainCount < count else {
            throw MathError(
                .value,
                "split(\(fraction)) of \(samplesText) leaves no sample for testing: use a smaller fraction or more samples"
            )
        }
        var generator = SeededGenerator(seed: seed)
        let order = Dataset.shuffledIndices(count, using: &generator)
        return (samples(Array(order[..<trainCount])), samples(Array(order[trainCount...])))
    }

    /// The samples at `indices`, in that order (an index may repeat).
    ///
    /// For internal callers that pass valid indices (shuffling, batching,
    /// splitting): nothing is clamped or reported. So that a wrong index
    /// cannot crash, an index outside 0..<count is skipped; if every index
    /// is skipped, the result has no samples, which ``init(inputs:targets:)``
    /// would not allow.
    public func samples(_ indices: [Int]) -> Dataset {
        Dataset(unchecked: Dataset.rows(indices, of: inputs), Dataset.rows(indices, of: targets))
    }
}

// MARK: - Shuffling

extension Dataset {
    /// 0..<n in the order of a Fisher–Yates shuffle drawn from `generator` (see ``SeededGenerator/shuffle(_:)``).
    static func shuffledIndices(_ n: Int, using generator: inout SeededGenerator) -> [Int] {
        var order = Array(0..<Swift.max(n, 0))
        generator.shuffle(&order)
        return order
    }
}

extension Dataset {
    /// The rows of `matrix` at `indices`, in that order; indices outside 0..<rows are skipped.
    private static func rows(_ indices: [Int], of matrix: Matrix) -> Matrix {
        let columns = matrix.columns
        let source = matrix.elements
        var result: [Double] = []
        if indices.count <= matrix.rows {
            // At most rows × columns elements, which the matrix already holds.
            result.reserveCapacity(indices.count * columns)
        }
        var kept = 0
        for index in indices where index >= 0 && index < matrix.rows {
            let start = index * columns
            result.append(contentsOf: source[start..<(start + columns)])
            kept += 1
        }
        return Matrix(unchecked: kept, columns, result)
    }
}
