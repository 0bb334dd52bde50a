import JupyterKernel
import Testing

@testable import BackpropKernel

/// is_complete: complete, incomplete with the next line's indentation, invalid.
@Suite struct CompletenessTests {
    @Test func complete() {
        for code in ["1 + 1", "let x = 1\nprint(x)", "", "   ", "// just a comment", "func f() {\n}\n", "let s = \"\"\"\n  a\n  \"\"\"",
                     "let a = [1,\n  2]", "/* a */ 1"] {
            #expect(BackpropKernel.completeness(of: code) == .complete, "\(code)")
        }
    }

    @Test func incompleteWithIndent() {
        let samples: [(String, String)] = [
            ("func f() {", "    "),
            ("let a = [1,\n", "    "),
            ("print(", "    "),
            ("if x {\n    if y {", "        "),
            ("let f = { x in\n    Dense(x,", "        "),
            ("let s = \"\"\"\n    hello", "    "),
            ("let x = 1 +", "    "),
            ("func f() {\n    let y =", "    "),
            ("    let x =", "        "),
            ("/* not closed", "    "),
            ("for i in 0..<3", "    "),
            ("let a = 1\r\n  let y =", "      "),
        ]
        for (code, indent) in samples {
            #expect(BackpropKernel.completeness(of: code) == .incomplete(indent: indent), "\(code)")
        }
    }

    @Test func invalid() {
        for code in ["let 5 = = )", ")", "let x = (1]", "}", "let 5 = 3 {", "print(\"abc", "let x = 1 @ 2", "1 1 (", "let = 3 +"] {
            #expect(BackpropKernel.completeness(of: code) == .invalid, "\(code)")
        }
    }

    @Test func answersWhileACellRuns() throws {
        let kernel = BackpropKernel()
        let sink = RecordingSink()
        var answer: Completeness?
        sink.answer = .line("")
        sink.onAsk = { answer = kernel.isComplete(code: "while true {") }
        _ = kernel.run(cell: "input()", executionCount: 1, sink: sink)
        #expect(answer == .incomplete(indent: "    "))
    }
}
