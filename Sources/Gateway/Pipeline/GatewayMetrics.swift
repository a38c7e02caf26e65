import Prometheus
import Synchronization

/// The gateway's Prometheus metrics: requests by operation and status, authentication failures by
/// reason, rate-limited requests by class, and upstream latency. Served on the metrics listener,
/// which is loopback-only unless configured otherwise.
public final class GatewayMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let counters = Mutex<[String: Counter]>([:])
    private struct RequestKey: Hashable {
        let operation: String
        let status: UInt
    }
    private let requestCounters = Mutex<[RequestKey: Counter]>([:])
    private let histograms = Mutex<[String: DurationHistogram]>([:])
    private static let buckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init() {}

    private func counter(_ name: String, _ labels: [(String, String)], help: String) -> Counter {
        let key = name + labels.map { "|\($0.1)" }.joined()
        return counters.withLock { table in
            if let c = table[key] { return c }
            let c = registry.makeCounter(
                descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
            table[key] = c
            return c
        }
    }

    /// `gateway_requests_total{operation,status}`.
    func request(operation: String, status: UInt) {
        let key = RequestKey(operation: operation, status: status)
        if let c = requestCounters.withLock({ $0[key] }) {
            c.increment()
            return
        }
        let c = counter(
            "gateway_requests_total", [("operation", operation), ("status", String(status))],
            help: "Requests by operation and status")
        requestCounters.withLock { $0[key] = c }
        c.increment()
    }

    /// `gateway_auth_failures_total{reason}`.
    func authFailure(_ reason: TokenRefusal) {
        counter("gateway_auth_failures_total", [("reason", reason.rawValue)], help: "Refused bearer tokens by reason")
            .increment()
    }

    /// `gateway_rate_limited_total{class}`.
    func clientTimeout(_ kind: String) {
        counter("gateway_client_timeouts_total", [("kind", kind)], help: "Client connections closed by a timeout")
            .increment()
    }

    func connectionEvicted() {
        counter(
            "gateway_connections_evicted_total", [],
            help: "Idle client connections closed to admit a new one at the connection cap"
        ).increment()
    }

    func rateLimited(_ rateClass: String) {
        counter("gateway_rate_limited_total", [("class", rateClass)], help: "Requests refused with 429 by class")
            .increment()
    }

    /// `gateway_denied_total{code}` (permission, origin, plane ACL).
    func denied(_ code: String) {
        counter("gateway_denied_total", [("code", code)], help: "Requests refused with 403 by code").increment()
    }

    /// `gateway_upstream_latency_seconds{operation}`.
    func upstreamLatency(operation: String, _ duration: Duration) {
        let h = histograms.withLock { table in
            if let h = table[operation] { return h }
            let h = registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(
                    metricName: "gateway_upstream_latency", unitName: "seconds", helpText: "Wallet round trips"),
                labels: [("operation", operation)], buckets: Self.buckets)
            table[operation] = h
            return h
        }
        h.record(duration)
    }

    /// The Prometheus text exposition.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
