import Testing

@testable import NeuralNet

@Suite struct MathErrorTests {
    @Test func storesKindAndMessage() {
        let error = MathError(.shape, "cannot add a 2×3 matrix and a 3×2 matrix")
        #expect(error.kind == .shape)
        #expect(error.message == "cannot add a 2×3 matrix and a 3×2 matrix")
        #expect(error.description == error.message)
        #expect("\(error)" == "cannot add a 2×3 matrix and a 3×2 matrix")
    }

    @Test func equalityComparesKindAndMessage() {
        #expect(MathError(.value, "a") == MathError(.value, "a"))
        #expect(MathError(.value, "a") != MathError(.shape, "a"))
        #expect(MathError(.value, "a") != MathError(.value, "b"))
    }

    @Test func shapeTextUsesTheMultiplicationSign() {
        #expect(MathError.shapeText(2, 3) == "2\u{00D7}3")
    }

    @Test func elementCountChecksSignsAndLimit() throws {
        #expect(try MathError.elementCount(rows: 2, columns: 3) == 6)
        #expect(try MathError.elementCount(rows: 0, columns: 5) == 0)
        expectMathError(.value, mentioning: ["-1 rows"]) {
            _ = try MathError.elementCount(rows: -1, columns: 3)
        }
        expectMathError(.value, mentioning: ["-2 columns"]) {
            _ = try MathError.elementCount(rows: 1, columns: -2)
        }
        expectMathError(.value, mentioning: ["\(Int.max)×2"]) {
            _ = try MathError.elementCount(rows: Int.max, columns: 2)
        }
        expectMathError(.value, mentioning: ["\(Matrix.maximumElementCount)"]) {
            _ = try MathError.elementCount(rows: 1 << 14, columns: 1 << 14)
        }
    }
}
