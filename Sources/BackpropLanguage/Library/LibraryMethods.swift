import NeuralNet

/// Properties and methods of networks and library objects: `net.weights[1]`, `net.step(…)`,
/// `g.delta[2]`, `history.loss`, `data.split(0.8)`.
enum LibraryMethods {
    // MARK: - Member names (for messages and completion)

    /// Property names by kind of value.
    static func propertyNames(for value: Value) -> [String] {
        switch value {
        case .network: return ["layerCount", "sizes", "weights", "biases", "parameterCount"]
        case .object(let object):
            switch object.kind {
            case .layer: return ["units", "activation", "useBias"]
            case .dataset: return ["count", "inputs", "targets"]
            case .split: return ["train", "test"]
            case .pass: return ["z", "a", "input", "output", "layerCount"]
            case .gradients: return ["delta", "dW", "db", "loss", "pass", "layerCount"]
            case .step: return ["before", "change", "after", "biasBefore", "biasChange", "biasAfter", "loss", "learningRate", "gradients"]
            case .history: return ["loss", "accuracy", "epochs", "steps", "interrupted"]
            case .check: return ["maxRelativeError", "passed", "count", "threshold"]
            case .layers: return ["count", "first", "last"]
            case .plot, .explanation: return []
            }
        default: return []
        }
    }

    /// Method names by kind of value.
    static func methodNames(for value: Value) -> [String] {
        switch value {
        case .network:
            return ["forward", "backward", "step", "train", "predict", "loss", "accuracy", "copy", "diagram", "save"]
        case .object(let object):
            switch object.kind {
            case .dataset: return ["split"]
            case .gradients: return ["explain"]
            default: return []
            }
        default: return []
        }
    }

    // MARK: - Values of traces

    /// Row 0 as a vector for a single sample, the matrix for a batch.
    static func trace(_ matrix: Matrix, single: Bool) -> Value {
        if single, matrix.rows == 1 { return .vector(Vector(matrix.elements)) }
        return .matrix(matrix)
    }

    /// A list of per-layer values for layers `first…`.
    static func list(_ name: String, _ symbol: String, first: Int, _ values: [Value]) -> Value {
        .object(LibraryObject(.layers(LayerList(name: name, symbol: symbol, first: first, values: values, setter: nil))))
    }

    /// Per-layer values from an accessor that checks the layer number.
    private static func collect<T>(_ count: Int, from first: Int = 1, _ get: (Int) throws -> T, _ wrap: (T) -> Value) -> [Value] {
        (first...count).compactMap { l in (try? get(l)).map(wrap) }
    }

    // MARK: - Properties

    /// `value.name` for networks and library objects; nil if the value has no such property.
    static func property(_ value: Value, _ name: String, at range: SourceRange) throws -> Value? {
        switch value {
        case .network(let reference):
            let net = reference.network
            switch name {
            case "layerCount": return .int(net.layerCount)
            case "sizes": return .array(net.sizes.map(Value.int))
            case "parameterCount": return .int(net.parameterCount)
            case "weights": return list("weights", "W", first: 1, collect(net.layerCount, net.weights, Value.matrix))
            case "biases": return list("biases", "b", first: 1, collect(net.layerCount, net.biases, Value.vector))
            default: return nil
            }
        case .object(let object):
            return try objectProperty(object, name, at: range)
        default:
            return nil
        }
    }

