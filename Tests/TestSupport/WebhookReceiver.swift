import Foundation
import Hummingbird
import Synchronization

/// A real HTTP endpoint for webhook tests: answers each POST with the next status from `script`
/// (then 200), and records every request it received.
public final class WebhookReceiver: Sendable {
    /// One request as received; header names are lowercased.
    public struct Received: Sendable {
        public var headers: [String: String]
        public var body: [UInt8]
        public var answered: Int
    }

    private let state: Mutex<(script: [Int], received: [Received])>
    private let task: Mutex<Task<Void, any Error>?> = Mutex(nil)
    public let port: Int

    public var received: [Received] { state.withLock { $0.received } }

    private init(script: [Int], port: Int) {
        state = Mutex((script, []))
        self.port = port
    }

    /// Starts on a free loopback port.
    public static func start(script: [Int]) async throws -> WebhookReceiver {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let box = Mutex<WebhookReceiver?>(nil)
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let receiver = box.withLock { $0 }!
            let status = receiver.state.withLock { s -> Int in
                let status = s.script.isEmpty ? 200 : s.script.removeFirst()
                s.received.append(Received(headers: headers, body: body, answered: status))
                return status
            }
            return Response(status: .init(code: status))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw CancellationError() }
        let receiver = WebhookReceiver(script: script, port: port)
        box.withLock { $0 = receiver }
        receiver.task.withLock { $0 = task }
        return receiver
    }

    public var url: String { "http://127.0.0.1:\(port)/hook" }

    public func stop() { task.withLock { $0?.cancel() } }
}
