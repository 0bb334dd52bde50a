import Testing
@testable import BackpropLanguage

/// Int and Double: checked arithmetic, promotion, conversions, and Swift's print formatting.
@Suite struct NumberTests {
    // MARK: - Overflow

    @Test func additionOverflowIsARuntimeError() {
        expectError("let x = ⟪Int.max + 1⟫", .runtimeError,
                    "integer overflow: 9223372036854775807 + 1 does not fit in an Int; use Doubles for numbers this large")
    }

    @Test func subtractionOverflowIsARuntimeError() {
        expectError("let x = ⟪Int.min - 1⟫", .runtimeError,
                    "integer overflow: -9223372036854775808 - 1 does not fit in an Int; use Doubles for numbers this large")
    }

    @Test func multiplicationOverflowIsARuntimeError() {
        expectError("let big = 4_000_000_000\nlet x = ⟪big * big⟫", .runtimeError,
                    "integer overflow: 4000000000 * 4000000000 does not fit in an Int; use Doubles for numbers this large")
    }

    @Test func unaryMinusOverflowIsARuntimeError() {
        expectError("let m = Int.min\nlet x = ⟪-m⟫", .runtimeError, "integer overflow: -(-9223372036854775808) does not fit in an Int")
    }

    @Test func minDividedByMinusOneIsARuntimeError() {
        expectError("let x = ⟪Int.min / -1⟫", .runtimeError,
                    "integer overflow: -9223372036854775808 / -1 does not fit in an Int; use Doubles for numbers this large")
        expectError("let x = ⟪Int.min % -1⟫", .runtimeError,
                    "integer overflow: -9223372036854775808 % -1 does not fit in an Int; use Doubles for numbers this large")
    }

    @Test func compoundAssignmentOverflowIsARuntimeError() {
        expectError("var x = Int.max\n⟪x += 1⟫", .runtimeError,
                    "integer overflow: 9223372036854775807 + 1 does not fit in an Int; use Doubles for numbers this large")
        expectError("var x = Int.max\n⟪x *= 2⟫", .runtimeError,
                    "integer overflow: 9223372036854775807 * 2 does not fit in an Int; use Doubles for numbers this large")
    }

    @Test func overflowInsideALoopKeepsTheLastValue() throws {
        let session = Session()
        #expect(session.error("var x = 1\nwhile true { x *= 2 }")?.name == "RuntimeError")
        #expect(try session.run("x") == "4611686018427387904")
    }

    @Test func overflowOfSumAndAbs() {
        expectError("let s = ⟪[Int.max, 1].sum()⟫", .runtimeError,
                    "integer overflow: the sum does not fit in an Int; convert to Double first")
        expectError("let a = ⟪abs(Int.min)⟫", .runtimeError, "integer overflow in abs(-9223372036854775808)")
    }

