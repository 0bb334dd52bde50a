#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How numbers read in tables, charts and formulas: a short display form and the full one.
public enum NumberFormat {
    /// Significant digits of the short form.
    public static let significantDigits = 4

    /// A number to 4 significant digits, trailing zeros dropped: `0.15`, `-1.235`, `12.35`;
    /// scientific below 1e-4 and from 1e6 in magnitude (`1.5e-7`, `2.5e9`); `nan`, `inf`, `-inf`.
    public static func short(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return "0" }
        let magnitude = Swift.abs(x)
        if magnitude >= 1e-4 && magnitude < 1e6 {
            let exponent = Int(log10(magnitude).rounded(.down))
            let decimals = Swift.max(0, significantDigits - 1 - exponent)
            let text = trimmingZeros(format("%.*f", decimals, x))
            return text == "-0" ? "0" : text
        }
        let text = format("%.*e", significantDigits - 1, x)
        guard let e = text.firstIndex(of: "e") else { return text }
        let mantissa = trimmingZeros(String(text[..<e]))
        var exponent = String(text[text.index(after: e)...])
        if exponent.hasPrefix("+") { exponent.removeFirst() }
        let negative = exponent.hasPrefix("-")
        if negative { exponent.removeFirst() }
        while exponent.count > 1 && exponent.hasPrefix("0") { exponent.removeFirst() }
        return mantissa + "e" + (negative ? "-" : "") + exponent
    }

    /// Swift's shortest round-trip text of a number: `0.30000000000000004`, `-1.0`, `nan`, `inf`.
    public static func full(_ x: Double) -> String {
        x.description
    }

    /// A fraction as a percentage to 4 significant digits: `75%`, `66.67%`, `100%`.
    public static func percent(_ fraction: Double) -> String {
        short(fraction * 100) + "%"
    }

    /// A span of time for people: `0.4 s`, `12 s`, `2 min 05 s`, `1 h 02 min`; `over 99 h`
    /// beyond that, and `0 s` for negative or non-finite values.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds > 0 else { return "0 s" }
        if seconds < 9.95 { return format("%.*f", 1, seconds) + " s" }
        guard seconds < 99 * 3600 + 3599 else { return "over 99 h" }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        let twoDigits: (Int) -> String = { $0 < 10 ? "0\($0)" : "\($0)" }
        if whole < 3600 { return "\(whole / 60) min \(twoDigits(whole % 60)) s" }
        return "\(whole / 3600) h \(twoDigits(whole % 3600 / 60)) min"
    }

    /// Drops trailing zeros after a decimal point, and the point if nothing follows it.
    private static func trimmingZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = Substring(text)
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return String(result)
    }

    /// C's `snprintf` with one precision and one Double.
    private static func format(_ pattern: String, _ precision: Int, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 400)
        let written = buffer.withUnsafeMutableBufferPointer { pointer -> Int32 in
            withVaList([Int32(precision), value]) { vsnprintf(pointer.baseAddress, 400, pattern, $0) }
        }
        guard written > 0 else { return value.description }
        let count = Swift.min(Int(written), 399)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
