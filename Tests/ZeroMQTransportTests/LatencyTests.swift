import JupyterKernel
import Synchronization
import Testing
import ZeroMQTransport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Round trips through the transport stay far below a frontend's notice.
@Suite struct LatencyTests {
    /// The median of `count` sequential request→reply round trips, in microseconds.
    static func medianRoundTrip(_ running: RunningServer, count: Int) throws -> Double {
        let client = try ZeroMQSocket(kind: .dealer)
        try client.connect(running.endpoint(.shell))
        var samples: [UInt64] = []
        for index in 0..<count {
            let start = nanoseconds()
            try client.send(frames("\(index)"))
            guard try client.receive(timeoutMilliseconds: 5000) == frames("\(index)") else {
                return .infinity
            }
            samples.append(nanoseconds() - start)
        }
        samples.sort()
        return Double(samples[samples.count / 2]) / 1000
    }

    @Test func replyFromTheChannelThread() throws {
        let running = try RunningServer(react: { server, frames, channel in server.send(frames, on: channel) }
        )
        let median = try Self.medianRoundTrip(running, count: 2000)
        print("round trip, reply from the shell thread: median \(median) µs")
        // Debug build, tests running in parallel on two cores: generous; release is far lower.
        #expect(median < 2000)
        #expect(running.stop())
    }

    @Test func replyFromAnotherThread() throws {
        let handoff = Handoff()
        let running = try RunningServer(react: { _, frames, _ in handoff.put(frames) })
        let server = running.server
        let worker = TestThread {
            while let frames = handoff.take() { server.send(frames, on: .shell) }
        }
        let median = try Self.medianRoundTrip(running, count: 2000)
        print("round trip, reply from another thread: median \(median) µs")
        #expect(median < 2000)
        handoff.finish()
        #expect(worker.wait(milliseconds: 3000))
        #expect(running.stop())
    }
}

/// A blocking one-slot-at-a-time queue between two threads, woken through a pipe (no sleeping).
final class Handoff: Sendable {
    private let items = Mutex<(queue: [[[UInt8]]], finished: Bool)>(([], false))
    private let readEnd: Int32
    private let writeEnd: Int32

    init() {
        var descriptors: [Int32] = [-1, -1]
        _ = pipe(&descriptors)
        readEnd = descriptors[0]
        writeEnd = descriptors[1]
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    func put(_ frames: [[UInt8]]) {
        items.withLock { $0.queue.append(frames) }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    func finish() {
        items.withLock { $0.finished = true }
        var byte: UInt8 = 0
        _ = write(writeEnd, &byte, 1)
    }

    /// The next item, or nil once finished.
    func take() -> [[UInt8]]? {
        while true {
            let next: [[UInt8]]?? = items.withLock { state in
                if !state.queue.isEmpty { return .some(state.queue.removeFirst()) }
                return state.finished ? .some(nil) : nil
            }
            if let next { return next }
            var byte: UInt8 = 0
            _ = read(readEnd, &byte, 1)
        }
    }
}
