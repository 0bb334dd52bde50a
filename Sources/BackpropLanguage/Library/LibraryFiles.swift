import Foundation

/// Reading and writing the files the library names: saved networks and CSV datasets.
enum LibraryFiles {
    /// The largest file the library reads: 256 MiB.
    static let maximumSize = 1 << 28

    /// The whole text of a UTF-8 file, or a RuntimeError that says why not.
    static func read(_ path: String, at range: SourceRange) throws -> String {
        let url = URL(fileURLWithPath: path)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes else {
            throw Diagnostic(.runtimeError, "cannot read '\(path)': no such file", at: range)
        }
        if let size = attributes[.size] as? Int, size > maximumSize {
            throw Diagnostic(.resourceError, "cannot read '\(path)': it has \(size) bytes, more than the \(maximumSize >> 20) MiB limit", at: range)
        }
        if let type = attributes[.type] as? FileAttributeType, type == .typeDirectory {
            throw Diagnostic(.runtimeError, "cannot read '\(path)': it is a directory", at: range)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw Diagnostic(.runtimeError, "cannot read '\(path)': \(error.localizedDescription)", at: range)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(.valueError, "cannot read '\(path)': it is not UTF-8 text", at: range)
        }
        return text
    }

    /// Writes text to a file, replacing it atomically, or raises a RuntimeError that says why not.
    static func write(_ text: String, to path: String, at range: SourceRange) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw Diagnostic(.runtimeError, "cannot write '\(path)': \(error.localizedDescription)", at: range)
        }
    }
}
