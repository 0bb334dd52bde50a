/// A diverging colour scale for signed values: blue for negative, white for zero, red for
/// positive, deeper with the magnitude (ColorBrewer's RdBu endpoints, readable by most
/// colour-blind viewers).
public enum ColorScale {
    /// The colour of the most negative value: ColorBrewer RdBu's dark blue.
    public static let negativeEnd: (red: Int, green: Int, blue: Int) = (33, 102, 172)
    /// The colour of the most positive value: ColorBrewer RdBu's dark red.
    public static let positiveEnd: (red: Int, green: Int, blue: Int) = (178, 24, 43)
    /// The colour of zero.
    public static let zeroColor = "#ffffff"
    /// The colour of NaN: a neutral grey.
    public static let nanColor = "#bdbdbd"

    /// The `#rrggbb` colour of `value` on a scale whose ends are ±`maxMagnitude`.
    ///
    /// Intensity is |value| / maxMagnitude, clamped to [0, 1]; infinities take the full colour;
    /// a zero, negative or NaN `maxMagnitude` gives white; a NaN value gives grey.
    public static func color(for value: Double, maxMagnitude: Double) -> String {
        if value.isNaN { return nanColor }
        let t = intensity(of: value, maxMagnitude: maxMagnitude)
        if t == 0 { return zeroColor }
        let end = value < 0 ? negativeEnd : positiveEnd
        return hex(mix(255, end.red, t), mix(255, end.green, t), mix(255, end.blue, t))
    }

    /// A text colour readable on `color(for:maxMagnitude:)`: white on deep shades, else black.
    public static func textColor(for value: Double, maxMagnitude: Double) -> String {
        if value.isNaN { return "#000000" }
        return intensity(of: value, maxMagnitude: maxMagnitude) > 0.6 ? "#ffffff" : "#000000"
    }

    /// How strongly `value` is shaded, from 0 (white) to 1 (full colour).
    public static func intensity(of value: Double, maxMagnitude: Double) -> Double {
        if value.isNaN || value == 0 { return 0 }
        if value.isInfinite { return 1 }
        guard maxMagnitude > 0, !maxMagnitude.isNaN else { return 0 }
        if maxMagnitude.isInfinite { return 0 }
        return Swift.min(1, Swift.abs(value) / maxMagnitude)
    }

    /// The largest finite |value| of `values`, the natural `maxMagnitude` (0 when there is none).
    public static func maxMagnitude<S: Sequence>(of values: S) -> Double where S.Element == Double {
        var largest = 0.0
        for value in values where value.isFinite {
            largest = Swift.max(largest, Swift.abs(value))
        }
        return largest
    }

    private static func mix(_ from: Int, _ to: Int, _ t: Double) -> Int {
        let value = (Double(from) + (Double(to) - Double(from)) * t).rounded()
        return Swift.max(0, Swift.min(255, Int(value)))
    }

    private static func hex(_ red: Int, _ green: Int, _ blue: Int) -> String {
        "#" + [red, green, blue].map { component in
            let digits = String(component, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
