import Testing
@testable import BackpropLanguage

/// Functions and closures: labels, defaults, recursion, nesting, captures, `$0`, trailing closures.
@Suite struct FunctionTests {
    private let scale = "func scale(_ a: Double, by b: Int = 2) -> Double { return a * Double(b) }\n"

    // MARK: - Labels and defaults

    @Test func labelsAndDefaults() throws {
        #expect(try output(scale + "print(scale(3), scale(3, by: 4))") == "6.0 12.0\n")
    }

    @Test func labelsDefaultToParameterNames() throws {
        #expect(try output("func area(width: Double, height: Double) -> Double { width * height }\nprint(area(width: 2, height: 3.5))") == "7.0\n")
    }

    @Test func defaultsMayBeExpressionsAndSkipInTheMiddle() throws {
        let code = """
        func f(_ a: Int, b: Int = 10 * 2, c: Int = 3) -> Int { a + b + c }
        print(f(1), f(1, c: 0), f(1, b: 0), f(1, b: 1, c: 1))
        """
        #expect(try output(code) == "24 21 4 3\n")
    }

    @Test func parameterAnnotationsConvertIntToDouble() throws {
        #expect(try output("func show(_ x: Double) -> String { \"\\(x)\" }\nprint(show(2))") == "2.0\n")
    }

    @Test func returnAnnotationConvertsIntToDouble() throws {
        #expect(try output("func one() -> Double { return 1 }\nprint(one(), one() / 2)") == "1.0 0.5\n")
    }

    @Test func wrongLabelIsATypeError() {
        expectError("func h(x: Int) -> Int { x }\n⟪h(3)⟫", .typeError,
                    "wrong argument label in call to 'h': found no label, expected 'x:'; the signature is h(x:)")
        expectError("func h(_ x: Int) -> Int { x }\n⟪h(x: 3)⟫", .typeError,
                    "wrong argument label in call to 'h': found 'x:', expected no label; the signature is h(_:)")
    }

    @Test
    func misspeltLabelOfADefaultedParameterIsReportedAsAWrongLabel() {
        expectError(scale + "⟪scale(1, bi: 2)⟫", .typeError,
                    .contains("wrong argument label in call to 'scale'", "'bi:'", "'by:'"))
    }

    @Test
    func closureArityMessageSaysItOnce() {
        expectError("let f = { (x: Int) in x }\n⟪f(1, 2)⟫", .typeError, "extra argument in call to closure: it takes 1 argument")
    }

    @Test
    func wrongReturnTypeIsLocatedAtTheReturnedValue() {
        expectError("func f() -> Int {\n    return ⟪\"a\"⟫\n}\nf()", .typeError, "cannot use a return value of type 'String' as 'Int'")
    }

    @Test func outOfOrderLabelsAreATypeError() {
        expectError("func f(a: Int, b: Int) -> Int { a - b }\n⟪f(b: 1, a: 2)⟫", .typeError,
                    "wrong argument label in call to 'f': found 'b:', expected 'a:'; the signature is f(a:b:)")
    }

    @Test func wrongArityIsATypeError() {
        expectError(scale + "⟪scale(1, 2)⟫", .typeError,
                    "extra argument in call to 'scale': it takes 2 arguments; the signature is scale(_:by:)")
        expectError(scale + "⟪scale()⟫", .typeError,
                    "missing argument for parameter 'a' in call to 'scale'; the signature is scale(_:by:)")
        expectError(scale + "⟪scale(1, by: 2, 3)⟫", .typeError,
                    "extra argument in call to 'scale': it takes 2 arguments; the signature is scale(_:by:)")
        expectError("func two(x: Int, y: Int) -> Int { x + y }\n⟪two(x: 1)⟫", .typeError,
                    "missing argument 'y:' in call to 'two'; the signature is two(x:y:)")
        expectError("let f = { (x: Int) in x }\n⟪f(1, 2)⟫", .typeError, .contains("extra argument in call to closure", "takes 1 argument"))
    }

    @Test func wrongArgumentTypeIsATypeError() {
        expectError("func f(_ x: Int) -> Int { x }\nf(⟪2.5⟫)", .typeError,
                    "cannot use an argument for 'x' of type 'Double' as 'Int'; convert it with Int(x), which truncates")
        expectError("func f(_ s: String) -> String { s }\nf(⟪1⟫)", .typeError,
                    "cannot use an argument for 's' of type 'Int' as 'String'; convert it with String(x) or \"\\(x)\"")
    }

    @Test func callingANonFunctionIsATypeError() {
        expectError("let x = 1\n⟪x⟫()", .typeError, "cannot call a value of type 'Int'; only functions and closures can be called")
    }

