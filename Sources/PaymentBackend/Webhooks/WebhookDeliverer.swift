import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TronKit

/// Delivers the webhook outbox: each due event is POSTed, signed, to its endpoint; a 2xx marks it
/// delivered, anything else is retried with exponential backoff until `maxAgeMs` after the event,
/// then marked failed. Every attempt is logged. Egress follows the TRON rules: with a SOCKS proxy
/// (Tor) configured, deliveries go through it and names are resolved by the proxy.
public final class WebhookDeliverer: Sendable {
    /// Retry and transport settings.
    public struct Configuration: Sendable {
        /// First retry delay; each further retry doubles it, up to `maxDelayMs`.
        public var retryBaseMs: Int64 = 5_000
        public var maxDelayMs: Int64 = 3_600_000
        /// How long after the event retries continue (default 24 h).
        public var maxAgeMs: Int64 = 86_400_000
        public var timeout: Duration = .seconds(10)
        public var batchSize = 50
        public var socksProxy: FullNodeConfiguration.SOCKSProxy?

        public init() {}
    }

    let store: any PayoutStore
    let clock: any WalletClock
    let configuration: Configuration
    let logger: Logger
    let metrics: WalletMetrics
    let http: HTTPClient

    public init(
        store: any PayoutStore, clock: any WalletClock, configuration: Configuration,
        logger: Logger = Logger(label: "lucid.wallet.webhooks"), metrics: WalletMetrics = .disabled
    ) {
        self.metrics = metrics
        self.store = store
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
        var c = HTTPClient.Configuration()
        if let p = configuration.socksProxy { c.proxy = .socksServer(host: p.host, port: p.port) }
        c.redirectConfiguration = .disallow
        c.timeout = .init(connect: .seconds(5), read: .seconds(10))
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: c)
    }

    public func shutdown() async throws { try await http.shutdown() }

    /// When attempt `attempt` (1-based) failed for an event created at `createdAt`: the next try, or
    /// nil when the retry window is over.
    public func nextAttempt(after attempt: Int, createdAt: Int64, now: Int64) -> Int64? {
        let exponent = min(attempt - 1, 30)
        let delay = min(configuration.maxDelayMs, configuration.retryBaseMs << Int64(exponent))
        let next = now + delay
        return next - createdAt > configuration.maxAgeMs ? nil : next
    }

    /// One pass over due events; returns how many attempts were made.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let due = try await store.dueWebhookEvents(now: clock.nowMs(), limit: configuration.batchSize)
        guard !due.isEmpty else { return 0 }
        let hooks = Dictionary(uniqueKeysWithValues: try await store.webhooks().map { ($0.id, $0) })
        await withTaskGroup(of: Void.self) { group in
            for item in due {
                guard let hook = hooks[item.webhookID] else { continue }
                group.addTask { await self.attempt(item, to: hook) }
            }
        }
        if metrics.registry != nil { metrics.webhookOutbox(try await store.webhookBacklog()) }
        return due.count
    }

    func attempt(_ item: WebhookOutboxItem, to hook: Webhook) async {
        let attempt = item.attempts + 1
        let started = clock.nowMs()
        var request = HTTPClientRequest(url: hook.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "lucid-wallet-webhooks/1")
        request.headers.add(name: "Lucid-Event-Id", value: item.eventID)
        request.headers.add(name: "Lucid-Event-Type", value: item.type)
        request.headers.add(
            name: WebhookSignature.headerName,
            value: WebhookSignature.header(secret: hook.secret, timestamp: started / 1000, body: item.payload))
        request.body = .bytes(ByteBuffer(bytes: item.payload))
        var status: Int?
        var failure: String?
        do {
            let response = try await http.execute(request, timeout: .init(configuration.timeout))
            status = Int(response.status.code)
            _ = try? await response.body.collect(upTo: 4096)
        } catch {
            failure = Self.describe(error)
        }
        let now = clock.nowMs()
        let delivery = WebhookDelivery(
            eventID: item.eventID, webhookID: item.webhookID, attempt: attempt, at: now, statusCode: status,
            error: failure ?? (status.map { (200...299).contains($0) ? nil : "HTTP \($0)" } ?? nil),
            durationMs: now - started)
        let next = delivery.succeeded ? nil : nextAttempt(after: attempt, createdAt: item.createdAt, now: now)
        do {
            try await store.recordWebhookAttempt(delivery, nextAttemptAt: next)
        } catch {
            logger.warning("could not record a webhook attempt", metadata: ["event": "\(item.eventID)"])
        }
        metrics.webhookAttempt(succeeded: delivery.succeeded)
        if !delivery.succeeded {
            logger.notice(
                next == nil ? "webhook event given up" : "webhook delivery failed; will retry",
                metadata: [
                    "webhook": "\(hook.id)", "event": "\(item.eventID)", "attempt": "\(attempt)",
                    "error": "\(delivery.error ?? "")",
                ])
        }
    }

    /// A short, secret-free description of a transport error.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let e as HTTPClientError: "transport: \(e.shortDescription)"
        default: "transport: \(type(of: error))"
        }
    }
}
