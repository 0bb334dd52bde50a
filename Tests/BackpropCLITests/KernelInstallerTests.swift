import Foundation
import Testing

/// End-to-end tests of `backprop-kernel install`: they start the real binary with a temporary
/// prefix or environment and check the kernelspec it writes, its messages and its exit status.
@Suite struct KernelInstallerTests {
    // MARK: - What is written

    @Test func prefixInstallWritesTheTemplateWithTheBinarysAbsolutePath() throws {
        let prefix = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let result = try Installer.run(["install", "--prefix", prefix.path, "--name", "x"])
        let directory = prefix.appendingPathComponent("share/jupyter/kernels/x")
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == "Installed kernelspec x in \(directory.path)\n")

        let written = try String(contentsOf: directory.appendingPathComponent("kernel.json"), encoding: .utf8)
        let binary = try Installer.canonicalBinaryPath()
        #expect(
            written == """
                {
                  "argv": [
                    "\(binary)",
                    "--connection-file",
                    "{connection_file}"
                  ],
                  "display_name": "Backprop (Swift DSL)",
                  "language": "backprop",
                  "interrupt_mode": "message"
                }

                """)

        // Parsed, it is exactly the kernelspec of SPEC §2, with nothing else in it.
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["argv", "display_name", "language", "interrupt_mode"])
        #expect(object["argv"] as? [String] == [binary, "--connection-file", "{connection_file}"])
        #expect(object["display_name"] as? String == "Backprop (Swift DSL)")
        #expect(object["language"] as? String == "backprop")
        #expect(object["interrupt_mode"] as? String == "message")
        #expect(binary.hasPrefix("/"))
        #expect(FileManager.default.isExecutableFile(atPath: binary))

        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["kernel.json", "logo-32x32.png", "logo-64x64.png"])
    }

    @Test func theEmbeddedTemplateIsTheRepositorysKernelJSON() throws {
        let prefix = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let result = try Installer.run(["install", "--prefix", prefix.path, "--name", "x"])
        #expect(result.status == 0)
        let written = try String(
            contentsOf: prefix.appendingPathComponent("share/jupyter/kernels/x/kernel.json"), encoding: .utf8)
        let template = try String(
            contentsOf: Kernel.packageRoot.appendingPathComponent("kernel.json"), encoding: .utf8)
        // The template's argv[0] is the placeholder "backprop-kernel"; nothing else may differ.
        let placeholder = "\"backprop-kernel\""
        #expect(template.components(separatedBy: placeholder).count == 2)
        let expected = template.replacingOccurrences(
            of: placeholder, with: "\"\(try Installer.canonicalBinaryPath())\"")
        #expect(written == expected)
    }

    @Test func theLogosAreTheRepositorysPNGsOfTheRightSize() throws {
        let prefix = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        #expect(try Installer.run(["install", "--prefix", prefix.path, "--name", "x"]).status == 0)
        let directory = prefix.appendingPathComponent("share/jupyter/kernels/x")
        for size in [32, 64] {
            let name = "logo-\(size)x\(size).png"
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
            let header = try PNGHeader(bytes)
            #expect(header.width == size, "\(name)")
            #expect(header.height == size, "\(name)")
            #expect(bytes.count < 3 * 1024, "\(name) should stay small")
            let original = [UInt8](
                try Data(contentsOf: Kernel.packageRoot.appendingPathComponent("logos/\(name)")))
            #expect(bytes == original, "\(name) differs from logos/\(name): regenerate KernelLogos.swift")
        }
    }

    @Test func reinstallingReplacesTheFiles() throws {
        let prefix = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let kernelJSON = prefix.appendingPathComponent("share/jupyter/kernels/backprop/kernel.json")
        try FileManager.default.createDirectory(
            at: kernelJSON.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("{\"stale\": true, \"padding\": \"\(String(repeating: "x", count: 1000))\"}".utf8).write(
            to: kernelJSON)
        let result = try Installer.run(["install", "--prefix=\(prefix.path)"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Installed kernelspec backprop in "))
        let written = try String(contentsOf: kernelJSON, encoding: .utf8)
        #expect(!written.contains("stale"))
        #expect(written.hasSuffix("\"interrupt_mode\": \"message\"\n}\n"))
    }

    // MARK: - Where it goes

    @Test func sysPrefixUsesTheVirtualEnvironmentThenConda() throws {
        let venv = try Kernel.temporaryDirectory()
        let conda = try Kernel.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: venv)
            try? FileManager.default.removeItem(at: conda)
        }
        let both = try Installer.run(
            ["install", "--sys-prefix", "--name", "x"],
            environment: ["VIRTUAL_ENV": venv.path, "CONDA_PREFIX": conda.path])
        #expect(both.status == 0)
        #expect(both.stdout == "Installed kernelspec x in \(venv.path)/share/jupyter/kernels/x\n")
        #expect(
            FileManager.default.fileExists(
                atPath: venv.appendingPathComponent("share/jupyter/kernels/x/kernel.json").path))
        #expect(!FileManager.default.fileExists(atPath: conda.appendingPathComponent("share").path))

        let condaOnly = try Installer.run(
            ["install", "--name", "y", "--sys-prefix"], environment: ["CONDA_PREFIX": conda.path])
        #expect(condaOnly.status == 0)
        #expect(
            FileManager.default.fileExists(
                atPath: conda.appendingPathComponent("share/jupyter/kernels/y/logo-64x64.png").path))
    }

    @Test func sysPrefixWithoutAnEnvironmentIsACommandLineError() throws {
        let result = try Installer.run(["install", "--sys-prefix"], environment: [:])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(
            result.stderr.hasPrefix(
                "backprop-kernel install: error: '--sys-prefix' needs an active environment, but neither VIRTUAL_ENV nor CONDA_PREFIX is set"
            ))
        #expect(
            result.stderr.contains(
                "usage: backprop-kernel install [--user | --prefix DIR | --sys-prefix] [--name NAME]"))
    }

    @Test func userInstallFollowsJupyterDataDirThenXDGThenHome() throws {
        let root = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data").path
        let xdg = root.appendingPathComponent("xdg").path
        let home = root.appendingPathComponent("home").path

        let explicit = try Installer.run(
            ["install", "--user"],
            environment: ["JUPYTER_DATA_DIR": data, "XDG_DATA_HOME": xdg, "HOME": home])
        #expect(explicit.status == 0)
        #expect(explicit.stdout == "Installed kernelspec backprop in \(data)/kernels/backprop\n")

        let viaXDG = try Installer.run(
            ["install", "--user", "--name", "b"], environment: ["XDG_DATA_HOME": xdg, "HOME": home])
        #expect(viaXDG.status == 0)
        #expect(viaXDG.stdout == "Installed kernelspec b in \(xdg)/jupyter/kernels/b\n")

        let viaHome = try Installer.run(["install", "--user", "--name", "c"], environment: ["HOME": home])
        #expect(viaHome.status == 0)
        #expect(viaHome.stdout == "Installed kernelspec c in \(home)/.local/share/jupyter/kernels/c\n")
        #expect(FileManager.default.fileExists(atPath: "\(home)/.local/share/jupyter/kernels/c/kernel.json"))
    }

    @Test func aRelativePrefixIsMadeAbsolute() throws {
        let directory = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Installer.run(["install", "--prefix", "env/", "--name", "x"], in: directory)
        #expect(result.status == 0)
        let resolved = directory.resolvingSymlinksInPath().path
        #expect(result.stdout == "Installed kernelspec x in \(resolved)/env/share/jupyter/kernels/x\n")
    }

    // MARK: - Errors

    @Test(arguments: [
        (["--name", "a/b"], "invalid kernel name 'a/b'"),
        (["--name", ".."], "invalid kernel name '..'"),
        (["--name", ""], "invalid kernel name ''"),
        (["--name", "spa ce"], "invalid kernel name 'spa ce'"),
        (["--name", "δ"], "invalid kernel name 'δ'"),
        (["--name"], "'--name' needs a value"),
        (["--name", "a", "--name", "b"], "'--name' is given twice"),
        (["--prefix"], "'--prefix' needs a value"),
        (["--prefix="], "'--prefix' needs a directory"),
        (["--user", "--sys-prefix"], "'--user' and '--sys-prefix' cannot be combined"),
        (["--prefix", "/tmp", "--user"], "'--prefix' and '--user' cannot be combined"),
        (["--user", "--user"], "'--user' is given twice"),
        (["--user=yes"], "'--user' takes no value"),
        (["--bogus"], "unknown option '--bogus'"),
        (["extra"], "unexpected argument 'extra'"),
    ])
    func badCommandLinesExitWithStatus2AndTheUsage(arguments: [String], message: String) throws {
        let prefix = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        // Every bad command line is refused before anything is written (HOME and the environment
        // point into the empty temporary directory in case a flag were taken as valid).
        let environment = ["HOME": prefix.path, "VIRTUAL_ENV": prefix.path]
        let result = try Installer.run(["install"] + arguments, in: prefix, environment: environment)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("backprop-kernel install: error: \(message)"), "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "\nusage: backprop-kernel install [--user | --prefix DIR | --sys-prefix] [--name NAME]\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: prefix.path).isEmpty)
    }

    @Test func anUnwritablePlaceIsAnIOErrorWithStatus1() throws {
        let directory = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("file")
        try Data("not a directory".utf8).write(to: file)
        let result = try Installer.run(["install", "--prefix", file.path])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(
            result.stderr
                == "backprop-kernel install: error: cannot create directory '\(file.path)': it exists and is not a directory\n"
        )
    }

    @Test func helpPrintsTheUsage() throws {
        let result = try Installer.run(["install", "--help"])
        #expect(result.status == 0)
        #expect(
            result.stdout.hasPrefix(
                "usage: backprop-kernel install [--user | --prefix DIR | --sys-prefix] [--name NAME]\n"))
        #expect(result.stderr == "")
    }
}

