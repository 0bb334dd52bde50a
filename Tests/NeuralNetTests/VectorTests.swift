import Testing

@testable import NeuralNet

@Suite struct VectorTests {
    let a = Vector([1, 2, 3])
    let b = Vector([4, 5, 6])
    let short = Vector([1, 2])

    @Test func storesElementsAndCount() throws {
        #expect(a.elements == [1, 2, 3])
        #expect(a.count == 3)
        #expect(Vector([]).count == 0)
        #expect(try Vector(repeating: 0.5, count: 4).elements == [0.5, 0.5, 0.5, 0.5])
        #expect(try Vector(repeating: 1, count: 0).elements == [])
        #expect(a.description == "[1.0, 2.0, 3.0]")
    }

    @Test func repeatingRejectsBadCounts() {
        expectMathError(.value, mentioning: ["-1"]) { _ = try Vector(repeating: 0, count: -1) }
        expectMathError(.value, mentioning: ["\(Int.max)"]) { _ = try Vector(repeating: 0, count: Int.max) }
    }

    @Test func readsAndWritesElements() throws {
        var v = a
        #expect(try v.element(at: 0) == 1)
        #expect(try v.element(at: 2) == 3)
        try v.setElement(9, at: 1)
        #expect(v.elements == [1, 9, 3])
        #expect(a.elements == [1, 2, 3], "value semantics")
    }

    @Test func indexErrorsNameTheIndexAndTheLength() {
        expectMathError(.value, mentioning: ["index 3", "length 3", "0 to 2"]) { _ = try a.element(at: 3) }
        expectMathError(.value, mentioning: ["index -1", "length 3"]) { _ = try a.element(at: -1) }
        expectMathError(.value, mentioning: ["index 0", "length 0", "empty"]) {
            _ = try Vector([]).element(at: 0)
        }
        var v = a
        expectMathError(.value, mentioning: ["index 5", "length 3"]) { try v.setElement(1, at: 5) }
        #expect(v == a, "a failed write changes nothing")
    }

    @Test func elementwiseArithmetic() throws {
        #expect(try (a + b).elements == [5, 7, 9])
        #expect(try (b - a).elements == [3, 3, 3])
        #expect(try (a * b).elements == [4, 10, 18])
        #expect(try (b / Vector([2, 5, 4])).elements == [2, 1, 1.5])
        #expect(try (Vector([]) + Vector([])).elements == [])
        let quotient = try Vector([1, -1, 0]) / Vector([0, 0, 0])
        #expect(quotient.elements[0] == .infinity)
        #expect(quotient.elements[1] == -.infinity)
        #expect(quotient.elements[2].isNaN)
    }

    @Test func elementwiseLengthMismatchNamesBothLengths() {
        expectMathError(.shape, mentioning: ["add", "length 3", "length 2"]) { _ = try a + short }
        expectMathError(.shape, mentioning: ["subtract", "length 2 from", "length 3"]) { _ = try a - short }
        expectMathError(.shape, mentioning: ["multiply", "length 3", "length 2"]) { _ = try a * short }
        expectMathError(.shape, mentioning: ["divide", "length 2", "length 3"]) { _ = try short / a }
    }

    @Test func scalarsBroadcastOnBothSides() {
        #expect((a + 1).elements == [2, 3, 4])
        #expect((1 + a).elements == [2, 3, 4])
        #expect((a - 1).elements == [0, 1, 2])
        #expect((10 - a).elements == [9, 8, 7])
        #expect((a * 2).elements == [2, 4, 6])
        #expect((3 * a).elements == [3, 6, 9])
        #expect((b / 2).elements == [2, 2.5, 3])
        #expect((12 / b).elements == [3, 2.4, 2])
        #expect((-a).elements == [-1, -2, -3])
    }

    @Test func dotProduct() throws {
        #expect(try a.dot(b) == 32)
        #expect(try Vector([]).dot(Vector([])) == 0)
        expectMathError(.shape, mentioning: ["dot", "length 3", "length 2"]) { _ = try a.dot(short) }
    }

    @Test func outerProduct() throws {
        let m = a.outer(short)
        #expect(m.rows == 3)
        #expect(m.columns == 2)
        #expect(m.rowArrays == [[1, 2], [2, 4], [3, 6]])
        #expect(try m.element(2, 1) == (try a.element(at: 2)) * (try short.element(at: 1)))
        let empty = Vector([]).outer(a)
        #expect(empty.shape == [0, 3])
        #expect(a.outer(Vector([])).shape == [3, 0])
    }

    @Test func reductions() throws {
        let v = Vector([3, -1, 4, 1.5])
        #expect(v.sum() == 7.5)
        #expect(try v.mean() == 1.875)
        #expect(try v.max() == 4)
        #expect(try v.min() == -1)
        #expect(Vector([]).sum() == 0)
        #expect(try Vector([-2]).max() == -2)
        #expect(try Vector([1, .nan, 3]).max().isNaN)
        #expect(try Vector([1, .nan, 3]).min().isNaN)
    }

    @Test func reductionsOfAnEmptyVectorThrow() {
        expectMathError(.value, mentioning: ["mean", "empty"]) { _ = try Vector([]).mean() }
        expectMathError(.value, mentioning: ["maximum", "empty"]) { _ = try Vector([]).max() }
        expectMathError(.value, mentioning: ["minimum", "empty"]) { _ = try Vector([]).min() }
    }

    @Test func mapAppliesInOrderAndRethrows() throws {
        #expect(a.map { $0 * $0 }.elements == [1, 4, 9])
        struct Stop: Error {}
        var seen: [Double] = []
        #expect(throws: Stop.self) {
            _ = try a.map { x in
                seen.append(x)
                if x == 2 { throw Stop() }
                return x
            }
        }
        #expect(seen == [1, 2])
    }

    @Test func equality() {
        #expect(Vector([1, 2]) == Vector([1, 2]))
        #expect(Vector([1, 2]) != Vector([2, 1]))
    }
}
