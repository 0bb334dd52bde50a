import Foundation
import Testing

@testable import Rendering

@Suite struct Base64Tests {
    @Test func rfc4648TestVectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded, "\(plain)")
        }
    }

    @Test func everyByteRoundTripsThroughFoundation() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7919) } + Array(0...255)
        let encoded = Base64.encode(bytes)
        #expect(encoded == Data(bytes).base64EncodedString())
        #expect(Data(base64Encoded: encoded) == Data(bytes))
    }
}
