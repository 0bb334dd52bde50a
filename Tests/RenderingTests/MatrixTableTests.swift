import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import BackpropLanguage
import NeuralNet
import Testing
@testable import Rendering

/// Whether `text` parses as XML (HTML fragments are wrapped in a root first).
func parsesAsXML(_ text: String, wrap: Bool) -> Bool {
    let document = wrap ? "<root>" + text + "</root>" : text
    let parser = XMLParser(data: Data(document.utf8))
    // On Linux parse() can answer true for a mismatched tag; the error is only in parserError.
    return parser.parse() && parser.parserError == nil
}

/// The SVG documents of the heatmaps in an HTML table: `<img>`s with base64 `data:` URIs.
func embeddedHeatmaps(_ html: String) -> [String] {
    let marker = "src=\"data:image/svg+xml;base64,"
    return html.components(separatedBy: marker).dropFirst().compactMap { rest in
        guard let end = rest.firstIndex(of: "\""), let data = Data(base64Encoded: String(rest[..<end])) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Every `http://` or `https://` in `text` except the SVG namespace.
func outsideURLs(_ text: String) -> Int {
    let cleaned = text.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    return cleaned.components(separatedBy: "http://").count - 1 + cleaned.components(separatedBy: "https://").count - 1
}



@Suite struct MatrixTableTests {
    static func small() throws -> Matrix { try Matrix(rowArrays: [[0.15, -0.2], [0.25, 0.3]]) }

    @Test func smallMatrixHTMLSnapshot() throws {
        let output = MatrixTable.render(try Self.small(), symbol: "W^1")
        let expected = """
        <div>
        <table style="border-collapse:collapse;font-family:monospace;font-size:12px">
        <caption style="caption-side:top;text-align:left;font-family:sans-serif;padding:2px 0;white-space:nowrap"><b>W<sup>1</sup></b> · <span style="color:#555">2 × 2</span></caption>
        <thead><tr><th style="padding:2px 6px;text-align:right;font-weight:normal;color:#555;background:#f5f5f5;border:1px solid #ddd"></th><th style="padding:2px 6px;text-align:right;font-weight:normal;color:#555;background:#f5f5f5;border:1px solid #ddd">j = 0</th><th style="padding:2px 6px;text-align:right;font-weight:normal;color:#555;background:#f5f5f5;border:1px solid #ddd">j = 1</th></tr></thead>
        <tbody>
        <tr><th style="padding:2px 6px;text-align:right;font-weight:normal;color:#555;background:#f5f5f5;border:1px solid #ddd">k = 0</th><td style="padding:2px 6px;text-align:right;border:1px solid #ddd;background:#d98c95;color:#000000" title="0.15">0.15</td><td style="padding:2px 6px;text-align:right;border:1px solid #ddd;background:#6b99c8;color:#ffffff" title="-0.2">-0.2</td></tr>
        <tr><th style="padding:2px 6px;text-align:right;font-weight:normal;color:#555;background:#f5f5f5;border:1px solid #ddd">k = 1</th><td style="padding:2px 6px;text-align:right;border:1px solid #ddd;background:#bf3f4e;color:#ffffff" title="0.25">0.25</td><td style="padding:2px 6px;text-align:right;border:1px solid #ddd;background:#b2182b;color:#ffffff" title="0.3">0.3</td></tr>
        </tbody>
        </table>
        <div style="font-family:sans-serif;font-size:11px;color:#555;margin-top:4px">shading (blue −, red +): <span style="display:inline-block;padding:0 4px;border:1px solid #ddd;background:#2166ac;color:#ffffff">-0.3</span><span style="display:inline-block;padding:0 4px;border:1px solid #ddd;background:#90b3d6;color:#000000">-0.15</span><span style="display:inline-block;padding:0 4px;border:1px solid #ddd;background:#ffffff;color:#000000">0</span><span style="display:inline-block;padding:0 4px;border:1px solid #ddd;background:#d98c95;color:#000000">0.15</span><span style="display:inline-block;padding:0 4px;border:1px solid #ddd;background:#b2182b;color:#ffffff">0.3</span></div>
        </div>
        """
        #expect(output["text/html"] == expected)
    }

    @Test func smallMatrixLaTeXSnapshot() throws {
        let output = MatrixTable.render(try Self.small(), symbol: "W^1")
        #expect(output["text/latex"] == "$$W^{1} = \\begin{bmatrix} 0.15 & -0.2 \\\\ 0.25 & 0.3 \\end{bmatrix}$$")
    }

    @Test func plainTextIsTheLanguageTable() throws {
        let output = MatrixTable.render(try Self.small(), symbol: "W^1")
        #expect(try output["text/plain"] == ValueFormatter.matrixTable(Self.small(), title: "W^1"))
        #expect(output["text/plain"]?.hasPrefix("W^1 2×2") == true)
        #expect(output["text/plain"]?.contains("k = 1") == true)
        #expect(output["image/svg+xml"] == nil)
        #expect(output.representations.map(\.mimeType) == ["text/plain", "text/latex", "text/html"])
    }

    @Test func fullPrecisionOnHover() throws {
        let matrix = try Matrix(rowArrays: [[0.1 + 0.2, 1e-7], [.nan, -.infinity]])
        let output = MatrixTable.render(matrix, title: "odd <values> & such")
        let html = try #require(output["text/html"])
        #expect(html.contains("title=\"0.30000000000000004\">0.3</td>"))
        #expect(html.contains("title=\"1e-07\">1e-7</td>"))
        #expect(html.contains("title=\"nan\">nan</td>"))
        #expect(html.contains("title=\"-inf\">-inf</td>"))
        #expect(html.contains("odd &lt;values&gt; &amp; such"))
        #expect(parsesAsXML(html, wrap: true))
        let latex = try #require(output["text/latex"])
        #expect(latex.contains("1 \\times 10^{-7}"))
        #expect(latex.contains("\\text{nan} & -\\infty"))
        #expect(latexCommands(latex).isSubset(of: mathJaxWhitelist))
    }

    @Test func htmlIsSafeAndWellFormed() throws {
        for output in [MatrixTable.render(try Self.small(), title: "Weights <script>alert(1)</script>", symbol: "W^1_kj"),
                       MatrixTable.render(Vector([1, -2, 3]), symbol: "b^2")] {
            let html = try #require(output["text/html"])
            #expect(parsesAsXML(html, wrap: true))
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains("<style"))
            #expect(outsideURLs(html) == 0)
            #expect(html.contains("<table"))
            #expect(latexCommands(output["text/latex"] ?? "").isSubset(of: mathJaxWhitelist))
        }
    }

    @Test func vectorIsOneColumn() throws {
        let output = MatrixTable.render(Vector([0.5, -1]), symbol: "b^1")
        let html = try #require(output["text/html"])
        #expect(html.contains("<th style=\"\(HTMLTable.headerStyle)\">b<sup>1</sup></th>"))
        #expect(html.contains("k = 1"))
        #expect(!html.contains("j = 0"))
        #expect(output["text/latex"] == "$$b^{1} = \\begin{bmatrix} 0.5 \\\\ -1 \\end{bmatrix}$$")
        #expect(output["text/plain"] == ValueFormatter.vectorTable(Vector([0.5, -1]), title: "b^1"))
    }

    @Test func largeMatrixIsSummarised() throws {
        let matrix = try Matrix.random(rows: 784, columns: 128, seed: 7)
        let output = MatrixTable.render(matrix, symbol: "W^1")
        let html = try #require(output["text/html"])
        #expect(html.contains(">k = 783</th>"))
        #expect(html.contains(">j = 127</th>"))
        #expect(html.contains(">k = 2</th>"))
        #expect(!html.contains(">k = 3</th>"))
        #expect(html.contains("784 × 128, showing corners"))
        #expect(html.contains("⋱") && html.contains("⋮") && html.contains("…"))
        #expect(parsesAsXML(html, wrap: true))
        let latex = try #require(output["text/latex"])
        #expect(latex.contains("\\cdots") && latex.contains("\\vdots") && latex.contains("\\ddots"))
        #expect(latexCommands(latex).isSubset(of: mathJaxWhitelist))
        // The heatmap is drawn inside the HTML (frontends show only the HTML of a bundle).
        #expect(output["image/svg+xml"] == nil)
        // As an image, which JupyterLab's sanitizer keeps (it strips inline <svg>).
        #expect(!html.contains("<svg"))
        let heatmaps = embeddedHeatmaps(html)
        #expect(heatmaps.count == 1)
        let svg = try #require(heatmaps.first)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.contains("784 × 128, binned to 64 × 64"))
        #expect(html.contains("<img alt=\"W^1 heatmap\" src=\"data:image/svg+xml;base64,"))
        #expect(parsesAsXML(svg, wrap: false))
        #expect(svg.utf8.count < 100_000)
        #expect(output.byteCount < 1 << 20)
        print("784×128 bytes: total \(output.byteCount), html \(html.utf8.count), latex \(latex.utf8.count), svg \(svg.utf8.count)")
    }

    @Test func hugeMatrixStaysUnderTheCap() throws {
        let matrix = try Matrix.random(rows: 2000, columns: 2000, seed: 1)
        let output = MatrixTable.render(matrix, title: "big")
        #expect(output.byteCount < 1 << 20)
        #expect(output["text/html"]?.contains(">k = 1999</th>") == true)
        #expect(embeddedHeatmaps(output["text/html"] ?? "").count == 1)
        #expect(parsesAsXML(output["text/html"] ?? "", wrap: true))
        print("2000×2000 bytes: total \(output.byteCount)")
    }

    @Test func largeVectorIsSummarisedWithAHeatmap() throws {
        let vector = Vector((0..<100).map { Double($0) - 50 })
        let output = MatrixTable.render(vector, symbol: "δ^2")
        let html = try #require(output["text/html"])
        #expect(html.contains(">k = 99</th>"))
        #expect(html.contains("100 elements, showing first and last"))
        #expect(parsesAsXML(html, wrap: true))
        #expect(output["text/latex"]?.contains("\\vdots") == true)
        let heatmap = try #require(embeddedHeatmaps(html).first)
        #expect(heatmap.contains("100 × 1") && parsesAsXML(heatmap, wrap: false))
        #expect(html.contains("<img alt=\"δ^2 heatmap\""))
    }

    @Test func emptyMatrix() throws {
        let matrix = try Matrix(rows: 0, columns: 3, elements: [])
        let output = MatrixTable.render(matrix)
        #expect(parsesAsXML(output["text/html"] ?? "", wrap: true))
        #expect(output["text/latex"] == "$$\\begin{bmatrix} \\end{bmatrix}$$")
    }
}
