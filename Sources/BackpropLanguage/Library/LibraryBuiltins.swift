import NeuralNet

/// The library's global functions and static members: `Network { … }`, `Dense`, `Dataset`,
/// `gradientCheck`, `plot`, `decisionBoundary`, `Network.load`, `Dataset.moons`, ….
enum LibraryBuiltins {
    /// Global functions.
    static let functions: [Builtin] = [network, dense, dataset, gradientCheck, plot, decisionBoundary]

    /// Static members by type name.
    static let staticMembers: [String: [String: Builtin]] = [
        "Network": ["load": load],
        "Dataset": ["moons": moons, "circles": circles, "spiral": spiral, "blobs": blobs, "csv": csv],
    ]

    /// Static constants by type name: `Dataset.xor`.
    static let staticConstants: [String: [String: Value]] = [
        "Dataset": [
            "xor": .object(LibraryObject(.dataset(.xor))), "and": .object(LibraryObject(.dataset(.and))),
            "or": .object(LibraryObject(.dataset(.or))),
        ]
    ]

    // MARK: - Inputs

    /// A sample or a batch: a vector is one sample (`single`), a matrix one sample per row.
    static func batch(_ value: Value, at range: SourceRange, what: String = "input") throws -> (matrix: Matrix, single: Bool) {
        if case .matrix(let matrix) = value { return (matrix, false) }
        if Coerce.isVectorLike(value) {
            let vector = try Coerce.vector(value, at: range, what: what)
            return (try Coerce.math(range) { try Matrix(rows: 1, columns: vector.count, elements: vector.elements) }, true)
        }
        if Coerce.isMatrixLike(value) { return (try Coerce.matrix(value, at: range, what: what), false) }
        if let number = value.asDouble { return (try Coerce.math(range) { try Matrix(rows: 1, columns: 1, elements: [number]) }, true) }
        throw Diagnostic(.typeError, "the \(what) must be a vector (one sample) or a matrix (one sample per row), found a value of type '\(value.typeName)'", at: range)
    }

    /// Targets for a batch of `rows` samples: like the input, and for one output a flat array of
    /// one number per sample is a column.
    static func target(_ value: Value, rows: Int, single: Bool, outputs: Int, at range: SourceRange) throws -> Matrix {
        let (matrix, isVector) = try batch(value, at: range, what: "target")
        if isVector, !single, outputs == 1, matrix.columns == rows {
            return try Coerce.math(range) { try Matrix(rows: rows, columns: 1, elements: matrix.elements) }
        }
        return matrix
    }

    /// A Network argument.
    static func network(_ value: Value, at range: SourceRange) throws -> NetworkReference {
        guard case .network(let reference) = value else {
            throw Diagnostic(.typeError, "expected a Network, found a value of type '\(value.typeName)'", at: range)
        }
        return reference
    }

    /// A seed: any Int, its bits read as an unsigned 64-bit number.
    static func seed(_ call: BuiltinCall, _ index: Int?) throws -> UInt64 {
        guard let index else { return 0 }
        return UInt64(bitPattern: Int64(try call.int(index, what: "seed")))
    }

    /// A String argument.
    static func string(_ call: BuiltinCall, _ index: Int, what: String) throws -> String {
        guard case .string(let text) = call.arguments[index] else {
            throw Diagnostic(.typeError, "the \(what) must be a String, found a value of type '\(call.arguments[index].typeName)'", at: call.range(of: index))
        }
        return text
    }

    // MARK: - Networks and layers

