import NeuralNet

extension LibraryMethods {
    /// Signatures of the methods, for messages and inspection.
    static let signatures: [String: Builtin] = {
        let entries: [(String, String, String)] = [
            ("forward", "net.forward(_ x: Vector | Matrix) -> ForwardPass", "Runs x forward, keeping z^l and a^l of every layer."),
            ("backward", "net.backward(_ x: Vector | Matrix, target: Vector | Matrix, loss: Loss = .squaredError) -> Gradients",
             "Backpropagation: δ^l, ∂C/∂W^l, ∂C/∂b^l for every layer and the loss C (batch means for a matrix x)."),
            ("step", "net.step(_ x: Vector | Matrix, target: Vector | Matrix, learningRate: Double, loss: Loss = .squaredError, updateBiases: Bool = true) -> StepReport",
             "One gradient-descent step: W^l ← W^l − η ∂C/∂W^l; reports W before, ΔW and W after."),
            ("train", "net.train(on: Dataset, epochs: Int = 1, learningRate: Double = 0.1, batchSize: Int = 32, loss: Loss = .squaredError, optimizer: Optimizer = .sgd, l2: Double = 0, shuffle: Bool = true, seed: Int = 0) -> History",
             "Trains with mini-batches; stops cleanly on interrupt, keeping the last finished step."),
            ("predict", "net.predict(_ x: Vector | Matrix) -> Vector | Matrix", "The network's output a^L for x."),
            ("loss", "net.loss(_ x: Vector | Matrix, target: Vector | Matrix, loss: Loss = .squaredError) -> Double or net.loss(on: Dataset, loss: Loss = .squaredError) -> Double",
             "The loss C, averaged over the samples."),
            ("accuracy", "net.accuracy(on: Dataset) -> Double", "The fraction of samples classified right (threshold 0.5 for one output, largest output otherwise)."),
            ("copy", "net.copy() -> Network", "An independent copy with the same weights."),
            ("diagram", "net.diagram(values: LayerList? = nil) -> Plot",
             "A picture of the layers, nodes and weights; values: pass.a, pass.z or g.delta of one sample puts them in the nodes."),
            ("save", "net.save(to: String)", "Writes the network to a JSON file that Network.load reads back exactly."),
            ("split", "data.split(_ fraction: Double, seed: Int = 0) -> DatasetSplit", "Shuffles with the seed and splits into .train (the fraction) and .test."),
            ("explain", "g.explain(layer: Int, k: Int, j: Int) -> Explanation or g.explain(layer: Int, k: Int)",
             "The chain rule for ∂C/∂W^l_kj (or ∂C/∂b^l_k without j) with the numbers of this pass."),
        ]
        var table: [String: Builtin] = [:]
        for (name, signature, doc) in entries { table[name] = Builtin(name, signature, doc) { _ in .void } }
        return table
    }()

    /// The evaluated arguments of a method call as a builtin call, for label matching.
    private static func arguments(_ call: MethodCall) -> BuiltinCall {
        let builtin = signatures[call.name] ?? Builtin(call.name, call.name, "") { _ in .void }
        return BuiltinCall(builtin: builtin, arguments: call.arguments, labels: call.labels, ranges: call.ranges, range: call.range, runtime: call.runtime)
    }

    /// An optional loss argument (`.squaredError` when left out).
    private static func loss(_ call: BuiltinCall, _ index: Int?) throws -> Loss {
        try index.map { try LibraryOptions.loss(call.arguments[$0], at: call.range(of: $0)) } ?? .squaredError
    }

