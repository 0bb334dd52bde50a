import CZeroMQ
import JupyterKernel
import Synchronization

/// One channel's socket (shell, control and stdin ROUTERs, the iopub XPUB) and the loop its own
/// thread runs: deliver what arrives, send what other threads queued.
final class ChannelWorker: Sendable {
    /// The channel, for callbacks and the log.
    let channel: Channel
    /// Owned by the creating thread until `run` starts, then by this channel's thread only.
    private let socket: SocketHandle
    /// What other threads want sent on the socket.
    private let outbox: Outbox
    /// The running loop's thread (`NativeThread.currentID`), 0 when none: sends from that thread
    /// go straight to the socket, without a queue and a wake-up.
    private let owner = Atomic<UInt>(0)
    /// Set by `requestStop`; the loop sends what is queued and ends.
    private let stopRequested = Atomic<Bool>(false)
    /// Messages to a peer not connected yet (stdin only, whose ROUTER is mandatory) and when to
    /// give up on each: a frontend whose stdin connection is still being set up gets its
    /// input_request once it is there. Touched only by the loop's thread.
    private let unroutable = Mutex<[(frames: [[UInt8]], deadline: Int)]>([])
    /// How long a message to an unconnected stdin peer is retried.
    static let unroutableGraceMilliseconds = 3000
    /// Largest message accepted, in frames and in bytes; anything larger is received and dropped.
    private let maximumFrames: Int
    private let maximumBytes: Int

    /// Wraps a bound socket.
    init(channel: Channel, socket: SocketHandle, maximumFrames: Int, maximumBytes: Int) throws {
        self.channel = channel
        self.socket = socket
        self.maximumFrames = maximumFrames
        self.maximumBytes = maximumBytes
        outbox = try Outbox()
    }

    /// Sends a message from any thread: at once on the channel's own thread, else through the outbox.
    func post(_ frames: [[UInt8]]) {
        if owner.load(ordering: .acquiring) == NativeThread.currentID() {
            // Only the running loop's thread can match, and it is between two messages here (in a
            // callback), so the socket is free.
            send(frames)
        } else {
            outbox.post(frames)
        }
    }

    /// Asks the loop to send what is queued and end; returns at once.
    func requestStop() {
        stopRequested.store(true, ordering: .releasing)
        outbox.nudge()
    }

    /// Closes the socket of a loop that never ran.
    func closeUnstarted() {
        _ = outbox.takeAll(drainingWakeUp: true, closing: true)
        socket.close()
    }

    /// The loop: waits in one infinite `zmq_poll` on the socket and the outbox's pipe, delivers each
    /// incoming message to `receiver`, sends queued ones; after a stop request it sends what is
    /// still queued and closes the socket (libzmq keeps delivering for the linger time).
    func run(receiver: any MessageReceiver) {
        owner.store(NativeThread.currentID(), ordering: .releasing)
        defer {
            _ = flush(drainingWakeUp: true, closing: true)
            owner.store(0, ordering: .releasing)
            socket.close()
        }
        guard let raw = socket.raw else { return }
        var items = [
            zmq_pollitem_t(socket: raw, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0),
            zmq_pollitem_t(
                socket: nil, fd: outbox.wakeUp.readDescriptor, events: Int16(ZMQ_POLLIN), revents: 0),
        ]
        while !stopRequested.load(ordering: .acquiring) {
            // Poll briefly only while a message waits for its peer to connect.
            let timeout = unroutable.withLock { $0.isEmpty } ? -1 : 20
            if zmq_poll(&items, 2, timeout) < 0 {
                let error = zmq_errno()
                if error == EINTR { continue }
                if error != ETERM {
                    ZeroMQCall.log("\(channel) channel: poll failed: \(ZeroMQCall.describe(error))")
                }
                return
            }
            if items[1].revents & Int16(ZMQ_POLLIN) != 0 {
                guard flush(drainingWakeUp: true, closing: false) else { return }
            }
            if items[0].revents & Int16(ZMQ_POLLIN) != 0 {
                guard receiveWaiting(receiver) else { return }
            }
            retryUnroutable()
        }
    }