    private static func objectProperty(_ object: LibraryObject, _ name: String, at range: SourceRange) throws -> Value? {
        switch (object.kind, name) {
        case (.layer(let layer), "units"): return .int(layer.units)
        case (.layer(let layer), "activation"): return .option(OptionValue(name: layer.activation.rawValue))
        case (.layer(let layer), "useBias"): return .bool(layer.useBias)
        case (.dataset(let data), "count"): return .int(data.count)
        case (.dataset(let data), "inputs"): return .matrix(data.inputs)
        case (.dataset(let data), "targets"): return .matrix(data.targets)
        case (.split(let train, _), "train"): return .object(LibraryObject(.dataset(train)))
        case (.split(_, let test), "test"): return .object(LibraryObject(.dataset(test)))
        case (.pass(let pass, let single), _):
            switch name {
            case "z": return list("z", "z", first: 1, collect(pass.layerCount, pass.z) { trace($0, single: single) })
            case "a": return list("a", "a", first: 0, collect(pass.layerCount, from: 0, pass.a) { trace($0, single: single) })
            case "input": return trace(pass.input, single: single)
            case "output": return trace(pass.output, single: single)
            case "layerCount": return .int(pass.layerCount)
            default: return nil
            }
        case (.gradients(let g, let single), _):
            switch name {
            case "delta": return list("delta", "δ", first: 1, collect(g.layerCount, g.delta) { trace($0, single: single) })
            case "dW": return list("dW", "∂C/∂W", first: 1, collect(g.layerCount, g.dW, Value.matrix))
            case "db": return list("db", "∂C/∂b", first: 1, collect(g.layerCount, g.db, Value.vector))
            case "loss": return .double(g.loss)
            case "pass": return .object(LibraryObject(.pass(g.pass, single: single)))
            case "layerCount": return .int(g.layerCount)
            default: return nil
            }
        case (.step(let report, let single), _):
            switch name {
            case "before": return list("before", "W", first: 1, collect(report.layerCount, report.before, Value.matrix))
            case "change": return list("change", "ΔW", first: 1, collect(report.layerCount, report.change, Value.matrix))
            case "after": return list("after", "W", first: 1, collect(report.layerCount, report.after, Value.matrix))
            case "biasBefore": return list("biasBefore", "b", first: 1, collect(report.layerCount, report.biasBefore, Value.vector))
            case "biasChange": return list("biasChange", "Δb", first: 1, collect(report.layerCount, report.biasChange, Value.vector))
            case "biasAfter": return list("biasAfter", "b", first: 1, collect(report.layerCount, report.biasAfter, Value.vector))
            case "loss": return .double(report.loss)
            case "learningRate": return .double(report.learningRate)
            case "gradients": return .object(LibraryObject(.gradients(report.gradients, single: single)))
            default: return nil
            }
        case (.history(let history), _):
            switch name {
            case "loss": return .array(history.loss.map(Value.double))
            case "accuracy": return .array(history.accuracy.map(Value.double))
            case "epochs": return .int(history.completedEpochs)
            case "steps": return .int(history.steps)
            case "interrupted": return .bool(history.interrupted)
            default: return nil
            }
        case (.check(let check), _):
            switch name {
            case "maxRelativeError": return .double(check.maxRelativeError)
            case "passed": return .bool(check.passed)
            case "count": return .int(check.entries.count)
            case "threshold": return .double(check.threshold)
            default: return nil
            }
        case (.layers(let list), _):
            switch name {
            case "count": return .int(list.values.count)
            case "first": return .int(list.first)
            case "last": return .int(list.last)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// `net.weights[l] = …` and `net.biases[l] = …`: the only settable properties.
    ///
    /// The network is a reference, so the list's setter writes straight into it, after checking
    /// the new value's shape; a failed assignment changes nothing.
    static func modifyProperty(_ value: inout Value, _ name: String, at range: SourceRange, _ body: (inout Value) throws -> Void) throws -> Bool {
        guard case .network(let reference) = value, name == "weights" || name == "biases" else { return false }
        let isWeights = name == "weights"
        var assigned = false
        let setter: (Int, Value, SourceRange) throws -> Void = { l, newValue, range in
            if isWeights {
                let matrix = try Coerce.matrix(newValue, at: range, what: "weights[\(l)]")
                try Coerce.math(range) { try reference.network.setWeights(l, matrix) }
            } else {
                let vector = try Coerce.vector(newValue, at: range, what: "biases[\(l)]")
                try Coerce.math(range) { try reference.network.setBiases(l, vector) }
            }
            assigned = true
        }
        guard case .object(let current) = try property(value, name, at: range) ?? .void, case .layers(let list) = current.kind else { return false }
        var stored = Value.object(LibraryObject(.layers(LayerList(name: list.name, symbol: list.symbol, first: list.first, values: list.values, setter: setter))))
        try body(&stored)
        // Only an element assignment reaches the setter; replacing the whole list would not.
        guard assigned else {
            throw Diagnostic(.typeError, "net.\(name) is set one layer at a time: net.\(name)[l] = …", at: range)
        }
        return true
    }
}
