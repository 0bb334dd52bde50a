import NeuralNet

/// A network drawn as the lecture draws it, as a self-contained SVG: nodes in columns by layer
/// (input layer 0 on the left, output layer L on the right), an edge from node j of layer l−1
/// to node k of layer l for each weight W^l_kj, coloured by its sign and thickened by its size.
public enum NetworkDiagram {
    /// Layers with more nodes show only this many at each end, with "⋮" and "+N more" between.
    static let shownAtEachEnd = 5
    /// Layers with at most this many nodes are drawn whole.
    static let maximumWholeLayer = 12
    /// Networks with more layers show the first 4 and last 4 (and the input), with a gap between.
    static let maximumWholeLayers = 10
    /// Edges get a hover title with the weight when there are at most this many drawn.
    static let maximumEdgeTooltips = 400
    /// The thickest edge, for the layer's largest |W^l_kj|; the thinnest drawn.
    static let maximumEdgeWidth = 4.0
    static let minimumEdgeWidth = 0.25

    /// Distances in pixels.
    static let columnSpacing = 150.0
    static let gapColumnWidth = 70.0
    static let rowSpacing = 46.0
    static let margin = 60.0

    /// One column of the picture: a layer, or the gap standing for layers left out.
    enum Column {
        case layer(Int)
        case gap(skipped: Int)
    }

    /// Nodes by layer (input layer 0 … L); edges from node j of layer l−1 to node k of layer l
    /// coloured by the sign of W^l_kj (``ColorScale``) and with width ∝ |W^l_kj| / max_kj |W^l_kj|;
    /// node labels a^l_k, or, when `nodeValues` is given (one array per layer, index 0 the input
    /// layer, e.g. δ^l or a^l), the value in each node, shaded by sign and size on one scale for
    /// all layers, and named `valueName` in the hover titles. Layer captions give "layer l", the
    /// activation, the node count and max |W^l|, the weight the thickest edge stands for. Layers over 12 nodes show their first 5 and last 5 nodes with "⋮" and
    /// "+N more", so a 784-128-10 network stays small.
    public static func svg(_ network: Network, nodeValues: [[Double]]? = nil, valueName: String? = nil, title: String? = nil) -> String {
        let sizes = network.sizes
        let columns = self.columns(layerCount: network.layerCount)
        let slots = sizes.map(shownNodes)
        let tallest = columns.reduce(1) { result, column in
            guard case .layer(let l) = column else { return result }
            return Swift.max(result, slots[l].count)
        }
        let sizeText = sizes.map(String.init).joined(separator: "-")
        var top = 24.0
        if title != nil { top += 24 }
        if valueName != nil { top += 16 }
        var xs: [Double] = []
        var x = margin
        for column in columns {
            if case .gap = column {
                xs.append(x - columnSpacing / 2 + gapColumnWidth / 2)
                x += gapColumnWidth
            } else {
                xs.append(x)
                x += columnSpacing
            }
        }
        let width = x - columnSpacing + margin
        let captionTop = top + Double(tallest) * rowSpacing + 14
        let height = captionTop + 66

        let heading = title ?? "Network \(sizeText)"
        var canvas = SVGCanvas(width: Swift.max(width, 240), height: height,
                               title: heading + (valueName.map { ", node values " + $0 } ?? ""))
        let centre = Swift.max(width, 240) / 2
        var headingY = 20.0
        if let title {
            canvas.text(centre, headingY + 2, title, size: 15, anchor: .middle, bold: true)
            headingY += 22
        }
        if let valueName {
            canvas.text(centre, headingY + 4, "node values: " + valueName, size: 11, anchor: .middle, fill: "#555555")
        }

        /// The y of slot `index` in a column of `count` slots, centred against the tallest.
        func y(_ index: Int, of count: Int) -> Double {
            top + (Double(tallest - count) / 2 + Double(index) + 0.5) * rowSpacing
        }

        // Edges first, so the nodes are painted over their ends.
        let edgeCount = zip(columns.dropFirst(), columns).reduce(0) { total, pair in
            guard case .layer(let l) = pair.0, case .layer(let previous) = pair.1, previous == l - 1 else { return total }
            return total + slots[l].compactMap { $0 }.count * slots[l - 1].compactMap { $0 }.count
        }
        for (position, column) in columns.enumerated() where position > 0 {
            guard case .layer(let l) = column, case .layer(let previous) = columns[position - 1], previous == l - 1 else { continue }
            let layer = network.layers[l - 1]
            let weights = layer.weights.elements, inputs = layer.inputs
            let largest = ColorScale.maxMagnitude(of: weights)
            for (kSlot, k) in slots[l].enumerated() {
                guard let k else { continue }
                for (jSlot, j) in slots[l - 1].enumerated() {
                    guard let j else { continue }
                    let index = k * inputs + j
                    let w = index < weights.count ? weights[index] : .nan
                    let strength = w.isNaN ? 0 : ColorScale.intensity(of: w, maxMagnitude: largest)
                    let tooltip = edgeCount <= maximumEdgeTooltips
                        ? "W" + superscripted(l) + subscripted(k) + (k >= 10 || j >= 10 ? "," : "") + subscripted(j) + " = " + NumberFormat.full(w) : nil
                    canvas.line(xs[position - 1], y(jSlot, of: slots[l - 1].count), xs[position], y(kSlot, of: slots[l].count),
                                stroke: ColorScale.color(for: w, maxMagnitude: largest),
                                width: Swift.max(minimumEdgeWidth, maximumEdgeWidth * strength), tooltip: tooltip)
                }
            }
        }

        // Nodes, labels and captions. Node values share one scale, so layers compare (a δ
        // vanishing towards the input shows as paler nodes).
        let largestValue = ColorScale.maxMagnitude(of: (nodeValues ?? []).joined())
        let radius = nodeValues == nil ? 15.0 : 20.0
        for (position, column) in columns.enumerated() {
            let cx = xs[position]
            switch column {
            case .gap(let skipped):
                canvas.text(cx, y(0, of: 1) + 5, "⋯", size: 18, anchor: .middle, fill: "#555555")
                canvas.text(cx, captionTop, "+\(skipped) layers", size: 11, anchor: .middle, fill: "#555555")
            case .layer(let l):
                let values = nodeValues.flatMap { l < $0.count ? $0[l] : nil }
                for (slot, k) in slots[l].enumerated() {
                    let cy = y(slot, of: slots[l].count)
                    guard let k else {
                        canvas.text(cx, cy - 2, "⋮", size: 16, anchor: .middle, fill: "#555555")
                        canvas.text(cx, cy + 14, "+\(sizes[l] - 2 * shownAtEachEnd) more", size: 10, anchor: .middle, fill: "#555555")
                        continue
                    }
                    let symbol = "a" + superscripted(l) + subscripted(k)
                    if let values, k < values.count {
                        let value = values[k]
                        let name = (valueName ?? "value") + superscripted(l) + subscripted(k)
                        canvas.circle(cx, cy, radius: radius, fill: ColorScale.color(for: value, maxMagnitude: largestValue),
                                      tooltip: name + " = " + NumberFormat.full(value))
                        canvas.text(cx, cy + 3.5, NumberFormat.short(value), size: 9, anchor: .middle,
                                    fill: ColorScale.textColor(for: value, maxMagnitude: largestValue))
                    } else {
                        canvas.circle(cx, cy, radius: radius, fill: l == 0 ? "#eeeeee" : "#ffffff", tooltip: symbol)
                        canvas.text(cx, cy + 4, symbol, size: 11, anchor: .middle)
                    }
                }
                canvas.text(cx, captionTop, "layer \(l)", size: 12, anchor: .middle, bold: true)
                canvas.text(cx, captionTop + 16, l == 0 ? "input" : network.layers[l - 1].activation.rawValue, size: 11, anchor: .middle, fill: "#555555")
                canvas.text(cx, captionTop + 31, "\(sizes[l]) node" + (sizes[l] == 1 ? "" : "s"), size: 11, anchor: .middle, fill: "#555555")
                if l > 0 {
                    // The edge widths' scale: the thickest edge into this layer stands for this.
                    let largest = ColorScale.maxMagnitude(of: network.layers[l - 1].weights.elements)
                    canvas.text((xs[Swift.max(0, position - 1)] + cx) / 2, captionTop + 46, "max |W" + superscripted(l) + "| = " + NumberFormat.short(largest),
                                size: 10, anchor: .middle, fill: "#777777")
                }
            }
        }
        return canvas.render()
    }

