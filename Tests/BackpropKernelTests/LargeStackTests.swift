#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BackpropLanguage
import JupyterKernel
import Synchronization
import Testing

/// A host that records the thread `print` runs on.
private final class ThreadRecordingHost: InterpreterHost, @unchecked Sendable {
    var threads: [pthread_t] = []
    func write(_ text: String, to stream: OutputStreamKind) { threads.append(pthread_self()) }
    func display(_ value: Value) {}
    func clearOutput(wait: Bool) {}
    func readInput(prompt: String) -> String? { nil }
    func expressionValue(_ value: Value) {}
}

/// Cells run inline on a thread with a large stack (the kernel's execution thread) and on a
/// thread of their own otherwise.
@Suite struct LargeStackTests {
    /// Runs `print(1)` on a new thread with `stackSize`; whether it printed on that same thread.
    private func ranInline(stackSize: Int) -> Bool? {
        let result = Mutex<Bool?>(nil)
        let done = Atomic<Bool>(false)
        KernelThread.start(stackSize: stackSize) {
            let host = ThreadRecordingHost()
            let interpreter = Interpreter(host: host)
            // Deep recursion still works inline.
            _ = interpreter.execute("func depth(_ n: Int) -> Int { n == 0 ? 0 : 1 + depth(n - 1) }\nprint(depth(5000))")
            let me = pthread_self()
            result.withLock { $0 = host.threads.count == 1 && host.threads.allSatisfy { pthread_equal($0, me) != 0 } }
            done.store(true, ordering: .releasing)
        }
        var waited = 0
        while !done.load(ordering: .acquiring), waited < 30_000 {
            var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
            nanosleep(&pause, nil)
            waited += 1
        }
        return result.withLock { $0 }
    }

    @Test func aLargeStackRunsInline() {
        #expect(ranInline(stackSize: Kernel.executionStackSize) == true)
    }

    @Test func aSmallStackGetsAThread() {
        #expect(ranInline(stackSize: 8 << 20) == false)
    }
}
