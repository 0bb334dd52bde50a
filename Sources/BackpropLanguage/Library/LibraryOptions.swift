import NeuralNet

/// Reads `.name` options into the library's activations, losses, optimizers, initializers
/// and datasets, with messages that list what is accepted.
enum LibraryOptions {
    /// The activations by name.
    static let activationNames = Activation.allCases.map(\.rawValue)
    /// The losses by name.
    static let lossNames = Loss.allCases.map(\.rawValue)
    /// The optimizers by name.
    static let optimizerNames = ["sgd", "momentum", "adam", "rmsprop"]
    /// The initializers by name.
    static let initializerNames = ["xavier", "he", "normal", "uniform", "zeros"]
    /// The datasets an option can name.
    static let datasetNames = ["xor", "and", "or"]

    /// An `.option` value, or a TypeError naming what was expected.
    private static func option(_ value: Value, _ what: String, _ names: [String], at range: SourceRange) throws -> OptionValue {
        guard case .option(let option) = value else {
            throw Diagnostic(.typeError, "\(what) must be one of \(list(names)), found a value of type '\(value.typeName)'", at: range)
        }
        return option
    }

    /// A ValueError for an unknown option, with a suggestion.
    private static func unknown(_ name: String, _ what: String, _ names: [String], at range: SourceRange) -> Diagnostic {
        var message = "unknown \(what) '.\(name)'; use one of \(list(names))"
        if let best = EditDistance.closest(to: name, among: names) { message += " (did you mean '.\(best)'?)" }
        return Diagnostic(.valueError, message, at: range)
    }

    static func list(_ names: [String]) -> String {
        names.map { "." + $0 }.joined(separator: ", ")
    }

    /// Checks that an option without parameters was written without arguments.
    private static func noArguments(_ option: OptionValue, at range: SourceRange) throws {
        if !option.arguments.isEmpty {
            throw Diagnostic(.typeError, ".\(option.name) takes no arguments", at: range)
        }
    }

    /// The numeric arguments of an option, matched to parameters by label (or position) with defaults.
    private static func numbers(_ option: OptionValue, _ parameters: [(label: String?, default: Double)], at range: SourceRange) throws -> [Double] {
        var values = parameters.map(\.default)
        guard option.arguments.count <= parameters.count else {
            throw Diagnostic(.typeError, ".\(option.name) takes at most \(parameters.count) argument\(parameters.count == 1 ? "" : "s"): .\(option.name)(\(signature(parameters)))", at: range)
        }
        for (position, argument) in option.arguments.enumerated() {
            let index: Int
            if let label = argument.label {
                guard let found = parameters.firstIndex(where: { $0.label == label }) else {
                    throw Diagnostic(.typeError, ".\(option.name) has no argument '\(label):'; it is written .\(option.name)(\(signature(parameters)))", at: range)
                }
                index = found
            } else {
                guard parameters[position].label == nil else {
                    throw Diagnostic(.typeError, "missing label '\(parameters[position].label ?? ""):' in .\(option.name)(\(signature(parameters)))", at: range)
                }
                index = position
            }
            values[index] = try Coerce.double(argument.value, at: range, what: "argument of .\(option.name)")
        }
        return values
    }

    private static func signature(_ parameters: [(label: String?, default: Double)]) -> String {
        parameters.map { ($0.label.map { $0 + ": " } ?? "") + ValueFormatter.number($0.default) }.joined(separator: ", ")
    }

    /// `.sigmoid`, `.tanh`, `.relu`, `.leakyRelu`, `.linear`, `.softmax`.
    static func activation(_ value: Value, at range: SourceRange) throws -> Activation {
        let option = try option(value, "the activation", activationNames, at: range)
        guard let activation = Activation(rawValue: option.name) else { throw unknown(option.name, "activation", activationNames, at: range) }
        try noArguments(option, at: range)
        return activation
    }

    /// `.squaredError`, `.meanSquaredError`, `.crossEntropy`, `.categoricalCrossEntropy`.
    static func loss(_ value: Value, at range: SourceRange) throws -> Loss {
        let option = try option(value, "the loss", lossNames, at: range)
        guard let loss = Loss(rawValue: option.name) else { throw unknown(option.name, "loss", lossNames, at: range) }
        try noArguments(option, at: range)
        return loss
    }

    /// `.sgd`, `.momentum(0.9)`, `.adam(beta1: 0.9, beta2: 0.999)`, `.rmsprop(decay: 0.9)`; arguments may be left out.
    static func optimizer(_ value: Value, at range: SourceRange) throws -> Optimizer {
        let option = try option(value, "the optimizer", optimizerNames, at: range)
        let optimizer: Optimizer
        switch option.name {
        case "sgd":
            try noArguments(option, at: range)
            optimizer = .sgd
        case "momentum":
            optimizer = .momentum(try numbers(option, [(nil, 0.9)], at: range)[0])
        case "adam":
            let values = try numbers(option, [("beta1", 0.9), ("beta2", 0.999)], at: range)
            optimizer = .adam(beta1: values[0], beta2: values[1])
        case "rmsprop":
            optimizer = .rmsprop(decay: try numbers(option, [("decay", 0.9)], at: range)[0])
        default:
            throw unknown(option.name, "optimizer", optimizerNames, at: range)
        }
        try Coerce.math(range) { try optimizer.validate() }
        return optimizer
    }

    /// `.xavier`, `.he`, `.normal`, `.uniform(-1, 1)`, `.zeros`.
    static func initializer(_ value: Value, at range: SourceRange) throws -> Initializer {
        let option = try option(value, "the initializer", initializerNames, at: range)
        let initializer: Initializer
        switch option.name {
        case "xavier": initializer = .xavier
        case "he": initializer = .he
        case "normal": initializer = .normal
        case "zeros": initializer = .zeros
        case "uniform":
            let bounds = try numbers(option, [(nil, -1), (nil, 1)], at: range)
            initializer = .uniform(bounds[0], bounds[1])
        default:
            throw unknown(option.name, "initializer", initializerNames, at: range)
        }
        if option.name != "uniform" { try noArguments(option, at: range) }
        try Coerce.math(range) { try initializer.validate() }
        return initializer
    }

    /// A dataset value, or `.xor`, `.and`, `.or`.
    static func dataset(_ value: Value, at range: SourceRange) throws -> Dataset {
        switch value {
        case .object(let object):
            if case .dataset(let data) = object.kind { return data }
        case .option(let option):
            try noArguments(option, at: range)
            switch option.name {
            case "xor": return Dataset.xor
            case "and": return Dataset.and
            case "or": return Dataset.or
            default: throw unknown(option.name, "dataset", datasetNames, at: range)
            }
        default:
            break
        }
        throw Diagnostic(.typeError, "expected a Dataset (or \(list(datasetNames))), found a value of type '\(value.typeName)'", at: range)
    }
}
