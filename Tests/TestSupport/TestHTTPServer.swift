import Hummingbird

/// A Hummingbird server for tests, bound to a port the kernel picks (no race with other tests for a
/// "free" port), started and ready when `start` returns.
public final class TestHTTPServer: Sendable {
    public let port: Int
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    public static func start(_ router: Router<BasicRequestContext>) async throws -> TestHTTPServer {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw PollTimeout(what: "the test HTTP server to listen")
        }
        return TestHTTPServer(port: port, task: task)
    }

    public func stop() { task.cancel() }
}
