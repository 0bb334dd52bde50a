import JSON
import Testing

@testable import JupyterKernel

#if canImport(Glibc)
import Glibc
#endif

@Suite struct KernelTests {
    @Test func kernelInfoIsAnsweredBetweenBusyAndIdleOnShellAndControl() throws {
        let harness = try KernelHarness()
        for channel in [Channel.shell, .control] {
            let id = harness.send("kernel_info_request", on: channel)
            let reply = try #require(harness.nextMessage(on: channel))
            #expect(reply.type == "kernel_info_reply")
            #expect(reply.parentHeader["msg_id"]?.string == id)
            #expect(reply.identities == [Array("client-1".utf8)])
            #expect(reply.content["protocol_version"]?.string == "5.5")
            #expect(reply.content["implementation"]?.string == "fake")
            #expect(reply.content["language_info"]?["name"]?.string == "fake")
            #expect(reply.header.session == harness.kernel.session && reply.header.version == "5.5")
            #expect(KernelHarness.summary(harness.iopubUntilIdle(id)) == ["status:busy", "status:idle"])
        }
    }

    @Test func headersCarryADateAndUniqueIDs() throws {
        let harness = try KernelHarness()
        harness.send("kernel_info_request")
        let reply = try #require(harness.nextMessage(on: .shell))
        // 2026-11-24T17:30:05.123456Z
        let date = Array(reply.header.date.utf8)
        #expect(date.count == 27 && date[4] == UInt8(ascii: "-") && date[10] == UInt8(ascii: "T") && date[19] == UInt8(ascii: ".") && date[26] == UInt8(ascii: "Z"))
        let ids = harness.iopubUntilIdle("request-1").map(\.header.messageID) + [reply.header.messageID]
        #expect(Set(ids).count == ids.count)
        #expect(Header.randomID() != Header.randomID())
        #expect(Header.randomID().count == 36)
    }

    @Test func executeSendsInputOutputResultReplyAndIdleInOrder() throws {
        let harness = try KernelHarness()
        let (reply, messages) = try harness.execute("print:hello\neprint:oops\nprint:again\nresult:42")
        #expect(KernelHarness.summary(messages) == ["status:busy", "execute_input", "stream:stdout", "stream:stderr", "stream:stdout", "execute_result", "status:idle"])
        #expect(messages[1].content["execution_count"] == .integer(1))
        #expect(messages[1].content["code"]?.string == "print:hello\neprint:oops\nprint:again\nresult:42")
        #expect(messages[2].content["text"]?.string == "hello\n")
        #expect(messages[5].content["data"]?["text/plain"]?.string == "42")
        #expect(messages[5].content["execution_count"] == .integer(1))
        #expect(reply.type == "execute_reply")
        #expect(reply.content["status"]?.string == "ok" && reply.content["execution_count"] == .integer(1))
        #expect(reply.content["user_expressions"] == .object([]) && reply.content["payload"] == .array([]))
        let (second, _) = try harness.execute("result:1")
        #expect(second.content["execution_count"] == .integer(2))
    }

