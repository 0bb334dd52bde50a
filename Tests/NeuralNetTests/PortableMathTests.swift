import Foundation
import Testing

@testable import NeuralNet

@Suite struct PortableMathTests {
    /// Whether `a` is within `ulps` units in the last place of `b`.
    private func close(_ a: Double, _ b: Double, ulps: Double = 1) -> Bool {
        abs(a - b) <= ulps * b.ulp
    }

    @Test func logMatchesTheSystemLogarithm() {
        var generator = SeededGenerator(seed: 21)
        var inputs: [Double] = [1, 2, 0.5, M_E, 10, 1e-300, 1e300, 1.0.nextUp, 1.0.nextDown, 0.7, 1.4, 1.5]
        for _ in 0..<20_000 {
            inputs.append(1 - generator.nextUniform())  // (0, 1], what Box–Muller uses
        }
        for _ in 0..<5_000 {
            inputs.append(Foundation.exp(generator.nextUniform(in: -700, 700)))
        }
        for x in inputs {
            #expect(close(PortableMath.log(x), Foundation.log(x)), "log(\(x))")
        }
    }

    @Test func logHandlesSpecialValues() {
        #expect(PortableMath.log(1) == 0)
        #expect(PortableMath.log(0) == -.infinity)
        #expect(PortableMath.log(-0.0) == -.infinity)
        #expect(PortableMath.log(-1).isNaN)
        #expect(PortableMath.log(.nan).isNaN)
        #expect(PortableMath.log(.infinity) == .infinity)
        let tiny = Double.leastNonzeroMagnitude
        #expect(close(PortableMath.log(tiny), Foundation.log(tiny)))
        let subnormal = Double.leastNormalMagnitude / 3
        #expect(close(PortableMath.log(subnormal), Foundation.log(subnormal)))
    }

    @Test func cosTwoPiMatchesTheSystemCosine() {
        var generator = SeededGenerator(seed: 22)
        for _ in 0..<20_000 {
            let u = generator.nextUniform()
            // 2πu itself is rounded before the system cos sees it: allow for that.
            #expect(abs(PortableMath.cosTwoPi(u) - Foundation.cos(2 * Double.pi * u)) < 4e-15, "cos(2π·\(u))")
        }
    }

    @Test func cosTwoPiIsExactAtQuarterTurns() {
        #expect(PortableMath.cosTwoPi(0) == 1)
        #expect(PortableMath.cosTwoPi(0.25) == 0)
        #expect(PortableMath.cosTwoPi(0.5) == -1)
        #expect(PortableMath.cosTwoPi(0.75) == 0)
        #expect(close(PortableMath.cosTwoPi(0.125), 0.5.squareRoot()))
        #expect(close(PortableMath.cosTwoPi(1.0 / 6), 0.5))
        #expect(PortableMath.cosTwoPi(1).isNaN)
        #expect(PortableMath.cosTwoPi(-0.1).isNaN)
    }

    @Test func kernelsMatchTheSystemOnTheirInterval() {
        var generator = SeededGenerator(seed: 23)
        for _ in 0..<10_000 {
            let x = generator.nextUniform(in: 0, Double.pi / 4)
            #expect(close(PortableMath.kernelSin(x), Foundation.sin(x)), "sin(\(x))")
            #expect(close(PortableMath.kernelCos(x), Foundation.cos(x)), "cos(\(x))")
        }
    }
}
