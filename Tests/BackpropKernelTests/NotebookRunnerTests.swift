import BackpropLanguage
import JSON
import Notebook
import Testing

@testable import BackpropKernel

/// `backprop-kernel execute`'s engine: a notebook's code cells through the real protocol core.
@Suite struct NotebookRunnerTests {
    private func notebook(_ sources: [(String, String)]) -> NotebookDocument {
        NotebookDocument(cells: sources.enumerated().map { index, cell in
            NotebookCell(cellType: cell.0, id: "c\(index)", source: cell.1)
        })
    }

    @Test func runsTheCodeCellsInOrderAndStoresTheirOutputs() throws {
        let input = notebook([
            ("markdown", "# Two nodes"),
            ("code", "let net = Network(inputs: 2, seed: 1) { Dense(2); Dense(1) }\nprint(\"built\")"),
            ("code", "   \n"),
            ("code", "net.weights[1]"),
            ("code", "show(Vector([1, 2]))\nlet h = net.train(on: .xor, epochs: 3, batchSize: 4)"),
        ])
        var announced: [Int] = []
        let outcome = try NotebookRunner().run(input, allowErrors: false) { cell, count in
            announced.append(cell)
            #expect(count == 3)
        }
        #expect(outcome.failure == nil && outcome.executed == 3 && announced == [1, 3, 4])
        let cells = outcome.notebook.cells
        #expect(cells[0].outputs.isEmpty && cells[2].executionCount == nil && cells[2].outputs.isEmpty)
        #expect(cells[1].executionCount == 1 && cells[3].executionCount == 2 && cells[4].executionCount == 3)
        #expect(cells[1].outputs == [.object([("output_type", .string("stream")), ("name", .string("stdout")), ("text", .string("built\n"))])])
        let result = try #require(cells[3].outputs.first)
        #expect(result["output_type"] == .string("execute_result") && result["execution_count"] == .integer(2))
        #expect(result["data"]?["text/html"]?.string?.contains("W<sup>1</sup>") == true)
        // show() and the training display; the display holds its final state, with no transient.
        #expect(cells[4].outputs.count == 2)
        let progress = try #require(cells[4].outputs.last)
        #expect(progress["transient"] == nil)
        #expect(progress["data"]?["text/plain"]?.string?.hasPrefix("trained 3 epochs in ") == true)
        #expect(outcome.notebook.metadata["language_info"]?["name"] == .string("backprop"))
        #expect(outcome.notebook.metadata["language_info"]?["file_extension"] == .string(".backprop"))
    }

    @Test func stopsAtTheFirstErrorLeavingLaterCellsAsTheyWere() throws {
        var input = notebook([("code", "let a = 1"), ("code", "let b = a +\n"), ("code", "print(a)")])
        input.cells[2].outputs = [.object([("output_type", .string("stream")), ("name", .string("stdout")), ("text", .string("old\n"))])]
        input.cells[2].executionCount = 42
        let outcome = try NotebookRunner().run(input, allowErrors: false)
        let failure = try #require(outcome.failure)
        #expect(failure.cell == 1 && failure.ename == "SyntaxError" && outcome.executed == 2)
        let error = try #require(outcome.notebook.cells[1].outputs.first)
        #expect(error["output_type"] == .string("error") && error["ename"] == .string("SyntaxError"))
        #expect(error["traceback"]?.array?.contains { $0.string?.contains("<cell 2>:1:") == true } == true)
        #expect(outcome.notebook.cells[2].executionCount == 42 && outcome.notebook.cells[2].outputs.count == 1)
    }

    @Test func withAllowErrorsEveryCellRuns() throws {
        let input = notebook([("code", "let a = 1"), ("code", "a / 0 + undefinedName"), ("code", "input(\"? \")"), ("code", "a + 1")])
        let outcome = try NotebookRunner().run(input, allowErrors: true)
        #expect(outcome.failure == nil && outcome.executed == 4)
        #expect(outcome.notebook.cells[1].outputs.first?["ename"] == .string("NameError"))
        // No one to ask: input() is a RuntimeError, as SPEC §2 says for execute.
        #expect(outcome.notebook.cells[2].outputs.first?["ename"] == .string("RuntimeError"))
        #expect(outcome.notebook.cells[3].outputs.first?["data"]?["text/plain"] == .string("2"))
        #expect(outcome.notebook.cells.map(\.executionCount) == [1, 2, 3, 4])
    }

    @Test func anInterruptStopsTheRunningCell() throws {
        let flag = InterruptFlag()
        let runner = try NotebookRunner(interruptFlag: flag)
        let input = notebook([("code", "var n = 0\nwhile true { n += 1 }"), ("code", "n")])
        after(milliseconds: 300) { flag.set() }
        let outcome = runner.run(input, allowErrors: false)
        #expect(outcome.failure?.ename == "Interrupted" && outcome.failure?.cell == 0)
    }
}
