import JSON

/// Output in several formats at once: the `data` and `metadata` of display_data, execute_result
/// and inspect replies, keyed by MIME type.
public struct MimeBundle: Sendable, Equatable {
    /// MIME type → representation (a string for text types, or JSON), in the order to send.
    public var data: [(String, JSONValue)]
    /// MIME type → metadata for that representation (e.g. image sizes); usually empty.
    public var metadata: [(String, JSONValue)]

    /// A bundle from its representations.
    public init(data: [(String, JSONValue)], metadata: [(String, JSONValue)] = []) {
        self.data = data
        self.metadata = metadata
    }

    /// A bundle with only `text/plain`.
    public init(plainText: String) {
        self.init(data: [("text/plain", .string(plainText))])
    }

    /// The representation for a MIME type, if present.
    public subscript(mimeType: String) -> JSONValue? {
        data.first { $0.0 == mimeType }?.1
    }

    /// Whether two bundles have the same entries in the same order.
    public static func == (lhs: MimeBundle, rhs: MimeBundle) -> Bool {
        JSONValue.object(lhs.data) == JSONValue.object(rhs.data)
            && JSONValue.object(lhs.metadata) == JSONValue.object(rhs.metadata)
    }
}
