import Foundation
import TestSupport
import Testing

/// End-to-end tests of `backprop-kernel run`, `--version` and `--help`: they start the real binary
/// (built by `swift build --build-tests` next to the test bundle) and check its streams and exit status.
@Suite struct CLITests {
    // MARK: - Running scripts

    @Test func runPrintsOutputAndEveryExpressionValueInOrder() throws {
        let result = try Kernel.run(script: """
            print("start")
            1 + 2
            let x = [1, 2]
            x
            3;
            "text"
            print(x, 1.5, true)
            let y = x.count;
            y * 10
            print("v")
            [[1.0, 2.0], [3.0, 4.5]]
            2.5
            print("a", "b", separator: "-")
            func nothing() {}
            nothing()
            """)
        #expect(result.status == 0)
        #expect(result.stdout == """
            start
            3
            [1, 2]
            "text"
            [1, 2] 1.5 true
            20
            v
            Matrix 2×2
                   j = 0  j = 1
            k = 0    1.0    2.0
            k = 1    3.0    4.5
            2.5
            a-b

            """)
        #expect(result.stderr == "")
    }

    @Test func trailingSemicolonSuppressesEveryKindOfValue() throws {
        let result = try Kernel.run(script: "1 + 1;\n[1, 2];\n\"s\";\nlet z = 3;\nz;\nz\n")
        #expect(result.status == 0)
        #expect(result.stdout == "3\n")
        #expect(result.stderr == "")
    }

    @Test func runtimeErrorGoesToStderrInCompilerFormatAfterTheOutputBeforeIt() throws {
        let result = try Kernel.run(script: """
            print("before")
            let a = 10
            let b = a / (a - 10)
            print("after")
            """, named: "err.backprop")
        #expect(result.status == 1)
        #expect(result.stdout == "before\n")
        #expect(result.stderr == """
            err.backprop:3:9: error: RuntimeError: division by zero in Int division; check the divisor, or divide Doubles (which give inf)
            let b = a / (a - 10)
                    ^~~~~~~~~~~~

            """)
    }

    @Test func everySyntaxErrorIsReportedAndNothingRuns() throws {
        let result = try Kernel.run(script: "print(\"never\")\nlet x = )\nprint(1)\nlet = 3\nvar y 4\n", named: "syn.backprop")
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            syn.backprop:2:9: error: SyntaxError: expected an expression, found ')'
            let x = )
                    ^
            syn.backprop:4:5: error: SyntaxError: expected a name after 'let', found '='
            let = 3
                ^
            syn.backprop:5:7: error: SyntaxError: expected '=' and an initial value, found '4'
            var y 4
                  ^

            """)
    }

    @Test func columnsCountUnicodeScalarsAndTheCaretFollowsTabs() throws {
        let result = try Kernel.run(script: "let δ = 1\n\tlet η = δ + undefinedName\n", named: "u.backprop")
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            u.backprop:2:14: error: NameError: cannot find 'undefinedName' in scope; declare it with 'let undefinedName = …' first
            \tlet η = δ + undefinedName
            \t            ^~~~~~~~~~~~~

            """)
    }

    @Test func diagnosticsNameThePathAsGiven() throws {
        let directory = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("print(\"x\")\nlet n: Int = \"no\"\n".utf8).write(to: directory.appendingPathComponent("bad.backprop"))

        let relative = try Kernel.execute(["run", "./sub/../bad.backprop"], in: directory)
        #expect(relative.status == 1)
        #expect(relative.stdout == "x\n")
        #expect(relative.stderr.hasPrefix("./sub/../bad.backprop:2:14: error: TypeError: "))

        let absolutePath = directory.appendingPathComponent("bad.backprop").path
        let absolute = try Kernel.execute(["run", absolutePath], in: directory)
        #expect(absolute.status == 1)
        #expect(absolute.stderr.hasPrefix("\(absolutePath):2:14: error: TypeError: "))
        // The rest is the same: the source line and the caret under the value.
        #expect(absolute.stderr.split(separator: "\n").dropFirst() == ["let n: Int = \"no\"", "             ^~~~"])
    }

    @Test func stdoutAndStderrKeepProgramOrder() throws {
        let script = "print(\"one\")\nprint(\"two\", to: .standardError)\nprint(\"three\")\n"
        let combined = try Kernel.run(script: script, mergingStreams: true)
        #expect(combined.status == 0)
        #expect(combined.stdout == "one\ntwo\nthree\n")

        let separate = try Kernel.run(script: script)
        #expect(separate.stdout == "one\nthree\n")
        #expect(separate.stderr == "two\n")
    }

    @Test func largeOutputStaysBeforeTheErrorThatFollowsIt() throws {
        // More than the 64 KiB stdout buffer, then an error on stderr.
        let script = "for i in 0..<20000 { print(\"line\", i) }\nprint(\"last\")\nlet bad = [1, 2][5]\n"
        let result = try Kernel.run(script: script, named: "big.backprop", mergingStreams: true)
        #expect(result.status == 1)
        var expected = ""
        for i in 0..<20000 { expected += "line \(i)\n" }
        expected += """
            last
            big.backprop:3:11: error: RuntimeError: index 5 is out of range for an array of 2 elements (valid indices: 0..<2)
            let bad = [1, 2][5]
                      ^~~~~~~~~

            """
        // Compared without #expect's dump of 200 KB on failure.
        let firstDifference = zip(result.stdout.utf8, expected.utf8).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(firstDifference == nil && result.stdout.utf8.count == expected.utf8.count,
                "output differs at byte \(firstDifference ?? min(result.stdout.utf8.count, expected.utf8.count)): \(result.stdout.suffix(300).debugDescription)")
    }

    @Test func errorInsideAFunctionPointsIntoTheFunction() throws {
        let result = try Kernel.run(script: """
            func ratio(_ a: Int, _ b: Int) -> Int {
                return a / b
            }
            print(ratio(6, 3))
            print(ratio(1, 0))
            """, named: "f.backprop")
        #expect(result.status == 1)
        #expect(result.stdout == "2\n")
        #expect(result.stderr == """
            f.backprop:2:12: error: RuntimeError: division by zero in Int division; check the divisor, or divide Doubles (which give inf)
                return a / b
                       ^~~~~

            """)
    }

    // MARK: - Standard input

    @Test func runDashReadsTheScriptFromStdinAndNamesItStdin() throws {
        let ok = try Kernel.execute(["run", "-"], stdin: "let x = 4\nx * x\nprint(\"from stdin\")\n")
        #expect(ok.status == 0)
        #expect(ok.stdout == "16\nfrom stdin\n")
        #expect(ok.stderr == "")

        // A name error is found before anything runs, so nothing is printed.
        let bad = try Kernel.execute(["run", "-"], stdin: "print(1)\nundefinedThing\n")
        #expect(bad.status == 1)
        #expect(bad.stdout == "")
        #expect(bad.stderr == """
            <stdin>:2:1: error: NameError: cannot find 'undefinedThing' in scope; declare it with 'let undefinedThing = …' first
            undefinedThing
            ^~~~~~~~~~~~~~

            """)
    }

    @Test func inputReadsLinesFromStdinUnderRunFile() throws {
        let result = try Kernel.run(script: """
            let name = input("name? ")
            print("hello", name)
            let other = input()
            print(other.count)
            """, stdin: "Ada\nLovelace\nunused\n")
        #expect(result.status == 0)
        #expect(result.stdout == "name? hello Ada\n8\n")
        #expect(result.stderr == "")
    }

    @Test func inputIsARuntimeErrorUnderRunDash() throws {
        let result = try Kernel.execute(["run", "-"], stdin: "print(\"asking\")\nlet name = input(\"name? \")\nprint(name)\n")
        #expect(result.status == 1)
        #expect(result.stdout == "asking\n")
        #expect(result.stderr == """
            <stdin>:2:12: error: RuntimeError: input() got no line: standard input is closed or not available here (under 'run -' the script itself is standard input; in a notebook the front end must allow input)
            let name = input("name? ")
                       ^~~~~~~~~~~~~~~

            """)
    }

    // MARK: - Command line

    @Test func versionAndHelpExitZero() throws {
        let version = try Kernel.execute(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "backprop-kernel 0.1.0\n")
        #expect(version.stderr == "")

        let help = try Kernel.execute(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout == Kernel.usage + "\n")
        #expect(help.stderr == "")
    }

    @Test func badCommandLinesExitTwoWithTheUsage() throws {
        let cases: [(arguments: [String], message: String?)] = [
            ([], nil),
            (["frobnicate"], "unknown command 'frobnicate'"),
            (["run"], "'run' needs a file: backprop-kernel run FILE.backprop"),
            (["run", "a.backprop", "b.backprop"], "'run' takes exactly one file"),
            (["--version", "extra"], "'--version' takes no arguments"),
        ]
        for (arguments, message) in cases {
            let result = try Kernel.execute(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            let expected = message.map { "backprop-kernel: error: \($0)\n\n" } ?? ""
            #expect(result.stderr == expected + Kernel.usage + "\n", "\(arguments)")
        }
    }

    @Test func missingOrUnreadableFileExitsTwo() throws {
        let directory = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let missing = try Kernel.execute(["run", "nope.backprop"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stdout == "")
        #expect(missing.stderr == "backprop-kernel: error: cannot open 'nope.backprop': No such file or directory\n")

        let folder = try Kernel.execute(["run", "."], in: directory)
        #expect(folder.status == 2)
        #expect(folder.stdout == "")
        #expect(folder.stderr == "backprop-kernel: error: cannot read '.': Is a directory\n")
    }

    @Test func aLongChainOfClosuresDoesNotCrashAtExit() throws {
        // Each closure captures the previous one; freeing the chain recursively at exit would
        // overflow the main thread's stack (it did, from 20,000 links in a debug build).
        let result = try Kernel.run(script: """
            var f = { (x: Int) -> Int in x }
            for _ in 0..<100000 { let g = f; f = { g($0) + 1 } }
            print("built")
            """)
        #expect(result.status == 0)
        #expect(result.stdout == "built\n")
        #expect(result.stderr == "")
    }

    @Test func ctrlCStopsTheScriptWithInterruptedAndKeepsItsOutput() throws {
        let directory = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = "var n = 0\nprint(\"started\")\nwhile true {\n    n += 1\n}\n"
        try Data(script.utf8).write(to: directory.appendingPathComponent("spin.backprop"))
        let outputURL = directory.appendingPathComponent("out"), errorURL = directory.appendingPathComponent("err")
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        let output = try FileHandle(forWritingTo: outputURL), error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }
        let process = Process()
        process.executableURL = Kernel.binary
        process.arguments = ["run", "spin.backprop"]
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Output to a file is block-buffered, so "started" is not visible yet: give the script a
        // second to reach its loop (start-up takes milliseconds), then interrupt.
        Thread.sleep(forTimeInterval: 1)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 1)
        #expect(String(decoding: try Data(contentsOf: outputURL), as: UTF8.self) == "started\n")
        // The check point between iterations and the one before the body's statement both stop it.
        let atLoop = """
            spin.backprop:3:1: error: Interrupted: interrupted by the user; every binding made before this statement is kept
            while true {
            ^~~~~~~~~~~~

            """
        let atBody = """
            spin.backprop:4:5: error: Interrupted: interrupted by the user; every binding made before this statement is kept
                n += 1
                ^~~~~~

            """
        let stderr = String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
        #expect(stderr == atLoop || stderr == atBody, "\(stderr)")
    }

    @Test func emptyScriptSucceedsSilently() throws {
        let result = try Kernel.run(script: "// nothing but a comment\n")
        #expect(result.status == 0)
        #expect(result.stdout == "")
        #expect(result.stderr == "")
    }

    // MARK: - Progress on a terminal

    @Test func trainingShowsAProgressLineOnATerminalAndErasesIt() throws {
        let directory = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            let data = Dataset.moons(count: 1000, noise: 0.1, seed: 1)
            let net = Network(inputs: 2, seed: 1) { Dense(32, activation: .tanh); Dense(32, activation: .tanh); Dense(1, activation: .sigmoid) }
            let h = net.train(on: data, epochs: 80, learningRate: 0.1, batchSize: 16, loss: .crossEntropy)
            print(h.loss.count)

            """
        try Data(script.utf8).write(to: directory.appendingPathComponent("train.backprop"))
        let terminal = try PseudoTerminal()
        let outputURL = directory.appendingPathComponent("out")
        try Data().write(to: outputURL)
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = Kernel.binary
        process.arguments = ["run", "train.backprop"]
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = terminal.follower
        try process.run()
        try terminal.follower.close()
        let written = terminal.readUntilClosed()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: try Data(contentsOf: outputURL), as: UTF8.self) == "80\n")
        // Each line starts over with a carriage return and clears what is left of the old one;
        // the last write erases the line, so the terminal is as clean as before.
        let lines = written.split(separator: "\r", omittingEmptySubsequences: true).map(String.init)
        #expect(lines.count >= 3, "\(written)")
        #expect(lines.first?.hasPrefix("epoch 1/80 [░░░░░░░░░░░░░░░░░░░░]   0% · 0 s elapsed") == true)
        #expect(lines.last == "\u{1B}[K")
        for line in lines.dropFirst().dropLast() {
            #expect(line.hasPrefix("epoch ") && line.hasSuffix("\u{1B}[K"))
            // Cut to the terminal's width (80 columns when it has none set) less one.
            #expect(line.dropLast(3).count <= 79)
        }
        #expect(lines.dropFirst().dropLast().contains { $0.contains("· loss ") || $0.hasSuffix("…\u{1B}[K") })
    }

    @Test func noProgressLineWhenStandardErrorIsAFile() throws {
        let result = try Kernel.run(script: "let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }\nlet h = net.train(on: .xor, epochs: 50)\nh.loss.count\n")
        #expect(result.status == 0)
        #expect(result.stdout == "50\n")
        #expect(result.stderr == "")
    }

    // MARK: - Executing notebooks

    static let smallNotebook = """
        {"cells": [
          {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "# A"},
          {"cell_type": "code", "id": "c1", "metadata": {}, "source": "let x = 2\\nprint(x)", "outputs": [], "execution_count": null},
          {"cell_type": "code", "id": "c2", "metadata": {}, "source": "x * 21", "outputs": [], "execution_count": null}
        ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        """

    @Test func executeStoresTheOutputsInTheNotebookInPlace() throws {
        let directory = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(Self.smallNotebook.utf8).write(to: directory.appendingPathComponent("nb.ipynb"))
        let result = try Kernel.execute(["execute", "nb.ipynb"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout == "ran 2 code cells of nb.ipynb; wrote nb.ipynb\n")
        #expect(result.stderr == "")
        let written = String(decoding: try Data(contentsOf: directory.appendingPathComponent("nb.ipynb")), as: UTF8.self)
        #expect(written.contains("\"name\": \"stdout\",\n     \"output_type\": \"stream\",\n     \"text\": [\n      \"2\\n\"\n     ]"))
        #expect(written.contains("\"text/plain\": [\n       \"42\"\n      ]"))
        #expect(written.contains("\"execution_count\": 2") && written.contains("\"nbformat_minor\": 5") && written.hasSuffix("}\n"))
        #expect(written.contains("\"language_info\": {"))
    }

    @Test func executeWritesASelfContainedPage() throws {
        let directory = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let notebook = Self.smallNotebook.replacingOccurrences(of: "\"source\": \"# A\"", with: "\"source\": \"# Two nodes\\n\\nThe cost $C = \\\\frac{1}{2}(a - y)^2$.\"")
        try Data(notebook.utf8).write(to: directory.appendingPathComponent("nb.ipynb"))
        let result = try Kernel.execute(["execute", "nb.ipynb", "--output", "out.ipynb", "--html", "page.html"], in: directory)
        #expect(result.status == 0 && result.stderr == "")
        #expect(result.stdout == "ran 2 code cells of nb.ipynb; wrote out.ipynb and page.html\n")
        let page = String(decoding: try Data(contentsOf: directory.appendingPathComponent("page.html")), as: UTF8.self)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<title>Two nodes</title>"))
        #expect(page.contains("<h1 id=\"Two-nodes\">Two nodes</h1>"))
        #expect(page.contains("<math><mi>C</mi><mo>=</mo><mfrac>"))
        #expect(page.contains("<span class=\"k\">let</span> x = <span class=\"n\">2</span>"))
        #expect(page.contains("<pre class=\"stream stdout\">2\n</pre>") && page.contains("<pre class=\"plain\">42</pre>"))
        #expect(!page.lowercased().contains("<script") && !page.contains("http"))
    }

    @Test func executeStopsAtAFailingCellAndSaysWhere() throws {
        let directory = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let failing = Self.smallNotebook.replacingOccurrences(of: "x * 21", with: "y * 21")
        try Data(failing.utf8).write(to: directory.appendingPathComponent("nb.ipynb"))
        let result = try Kernel.execute(["execute", "nb.ipynb", "--output", "out.ipynb"], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("nb.ipynb: cell 3 failed: NameError: "))
        #expect(result.stderr.contains("<cell 2>:1:1") && !result.stderr.contains("\u{1B}["))
        #expect(result.stderr.hasSuffix("the notebook with the outputs so far is in out.ipynb; later cells were not run\n"))
        let written = String(decoding: try Data(contentsOf: directory.appendingPathComponent("out.ipynb")), as: UTF8.self)
        #expect(written.contains("\"ename\": \"NameError\""))
        // The input is untouched.
        #expect(String(decoding: try Data(contentsOf: directory.appendingPathComponent("nb.ipynb")), as: UTF8.self) == failing)
        let allowed = try Kernel.execute(["execute", "nb.ipynb", "--output=out.ipynb", "--allow-errors"], in: directory)
        #expect(allowed.status == 0 && allowed.stdout == "ran 2 code cells of nb.ipynb; wrote out.ipynb\n")
    }

    @Test func executeRejectsBadCommandLinesAndFilesThatAreNotNotebooks() throws {
        let directory = try Kernel.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("print(1)\n".utf8).write(to: directory.appendingPathComponent("script.backprop"))
        let none = try Kernel.execute(["execute"], in: directory)
        #expect(none.status == 2 && none.stderr.hasPrefix("backprop-kernel: error: 'execute' needs a notebook: backprop-kernel execute NOTEBOOK.ipynb\n\nusage:"))
        let unknown = try Kernel.execute(["execute", "a.ipynb", "--pdf"], in: directory)
        #expect(unknown.status == 2 && unknown.stderr.hasPrefix("backprop-kernel: error: unknown option '--pdf' for 'execute'"))
        let noPage = try Kernel.execute(["execute", "a.ipynb", "--html"], in: directory)
        #expect(noPage.status == 2 && noPage.stderr.hasPrefix("backprop-kernel: error: '--html' needs a file"))
        let two = try Kernel.execute(["execute", "a.ipynb", "b.ipynb"], in: directory)
        #expect(two.status == 2 && two.stderr.hasPrefix("backprop-kernel: error: 'execute' takes one notebook"))
        let missing = try Kernel.execute(["execute", "nothing.ipynb"], in: directory)
        #expect(missing.status == 1 && missing.stderr == "backprop-kernel: error: cannot open 'nothing.ipynb': No such file or directory\n")
        let script = try Kernel.execute(["execute", "script.backprop"], in: directory)
        #expect(script.status == 1 && script.stderr.hasPrefix("backprop-kernel: error: 'script.backprop' is not a notebook this tool can run: the file is not JSON"))
    }

    // MARK: - The walk-through

    @Test func theREADMEsTasteRunsAndPrintsMazursNumbers() throws {
        let readme = String(decoding: try Data(contentsOf: Kernel.packageRoot.appendingPathComponent("README.md")), as: UTF8.self)
        let section = try #require(readme.components(separatedBy: "## A taste\n\n```swift\n").dropFirst().first)
        let code = try #require(section.components(separatedBy: "```").first)
        #expect(code.split(separator: "\n").count == 10)
        let result = try Kernel.run(script: code)
        #expect(result.status == 0 && result.stderr == "")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "0.2983711087600027 0.08216704056423078 0.00043856773447434685")
        #expect(lines.dropFirst().first == "true")
        #expect(lines.dropFirst(2).first == "∂C/∂W^1_00 = δ^1_0 · a^0_0")
    }

    @Test func lectureExampleRunsToTheEnd() throws {
        let result = try Kernel.execute(["run", "examples/lecture.backprop"], in: Kernel.packageRoot)
        #expect(result.stderr == "")
        #expect(result.status == 0)
        // The lecture's numbers: the output a^2 and the cost C of the classic 2-2-1 example.
        #expect(result.stdout.contains("0.7513650695523157"))
        #expect(result.stdout.contains("0.274811083176155"))
    }
}

