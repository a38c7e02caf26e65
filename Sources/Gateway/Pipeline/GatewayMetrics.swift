import CoreMetrics
import Prometheus
import Synchronization

/// The gateway's metrics, through swift-metrics with the Prometheus backend (as the wallet's):
/// requests by operation and status, authentication failures by reason, rate-limited requests by
/// class, and upstream latency. Served on the metrics listener, which is loopback-only unless
/// configured otherwise. Handles are made once per label set and kept: the request path only
/// increments.
public final class GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: any MetricsFactory
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private struct RequestKey: Hashable {
        let operation: String
        let status: UInt
    }
    private let requestCounters = Mutex<[RequestKey: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[String: CoreMetrics.Timer]>([:])
    private static let buckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = ["gateway_upstream_latency_seconds": Self.buckets]
        self.registry = registry
        self.factory = factory
    }

    /// A counter kept per name and label values.
    private func counter(_ name: String, _ labels: [(String, String)]) -> CoreMetrics.Counter {
        let key = name + labels.map { "|\($0.1)" }.joined()
        return counters.withLock { table in
            if let c = table[key] { return c }
            let c = CoreMetrics.Counter(label: name, dimensions: labels, factory: factory)
            table[key] = c
            return c
        }
    }

    /// `gateway_requests_total{operation,status}`: requests by operation and status.
    func request(operation: String, status: UInt) {
        let key = RequestKey(operation: operation, status: status)
        if let c = requestCounters.withLock({ $0[key] }) {
            c.increment()
            return
        }
        let c = counter(
            "gateway_requests_total", [("operation", operation), ("status", String(status))])
        requestCounters.withLock { $0[key] = c }
        c.increment()
    }

    /// `gateway_auth_failures_total{reason}`: refused bearer tokens by reason.
    func authFailure(_ reason: TokenRefusal) {
        counter("gateway_auth_failures_total", [("reason", reason.rawValue)])
            .increment()
    }

    /// `gateway_client_timeouts_total{kind}`: client connections closed by a timeout.
    func clientTimeout(_ kind: String) {
        counter("gateway_client_timeouts_total", [("kind", kind)])
            .increment()
    }

    /// `gateway_connections_evicted_total`: idle client connections closed to admit a new one at
    /// the connection cap.
    func connectionEvicted() {
        counter("gateway_connections_evicted_total", []).increment()
    }

    /// `gateway_rate_limited_total{class}`: requests refused with 429 by class.
    func rateLimited(_ rateClass: String) {
        counter("gateway_rate_limited_total", [("class", rateClass)])
            .increment()
    }

    /// `gateway_denied_total{code}`: requests refused with 403 by code (permission, origin, plane
    /// ACL).
    func denied(_ code: String) {
        counter("gateway_denied_total", [("code", code)]).increment()
    }

    /// `gateway_upstream_latency_seconds{operation}`.
    func upstreamLatency(operation: String, nanoseconds: Int64) {
        let timer = timers.withLock { table in
            if let t = table[operation] { return t }
            let t = CoreMetrics.Timer(
                label: "gateway_upstream_latency_seconds", dimensions: [("operation", operation)], factory: factory)
            table[operation] = t
            return t
        }
        timer.recordNanoseconds(nanoseconds)
    }

    /// The Prometheus text exposition.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