    @Test func missingReturnIsARuntimeError() {
        expectError("⟪func f() -> Int { }⟫\nf()", .runtimeError,
                    "function 'f' reached its end without returning a value of type 'Int'; add a 'return'")
    }

    @Test func voidFunctionsReturnNothing() throws {
        let session = Session()
        #expect(try session.run("func p() { print(\"side effect\") }\np()") == nil)
        #expect(session.host.stdout == "side effect\n")
        #expect(try session.run("func early(_ x: Int) { if x > 0 { return }; print(\"not positive\") }\nearly(1)\nearly(-1)") == nil)
        #expect(session.host.stdout == "side effect\nnot positive\n")
    }

    // MARK: - Recursion and nesting

    @Test func recursion() throws {
        let code = """
        func factorial(_ n: Int) -> Int { if n <= 1 { return 1 }; return n * factorial(n - 1) }
        func fib(_ n: Int) -> Int { n < 2 ? n : fib(n - 1) + fib(n - 2) }
        print(factorial(20), fib(20))
        """
        #expect(try output(code) == "2432902008176640000 6765\n")
    }

    @Test func mutualRecursionAndUseBeforeDeclarationInACell() throws {
        let code = """
        print(isEven(10), isOdd(7))
        func isEven(_ n: Int) -> Bool { n == 0 ? true : isOdd(n - 1) }
        func isOdd(_ n: Int) -> Bool { n == 0 ? false : isEven(n - 1) }
        """
        #expect(try output(code) == "true true\n")
    }

    @Test func nestedFunctionsSeeTheirEnclosingScope() throws {
        let code = """
        func outer(_ base: Int) -> Int {
            var calls = 0
            func inner(_ x: Int) -> Int {
                calls += 1
                return x + base
            }
            func fib(_ n: Int) -> Int { n < 2 ? n : fib(n - 1) + fib(n - 2) }
            return inner(inner(1)) * 100 + calls * 10 + fib(6) - 8
        }
        print(outer(10))
        """
        #expect(try output(code) == "2120\n")
    }

    @Test func functionsOfOneCellAreCalledFromTheNext() throws {
        let session = Session()
        try session.run("func double(_ x: Int) -> Int { x * 2 }")
        #expect(try session.run("double(21)") == "42")
    }

    @Test func earlyReturnFromInsideALoop() throws {
        #expect(try output("func firstOver(_ limit: Int, _ values: [Int]) -> Int {\n    for v in values { if v > limit { return v } }\n    return -1\n}\nprint(firstOver(2, [1, 5, 7]), firstOver(9, [1]))") == "5 -1\n")
    }

    // MARK: - Closures

    @Test func closuresCaptureByReference() throws {
        let code = """
        var x = 1
        let read = { x }
        x = 2
        let bump = { x += 10 }
        bump()
        print(read(), x)
        """
        #expect(try output(code) == "12 12\n")
    }

    @Test func counterClosureKeepsItsOwnState() throws {
        let code = """
        func makeCounter() -> () -> Int {
            var count = 0
            return {
                count += 1
                return count
            }
        }
        let a = makeCounter()
        let b = makeCounter()
        a(); a()
        print(a(), b())
        """
        #expect(try output(code) == "3 1\n")
    }

    @Test func eachLoopIterationCapturesItsOwnVariable() throws {
        let code = """
        var fs: [() -> Int] = []
        for i in 0..<3 { fs.append({ i * 10 }) }
        var k = 0
        while k < 2 { let j = k; fs.append({ j + 100 }); k += 1 }
        print(fs.map { $0() })
        """
        #expect(try output(code) == "[0, 10, 20, 100, 101]\n")
    }

    @Test func anonymousArguments() throws {
        #expect(try output("print([1, 2, 3].map { $0 * 2 }, [3, 1, 2].reduce(0) { $0 + $1 })\nlet pick = { $1 }\nprint(pick(1, 2))") == "[2, 4, 6] 6\n2\n")
    }

    @Test func anonymousArgumentsOutsideAClosureAreASyntaxError() {
        expectError("let x = ⟪$0⟫", .syntaxError, "'$0' can only be used inside a closure, as in { $0 * 2 }")
        expectError("let f = { x in x + ⟪$0⟫ }", .syntaxError,
                    "'$0' cannot be used here: this closure or function names its parameters")
    }

    @Test func multiStatementClosures() throws {
        let code = """
        let describe = { (x: Double) -> String in
            let doubled = x * 2
            if doubled > 3 { return "big \\(doubled)" }
            return "small \\(doubled)"
        }
        print(describe(1), describe(2))
        """
        #expect(try output(code) == "small 2.0 big 4.0\n")
    }

