import CCrypto

/// Signs and verifies Jupyter messages with HMAC-SHA256 over the connection file's key.
///
/// The signature is the lowercase hex digest of the header, parent header,
/// metadata and content frames, exactly as sent, in that order (Jupyter
/// messaging spec, "The Wire Protocol"). An empty key means messages are
/// not signed: signatures are empty and every message is accepted.
public struct MessageSigner: Sendable {
    private let key: [UInt8]
    /// An HMAC context keyed once; each message hashes a copy of it, frame by frame, so a large
    /// message is never copied into one buffer first.
    private let keyed: KeyedHMAC?

    /// A signer for the connection file's `key` (with `signature_scheme` "hmac-sha256").
    public init(key: String) {
        self.init(keyBytes: Array(key.utf8))
    }

    /// A signer for a key given as bytes.
    init(keyBytes: [UInt8]) {
        self.key = keyBytes
        keyed = keyBytes.isEmpty ? nil : KeyedHMAC(key: keyBytes)
    }

    /// Whether messages are signed (the key is not empty).
    public var isSigning: Bool { !key.isEmpty }

    /// The hex HMAC-SHA256 of the frames, or "" when not signing.
    public func signature(_ frames: [[UInt8]]) -> String {
        guard isSigning, let digest = digest(frames) else { return "" }
        return Self.hex(digest)
    }

    /// Whether `signature` is the right one for the frames, compared in constant time so a
    /// forger learns nothing from timing; always true when not signing. A signature of the
    /// wrong length is refused before anything is hashed.
    public func verify(_ signature: [UInt8], _ frames: [[UInt8]]) -> Bool {
        guard isSigning else { return true }
        guard signature.count == 64, let digest = digest(frames) else { return false }
        let expected = Array(Self.hex(digest).utf8)
        return CRYPTO_memcmp(signature, expected, expected.count) == 0
    }

    /// The raw 32-byte HMAC-SHA256 of the frames in order, or nil if OpenSSL fails.
    private func digest(_ frames: [[UInt8]]) -> [UInt8]? {
        guard let template = keyed?.context, let context = EVP_MAC_CTX_dup(template) else { return nil }
        defer { EVP_MAC_CTX_free(context) }
        for frame in frames {
            guard frame.withUnsafeBufferPointer({ EVP_MAC_update(context, $0.baseAddress, $0.count) }) == 1 else {
                return nil
            }
        }
        var output = [UInt8](repeating: 0, count: 32)
        var length = 0
        guard EVP_MAC_final(context, &output, &length, output.count) == 1, length == 32 else { return nil }
        return output
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

/// An OpenSSL HMAC-SHA256 context with the key set, freed with the signer.
///
/// Never changed after creation; signers on several threads only copy it (EVP_MAC_CTX_dup
/// reads its source), which OpenSSL allows concurrently.
private final class KeyedHMAC: @unchecked Sendable {
    let context: OpaquePointer

    init?(key: [UInt8]) {
        guard let context = key.withUnsafeBufferPointer({ backprop_hmac_sha256_new($0.baseAddress, $0.count) }) else {
            return nil
        }
        self.context = context
    }

    deinit { EVP_MAC_CTX_free(context) }
}
