import JSON

/// Turns messages into ZeroMQ frames and back, signing what it writes and verifying before parsing.
///
/// The wire format (messaging spec, "The Wire Protocol"):
/// identities…, `<IDS|MSG>`, HMAC signature, header, parent header, metadata, content, buffers….
public struct WireCodec: Sendable {
    /// The frame that separates routing identities from the message.
    public static let delimiter: [UInt8] = Array("<IDS|MSG>".utf8)

    /// Signs and verifies.
    public let signer: MessageSigner

    /// A codec with the connection file's key (empty: no signing).
    public init(key: String) {
        signer = MessageSigner(key: key)
    }

    /// The frames of a message, signed.
    public func encode(_ message: Message) -> [[UInt8]] {
        let parts = [
            message.header.json.compactUTF8(), message.parentHeader.compactUTF8(), message.metadata.compactUTF8(),
            message.content.compactUTF8(),
        ]
        var frames = message.identities
        frames.reserveCapacity(frames.count + 6 + message.buffers.count)
        frames.append(Self.delimiter)
        frames.append(Array(signer.signature(parts).utf8))
        frames.append(contentsOf: parts)
        frames.append(contentsOf: message.buffers)
        return frames
    }

    /// The message in the frames, after checking its signature.
    ///
    /// - Throws: ``WireError`` when the delimiter or a frame is missing, the signature is wrong
    ///   or missing (when signing), or a JSON frame is not a valid object or header. Nothing is
    ///   parsed before the signature has been verified.
    public func decode(_ frames: [[UInt8]]) throws(WireError) -> Message {
        guard let split = frames.firstIndex(of: Self.delimiter) else {
            throw WireError("no <IDS|MSG> delimiter among \(frames.count) frames")
        }
        guard frames.count >= split + 6 else {
            throw WireError("only \(frames.count - split - 1) frames after <IDS|MSG>; a message needs 5 (signature, header, parent header, metadata, content)")
        }
        let parts = Array(frames[(split + 2)..<(split + 6)])
        if signer.isSigning {
            guard !frames[split + 1].isEmpty else { throw WireError("unsigned message (the connection has a key)") }
            guard signer.verify(frames[split + 1], parts) else { throw WireError("invalid signature") }
        }
        let names = ["header", "parent header", "metadata", "content"]
        var values: [JSONValue] = []
        for (index, bytes) in parts.enumerated() {
            let value: JSONValue
            do {
                value = try JSONValue.parse(utf8: bytes)
            } catch {
                throw WireError("the \(names[index]) frame is not valid JSON: \(error)")
            }
            guard case .object = value else { throw WireError("the \(names[index]) frame is not a JSON object") }
            values.append(value)
        }
        guard let header = Header(json: values[0]) else {
            throw WireError("the header has no string msg_id and msg_type")
        }
        var message = Message(
            identities: Array(frames[..<split]), header: header, parentHeader: values[1], metadata: values[2],
            content: values[3], buffers: Array(frames[(split + 6)...]))
        message.receivedHeader = values[0]
        return message
    }
}

/// Why incoming frames were dropped.
public struct WireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reason, for the log.
    public let message: String

    /// Creates an error with its reason.
    public init(_ message: String) {
        self.message = message
    }

    /// The reason.
    public var description: String { message }
}
