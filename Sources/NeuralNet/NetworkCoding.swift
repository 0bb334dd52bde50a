import JSON

/// Saving and loading networks as JSON text, with an exact round trip of every Double.
///
/// The format (version 1):
///
///     {
///       "format": "backprop-network",
///       "version": 1,
///       "inputs": 2,
///       "layers": [
///         { "units": 3, "activation": "sigmoid", "useBias": true,
///           "weights": [[0.15, 0.2], [0.25, 0.3], [0.1, 0.1]],
///           "biases": [0.35, 0.35, 0.35] },
///         …
///       ]
///     }
///
/// `weights` of layer l is W^l row by row (rows k, columns j); numbers are
/// written in Swift's shortest round-trip form and read back with exact
/// rounding, so a loaded network computes bit-identical outputs.
public enum NetworkCoding {
    /// The value of the `format` field.
    public static let formatName = "backprop-network"
    /// The format version written, and the only one read.
    public static let version = 1

    /// The network as JSON text.
    ///
    /// - Throws: ``MathError/Kind/value`` naming the layer when a weight or bias is not finite (JSON has no nan or infinity).
    public static func encode(_ network: Network) throws -> String {
        // JSON has no nan or infinity; name the layer that holds one (a diverged training run).
        for (index, layer) in network.layers.enumerated() {
            let name = !layer.weights.elements.allSatisfy(\.isFinite) ? "weights" : !layer.biases.elements.allSatisfy(\.isFinite) ? "biases" : nil
            if let name {
                throw MathError(.value, "cannot save the network: \(name)[\(index + 1)] holds nan or infinity, which a saved network cannot store (did training diverge? try a smaller learning rate)")
            }
        }
        let layers = network.layers.map { layer -> JSONValue in
            .object([
                ("units", .integer(layer.units)),
                ("activation", .string(layer.activation.rawValue)),
                ("useBias", .bool(layer.useBias)),
                ("weights", .array(layer.weights.rowArrays.map { .array($0.map(JSONValue.number)) })),
                ("biases", .array(layer.biases.elements.map(JSONValue.number))),
            ])
        }
        let document = JSONValue.object([
            ("format", .string(formatName)), ("version", .integer(version)),
            ("inputs", .integer(network.inputCount)), ("layers", .array(layers)),
        ])
        do {
            return try document.serialized() + "\n"
        } catch let error as JSONError {
            throw MathError(.value, error.message)
        }
    }

    /// A network from JSON text written by ``encode(_:)``.
    ///
    /// - Throws: ``MathError/Kind/value`` naming the first field that is missing, has the wrong
    ///   type, or does not fit the network's shape.
    public static func decode(_ text: String) throws -> Network {
        let document: JSONValue
        do {
            document = try JSONValue.parse(text)
        } catch let error as JSONError {
            throw MathError(.value, error.message)
        }
        guard document["format"]?.string == formatName else {
            throw MathError(.value, "not a saved network: the \"format\" field must be \"\(formatName)\"")
        }
        guard document["version"]?.double == Double(version) else {
            throw MathError(.value, "unsupported version of a saved network: this kernel reads version \(version)")
        }
        let inputs = try count(document["inputs"], "inputs")
        guard let layerValues = document["layers"]?.array else {
            throw MathError(.value, "a saved network needs a \"layers\" array")
        }
        var layers: [Dense] = []
        for (index, value) in layerValues.enumerated() {
            let place = "layer \(index + 1)"
            let units = try count(value["units"], "\(place) units")
            guard let name = value["activation"]?.string, let activation = Activation(rawValue: name) else {
                throw MathError(.value, "\(place) needs an \"activation\", one of \(Activation.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let useBias = value["useBias"]?.bool else {
                throw MathError(.value, "\(place) needs \"useBias\": true or false")
            }
            layers.append(try Dense(units, activation: activation, useBias: useBias))
        }
        var network = try Network(inputs: inputs, layers: layers, initializer: .zeros)
        for (index, value) in layerValues.enumerated() {
            let l = index + 1
            guard let rows = value["weights"]?.array else { throw MathError(.value, "layer \(l) needs a \"weights\" array of rows") }
            let weights = try Matrix(rowArrays: try rows.enumerated().map { try numbers($1, "layer \(l) weights row \($0)") })
            try network.setWeights(l, weights)
            guard let biases = value["biases"] else { throw MathError(.value, "layer \(l) needs a \"biases\" array") }
            try network.setBiases(l, Vector(try numbers(biases, "layer \(l) biases")))
        }
        return network
    }

    private static func count(_ value: JSONValue?, _ name: String) throws -> Int {
        guard let number = value?.double, number >= 1, number <= Double(Dense.maximumUnits), number.rounded() == number else {
            throw MathError(.value, "\"\(name)\" must be a whole number from 1 to \(Dense.maximumUnits)")
        }
        return Int(number)
    }

    private static func numbers(_ value: JSONValue, _ name: String) throws -> [Double] {
        guard let items = value.array else { throw MathError(.value, "\(name) must be an array of numbers") }
        return try items.map {
            guard let number = $0.double else { throw MathError(.value, "\(name) must hold only numbers") }
            return number
        }
    }
}
