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
    private let server: Mutex<TestHTTPServer?> = Mutex(nil)
    public let port: Int

    public var received: [Received] { state.withLock { $0.received } }

    private init(script: [Int], port: Int) {
        state = Mutex((script, []))
        self.port = port
    }

    /// Starts on a free loopback port.
    public static func start(script: [Int]) async throws -> WebhookReceiver {
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
        let server = try await TestHTTPServer.start(router)
        let receiver = WebhookReceiver(script: script, port: server.port)
        box.withLock { $0 = receiver }
        receiver.server.withLock { $0 = server }
        return receiver
    }

    public var url: String { "http://127.0.0.1:\(port)/hook" }

    public func stop() { server.withLock { $0?.stop() } }
}
