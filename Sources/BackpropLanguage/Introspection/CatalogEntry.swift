/// A documented name of the language or its library, as completion and inspection show it.
public struct CatalogEntry: Sendable, Equatable {
    /// What kind of name it is.
    public enum Kind: String, Sendable {
        /// A global function (`print`, `sigmoid`, `gradientCheck`).
        case function
        /// A type that is also called to make values (`Matrix`, `Network`, `Dense`).
        case type
        /// A method (`net.forward`, `a.map`) or a static function (`Matrix.identity`).
        case method
        /// A property (`net.weights`, `m.rows`).
        case property
        /// A static constant (`Int.max`, `Dataset.xor`).
        case constant
        /// A `.name` option (`.sigmoid`, `.adam`).
        case option
        /// A keyword (`let`, `for`).
        case keyword
    }

    /// The name as written after its receiver (`forward`, not `net.forward`).
    public let name: String
    /// What kind of name it is.
    public let kind: Kind
    /// The signature, Swift style (`Dense(_ units: Int, activation: Activation = .sigmoid, …)`);
    /// for properties and constants `name: Type`; empty when there is none to show.
    public let signature: String
    /// One line on what it does; may be empty.
    public let doc: String

    /// Creates an entry.
    public init(name: String, kind: Kind, signature: String, doc: String) {
        self.name = name
        self.kind = kind
        self.signature = signature
        self.doc = doc
    }
}
