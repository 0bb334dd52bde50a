import JSON
import Testing

@testable import Notebook

/// The outputs nbclient 0.11 stores for each IOPub message (checked against its source).
@Suite struct OutputRecorderTests {
    private func notebook(_ cells: Int) -> NotebookDocument {
        NotebookDocument(cells: (0..<cells).map { NotebookCell(cellType: "code", id: "c\($0)", source: "x") })
    }

    private func stream(_ text: String, _ name: String = "stdout") -> JSONValue {
        .object([("name", .string(name)), ("text", .string(text))])
    }

    private func display(_ text: String, id: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("data", .object([("text/plain", .string(text))])), ("metadata", .object([]))]
        if let id { members.append(("transient", .object([("display_id", .string(id))]))) }
        return .object(members)
    }

    private func texts(_ recorder: OutputRecorder, _ cell: Int) -> [String] {
        recorder.notebook.cells[cell].outputs.map { $0["text"]?.string ?? $0["data"]?["text/plain"]?.string ?? $0["output_type"]?.string ?? "?" }
    }

    @Test func eachMessageIsOneOutputAndTransientIsNotStored() {
        var recorder = OutputRecorder(notebook: notebook(1))
        recorder.start(cell: 0)
        recorder.record("stream", stream("a\n"))
        recorder.record("stream", stream("b\n"))
        recorder.record("stream", stream("c\n", "stderr"))
        recorder.record("display_data", display("shown", id: "d1"))
        recorder.record("execute_input", .object([("code", .string("x"))]))
        recorder.record("execute_result", .object([("data", .object([("text/plain", .string("2"))])), ("metadata", .object([])), ("execution_count", .integer(7))]))
        recorder.finish(cell: 0, executionCount: 1)
        let outputs = recorder.notebook.cells[0].outputs
        #expect(outputs.count == 5)
        #expect(outputs[0] == .object([("output_type", .string("stream")), ("name", .string("stdout")), ("text", .string("a\n"))]))
        #expect(outputs[2]["name"] == .string("stderr"))
        #expect(outputs[3] == .object([("output_type", .string("display_data")), ("data", .object([("text/plain", .string("shown"))])), ("metadata", .object([]))]))
        #expect(outputs[4]["execution_count"] == .integer(7) && outputs[4]["output_type"] == .string("execute_result"))
        #expect(recorder.notebook.cells[0].executionCount == 1)
    }

    @Test func updatesReplaceDataAndMetadataOfEveryOutputWithTheIdInThisRun() {
        var recorder = OutputRecorder(notebook: notebook(2))
        recorder.start(cell: 0)
        recorder.record("display_data", display("first", id: "d1"))
        recorder.record("update_display_data", display("updated", id: "d1"))
        recorder.record("update_display_data", display("unknown", id: "nope"))
        recorder.finish(cell: 0, executionCount: 1)
        #expect(texts(recorder, 0) == ["updated"])
        recorder.start(cell: 1)
        // Shown again in another cell: the earlier output follows, and a new one is added.
        recorder.record("display_data", display("again", id: "d1"))
        recorder.record("update_display_data", display("last", id: "d1"))
        recorder.finish(cell: 1, executionCount: 2)
        #expect(texts(recorder, 0) == ["last"] && texts(recorder, 1) == ["last"])
        #expect(recorder.notebook.cells[0].outputs[0]["output_type"] == .string("display_data"))
    }

    @Test func clearOutputNowOrBeforeTheNextOutput() {
        var recorder = OutputRecorder(notebook: notebook(1))
        recorder.start(cell: 0)
        recorder.record("stream", stream("a\n"))
        recorder.record("display_data", display("d", id: "d1"))
        recorder.record("clear_output", .object([("wait", .bool(false))]))
        #expect(texts(recorder, 0) == [])
        // The cleared display is forgotten: updating it adds nothing.
        recorder.record("update_display_data", display("x", id: "d1"))
        #expect(texts(recorder, 0) == [])
        recorder.record("stream", stream("b\n"))
        recorder.record("clear_output", .object([("wait", .bool(true))]))
        #expect(texts(recorder, 0) == ["b\n"])
        recorder.record("stream", stream("c\n"))
        #expect(texts(recorder, 0) == ["c\n"])
        // A pending clear with no output after it clears nothing.
        recorder.record("clear_output", .object([("wait", .bool(true))]))
        recorder.finish(cell: 0, executionCount: 1)
        #expect(texts(recorder, 0) == ["c\n"])
    }

    @Test func startingACellEmptiesItsOldOutputsAndMetadataCanBeSet() {
        var document = notebook(1)
        document.cells[0].outputs = [.object([("output_type", .string("stream")), ("name", .string("stdout")), ("text", .string("old"))])]
        document.metadata = .object([("kernelspec", .object([("name", .string("backprop"))])), ("language_info", .string("stale"))])
        var recorder = OutputRecorder(notebook: document)
        recorder.setMetadata("language_info", .object([("name", .string("backprop"))]))
        recorder.start(cell: 0)
        recorder.record("error", .object([("ename", .string("ValueError")), ("evalue", .string("bad")), ("traceback", .array([.string("line")]))]))
        #expect(recorder.notebook.cells[0].outputs == [.object([
            ("output_type", .string("error")), ("ename", .string("ValueError")), ("evalue", .string("bad")), ("traceback", .array([.string("line")])),
        ])])
        #expect(recorder.notebook.metadata["kernelspec"]?["name"] == .string("backprop"))
        #expect(recorder.notebook.metadata["language_info"]?["name"] == .string("backprop"))
    }
}
