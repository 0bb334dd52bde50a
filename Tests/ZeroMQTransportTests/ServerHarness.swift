import JupyterKernel
import Synchronization
import ZeroMQTransport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a `RecordingReceiver` saw, in order.
enum Event: Equatable, Sendable {
    case received([[UInt8]], Channel)
    case subscribed([UInt8])
}

/// A receiver that records every callback and then runs the test's reaction on the same thread.
final class RecordingReceiver: MessageReceiver {
    private let events = Mutex<[Event]>([])
    private let onReceive: @Sendable ([[UInt8]], Channel) -> Void
    private let onSubscribe: @Sendable ([UInt8]) -> Void

    init(
        onReceive: @escaping @Sendable ([[UInt8]], Channel) -> Void = { _, _ in },
        onSubscribe: @escaping @Sendable ([UInt8]) -> Void = { _ in }
    ) {
        self.onReceive = onReceive
        self.onSubscribe = onSubscribe
    }

    func receive(_ frames: [[UInt8]], on channel: Channel) {
        events.withLock { $0.append(.received(frames, channel)) }
        onReceive(frames, channel)
    }

    func subscribed(to topic: [UInt8]) {
        events.withLock { $0.append(.subscribed(topic)) }
        onSubscribe(topic)
    }

    /// Everything recorded so far.
    var recorded: [Event] { events.withLock { $0 } }

    /// Waits until at least `count` events are recorded.
    func waitForEvents(_ count: Int, milliseconds: Int = 5000) -> [Event] {
        _ = waitUntil(milliseconds: milliseconds) { recorded.count >= count }
        return recorded
    }
}

/// Polls `condition` every millisecond; tests only, where a little latency does not matter.
func waitUntil(milliseconds: Int, _ condition: () -> Bool) -> Bool {
    let deadline = now() + milliseconds
    while !condition() {
        if now() > deadline { return false }
        usleep(1000)
    }
    return true
}

/// Monotonic milliseconds.
func now() -> Int {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Int(time.tv_sec) * 1000 + Int(time.tv_nsec) / 1_000_000
}

/// Monotonic nanoseconds, for latency measurements.
func nanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Runs a closure on a POSIX thread and tells when it has finished.
final class TestThread: Sendable {
    private let finished = Atomic<Bool>(false)
    private let work: @Sendable () -> Void

    init(_ work: @escaping @Sendable () -> Void) {
        self.work = work
        let retained = Unmanaged.passRetained(self)
        #if canImport(Glibc)
            var thread = pthread_t()
        #else
            var thread: pthread_t?
        #endif
        let status = pthread_create(
            &thread, nil,
            { context in
                guard let context else { return nil }
                let box = Unmanaged<TestThread>.fromOpaque(context).takeRetainedValue()
                box.work()
                box.finished.store(true, ordering: .releasing)
                return nil
            }, retained.toOpaque())
        if status == 0 {
            #if canImport(Glibc)
                pthread_detach(thread)
            #else
                if let thread { pthread_detach(thread) }
            #endif
        } else {
            retained.release()
            finished.store(true, ordering: .releasing)
        }
    }

    /// Whether the closure has returned.
    var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// Waits up to `milliseconds` for the closure to return.
    func wait(milliseconds: Int) -> Bool {
        waitUntil(milliseconds: milliseconds) { isFinished }
    }
}

/// A server bound on loopback with system-chosen ports, running on its own thread.
final class RunningServer {
    let server: ZeroMQServer
    let receiver: RecordingReceiver
    let thread: TestThread

    /// Binds and starts serving; `react` runs on the channel thread after each message is recorded.
    init(
        connection: ConnectionInfo = RunningServer.loopback(),
        lingerMilliseconds: Int = 1000,
        stopGraceMilliseconds: Int = 2000,
        unblocking signals: [Int32] = [],
        react: @escaping @Sendable (ZeroMQServer, [[UInt8]], Channel) -> Void = { _, _, _ in },
        onSubscribe: @escaping @Sendable (ZeroMQServer, [UInt8]) -> Void = { _, _ in }
    ) throws {
        let server = try ZeroMQServer(
            connection: connection, lingerMilliseconds: lingerMilliseconds,
            stopGraceMilliseconds: stopGraceMilliseconds)
        // No cycle: the server holds the receiver only through its threads, while `run` lasts.
        let receiver = RecordingReceiver(
            onReceive: { frames, channel in react(server, frames, channel) },
            onSubscribe: { topic in onSubscribe(server, topic) })
        self.server = server
        self.receiver = receiver
        thread = TestThread {
            // Test threads inherit the test runner's mask, which blocks most signals; the server's
            // threads inherit this thread's.
            var set = sigset_t()
            sigemptyset(&set)
            for signal in signals { sigaddset(&set, signal) }
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            server.run(receiver: receiver)
        }
    }

    deinit {
        server.stop()
        _ = thread.wait(milliseconds: 5000)
    }

    /// Stops the server and waits for `run` to return.
    ///
    /// - Returns: whether `run` returned within `milliseconds`.
    func stop(milliseconds: Int = 5000) -> Bool {
        server.stop()
        return thread.wait(milliseconds: milliseconds)
    }

    /// The endpoint a client connects to for a channel.
    func endpoint(_ channel: Channel) -> String {
        server.connection.endpoint(channel)
    }

    /// 127.0.0.1 with every port 0, so parallel tests never collide.
    static func loopback() -> ConnectionInfo {
        ConnectionInfo(
            ip: "127.0.0.1", shellPort: 0, iopubPort: 0, stdinPort: 0, controlPort: 0, heartbeatPort: 0,
            key: "")
    }
}

/// UTF-8 bytes of each string.
func frames(_ strings: String...) -> [[UInt8]] {
    strings.map { Array($0.utf8) }
}
