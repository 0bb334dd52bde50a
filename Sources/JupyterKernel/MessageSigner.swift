import CCrypto

/// Signs and verifies Jupyter messages with HMAC-SHA256 over the connection file's key.
///
/// The signature is the lowercase hex digest of the header, parent header,
/// metadata and content frames, exactly as sent, in that order (Jupyter
/// messaging spec, "The Wire Protocol"). An empty key means messages are
/// not signed: signatures are empty and every message is accepted.
public struct MessageSigner: Sendable {
    private let key: [UInt8]

    /// A signer for the connection file's `key` (with `signature_scheme` "hmac-sha256").
    public init(key: String) {
        self.init(keyBytes: Array(key.utf8))
    }

    /// A signer for a key given as bytes.
    init(keyBytes: [UInt8]) {
        self.key = keyBytes
    }

    /// Whether messages are signed (the key is not empty).
    public var isSigning: Bool { !key.isEmpty }

    /// The hex HMAC-SHA256 of the frames, or "" when not signing.
    public func signature(_ frames: [[UInt8]]) -> String {
        guard isSigning, let digest = digest(frames) else { return "" }
        return Self.hex(digest)
    }

    /// Whether `signature` is the right one for the frames, compared in constant time so a
    /// forger learns nothing from timing; always true when not signing.
    public func verify(_ signature: [UInt8], _ frames: [[UInt8]]) -> Bool {
        guard isSigning else { return true }
        guard let digest = digest(frames) else { return false }
        let expected = Array(Self.hex(digest).utf8)
        guard signature.count == expected.count else { return false }
        return CRYPTO_memcmp(signature, expected, expected.count) == 0
    }

    /// The raw 32-byte HMAC-SHA256 of the frames joined, or nil if OpenSSL fails.
    private func digest(_ frames: [[UInt8]]) -> [UInt8]? {
        guard let keyLength = Int32(exactly: key.count) else { return nil }
        var data: [UInt8] = []
        data.reserveCapacity(frames.reduce(0) { $0 + $1.count })
        for frame in frames { data.append(contentsOf: frame) }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let done = HMAC(EVP_sha256(), key, keyLength, data, data.count, &output, &length)
        guard done != nil, length == 32 else { return nil }
        return Array(output.prefix(32))
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
