import JupyterKernel
import Testing
import ZeroMQTransport

/// Errors at bind time and hostile incoming messages.
@Suite struct ServerLimitsTests {
    @Test func portInUseNamesTheEndpoint() throws {
        let blocker = try ZeroMQSocket(kind: .router)
        let endpoint = try blocker.bind("tcp://127.0.0.1:*")
        let port = try #require(endpoint.split(separator: ":").last.flatMap { Int($0) })
        var connection = RunningServer.loopback()
        connection.controlPort = port
        let error = #expect(throws: KernelError.self) { try ZeroMQServer(connection: connection) }
        #expect(error?.message.contains("control") == true)
        #expect(error?.message.contains("tcp://127.0.0.1:\(port)") == true)
        #expect(error?.message.contains("in use") == true, "\(error?.message ?? "")")
    }

    @Test func invalidAddressNamesTheEndpoint() throws {
        var connection = RunningServer.loopback()
        connection.ip = "999.1.1.1"
        let error = #expect(throws: KernelError.self) { try ZeroMQServer(connection: connection) }
        #expect(error?.message.contains("tcp://999.1.1.1:0") == true, "\(error?.message ?? "")")
    }

    @Test func missingIPCDirectoryNamesTheEndpoint() throws {
        let connection = ConnectionInfo(
            transport: "ipc", ip: "/nonexistent-backprop-dir/kernel", shellPort: 1, iopubPort: 2,
            stdinPort: 3,
            controlPort: 4, heartbeatPort: 5, key: "")
        let error = #expect(throws: KernelError.self) { try ZeroMQServer(connection: connection) }
        #expect(
            error?.message.contains("ipc:///nonexistent-backprop-dir/kernel-1") == true,
            "\(error?.message ?? "")")
    }

    @Test func messageWithTooManyFramesIsDroppedAndTheNextOneDelivered() throws {
        let running = try RunningServer()
        let client = try ZeroMQSocket(kind: .dealer)
        try client.setIdentity(Array("many".utf8))
        try client.connect(running.endpoint(.shell))
        // With the identity frame the ROUTER adds, one frame over the limit.
        try client.send(Array(repeating: [7], count: ZeroMQServer.maximumFrameCount))
        // Exactly at the limit.
        try client.send(Array(repeating: [8], count: ZeroMQServer.maximumFrameCount - 1))
        try client.send(frames("after"))
        let events = running.receiver.waitForEvents(2)
        #expect(events.count == 2)
        #expect(
            events.first
                == .received(
                    [Array("many".utf8)] + Array(repeating: [8], count: ZeroMQServer.maximumFrameCount - 1),
                    .shell))
        #expect(events.last == .received(frames("many", "after"), .shell))
        #expect(running.stop())
    }

    @Test func frameOverTheSizeLimitIsRefusedWithoutCrashing() throws {
        let running = try RunningServer()
        let hostile = try ZeroMQSocket(kind: .dealer, lingerMilliseconds: 0)
        try hostile.connect(running.endpoint(.shell))
        try hostile.send([[UInt8](repeating: 0x41, count: 300 << 20)])
        hostile.close()

        let client = try ZeroMQSocket(kind: .dealer)
        try client.connect(running.endpoint(.shell))
        try client.send(frames("small"))
        let events = running.receiver.waitForEvents(1)
        #expect(events.count == 1)
        if case .received(let frames, _) = events.first { #expect(frames.last == Array("small".utf8)) }
        // Give a late delivery of the big frame the chance to show up.
        #expect(running.receiver.waitForEvents(2, milliseconds: 300).count == 1)
        #expect(running.stop())
    }
}
