import Foundation
import GRDB
import LucidJSON
import TronKit

/// Staking operations in SQLite: inserted with their idempotency record and the daily limit
/// checked in one transaction, moved by compare-and-set along legal transitions, audited.
extension SQLitePayoutStore {
    static let stakingColumns = """
        id, created_by, idempotency_key, kind, request, status, reason_code, reason_detail, scheduled_for, attempts,
        txid, signed_tx, tx_expiration, broadcast_at, block_number, block_time, chain_result, fee_sun, energy_used,
        energy_fee_sun, net_usage, net_fee_sun, withdrawn_sun, created_at, updated_at, version
        """

    public func stakingReplay(principal: String, key: String, fingerprint: String) async throws -> StakingOperation? {
        try await pool.read { db in try Self.stakingReplay(db, principal: principal, key: key, fingerprint: fingerprint)
        }
    }

    static func stakingReplay(_ db: Database, principal: String, key: String, fingerprint: String) throws
        -> StakingOperation?
    {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT fingerprint, payout_ids FROM idempotency WHERE principal = ? AND key = ?",
                arguments: [principal, key])
        else { return nil }
        guard row["fingerprint"] as String == fingerprint else { throw WalletError.idempotencyMismatch }
        return try fetchStaking(db, id: row["payout_ids"])
    }

    public func createStaking(
        _ op: StakingOperation, idempotency: IdempotencyRecord, limits: StakingLimits?, dayStart: Int64
    )
        async throws -> (operation: StakingOperation, replayed: Bool)
    {
        try await pool.write { db in
            if let stored = try Self.stakingReplay(
                db, principal: idempotency.principal, key: idempotency.key, fingerprint: idempotency.fingerprint)
            {
                return (stored, true)
            }
            let amount = op.request.amount?.value ?? 0
            if let limits, amount > 0 {
                let moved = Sun(try Self.stakingMoved(db, from: dayStart, to: dayStart + PayoutWindow.dayMs))
                if let problem = limits.dailyProblem(moved: moved, amount: Sun(amount)) {
                    throw WalletError.validation([problem])
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO staking_operations (id, created_by, idempotency_key, kind, request, amount_sun, status,
                      scheduled_for, attempts, withdrawn_sun, created_at, updated_at, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)
                    """,
                arguments: [
                    op.id, op.createdBy, op.idempotencyKey, op.request.kind.rawValue, op.request.json.serialized,
                    amount,
                    op.status.rawValue, op.scheduledFor, op.createdAt, op.updatedAt, op.version,
                ])
            try db.execute(
                sql:
                    "INSERT INTO idempotency (principal, key, fingerprint, payout_ids, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [idempotency.principal, idempotency.key, idempotency.fingerprint, op.id, op.createdAt])
            try Self.appendAudit(
                db,
                [
                    AuditEvent(
                        at: op.createdAt, actor: op.createdBy, action: "staking.created", subject: op.id,
                        detail: .object([("kind", .string(op.request.kind.rawValue)), ("request", op.request.json)]))
                ])
            return (op, false)
        }
    }

    public func stakingOperation(id: String) async throws -> StakingOperation? {
        try await pool.read { db in try Self.fetchStaking(db, id: id) }
    }

    public func stakingOperations(limit: Int, beforeID: String?) async throws -> [StakingOperation] {
        try await pool.read { db in
            var sql = "SELECT \(Self.stakingColumns) FROM staking_operations"
            var args: [any DatabaseValueConvertible] = []
            if let beforeID,
                let cursor = try Row.fetchOne(
                    db, sql: "SELECT created_at FROM staking_operations WHERE id = ?", arguments: [beforeID])
            {
                sql += " WHERE (created_at, id) < (?, ?)"
                args += [cursor["created_at"] as Int64, beforeID]
            }
            sql += " ORDER BY created_at DESC, id DESC LIMIT ?"
            args.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Self.stakingOperation)
        }
    }

    public func updateStaking(_ changes: [(new: StakingOperation, expectedVersion: Int64)], actor: String) async throws
        -> Set<String>
    {
        guard !changes.isEmpty else { return [] }
        return try await pool.write { db in
            var written: [StakingOperation] = []
            for (op, expected) in changes where try Self.writeStaking(db, op, expected: expected) { written.append(op) }
            try Self.appendAudit(db, written.map { Self.stakingEvent($0, actor: actor) })
            return Set(written.map(\.id))
        }
    }

    public func dueStaking(now: Int64, limit: Int) async throws -> [StakingOperation] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.stakingColumns) FROM staking_operations
                    WHERE status = 'scheduled' AND scheduled_for <= ? ORDER BY scheduled_for, created_at LIMIT ?
                    """, arguments: [now, limit]
            ).map(Self.stakingOperation)
        }
    }

    public func stakingInFlight() async throws -> [StakingOperation] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.stakingColumns) FROM staking_operations
                    WHERE status IN ('signing','signed','broadcast') ORDER BY updated_at LIMIT 1000
                    """
            ).map(Self.stakingOperation)
        }
    }

    public func stakingMoved(from: Int64, to: Int64) async throws -> Sun {
        Sun(try await pool.read { db in try Self.stakingMoved(db, from: from, to: to) })
    }

    static func stakingMoved(_ db: Database, from: Int64, to: Int64) throws -> Int64 {
        try Int64.fetchOne(
            db,
            sql: """
                SELECT COALESCE(SUM(amount_sun), 0) FROM staking_operations
                WHERE created_at >= ? AND created_at < ? AND status != 'failed'
                """, arguments: [from, to]) ?? 0
    }

    public func energyTally(from: Int64, to: Int64) async throws -> EnergyTally {
        try await pool.read { db in
            var t = EnergyTally()
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*), COALESCE(SUM(energy_used), 0), COALESCE(SUM(energy_fee_sun), 0),
                          COALESCE(SUM(fee_sun), 0),
                          COALESCE(SUM(NOT EXISTS (SELECT 1 FROM payouts q WHERE q.recipient = p.recipient
                            AND q.status = 'confirmed' AND q.block_number < p.block_number)), 0)
                        FROM payouts p WHERE p.status = 'confirmed' AND p.block_time >= ? AND p.block_time < ?
                        """, arguments: [from, to])
            else { return t }
            t.payouts = row[0]
            t.energyUsed = row[1]
            t.energyFeeSun = row[2]
            t.feeSun = row[3]
            t.newRecipients = row[4]
            return t
        }
    }

    // MARK: Rows

    static func fetchStaking(_ db: Database, id: String) throws -> StakingOperation? {
        try Row.fetchOne(db, sql: "SELECT \(stakingColumns) FROM staking_operations WHERE id = ?", arguments: [id])
            .map(stakingOperation)
    }

    static let stakingUpdateSQL: [StakingStatus: String] = Dictionary(
        uniqueKeysWithValues: StakingStatus.allCases.map { status in
            let list = StakingStatus.predecessors(of: status).map { "'\($0.rawValue)'" }
            return (
                status,
                """
                UPDATE staking_operations SET status = ?, reason_code = ?, reason_detail = ?, scheduled_for = ?,
                  attempts = ?, txid = ?, signed_tx = ?, tx_expiration = ?, broadcast_at = ?, block_number = ?,
                  block_time = ?, chain_result = ?, fee_sun = ?, energy_used = ?, energy_fee_sun = ?, net_usage = ?,
                  net_fee_sun = ?, withdrawn_sun = ?, updated_at = ?, version = ?
                WHERE id = ? AND version = ? AND status IN (\(list.isEmpty ? "NULL" : list.joined(separator: ",")))
                """
            )
        })

    /// Compare-and-set one row along a legal transition; records the attempt when one is signed.
    static func writeStaking(_ db: Database, _ op: StakingOperation, expected: Int64) throws -> Bool {
        let a = op.attempt
        let o = op.outcome
        try db.cachedStatement(sql: stakingUpdateSQL[op.status]!).execute(  // every status has an entry
            arguments: [
                op.status.rawValue, op.reasonCode, op.reasonDetail, op.scheduledFor, op.attempts, a?.txid,
                a.map { Data($0.signedTransaction) }, a?.expiration, a?.broadcastAt, o?.blockNumber, o?.blockTime,
                o?.result, o?.feeSun, o?.energyUsed, o?.energyFeeSun, o?.netUsage, o?.netFeeSun, op.withdrawnSun,
                op.updatedAt, op.version, op.id, expected,
            ])
        guard db.changesCount == 1 else { return false }
        if op.status == .signed, let a {
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO staking_attempts (operation_id, attempt, txid, signed_tx, expiration, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [op.id, op.attempts, a.txid, Data(a.signedTransaction), a.expiration, op.updatedAt])
        }
        return true
    }

    static func stakingEvent(_ op: StakingOperation, actor: String) -> AuditEvent {
        var detail: [(String, JSONValue)] = [
            ("kind", .string(op.request.kind.rawValue)), ("status", .string(op.status.rawValue)),
            ("version", .int(op.version)),
        ]
        if let code = op.reasonCode { detail.append(("reason_code", .string(code))) }
        if let a = op.attempt {
            detail.append(("attempt", .int(Int64(op.attempts))))
            detail.append(("txid", .string(a.txid)))
        }
        if let o = op.outcome {
            detail += [("block", .int(o.blockNumber)), ("result", .string(o.result)), ("fee_sun", .int(o.feeSun))]
        }
        return AuditEvent(
            at: op.updatedAt, actor: actor, action: "staking.\(op.status.rawValue)", subject: op.id,
            detail: .object(detail))
    }

    static func stakingOperation(_ row: Row) throws -> StakingOperation {
        var c = ColumnCursor(row: row)
        let id: String = c.next()
        let createdBy: String = c.next()
        let key: String? = c.next()
        let kindName: String = c.next()
        let requestText: String = c.next()
        guard let kind = StakingKind(rawValue: kindName) else {
            throw WalletError.storage("staking operation \(id) has an unknown kind")
        }
        let request = try StakingRequest.parse(kind, try JSONValue.parse(Array(requestText.utf8)))
        var op = StakingOperation(id: id, request: request, createdBy: createdBy, idempotencyKey: key, now: 0)
        let status: String = c.next()
        guard let s = StakingStatus(rawValue: status) else {
            throw WalletError.storage("staking operation \(id) has an unknown status")
        }
        op.status = s
        op.reasonCode = c.next()
        op.reasonDetail = c.next()
        op.scheduledFor = c.next()
        op.attempts = c.next()
        let txid: String? = c.next()
        let signed: Data? = c.next()
        let expiration: Int64? = c.next()
        let broadcastAt: Int64? = c.next()
        if let txid, let signed, let expiration {
            op.attempt = Payout.ChainAttempt(
                txid: txid, signedTransaction: Array(signed), expiration: expiration, feeLimit: 0,
                broadcastAt: broadcastAt)
        }
        let block: Int64? = c.next()
        if let block {
            op.outcome = Payout.ChainOutcome(
                blockNumber: block, blockTime: c.next(), result: c.next(), feeSun: c.next(), energyUsed: c.next(),
                energyFeeSun: c.next(), netUsage: c.next(), netFeeSun: c.next())
        } else {
            c.skip(7)
        }
        op.withdrawnSun = c.next()
        op.createdAt = c.next()
        op.updatedAt = c.next()
        op.version = c.next()
        return op
    }
}
