import Testing
@testable import Rendering

@Suite struct ColorScaleTests {
    @Test func endpointsAndZero() {
        #expect(ColorScale.color(for: 0, maxMagnitude: 1) == "#ffffff")
        #expect(ColorScale.color(for: 1, maxMagnitude: 1) == "#b2182b")
        #expect(ColorScale.color(for: -1, maxMagnitude: 1) == "#2166ac")
        #expect(ColorScale.color(for: 5, maxMagnitude: 1) == "#b2182b")  // clamped
        #expect(ColorScale.color(for: -.infinity, maxMagnitude: 1) == "#2166ac")
        #expect(ColorScale.color(for: 3, maxMagnitude: 0) == "#ffffff")
        #expect(ColorScale.color(for: .nan, maxMagnitude: 1) == ColorScale.nanColor)
    }

    @Test func intensityIsMonotonic() {
        var previousRed = 256, previousBlue = 256
        for step in 0...20 {
            let t = Double(step) / 20
            let positive = ColorScale.color(for: t, maxMagnitude: 1)
            let negative = ColorScale.color(for: -t, maxMagnitude: 1)
            #expect(positive.count == 7 && positive.hasPrefix("#"))
            // Green falls as the shade deepens, on both sides.
            let green = Int(positive.dropFirst(3).prefix(2), radix: 16) ?? -1
            let negativeGreen = Int(negative.dropFirst(3).prefix(2), radix: 16) ?? -1
            #expect(green <= previousRed)
            #expect(negativeGreen <= previousBlue)
            previousRed = green
            previousBlue = negativeGreen
            #expect(ColorScale.intensity(of: t, maxMagnitude: 1) == t)
        }
    }

    @Test func textColorFlipsOnDeepShades() {
        #expect(ColorScale.textColor(for: 0.1, maxMagnitude: 1) == "#000000")
        #expect(ColorScale.textColor(for: -0.9, maxMagnitude: 1) == "#ffffff")
    }

    @Test func maxMagnitudeIgnoresNonFinite() {
        #expect(ColorScale.maxMagnitude(of: [1, -3, .nan, .infinity]) == 3)
        #expect(ColorScale.maxMagnitude(of: []) == 0)
    }

    @Test func numberFormatShort() {
        #expect(NumberFormat.short(0.15) == "0.15")
        #expect(NumberFormat.short(0.1 + 0.2) == "0.3")
        #expect(NumberFormat.short(-1.23456) == "-1.235")
        #expect(NumberFormat.short(12.3456) == "12.35")
        #expect(NumberFormat.short(1234.56) == "1235")
        #expect(NumberFormat.short(2) == "2")
        #expect(NumberFormat.short(0) == "0")
        #expect(NumberFormat.short(-0.0) == "0")
        #expect(NumberFormat.short(0.0001) == "0.0001")
        #expect(NumberFormat.short(1.5e-7) == "1.5e-7")
        #expect(NumberFormat.short(-2.5e9) == "-2.5e9")
        #expect(NumberFormat.short(123456.7) == "123457")
        #expect(NumberFormat.short(1e6) == "1e6")
        #expect(NumberFormat.short(1.23456e-300) == "1.235e-300")
        #expect(NumberFormat.short(.nan) == "nan")
        #expect(NumberFormat.short(.infinity) == "inf")
        #expect(NumberFormat.short(-.infinity) == "-inf")
        #expect(NumberFormat.short(.greatestFiniteMagnitude) == "1.798e308")
    }

    @Test func numberFormatFull() {
        #expect(NumberFormat.full(0.1 + 0.2) == "0.30000000000000004")
        #expect(NumberFormat.full(-1) == "-1.0")
        #expect(NumberFormat.full(.nan) == "nan")
    }

    @Test func notation() {
        #expect(Markup.html(notation: "W^1") == "W<sup>1</sup>")
        #expect(Markup.html(notation: "W^1_kj") == "W<sup>1</sup><sub>kj</sub>")
        #expect(Markup.html(notation: "a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
        #expect(Markup.latex(notation: "W^1_kj") == "W^{1}_{kj}")
        #expect(Markup.latex(notation: "x^{(2)}") == "x^{(2)}")
        #expect(Markup.latex(notation: "a\\b{c}$%") == "abc")
        #expect(Markup.latex(notation: "layer one") == "\\text{layer one}")
        #expect(Markup.escapeXML("a\u{1}b") == "a\u{FFFD}b")
    }
}
