import JSON
import Testing

@testable import JupyterKernel

@Suite struct WireCodecTests {
    @Test func encodeSignsTheFourJSONFramesAndDecodeRoundTrips() throws {
        let codec = WireCodec(key: "k")
        let header = Header(messageID: "id-1", session: "s", username: "u", date: "2026-01-01T00:00:00.000000Z", messageType: "kernel_info_request")
        let message = Message(identities: [[1, 2], Array("peer".utf8)], header: header, content: .object([("n", .integer(3))]), buffers: [[9, 9]])
        let frames = codec.encode(message)
        #expect(frames.count == 2 + 1 + 1 + 4 + 1)
        #expect(frames[2] == WireCodec.delimiter)
        #expect(frames[3] == Array(MessageSigner(key: "k").signature(Array(frames[4..<8])).utf8))
        #expect(String(decoding: frames[4], as: UTF8.self) == #"{"msg_id":"id-1","session":"s","username":"u","date":"2026-01-01T00:00:00.000000Z","msg_type":"kernel_info_request","version":"5.5"}"#)
        #expect(frames[7] == Array(#"{"n":3}"#.utf8))
        let decoded = try codec.decode(frames)
        #expect(decoded.identities == message.identities && decoded.header == header && decoded.content == message.content)
        #expect(decoded.buffers == [[9, 9]] && decoded.parentHeader == .object([]))
    }

    @Test func unsignedCodecAcceptsAnySignature() throws {
        let codec = WireCodec(key: "")
        var frames = codec.encode(Message(header: Header(messageID: "a", session: "", username: "", date: "", messageType: "t"), content: .object([])))
        #expect(frames[1] == [])
        frames[1] = Array("whatever".utf8)
        #expect(try codec.decode(frames).type == "t")
    }

    @Test func decodeNamesWhatIsWrong() {
        let codec = WireCodec(key: "")
        func error(_ frames: [[UInt8]]) -> String? {
            do {
                _ = try codec.decode(frames)
                return nil
            } catch {
                return error.message
            }
        }
        let d = WireCodec.delimiter
        let ok = Array("{}".utf8)
        #expect(error([]) == "no <IDS|MSG> delimiter among 0 frames")
        #expect(error([d, [], ok]) == "only 2 frames after <IDS|MSG>; a message needs 5 (signature, header, parent header, metadata, content)")
        #expect(error([d, [], Array("[1]".utf8), ok, ok, ok]) == "the header frame is not a JSON object")
        #expect(error([d, [], ok, ok, ok, Array("{\"a\":".utf8)])?.hasPrefix("the content frame is not valid JSON: line 1, column 6") == true)
        #expect(error([d, [], ok, ok, ok, ok]) == "the header has no string msg_id and msg_type")
        #expect(error([d, [], Array(#"{"msg_id":"x","msg_type":"t"}"#.utf8), ok, ok, [0xFF, 0xFE]]) != nil)
    }

    @Test func compactJSONNeverFails() {
        #expect(JSONValue.array([.number(.nan), .number(-.infinity), .number(0.5), .integer(2), .string("a\"\\\n\u{1}é")]).compactUTF8() == Array(#"[null,null,0.5,2,"a\"\\\n\u0001é"]"#.utf8))
        var deep = JSONValue.integer(1)
        for _ in 0..<600 { deep = .array([deep]) }
        let text = String(decoding: deep.compactUTF8(), as: UTF8.self)
        #expect(text.hasPrefix(String(repeating: "[", count: 512) + "null"))
    }

    @Test func connectionFilesAreReadWithTheirEndpoints() throws {
        let json = try JSONValue.parse(#"{"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005, "ip": "::1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "backprop"}"#)
        let info = try ConnectionInfo(json: json)
        #expect(info.endpoint(.shell) == "tcp://[::1]:5001" && info.endpoint(.heartbeat) == "tcp://[::1]:5005" && info.isIPv6)
        var ipc = info
        ipc.transport = "ipc"
        ipc.ip = "/tmp/kernel"
        #expect(ipc.endpoint(.iopub) == "ipc:///tmp/kernel-5002" && !ipc.isIPv6)
        #expect(throws: KernelError("the connection file needs \"hb_port\": a port number from 0 to 65535")) {
            try ConnectionInfo(json: JSONValue.parse(#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "ip": "127.0.0.1"}"#))
        }
        #expect(throws: KernelError("unsupported signature scheme \"hmac-md5\" (only hmac-sha256)")) {
            try ConnectionInfo(json: JSONValue.parse(#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "127.0.0.1", "key": "k", "signature_scheme": "hmac-md5"}"#))
        }
        #expect(throws: KernelError("cannot open the connection file '/nonexistent/x.json': No such file or directory")) {
            try ConnectionInfo.load(path: "/nonexistent/x.json")
        }
    }
}
