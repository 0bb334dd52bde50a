import BackpropLanguage
import JSON
import JupyterKernel

/// Turns values into the MIME bundles of execute_result, display_data and inspection.
///
/// The one place rich output (HTML tables, LaTeX, SVG) is added to; every bundle keeps a
/// `text/plain` fallback.
enum MimeRendering {
    /// The most bytes of text one representation may hold (SPEC §5: no output over 1 MiB).
    static let maximumBytes = 1 << 20

    /// The bundle for a value.
    static func bundle(for value: Value) -> MimeBundle {
        MimeBundle(plainText: limited(ValueFormatter.plainText(value)))
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