/// Runs `backprop-kernel install` with a chosen environment, and reads what it wrote.
enum Installer {
    /// Runs the binary with `arguments` in `directory`; `environment` replaces the Jupyter and
    /// environment variables the installer reads (PATH is kept), so the host's settings never leak in.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:])
        throws
        -> Kernel.Result
    {
        let scratch = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outputURL = scratch.appendingPathComponent("stdout")
        let errorURL = scratch.appendingPathComponent("stderr")
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }

        var variables = ProcessInfo.processInfo.environment
        for name in ["VIRTUAL_ENV", "CONDA_PREFIX", "JUPYTER_DATA_DIR", "XDG_DATA_HOME", "HOME"] {
            variables[name] = nil
        }
        // HOME stays a harmless empty place unless a test sets it.
        variables["HOME"] = scratch.path
        variables.merge(environment) { _, new in new }

        let process = Process()
        process.executableURL = Kernel.binary
        process.arguments = arguments
        process.environment = variables
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()

        let stdout = String(decoding: try Data(contentsOf: outputURL), as: UTF8.self)
        let stderr = String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
        let status =
            process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
        return Kernel.Result(status: status, stdout: stdout, stderr: stderr)
    }

    /// The binary's path as the kernel reads it from /proc/self/exe: absolute, symlinks resolved.
    static func canonicalBinaryPath() throws -> String {
        let path = Kernel.binary.path
        guard let resolved = realpath(path, nil) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// The width and height of a PNG file, after checking its signature and the CRC of every chunk.
struct PNGHeader {
    /// The image's width in pixels, from IHDR.
    var width: Int
    /// The image's height in pixels, from IHDR.
    var height: Int

    /// What is wrong with a file that is not a valid PNG.
    struct Invalid: Error, CustomStringConvertible {
        /// The reason.
        var description: String
    }

    /// Reads `bytes` as a PNG: the 8-byte signature, IHDR first (13 bytes), chunks with good
    /// CRCs, IDAT present, IEND last.
    init(_ bytes: [UInt8]) throws {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count > 8, Array(bytes[0..<8]) == signature else {
            throw Invalid(description: "no PNG signature")
        }
        func word(_ offset: Int) -> Int {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        var offset = 8
        var types: [String] = []
        var size: (Int, Int)?
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else {
                throw Invalid(description: "truncated chunk at \(offset)")
            }
            let length = word(offset)
            guard offset + 12 + length <= bytes.count else {
                throw Invalid(description: "truncated chunk at \(offset)")
            }
            let typeAndData = Array(bytes[offset + 4..<offset + 8 + length])
            let type = String(decoding: typeAndData[0..<4], as: UTF8.self)
            guard word(offset + 8 + length) == Int(PNGHeader.crc32(typeAndData)) else {
                throw Invalid(description: "bad CRC in chunk \(type)")
            }
            if type == "IHDR" {
                guard types.isEmpty, length == 13 else {
                    throw Invalid(description: "IHDR is not the first 13-byte chunk")
                }
                size = (word(offset + 8), word(offset + 12))
            }
            types.append(type)
            offset += 12 + length
        }
        guard let size, types.contains("IDAT"), types.last == "IEND" else {
            throw Invalid(description: "chunks \(types): IHDR, IDAT and a final IEND are required")
        }
        (width, height) = size
    }

    /// The CRC-32 (ISO 3309, as zlib computes it) of `bytes`.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