    @Test func largestIntsWork() throws {
        #expect(try output("print(Int.max, Int.min, Int.max - 1 + 1, Int.min + 1, 9223372036854775807)") ==
                "9223372036854775807 -9223372036854775808 9223372036854775807 -9223372036854775807 9223372036854775807\n")
    }

    // MARK: - Division

    @Test func intDivisionByZeroIsARuntimeError() {
        expectError("let zero = 0\nlet x = ⟪1 / zero⟫", .runtimeError,
                    "division by zero in Int division; check the divisor, or divide Doubles (which give inf)")
        expectError("let x = ⟪7 % 0⟫", .runtimeError, "division by zero in '%'; check the divisor")
    }

    @Test func doubleDivisionByZeroFollowsIEEE() throws {
        #expect(try output("print(1.0 / 0, -1.0 / 0.0, 0.0 / 0.0, 1 / 0.0)") == "inf -inf nan inf\n")
    }

    @Test func intDivisionTruncatesTowardZero() throws {
        #expect(try output("print(7 / 2, -7 / 2, 7 % 3, -7 % 3, 7 % -3)") == "3 -3 1 -1 1\n")
    }

    @Test func doubleRemainderIsTruncating() throws {
        #expect(try output("print(7.5 % 2, -7.5 % 2, 5.0 % 2.5)") == "1.5 -1.5 0.0\n")
    }

    // MARK: - Promotion and conversion

    @Test func intPromotesToDouble() throws {
        #expect(try output("print(1 + 2.5, 2 * 0.5, 3 - 0.5, 7.0 / 2, 7 / 2.0, 1 < 1.5, 2 == 2.0, 3 >= 2.5)") ==
                "3.5 1.0 2.5 3.5 3.5 true true true\n")
    }

    @Test func promotionThroughVariables() throws {
        #expect(try output("let n = 3\nlet x = 0.5\nvar y = n * x\ny += n\nprint(y, n / 2, Double(n) / 2)") == "4.5 1 1.5\n")
    }

    @Test func intConversionTruncates() throws {
        #expect(try output("print(Int(3.9), Int(-3.9), Int(0.5), Int(-0.5), Int(7), Int(true), Int(\"42\"))") == "3 -3 0 0 7 1 42\n")
    }

    @Test func intConversionOfHugeOrNaNIsARuntimeError() {
        expectError("let x = ⟪Int(1e19)⟫", .runtimeError, "cannot convert 1e+19 to Int: it is not finite or out of Int's range")
        expectError("let x = ⟪Int(Double.nan)⟫", .runtimeError, "cannot convert nan to Int: it is not finite or out of Int's range")
        expectError("let x = ⟪Int(\"abc\")⟫", .valueError, "cannot convert \"abc\" to Int")
    }

    @Test func doubleConversion() throws {
        #expect(try output("print(Double(3), Double(-2), Double(2.5), Double(\"1e3\"))") == "3.0 -2.0 2.5 1000.0\n")
        expectError("let x = ⟪Double(\"one\")⟫", .valueError, "cannot convert \"one\" to Double")
    }

    @Test func aDoubleWhereAnIntIsNeededIsATypeError() {
        expectError("let r = ⟪0..<2.5⟫", .typeError, .contains("expected an Int for the range's upper bound, found the Double 2.5"))
    }

    @Test func numberLiterals() throws {
        #expect(try output("print(1_000_000, 0xff, 0b101, 0o17, 2e3, 1.5E2, 1_0.5)") == "1000000 255 5 15 2000.0 150.0 10.5\n")
    }

    @Test func constants() throws {
        #expect(try output("print(Double.pi, Double.infinity, -Double.infinity)") == "3.141592653589793 inf -inf\n")
    }

    @Test func unaryOperators() throws {
        #expect(try output("let x = 2\nlet y = 2.5\nprint(-x, +x, -y, -(-x), !true)") == "-2 2 -2.5 2 false\n")
    }

    // MARK: - Printing exactly as Swift

    @Test func doublesPrintLikeSwift() throws {
        let code = "print(0.1, 1.0, 3.5e-05, 0.000035, 1e20, 100000000000000000000.0, -0.0, 1.0 / 0.0, 0.0 / 0.0)"
        #expect(try output(code) == "0.1 1.0 3.5e-05 3.5e-05 1e+20 1e+20 -0.0 inf nan\n")
    }

    @Test func doublesAtTheSwitchToExponents() throws {
        #expect(try output("print(1e15, 1e16, 0.0001, 0.00001, 123456789.125, 1.0 / 3.0)") ==
                "1000000000000000.0 1e+16 0.0001 1e-05 123456789.125 0.3333333333333333\n")
    }

    @Test func shortestRoundTripDigits() throws {
        #expect(try output("print(0.1 + 0.2, 1.1 * 1.1, 2.0 / 3.0, 5e-324, 1.7976931348623157e308)") ==
                "0.30000000000000004 1.2100000000000002 0.6666666666666666 5e-324 1.7976931348623157e+308\n")
    }

    @Test func resultOfANumberIsItsPrintForm() throws {
        #expect(try result("0.1 + 0.2") == "0.30000000000000004")
        #expect(try result("-0.0") == "-0.0")
        #expect(try result("3.5e-05") == "3.5e-05")
        #expect(try result("1 + 1") == "2")
        #expect(try result("1 > 0") == "true")
    }

    @Test func numbersInArraysPrintTheSame() throws {
        #expect(try output("print([0.1, 1e20, -0.0], [Double.nan])") == "[0.1, 1e+20, -0.0] [nan]\n")
    }
}
