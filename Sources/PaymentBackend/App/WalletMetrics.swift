import CoreMetrics
import Prometheus
import TronKit

/// The wallet's metrics, through swift-metrics with the Prometheus backend, under the names the
/// alert rules in `deploy/` use. Money metrics count micro-USDT as integers: divide by 10⁶ in
/// dashboards.
public struct WalletMetrics: Sendable {
    let factory: any MetricsFactory
    /// Where `/metrics` reads from; nil when metrics are off (tests).
    public let registry: PrometheusCollectorRegistry?

    /// Metrics into a fresh Prometheus registry.
    public static func prometheus() -> WalletMetrics {
        let registry = PrometheusCollectorRegistry()
        return WalletMetrics(factory: PrometheusMetricsFactory(registry: registry), registry: registry)
    }

    /// Metrics that go nowhere.
    public static let disabled = WalletMetrics(factory: NOOPMetricsHandler.instance, registry: nil)

    /// `tron_payment_requests_total{operation,status}`.
    func request(_ operation: String, status: Int) {
        Counter(
            label: "tron_payment_requests_total", dimensions: [("operation", operation), ("status", String(status))],
            factory: factory
        )
        .increment()
    }

    /// A finished payout: `tron_payouts_total{status,router_type,priority}`, and for a confirmed one
    /// `tron_payout_amount_usdt_total{router_type,priority}` (micro-USDT) and
    /// `tron_payout_processing_duration_seconds` (acceptance → confirmation).
    func finished(_ p: Payout, now: Int64) {
        let route = ("router_type", p.request.routerType.rawValue)
        let priority = ("priority", p.request.priority.rawValue)
        Counter(
            label: "tron_payouts_total", dimensions: [("status", p.status.rawValue), route, priority], factory: factory
        ).increment()
        guard p.status == .confirmed else { return }
        Counter(label: "tron_payout_amount_usdt_total", dimensions: [route, priority], factory: factory).increment(
            by: p.request.amount.value)
        Timer(label: "tron_payout_processing_duration_seconds", factory: factory).recordMilliseconds(
            max(0, now - p.createdAt))
    }

    /// Gauges refreshed after engine passes; the limits themselves are exported next to their usage
    /// (`tron_hourly_limit_usdt`, `tron_daily_limit_usdt`, micro-USDT) so alerts can take the ratio.
    func state(
        breakerOpen: Bool, pending: Int, held: Int, hourlyMicro: Int64, dailyMicro: Int64, hourlyLimitMicro: Int64,
        dailyLimitMicro: Int64
    ) {
        Gauge(label: "tron_circuit_breaker_open", factory: factory).record(breakerOpen ? 1 : 0)
        Gauge(label: "tron_pending_payouts_count", factory: factory).record(pending)
        Gauge(label: "lucid_held_payouts_count", factory: factory).record(held)
        Gauge(label: "tron_hourly_limit_usage_usdt", factory: factory).record(hourlyMicro)
        Gauge(label: "tron_daily_limit_usage_usdt", factory: factory).record(dailyMicro)
        Gauge(label: "tron_hourly_limit_usdt", factory: factory).record(hourlyLimitMicro)
        Gauge(label: "tron_daily_limit_usdt", factory: factory).record(dailyLimitMicro)
    }

    /// `lucid_reconciliation_findings{kind}` and `lucid_reconciliation_scanned_block` after a report.
    func reconciliation(_ r: ReconciliationReport) {
        for kind in ReconciliationReport.Finding.Kind.allCases {
            Gauge(label: "lucid_reconciliation_findings", dimensions: [("kind", kind.rawValue)], factory: factory)
                .record(r.findings.filter { $0.kind == kind }.count)
        }
        Gauge(label: "lucid_reconciliation_scanned_block", factory: factory).record(r.throughBlock)
    }

    /// `lucid_webhook_outbox{status}`: outbox items by status.
    func webhookOutbox(_ byStatus: [String: Int]) {
        for status in ["pending", "delivered", "failed", "cancelled"] {
            Gauge(label: "lucid_webhook_outbox", dimensions: [("status", status)], factory: factory)
                .record(byStatus[status] ?? 0)
        }
    }

    /// `lucid_webhook_deliveries_total{result}` per attempt.
    func webhookAttempt(succeeded: Bool) {
        Counter(
            label: "lucid_webhook_deliveries_total", dimensions: [("result", succeeded ? "delivered" : "failed")],
            factory: factory
        ).increment()
    }

    /// Hot wallet gauges: `lucid_wallet_trx_balance_sun`, `lucid_wallet_usdt_balance_micro`,
    /// `lucid_wallet_runway_days{asset}` (−1 when there is no recent spending to measure against).
    /// Runway is a number of days, not an amount: the integer tenths become a decimal gauge value.
    func wallet(_ w: HotWalletSnapshot) {
        Gauge(label: "lucid_wallet_trx_balance_sun", factory: factory).record(w.trx.value)
        Gauge(label: "lucid_wallet_usdt_balance_micro", factory: factory).record(w.usdt.value)
        Gauge(label: "lucid_wallet_runway_days", dimensions: [("asset", "usdt")], factory: factory)
            .record(w.usdtRunwayTenths.map { Double($0) / 10 } ?? -1)
        Gauge(label: "lucid_wallet_runway_days", dimensions: [("asset", "trx")], factory: factory)
            .record(w.trxRunwayTenths.map { Double($0) / 10 } ?? -1)
    }

    /// The staking gauges: energy from stake (limit, used, available), the energy the payouts need
    /// a day and how much of it the stake covers (`lucid_stake_coverage_ratio`, −1 when nothing is
    /// needed), TRX burned for energy and the average cost of a payout over the plan's days, and
    /// pending unstakes.
    public func staking(_ plan: ResourcePlan, account: AccountInfo?) {
        let i = plan.inputs
        for (kind, value) in [
            ("limit", i.energyLimit), ("available", i.energyAvailable),
            ("used", max(0, i.energyLimit - i.energyAvailable)),
        ] {
            Gauge(label: "lucid_energy", dimensions: [("kind", kind)], factory: factory).record(value)
        }
        Gauge(label: "lucid_energy_needed_per_day", factory: factory).record(plan.energyPerDay)
        let coverage = plan.energyPerDay > 0 ? Double(i.energyLimit) / Double(plan.energyPerDay) : -1
        Gauge(label: "lucid_stake_coverage_ratio", factory: factory).record(coverage)
        Gauge(label: "lucid_trx_burned_for_energy_sun_per_day", factory: factory)
            .record(i.history.energyFeeSun / max(1, i.days))
        Gauge(label: "lucid_payout_cost_sun_average", factory: factory)
            .record(i.history.payouts > 0 ? i.history.feeSun / i.history.payouts : 0)
        let pending = account?.pendingUnfreezes ?? []
        Gauge(label: "lucid_staking_pending_unstakes", factory: factory).record(pending.count)
        Gauge(label: "lucid_staking_pending_unstake_sun", factory: factory)
            .record(pending.reduce(0) { $0 + $1.amount.value })
    }

    /// `lucid_kyc_expired_total`.
    func kycExpired(_ n: Int) {
        Counter(label: "lucid_kyc_expired_total", factory: factory).increment(by: n)
    }

    /// `tron_network_latency_seconds` per node call.
    func nodeLatency(nanoseconds: Int64) {
        Timer(label: "tron_network_latency_seconds", factory: factory).recordNanoseconds(nanoseconds)
    }

    /// The Prometheus text exposition.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry?.emit(into: &buffer)
        return buffer
    }
}
