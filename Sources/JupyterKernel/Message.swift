import JSON

/// One Jupyter message: routing identities, header, parent header, metadata, content, buffers.
public struct Message: Sendable {
    /// The ZeroMQ routing prefix (the frames before `<IDS|MSG>`); for iopub, the topic.
    public var identities: [[UInt8]]
    /// The header.
    public var header: Header
    /// The header of the request this answers, as received (an empty object when none).
    public var parentHeader: JSONValue
    /// Metadata (an object).
    public var metadata: JSONValue
    /// Content (an object whose shape depends on the message type).
    public var content: JSONValue
    /// Extra binary frames after the content.
    public var buffers: [[UInt8]]
    /// The header exactly as received (all its fields, known or not), for replies' parent
    /// headers; nil for a message made here.
    public var receivedHeader: JSONValue?

    /// Creates a message.
    public init(
        identities: [[UInt8]] = [], header: Header, parentHeader: JSONValue = .object([]),
        metadata: JSONValue = .object([]), content: JSONValue, buffers: [[UInt8]] = []
    ) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// `msg_type` from the header.
    public var type: String { header.messageType }

    /// The header to put in the parent header of replies and outputs: the one received, unchanged
    /// (so fields this kernel does not know, such as a subshell id, go back to the client).
    public var headerForReplies: JSONValue { receivedHeader ?? header.json }
}
