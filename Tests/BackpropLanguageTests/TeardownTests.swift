import Testing
@testable import BackpropLanguage

/// Whatever a program builds can be freed on any thread (a test thread has a small stack):
/// long chains of closures, directly or through arrays, and nesting through options.
@Suite struct TeardownTests {
    private func buildAndDrop(_ code: String) {
        do {
            let session = Session()
            #expect(session.error(code) == nil)
            #expect(session.interpreter.value(of: "f") != nil)
        }
    }

    @Test func aChainOfClosuresIsFreedOnASmallStack() {
        buildAndDrop("var f = { (x: Int) -> Int in x }\nfor _ in 0..<50000 {\n    let g = f\n    f = { g($0) + 1 }\n}")
    }

    @Test func aChainThroughArraysIsFreedOnASmallStack() {
        buildAndDrop("var f = { 0 }\nfor _ in 0..<50000 {\n    let g = [f]\n    f = { g[0]() + 1 }\n}")
    }

    @Test func aChainReplacedDuringARunIsFreed() throws {
        let session = Session()
        try session.run("var f = { (x: Int) -> Int in x }\nfor _ in 0..<50000 {\n    let g = f\n    f = { g($0) + 1 }\n}\nf = { $0 }")
        #expect(try session.run("f(7)") == "7")
    }

    @Test func optionsCannotNestWithoutLimit() {
        let session = Session()
        let error = session.error("var o = .x\nfor _ in 0..<1000 { o = .x(o) }")
        #expect(error?.name == "ResourceError")
        #expect(error?.primary.message == "array nesting limit: arrays may nest at most 200 levels deep")
    }

    @Test func mapCannotNestWithoutLimit() {
        let session = Session()
        let error = session.error("var a = [0]\nfor _ in 0..<1000 { a = [0].map { _ in a } }")
        #expect(error?.name == "ResourceError")
    }

    @Test func optionsCompareTheirArguments() throws {
        #expect(try output("print(.momentum(0.9) == .momentum(0.5), .momentum(0.9) == .momentum(0.9))") == "false true\n")
    }

    @Test func aLoopVariableMayBeShadowedInTheBody() throws {
        #expect(try output("var fs: [() -> Int] = []\nfor x in [1, 2] {\n    var x = x * 10\n    x += 1\n    fs.append({ x })\n}\nfor i in 0..<2 { fs.append({ i }) }\nprint(fs.map { $0() })") == "[11, 21, 0, 1]\n")
    }

    @Test func aNonBoolConditionIsEvaluatedOnce() throws {
        let session = Session()
        #expect(session.error("func f() -> Int { print(\"called\"); return 1 }\nif f() { }")?.name == "TypeError")
        #expect(session.host.stdout == "called\n")
    }
}