    /// `value.name(arguments)` for networks and library objects; nil if the value has no such method.
    static func call(_ value: Value, _ method: MethodCall) throws -> Value? {
        switch value {
        case .network(let reference):
            return try networkCall(reference, method)
        case .object(let object):
            switch (object.kind, method.name) {
            case (.dataset(let data), "split"):
                let call = arguments(method)
                let plan = try call.bind([(nil, true), ("seed", false)])
                let fraction = try call.double(plan[0] ?? 0, what: "fraction")
                let seed = try LibraryBuiltins.seed(call, plan[1])
                let (train, test) = try Coerce.math(call.range) { try data.split(fraction, seed: seed) }
                return .object(LibraryObject(.split(train: train, test: test)))
            case (.gradients(let g, let single), "explain"):
                let call = arguments(method)
                let plan = try call.bind([("layer", true), ("k", true), ("j", false)])
                let l = try call.int(plan[0] ?? 0, what: "layer")
                let k = try call.int(plan[1] ?? 1, what: "k")
                let j = try plan[2].map { try call.int($0, what: "j") }
                let layerRange = call.range(of: plan[0] ?? 0)
                if l == 0 {
                    throw Diagnostic(.valueError, "layer 0 is the input layer, which has no weights: explain layers 1…\(g.layerCount)", at: layerRange)
                }
                guard l >= 1, l <= g.layerCount else {
                    throw Diagnostic(.valueError, "layer \(l) does not exist: the layers with weights are 1…\(g.layerCount)", at: layerRange)
                }
                let weights = try Coerce.math(layerRange) { try g.dW(l) }
                guard k >= 0, k < weights.rows else {
                    throw Diagnostic(.valueError, "k = \(k) is not a node of layer \(l), whose nodes are k = 0…\(weights.rows - 1)", at: call.range(of: plan[1] ?? 1))
                }
                if let j, j < 0 || j >= weights.columns {
                    throw Diagnostic(.valueError, "j = \(j) is not a node of layer \(l - 1), whose nodes are j = 0…\(weights.columns - 1)", at: call.range(of: plan[2] ?? 2))
                }
                return .object(LibraryObject(.explanation(Explanation(gradients: g, single: single, layer: l, k: k, j: j))))
            default:
                return nil
            }
        default:
            return nil
        }
    }

    private static func networkCall(_ reference: NetworkReference, _ method: MethodCall) throws -> Value? {
        let call = arguments(method)
        let range = call.range
        let net = reference.network
        let outputs = net.outputCount
        switch method.name {
        case "forward", "predict":
            let plan = try call.bind([(nil, true)])
            let (x, single) = try LibraryBuiltins.batch(call.arguments[plan[0] ?? 0], at: call.range(of: plan[0] ?? 0))
            let pass = try Coerce.math(range) { try net.forward(x) }
            if method.name == "predict" { return trace(pass.output, single: single) }
            return .object(LibraryObject(.pass(pass, single: single)))
        case "backward":
            let plan = try call.bind([(nil, true), ("target", true), ("loss", false)])
            let (x, single) = try LibraryBuiltins.batch(call.arguments[plan[0] ?? 0], at: call.range(of: plan[0] ?? 0))
            let y = try LibraryBuiltins.target(call.arguments[plan[1] ?? 1], rows: x.rows, single: single, outputs: outputs, at: call.range(of: plan[1] ?? 1))
            let loss = try loss(call, plan[2])
            return .object(LibraryObject(.gradients(try Coerce.math(range) { try net.backward(x, target: y, loss: loss) }, single: single)))
        case "step":
            let plan = try call.bind([(nil, true), ("target", true), ("learningRate", true), ("loss", false), ("updateBiases", false)])
            let (x, single) = try LibraryBuiltins.batch(call.arguments[plan[0] ?? 0], at: call.range(of: plan[0] ?? 0))
            let y = try LibraryBuiltins.target(call.arguments[plan[1] ?? 1], rows: x.rows, single: single, outputs: outputs, at: call.range(of: plan[1] ?? 1))
            let rate = try call.double(plan[2] ?? 2, what: "learning rate")
            let loss = try loss(call, plan[3])
            let updateBiases = try plan[4].map { try Coerce.bool(call.arguments[$0], at: call.range(of: $0), what: "updateBiases") } ?? true
            let report = try Coerce.math(range) {
                try reference.network.step(x, target: y, learningRate: rate, loss: loss, updateBiases: updateBiases)
            }
            return .object(LibraryObject(.step(report, single: single)))
        case "train":
            return try train(reference, call)
        case "loss":
            if call.labels.first == "on" {
                let plan = try call.bind([("on", true), ("loss", false)])
                let data = try LibraryOptions.dataset(call.arguments[plan[0] ?? 0], at: call.range(of: plan[0] ?? 0))
                let loss = try loss(call, plan[1])
                return .double(try Coerce.math(range) { try net.loss(data.inputs, target: data.targets, loss: loss) })
            }
            let plan = try call.bind([(nil, true), ("target", true), ("loss", false)])
            let (x, single) = try LibraryBuiltins.batch(call.arguments[plan[0] ?? 0], at: call.range(of: plan[0] ?? 0))
            let y = try LibraryBuiltins.target(call.arguments[plan[1] ?? 1], rows: x.rows, single: single, outputs: outputs, at: call.range(of: plan[1] ?? 1))
            let loss = try loss(call, plan[2])
            return .double(try Coerce.math(range) { try net.loss(x, target: y, loss: loss) })
        case "accuracy":
            let plan = try call.bind([("on", true)])
            let data = try LibraryOptions.dataset(call.arguments[plan[0] ?? 0], at: call.range(of: plan[0] ?? 0))
            return .double(try Coerce.math(range) { try net.accuracy(data.inputs, target: data.targets) })
        case "copy":
            _ = try call.bind([])
            return .network(NetworkReference(net))
        case "diagram":
            let plan = try call.bind([("values", false)])
            let values = try plan[0].map { try nodeValues(call.arguments[$0], for: net, at: call.range(of: $0)) }
            return .object(LibraryObject(.plot(.diagram(net, values: values))))
        case "save":
            let plan = try call.bind([("to", true)])
            let path = try LibraryBuiltins.string(call, plan[0] ?? 0, what: "path")
            let text = try Coerce.math(range) { try NetworkCoding.encode(net) }
            try LibraryFiles.write(text, to: path, at: call.range(of: plan[0] ?? 0))
            return .void
        default:
            return nil
        }
    }

