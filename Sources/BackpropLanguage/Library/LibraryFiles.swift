#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing the files the library names: saved networks and CSV datasets.
///
/// Plain POSIX calls rather than Foundation, which would add tens of megabytes and start-up
/// time to the kernel for two functions.
enum LibraryFiles {
    /// The largest file the library reads: 256 MiB.
    static let maximumSize = 1 << 28

    /// The C library's text for the current `errno`.
    private static func reason() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }

    /// The whole text of a UTF-8 file, or an error that says why not.
    static func read(_ path: String, at range: SourceRange) throws -> String {
        // Look before opening: opening a pipe waits for a writer (a hang), and a device may
        // never end.
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw Diagnostic(.valueError, "cannot read '\(path)': \(reason())", at: range)
        }
        try checkRegular(status, path, at: range)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw Diagnostic(.valueError, "cannot read '\(path)': \(reason())", at: range)
        }
        defer { close(descriptor) }
        guard fstat(descriptor, &status) == 0 else {
            throw Diagnostic(.valueError, "cannot read '\(path)': \(reason())", at: range)
        }
        try checkRegular(status, path, at: range)
        if Int(status.st_size) > maximumSize {
            throw Diagnostic(.resourceError, "cannot read '\(path)': it has \(status.st_size) bytes, more than the \(maximumSize >> 20) MiB limit", at: range)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { posixRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Diagnostic(.valueError, "cannot read '\(path)': \(reason())", at: range)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumSize {
                throw Diagnostic(.resourceError, "cannot read '\(path)': it is larger than the \(maximumSize >> 20) MiB limit", at: range)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Diagnostic(.valueError, "cannot read '\(path)': it is not UTF-8 text", at: range)
        }
        return text
    }

    /// Only regular files are read: a directory, device, pipe or socket is an error.
    private static func checkRegular(_ status: stat, _ path: String, at range: SourceRange) throws {
        switch status.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw Diagnostic(.valueError, "cannot read '\(path)': it is a directory", at: range)
        default: throw Diagnostic(.valueError, "cannot read '\(path)': it is not a regular file", at: range)
        }
    }

    /// Writes text to a file through a temporary file renamed over it, so a failed write never
    /// leaves half a file, or raises an error that says why not.
    static func write(_ text: String, to path: String, at range: SourceRange) throws {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw Diagnostic(.valueError, "cannot write '\(path)': \(reason())", at: range)
        }
        var bytes = Array(text.utf8)
        var written = 0
        var failure: String?
        bytes.withUnsafeMutableBytes { buffer in
            while written < buffer.count, let base = buffer.baseAddress {
                let count = posixWrite(descriptor, base + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = reason()
                    return
                }
                written += count
            }
        }
        if close(descriptor) != 0, failure == nil { failure = reason() }
        if failure == nil, rename(temporary, path) != 0 { failure = reason() }
        if let failure {
            unlink(temporary)
            throw Diagnostic(.valueError, "cannot write '\(path)': \(failure)", at: range)
        }
    }
}

/// The C library's `read`, named apart from ``LibraryFiles/read(_:at:)`` which shadows it.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// The C library's `write`, named apart from ``LibraryFiles/write(_:to:at:)`` which shadows it.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