    /// The columns to draw: every layer, or for a deep network the input, layers 1…4, a gap and
    /// the last four layers.
    static func columns(layerCount: Int) -> [Column] {
        guard layerCount > maximumWholeLayers else { return (0...layerCount).map { .layer($0) } }
        return (0...4).map { Column.layer($0) } + [.gap(skipped: layerCount - 8)] + ((layerCount - 3)...layerCount).map { .layer($0) }
    }

    /// The node indices drawn for a layer of `count` nodes, nil standing for the ones left out.
    static func shownNodes(_ count: Int) -> [Int?] {
        guard count > maximumWholeLayer else { return (0..<count).map { $0 } }
        return (0..<shownAtEachEnd).map { $0 } + [nil] + ((count - shownAtEachEnd)..<count).map { $0 }
    }

    /// A whole number in Unicode superscript digits: 12 → ¹².
    static func superscripted(_ n: Int) -> String {
        String(String(n).map { digit -> Character in
            switch digit {
            case "0": "⁰"
            case "1": "¹"
            case "2": "²"
            case "3": "³"
            case "4": "⁴"
            case "5": "⁵"
            case "6": "⁶"
            case "7": "⁷"
            case "8": "⁸"
            case "9": "⁹"
            case "-": "⁻"
            default: digit
            }
        })
    }

    /// A whole number in Unicode subscript digits: 12 → ₁₂.
    static func subscripted(_ n: Int) -> String {
        String(String(n).map { digit -> Character in
            guard let value = digit.wholeNumberValue, let scalar = Unicode.Scalar(0x2080 + UInt32(value)) else { return digit }
            return Character(scalar)
        })
    }
}
