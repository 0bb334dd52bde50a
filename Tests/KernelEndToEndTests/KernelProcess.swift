import Foundation
import JSON
import JupyterKernel
import TestSupport
import Testing
import ZeroMQTransport

/// The real `backprop-kernel` binary started as a kernel, with a connection file of free ports.
final class KernelProcess {
    let process = Process()
    let connection: ConnectionInfo
    let connectionFile: URL
    let stderrFile: URL

    /// The binary under test.
    static let binary = KernelBinary.url

    /// Ports the system says are free now (bound to port 0, then released).
    static func freePorts(_ count: Int) throws -> [Int] {
        var sockets: [ZeroMQSocket] = []
        var ports: [Int] = []
        for _ in 0..<count {
            let socket = try ZeroMQSocket(kind: .router, lingerMilliseconds: 0)
            let endpoint = try socket.bind("tcp://127.0.0.1:*")
            ports.append(Int(endpoint.split(separator: ":").last.map(String.init) ?? "") ?? 0)
            sockets.append(socket)
        }
        for socket in sockets { socket.close() }
        return ports
    }

    /// Writes a connection file and starts the kernel on it.
    init(key: String = "e2e-key-\(UInt64.random(in: 0...UInt64.max))", transport: String = "tcp", reuse: ConnectionInfo? = nil) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let reuse {
            connection = reuse
        } else {
            let ports = try Self.freePorts(5)
            connection = ConnectionInfo(
                transport: transport, ip: transport == "ipc" ? directory.appendingPathComponent("k").path : "127.0.0.1",
                shellPort: ports[0], iopubPort: ports[1], stdinPort: ports[2], controlPort: ports[3], heartbeatPort: ports[4], key: key)
        }
        connectionFile = directory.appendingPathComponent("connection.json")
        let json = JSONValue.object([
            ("shell_port", .integer(connection.shellPort)), ("iopub_port", .integer(connection.iopubPort)),
            ("stdin_port", .integer(connection.stdinPort)), ("control_port", .integer(connection.controlPort)),
            ("hb_port", .integer(connection.heartbeatPort)), ("ip", .string(connection.ip)), ("key", .string(connection.key)),
            ("transport", .string(connection.transport)), ("signature_scheme", .string("hmac-sha256")),
            ("kernel_name", .string("backprop")),
        ])
        try Data(json.compactUTF8()).write(to: connectionFile)
        stderrFile = directory.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.executableURL = Self.binary
        process.arguments = ["--connection-file", connectionFile.path]
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// What the kernel wrote to stderr so far.
    var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

    /// Waits up to `seconds` for the process to exit; its status, or nil if still running.
    func waitForExit(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning {
            process.terminate()
            _ = waitForExit(seconds: 2)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }
}

/// A frontend: the five sockets, signing with the kernel's key.
final class KernelClient {
    let shell: ZeroMQSocket
    let control: ZeroMQSocket
    let stdin: ZeroMQSocket
    let iopub: ZeroMQSocket
    let heartbeat: ZeroMQSocket
    let codec: WireCodec
    let session = UUID().uuidString
    private var counter = 0

    init(_ connection: ConnectionInfo, key: String? = nil, connectStdin: Bool = true) throws {
        codec = WireCodec(key: key ?? connection.key)
        let identity = Array(session.utf8)
        shell = try ZeroMQSocket(kind: .dealer, lingerMilliseconds: 0)
        control = try ZeroMQSocket(kind: .dealer, lingerMilliseconds: 0)
        stdin = try ZeroMQSocket(kind: .dealer, lingerMilliseconds: 0)
        iopub = try ZeroMQSocket(kind: .sub, lingerMilliseconds: 0)
        heartbeat = try ZeroMQSocket(kind: .req, lingerMilliseconds: 0)
        for socket in [shell, control, stdin] {
            try socket.setIdentity(identity)
            try socket.setHighWaterMark(0)
        }
        try iopub.setHighWaterMark(0)
        try shell.connect(connection.endpoint(.shell))
        try control.connect(connection.endpoint(.control))
        if connectStdin { try stdin.connect(connection.endpoint(.stdin)) }
        try iopub.connect(connection.endpoint(.iopub))
        try iopub.subscribe()
        try heartbeat.connect(connection.endpoint(.heartbeat))
    }

