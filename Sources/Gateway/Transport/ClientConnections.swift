import NIOCore
import Synchronization

/// The open client connections and their cap. At the cap, a new connection is admitted by closing
/// the one idle longest (a slow head, an idle keep-alive); a connection that is owed an answer is
/// never chosen. So a flood of slow clients can take at most the cap's worth of descriptors, and
/// cannot lock new clients out.
final class ClientConnections: Sendable {
    private struct Entry {
        let handler: GatewayHTTPHandler
        let channel: any Channel
    }

    private let cap: Int
    private let metrics: GatewayMetrics
    private let open = Mutex<[ObjectIdentifier: Entry]>([:])

    init(cap: Int, metrics: GatewayMetrics) {
        self.cap = cap
        self.metrics = metrics
    }

    /// Registers a new connection; at the cap, closes the longest-idle other one.
    func opened(_ handler: GatewayHTTPHandler, context: ChannelHandlerContext) {
        let victim: (any Channel)? = open.withLock { table in
            table[ObjectIdentifier(handler)] = Entry(handler: handler, channel: context.channel)
            guard table.count > cap else { return nil }
            let candidate = table.lazy.filter { $0.key != ObjectIdentifier(handler) }
                .filter { !$0.value.handler.owesAnswer.load(ordering: .relaxed) }
                .min {
                    $0.value.handler.lastActive.load(ordering: .relaxed)
                        < $1.value.handler.lastActive.load(ordering: .relaxed)
                }
            guard let candidate else { return nil }
            table[candidate.key] = nil
            return candidate.value.channel
        }
        if let victim {
            metrics.connectionEvicted()
            victim.close(promise: nil)
        }
    }

    func closed(_ handler: GatewayHTTPHandler) {
        open.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(handler)) }
    }
}
