import Foundation
import GRDB
import TronKit

/// Compare-and-set writes along legal transitions, and atomic limit reservation.
extension SQLitePayoutStore {
    // MARK: Write

    public func updateAll(_ changes: [(new: Payout, expectedVersion: Int64)], actor: String) async throws -> Set<
        String
    > {
        guard !changes.isEmpty else { return [] }
        return try await pool.write { db in
            var written: [Payout] = []
            for (p, expected) in changes where try Self.write(db, p, expected: expected) { written.append(p) }
            try Self.appendAudit(db, written.map { Self.transitionEvent($0, actor: actor) })
            try Self.enqueueEvents(db, written)
            return Set(written.map(\.id))
        }
    }

    /// The compare-and-set UPDATE for a move to each status, guarded by the statuses that may move
    /// there (an illegal transition matches no row and writes nothing). Built once, not per row.
    static let updateSQL: [PayoutStatus: String] = Dictionary(
        uniqueKeysWithValues: PayoutStatus.allCases.map { status in
            let list = PayoutStatus.predecessors(of: status).map { "'\($0.rawValue)'" }
            return (
                status,
                """
                UPDATE payouts SET status = ?, reason_code = ?, reason_detail = ?, scheduled_for = ?, reserved_at = ?,
                  attempts = ?, txid = ?, signed_tx = ?, tx_expiration = ?, fee_limit = ?, broadcast_at = ?,
                  block_number = ?, block_time = ?, chain_result = ?, fee_sun = ?, energy_used = ?, energy_fee_sun = ?,
                  net_usage = ?, net_fee_sun = ?, updated_at = ?, version = ?
                WHERE id = ? AND version = ? AND status IN (\(list.isEmpty ? "NULL" : list.joined(separator: ",")))
                """
            )
        })

    /// Compare-and-set one row on (id, version), and only along a legal transition; records the
    /// attempt when a new signed transaction is written.
    static func write(_ db: Database, _ p: Payout, expected: Int64) throws -> Bool {
        let a = p.attempt
        let o = p.outcome
        // Cached prepared statements: the hot path prepares each SQL text once per connection.
        try db.cachedStatement(sql: Self.updateSQL[p.status]!).execute(  // every status has an entry
            arguments: [
                p.status.rawValue, p.reasonCode, p.reasonDetail, p.scheduledFor, p.reservedAt, p.attempts, a?.txid,
                a.map { Data($0.signedTransaction) }, a?.expiration, a?.feeLimit, a?.broadcastAt, o?.blockNumber,
                o?.blockTime, o?.result, o?.feeSun, o?.energyUsed, o?.energyFeeSun, o?.netUsage, o?.netFeeSun,
                p.updatedAt,
                p.version, p.id, expected,
            ])
        guard db.changesCount == 1 else { return false }
        if p.status == .signed, let a {
            try db.cachedStatement(
                sql:
                    "INSERT OR IGNORE INTO attempts (payout_id, attempt, txid, signed_tx, expiration, created_at) VALUES (?, ?, ?, ?, ?, ?)"
            ).execute(
                arguments: [p.id, p.attempts, a.txid, Data(a.signedTransaction), a.expiration, p.updatedAt])
        }
        return true
    }

    public func reserve(_ candidates: [Payout], limits: PayoutLimits, now: Int64) async throws -> [Payout] {
        try await pool.write { db in
            let hour = PayoutWindow.hourStart(now)
            let day = PayoutWindow.dayStart(now)
            var hourUsed = try Self.reserved(db, from: hour, to: hour + PayoutWindow.hourMs, recipient: nil)
            var dayUsed = try Self.reserved(db, from: day, to: day + PayoutWindow.dayMs, recipient: nil)
            var recipientUsed = try Self.reservedByRecipient(
                db, from: day, to: day + PayoutWindow.dayMs, recipients: Set(candidates.map(\.request.recipient)))
            var out: [Payout] = []
            for c in candidates {
                var p = c
                let amount = p.request.amount.value
                let r = p.request.recipient
                let hold: HoldDecision? =
                    if hourUsed + amount > limits.hourly.value {
                        HoldDecision(
                            code: "PAYOUT_LIMIT_HOURLY", detail: "the hourly limit of \(limits.hourly) is reached",
                            retryAt: PayoutWindow.nextHour(now))
                    } else if dayUsed + amount > limits.daily.value {
                        HoldDecision(
                            code: "PAYOUT_LIMIT_DAILY", detail: "the daily limit of \(limits.daily) is reached",
                            retryAt: PayoutWindow.nextDay(now))
                    } else if recipientUsed[r]! + amount > limits.perRecipientDaily.value {
                        HoldDecision(
                            code: "PAYOUT_LIMIT_RECIPIENT_DAILY",
                            detail: "the recipient's daily limit of \(limits.perRecipientDaily) is reached",
                            retryAt: PayoutWindow.nextDay(now))
                    } else { nil }
                let expected = p.version
                p.version += 1
                p.updatedAt = now
                if let hold {
                    p.status = .held
                    p.reasonCode = hold.code
                    p.reasonDetail = hold.detail
                    p.scheduledFor = hold.retryAt
                } else {
                    p.status = .signing
                    p.reasonCode = nil
                    p.reasonDetail = nil
                    p.reservedAt = now
                }
                guard try Self.write(db, p, expected: expected) else { continue }
                if hold == nil {
                    hourUsed += amount
                    dayUsed += amount
                    recipientUsed[r]! += amount
                }
                out.append(p)
            }
            try Self.appendAudit(db, out.map { Self.transitionEvent($0, actor: "engine") })
            try Self.enqueueEvents(db, out)
            return out
        }
    }
}
