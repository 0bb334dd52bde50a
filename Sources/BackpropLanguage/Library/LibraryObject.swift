import NeuralNet

/// An immutable library value: a layer, a dataset, the trace of a pass, a history, a plot.
///
/// One class for all of them keeps ``Value`` small (a single reference) however large the
/// traces are.
public final class LibraryObject {
    /// What the object is.
    public enum Kind {
        /// `Dense(3, activation: .sigmoid)`, a layer not yet part of a network.
        case layer(Dense)
        /// A dataset.
        case dataset(Dataset)
        /// `data.split(0.8)`: a training and a test set.
        case split(train: Dataset, test: Dataset)
        /// `net.forward(x)`; `single` when x was one sample (a vector), so traces read as vectors.
        case pass(ForwardPass, single: Bool)
        /// `net.backward(x, target:, loss:)`.
        case gradients(Gradients, single: Bool)
        /// `net.step(…)`.
        case step(StepReport, single: Bool)
        /// `net.train(…)`.
        case history(History)
        /// `gradientCheck(…)`.
        case check(GradientCheck)
        /// Per-layer values indexed by layer number: `net.weights`, `pass.z`, `g.delta`.
        case layers(LayerList)
        /// `plot(history)`, `decisionBoundary(net, data)`, `net.diagram()`.
        case plot(Plot)
        /// `g.explain(layer:k:j:)`: the chain rule for one weight or bias, with numbers.
        case explanation(Explanation)
    }

    /// What the object is.
    public let kind: Kind

    /// Wraps a library value.
    public init(_ kind: Kind) {
        self.kind = kind
    }

    /// The type name users see.
    public var typeName: String {
        switch kind {
        case .layer: return "Dense"
        case .dataset: return "Dataset"
        case .split: return "DatasetSplit"
        case .pass: return "ForwardPass"
        case .gradients: return "Gradients"
        case .step: return "StepReport"
        case .history: return "History"
        case .check: return "GradientCheck"
        case .layers(let list): return "LayerList<\(list.elementTypeName)>"
        case .plot: return "Plot"
        case .explanation: return "Explanation"
        }
    }
}

/// Values indexed by layer number l, as the lecture numbers layers: `net.weights[1]` is W^1.
///
/// Layer 0 is the input; most lists start at 1, and asking for a layer that has no entry
/// is an error that says why.
public struct LayerList {
    /// The property's name, for messages: `weights`, `z`, `delta`.
    public let name: String
    /// The lecture's symbol for titles: `W`, `z`, `δ`.
    public let symbol: String
    /// The first layer number with an entry (0 or 1).
    public let first: Int
    /// The entries, for layers first, first + 1, ….
    public let values: [Value]
    /// Writes an entry back to the network for the settable lists (`weights`, `biases`).
    let setter: ((Int, Value, SourceRange) throws -> Void)?

    /// The last layer number.
    public var last: Int { first + values.count - 1 }

    /// The element type name: Matrix or Vector.
    var elementTypeName: String { values.first?.typeName ?? "Matrix" }

    /// Whether entries are weight-like (rows k receive, columns j emit: W, ∂C/∂W, ΔW) rather
    /// than traces of a batch (z, a, δ: one row per sample s, columns k).
    public var isWeightLike: Bool { symbol.contains("W") }

    /// The entry of layer `l` named in the lecture's notation, so that `net.weights[1]` shows
    /// as W^1 (rows k, columns j) and `pass.z[2]` of a batch as z^2 (rows s, columns k).
    func entry(layer l: Int, at range: SourceRange) throws -> Value {
        let value = values[try position(of: l, at: range)]
        switch value {
        case .matrix(var matrix):
            matrix.notation = isWeightLike
                ? Notation(name: "\(symbol)^\(l)")
                : Notation(name: "\(symbol)^\(l)", rowIndex: "s", columnIndex: "k")
            return .matrix(matrix)
        case .vector(var vector):
            vector.notation = Notation(name: "\(symbol)^\(l)", rowIndex: "k", columnIndex: "")
            return .vector(vector)
        default:
            return value
        }
    }

    /// Checks a layer number and returns the entry's position in ``values``.
    func position(of l: Int, at range: SourceRange) throws -> Int {
        if l == 0, first == 1 {
            throw Diagnostic(.valueError, "\(name)[0] does not exist: layer 0 is the input layer, which has no \(name); use \(name)[1] … \(name)[\(last)]", at: range)
        }
        guard l >= first, l <= last else {
            throw Diagnostic(.valueError, "\(name)[\(l)] does not exist: the layers are \(first)…\(last)", at: range)
        }
        return l - first
    }
}

/// A chart or picture; text/plain draws it with characters until rich displays render it.
public enum Plot {
    /// The loss (and accuracy) per epoch of a training run, the loss on a log10 axis or not.
    case history(History, logScale: Bool)
    /// A trained network's decisions over the plane of a 2-input dataset.
    case decisionBoundary(Network, Dataset)
    /// The network's layers, nodes and weights, with the values of one sample in the nodes
    /// when given (`values[l]` for layer l, index 0 the input layer, empty where there are none).
    case diagram(Network, values: NodeValues?)
}

/// One value per node of a network, layer by layer, for a diagram: a^l, z^l or δ^l of one sample.
public struct NodeValues: Sendable {
    /// The lecture's symbol of the values: `a`, `z`, `δ`.
    public let symbol: String
    /// `layers[l]` holds layer l's values (index 0 the input layer); empty for a layer without.
    public let layers: [[Double]]
}

/// The chain rule for ∂C/∂W^l_kj (or ∂C/∂b^l_k when `j` is nil), to be shown with the numbers
/// of one backward pass.
public struct Explanation {
    /// The backward pass whose numbers are substituted.
    public let gradients: Gradients
    /// Whether the pass was of a single sample (otherwise the formula is the batch mean).
    public let single: Bool
    /// The layer l (1…L).
    public let layer: Int
    /// The receiving node k of layer l.
    public let k: Int
    /// The emitting node j of layer l − 1, or nil for the bias.
    public let j: Int?
}
