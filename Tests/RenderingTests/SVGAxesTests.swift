import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@testable import Rendering

/// An SVG document parsed with Foundation's XMLParser: whether it is well-formed, and its
/// elements in document order with their attributes and text. Shared by the SVG tests.
struct ParsedSVG {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text = ""
        /// The text of a `<title>` child (the hover text).
        var tooltip = ""
    }

    let elements: [Element]
    let wellFormed: Bool
    let byteCount: Int

    init(_ svg: String) {
        let data = Data(svg.utf8)
        byteCount = data.count
        let parser = XMLParser(data: data)
        let collector = Collector()
        parser.delegate = collector
        // On Linux parse() can answer true for a mismatched tag; the error is only in parserError.
        wellFormed = parser.parse() && parser.parserError == nil
        elements = collector.elements
    }

    /// The elements with a name, e.g. "circle".
    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }

    /// Every text element's content, joined.
    var texts: [String] { all("text").map(\.text) }

    /// The points of the polyline of a class, as (x, y) pairs.
    func points(_ kind: String) -> [(x: Double, y: Double)] {
        guard let line = all("polyline").first(where: { $0.attributes["class"] == kind }), let list = line.attributes["points"] else { return [] }
        return list.split(separator: " ").compactMap { pair in
            let parts = pair.split(separator: ",").compactMap { Double(String($0)) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var open: [Int] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            open.append(elements.count)
            elements.append(Element(name: elementName, attributes: attributeDict))
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard let index = open.popLast() else { return }
            if elementName == "title", let parent = open.last { elements[parent].tooltip += elements[index].text }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            // Text belongs to the innermost open element (a <title> inside a <text> keeps its own).
            if let index = open.last { elements[index].text += string }
        }
    }
}

@Suite struct SVGAxesTests {
    private func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= 1e-12 * Swift.max(1, Swift.abs($1)) }
    }

    @Test func niceLinearTicks() {
        #expect(close(SVGAxes.linearTicks(0, 0.73), [0, 0.2, 0.4, 0.6]))
        #expect(SVGAxes.linearTicks(0, 0.73) == [0, 0.2, 0.4, 0.6])
        #expect(SVGAxes.linearTicks(1, 4) == [1, 2, 3, 4])
        #expect(SVGAxes.linearTicks(-1, 1) == [-1, -0.5, 0, 0.5, 1])
        #expect(SVGAxes.linearTicks(0.31, 0.37) == [0.32, 0.34, 0.36])
        #expect(SVGAxes.linearTicks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(SVGAxes.linearTicks(5, 5) == [5])
        #expect(SVGAxes.linearTicks(.nan, 1).isEmpty)
    }

    @Test func integerTicksForEpochs() {
        #expect(SVGAxes.linearTicks(1, 3, maxCount: 6, integers: true) == [1, 2, 3])
        #expect(SVGAxes.linearTicks(1, 10_000, maxCount: 6, integers: true) == [2000, 4000, 6000, 8000, 10_000])
        #expect(SVGAxes.linearTicks(1, 2000, maxCount: 6, integers: true) == [500, 1000, 1500, 2000])
    }

    @Test func logTicksArePowersOfTen() {
        let ticks = SVGAxes.logTicks(0.001, 10)
        #expect(ticks == [0.001, 0.01, 0.1, 1, 10])
        for tick in ticks {
            let exponent = log10(tick).rounded()
            #expect(tick == SVGAxes.powerOfTen(Int(exponent)))
        }
        // Many decades are thinned to every second or third power.
        let wide = SVGAxes.logTicks(1e-12, 1e6)
        #expect(wide.count <= 8 && wide.count >= 4)
        #expect(wide.allSatisfy { SVGAxes.powerOfTen(Int(log10($0).rounded())) == $0 })
        #expect(SVGAxes.logTicks(2, 9).isEmpty)
    }

    @Test func decadeBounds() {
        #expect(SVGAxes.decadeBounds(0.03, 0.9) == (0.01, 1))
        #expect(SVGAxes.decadeBounds(1, 1) == (1, 10))
        #expect(SVGAxes.decadeBounds(0.001, 100) == (0.001, 100))
        #expect(SVGAxes.decade(of: 1000) == 3 && SVGAxes.decade(of: 999.9) == 2 && SVGAxes.decade(of: 0.001) == -3)
    }

    @Test func scalesMapEndsToPixels() {
        let linear = SVGAxes.Scale(lower: 1, upper: 4, start: 300, end: 100, logarithmic: false)
        #expect(linear.position(1) == 300 && linear.position(4) == 100 && linear.position(2.5) == 200)
        let log = SVGAxes.Scale(lower: 0.01, upper: 1, start: 300, end: 100, logarithmic: true)
        #expect(Swift.abs(log.position(0.1) - 200) < 1e-9)
    }

    @Test func canvasNumbersAndEscaping() {
        #expect(SVGCanvas.number(12) == "12")
        #expect(SVGCanvas.number(3.5) == "3.5")
        #expect(SVGCanvas.number(-0.25) == "-0.25")
        #expect(SVGCanvas.number(0.07) == "0.07")
        #expect(SVGCanvas.number(1.999) == "2")
        #expect(SVGCanvas.number(-0.004) == "0")
        #expect(SVGCanvas.number(.nan) == "0" && SVGCanvas.number(.infinity) == "0")
        #expect(SVGCanvas.escape("a < b & \"c\" > 'd'") == "a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;")
        #expect(SVGCanvas.escape("x\u{01}y") == "xy")
    }

    @Test func canvasDocumentIsSelfContained() {
        var canvas = SVGCanvas(width: 100, height: 50, title: "<t>")
        canvas.text(10, 20, "a & b", tooltip: "full")
        canvas.line(0, 0, 10, 10, tooltip: "w < 0")
        canvas.circle(5, 5, radius: 2, fill: "#ffffff")
        let svg = canvas.render()
        let parsed = ParsedSVG(svg)
        #expect(parsed.wellFormed)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"50\" viewBox=\"0 0 100 50\""))
        #expect(parsed.all("title").first?.text == "<t>")
        #expect(!svg.contains("<style") && !svg.contains("<script") && !svg.contains("href"))
    }
}
