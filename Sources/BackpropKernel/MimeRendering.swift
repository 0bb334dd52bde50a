import BackpropLanguage
import JSON
import JupyterKernel
import Rendering

/// Turns values into the MIME bundles of execute_result, display_data and inspection.
///
/// The one place the kernel chooses rich output: matrices and vectors as shaded HTML tables and
/// LaTeX `bmatrix`es (with a heatmap beyond 40 rows or columns); passes, gradients, steps,
/// gradient checks and per-layer lists as tables per layer in the lecture's notation; `explain`
/// as the chain rule in LaTeX and Markdown; networks as SVG diagrams; training histories and
/// their plots as SVG loss charts; decision boundaries as shaded SVG grids with the data. Every
/// bundle keeps `text/plain`.
enum MimeRendering {
    /// The most bytes of text one representation may hold (SPEC §5: no output over 1 MiB).
    static let maximumBytes = 1 << 20

    /// The bundle for a value.
    static func bundle(for value: Value) -> MimeBundle {
        if let rich = richOutput(for: value) { return bundle(rich) }
        return MimeBundle(plainText: limited(ValueFormatter.plainText(value)))
    }

    /// The live progress display of a `train` call: its status line and loss chart so far.
    static func bundle(for report: TrainingReport) -> MimeBundle {
        bundle(TrainingProgressView.render(report))
    }

    /// The Rendering module's output for values that have more than text, else nil.
    private static func richOutput(for value: Value) -> RenderedOutput? {
        switch value {
        case .matrix(let matrix):
            guard let notation = matrix.notation else { return MatrixTable.render(matrix) }
            return MatrixTable.render(matrix, symbol: notation.name, rowLabel: notation.rowIndex, columnLabel: notation.columnIndex)
        case .vector(let vector):
            return MatrixTable.render(vector, symbol: vector.notation?.name)
        case .network(let reference):
            return withPlainText(value, .init("image/svg+xml", NetworkDiagram.svg(reference.network)))
        case .object(let object):
            switch object.kind {
            case .history(let history):
                return withPlainText(value, .init("image/svg+xml", LossChart.svg(history)))
            case .plot(.history(let history, let logScale)):
                return withPlainText(value, .init("image/svg+xml", LossChart.svg(history, logScale: logScale)))
            case .plot(.decisionBoundary(let network, let data)):
                return withPlainText(value, .init("image/svg+xml", DecisionBoundaryChart.svg(network, data)))
            case .plot(.diagram(let network, let values)):
                return withPlainText(value, .init("image/svg+xml", NetworkDiagram.svg(network, nodeValues: values?.layers, valueName: values?.symbol)))
            case .pass(let pass, let single):
                return LayerTables.render(pass, single: single)
            case .gradients(let gradients, let single):
                return LayerTables.render(gradients, single: single)
            case .step(let step, let single):
                return LayerTables.render(step, single: single)
            case .check(let check):
                return LayerTables.render(check)
            case .layers(let list):
                return LayerTables.render(list)
            case .explanation(let explanation):
                return ExplainFormula.render(explanation)
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// The value's text/plain followed by a richer representation.
    private static func withPlainText(_ value: Value, _ rich: RenderedOutput.Representation) -> RenderedOutput {
        RenderedOutput([.init("text/plain", ValueFormatter.plainText(value)), rich])
    }

    /// A rendered output as a bundle of at most ``maximumBytes`` in all (SPEC §5: all MIME
    /// entries of an output together): the largest representations other than text/plain are
    /// left out until the rest fits, and text/plain alone is cut if it must be.
    static func bundle(_ output: RenderedOutput, maximumBytes: Int = maximumBytes) -> MimeBundle {
        var entries = output.representations.map { (mimeType: $0.mimeType, text: $0.text) }
        func total() -> Int { entries.reduce(0) { $0 + $1.text.utf8.count } }
        while total() > maximumBytes,
              let largest = entries.indices.filter({ entries[$0].mimeType != "text/plain" })
                .max(by: { entries[$0].text.utf8.count < entries[$1].text.utf8.count }) {
            entries.remove(at: largest)
        }
        return MimeBundle(data: entries.map { ($0.mimeType, JSONValue.string(limited($0.text, maximumBytes: maximumBytes))) })
    }

    /// `text` cut to `maximumBytes` (at a scalar boundary) with a note of how much was left out.
    static func limited(_ text: String, maximumBytes: Int = maximumBytes) -> String {
        let total = text.utf8.count
        guard total > maximumBytes else { return text }
        var kept = String.UnicodeScalarView()
        var bytes = 0
        let note = "\n… (output truncated: \(total) bytes in all)"
        let budget = maximumBytes - note.utf8.count
        for scalar in text.unicodeScalars {
            bytes += UTF8.width(scalar)
            if bytes > budget { break }
            kept.append(scalar)
        }
        return String(kept) + note
    }
}
