#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON

/// A message header: who sent what, when (messaging spec, "Message Header").
public struct Header: Sendable, Equatable {
    /// `msg_id`, unique per message.
    public var messageID: String
    /// `session`, unique per kernel process (or client).
    public var session: String
    /// `username`.
    public var username: String
    /// `date`, ISO 8601 in UTC with microseconds.
    public var date: String
    /// `msg_type`, e.g. "execute_request".
    public var messageType: String
    /// `version`, the protocol version ("5.5").
    public var version: String

    /// The protocol version this kernel speaks.
    public static let protocolVersion = "5.5"

    /// Creates a header from its fields.
    public init(messageID: String, session: String, username: String, date: String, messageType: String, version: String = Header.protocolVersion) {
        self.messageID = messageID
        self.session = session
        self.username = username
        self.date = date
        self.messageType = messageType
        self.version = version
    }

    /// Reads a header frame's JSON; nil unless it is an object with string `msg_id` and `msg_type`.
    ///
    /// Missing optional fields are tolerated (old clients leave out `date` or `version`).
    public init?(json: JSONValue) {
        guard let messageID = json["msg_id"]?.string, let messageType = json["msg_type"]?.string else { return nil }
        self.messageID = messageID
        self.messageType = messageType
        session = json["session"]?.string ?? ""
        username = json["username"]?.string ?? ""
        date = json["date"]?.string ?? ""
        version = json["version"]?.string ?? ""
    }

    /// The header as JSON, with the spec's field names.
    public var json: JSONValue {
        .object([
            ("msg_id", .string(messageID)), ("session", .string(session)), ("username", .string(username)),
            ("date", .string(date)), ("msg_type", .string(messageType)), ("version", .string(version)),
        ])
    }

    /// The current time as ISO 8601 UTC with microseconds, e.g. "2026-11-24T17:30:05.123456Z".
    public static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))."
            + "\(pad(Int(spec.tv_nsec) / 1000, 6))Z"
    }

    /// A new random identifier in UUID 4 form, for sessions.
    public static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        // Version 4, variant 10.
        let a = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let b = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        return "\(hex(a >> 32, 8))-\(hex((a >> 16) & 0xFFFF, 4))-\(hex(a & 0xFFFF, 4))-\(hex(b >> 48, 4))-\(hex(b & 0xFFFF_FFFF_FFFF, 12))"
    }
}
