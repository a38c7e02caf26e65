import Foundation
import GRDB
import TronKit

/// Row → `Payout` decoding.
extension SQLitePayoutStore {
    // MARK: Decoding

    static func decode(_ row: Row) throws -> Payout {
        let request = PayoutRequest(
            recipient: try TronAddress(base58: row["recipient"]), amount: MicroUSDT(row["amount"]),
            reason: row["reason"],
            routerType: RouterType(rawValue: row["router_type"]) ?? .v0,
            priority: PayoutPriority(rawValue: row["priority"]) ?? .normal,
            batchType: BatchType(rawValue: row["batch_type"]) ?? .immediate, nodeID: row["node_id"],
            userID: row["user_id"],
            sessionID: row["session_id"], kycID: row["kyc_id"], metadata: row["metadata"])
        var attempt: Payout.ChainAttempt?
        if let txid: String = row["txid"], let tx: Data = row["signed_tx"] {
            attempt = Payout.ChainAttempt(
                txid: txid, signedTransaction: Array(tx), expiration: row["tx_expiration"],
                feeLimit: row["fee_limit"] ?? 0,
                broadcastAt: row["broadcast_at"])
        }
        var outcome: Payout.ChainOutcome?
        if let block: Int64 = row["block_number"] {
            outcome = Payout.ChainOutcome(
                blockNumber: block, blockTime: row["block_time"] ?? 0, result: row["chain_result"] ?? "",
                feeSun: row["fee_sun"] ?? 0, energyUsed: row["energy_used"] ?? 0,
                energyFeeSun: row["energy_fee_sun"] ?? 0,
                netUsage: row["net_usage"] ?? 0, netFeeSun: row["net_fee_sun"] ?? 0)
        }
        guard let status = PayoutStatus(rawValue: row["status"]) else {
            throw WalletError.storage("unknown status in row \(row["id"] as String? ?? "?")")
        }
        return Payout(
            id: row["id"], request: request, batchID: row["batch_id"], createdBy: row["created_by"],
            idempotencyKey: row["idempotency_key"], status: status, reasonCode: row["reason_code"],
            reasonDetail: row["reason_detail"], scheduledFor: row["scheduled_for"], reservedAt: row["reserved_at"],
            attempts: row["attempts"], attempt: attempt, outcome: outcome, createdAt: row["created_at"],
            updatedAt: row["updated_at"], version: row["version"])
    }
}
