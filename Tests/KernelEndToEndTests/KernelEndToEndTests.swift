import Foundation
import JSON
import JupyterKernel
import Testing
import ZeroMQTransport

/// Starts the real binary as a kernel and talks ZeroMQ to it, as a frontend does.
/// Serialized: the timing assertions (heartbeat, interrupts) must not compete with each other.
@Suite(.serialized) struct KernelEndToEndTests {
    @Test func executesAndKeepsStateAcrossCells() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        let (reply, iopub) = try client.execute("let x = 20\nprint(\"x is\", x)\nx + 22")
        #expect(reply.content["status"]?.string == "ok" && reply.content["execution_count"] == .integer(1))
        #expect(iopub.map(\.type) == ["status", "execute_input", "stream", "execute_result", "status"])
        #expect(iopub[2].content["text"]?.string == "x is 20\n")
        #expect(iopub[3].content["data"]?["text/plain"]?.string == "42")
        #expect(try client.result("x * 2") == "40")
    }

    @Test func badlySignedMessagesAreDroppedAndNothingRuns() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        _ = try client.execute("var hits = 0")
        // Tampered content, a missing signature, and a message signed with another key.
        var (_, tampered) = client.frames("execute_request", .object([("code", .string("hits += 1"))]))
        tampered[tampered.count - 1] = Array(#"{"code":"hits += 100","silent":false}"#.utf8)
        var (_, unsigned) = client.frames("execute_request", .object([("code", .string("hits += 1"))]))
        unsigned[1] = []
        let stranger = try KernelClient(kernel.connection, key: "wrong-key")
        let (_, wrongKey) = stranger.frames("execute_request", .object([("code", .string("hits += 1"))]))
        for frames in [tampered, unsigned, wrongKey] { try client.shell.send(frames) }
        #expect(try client.receive(on: .shell, timeoutMilliseconds: 300) == nil)
        #expect(try client.result("hits") == "0")
        let log = kernel.stderr
        #expect(log.components(separatedBy: "dropped a message on shell: invalid signature").count - 1 == 2)
        #expect(log.contains("dropped a message on shell: unsigned message (the connection has a key)"))
    }

    @Test func interruptStopsLongTrainingWithinOneSecondAndKeepsState() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        _ = try client.execute("let net = Network(inputs: 2, seed: 3) { Dense(4); Dense(1) }\nvar marker = 7")
        let id = try client.send("execute_request", .object([("code", .string("net.train(on: .xor, epochs: 100000000, learningRate: 0.5, batchSize: 1)"))]))
        usleep(400_000)
        let start = Date()
        try client.send("interrupt_request", on: .control)
        #expect(try client.receive(on: .control)?.type == "interrupt_reply")
        let reply = try #require(try client.receive(on: .shell, timeoutMilliseconds: 5000))
        #expect(secondsSince(start) < 1.0)
        #expect(reply.parentHeader["msg_id"]?.string == id)
        #expect(reply.content["status"]?.string == "error" && reply.content["ename"]?.string == "Interrupted")
        let errors = try client.iopubUntilIdle(id).filter { $0.type == "error" }
        #expect(errors.count == 1)
        #expect(try client.result("marker") == "7")
        // The network kept its last finished step and still computes.
        #expect(try client.result("net.predict([0, 1]).count") == "1")
    }

    @Test func interruptStopsAnInfiniteLoop() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        let id = try client.send("execute_request", .object([("code", .string("var n = 0\nwhile true { n += 1 }"))]))
        usleep(300_000)
        let start = Date()
        try client.send("interrupt_request", on: .control)
        let reply = try #require(try client.receive(on: .shell, timeoutMilliseconds: 5000))
        #expect(secondsSince(start) < 1.0)
        #expect(reply.parentHeader["msg_id"]?.string == id && reply.content["ename"]?.string == "Interrupted")
        let count = try #require(try client.result("n")).replacingOccurrences(of: ",", with: "")
        #expect((Int(count) ?? 0) > 1000)
    }

    @Test func sigintInterruptsLikeAnInterruptRequest() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        _ = try client.execute("var kept = \"yes\"")
        let id = try client.send("execute_request", .object([("code", .string("while true {}"))]))
        usleep(300_000)
        let start = Date()
        kill(kernel.process.processIdentifier, SIGINT)
        let reply = try #require(try client.receive(on: .shell, timeoutMilliseconds: 5000))
        #expect(secondsSince(start) < 1.0)
        #expect(reply.parentHeader["msg_id"]?.string == id && reply.content["ename"]?.string == "Interrupted")
        #expect(try client.result("kept") == "\"yes\"")
        // A SIGINT while idle does nothing to the next cell.
        kill(kernel.process.processIdentifier, SIGINT)
        usleep(100_000)
        #expect(try client.result("1 + 1") == "2")
    }

    @Test func heartbeatAndKernelInfoAnswerWhileACellRuns() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        let id = try client.send("execute_request", .object([("code", .string("while true {}"))]))
        usleep(200_000)
        var worst = 0.0
        for round in 0..<20 {
            let start = Date()
            try client.heartbeat.send([Array("ping \(round)".utf8)])
            let echo = try client.heartbeat.receive(timeoutMilliseconds: 1000)
            worst = max(worst, secondsSince(start))
            #expect(echo == [Array("ping \(round)".utf8)])
        }
        #expect(worst < 0.05, "slowest heartbeat: \(worst * 1000) ms")
        for channel in [Channel.control, .shell] {
            let start = Date()
            let infoID = try client.send("kernel_info_request", on: channel)
            let info = try #require(try client.receive(on: channel, timeoutMilliseconds: 1000))
            #expect(info.parentHeader["msg_id"]?.string == infoID && secondsSince(start) < 0.1)
        }
        try client.send("interrupt_request", on: .control)
        _ = try client.receive(on: .control)
        #expect(try client.receive(on: .shell)?.parentHeader["msg_id"]?.string == id)
    }

    @Test func tenThousandPipelinedExecutesAreAnsweredInOrder() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        var ids: [String] = []
        for index in 0..<10_000 {
            ids.append(try client.send("execute_request", .object([("code", .string("\(index) * 2"))])))
        }
        var replies: [Message] = []
        while replies.count < ids.count, let reply = try client.receive(on: .shell, timeoutMilliseconds: 20_000) {
            replies.append(reply)
        }
        #expect(replies.count == 10_000)
        #expect(replies.map { $0.parentHeader["msg_id"]?.string ?? "" } == ids)
        #expect(replies.map { $0.content["execution_count"]?.int ?? 0 } == Array(1...10_000))
        #expect(replies.allSatisfy { $0.content["status"]?.string == "ok" })
        // Every result made it to iopub too, in order.
        var results: [String] = []
        while results.count < 10_000, let message = try client.receive(on: .iopub, timeoutMilliseconds: 10_000) {
            if message.type == "execute_result" { results.append(message.content["data"]?["text/plain"]?.string ?? "") }
        }
        #expect(results == (0..<10_000).map { "\($0 * 2)" })
    }

    @Test func stopOnErrorAbortsTheQueuedExecutes() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        _ = try client.execute("var ran = 0")
        // The error comes at run time, after a loop, so the three requests behind it are queued.
        let failing = try client.send("execute_request", .object([("code", .string("var i = 0\nwhile i < 300000 { i += 1 }\nlet z = [1, 2][i]"))]))
        let queued = try (0..<3).map { _ in try client.send("execute_request", .object([("code", .string("ran += 1"))])) }
        var replies: [Message] = []
        for _ in 0..<4 { replies.append(try #require(try client.receive(on: .shell))) }
        #expect(replies.map { $0.parentHeader["msg_id"]?.string ?? "" } == [failing] + queued)
        #expect(replies[0].content["status"]?.string == "error")
        #expect(replies.dropFirst().allSatisfy { $0.content["status"]?.string == "aborted" })
        #expect(try client.result("ran") == "0")
        // With stop_on_error false the queue runs on.
        _ = try client.send("execute_request", .object([("code", .string("undefinedName")), ("stop_on_error", .bool(false))]))
        _ = try client.send("execute_request", .object([("code", .string("ran += 1"))]))
        #expect(try client.receive(on: .shell)?.content["status"]?.string == "error")
        #expect(try client.receive(on: .shell)?.content["status"]?.string == "ok")
        #expect(try client.result("ran") == "1")
    }

    @Test func errorsHaveOneErrorMessageWithTheCellLineAndCaret() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        let (reply, iopub) = try client.execute("let a = 1\nlet b = a + \"x\"")
        let errors = iopub.filter { $0.type == "error" }
        #expect(errors.count == 1)
        #expect(reply.content["ename"]?.string == "TypeError")
        let traceback = (errors.first?.content["traceback"]?.array ?? []).compactMap(\.string).joined(separator: "\n")
        #expect(traceback.contains("let b = a + \"x\""))
        #expect(traceback.contains("^"))
        #expect(traceback.contains("\u{1B}["), "the traceback should be coloured")
    }

    @Test func inputIsAskedOnStdin() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        let id = try client.send("execute_request", .object([("code", .string("let name = input(\"Who? \")\n\"hi \" + name")), ("allow_stdin", .bool(true))]))
        guard let request = try client.receive(on: .stdin) else {
            let reply = try client.receive(on: .shell, timeoutMilliseconds: 100)
            Issue.record("no input_request; the execute reply: \(String(describing: reply?.content)); kernel log: \(kernel.stderr)")
            return
        }
        #expect(request.type == "input_request" && request.content["prompt"]?.string == "Who? ")
        try client.send("input_reply", .object([("value", .string("Ada"))]), on: .stdin, parent: request)
        #expect(try client.receive(on: .shell)?.content["status"]?.string == "ok")
        #expect(try client.iopubUntilIdle(id).first { $0.type == "execute_result" }?.content["data"]?["text/plain"]?.string == "\"hi Ada\"")
    }

    @Test func anInputRequestReachesAStdinThatConnectsLate() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection, connectStdin: false)
        try client.waitUntilReady()
        let id = try client.send("execute_request", .object([("code", .string("input(\"? \")")), ("allow_stdin", .bool(true))]))
        usleep(300_000)
        try client.stdin.connect(kernel.connection.endpoint(.stdin))
        let request = try #require(try client.receive(on: .stdin, timeoutMilliseconds: 5000))
        #expect(request.type == "input_request" && request.parentHeader["msg_id"]?.string == id)
        try client.send("input_reply", .object([("value", .string("late"))]), on: .stdin, parent: request)
        #expect(try client.receive(on: .shell)?.content["status"]?.string == "ok")
    }

    @Test func malformedAndRandomMessagesLeaveTheKernelAnswering() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        var generator = SystemRandomNumberGenerator()
        func randomBytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        let jsonish: [String] = ["{", "}", "[]", "null", "{\"msg_id\": 1}", "{\"msg_type\": \"execute_request\", \"msg_id\": \"x\"}", "{\"code\": 5}", "\"\u{0}\"", String(repeating: "[", count: 5000), "{\"a\":1e999}"]
        for index in 0..<10_000 {
            var frames: [[UInt8]]
            switch index % 6 {
            case 0: frames = (0..<Int.random(in: 0...8, using: &generator)).map { _ in randomBytes(Int.random(in: 0...64, using: &generator)) }
            case 1: frames = [WireCodec.delimiter, []] + (0..<Int.random(in: 0...5, using: &generator)).map { _ in Array(jsonish.randomElement(using: &generator)?.utf8 ?? "".utf8) }
            case 2:
                // Properly signed, with wrong types in the content.
                let content = JSONValue.object([("code", [.integer(1), .null, .array([]), .string("1 +")][index % 4]), ("cursor_pos", .string("x")), ("silent", .integer(3))])
                frames = client.frames(["execute_request", "complete_request", "inspect_request", "history_request", "is_complete_request", "comm_open", "nonsense_request"][index % 7], content).frames
            case 3:
                var signed = client.frames("kernel_info_request").frames
                signed.removeLast(Int.random(in: 1...3, using: &generator))
                frames = signed
            case 4: frames = [WireCodec.delimiter, Array("0000".utf8)] + (0..<4).map { _ in Array("{}".utf8) }
            default: frames = index % 600 == 5 ? [[UInt8](repeating: 0xAB, count: 4 << 20), WireCodec.delimiter] : [randomBytes(16), WireCodec.delimiter]
            }
            try client.socket([Channel.shell, .control, .stdin][index % 3]).send(frames)
        }
        // Drain whatever the well-signed ones produced, then check the kernel still works.
        while try client.receive(on: .shell, timeoutMilliseconds: 500) != nil {}
        while try client.receive(on: .control, timeoutMilliseconds: 100) != nil {}
        while try client.receive(on: .iopub, timeoutMilliseconds: 100) != nil {}
        #expect(kernel.process.isRunning)
        #expect(try client.result("6 * 7") == "42")
    }

    @Test func shutdownWithRestartExitsAndANewProcessStartsFresh() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        _ = try client.execute("let before = 1")
        let firstSession = try client.execute("1").reply.header.session
        try client.send("shutdown_request", .object([("restart", .bool(true))]), on: .control)
        let reply = try #require(try client.receive(on: .control))
        #expect(reply.type == "shutdown_reply" && reply.content["restart"] == .bool(true))
        #expect(kernel.waitForExit(seconds: 5) == 0)
        // The launcher starts a new process on the same connection file.
        let restarted = try KernelProcess(reuse: kernel.connection)
        try client.waitUntilReady()
        let (fresh, _) = try client.execute("before")
        #expect(fresh.content["ename"]?.string == "NameError" || fresh.content["status"]?.string == "error")
        #expect(fresh.header.session != firstSession)
        #expect(fresh.content["execution_count"] == .integer(1))
        _ = restarted
    }

    @Test func theKernelExitsWhenItsParentDies() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-orphan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let probe = try KernelProcess()
        let connection = probe.connection
        probe.process.terminate()
        _ = probe.waitForExit(seconds: 5)
        // A shell starts the kernel in the background, writes its pid and exits at once.
        let pidFile = directory.appendingPathComponent("pid")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "'\(KernelProcess.binary.path)' --connection-file '\(probe.connectionFile.path)' 2>/dev/null & echo $! > '\(pidFile.path)'; sleep 0.5"]
        try shell.run()
        shell.waitUntilExit()
        let pid = try #require(Int32(String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let start = Date()
        while kill(pid, 0) == 0, secondsSince(start) < 5 { usleep(20_000) }
        #expect(kill(pid, 0) != 0, "the orphaned kernel is still running")
        _ = connection
    }

    @Test func ipcTransportWorks() throws {
        let kernel = try KernelProcess(transport: "ipc")
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        #expect(try client.result("[1, 2].count") == "2")
    }

    @Test func iopubWelcomeGreetsEachNewSubscriber() throws {
        let kernel = try KernelProcess()
        let client = try KernelClient(kernel.connection)
        try client.waitUntilReady()
        let late = try ZeroMQSocket(kind: .sub, lingerMilliseconds: 0)
        try late.connect(kernel.connection.endpoint(.iopub))
        try late.subscribe()
        let frames = try #require(try late.receive(timeoutMilliseconds: 2000))
        let welcome = try client.codec.decode(frames)
        #expect(welcome.type == "iopub_welcome" && welcome.content == .object([("subscription", .string(""))]))
    }
}
