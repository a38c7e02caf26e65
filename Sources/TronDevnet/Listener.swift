import Hummingbird
import Logging
import ServiceLifecycle

/// One HTTP listener that can be started on a port (0 = any) and shut down gracefully, so the
/// devnet can close and later reopen its API port for the `node_down: refuse` fault.
struct Listener: Sendable {
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    /// Starts serving `router`; returns once the socket is bound.
    static func start(router: sending Router<BasicRequestContext>, host: String, port: Int, logger: Logger)
        async throws -> Listener
    {
        let (stream, continuation) = AsyncStream.makeStream(of: Result<Int, any Error>.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in continuation.yield(.success(channel.localAddress?.port ?? port)) },
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            do { try await group.run() } catch { continuation.yield(.failure(error)) }
            continuation.finish()
        }
        for await result in stream {
            switch result {
            case .success(let bound): return Listener(port: bound, group: group, task: task)
            case .failure(let error): throw error
            }
        }
        throw DevnetError.invalidConfiguration("listener on \(host):\(port) stopped before it started")
    }

    /// Stops accepting connections, finishes in-flight requests and waits until the port is closed.
    func stop() async {
        await group.triggerGracefulShutdown()
        await task.value
    }
}