    static let network = Builtin(
        "Network", "Network(inputs: Int, seed: Int = 0, initializer: Initializer = .xavier) { layers }",
        "A fully connected network: each expression statement of the block adds a layer (Dense(…)); for adds one per iteration."
    ) { call in
        let plan = try call.bind([("inputs", true), ("seed", false), ("initializer", false), (nil, true)])
        let inputs = try call.int(plan[0] ?? 0, what: "number of inputs")
        let seed = try seed(call, plan[1])
        let initializer = try plan[2].map { try LibraryOptions.initializer(call.arguments[$0], at: call.range(of: $0)) } ?? .xavier
        let blockIndex = plan[3] ?? 0
        guard case .function(let block) = call.arguments[blockIndex] else {
            throw Diagnostic(.typeError, "Network needs a block of layers: Network(inputs: 2) { Dense(3); Dense(1) }", at: call.range(of: blockIndex))
        }
        let values = try call.runtime.callBuilder(block, at: call.range)
        var layers: [Dense] = []
        for (index, (value, statementRange)) in values.enumerated() {
            guard case .object(let object) = value, case .layer(let layer) = object.kind else {
                // The caret goes under the statement, in the source the block was written in.
                let source = block.code?.source
                throw Diagnostic(.typeError, "statement \(index + 1) of the Network block gives a value of type '\(value.typeName)', not a layer: each statement of the block must be a layer such as Dense(3)",
                                 at: source == nil ? call.range(of: blockIndex) : statementRange, in: source)
            }
            layers.append(layer)
        }
        var weights = 0
        var fanIn = Swift.max(inputs, 0)
        for layer in layers {
            let (count, overflow) = layer.units.multipliedReportingOverflow(by: fanIn)
            weights = overflow ? Int.max : weights.addingReportingOverflow(count).overflow ? Int.max : weights + count
            fanIn = layer.units
        }
        let limit = call.runtime.limits.maxElements
        guard weights <= limit else {
            let needs = weights == Int.max ? "more than \(Int.max)" : "\(weights)"
            throw Diagnostic(.resourceError, "allocation limit: a network may have at most \(limit) weights in all, this one needs \(needs)", at: call.range)
        }
        return .network(NetworkReference(try Coerce.math(call.range) {
            try Network(inputs: inputs, layers: layers, seed: seed, initializer: initializer)
        }))
    }

    static let dense = Builtin(
        "Dense", "Dense(_ units: Int, activation: Activation = .sigmoid, useBias: Bool = true)",
        "A fully connected layer of `units` nodes for a Network block; biases start at 0."
    ) { call in
        let plan = try call.bind([(nil, true), ("activation", false), ("useBias", false)])
        let units = try call.int(plan[0] ?? 0, what: "number of units")
        let activation = try plan[1].map { try LibraryOptions.activation(call.arguments[$0], at: call.range(of: $0)) } ?? .sigmoid
        let useBias = try plan[2].map { try Coerce.bool(call.arguments[$0], at: call.range(of: $0), what: "useBias") } ?? true
        return .object(LibraryObject(.layer(try Coerce.math(call.range) { try Dense(units, activation: activation, useBias: useBias) })))
    }

    static let load = Builtin(
        "Network.load", "Network.load(_ path: String) -> Network",
        "Reads a network saved with net.save(to:)."
    ) { call in
        _ = try call.positional(1)
        let path = try string(call, 0, what: "path")
        let text = try LibraryFiles.read(path, at: call.range)
        do {
            return .network(NetworkReference(try NetworkCoding.decode(text)))
        } catch let error as MathError {
            // Whatever is wrong inside the file (even weights of the wrong shape) makes it a bad file.
            throw Diagnostic(.valueError, "cannot load '\(path)': \(error.message)", at: call.range)
        }
    }

    // MARK: - Gradient check and plots

