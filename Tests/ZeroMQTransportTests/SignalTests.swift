import JupyterKernel
import Synchronization
import Testing
import ZeroMQTransport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The kernel has a SIGINT handler; signals must neither kill nor wedge the channel threads.
@Suite struct SignalTests {
    /// What the shell callback saw of its own thread.
    final class ThreadProbe: Sendable {
        let thread = Mutex<UInt?>(nil)
        let sigintBlocked = Mutex<Bool?>(nil)
    }

    #if os(Linux)
        @Test func channelThreadsBlockSIGINTAndRetryInterruptedPolls() throws {
            let probe = ThreadProbe()
            let running = try RunningServer(
                unblocking: [SIGINT, SIGUSR2],
                react: { server, frames, channel in
                    var mask = sigset_t()
                    pthread_sigmask(SIG_BLOCK, nil, &mask)
                    probe.sigintBlocked.withLock { $0 = sigismember(&mask, SIGINT) == 1 }
                    probe.thread.withLock { $0 = UInt(pthread_self()) }
                    server.send(frames, on: channel)
                })
            let client = try ZeroMQSocket(kind: .dealer)
            try client.connect(running.endpoint(.shell))
            try client.send(frames("first"))
            #expect(try client.receive(timeoutMilliseconds: 5000) == frames("first"))
            #expect(probe.sigintBlocked.withLock { $0 } == true)
            let shellThread = try #require(probe.thread.withLock { $0 })

            // A no-op handler without SA_RESTART: each signal makes the thread's zmq_poll fail with EINTR.
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(SIGUSR2, &action, nil)
            var answered = 0
            for index in 0..<200 {
                pthread_kill(pthread_t(shellThread), SIGUSR2)
                try client.send(frames("\(index)"))
                guard try client.receive(timeoutMilliseconds: 2000) == frames("\(index)") else { break }
                answered += 1
            }
            #expect(answered == 200)
            #expect(running.stop())
        }
    #endif
}
