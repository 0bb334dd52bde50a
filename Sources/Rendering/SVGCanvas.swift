/// A tiny builder of self-contained SVG documents: escaped text, inline attributes only, and
/// coordinates written with at most two decimals so that the same picture is always the same bytes.
///
/// No scripts, no `<style>`, no external URLs or fonts: the output survives JupyterLab's
/// sanitizer, nbconvert and GitHub's notebook viewer.
struct SVGCanvas {
    /// The picture's size in pixels.
    let width: Double
    let height: Double
    /// The accessible name, written as the document's `<title>`.
    let title: String
    /// The elements so far, in painting order.
    private(set) var elements: [String] = []

    /// The font of every text.
    static let fontFamily = "sans-serif"

    init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    /// The finished document.
    func render() -> String {
        let w = SVGCanvas.number(width), h = SVGCanvas.number(height)
        var text = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" font-family=\"\(SVGCanvas.fontFamily)\">\n"
        text += "<title>\(SVGCanvas.escape(title))</title>\n"
        text += "<rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
        for element in elements { text += element + "\n" }
        return text + "</svg>\n"
    }

    // MARK: - Elements

    /// A straight line; `tooltip` becomes a `<title>` shown on hover.
    mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double,
        stroke: String = "#000000", width: Double = 1, dash: String? = nil, tooltip: String? = nil
    ) {
        var attributes = [("x1", SVGCanvas.number(x1)), ("y1", SVGCanvas.number(y1)), ("x2", SVGCanvas.number(x2)), ("y2", SVGCanvas.number(y2)),
                          ("stroke", stroke), ("stroke-width", SVGCanvas.number(width))]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        append("line", attributes, tooltip: tooltip)
    }

    /// A rectangle.
    mutating func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String = "none", stroke: String? = nil) {
        var attributes = [("x", SVGCanvas.number(x)), ("y", SVGCanvas.number(y)), ("width", SVGCanvas.number(width)),
                          ("height", SVGCanvas.number(height)), ("fill", fill)]
        if let stroke { attributes.append(("stroke", stroke)) }
        append("rect", attributes)
    }

    /// A circle; `tooltip` becomes a `<title>` shown on hover.
    mutating func circle(_ cx: Double, _ cy: Double, radius: Double, fill: String, stroke: String = "#333333", tooltip: String? = nil) {
        append("circle", [("cx", SVGCanvas.number(cx)), ("cy", SVGCanvas.number(cy)), ("r", SVGCanvas.number(radius)),
                          ("fill", fill), ("stroke", stroke), ("stroke-width", "1")], tooltip: tooltip)
    }

    /// An open line through `points`; `kind` is written as the element's `class` so tests and
    /// readers can tell the series apart (no stylesheet uses it).
    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 1.5, dash: String? = nil, kind: String) {
        let list = points.map { SVGCanvas.number($0.x) + "," + SVGCanvas.number($0.y) }.joined(separator: " ")
        var attributes = [("class", kind), ("points", list), ("fill", "none"), ("stroke", stroke),
                          ("stroke-width", SVGCanvas.number(width)), ("stroke-linejoin", "round")]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        append("polyline", attributes)
    }

    /// Where a text's position lies on it.
    enum Anchor: String {
        case start, middle, end
    }

    /// A line of text at a baseline point; `rotation` in degrees about that point.
    mutating func text(
        _ x: Double, _ y: Double, _ string: String, size: Double = 12, anchor: Anchor = .start,
        fill: String = "#000000", bold: Bool = false, rotation: Double? = nil, tooltip: String? = nil
    ) {
        var attributes = [("x", SVGCanvas.number(x)), ("y", SVGCanvas.number(y)), ("font-size", SVGCanvas.number(size)),
                          ("text-anchor", anchor.rawValue), ("fill", fill)]
        if bold { attributes.append(("font-weight", "bold")) }
        if let rotation {
            attributes.append(("transform", "rotate(\(SVGCanvas.number(rotation)) \(SVGCanvas.number(x)) \(SVGCanvas.number(y)))"))
        }
        var element = "<text" + SVGCanvas.attributeText(attributes) + ">"
        if let tooltip { element += "<title>\(SVGCanvas.escape(tooltip))</title>" }
        elements.append(element + SVGCanvas.escape(string) + "</text>")
    }

    /// Appends one element whose attribute values are escaped here.
    private mutating func append(_ name: String, _ attributes: [(String, String)], tooltip: String? = nil) {
        let head = "<" + name + SVGCanvas.attributeText(attributes)
        if let tooltip {
            elements.append(head + "><title>\(SVGCanvas.escape(tooltip))</title></\(name)>")
        } else {
            elements.append(head + "/>")
        }
    }

    private static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    // MARK: - Text

    /// Escapes the five XML special characters, for text and attribute values alike, and
    /// drops characters XML 1.0 forbids (control characters other than tab, newline, return).
    static func escape(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A coordinate with at most two decimals and no trailing zeros: `12`, `3.5`, `-0.25`;
    /// non-finite values are written as 0 so the document stays valid.
    static func number(_ value: Double) -> String {
        guard value.isFinite, Swift.abs(value) < 1e12 else { return "0" }
        let hundredths = Int((value * 100).rounded())
        if hundredths == 0 { return "0" }
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = Swift.abs(hundredths)
        let whole = magnitude / 100, fraction = magnitude % 100
        if fraction == 0 { return sign + String(whole) }
        if fraction % 10 == 0 { return sign + String(whole) + "." + String(fraction / 10) }
        return sign + String(whole) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
