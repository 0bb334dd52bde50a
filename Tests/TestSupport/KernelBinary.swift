import Foundation

/// Where the `backprop-kernel` binary under test is, for the end-to-end test targets.
public enum KernelBinary {
    /// The package root, three levels above this file (Tests/TestSupport/KernelBinary.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary: $BACKPROP_KERNEL if set, else the one next to the running test bundle (the
    /// same build as the tests), else `.build/debug/backprop-kernel` in the package.
    public static let url: URL = {
        if let path = ProcessInfo.processInfo.environment["BACKPROP_KERNEL"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        if let executable = Bundle.main.executableURL {
            var directory = executable.deletingLastPathComponent()
            // On macOS the test bundle's executable sits in X.xctest/Contents/MacOS.
            while directory.pathComponents.count > 1 {
                let candidate = directory.appendingPathComponent("backprop-kernel")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                if !directory.path.contains(".xctest") { break }
                directory = directory.deletingLastPathComponent()
            }
        }
        return packageRoot.appendingPathComponent(".build/debug/backprop-kernel")
    }()
}
