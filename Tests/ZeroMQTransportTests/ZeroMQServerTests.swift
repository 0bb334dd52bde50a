import JupyterKernel
import Synchronization
import Testing
import ZeroMQTransport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Messages through the five channels of a running server, as a frontend sends them.
@Suite struct ZeroMQServerTests {
    /// Echoes every request back to its sender with one more frame, "reply".
    static let echo: @Sendable (ZeroMQServer, [[UInt8]], Channel) -> Void = { server, frames, channel in
        server.send(frames + [Array("reply".utf8)], on: channel)
    }

    @Test(arguments: [Channel.shell, .control, .stdin])
    func requestReachesTheReceiverAndTheReplyComesBack(channel: Channel) throws {
        let running = try RunningServer(react: Self.echo)
        let client = try ZeroMQSocket(kind: .dealer)
        try client.setIdentity(Array("client-1".utf8))
        try client.connect(running.endpoint(channel))
        try client.send(frames("id", "<IDS|MSG>", "signature", "{}"))

        let reply = try client.receive(timeoutMilliseconds: 5000)
        // The ROUTER put the peer's identity first; the reply is routed by it and arrives without it.
        #expect(reply == frames("id", "<IDS|MSG>", "signature", "{}", "reply"))
        #expect(
            running.receiver.recorded == [
                .received(frames("client-1", "id", "<IDS|MSG>", "signature", "{}"), channel)
            ])
        #expect(running.stop())
    }

    @Test func eachChannelDeliversOnlyItsOwnMessages() throws {
        let running = try RunningServer()
        let shell = try ZeroMQSocket(kind: .dealer)
        let control = try ZeroMQSocket(kind: .dealer)
        try shell.setIdentity(Array("S".utf8))
        try control.setIdentity(Array("C".utf8))
        try shell.connect(running.endpoint(.shell))
        try control.connect(running.endpoint(.control))
        try shell.send(frames("to shell", ""))
        try control.send(frames("to control"))

        let events = running.receiver.waitForEvents(2)
        #expect(events.count == 2)
        #expect(events.contains(.received(frames("S", "to shell", ""), .shell)))
        #expect(events.contains(.received(frames("C", "to control"), .control)))
        #expect(running.stop())
    }

    @Test func replyFromAnotherThreadIsDelivered() throws {
        let running = try RunningServer(react: { server, frames, channel in
            _ = TestThread { server.send(frames + [Array("later".utf8)], on: channel) }
        })
        let client = try ZeroMQSocket(kind: .dealer)
        try client.connect(running.endpoint(.shell))
        try client.send(frames("request"))
        #expect(try client.receive(timeoutMilliseconds: 5000) == frames("request", "later"))
        #expect(running.stop())
    }

    @Test func ipcTransportWorks() throws {
        let prefix = "/tmp/backprop-zmq-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let connection = ConnectionInfo(
            transport: "ipc", ip: prefix, shellPort: 1, iopubPort: 2, stdinPort: 3, controlPort: 4,
            heartbeatPort: 5, key: "")
        defer { for port in 1...5 { unlink("\(prefix)-\(port)") } }
        let running = try RunningServer(connection: connection, react: Self.echo)
        #expect(running.endpoint(.shell) == "ipc://\(prefix)-1")
        let client = try ZeroMQSocket(kind: .dealer)
        try client.connect("ipc://\(prefix)-1")
        try client.send(frames("over ipc"))
        #expect(try client.receive(timeoutMilliseconds: 5000) == frames("over ipc", "reply"))

        let heartbeat = try ZeroMQSocket(kind: .req)
        try heartbeat.connect("ipc://\(prefix)-5")
        try heartbeat.send(frames("ping"))
        #expect(try heartbeat.receive(timeoutMilliseconds: 5000) == frames("ping"))
        #expect(running.stop())
    }

    @Test func ipv6LoopbackWorks() throws {
        let connection = ConnectionInfo(
            ip: "::1", shellPort: 0, iopubPort: 0, stdinPort: 0, controlPort: 0, heartbeatPort: 0, key: "")
        let running = try RunningServer(connection: connection, react: Self.echo)
        #expect(running.endpoint(.shell).hasPrefix("tcp://[::1]:"))
        let client = try ZeroMQSocket(kind: .dealer)
        try client.setIPv6(true)
        try client.connect(running.endpoint(.shell))
        try client.send(frames("over IPv6"))
        #expect(try client.receive(timeoutMilliseconds: 5000) == frames("over IPv6", "reply"))
        #expect(running.stop())
    }

    @Test func portZeroBindsDistinctSystemChosenPorts() throws {
        let running = try RunningServer()
        let ports = Channel.allCases.map { running.server.connection.port($0) }
        #expect(ports.allSatisfy { $0 > 0 })
        #expect(Set(ports).count == 5)
        #expect(running.stop())
    }

    @Test func subscriptionIsReportedAndLaterMessagesArrive() throws {
        let running = try RunningServer()
        let subscriber = try ZeroMQSocket(kind: .sub)
        try subscriber.connect(running.endpoint(.iopub))
        try subscriber.subscribe()
        #expect(running.receiver.waitForEvents(1) == [.subscribed([])])

        running.server.send(frames("kernel.1234.status", "<IDS|MSG>", "busy"), on: .iopub)
        #expect(
            try subscriber.receive(timeoutMilliseconds: 5000)
                == frames("kernel.1234.status", "<IDS|MSG>", "busy"))

        // XPUB_VERBOSE: the same subscription from a second frontend is reported again.
        let second = try ZeroMQSocket(kind: .sub)
        try second.connect(running.endpoint(.iopub))
        try second.subscribe()
        #expect(running.receiver.waitForEvents(2) == [.subscribed([]), .subscribed([])])
        let topical = try ZeroMQSocket(kind: .sub)
        try topical.connect(running.endpoint(.iopub))
        try topical.subscribe(Array("kernel.".utf8))
        #expect(running.receiver.waitForEvents(3).last == .subscribed(Array("kernel.".utf8)))
        #expect(running.stop())
    }

    @Test func welcomeSentFromTheSubscriptionCallbackArrives() throws {
        let running = try RunningServer(onSubscribe: { server, topic in
            server.send([topic, Array("iopub_welcome".utf8)], on: .iopub)
        })
        let subscriber = try ZeroMQSocket(kind: .sub)
        try subscriber.connect(running.endpoint(.iopub))
        try subscriber.subscribe()
        #expect(try subscriber.receive(timeoutMilliseconds: 5000) == frames("", "iopub_welcome"))
        #expect(running.stop())
    }

    @Test func heartbeatEchoesWhileTheShellCallbackIsBusy() throws {
        let running = try RunningServer(react: { _, _, channel in
            if channel == .shell { usleep(600_000) }
        })
        let heartbeat = try ZeroMQSocket(kind: .req)
        try heartbeat.connect(running.endpoint(.heartbeat))
        try heartbeat.send(frames("warm-up"))
        #expect(try heartbeat.receive(timeoutMilliseconds: 5000) == frames("warm-up"))

        let shell = try ZeroMQSocket(kind: .dealer)
        try shell.connect(running.endpoint(.shell))
        try shell.send(frames("long cell"))
        #expect(running.receiver.waitForEvents(1).count == 1)

        let start = now()
        try heartbeat.send(frames("ping"))
        let echo = try heartbeat.receive(timeoutMilliseconds: 1000)
        #expect(echo == frames("ping"))
        #expect(now() - start < 50)
        #expect(running.stop())
    }

    @Test func tenThousandMessagesFromAnotherThreadArriveInOrder() throws {
        let running = try RunningServer()
        let client = try ZeroMQSocket(kind: .dealer)
        try client.setHighWaterMark(0)
        try client.setIdentity(Array("bulk".utf8))
        try client.connect(running.endpoint(.shell))
        // The ROUTER routes only to peers it has heard from.
        try client.send(frames("hello"))
        #expect(running.receiver.waitForEvents(1).count == 1)

        let count = 10_000
        let server = running.server
        let sender = TestThread {
            for index in 0..<count { server.send(frames("bulk", "\(index)"), on: .shell) }
        }
        var received = 0
        var inOrder = true
        while received < count, let message = try client.receive(timeoutMilliseconds: 5000) {
            if message != frames("\(received)") { inOrder = false }
            received += 1
        }
        #expect(received == count)
        #expect(inOrder)
        #expect(sender.wait(milliseconds: 5000))
        #expect(running.stop())
    }

    @Test func pipelinedRequestsWithIOPubTrafficAreNeverDropped() throws {
        let outputsPerRequest = 5
        let running = try RunningServer(react: { server, frames, channel in
            guard channel == .shell, frames.count == 2 else { return }
            for output in 0..<outputsPerRequest {
                server.send([Array("kernel.status".utf8), frames[1], Array("\(output)".utf8)], on: .iopub)
            }
            server.send(frames, on: .shell)
        })
        let subscriber = try ZeroMQSocket(kind: .sub)
        try subscriber.setHighWaterMark(0)
        try subscriber.connect(running.endpoint(.iopub))
        try subscriber.subscribe()
        #expect(running.receiver.waitForEvents(1) == [.subscribed([])])

        let client = try ZeroMQSocket(kind: .dealer)
        try client.setHighWaterMark(0)
        try client.connect(running.endpoint(.shell))
        let requests = 10_000
        for index in 0..<requests { try client.send(frames("\(index)")) }

        var replies = 0
        var repliesInOrder = true
        while replies < requests, let reply = try client.receive(timeoutMilliseconds: 5000) {
            if reply != frames("\(replies)") { repliesInOrder = false }
            replies += 1
        }
        var outputs = 0
        var outputsInOrder = true
        while outputs < requests * outputsPerRequest,
            let output = try subscriber.receive(timeoutMilliseconds: 5000)
        {
            let expected = frames(
                "kernel.status", "\(outputs / outputsPerRequest)", "\(outputs % outputsPerRequest)")
            if output != expected { outputsInOrder = false }
            outputs += 1
        }
        #expect(replies == requests)
        #expect(repliesInOrder)
        #expect(outputs == requests * outputsPerRequest)
        #expect(outputsInOrder)
        #expect(running.stop())
    }

    @Test func sendsToTheHeartbeatChannelAreIgnored() throws {
        let running = try RunningServer()
        running.server.send(frames("nobody", "listens"), on: .heartbeat)
        let heartbeat = try ZeroMQSocket(kind: .req)
        try heartbeat.connect(running.endpoint(.heartbeat))
        try heartbeat.send(frames("ping"))
        #expect(try heartbeat.receive(timeoutMilliseconds: 5000) == frames("ping"))
        #expect(running.stop())
    }
}
