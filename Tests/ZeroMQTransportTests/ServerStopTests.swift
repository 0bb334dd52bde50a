import JupyterKernel
import Synchronization
import Testing
import ZeroMQTransport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `stop` ends `run` from any thread, after sending what was queued, and never hangs.
@Suite struct ServerStopTests {
    @Test func stopFromInsideACallbackReturnsRunAfterSendingTheReply() throws {
        let running = try RunningServer(react: { server, frames, channel in
            server.send(frames + [Array("shutdown_reply".utf8)], on: channel)
            server.stop()
        })
        let client = try ZeroMQSocket(kind: .dealer)
        try client.connect(running.endpoint(.control))
        try client.send(frames("shutdown_request"))
        #expect(try client.receive(timeoutMilliseconds: 5000) == frames("shutdown_request", "shutdown_reply"))
        #expect(running.thread.wait(milliseconds: 3000))
    }

    @Test func stopSendsEverythingAlreadyQueued() throws {
        let running = try RunningServer()
        let client = try ZeroMQSocket(kind: .dealer)
        try client.setHighWaterMark(0)
        try client.setIdentity(Array("late".utf8))
        try client.connect(running.endpoint(.shell))
        try client.send(frames("hello"))
        #expect(running.receiver.waitForEvents(1).count == 1)

        // 16 MiB in all: more than the socket buffers hold, so most is still queued in libzmq
        // when the sockets close and only the linger time gets it out.
        let count = 1000
        let payload = [UInt8](repeating: 0x5A, count: 16 << 10)
        for index in 0..<count { running.server.send(frames("late", "\(index)") + [payload], on: .shell) }
        running.server.stop()
        var received = 0
        while received < count, let message = try client.receive(timeoutMilliseconds: 5000) {
            guard message == frames("\(received)") + [payload] else { break }
            received += 1
        }
        #expect(received == count)
        #expect(running.thread.wait(milliseconds: 3000))
        // After stop, sends are dropped rather than queued for threads that have ended.
        running.server.send(frames("late", "after"), on: .shell)
        #expect(try client.receive(timeoutMilliseconds: 100) == nil)
    }

    @Test func stopBeforeRunMakesRunReturnAtOnce() throws {
        let server = try ZeroMQServer(connection: RunningServer.loopback())
        server.stop()
        let start = now()
        server.run(receiver: RecordingReceiver())
        #expect(now() - start < 1500)
        // A second run does nothing.
        server.run(receiver: RecordingReceiver())
    }

    @Test func aServerThatNeverRanClosesItsSocketsAndPortsAreFreeAgain() throws {
        var connection = RunningServer.loopback()
        do {
            let server = try ZeroMQServer(connection: connection)
            connection = server.connection
        }
        // The same ports bind again: the first server's sockets are closed.
        let again = try ZeroMQServer(connection: connection)
        #expect(again.connection == connection)
    }

    @Test func aCallbackThatNeverReturnsDelaysRunOnlyByTheGraceTime() throws {
        let release = Atomic<Bool>(false)
        let running = try RunningServer(
            lingerMilliseconds: 100, stopGraceMilliseconds: 200,
            react: { _, _, _ in
                _ = waitUntil(milliseconds: 10_000) { release.load(ordering: .acquiring) }
            })
        let client = try ZeroMQSocket(kind: .dealer)
        try client.connect(running.endpoint(.shell))
        try client.send(frames("hang"))
        #expect(running.receiver.waitForEvents(1).count == 1)

        let start = now()
        running.server.stop()
        #expect(running.thread.wait(milliseconds: 3000))
        #expect(now() - start < 1500)
        // The stuck thread ends later and terminates the context itself, without crashing.
        release.store(true, ordering: .releasing)
        usleep(300_000)
    }

    @Test func stopIsIdempotentAndCallableFromManyThreads() throws {
        let running = try RunningServer()
        let server = running.server
        let stoppers = (0..<8).map { _ in TestThread { server.stop() } }
        #expect(stoppers.allSatisfy { $0.wait(milliseconds: 3000) })
        #expect(running.thread.wait(milliseconds: 3000))
    }
}
