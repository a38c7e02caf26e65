import Hummingbird
import LucidAssertion
import LucidJSON
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
            // While the engine recovers after a restore, its own scan comes first.
            let recovered = await engine.recovered
            let scan = refresh == "true" && recovered
            report = try await scan ? reconciler.catchUp() : reconciler.report()
        } catch let e as FullNodeError {
            logger.warning("reconciliation scan failed", metadata: ["error": "\(e)"])
            throw WalletError.nodeUnavailable("the TRON node did not answer while scanning; retry shortly")
        }
        metrics.reconciliation(report)
        return Self.json(ReconciliationJSON.render(report, at: service.clock.nowMs()))
    }
}

/// `ReconciliationReport` as the `ReconciliationSummary` the admin page reads.
enum ReconciliationJSON {
    static func render(_ r: ReconciliationReport, at now: Int64) -> JSONValue {
        ReconciliationSummary(
            isClean: r.isClean, statement: r.statement, generatedAt: Timestamp.format(now), fromBlock: r.fromBlock,
            throughBlock: r.throughBlock, chainTransfers: Int64(r.chainTransfers),
            chainTotalUSDT: r.chainTotal.decimalString, ledgerConfirmed: Int64(r.ledgerConfirmed),
            ledgerTotalUSDT: r.ledgerTotal.decimalString,
            findings: r.findings.map { f in
                .init(
                    kind: f.kind.rawValue, payoutID: f.payoutID, txid: f.txid, block: f.blockNumber,
                    chainAmountUSDT: f.chainAmount?.decimalString, ledgerAmountUSDT: f.ledgerAmount?.decimalString,
                    detail: f.detail)
            }
        ).json
    }
}
