import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NeuralNet
import Testing
@testable import Rendering

@Suite struct HeatmapTests {
    @Test func binsToMeans() throws {
        let matrix = try Matrix(rowArrays: [[1, 3, 0, 0], [1, 3, -4, -8]])
        let means = Heatmap.binnedMeans(matrix, binRows: 1, binColumns: 2)
        #expect(means == [2, -3])
        #expect(Heatmap.binnedMeans(matrix, binRows: 2, binColumns: 4) == matrix.elements)
    }

    @Test func svgIsSelfContainedAndLabelled() throws {
        let matrix = try Matrix.random(rows: 784, columns: 128, seed: 3)
        let svg = Heatmap.svg(matrix, title: "W^1 <first layer>")
        #expect(parsesAsXML(svg, wrap: false))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width="))
        #expect(svg.contains("viewBox=\"0 0 "))
        #expect(svg.contains("<title>W^1 &lt;first layer&gt; (784 × 128) heatmap</title>"))
        #expect(svg.contains("font-weight=\"bold\">W<tspan baseline-shift=\"super\" font-size=\"75%\">1</tspan> &lt;first layer&gt;</text>"))
        #expect(svg.contains(">783</text>") && svg.contains(">127</text>"))
        #expect(svg.contains("font-style=\"italic\">j</text>") && svg.contains("font-style=\"italic\">k</text>"))
        #expect(svg.contains("binned to 64 × 64 (block means)"))
        #expect(svg.contains("min ") && svg.contains(", max "))
        #expect(outsideURLs(svg) == 0)
        #expect(!svg.contains("<script"))
        #expect(svg.utf8.count < 100_000)
        print("784×128 heatmap bytes: \(svg.utf8.count)")
    }

    @Test func smallMatrixIsNotBinned() throws {
        let matrix = try Matrix(rowArrays: [[1, -1], [0, .nan]])
        let svg = Heatmap.svg(matrix, title: nil)
        #expect(parsesAsXML(svg, wrap: false))
        #expect(!svg.contains("binned"))
        #expect(svg.contains(ColorScale.nanColor))
        #expect(svg.contains("fill=\"#b2182b\" d=\"M0 0h1v1h-1z\""))
    }

    @Test func maxCellsBoundsTheCells() throws {
        let matrix = try Matrix.random(rows: 300, columns: 500, seed: 9)
        let svg = Heatmap.svg(matrix, title: "x", maxCells: 10)
        #expect(svg.contains("binned to 10 × 10"))
        #expect(svg.components(separatedBy: "v1h-").count - 1 <= 100)
        #expect(svg.components(separatedBy: "<path").count - 1 <= 2 * Heatmap.levels + 2)
        #expect(parsesAsXML(svg, wrap: false))
    }

    @Test func emptyMatrixStillParses() throws {
        let svg = Heatmap.svg(try Matrix(rows: 0, columns: 0, elements: []), title: nil)
        #expect(parsesAsXML(svg, wrap: false))
    }
}
