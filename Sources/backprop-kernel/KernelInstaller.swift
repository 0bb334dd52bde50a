#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `backprop-kernel install`: writes the kernelspec (kernel.json and the two logos) where Jupyter
/// looks for kernels, with argv[0] the absolute path of this binary.
///
/// The layout is `jupyter kernelspec install`'s: DIR/share/jupyter/kernels/NAME/ for `--prefix DIR`,
/// the user's Jupyter data directory for `--user`, the active virtual or conda environment for
/// `--sys-prefix`, and /usr/local/share/jupyter for none of them. Everything written comes from
/// the binary itself (``template`` and ``KernelLogos``), so an installed binary needs no checkout.
enum KernelInstaller {
    /// The kernelspec template: the repository's top-level kernel.json, byte for byte.
    ///
    /// KernelInstallerTests checks that an installed kernel.json equals that file with argv[0]
    /// replaced, so the two cannot drift apart. ``argvTemplateEntry`` is replaced by the binary's path.
    static let template = """
        {
          "argv": [
            "backprop-kernel",
            "--connection-file",
            "{connection_file}"
          ],
          "display_name": "Backprop (Swift DSL)",
          "language": "backprop",
          "interrupt_mode": "message"
        }

        """

    /// The JSON string in ``template`` that stands for the binary's absolute path (argv[0]).
    static let argvTemplateEntry = "\"backprop-kernel\""

    /// The name of the kernelspec when `--name` is not given (SPEC §2).
    static let defaultName = "backprop"

    /// What a bad command line prints after its error, and what `install --help` prints.
    static let usage = """
        usage: backprop-kernel install [--user | --prefix DIR | --sys-prefix] [--name NAME]

        Writes the Jupyter kernelspec (kernel.json with this binary's absolute path, and logos) to
          --user          the user's Jupyter data directory: $JUPYTER_DATA_DIR, else
                          $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter
          --prefix DIR    DIR/share/jupyter
          --sys-prefix    the active environment: $VIRTUAL_ENV/share/jupyter, else
                          $CONDA_PREFIX/share/jupyter
          (none)          /usr/local/share/jupyter, for every user
        under kernels/NAME. NAME (default 'backprop') is letters, digits, '.', '_' and '-'.
        Exit status: 0 on success, 1 if a file cannot be written, 2 for a bad command line.
        """

    /// Where the kernelspec goes, as chosen on the command line.
    enum Location: Equatable {
        /// The user's Jupyter data directory (`--user`).
        case user
        /// DIR/share/jupyter (`--prefix DIR`).
        case prefix(String)
        /// The active virtual or conda environment's share/jupyter (`--sys-prefix`).
        case sysPrefix
        /// The system-wide /usr/local/share/jupyter (no flag).
        case system
    }

    /// A parsed command line: where to install and under which name.
    struct Options: Equatable {
        /// The data directory's choice.
        var location: Location = .system
        /// The kernelspec's name: the directory under kernels/.
        var name: String = KernelInstaller.defaultName
        /// Whether `--help` was asked for.
        var help = false
    }

    /// A failure that ends the command: its message and exit status.
    struct Failure: Error {
        /// The one-line message, without the "backprop-kernel install: error: " prefix.
        var message: String
        /// 1 for an I/O error, 2 for a bad command line.
        var status: Int32
    }

    // MARK: - Running

    /// Runs `install` with the arguments after the word `install`, returning the exit status.
    static func run(_ arguments: [String]) -> Int32 {
        let options: Options
        do {
            options = try parse(arguments)
        } catch {
            return fail(error)
        }
        if options.help {
            StandardStreams.shared.out(usage + "\n")
            StandardStreams.shared.flush()
            return 0
        }
        do {
            let dataDirectory = try resolve(options.location)
            let directory = dataDirectory + "/kernels/" + options.name
            let binary = try executablePath()
            try makeDirectories(directory)
            try writeFile(directory + "/kernel.json", Array(kernelJSON(binaryPath: binary).utf8))
            try writeFile(directory + "/logo-32x32.png", KernelLogos.small)
            try writeFile(directory + "/logo-64x64.png", KernelLogos.large)
            StandardStreams.shared.out("Installed kernelspec \(options.name) in \(directory)\n")
            StandardStreams.shared.flush()
            return 0
        } catch {
            return fail(error)
        }
    }

    /// Prints a failure's message (with the usage for a bad command line) and returns its status.
    private static func fail(_ failure: Failure) -> Int32 {
        var text = "backprop-kernel install: error: \(failure.message)\n"
        if failure.status == 2 { text += "\n" + usage + "\n" }
        CommandLineTool.writeError(text)
        return failure.status
    }

    // MARK: - The command line