/// Starts the built `backprop-kernel` and collects what it writes.
enum Kernel {
    struct Result {
        /// The exit status, or minus the signal number if a signal ended the process.
        var status: Int32
        var stdout: String
        /// Empty when the streams were merged into `stdout`.
        var stderr: String
    }

    /// The package root.
    static let packageRoot = KernelBinary.packageRoot

    /// The binary under test.
    static let binary = KernelBinary.url

    /// What `--help` prints, and what a bad command line prints after its error.
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

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("backprop-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `script` to `named` in a fresh directory and runs `backprop-kernel run named` there.
    static func run(script: String, named name: String = "script.backprop", stdin: String = "",
                    mergingStreams: Bool = false) throws -> Result {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(script.utf8).write(to: directory.appendingPathComponent(name))
        return try execute(["run", name], in: directory, stdin: stdin, mergingStreams: mergingStreams)
    }

    /// Runs the binary with `arguments` in `directory`, feeding `stdin`; output goes through files,
    /// so neither stream can fill a pipe and block. With `mergingStreams`, stderr goes to the
    /// same file as stdout, in the order written.
    static func execute(_ arguments: [String], in directory: URL? = nil, stdin: String = "",
                        mergingStreams: Bool = false) throws -> Result {
        let scratch = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputURL = scratch.appendingPathComponent("stdin")
        let outputURL = scratch.appendingPathComponent("stdout")
        let errorURL = scratch.appendingPathComponent("stderr")
        try Data(stdin.utf8).write(to: inputURL)
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        let input = try FileHandle(forReadingFrom: inputURL)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? input.close()
            try? output.close()
            try? error.close()
        }

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = mergingStreams ? output : error
        try process.run()
        process.waitUntilExit()

        let stdout = String(decoding: try Data(contentsOf: outputURL), as: UTF8.self)
        let stderr = String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
        // A crash shows as a negative status: the signal's number, negated.
        let status = process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
        return Result(status: status, stdout: stdout, stderr: stderr)
    }
}

/// A pseudo-terminal pair: the kernel writes to `follower` as to a terminal, the test reads
/// what arrived from the leader side.
final class PseudoTerminal {
    let leader: Int32
    let follower: FileHandle

    /// Linux's ioctls behind unlockpt() and ptsname() (the Glibc module does not import
    /// posix_openpt and its friends, which need _XOPEN_SOURCE).
    private static let unlock = UInt(0x4004_5431), number = UInt(0x8004_5430)

    init() throws {
        leader = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var locked: Int32 = 0, index: Int32 = 0
        guard leader >= 0, ioctl(leader, Self.unlock, &locked) == 0, ioctl(leader, Self.number, &index) == 0 else {
            throw CocoaError(.fileNoSuchFile)
        }
        let descriptor = open("/dev/pts/\(index)", O_RDWR | O_NOCTTY)
        guard descriptor >= 0 else { throw CocoaError(.fileNoSuchFile) }
        follower = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    deinit { close(leader) }

    /// Everything written until the last writer closed its end (read then fails with EIO).
    func readUntilClosed() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(leader, $0.baseAddress, 4096) }
            if count > 0 {
                bytes += buffer.prefix(count)
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
