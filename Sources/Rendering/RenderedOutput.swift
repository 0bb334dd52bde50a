/// One output in several formats at once, each a text keyed by MIME type, in the order a
/// frontend should prefer them last to first (Jupyter picks the richest it can show).
///
/// Rendering knows nothing of the protocol: the kernel turns this into a MIME bundle.
public struct RenderedOutput: Sendable, Equatable {
    /// MIME type → text (`text/plain`, `text/html`, `text/latex`, `image/svg+xml`, `text/markdown`).
    public var representations: [Representation]

    /// One format of the output.
    public struct Representation: Sendable, Equatable {
        /// The MIME type, e.g. `text/html`.
        public var mimeType: String
        /// The content in that format.
        public var text: String

        /// Creates a representation.
        public init(_ mimeType: String, _ text: String) {
            self.mimeType = mimeType
            self.text = text
        }
    }

    /// Creates an output from its representations.
    public init(_ representations: [Representation]) {
        self.representations = representations
    }

    /// The text for a MIME type, if present.
    public subscript(mimeType: String) -> String? {
        representations.first { $0.mimeType == mimeType }?.text
    }

    /// The size of all representations together, in UTF-8 bytes (SPEC §5 caps an output at 1 MiB).
    public var byteCount: Int {
        representations.reduce(0) { $0 + $1.mimeType.utf8.count + $1.text.utf8.count }
    }
}
