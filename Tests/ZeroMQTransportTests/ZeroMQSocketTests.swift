import JupyterKernel
import Testing
import ZeroMQTransport

/// The client socket tests and end-to-end tests use.
@Suite struct ZeroMQSocketTests {
    @Test func bindingToAWildcardPortReportsTheChosenPort() throws {
        let socket = try ZeroMQSocket(kind: .router)
        let endpoint = try socket.bind("tcp://127.0.0.1:*")
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        let port = endpoint.split(separator: ":").last.flatMap { Int($0) } ?? 0
        #expect(port > 0)
    }

    @Test func receiveTimesOutWithNil() throws {
        let socket = try ZeroMQSocket(kind: .dealer)
        try socket.connect("tcp://127.0.0.1:1")
        let start = now()
        #expect(try socket.receive(timeoutMilliseconds: 50) == nil)
        #expect(now() - start >= 45)
    }

    @Test func dealerAndRouterExchangeMultipartMessages() throws {
        let router = try ZeroMQSocket(kind: .router)
        let endpoint = try router.bind("tcp://127.0.0.1:*")
        let dealer = try ZeroMQSocket(kind: .dealer)
        try dealer.setIdentity(Array("me".utf8))
        try dealer.connect(endpoint)
        try dealer.send(strings: ["a", "", "c"])
        #expect(try router.receive(timeoutMilliseconds: 5000) == frames("me", "a", "", "c"))
        try router.send(frames("me", "back"))
        #expect(try dealer.receive(timeoutMilliseconds: 5000) == frames("back"))
    }

    @Test func malformedEndpointThrowsNamingIt() throws {
        let socket = try ZeroMQSocket(kind: .dealer)
        let error = #expect(throws: KernelError.self) { try socket.connect("nonsense://x") }
        #expect(error?.message.contains("nonsense://x") == true)
        socket.close()
        #expect(throws: KernelError.self) { try socket.send(frames("closed")) }
    }
}
