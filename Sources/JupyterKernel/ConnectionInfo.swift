#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON

/// The connection file a launcher writes for the kernel: where to bind, and the signing key.
///
/// Every launcher (jupyter_client, provisioners, VS Code) writes the same fields; the kernel
/// binds exactly the addresses it names, on any ip, over tcp or ipc.
public struct ConnectionInfo: Sendable, Equatable {
    /// `tcp` or `ipc`.
    public var transport: String
    /// The address to bind: an IPv4 or IPv6 address or host name for tcp, a path prefix for ipc.
    public var ip: String
    /// The shell channel's port.
    public var shellPort: Int
    /// The iopub channel's port.
    public var iopubPort: Int
    /// The stdin channel's port.
    public var stdinPort: Int
    /// The control channel's port.
    public var controlPort: Int
    /// The heartbeat's port.
    public var heartbeatPort: Int
    /// The HMAC key; empty means messages are not signed.
    public var key: String
    /// The signature scheme; only `hmac-sha256` is supported.
    public var signatureScheme: String

    /// Creates connection info from its fields.
    public init(
        transport: String = "tcp", ip: String = "127.0.0.1", shellPort: Int, iopubPort: Int, stdinPort: Int,
        controlPort: Int, heartbeatPort: Int, key: String, signatureScheme: String = "hmac-sha256"
    ) {
        self.transport = transport
        self.ip = ip
        self.shellPort = shellPort
        self.iopubPort = iopubPort
        self.stdinPort = stdinPort
        self.controlPort = controlPort
        self.heartbeatPort = heartbeatPort
        self.key = key
        self.signatureScheme = signatureScheme
    }

    /// Reads a connection file's JSON.
    ///
    /// - Throws: ``KernelError`` naming the first missing or ill-typed field, an unknown
    ///   transport, or a signature scheme other than hmac-sha256.
    public init(json: JSONValue) throws {
        guard case .object = json else { throw KernelError("the connection file must hold a JSON object") }
        func port(_ name: String) throws -> Int {
            guard let value = json[name]?.int, (0...65535).contains(value) else {
                throw KernelError("the connection file needs \"\(name)\": a port number from 0 to 65535")
            }
            return value
        }
        transport = json["transport"]?.string ?? "tcp"
        guard transport == "tcp" || transport == "ipc" else {
            throw KernelError("unsupported transport \"\(transport)\" in the connection file (tcp or ipc)")
        }
        guard let ip = json["ip"]?.string, !ip.isEmpty else {
            throw KernelError("the connection file needs \"ip\": the address to bind")
        }
        self.ip = ip
        shellPort = try port("shell_port")
        iopubPort = try port("iopub_port")
        stdinPort = try port("stdin_port")
        controlPort = try port("control_port")
        heartbeatPort = try port("hb_port")
        key = json["key"]?.string ?? ""
        signatureScheme = json["signature_scheme"]?.string ?? "hmac-sha256"
        // An empty key means no signing, whatever the scheme says.
        guard key.isEmpty || signatureScheme == "hmac-sha256" else {
            throw KernelError("unsupported signature scheme \"\(signatureScheme)\" (only hmac-sha256)")
        }
    }

    /// Reads and parses the connection file at `path`.
    ///
    /// - Throws: ``KernelError`` when the file cannot be read or is not a valid connection file.
    public static func load(path: String) throws -> ConnectionInfo {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw KernelError("cannot open the connection file '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 14)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw KernelError("cannot read the connection file '\(path)': \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            // A connection file is a few hundred bytes; refuse anything absurd instead of reading it all.
            guard bytes.count <= 1 << 20 else { throw KernelError("the connection file '\(path)' is larger than 1 MiB") }
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(utf8: bytes)
        } catch let error as JSONError {
            throw KernelError("the connection file '\(path)' is not valid JSON: \(error.message)")
        }
        return try ConnectionInfo(json: json)
    }

    /// The ZeroMQ endpoint to bind for a channel: `tcp://IP:PORT` (IPv6 in brackets) or `ipc://IP-PORT`,
    /// as jupyter_client spells them.
    public func endpoint(_ channel: Channel) -> String {
        let port = self.port(channel)
        if transport == "ipc" { return "ipc://\(ip)-\(port)" }
        let host = ip.contains(":") && !ip.hasPrefix("[") ? "[\(ip)]" : ip
        return "tcp://\(host):\(port)"
    }

    /// Whether the address is IPv6 (ZeroMQ must be told before binding).
    public var isIPv6: Bool { transport == "tcp" && ip.contains(":") }

    /// The port of a channel.
    public func port(_ channel: Channel) -> Int {
        switch channel {
        case .shell: shellPort
        case .control: controlPort
        case .stdin: stdinPort
        case .iopub: iopubPort
        case .heartbeat: heartbeatPort
        }
    }
}
