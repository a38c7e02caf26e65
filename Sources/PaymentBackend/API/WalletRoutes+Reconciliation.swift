import Hummingbird
import LucidAssertion
import TronKit

extension WalletRoutes {
    /// `GET /api/v1/reconciliation[?refresh=true]`: the ledger against the chain over every scanned
    /// block; `refresh` first scans up to the current solid block.
    func reconciliation(_ req: Request, _ who: Principal) async throws -> Response {
        try who.require("payment:admin")
        guard let reconciler else { throw WalletError.notFound("reconciliation is not configured") }
        let q = req.uri.queryParameters
        var errors: [WalletError.FieldError] = []
        for (k, _) in q where k != "refresh" { errors.append(.init("/query/\(k)", "unknown parameter")) }
        let refresh = q.get("refresh").map { String($0) }
        if let r = refresh, r != "true", r != "false" { errors.append(.init("/query/refresh", "true or false")) }
        guard errors.isEmpty else { throw WalletError.validation(errors) }
        let report: ReconciliationReport
        do {
            report = try await refresh == "true" ? reconciler.catchUp() : reconciler.report()
        } catch let e as FullNodeError {
            logger.warning("reconciliation scan failed", metadata: ["error": "\(e)"])
            throw WalletError.nodeUnavailable("the TRON node did not answer while scanning; retry shortly")
        }
        metrics.reconciliation(report)
        return Self.json(ReconciliationJSON.render(report, at: service.clock.nowMs()))
    }
}

/// `ReconciliationReport` as JSON.
enum ReconciliationJSON {
    static func render(_ r: ReconciliationReport, at now: Int64) -> JSONValue {
        func amount(_ a: MicroUSDT?) -> JSONValue { a.map { .string($0.decimalString) } ?? .null }
        return .object([
            ("status", .string(r.isClean ? "clean" : "findings")), ("statement", .string(r.statement)),
            ("generated_at", .string(Timestamp.format(now))),
            ("scanned", .object([("from_block", .int(r.fromBlock)), ("through_block", .int(r.throughBlock))])),
            (
                "chain",
                .object([("transfers", .int(r.chainTransfers)), ("total_usdt", .string(r.chainTotal.decimalString))])
            ),
            (
                "ledger",
                .object([("confirmed", .int(r.ledgerConfirmed)), ("total_usdt", .string(r.ledgerTotal.decimalString))])
            ),
            (
                "findings",
                .array(
                    r.findings.map { f in
                        .object([
                            ("kind", .string(f.kind.rawValue)), ("payout_id", f.payoutID.map { .string($0) } ?? .null),
                            ("txid", f.txid.map { .string($0) } ?? .null),
                            ("block", f.blockNumber.map { .int($0) } ?? .null),
                            ("chain_amount_usdt", amount(f.chainAmount)),
                            ("ledger_amount_usdt", amount(f.ledgerAmount)),
                            ("detail", .string(f.detail)),
                        ])
                    })
            ),
        ])
    }
}
