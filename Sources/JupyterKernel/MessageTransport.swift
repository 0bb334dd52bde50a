/// Where the kernel core sends frames: ZeroMQ sockets, or memory in tests.
///
/// The core calls `send` from several threads (the shell, control and execution threads); an
/// implementation must accept that, keep the order of the frames each thread sends on a channel,
/// and never block for long (frames are queued for the socket's own thread).
public protocol MessageTransport: AnyObject, Sendable {
    /// Queues one multipart message (identities, `<IDS|MSG>`, signature, four JSON frames, buffers)
    /// on a channel; for iopub the first frame is the topic.
    func send(_ frames: [[UInt8]], on channel: Channel)
}

/// What a transport delivers incoming frames to: the kernel core.
public protocol MessageReceiver: AnyObject, Sendable {
    /// Handles one multipart message that arrived on shell, control or stdin, on that channel's thread.
    func receive(_ frames: [[UInt8]], on channel: Channel)
    /// Called on the iopub thread when a client subscribes to `topic` (the XPUB subscription
    /// message without its leading 0x01 byte), so the kernel can send `iopub_welcome` (spec 5.5).
    func subscribed(to topic: [UInt8])
}
