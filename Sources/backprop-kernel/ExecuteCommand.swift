#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BackpropKernel
import BackpropLanguage
import JSON
import Notebook
import NotebookExport

/// The interrupt flag of the notebook being executed, set by the SIGINT handler.
let notebookInterrupt = InterruptFlag()

/// `backprop-kernel execute NOTEBOOK.ipynb [--output OUT.ipynb] [--html OUT.html] [--allow-errors]`:
/// runs the notebook's code cells in order through the kernel (``NotebookRunner``), with no
/// Jupyter, stores their outputs in the notebook (in place, or in OUT.ipynb), and with `--html`
/// writes the notebook as one self-contained page (``NotebookHTML``).
enum ExecuteCommand {
    /// Parses the arguments after `execute` and runs; returns the exit status (0 when every
    /// cell ran, 1 after a failing cell or an unreadable notebook, 2 for a bad command line).
    static func run(_ arguments: [String]) -> Int32 {
        var input: String?, output: String?, html: String?, allowErrors = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--allow-errors":
                allowErrors = true
            case "--output", "-o":
                guard index + 1 < arguments.count else { return badUsage("'\(argument)' needs a file") }
                index += 1
                output = arguments[index]
            case _ where argument.hasPrefix("--output="):
                output = String(argument.dropFirst("--output=".count))
            case "--html":
                guard index + 1 < arguments.count else { return badUsage("'--html' needs a file") }
                index += 1
                html = arguments[index]
            case _ where argument.hasPrefix("--html="):
                html = String(argument.dropFirst("--html=".count))
            case _ where argument.hasPrefix("-") && argument != "-":
                return badUsage("unknown option '\(argument)' for 'execute'")
            default:
                guard input == nil else { return badUsage("'execute' takes one notebook") }
                input = argument
            }
            index += 1
        }
        guard let input else { return badUsage("'execute' needs a notebook: backprop-kernel execute NOTEBOOK.ipynb") }
        guard output?.isEmpty != true else { return badUsage("'--output' needs a file") }
        guard html?.isEmpty != true else { return badUsage("'--html' needs a file") }

        let notebook: NotebookDocument
        switch read(input) {
        case .success(let document): notebook = document
        case .failure(let failure):
            CommandLineTool.writeError("backprop-kernel: error: \(failure.message)\n")
            return 1
        }
        // Ctrl-C stops the running cell with Interrupted (the notebook so far is written); a
        // second one ends the process at once.
        signal(SIGINT) { _ in
            notebookInterrupt.set()
            signal(SIGINT, SIG_DFL)
        }
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)

        let outcome: NotebookRunner.Outcome
        do {
            let showsProgress = isatty(2) != 0
            outcome = try NotebookRunner(interruptFlag: notebookInterrupt).run(notebook, allowErrors: allowErrors) { cell, count in
                if showsProgress { CommandLineTool.writeError("\r\u{1B}[Krunning cell \(cell + 1) of \(notebook.cells.count) (\(count) to run)…") }
            }
            if showsProgress { CommandLineTool.writeError("\r\u{1B}[K") }
        } catch {
            CommandLineTool.writeError("backprop-kernel: error: cannot start the kernel: \(error)\n")
            return 1
        }
        let destination = output ?? input
        do {
            let text = try outcome.notebook.serialized()
            try KernelInstaller.writeFile(destination, Array(text.utf8))
            if let html {
                let page = NotebookHTML.page(outcome.notebook, title: title(of: outcome.notebook, path: input)) {
                    Markdown.html($0, math: MathML.render)
                }
                try KernelInstaller.writeFile(html, Array(page.utf8))
            }
        } catch let failure as KernelInstaller.Failure {
            CommandLineTool.writeError("backprop-kernel: error: \(failure.message)\n")
            return 1
        } catch {
            CommandLineTool.writeError("backprop-kernel: error: \(error)\n")
            return 1
        }
        if let failure = outcome.failure {
            let cell = outcome.notebook.cells[failure.cell]
            var report = "\(input): cell \(failure.cell + 1) failed: \(failure.ename): \(failure.evalue)\n"
            if let traceback = cell.outputs.last(where: { $0["output_type"]?.string == "error" })?["traceback"]?.array {
                let text = traceback.compactMap(\.string).joined(separator: "\n")
                report += (isatty(2) != 0 ? text : ANSIText.stripped(text)) + "\n"
            }
            report += "the notebook with the outputs so far is in \(destination); later cells were not run\n"
            CommandLineTool.writeError(report)
            return 1
        }
        StandardStreams.shared.out("ran \(outcome.executed) code cell\(outcome.executed == 1 ? "" : "s") of \(input); wrote \(destination)"
            + (html.map { " and " + $0 } ?? "") + "\n")
        StandardStreams.shared.flush()
        return 0
    }

    /// The page title: the notebook's first heading, else its file name without `.ipynb`.
    static func title(of notebook: NotebookDocument, path: String) -> String {
        for cell in notebook.cells where cell.cellType == "markdown" {
            for line in cell.source.split(separator: "\n") where line.hasPrefix("#") {
                let heading = line.drop { $0 == "#" }.trimmingPrefix(" ")
                if !heading.isEmpty { return String(heading) }
            }
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".ipynb") ? String(name.dropLast(6)) : name
    }

    /// The notebook at `path`, or what is wrong with it.
    private static func read(_ path: String) -> Result<NotebookDocument, ReadFailure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(ReadFailure("cannot open '\(path)': \(String(cString: strerror(errno)))")) }
        defer { close(descriptor) }
        guard let bytes = StandardStreams.readAll(descriptor) else {
            return .failure(ReadFailure("cannot read '\(path)': \(String(cString: strerror(errno)))"))
        }
        do {
            return .success(try NotebookDocument(parsing: bytes))
        } catch {
            return .failure(ReadFailure("'\(path)' is not a notebook this tool can run: \(error.message)"))
        }
    }

    /// Why a notebook could not be read.
    private struct ReadFailure: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    private static func badUsage(_ message: String) -> Int32 {
        CommandLineTool.writeError("backprop-kernel: error: \(message)\n\n\(CommandLineTool.usage)\n")
        return 2
    }
}