    /// Sends again what found no peer, dropping (with a log line) what waited too long.
    private func retryUnroutable() {
        let waiting = unroutable.withLock { list in
            defer { list.removeAll() }
            return list
        }
        guard !waiting.isEmpty else { return }
        let now = MonotonicClock.milliseconds()
        var still: [(frames: [[UInt8]], deadline: Int)] = []
        for item in waiting {
            let error = socket.send(item.frames, flags: ZMQ_DONTWAIT)
            if error == EHOSTUNREACH {
                if now < item.deadline {
                    still.append(item)
                } else {
                    ZeroMQCall.log("\(channel) channel: dropped a message for a peer that did not connect")
                }
            } else if error != 0, error != ETERM {
                ZeroMQCall.log("\(channel) channel: send failed: \(ZeroMQCall.describe(error))")
            }
        }
        unroutable.withLock { $0.insert(contentsOf: still, at: 0) }
    }

    /// Receives and delivers every message already waiting, sending queued replies in between.
    ///
    /// - Returns: false when the context is shutting down.
    private func receiveWaiting(_ receiver: any MessageReceiver) -> Bool {
        while !stopRequested.load(ordering: .relaxed) {
            switch socket.receive(
                flags: ZMQ_DONTWAIT, maximumFrames: maximumFrames, maximumBytes: maximumBytes)
            {
            case .message(let frames):
                deliver(frames, to: receiver)
                // A reply a callback queued from another thread goes out before the next request.
                guard flush(drainingWakeUp: false, closing: false) else { return false }
            case .dropped(let frames, let bytes):
                ZeroMQCall.log(
                    "\(channel) channel: dropped a message of \(frames) frames and \(bytes) bytes "
                        + "(limits: \(maximumFrames) frames, \(maximumBytes) bytes)")
            case .nothing:
                return true
            case .terminated:
                return false
            case .failed(let error):
                ZeroMQCall.log("\(channel) channel: receive failed: \(ZeroMQCall.describe(error))")
                return true
            }
        }
        return true
    }

    private func deliver(_ frames: [[UInt8]], to receiver: any MessageReceiver) {
        guard channel == .iopub else {
            receiver.receive(frames, on: channel)
            return
        }
        // XPUB hands up subscriptions: 1 + topic subscribes, 0 + topic unsubscribes. With
        // ZMQ_XPUB_VERBOSE every subscribe arrives, even a topic already subscribed, so a
        // reconnecting frontend is welcomed again. With ZMQ_XPUB_MANUAL a subscription only takes
        // effect when applied here, just before the welcome is sent (from this thread, so at
        // once): a new subscriber's first message is always its iopub_welcome (JEP 65), never a
        // status published while it was connecting.
        for frame in frames {
            guard let kind = frame.first, kind <= 1 else { continue }
            let topic = Array(frame.dropFirst())
            do {
                try socket.setOption(kind == 1 ? ZMQ_SUBSCRIBE : ZMQ_UNSUBSCRIBE, bytes: topic)
            } catch {
                ZeroMQCall.log("iopub channel: cannot apply a subscription: \(error)")
                continue
            }
            if kind == 1 { receiver.subscribed(to: topic) }
        }
    }

    /// Sends everything the outbox holds.
    ///
    /// - Returns: false when the context is shutting down.
    private func flush(drainingWakeUp: Bool, closing: Bool) -> Bool {
        for frames in outbox.takeAll(drainingWakeUp: drainingWakeUp, closing: closing) {
            guard send(frames) else { return false }
        }
        return true
    }

    /// - Returns: false when the context is shutting down.
    @discardableResult
    private func send(_ frames: [[UInt8]]) -> Bool {
        // ROUTER and XPUB never block (with no high-water mark they never drop either);
        // ZMQ_DONTWAIT makes sure a surprise cannot stall the loop.
        let error = socket.send(frames, flags: ZMQ_DONTWAIT)
        if error == 0 { return true }
        if error == ETERM { return false }
        if error == EHOSTUNREACH {
            // The peer (a frontend's stdin) is not connected yet: keep it, in order, for a while.
            let deadline = MonotonicClock.milliseconds() + Self.unroutableGraceMilliseconds
            unroutable.withLock { $0.append((frames, deadline)) }
            return true
        }
        ZeroMQCall.log("\(channel) channel: send failed: \(ZeroMQCall.describe(error))")
        return true
    }
}