    func socket(_ channel: Channel) -> ZeroMQSocket {
        switch channel {
        case .shell: shell
        case .control: control
        case .stdin: stdin
        case .iopub: iopub
        case .heartbeat: heartbeat
        }
    }

    /// Signed frames of a request (without the DEALER's identity, which ZeroMQ adds).
    func frames(_ type: String, _ content: JSONValue = .object([]), parent: Message? = nil) -> (id: String, frames: [[UInt8]]) {
        counter += 1
        let id = "\(session)-\(counter)"
        let header = Header(messageID: id, session: session, username: "e2e", date: Header.now(), messageType: type)
        return (id, codec.encode(Message(header: header, parentHeader: parent?.header.json ?? .object([]), content: content)))
    }

    @discardableResult
    func send(_ type: String, _ content: JSONValue = .object([]), on channel: Channel = .shell, parent: Message? = nil) throws -> String {
        let (id, frames) = frames(type, content, parent: parent)
        try socket(channel).send(frames)
        return id
    }

    func receive(on channel: Channel, timeoutMilliseconds: Int = 10_000) throws -> Message? {
        guard let frames = try socket(channel).receive(timeoutMilliseconds: timeoutMilliseconds) else { return nil }
        return try codec.decode(frames)
    }

    /// Waits until the kernel answers kernel_info (it may still be starting) and iopub delivers.
    ///
    /// One request at a time: the DEALER queues it until the kernel has bound, so resending in
    /// a loop would only flood a kernel that is slow to start (a loaded CI machine).
    func waitUntilReady(timeoutSeconds: Double = 60) throws {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var id = try send("kernel_info_request")
        while Date() < deadline {
            guard let reply = try receive(on: .shell, timeoutMilliseconds: 500),
                reply.parentHeader["msg_id"]?.string == id
            else { continue }
            // Its status messages are on iopub unless the subscription was not live yet.
            while let message = try receive(on: .iopub, timeoutMilliseconds: 300) {
                if message.type == "status", message.parentHeader["msg_id"]?.string == id { return }
            }
            id = try send("kernel_info_request")
        }
        Issue.record("the kernel did not answer kernel_info within \(timeoutSeconds) s")
    }

    /// Messages on iopub until the idle status of request `id`.
    func iopubUntilIdle(_ id: String, timeoutMilliseconds: Int = 10_000) throws -> [Message] {
        var messages: [Message] = []
        while let message = try receive(on: .iopub, timeoutMilliseconds: timeoutMilliseconds) {
            guard message.parentHeader["msg_id"]?.string == id else { continue }
            messages.append(message)
            if message.type == "status", message.content["execution_state"]?.string == "idle" { break }
        }
        return messages
    }

    /// Runs code: the reply and its iopub messages.
    func execute(_ code: String, _ extra: [(String, JSONValue)] = []) throws -> (reply: Message, iopub: [Message]) {
        let id = try send("execute_request", .object([("code", .string(code)), ("silent", .bool(false))] + extra))
        let reply = try #require(try receive(on: .shell))
        #expect(reply.parentHeader["msg_id"]?.string == id)
        return (reply, try iopubUntilIdle(id))
    }

    /// The text/plain result of running code (nil if none).
    func result(_ code: String) throws -> String? {
        try execute(code).iopub.first { $0.type == "execute_result" }?.content["data"]?["text/plain"]?.string
    }
}

/// Seconds since `start`.
func secondsSince(_ start: Date) -> Double { Date().timeIntervalSince(start) }