    static let gradientCheck = Builtin(
        "gradientCheck", "gradientCheck(_ net: Network, _ x: Vector | Matrix, target: Vector | Matrix, loss: Loss = .squaredError, epsilon: Double = 1e-5) -> GradientCheck",
        "Compares backpropagation's gradients with centred finite differences of forward passes, parameter by parameter."
    ) { call in
        let plan = try call.bind([(nil, true), (nil, true), ("target", true), ("loss", false), ("epsilon", false)])
        let reference = try network(call.arguments[plan[0] ?? 0], at: call.range(of: plan[0] ?? 0))
        let (x, single) = try batch(call.arguments[plan[1] ?? 1], at: call.range(of: plan[1] ?? 1))
        let net = reference.network
        let y = try target(call.arguments[plan[2] ?? 2], rows: x.rows, single: single, outputs: net.outputCount, at: call.range(of: plan[2] ?? 2))
        let loss = try plan[3].map { try LibraryOptions.loss(call.arguments[$0], at: call.range(of: $0)) } ?? .squaredError
        let epsilon = try plan[4].map { try call.double($0, what: "epsilon") } ?? 1e-5
        let runtime = call.runtime
        let check = try Coerce.math(call.range) {
            try net.gradientCheck(x, target: y, loss: loss, epsilon: epsilon, shouldStop: { runtime.libraryShouldStop() })
        }
        if check.interrupted {
            throw runtime.libraryStopError("gradientCheck stopped after \(check.entries.count) of \(net.parameterCount) parameters", at: call.range)
        }
        return .object(LibraryObject(.check(check)))
    }

    static let plot = Builtin(
        "plot", "plot(_ history: History, logScale: Bool = false) -> Plot",
        "The loss per epoch of a training run, as a chart; logScale: true draws the loss on a log10 axis."
    ) { call in
        let plan = try call.bind([(nil, true), ("logScale", false)])
        let value = call.arguments[plan[0] ?? 0]
        guard case .object(let object) = value, case .history(let history) = object.kind else {
            throw Diagnostic(.typeError, "plot takes the History that net.train(…) returns, found a value of type '\(value.typeName)'", at: call.range(of: plan[0] ?? 0))
        }
        let logScale = try plan[1].map { try Coerce.bool(call.arguments[$0], at: call.range(of: $0), what: "logScale") } ?? false
        return .object(LibraryObject(.plot(.history(history, logScale: logScale))))
    }

    static let decisionBoundary = Builtin(
        "decisionBoundary", "decisionBoundary(_ net: Network, _ data: Dataset) -> Plot",
        "What a network with 2 inputs decides over the plane, with the data's points on top."
    ) { call in
        let values = try call.positional(2)
        let net = try network(values[0], at: call.range(of: 0)).network
        let data = try LibraryOptions.dataset(values[1], at: call.range(of: 1))
        guard net.inputCount == 2 else {
            throw Diagnostic(.valueError, "decisionBoundary draws the plane of 2 inputs, but this network takes \(net.inputCount)", at: call.range(of: 0))
        }
        let outputs = net.outputCount
        guard data.inputs.columns == 2, data.targets.columns == outputs else {
            let inputs = data.inputs.columns, targets = data.targets.columns
            throw Diagnostic(.shapeError, "the data has \(inputs) input\(inputs == 1 ? "" : "s") and \(targets) target\(targets == 1 ? "" : "s") per sample, but the network takes 2 and gives \(outputs)", at: call.range(of: 1))
        }
        return .object(LibraryObject(.plot(.decisionBoundary(net, data))))
    }

    // MARK: - Datasets

    static let dataset = Builtin(
        "Dataset", "Dataset(inputs: Matrix, targets: Matrix)", "A dataset: one sample per row of inputs, its target in the same row of targets."
    ) { call in
        let plan = try call.bind([("inputs", true), ("targets", true)])
        let inputs = try batch(call.arguments[plan[0] ?? 0], at: call.range(of: plan[0] ?? 0), what: "inputs").matrix
        let targetValue = call.arguments[plan[1] ?? 1]
        var targets = try batch(targetValue, at: call.range(of: plan[1] ?? 1), what: "targets").matrix
        // A flat array of one number per sample is a column of targets.
        if Coerce.isVectorLike(targetValue), targets.rows == 1, inputs.rows > 1, targets.columns == inputs.rows {
            targets = try Coerce.math(call.range) { try Matrix(rows: inputs.rows, columns: 1, elements: targets.elements) }
        }
        return .object(LibraryObject(.dataset(try Coerce.math(call.range) { try Dataset(inputs: inputs, targets: targets) })))
    }