    @Test func silentAndNoHistoryExecutionsKeepTheCounter() throws {
        let harness = try KernelHarness()
        _ = try harness.execute("result:a")
        let (silent, silentMessages) = try harness.execute("print:x\nresult:b", [("silent", .bool(true))])
        #expect(silent.content["execution_count"] == .integer(1))
        #expect(KernelHarness.summary(silentMessages) == ["status:busy", "stream:stdout", "status:idle"])
        let (unstored, unstoredMessages) = try harness.execute("result:c", [("store_history", .bool(false))])
        #expect(unstored.content["execution_count"] == .integer(1))
        #expect(KernelHarness.summary(unstoredMessages) == ["status:busy", "execute_input", "execute_result", "status:idle"])
        let (next, _) = try harness.execute("result:d")
        #expect(next.content["execution_count"] == .integer(2))
        harness.send("history_request", .object([("hist_access_type", .string("tail")), ("n", .integer(10))]))
        let history = try #require(harness.nextMessage(on: .shell))
        #expect(history.content["history"] == .array([
            .array([.integer(1), .integer(1), .string("result:a")]), .array([.integer(1), .integer(2), .string("result:d")]),
        ]))
    }

    @Test func anErrorSendsOneErrorMessageAndAbortsTheQueuedExecutes() throws {
        let harness = try KernelHarness()
        // Three requests queued behind a slow failing cell: the two executes are aborted, the
        // complete request still runs.
        let failing = harness.send("execute_request", .object([("code", .string("sleep:50\nerror:ValueError"))]))
        let queued1 = harness.send("execute_request", .object([("code", .string("result:never"))]))
        let completeID = harness.send("complete_request", .object([("code", .string("al")), ("cursor_pos", .integer(2))]))
        let queued2 = harness.send("execute_request", .object([("code", .string("result:never"))]))
        var replies: [Message] = []
        for _ in 0..<4 { replies.append(try #require(harness.nextMessage(on: .shell))) }
        #expect(replies.map { $0.parentHeader["msg_id"]?.string ?? "" } == [failing, queued1, completeID, queued2])
        #expect(replies[0].content["status"]?.string == "error" && replies[0].content["ename"]?.string == "ValueError")
        #expect(replies[0].content["traceback"] == .array([.string("line 1"), .string("^")]))
        #expect(replies[1].content == .object([("status", .string("aborted"))]))
        #expect(replies[2].content["status"]?.string == "ok")
        #expect(replies[3].content == .object([("status", .string("aborted"))]))
        let iopub = harness.iopubUntilIdle(failing)
        #expect(KernelHarness.summary(iopub) == ["status:busy", "execute_input", "error", "status:idle"])
        #expect(iopub[2].content["evalue"]?.string == "it failed")
        #expect(harness.interpreter.executed.withLock { $0 } == ["sleep:50\nerror:ValueError"])
        // After the queue drained, executes run again, and the aborted ones took no count.
        let (after, _) = try harness.execute("result:ok")
        #expect(after.content["status"]?.string == "ok" && after.content["execution_count"] == .integer(2))
    }

    @Test func executesThatArriveWhileAFailedCellWaitsAreAbortedToo() throws {
        // Run All: the failing cell is done at once, the next requests arrive during its wait.
        let harness = try KernelHarness(stopOnErrorGrace: 0.5)
        let failing = harness.send("execute_request", .object([("code", .string("error:ValueError"))]))
        var pause = timespec(tv_sec: 0, tv_nsec: 100_000_000)
        nanosleep(&pause, nil)
        let late1 = harness.send("execute_request", .object([("code", .string("result:never"))]))
        let late2 = harness.send("execute_request", .object([("code", .string("result:never"))]))
        var replies: [Message] = []
        for _ in 0..<3 { replies.append(try #require(harness.nextMessage(on: .shell))) }
        #expect(replies.map { $0.parentHeader["msg_id"]?.string ?? "" } == [failing, late1, late2])
        #expect(replies[0].content["status"]?.string == "error")
        #expect(replies[1].content == .object([("status", .string("aborted"))]))
        #expect(replies[2].content == .object([("status", .string("aborted"))]))
        // Nothing of the error was sent before the late requests arrived: the iopub error comes
        // after the failing cell's wait.
        let iopub = harness.iopubUntilIdle(failing)
        #expect(KernelHarness.summary(iopub) == ["status:busy", "execute_input", "error", "status:idle"])
        // A request sent after the client saw the error runs.
        let (after, _) = try harness.execute("result:ok")
        #expect(after.content["status"]?.string == "ok" && after.content["execution_count"] == .integer(2))
        #expect(harness.interpreter.executed.withLock { $0 } == ["error:ValueError", "result:ok"])
    }

    @Test func withoutStopOnErrorAFailedCellDoesNotWait() throws {
        let harness = try KernelHarness(stopOnErrorGrace: 5)
        let start = KernelThread.monotonicNanoseconds()
        let (reply, _) = try harness.execute("error:ValueError", [("stop_on_error", .bool(false))])
        #expect(reply.content["status"]?.string == "error")
        #expect(KernelThread.monotonicNanoseconds() - start < 2_000_000_000)
    }

    @Test func aFailingSilentRequestAbortsNothing() throws {
        let harness = try KernelHarness()
        harness.send("execute_request", .object([("code", .string("sleep:30\nerror:E")), ("silent", .bool(true))]))
        harness.send("execute_request", .object([("code", .string("result:runs"))]))
        #expect(harness.nextMessage(on: .shell)?.content["status"]?.string == "error")
        #expect(harness.nextMessage(on: .shell)?.content["status"]?.string == "ok")
    }

    @Test func parentHeadersAreTheReceivedHeadersUnchanged() throws {
        let harness = try KernelHarness()
        let header = JSONValue.object([
            ("msg_id", .string("m-7")), ("msg_type", .string("kernel_info_request")), ("subshell_id", .string("s-2")),
        ])
        let frames = [Array("peer".utf8), WireCodec.delimiter] + {
            let parts = [header.compactUTF8(), Array("{}".utf8), Array("{}".utf8), Array("{}".utf8)]
            return [Array(harness.codec.signer.signature(parts).utf8)] + parts
        }()
        harness.kernel.receive(frames, on: .shell)
        let reply = try #require(harness.nextMessage(on: .shell))
        #expect(reply.parentHeader == header)
        #expect(harness.iopubUntilIdle("m-7").allSatisfy { $0.parentHeader == header })
    }

    @Test func logLinesEscapeAndShortenClientStrings() {
        #expect(Kernel.loggable("a\nb\u{1B}[31m") == "a\\nb\\u{1B}[31m")
        #expect(Kernel.loggable(String(repeating: "x", count: 500)) == String(repeating: "x", count: 100) + "…")
    }

    @Test func stopOnErrorFalseKeepsTheQueue() throws {
        let harness = try KernelHarness()
        harness.send("execute_request", .object([("code", .string("sleep:30\nerror:E")), ("stop_on_error", .bool(false))]))
        harness.send("execute_request", .object([("code", .string("result:runs"))]))
        let first = try #require(harness.nextMessage(on: .shell))
        let second = try #require(harness.nextMessage(on: .shell))
        #expect(first.content["status"]?.string == "error")
        #expect(second.content["status"]?.string == "ok" && second.content["execution_count"] == .integer(2))
    }

    @Test func userExpressionsAreEvaluatedAfterTheCell() throws {
        let harness = try KernelHarness()
        let (reply, _) = try harness.execute(
            "result:x", [("user_expressions", .object([("a", .string("abc")), ("b", .string("bad")), ("c", .integer(3))]))])
        let expressions = try #require(reply.content["user_expressions"])
        #expect(expressions["a"] == .object([("status", .string("ok")), ("data", .object([("text/plain", .string("ABC"))])), ("metadata", .object([]))]))
        #expect(expressions["b"]?["status"]?.string == "error" && expressions["b"]?["ename"]?.string == "NameError")
        #expect(expressions["c"]?["status"]?.string == "error" && expressions["c"]?["ename"]?.string == "ProtocolError")
    }

    @Test func manyPrintsAreBatchedIntoFewStreamMessages() throws {
        let harness = try KernelHarness()
        let (_, messages) = try harness.execute("prints:100000")
        let streams = messages.filter { $0.type == "stream" }
        let text = streams.compactMap { $0.content["text"]?.string }.joined()
        #expect(text == (0..<100_000).map { "\($0)\n" }.joined())
        #expect(streams.count <= 10, "100,000 prints became \(streams.count) stream messages")
    }

    @Test func streamOutputOfALongCellArrivesWhileItRuns() throws {
        let harness = try KernelHarness()
        let id = harness.send("execute_request", .object([("code", .string("print:early\nsleep:400"))]))
        // The cell sleeps 400 ms after printing; the flusher sends the text within ~100 ms.
        var seen: [String] = []
        let start = KernelThread.monotonicNanoseconds()
        while let message = harness.nextMessage(on: .iopub, timeoutMilliseconds: 1000) {
            seen.append(message.type)
            if message.type == "stream" { break }
        }
        let elapsed = Double(KernelThread.monotonicNanoseconds() - start) / 1e6
        #expect(seen == ["status", "execute_input", "stream"])
        #expect(elapsed < 250, "the stream came after \(elapsed) ms")
        #expect(harness.nextMessage(on: .shell)?.parentHeader["msg_id"]?.string == id)
    }

    @Test func displaysUpdatesAndClearsAreOrderedWithStreams() throws {
        let harness = try KernelHarness()
        let (_, messages) = try harness.execute("print:a\ndisplay:one\nupdate:two\nclear\nprint:b")
        #expect(KernelHarness.summary(messages) == ["status:busy", "execute_input", "stream:stdout", "display_data", "update_display_data", "clear_output", "stream:stdout", "status:idle"])
        #expect(messages[3].content["transient"] == .object([("display_id", .string("d1"))]))
        #expect(messages[4].content["data"]?["text/plain"]?.string == "two")
        #expect(messages[5].content["wait"] == .bool(false))
    }

    @Test func inputRequestGoesToTheClientOnStdinAndItsReplyIsReturned() throws {
        let harness = try KernelHarness()
        let id = harness.send("execute_request", .object([("code", .string("print:before\ninput:Name? ")), ("allow_stdin", .bool(true))]))
        let request = try #require(harness.nextMessage(on: .stdin))
        #expect(request.type == "input_request")
        #expect(request.content == .object([("prompt", .string("Name? ")), ("password", .bool(false))]))
        #expect(request.parentHeader["msg_id"]?.string == id && request.identities == [Array("client-1".utf8)])
        // A reply to some other request is stale and ignored; the one to this request counts.
        harness.send("input_reply", .object([("value", .string("Eve"))]), on: .stdin)
        harness.send("input_reply", .object([("value", .string("Ada"))]), on: .stdin, parent: request)
        let reply = try #require(harness.nextMessage(on: .shell))
        #expect(reply.content["status"]?.string == "ok")
        let iopub = harness.iopubUntilIdle(id)
        // The stream before input() was sent before the prompt.
        #expect(KernelHarness.summary(iopub) == ["status:busy", "execute_input", "stream:stdout", "execute_result", "status:idle"])
        #expect(iopub[3].content["data"]?["text/plain"]?.string == "got Ada")
    }

    @Test func inputWithoutAllowStdinIsUnavailableAndAnInterruptEndsAWait() throws {
        let harness = try KernelHarness()
        let (reply, _) = try harness.execute("input:x")
        #expect(reply.content["ename"]?.string == "RuntimeError")
        #expect(harness.transport.count(on: .stdin) == 0)
        harness.send("execute_request", .object([("code", .string("input:y")), ("allow_stdin", .bool(true))]))
        _ = try #require(harness.nextMessage(on: .stdin))
        harness.send("interrupt_request", on: .control)
        let interruptReply = try #require(harness.nextMessage(on: .control))
        #expect(interruptReply.type == "interrupt_reply" && interruptReply.content["status"]?.string == "ok")
        let executeReply = try #require(harness.nextMessage(on: .shell))
        #expect(executeReply.content["ename"]?.string == "Interrupted")
    }

    @Test func interruptOnControlStopsARunningCellWhileShellStillAnswers() throws {
        let harness = try KernelHarness()
        let id = harness.send("execute_request", .object([("code", .string("spin"))]))
        // Wait until the cell runs (an interrupt while idle is ignored by design).
        while let message = harness.nextMessage(on: .iopub), message.type != "execute_input" {}
        // kernel_info is answered on shell while the cell runs.
        let start = KernelThread.monotonicNanoseconds()
        harness.send("kernel_info_request")
        let info = try #require(harness.nextMessage(on: .shell))
        #expect(info.type == "kernel_info_reply")
        #expect(Double(KernelThread.monotonicNanoseconds() - start) / 1e6 < 100)
        harness.send("interrupt_request", on: .control)
        #expect(harness.nextMessage(on: .control)?.type == "interrupt_reply")
        let reply = try #require(harness.nextMessage(on: .shell, timeoutMilliseconds: 1000))
        #expect(reply.parentHeader["msg_id"]?.string == id && reply.content["ename"]?.string == "Interrupted")
    }

    @Test func anInterruptWhileIdleIsDroppedAndOneBeforeTheCellStartsIsKept() throws {
        let harness = try KernelHarness()
        harness.send("interrupt_request", on: .control)
        #expect(harness.nextMessage(on: .control)?.type == "interrupt_reply")
        let forwarded = harness.interpreter.interrupted.load(ordering: .relaxed)
        #expect(!forwarded)
        let (ok, _) = try harness.execute("result:fine")
        #expect(ok.content["status"]?.string == "ok")
        // A spinning cell queued behind a slow one (which ignores interrupts): the first interrupt
        // goes to the slow cell, so the spinning one starts clean and needs its own.
        harness.send("execute_request", .object([("code", .string("sleep:100")), ("stop_on_error", .bool(false))]))
        harness.send("execute_request", .object([("code", .string("spin"))]))
        harness.send("interrupt_request", on: .control)
        _ = harness.nextMessage(on: .control)
        #expect(harness.nextMessage(on: .shell)?.content["status"]?.string == "ok")
        #expect(harness.nextMessage(on: .shell, timeoutMilliseconds: 300) == nil)
        harness.send("interrupt_request", on: .control)
        #expect(harness.nextMessage(on: .shell)?.content["ename"]?.string == "Interrupted")
    }

    @Test func completeAndInspectCountCodePointsAndClampTheCursor() throws {
        let harness = try KernelHarness()
        harness.send("complete_request", .object([("code", .string("é😀al")), ("cursor_pos", .integer(99))]))
        let complete = try #require(harness.nextMessage(on: .shell))
        #expect(complete.content["matches"] == .array([.string("alpha"), .string("alphabet")]))
        #expect(complete.content["cursor_start"] == .integer(2) && complete.content["cursor_end"] == .integer(4))
        #expect(complete.content["metadata"]?["_jupyter_types_experimental"]?.array?.count == 2)
        harness.send("inspect_request", .object([("code", .string("net")), ("cursor_pos", .integer(2)), ("detail_level", .integer(1))]))
        let inspect = try #require(harness.nextMessage(on: .shell))
        #expect(inspect.content["found"] == .bool(true))
        #expect(inspect.content["data"]?["text/plain"]?.string == "doc of net at 2 level 1")
        harness.send("inspect_request", .object([("code", .string("")), ("cursor_pos", .integer(0))]))
        let notFound = try #require(harness.nextMessage(on: .shell))
        #expect(notFound.content["found"] == .bool(false) && notFound.content["data"] == .object([]))
    }

    @Test func isCompleteReportsStatusAndIndent() throws {
        let harness = try KernelHarness()
        let cases: [(String, JSONValue)] = [
            ("a", .object([("status", .string("complete"))])),
            ("f {", .object([("status", .string("incomplete")), ("indent", .string("    "))])),
            ("!x", .object([("status", .string("invalid"))])),
        ]
        for (code, expected) in cases {
            harness.send("is_complete_request", .object([("code", .string(code))]))
            #expect(harness.nextMessage(on: .shell)?.content == expected)
        }
    }

    @Test func historyTailRangeAndSearch() throws {
        let harness = try KernelHarness()
        for code in ["result:one", "result:two", "result:one", "print:three"] { _ = try harness.execute(code) }
        func history(_ content: [(String, JSONValue)]) throws -> [JSONValue] {
            harness.send("history_request", .object(content))
            return try #require(harness.nextMessage(on: .shell)?.content["history"]?.array)
        }
        #expect(try history([("hist_access_type", .string("tail")), ("n", .integer(2))]).map { $0.array?[1] } == [.integer(3), .integer(4)])
        #expect(try history([("hist_access_type", .string("range")), ("session", .integer(0)), ("start", .integer(2)), ("stop", .integer(4))]).map { $0.array?[1] } == [.integer(2), .integer(3)])
        #expect(try history([("hist_access_type", .string("search")), ("pattern", .string("result:*"))]).count == 3)
        #expect(try history([("hist_access_type", .string("search")), ("pattern", .string("result:?ne")), ("unique", .bool(true))]).map { $0.array?[1] } == [.integer(3)])
        #expect(try history([("hist_access_type", .string("tail")), ("n", .integer(1)), ("output", .bool(true))]) == [.array([.integer(1), .integer(4), .array([.string("print:three"), .null])])])
        #expect(try history([("hist_access_type", .string("range")), ("session", .integer(7)), ("start", .integer(1))]).isEmpty)
        var budget = 1000
        #expect(History.matches(Array("abcabc".unicodeScalars), Array("*c?b*".unicodeScalars), budget: &budget))
        #expect(!History.matches(Array("abc".unicodeScalars), Array("a?".unicodeScalars), budget: &budget))
        // A pathological pattern over a long cell stops at the budget instead of stalling shell.
        let history = History()
        history.append(line: 1, input: String(repeating: "a", count: 20_000))
        let start = KernelThread.monotonicNanoseconds()
        #expect(history.search(pattern: String(repeating: "*a", count: 2000) + "b", n: nil, unique: false).isEmpty)
        #expect(Double(KernelThread.monotonicNanoseconds() - start) / 1e6 < 2000)
    }

    @Test func commsAreClosedAndCommInfoIsEmpty() throws {
        let harness = try KernelHarness()
        harness.send("comm_info_request")
        #expect(harness.nextMessage(on: .shell)?.content == .object([("status", .string("ok")), ("comms", .object([]))]))
        let id = harness.send("comm_open", .object([("comm_id", .string("c-1")), ("target_name", .string("jupyter.widget")), ("data", .object([]))]))
        let iopub = harness.iopubUntilIdle("request-1") + harness.iopubUntilIdle(id)
        #expect(KernelHarness.summary(iopub) == ["status:busy", "status:idle", "status:busy", "comm_close", "status:idle"])
        #expect(iopub[3].content == .object([("comm_id", .string("c-1")), ("data", .object([]))]))
    }

    @Test func shutdownRepliesThenCallsBack() throws {
        let harness = try KernelHarness()
        let id = harness.send("shutdown_request", .object([("restart", .bool(true))]), on: .control)
        let reply = try #require(harness.nextMessage(on: .control))
        #expect(reply.type == "shutdown_reply" && reply.content == .object([("status", .string("ok")), ("restart", .bool(true))]))
        #expect(KernelHarness.summary(harness.iopubUntilIdle(id)) == ["status:busy", "status:idle"])
        #expect(harness.shutdowns.withLock { $0 } == [true])
    }

    @Test func badlySignedAndMalformedMessagesAreDroppedWithALogLine() throws {
        let harness = try KernelHarness()
        var (_, tampered) = harness.frames("execute_request", .object([("code", .string("result:x"))]))
        tampered[tampered.count - 1] = Array(#"{"code":"result:evil"}"#.utf8)
        var unsigned = harness.frames("execute_request", .object([("code", .string("result:x"))])).frames
        unsigned[2] = []
        let wrongKey = WireCodec(key: "other").encode(Message(
            header: Header(messageID: "m", session: "s", username: "u", date: "", messageType: "execute_request"),
            content: .object([("code", .string("result:x"))])))
        let garbage: [[[UInt8]]] = [
            [], [Array("<IDS|MSG>".utf8)], [Array("no delimiter".utf8)],
            [WireCodec.delimiter, [], Array("{".utf8), Array("{}".utf8), Array("{}".utf8), Array("{}".utf8)],
        ]
        for frames in [tampered, unsigned, wrongKey] + garbage { harness.kernel.receive(frames, on: .shell) }
        #expect(harness.transport.count(on: .shell) == 0)
        #expect(harness.interpreter.executed.withLock { $0 }.isEmpty)
        let lines = harness.logLines.withLock { $0 }
        #expect(lines.count == 7)
        #expect(lines[0] == "dropped a message on shell: invalid signature")
        #expect(lines[1] == "dropped a message on shell: unsigned message (the connection has a key)")
        // Still answering.
        harness.send("kernel_info_request")
        #expect(harness.nextMessage(on: .shell)?.type == "kernel_info_reply")
    }

    @Test func unknownMessageTypesAreLoggedAndIgnored() throws {
        let harness = try KernelHarness()
        harness.send("frobnicate_request")
        harness.send("debug_request", on: .control)
        #expect(harness.transport.count(on: .shell) == 0 && harness.transport.count(on: .control) == 0)
        #expect(harness.logLines.withLock { $0 } == [
            "ignored a message of unknown type 'frobnicate_request' on shell",
            "ignored a message of unknown type 'debug_request' on control",
        ])
    }

    @Test func subscriptionsAreWelcomed() throws {
        let harness = try KernelHarness()
        harness.kernel.subscribed(to: [])
        let frames = try #require(harness.transport.next(on: .iopub))
        #expect(frames[0] == [])
        let welcome = try harness.codec.decode(frames)
        #expect(welcome.type == "iopub_welcome" && welcome.content == .object([("subscription", .string(""))]))
        #expect(welcome.parentHeader == .object([]))
    }

    @Test func malformedContentFieldsGetErrorsNotCrashes() throws {
        let harness = try KernelHarness()
        let id = harness.send("execute_request", .object([("code", .integer(5))]))
        let reply = try #require(harness.nextMessage(on: .shell))
        #expect(reply.content["status"]?.string == "error" && reply.content["ename"]?.string == "ProtocolError")
        #expect(KernelHarness.summary(harness.iopubUntilIdle(id)) == ["status:busy", "status:idle"])
        harness.send("complete_request", .object([("code", .array([])), ("cursor_pos", .string("x"))]))
        #expect(harness.nextMessage(on: .shell)?.content["cursor_end"] == .integer(0))
        harness.send("history_request", .object([("hist_access_type", .integer(3)), ("n", .number(-5))]))
        #expect(harness.nextMessage(on: .shell)?.content["history"] == .array([]))
    }
}
