/// A transport that keeps what the kernel sends in memory: for tests, and for running a notebook
/// without sockets through the same ``Kernel`` code path.
public final class InMemoryTransport: MessageTransport, Sendable {
    private let queues: [Channel: BlockingQueue<[[UInt8]]>]

    /// Creates a transport with empty queues.
    public init() {
        var queues: [Channel: BlockingQueue<[[UInt8]]>] = [:]
        for channel in Channel.allCases { queues[channel] = BlockingQueue() }
        self.queues = queues
    }

    /// Records frames the kernel sends.
    public func send(_ frames: [[UInt8]], on channel: Channel) {
        queues[channel]?.push(frames)
    }

    /// The next frames sent on a channel, waiting up to `timeoutMilliseconds`; nil when none came.
    public func next(on channel: Channel, timeoutMilliseconds: Int = 5000) -> [[UInt8]]? {
        queues[channel]?.pop(timeoutMilliseconds: timeoutMilliseconds)
    }

    /// How many sent messages are waiting on a channel.
    public func count(on channel: Channel) -> Int {
        queues[channel]?.count ?? 0
    }
}
