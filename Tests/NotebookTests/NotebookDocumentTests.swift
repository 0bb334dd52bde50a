import JSON
import Testing

@testable import Notebook

@Suite struct NotebookDocumentTests {
    /// What `nbformat.write` wrote for one code cell with a stream and a display (nbformat
    /// 5.11.1: indent 1, sorted keys, text in lines, a final newline).
    static let written = """
        {
         "cells": [
          {
           "cell_type": "code",
           "execution_count": null,
           "id": "c1",
           "metadata": {},
           "outputs": [
            {
             "name": "stdout",
             "output_type": "stream",
             "text": [
              "a\\n",
              "b\\n"
             ]
            },
            {
             "data": {
              "image/svg+xml": [
               "<svg>\\n",
               "</svg>"
              ],
              "text/plain": [
               "x"
              ]
             },
             "metadata": {},
             "output_type": "display_data"
            }
           ],
           "source": [
            "print('a')\\n",
            "print('b')"
           ]
          }
         ],
         "metadata": {},
         "nbformat": 4,
         "nbformat_minor": 5
        }

        """

    @Test func readsAndWritesExactlyAsNbformatDoes() throws {
        let notebook = try NotebookDocument(parsing: Array(Self.written.utf8))
        #expect(notebook.cells.count == 1)
        let cell = try #require(notebook.cells.first)
        #expect(cell.isCode && cell.id == "c1" && cell.source == "print('a')\nprint('b')" && cell.executionCount == nil)
        #expect(cell.outputs.count == 2)
        #expect(try notebook.serialized() == Self.written)
    }

    @Test func outputsAreStoredInLinesWhateverFormTheyCameIn() throws {
        var notebook = NotebookDocument(cells: [NotebookCell(cellType: "code", id: "c1", source: "print('a')\nprint('b')")])
        notebook.cells[0].outputs = [
            .object([("output_type", .string("stream")), ("name", .string("stdout")), ("text", .string("a\nb\n"))]),
            .object([("output_type", .string("display_data")), ("data", .object([("text/plain", .string("x")), ("image/svg+xml", .string("<svg>\n</svg>"))])), ("metadata", .object([]))]),
        ]
        #expect(try notebook.serialized() == Self.written)
    }

    @Test func linesSplitAsPythonsSplitlinesKeepingEnds() {
        func lines(_ text: String) -> [String] { NotebookDocument.lines(text).array?.compactMap(\.string) ?? [] }
        #expect(lines("") == [])
        #expect(lines("a") == ["a"])
        #expect(lines("a\n") == ["a\n"])
        #expect(lines("a\nb") == ["a\n", "b"])
        #expect(lines("a\r\nb\rc\n\n") == ["a\r\n", "b\r", "c\n", "\n"])
        #expect(lines("x\r") == ["x\r"])
        #expect(lines("a\u{0B}b\u{0C}c\u{1C}d\u{1D}e\u{1E}f\u{85}g\u{2028}h\u{2029}i") ==
                ["a\u{0B}", "b\u{0C}", "c\u{1C}", "d\u{1D}", "e\u{1E}", "f\u{85}", "g\u{2028}", "h\u{2029}", "i"])
        #expect(lines("δ → ∂C/∂W\n") == ["δ → ∂C/∂W\n"])
    }

    @Test func onlyTextualMimeTypesAreSplit() throws {
        let output = NotebookDocument.storedOutput(.object([
            ("output_type", .string("display_data")), ("metadata", .object([])),
            ("data", .object([("text/html", .string("<b>\n</b>")), ("image/png", .string("iVBO\nRw==")), ("application/json", .object([("a", .string("b\n"))]))])),
        ]))
        #expect(output["data"]?["text/html"] == .array([.string("<b>\n"), .string("</b>")]))
        #expect(output["data"]?["image/png"] == .string("iVBO\nRw=="))
        #expect(output["data"]?["application/json"] == .object([("a", .string("b\n"))]))
    }

    @Test func olderNotebooksGetIdsAndAreWrittenAs45() throws {
        let text = """
            {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Title"]},
                       {"cell_type": "code", "metadata": {"tags": ["x"]}, "source": "1", "outputs": [], "execution_count": 3, "id": "cell-1"},
                       {"cell_type": "code", "metadata": {}, "source": "", "outputs": [], "execution_count": null, "id": "bad id!"},
                       {"cell_type": "raw", "metadata": {}, "source": "", "id": "cell-1"}],
             "metadata": {"kernelspec": {"name": "backprop", "display_name": "Backprop (Swift DSL)"}}, "nbformat": 4, "nbformat_minor": 2}
            """
        let notebook = try NotebookDocument(parsing: Array(text.utf8))
        // Valid unique ids stay; missing, invalid and repeated ones get fresh unique ones.
        #expect(notebook.cells.map(\.id) == ["cell-2", "cell-1", "cell-3", "cell-4"])
        #expect(notebook.cells[1].executionCount == 3 && notebook.cells[1].metadata["tags"] == .array([.string("x")]))
        let written = try notebook.serialized()
        #expect(written.contains("\"nbformat_minor\": 5") && written.contains("\"display_name\": \"Backprop (Swift DSL)\""))
        #expect(!written.contains("outputs\": [],\n   \"source\": [\n    \"# Title\""))
        // Markdown and raw cells have no outputs or execution count.
        let reread = try NotebookDocument(parsing: Array(written.utf8))
        #expect(reread.cells.map(\.id) == notebook.cells.map(\.id))
        let markdown = try JSONValue.parse(written)["cells"]?.array?.first
        #expect(markdown?["outputs"] == nil && markdown?["execution_count"] == nil)
    }

    @Test func whatIsNotARunnableNotebookIsAClearError() {
        func error(_ text: String) -> String? {
            do {
                _ = try NotebookDocument(parsing: Array(text.utf8))
                return nil
            } catch {
                return error.message
            }
        }
        #expect(error("not json")?.hasPrefix("the file is not JSON") == true)
        #expect(error("[1]") == "the file is JSON but not a notebook: its top level is not an object")
        #expect(error("{}") == "the file is not a notebook: it has no 'nbformat' version")
        #expect(error("{\"nbformat\": 3, \"worksheets\": []}")?.hasPrefix("the notebook is nbformat 3; only nbformat 4") == true)
        #expect(error("{\"nbformat\": 4}") == "the notebook has no 'cells' list")
        #expect(error("{\"nbformat\": 4, \"cells\": [{}]}") == "cell 1 is not a cell: it has no 'cell_type'")
        #expect(error("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": [1]}]}") == "cell 1 has a 'source' that is neither a string nor a list of strings")
        #expect(error(String(repeating: "[", count: 5000)) != nil)
    }
}
