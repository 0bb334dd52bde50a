import JSON
import JupyterKernel
import Testing
@testable import BackpropKernel

@Suite struct TmpLatencyTests {
    @Test func latency() throws {
        let harness = try KernelHarness()
        var times: [UInt64] = []
        for _ in 0..<300 {
            let start = KernelThread.monotonicNanoseconds()
            _ = try harness.execute("1+1")
            times.append(KernelThread.monotonicNanoseconds() - start)
        }
        times.sort()
        print("median µs", Double(times[150]) / 1000, "p10", Double(times[30]) / 1000)
        var t2: [UInt64] = []
        for _ in 0..<300 {
            let start = KernelThread.monotonicNanoseconds()
            _ = harness.backprop.isComplete(code: "for i in 0..<3 {")
            t2.append(KernelThread.monotonicNanoseconds() - start)
        }
        t2.sort()
        print("isComplete median µs", Double(t2[150]) / 1000)
        var t3: [UInt64] = []
        for _ in 0..<300 {
            let start = KernelThread.monotonicNanoseconds()
            _ = harness.backprop.complete(code: "let x = 1\npri", cursor: 13)
            t3.append(KernelThread.monotonicNanoseconds() - start)
        }
        t3.sort()
        print("complete median µs", Double(t3[150]) / 1000)
    }
}
