import Testing

@testable import Rendering

@Suite struct RenderedOutputTests {
    @Test func lookupAndSize() {
        let output = RenderedOutput([.init("text/plain", "ab"), .init("text/html", "<b>é</b>")])
        #expect(output["text/html"] == "<b>é</b>" && output["image/svg+xml"] == nil)
        #expect(output.byteCount == "text/plain".utf8.count + 2 + "text/html".utf8.count + 9)
    }
}
