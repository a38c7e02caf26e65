import Foundation
import GRDB
import TronKit

/// Row → `Payout` decoding, by column position: every payout query selects `payoutColumns`, and
/// `decode` reads them in that order (no per-column name look-up on the hot path).
extension SQLitePayoutStore {
    // MARK: Decoding

    /// The payout columns, in the order `decode` reads them.
    static let payoutColumns = """
        id, created_by, idempotency_key, batch_id, recipient, amount, reason, router_type, priority, batch_type, \
        node_id, user_id, session_id, kyc_id, metadata, status, reason_code, reason_detail, scheduled_for, \
        reserved_at, attempts, txid, signed_tx, tx_expiration, fee_limit, broadcast_at, block_number, block_time, \
        chain_result, fee_sun, energy_used, energy_fee_sun, net_usage, net_fee_sun, created_at, updated_at, version, \
        user_issuer
        """
    /// `SELECT <payoutColumns> FROM payouts`, to which a query adds its clauses.
    static let selectPayouts = "SELECT \(payoutColumns) FROM payouts"

    static func decode(_ row: Row) throws -> Payout {
        var c = ColumnCursor(row: row)
        let id: String = c.next()
        let createdBy: String = c.next()
        let idempotencyKey: String? = c.next()
        let batchID: String? = c.next()
        var request = PayoutRequest(
            recipient: try TronAddress(base58: c.next()), amount: MicroUSDT(c.next() as Int64), reason: c.next(),
            routerType: RouterType(rawValue: c.next()) ?? .v0, priority: PayoutPriority(rawValue: c.next()) ?? .normal,
            batchType: BatchType(rawValue: c.next()) ?? .immediate, nodeID: c.next(), userID: c.next(),
            sessionID: c.next(), kycID: c.next(), metadata: c.next())
        let statusText: String = c.next()
        guard let status = PayoutStatus(rawValue: statusText) else {
            throw WalletError.storage("unknown status in row \(id)")
        }
        let reasonCode: String? = c.next()
        let reasonDetail: String? = c.next()
        let scheduledFor: Int64 = c.next()
        let reservedAt: Int64? = c.next()
        let attempts: Int = c.next()
        let txid: String? = c.next()
        let signedTx: Data? = c.next()
        let expiration: Int64? = c.next()
        let feeLimit: Int64? = c.next()
        let broadcastAt: Int64? = c.next()
        var attempt: Payout.ChainAttempt?
        if let txid, let signedTx {
            attempt = Payout.ChainAttempt(
                txid: txid, signedTransaction: Array(signedTx), expiration: expiration ?? 0, feeLimit: feeLimit ?? 0,
                broadcastAt: broadcastAt)
        }
        let block: Int64? = c.next()
        var outcome: Payout.ChainOutcome?
        if let block {
            outcome = Payout.ChainOutcome(
                blockNumber: block, blockTime: c.next() ?? 0, result: c.next() ?? "", feeSun: c.next() ?? 0,
                energyUsed: c.next() ?? 0, energyFeeSun: c.next() ?? 0, netUsage: c.next() ?? 0,
                netFeeSun: c.next() ?? 0)
        } else {
            c.skip(7)
        }
        let createdAt: Int64 = c.next()
        let updatedAt: Int64 = c.next()
        let version: Int64 = c.next()
        request.userIssuer = c.next()
        return Payout(
            id: id, request: request, batchID: batchID, createdBy: createdBy, idempotencyKey: idempotencyKey,
            status: status, reasonCode: reasonCode, reasonDetail: reasonDetail, scheduledFor: scheduledFor,
            reservedAt: reservedAt, attempts: attempts, attempt: attempt, outcome: outcome, createdAt: createdAt,
            updatedAt: updatedAt, version: version)
    }
}

/// Reads a row's columns one after another, by position.
struct ColumnCursor {
    let row: Row
    var index = 0

    mutating func next<Value: DatabaseValueConvertible>() -> Value {
        defer { index += 1 }
        return row[index]
    }

    mutating func skip(_ n: Int) { index += n }
}