    /// Parses `[--user | --prefix DIR | --sys-prefix] [--name NAME]`; `--opt=value` is accepted too.
    static func parse(_ arguments: [String]) throws(Failure) -> Options {
        var options = Options()
        var locationFlag: String?
        var nameGiven = false
        var index = 0

        /// Records a location flag, refusing a second one.
        func choose(_ location: Location, flag: String) throws(Failure) {
            if let previous = locationFlag {
                throw previous == flag
                    ? usageError("'\(flag)' is given twice")
                    : usageError(
                        "'\(previous)' and '\(flag)' cannot be combined: choose one place to install")
            }
            locationFlag = flag
            options.location = location
        }

        /// The value of an option: after '=' in the same argument, else the next argument.
        func value(of flag: String, inline: String?) throws(Failure) -> String {
            if let inline { return inline }
            index += 1
            guard index < arguments.count else { throw usageError("'\(flag)' needs a value") }
            return arguments[index]
        }

        while index < arguments.count {
            let argument = arguments[index]
            var flag = argument
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                flag = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            switch flag {
            case "--user", "--sys-prefix", "--help", "-h":
                if inline != nil { throw usageError("'\(flag)' takes no value") }
                if flag == "--user" {
                    try choose(.user, flag: flag)
                } else if flag == "--sys-prefix" {
                    try choose(.sysPrefix, flag: flag)
                } else {
                    options.help = true
                }
            case "--prefix":
                let directory = try value(of: flag, inline: inline)
                guard !directory.isEmpty else { throw usageError("'--prefix' needs a directory") }
                try choose(.prefix(directory), flag: flag)
            case "--name":
                if nameGiven { throw usageError("'--name' is given twice") }
                nameGiven = true
                let name = try value(of: flag, inline: inline)
                guard isValidName(name) else {
                    throw usageError(
                        "invalid kernel name '\(name)': use letters, digits, '.', '_' and '-' "
                            + "(not '.' or '..')")
                }
                options.name = name
            default:
                if argument.hasPrefix("-") { throw usageError("unknown option '\(argument)'") }
                throw usageError("unexpected argument '\(argument)'")
            }
            index += 1
        }
        return options
    }

    /// Whether `name` is a kernelspec name Jupyter accepts ([A-Za-z0-9._-]+) and a plain directory name.
    static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name != ".", name != ".." else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": true
            default: false
            }
        }
    }

    /// A bad-command-line failure (exit status 2).
    private static func usageError(_ message: String) -> Failure {
        Failure(message: message, status: 2)
    }

    // MARK: - Places

    /// The Jupyter data directory (the one holding kernels/) for a location.
    static func resolve(_ location: Location) throws(Failure) -> String {
        switch location {
        case .system:
            return "/usr/local/share/jupyter"
        case .prefix(let directory):
            return absolute(directory) + "/share/jupyter"
        case .sysPrefix:
            if let prefix = environment("VIRTUAL_ENV") ?? environment("CONDA_PREFIX") {
                return absolute(prefix) + "/share/jupyter"
            }
            throw usageError(
                "'--sys-prefix' needs an active environment, but neither VIRTUAL_ENV nor CONDA_PREFIX "
                    + "is set; activate one, or use --prefix DIR or --user")
        case .user:
            if let directory = environment("JUPYTER_DATA_DIR") { return absolute(directory) }
            #if os(macOS)
            return try homeDirectory() + "/Library/Jupyter"
            #else
            if let data = environment("XDG_DATA_HOME") { return absolute(data) + "/jupyter" }
            return try homeDirectory() + "/.local/share/jupyter"
            #endif
        }
    }

    /// The value of an environment variable, or nil when it is unset or empty.
    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// The user's home directory: $HOME, else the password database's entry.
    private static func homeDirectory() throws(Failure) -> String {
        if let home = environment("HOME") { return absolute(home) }
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
            let home = String(cString: directory)
            if !home.isEmpty { return home }
        }
        throw Failure(message: "cannot find the home directory for '--user': HOME is not set", status: 1)
    }

    /// `path` made absolute against the current directory, without a trailing '/'.
    static func absolute(_ path: String) -> String {
        var result = path
        if !result.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            if getcwd(&buffer, buffer.count) != nil {
                let directory = String(
                    decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                result = directory == "/" ? "/" + result : directory + "/" + result
            }
        }
        while result.count > 1 && result.hasSuffix("/") { result.removeLast() }
        return result
    }

    /// The absolute path of the running binary, symbolic links resolved.
    static func executablePath() throws(Failure) -> String {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 {
            let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // A binary replaced since it started reads as "PATH (deleted)"; its path is still right.
            return path.hasSuffix(" (deleted)") ? String(path.dropLast(" (deleted)".count)) : path
        }
        #endif
        // Elsewhere (or without /proc): argv[0] resolved against the current directory.
        if let first = CommandLine.arguments.first, first.contains("/"), let resolved = realpath(first, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        throw Failure(message: "cannot find the path of this executable (is /proc mounted?)", status: 1)
    }

    // MARK: - Files

    /// The template with argv[0] replaced by `binaryPath`, as a JSON string.
    static func kernelJSON(binaryPath: String) -> String {
        template.replacing(argvTemplateEntry, with: jsonString(binaryPath), maxReplacements: 1)
    }

    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Creates `path` and its missing parents (mode 0755), like `mkdir -p`.
    static func makeDirectories(_ path: String) throws(Failure) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + component
            if mkdir(current, 0o755) == 0 { continue }
            let error = errno
            var status = stat()
            if error == EEXIST && stat(current, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
                continue
            }
            let reason = error == EEXIST ? "it exists and is not a directory" : describe(error)
            throw Failure(message: "cannot create directory '\(current)': \(reason)", status: 1)
        }
    }

    /// Writes `bytes` to `path` (mode 0644) through a temporary file renamed over it, so a reader
    /// never sees half a file.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(Failure) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure(message: "cannot write '\(path)': \(describe(errno))", status: 1)
        }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw Failure(message: "cannot write '\(path)': \(describe(failure))", status: 1)
        }
    }

    /// The C library's description of an errno value.
    private static func describe(_ error: Int32) -> String {
        guard let text = strerror(error) else { return "error \(error)" }
        return String(cString: text)
    }
}
