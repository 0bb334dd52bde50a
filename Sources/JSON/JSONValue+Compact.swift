extension JSONValue {
    /// The value as compact JSON in UTF-8 (no spaces), for the wire; it cannot fail.
    ///
    /// Unlike ``serialized(indent:)``, which refuses what JSON cannot hold, this writes a NaN or
    /// infinite number as `null` and anything nested deeper than ``maximumDepth`` as `null`, so a
    /// reply is always sent. Integers are written without a fraction; strings escape as there.
    public func compactUTF8() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        CompactWriter.write(self, depth: 0, into: &output)
        return output
    }
}

/// Writes compact JSON bytes for ``JSONValue/compactUTF8()``.
private enum CompactWriter {
    static func write(_ value: JSONValue, depth: Int, into output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number):
            if number.isFinite {
                output.append(contentsOf: number.description.utf8)
            } else {
                output.append(contentsOf: "null".utf8)
            }
        case .integer(let number): output.append(contentsOf: String(number).utf8)
        case .string(let text): writeString(text, into: &output)
        case .array(let elements):
            guard depth < JSONValue.maximumDepth else {
                output.append(contentsOf: "null".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(element, depth: depth + 1, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard depth < JSONValue.maximumDepth else {
                output.append(contentsOf: "null".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(member.0, into: &output)
                output.append(UInt8(ascii: ":"))
                write(member.1, depth: depth + 1, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes a quoted string, escaping `"`, `\` and control characters; other UTF-8 is copied.
    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\n"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case UInt8(ascii: "\t"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0..<0x20:
                    output.append(contentsOf: Array("\\u00".utf8))
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0xF)])
                default: output.append(byte)
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
