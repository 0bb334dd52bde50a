#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered writes to file descriptors 1 and 2 that keep stdout and stderr in program order.
///
/// Used from one thread at a time (the evaluation thread, then the main thread after it joins).
final class StandardStreams: @unchecked Sendable {
    /// The process's streams.
    static let shared = StandardStreams()

    private var pending: [UInt8] = []

    /// Appends text to standard output, writing it out once 64 KiB accumulate.
    func out(_ text: String) {
        pending.append(contentsOf: text.utf8)
        // A terminal gets each line as it is printed (like C's stdio); a pipe or file gets blocks.
        if pending.count >= 1 << 16 || (outputIsTerminal && text.utf8.contains(UInt8(ascii: "\n"))) { flush() }
    }

    /// Whether standard output is a terminal.
    private let outputIsTerminal = isatty(1) != 0

    /// Writes text to standard error at once, after what standard output holds.
    func err(_ text: String) {
        flush()
        writeAll(2, Array(text.utf8))
    }

    /// Writes what standard output holds.
    func flush() {
        guard !pending.isEmpty else { return }
        writeAll(1, pending)
        pending.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// Reads all of a file descriptor; nil on a read error (such as a directory), with `errno` set.
    static func readAll(_ descriptor: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
        }
    }
}