    @Test func singleExpressionBodiesReturnTheirValue() throws {
        #expect(try output("func sq(_ x: Int) -> Int { x * x }\nlet cube = { (x: Int) in x * x * x }\nprint(sq(3), cube(2))") == "9 8\n")
    }

    @Test func closureParameterAnnotationsConvert() throws {
        #expect(try output("let half = { (x: Double) in x / 2 }\nprint(half(3))") == "1.5\n")
    }

    @Test func functionTypesInAnnotations() throws {
        let code = """
        let f: (Double) -> Double = { x in x * x }
        let g: (Int, Int) -> Int = { $0 + $1 }
        func apply(_ x: Double, _ h: (Double) -> Double) -> Double { h(x) }
        func adder(_ n: Int) -> (Int) -> Int { return { x in x + n } }
        let add5: (Int) -> Int = adder(5)
        print(f(3), g(1, 2), apply(4, f), add5(1), adder(1)(1))
        """
        #expect(try output(code) == "9.0 3 16.0 6 2\n")
    }

    @Test func functionTypeAnnotationConvertsArgumentsAndResults() throws {
        let code = """
        let f: (Double) -> Double = { x in x / 2 }
        let g: (Int) -> Double = { $0 * 2 }
        let log: (Int) -> Void = { print($0 * 2) }
        func apply(_ h: (Double) -> Double, to x: Int) -> Double { h(Double(x)) }
        log(2)
        print(f(3), g(2), apply({ $0 / 4 }, to: 1))
        """
        #expect(try output(code) == "4\n1.5 4.0 0.25\n")
    }

    @Test func closureReturningNothingWhereAValueIsExpectedIsATypeError() {
        expectError("let f: (Double) -> Double = { x in ⟪print(x)⟫ }\nf(1)", .typeError, "cannot use a return value of type 'Void' as 'Double'")
    }

    @Test func functionTypeArityMismatchIsATypeError() {
        expectError("let f: (Double) -> Double = ⟪{ a, b in a }⟫", .typeError,
                    "cannot use a function of 2 parameters as (Double) -> Double")
    }

    @Test func recursiveClosureThroughAVariable() throws {
        #expect(try output("var f: (Int) -> Int = { $0 }\nf = { n in n <= 1 ? 1 : n * f(n - 1) }\nprint(f(5))") == "120\n")
    }

    @Test func functionsAreValues() throws {
        let code = """
        func twice(_ f: (Int) -> Int, _ x: Int) -> Int { f(f(x)) }
        func inc(_ x: Int) -> Int { x + 1 }
        print(twice(inc, 1), twice({ $0 * 3 }, 2), [0.0, 1.0].map(sigmoid)[0], [1, 2].map(inc))
        """
        #expect(try output(code) == "3 18 0.5 [2, 3]\n")
    }

    @Test func labelledFunctionsCalledThroughAValueTakeNoLabels() throws {
        // As in Swift, a function value's type has no argument labels.
        let code = """
        func combine(_ a: Int, with b: Int) -> Int { a * 10 + b }
        let h = combine
        func call(_ f: (Int, Int) -> Int) -> Int { f(1, 2) }
        print(h(3, 4), call(combine))
        """
        #expect(try output(code) == "34 12\n")
    }

    @Test func operatorsAsFunctions() throws {
        #expect(try output("print([1, 2, 3, 4].reduce(0, +), [1, 2, 3, 4].reduce(1, *), [5, 1].reduce(100, -))") == "10 24 94\n")
    }

    // MARK: - Trailing closures

    @Test func trailingClosures() throws {
        let code = """
        func apply(_ x: Double, _ f: (Double) -> Double) -> Double { f(x) }
        func run(_ body: () -> Int) -> Int { body() }
        print(apply(4) { $0 + 1 })
        print(run { 7 })
        print([1, 2, 3].map { x in
            let y = x * 10
            return y + 1
        })
        """
        #expect(try output(code) == "5.0\n7\n[11, 21, 31]\n")
    }

    @Test func trailingClosureFillsALabelledLastParameter() throws {
        let code = """
        func transform(values: [Int], using f: (Int) -> Int) -> [Int] { values.map(f) }
        func repeatTimes(_ n: Int, scale: Int = 1, action: (Int) -> Int) -> Int {
            var total = 0
            for i in 0..<n { total += action(i) * scale }
            return total
        }
        print(transform(values: [1, 2]) { $0 + 1 })
        print(repeatTimes(3) { $0 * 2 }, repeatTimes(3, scale: 10) { $0 })
        """
        #expect(try output(code) == "[2, 3]\n6 30\n")
    }
}
