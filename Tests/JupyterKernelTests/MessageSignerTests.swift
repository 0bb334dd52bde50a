import Testing

@testable import JupyterKernel

@Suite struct MessageSignerTests {
    /// RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
    let rfcDigest = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"

    @Test func signsLikeRFC4231() {
        let signer = MessageSigner(key: "Jefe")
        #expect(signer.isSigning)
        #expect(signer.signature([Array("what do ya want for nothing?".utf8)]) == rfcDigest)
    }

    @Test func theFramesAreSignedAsOneSequence() {
        let signer = MessageSigner(key: "Jefe")
        let frames = ["what do ", "ya want", "", " for nothing?"].map { Array($0.utf8) }
        #expect(signer.signature(frames) == rfcDigest)
    }

    @Test func verifiesOnlyTheExactSignature() {
        let signer = MessageSigner(key: "Jefe")
        let frames = [Array("what do ya want for nothing?".utf8)]
        #expect(signer.verify(Array(rfcDigest.utf8), frames))
        #expect(!signer.verify(Array(rfcDigest.uppercased().utf8), frames))
        #expect(!signer.verify(Array(rfcDigest.dropLast().utf8), frames))
        #expect(!signer.verify([], frames))
        #expect(!signer.verify(Array(rfcDigest.utf8), [Array("what do ya want for nothing!".utf8)]))
        #expect(!MessageSigner(key: "jefe").verify(Array(rfcDigest.utf8), frames))
    }

    @Test func anEmptyKeyMeansNoSigning() {
        let signer = MessageSigner(key: "")
        #expect(!signer.isSigning)
        #expect(signer.signature([Array("header".utf8)]) == "")
        #expect(signer.verify([], [Array("header".utf8)]))
        #expect(signer.verify(Array("anything".utf8), [Array("header".utf8)]))
    }

    /// RFC 4231, test case 6: a 131-byte key, longer than SHA-256's block, is hashed first.
    @Test func longKeys() {
        let signer = MessageSigner(keyBytes: [UInt8](repeating: 0xAA, count: 131))
        let data = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(signer.signature([data]) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }
}
