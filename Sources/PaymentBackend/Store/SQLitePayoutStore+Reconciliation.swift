import Foundation
import GRDB
import TronKit

/// Transfers read from the chain, and the ledger queries reconciliation compares them with.
extension SQLitePayoutStore {
    public func recordChainScan(_ transfers: [ChainTransfer], through block: Int64) async throws {
        try await pool.write { db in
            for t in transfers {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO chain_transfers
                          (txid, log_index, block_number, block_time, sender, recipient, amount, memo)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        t.txid, t.logIndex, t.blockNumber, t.blockTime, t.from.base58, t.to.base58, t.amount.value,
                        t.memo,
                    ])
            }
            try db.execute(
                sql: """
                    INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value
                    WHERE CAST(excluded.value AS INTEGER) > CAST(settings.value AS INTEGER)
                    """,
                arguments: [Reconciler.checkpointKey, String(block)])
        }
    }

    public func chainTransfers(blocks: ClosedRange<Int64>) async throws -> [ChainTransfer] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT * FROM chain_transfers WHERE block_number BETWEEN ? AND ? ORDER BY block_number, txid, log_index",
                arguments: [blocks.lowerBound, blocks.upperBound]
            ).map { row in
                ChainTransfer(
                    txid: row["txid"], logIndex: row["log_index"], blockNumber: row["block_number"],
                    blockTime: row["block_time"],
                    from: try TronAddress(base58: row["sender"]), to: try TronAddress(base58: row["recipient"]),
                    amount: MicroUSDT(row["amount"] as Int64), memo: row["memo"])
            }
        }
    }

    public func confirmedPayouts(blocks: ClosedRange<Int64>) async throws -> [Payout] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "\(Self.selectPayouts) WHERE status = 'confirmed' AND block_number BETWEEN ? AND ? ORDER BY id",
                arguments: [blocks.lowerBound, blocks.upperBound]
            ).map(Self.decode)
        }
    }

    public func payoutIDs(txids: [String]) async throws -> [String: String] {
        guard !txids.isEmpty else { return [:] }
        return try await pool.read { db in
            var out: [String: String] = [:]
            for chunk in txids.chunked(500) {
                for row in try Row.fetchAll(
                    db,
                    sql:
                        "SELECT txid, payout_id FROM attempts WHERE txid IN (\(databaseQuestionMarks(count: chunk.count)))",
                    arguments: StatementArguments(Array(chunk)))
                {
                    out[row["txid"]] = row["payout_id"]
                }
            }
            return out
        }
    }
}