    /// The values of `net.diagram(values:)`: a per-layer list of one sample's vectors that fit
    /// the network's layers (a^0…a^L, z^1…z^L or δ^1…δ^L).
    private static func nodeValues(_ value: Value, for net: Network, at range: SourceRange) throws -> NodeValues {
        guard case .object(let object) = value, case .layers(let list) = object.kind, list.values.allSatisfy({ $0.typeName == "Vector" }) else {
            throw Diagnostic(.typeError, "diagram values must be a list of one sample's vectors per layer, such as pass.a, pass.z or g.delta of a single input; found a value of type '\(value.typeName)'", at: range)
        }
        let sizes = net.sizes
        guard list.first >= 0, list.last < sizes.count else {
            throw Diagnostic(.shapeError, "diagram values cover layers \(list.first)…\(list.last), but the network has layers 0…\(sizes.count - 1)", at: range)
        }
        var layers = [[Double]](repeating: [], count: sizes.count)
        for (offset, entry) in list.values.enumerated() {
            guard case .vector(let vector) = entry else { continue }
            let l = list.first + offset
            guard vector.count == sizes[l] else {
                throw Diagnostic(.shapeError, "\(list.name)[\(l)] has \(vector.count) value\(vector.count == 1 ? "" : "s"), but layer \(l) of the network has \(sizes[l]) node\(sizes[l] == 1 ? "" : "s")", at: range)
            }
            layers[l] = vector.elements
        }
        return NodeValues(symbol: list.symbol, layers: layers)
    }

    /// `net.train(on:…)`: runs in place, checking the interrupt flag before every step and
    /// reporting progress to the host.
    private static func train(_ reference: NetworkReference, _ call: BuiltinCall) throws -> Value {
        let plan = try call.bind([
            ("on", true), ("epochs", false), ("learningRate", false), ("batchSize", false), ("loss", false),
            ("optimizer", false), ("l2", false), ("shuffle", false), ("seed", false),
        ])
        let data = try LibraryOptions.dataset(call.arguments[plan[0] ?? 0], at: call.range(of: plan[0] ?? 0))
        var options = TrainingOptions(epochs: 1, learningRate: 0.1)
        if let index = plan[1] { options.epochs = try call.int(index, what: "epochs") }
        if let index = plan[2] { options.learningRate = try call.double(index, what: "learning rate") }
        if let index = plan[3] { options.batchSize = try call.int(index, what: "batch size") }
        options.loss = try loss(call, plan[4])
        if let index = plan[5] { options.optimizer = try LibraryOptions.optimizer(call.arguments[index], at: call.range(of: index)) }
        if let index = plan[6] { options.l2 = try call.double(index, what: "l2") }
        if let index = plan[7] { options.shuffle = try Coerce.bool(call.arguments[index], at: call.range(of: index), what: "shuffle") }
        options.seed = try LibraryBuiltins.seed(call, plan[8])
        let runtime = call.runtime
        let reporter = TrainingReporter(host: runtime.host)
        let history = try Coerce.math(call.range) {
            try reference.network.train(
                on: data, options: options, shouldStop: { runtime.libraryShouldStop() }, progress: reporter.step)
        }
        reporter.end(history)
        if history.interrupted {
            throw runtime.libraryStopError("training stopped: it \(history.progressDescription); the network keeps the weights of its last finished step", at: call.range)
        }
        return .object(LibraryObject(.history(history)))
    }
}