    /// A dataset generator with a count, a Double parameter and a seed.
    private static func generator(
        _ name: String, _ signature: String, _ doc: String, _ parameters: (String, String),
        _ defaults: (Double, Double), integral: Bool, _ make: @escaping @Sendable (Int, Double, UInt64) throws -> Dataset
    ) -> Builtin {
        Builtin("Dataset." + name, signature, doc) { call in
            let plan = try call.bind([(parameters.0, false), (parameters.1, false), ("seed", false)])
            let first = try plan[0].map { try call.int($0, what: parameters.0) } ?? Int(defaults.0)
            let second: Double
            if integral {
                second = Double(try plan[1].map { try call.int($0, what: parameters.1) } ?? Int(defaults.1))
            } else {
                second = try plan[1].map { try call.double($0, what: parameters.1) } ?? defaults.1
            }
            let seed = try seed(call, plan[2])
            return .object(LibraryObject(.dataset(try Coerce.math(call.range) { try make(first, second, seed) })))
        }
    }

    static let moons = generator(
        "moons", "Dataset.moons(count: Int = 200, noise: Double = 0.1, seed: Int = 0) -> Dataset",
        "Two interleaving half circles (binary targets [0]/[1]).", ("count", "noise"), (200, 0.1), integral: false
    ) { try Dataset.moons(count: $0, noise: $1, seed: $2) }

    static let circles = generator(
        "circles", "Dataset.circles(count: Int = 200, noise: Double = 0.1, seed: Int = 0) -> Dataset",
        "A circle inside a circle (binary targets [0]/[1]).", ("count", "noise"), (200, 0.1), integral: false
    ) { try Dataset.circles(count: $0, noise: $1, seed: $2) }

    static let spiral = generator(
        "spiral", "Dataset.spiral(classes: Int = 3, count: Int = 100, seed: Int = 0) -> Dataset",
        "Interleaved spiral arms, `count` points per class (one-hot targets).", ("classes", "count"), (3, 100), integral: true
    ) { try Dataset.spiral(classes: $0, count: Int($1), seed: $2) }

    static let blobs = generator(
        "blobs", "Dataset.blobs(centers: Int = 3, count: Int = 100, seed: Int = 0) -> Dataset",
        "Gaussian blobs around seeded centres, `count` points per centre (one-hot targets).", ("centers", "count"), (3, 100), integral: true
    ) { try Dataset.blobs(centers: $0, count: Int($1), seed: $2) }

    static let csv = Builtin(
        "Dataset.csv", "Dataset.csv(_ path: String, targets: [String]) -> Dataset",
        "Reads a CSV file with a header row; the named columns are the targets, the others the inputs."
    ) { call in
        let plan = try call.bind([(nil, true), ("targets", true)])
        let path = try string(call, plan[0] ?? 0, what: "path")
        let targetIndex = plan[1] ?? 1
        var names: [String] = []
        switch call.arguments[targetIndex] {
        case .string(let name): names = [name]
        case .array(let elements):
            for element in elements {
                guard case .string(let name) = element else {
                    throw Diagnostic(.typeError, "targets: takes the names of the target columns, as [String]", at: call.range(of: targetIndex))
                }
                names.append(name)
            }
        default:
            throw Diagnostic(.typeError, "targets: takes the names of the target columns, as [String]", at: call.range(of: targetIndex))
        }
        let text = try LibraryFiles.read(path, at: call.range(of: plan[0] ?? 0))
        do {
            return .object(LibraryObject(.dataset(try Dataset.csv(text, targets: names))))
        } catch let error as MathError {
            throw Diagnostic(error.kind == .shape ? .shapeError : .valueError, "\(path): \(error.message)", at: call.range)
        }
    }
}
