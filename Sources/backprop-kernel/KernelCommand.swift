#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BackpropKernel
import JupyterKernel
import ZeroMQTransport

/// `backprop-kernel --connection-file FILE`: serves as a Jupyter kernel until shut down.
///
/// Wires the ZeroMQ transport, the protocol core and the language together; turns SIGINT into
/// an interrupt; exits when the launcher that started the kernel dies.
enum KernelCommand {
    /// Serves until a shutdown_request (or the parent's death) and returns the exit status.
    static func run(connectionFile: String) -> Int32 {
        // SIGINT is blocked in every thread (libzmq's included, so they are created after this)
        // and taken by one thread with sigwait: the interrupt runs as ordinary code, not in a
        // signal handler, and no socket call is cut short by EINTR.
        // The mask is set to exactly {SIGINT}, not added to: a launcher that starts the kernel
        // with SIGTERM blocked or ignored (some test runners do) must not make it unkillable.
        var interruptSignals = sigset_t()
        sigemptyset(&interruptSignals)
        sigaddset(&interruptSignals, SIGINT)
        pthread_sigmask(SIG_SETMASK, &interruptSignals, nil)
        signal(SIGTERM, SIG_DFL)
        signal(SIGHUP, SIG_DFL)
        signal(SIGPIPE, SIG_IGN)

        let connection: ConnectionInfo
        let server: ZeroMQServer
        do {
            connection = try ConnectionInfo.load(path: connectionFile)
            server = try ZeroMQServer(connection: connection)
        } catch {
            Kernel.logToStandardError("error: \(error)")
            return 1
        }
        let kernel = Kernel(
            interpreter: BackpropKernel(), transport: server, key: connection.key,
            onShutdown: { _ in server.stop() })
        do {
            try kernel.start()
        } catch {
            Kernel.logToStandardError("error: \(error)")
            return 1
        }
        let signals = interruptSignals
        KernelThread.start {
            var waitSet = signals
            while true {
                var received: Int32 = 0
                if sigwait(&waitSet, &received) == 0, received == SIGINT { kernel.interrupt() }
            }
        }
        watchParent(server)
        server.run(receiver: kernel)
        // The execution thread may still be inside a cell: end the process at once rather than
        // run exit-time teardown under it.
        _exit(0)
    }

    /// Stops the kernel when the process that started it goes away (it is reparented), as
    /// ipykernel's parent poller does, so no orphaned kernel lingers after a crashed frontend.
    private static func watchParent(_ server: ZeroMQServer) {
        let parent = getppid()
        // Started by init or a container's first process: there is no launcher to outlive.
        guard parent > 1 else { return }
        KernelThread.start {
            while getppid() == parent { usleep(500_000) }
            Kernel.logToStandardError("the parent process \(parent) has exited; shutting down")
            server.stop()
        }
    }
}
