import NeuralNet

/// The text forms of library values: a one-line `print` form and the `text/plain` display.
enum LibraryFormatter {
    /// The `print` form of a network: its shape and size on one line.
    static func printed(_ network: Network) -> String {
        "Network(\(network.sizes.map(String.init).joined(separator: "-")), \(network.parameterCount) parameters)"
    }

    /// The `print` form of a library object.
    static func printed(_ object: LibraryObject) -> String {
        object.typeName
    }

    /// The `text/plain` display of a network.
    static func plainText(_ network: Network) -> String {
        printed(network)
    }

    /// The `text/plain` display of a library object.
    static func plainText(_ object: LibraryObject) -> String {
        printed(object)
    }
}
