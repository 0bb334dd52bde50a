#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BackpropKernel
import BackpropLanguage

/// The command line of `backprop-kernel`: parses arguments and dispatches to a command.
enum CommandLineTool {
    /// The version `--version` prints (the kernel's, which kernel_info_reply also reports).
    static let version = BackpropKernel.version

    static let usage = """
        usage: backprop-kernel --connection-file FILE   serve as a Jupyter kernel (Jupyter starts it so)
               backprop-kernel install [--user | --prefix DIR | --sys-prefix] [--name NAME]
                                                     install the kernelspec where Jupyter finds it
               backprop-kernel run FILE.backprop     run a script (FILE may be '-' for standard input)
               backprop-kernel execute NOTEBOOK.ipynb [--output OUT.ipynb] [--html OUT.html] [--allow-errors]
                                                     run a notebook's code cells, no Jupyter needed
               backprop-kernel --version             print the version
               backprop-kernel --help                print this help

        'run' prints the output of print() and the value of each top-level expression
        statement (a trailing ';' hides it). Errors go to standard error as
        FILE:LINE:COLUMN: error: ENAME: message, with the source line and a caret.
        'execute' stores the outputs in the notebook (or in OUT.ipynb), stopping at the
        first failing cell unless --allow-errors; --html also writes a self-contained page.
        Exit status: 0 on success, 1 after an error in the script, 2 for a bad command line.
        """

    /// Runs the command line and returns the exit status.
    static func run(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first else {
            writeError(usage + "\n")
            return 2
        }
        switch command {
        case "--version", "-V":
            guard arguments.count == 1 else { return badUsage("'--version' takes no arguments") }
            StandardStreams.shared.out("backprop-kernel \(version)\n")
            StandardStreams.shared.flush()
            return 0
        case "--help", "-h", "help":
            StandardStreams.shared.out(usage + "\n")
            StandardStreams.shared.flush()
            return 0
        case "--connection-file", "-f":
            guard arguments.count == 2 else { return badUsage("'--connection-file' needs exactly one file") }
            return KernelCommand.run(connectionFile: arguments[1])
        case "install":
            return KernelInstaller.run(Array(arguments.dropFirst()))
        case "execute":
            return ExecuteCommand.run(Array(arguments.dropFirst()))
        case "run":
            guard arguments.count == 2 else {
                return badUsage(arguments.count < 2 ? "'run' needs a file: backprop-kernel run FILE.backprop" : "'run' takes exactly one file")
            }
            return ScriptRunner.run(path: arguments[1])
        case _ where command.hasPrefix("--connection-file="):
            guard arguments.count == 1 else { return badUsage("'--connection-file' needs exactly one file") }
            return KernelCommand.run(connectionFile: String(command.dropFirst("--connection-file=".count)))
        default:
            return badUsage("unknown command '\(command)'")
        }
    }

    private static func badUsage(_ message: String) -> Int32 {
        writeError("backprop-kernel: error: \(message)\n\n\(usage)\n")
        return 2
    }

    /// Writes to standard error, after flushing standard output so the two stay in order.
    static func writeError(_ text: String) {
        StandardStreams.shared.err(text)
    }
}
