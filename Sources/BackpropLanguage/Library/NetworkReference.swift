import NeuralNet

/// A network as the language holds it: a reference, so `let net` can train and every name
/// bound to it sees the same weights, as with a Swift class.
public final class NetworkReference {
    /// The network's current state.
    public var network: Network

    /// Wraps a network.
    public init(_ network: Network) {
        self.network = network
    }
}
