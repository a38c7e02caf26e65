import Foundation
import GRDB
import TronKit

/// The embedded default store: SQLite through GRDB, WAL journal, `synchronous=FULL` so a committed
/// money transition survives power loss. All state changes are compare-and-set on `version`.
public final class SQLitePayoutStore: PayoutStore {
    let pool: DatabasePool

    /// Opens (creating and migrating) the database at `path`.
    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: config)
        // GRDB sets synchronous=NORMAL when it opens a WAL pool; money needs FULL (re-applied here).
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        let level = try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
        guard level == 2 else { throw WalletError.storage("could not enable synchronous=FULL (got \(level ?? -1))") }
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE payouts (
                      id TEXT PRIMARY KEY, created_by TEXT NOT NULL, idempotency_key TEXT, batch_id TEXT,
                      recipient TEXT NOT NULL, amount INTEGER NOT NULL CHECK (amount > 0), reason TEXT,
                      router_type TEXT NOT NULL, priority TEXT NOT NULL, priority_rank INTEGER NOT NULL,
                      batch_type TEXT NOT NULL, node_id TEXT, user_id TEXT, session_id TEXT, kyc_id TEXT, metadata TEXT,
                      status TEXT NOT NULL, reason_code TEXT, reason_detail TEXT, scheduled_for INTEGER NOT NULL,
                      reserved_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0,
                      txid TEXT, signed_tx BLOB, tx_expiration INTEGER, fee_limit INTEGER, broadcast_at INTEGER,
                      block_number INTEGER, block_time INTEGER, chain_result TEXT, fee_sun INTEGER, energy_used INTEGER,
                      energy_fee_sun INTEGER, net_usage INTEGER, net_fee_sun INTEGER,
                      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, version INTEGER NOT NULL);
                    CREATE INDEX payouts_due ON payouts(status, scheduled_for);
                    CREATE INDEX payouts_reserved ON payouts(reserved_at) WHERE reserved_at IS NOT NULL;
                    CREATE INDEX payouts_created ON payouts(created_at DESC, id DESC);
                    CREATE INDEX payouts_recipient ON payouts(recipient, created_at);
                    CREATE INDEX payouts_node ON payouts(node_id, created_at);
                    CREATE INDEX payouts_user ON payouts(user_id, created_at);
                    CREATE INDEX payouts_batch ON payouts(batch_id);
                    CREATE UNIQUE INDEX payouts_txid ON payouts(txid) WHERE txid IS NOT NULL;
                    CREATE TABLE attempts (
                      payout_id TEXT NOT NULL, attempt INTEGER NOT NULL, txid TEXT NOT NULL, signed_tx BLOB NOT NULL,
                      expiration INTEGER NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (payout_id, attempt));
                    CREATE TABLE idempotency (
                      principal TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, payout_ids TEXT NOT NULL,
                      created_at INTEGER NOT NULL, PRIMARY KEY (principal, key));
                    CREATE TABLE batches (
                      id TEXT PRIMARY KEY, created_by TEXT NOT NULL, created_at INTEGER NOT NULL, count INTEGER NOT NULL,
                      total INTEGER NOT NULL);
                    CREATE TABLE kyc_records (
                      address TEXT PRIMARY KEY, kyc_id TEXT NOT NULL, level INTEGER NOT NULL, status TEXT NOT NULL,
                      verified_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, note TEXT);
                    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    """)
        }
        return m
    }

    static let counted = "('signing','signed','broadcast','confirmed')"

    // MARK: Create

    public func create(_ payouts: [Payout], batch: BatchRecord?, idempotency: IdempotencyRecord) async throws -> (
        payouts: [Payout], replayed: Bool
    ) {
        try await pool.write { db in
            if let row = try Row.fetchOne(
                db, sql: "SELECT fingerprint, payout_ids FROM idempotency WHERE principal = ? AND key = ?",
                arguments: [idempotency.principal, idempotency.key])
            {
                guard row["fingerprint"] as String == idempotency.fingerprint else {
                    throw WalletError.idempotencyMismatch
                }
                let ids = (row["payout_ids"] as String).split(separator: ",").map(String.init)
                return (try Self.fetch(db, ids: ids), true)
            }
            for p in payouts { try Self.insert(db, p) }
            if let b = batch {
                try db.execute(
                    sql: "INSERT INTO batches (id, created_by, created_at, count, total) VALUES (?, ?, ?, ?, ?)",
                    arguments: [b.id, b.createdBy, b.createdAt, b.count, b.total.value])
            }
            try db.execute(
                sql:
                    "INSERT INTO idempotency (principal, key, fingerprint, payout_ids, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    idempotency.principal, idempotency.key, idempotency.fingerprint,
                    payouts.map(\.id).joined(separator: ","), payouts.first?.createdAt ?? 0,
                ])
            return (payouts, false)
        }
    }

    static func insert(_ db: Database, _ p: Payout) throws {
        let r = p.request
        try db.execute(
            sql: """
                INSERT INTO payouts (id, created_by, idempotency_key, batch_id, recipient, amount, reason, router_type,
                  priority, priority_rank, batch_type, node_id, user_id, session_id, kyc_id, metadata, status,
                  reason_code, reason_detail, scheduled_for, reserved_at, attempts, created_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                p.id, p.createdBy, p.idempotencyKey, p.batchID, r.recipient.base58, r.amount.value, r.reason,
                r.routerType.rawValue, r.priority.rawValue, r.priority.rank, r.batchType.rawValue, r.nodeID, r.userID,
                r.sessionID, r.kycID, r.metadata, p.status.rawValue, p.reasonCode, p.reasonDetail, p.scheduledFor,
                p.reservedAt, p.attempts, p.createdAt, p.updatedAt, p.version,
            ])
    }

    // MARK: Read

    public func payout(id: String) async throws -> Payout? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM payouts WHERE id = ?", arguments: [id]).map(Self.decode)
        }
    }

    public func payouts(ids: [String]) async throws -> [Payout] {
        try await pool.read { db in try Self.fetch(db, ids: ids) }
    }

    static func fetch(_ db: Database, ids: [String]) throws -> [Payout] {
        guard !ids.isEmpty else { return [] }
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM payouts WHERE id IN (\(databaseQuestionMarks(count: ids.count)))",
            arguments: StatementArguments(ids))
        let byID = Dictionary(
            uniqueKeysWithValues: try rows.map {
                let p = try decode($0); return (p.id, p)
            })
        return ids.compactMap { byID[$0] }
    }

    public func list(_ q: PayoutQuery) async throws -> [Payout] {
        var clauses: [String] = []
        var args: [(any DatabaseValueConvertible)?] = []
        if let s = q.status { clauses.append("status = ?"); args.append(s.rawValue) }
        if let r = q.routerType { clauses.append("router_type = ?"); args.append(r.rawValue) }
        if let r = q.recipient { clauses.append("recipient = ?"); args.append(r.base58) }
        if let ids = q.nodeIDs {
            if ids.isEmpty { return [] }
            clauses.append("node_id IN (\(databaseQuestionMarks(count: ids.count)))")
            args += ids.map { $0 }
        }
        if let u = q.userID { clauses.append("user_id = ?"); args.append(u) }
        if let b = q.batchID { clauses.append("batch_id = ?"); args.append(b) }
        if let f = q.createdFrom { clauses.append("created_at >= ?"); args.append(f) }
        if let t = q.createdTo { clauses.append("created_at < ?"); args.append(t) }
        if let a = q.after {
            clauses.append("(created_at < ? OR (created_at = ? AND id < ?))")
            args += [a.createdAt, a.createdAt, a.id]
        }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql =
            "SELECT * FROM payouts \(whereSQL) ORDER BY created_at DESC, id DESC LIMIT \(max(1, min(q.limit, 201)))"
        let arguments = StatementArguments(args.map { $0?.databaseValue ?? .null })
        return try await pool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.decode) }
    }

    public func batch(id: String) async throws -> BatchRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM batches WHERE id = ?", arguments: [id]).map { row in
                BatchRecord(
                    id: row["id"], createdBy: row["created_by"], createdAt: row["created_at"], count: row["count"],
                    total: MicroUSDT(row["total"]))
            }
        }
    }

    public func payouts(batchID: String) async throws -> [Payout] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM payouts WHERE batch_id = ? ORDER BY id", arguments: [batchID]).map(
                Self.decode)
        }
    }

    public func due(now: Int64, limit: Int) async throws -> [Payout] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM payouts WHERE status IN ('scheduled','held') AND scheduled_for <= ?
                    ORDER BY priority_rank DESC, created_at ASC, id ASC LIMIT ?
                    """, arguments: [now, limit]
            ).map(Self.decode)
        }
    }

    public func inFlight(limit: Int) async throws -> [Payout] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM payouts WHERE status IN ('signed','broadcast') ORDER BY updated_at ASC LIMIT ?",
                arguments: [limit]
            ).map(Self.decode)
        }
    }

    public func stuckSigning() async throws -> [Payout] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM payouts WHERE status = 'signing'").map(Self.decode)
        }
    }

    public func reservedTotal(from: Int64, to: Int64, recipient: TronAddress?) async throws -> MicroUSDT {
        try await pool.read { db in MicroUSDT(try Self.reserved(db, from: from, to: to, recipient: recipient)) }
    }

    static func reserved(_ db: Database, from: Int64, to: Int64, recipient: TronAddress?) throws -> Int64 {
        if let recipient {
            return try Int64.fetchOne(
                db,
                sql:
                    "SELECT COALESCE(SUM(amount),0) FROM payouts WHERE reserved_at >= ? AND reserved_at < ? AND recipient = ? AND status IN \(counted)",
                arguments: [from, to, recipient.base58]) ?? 0
        }
        return try Int64.fetchOne(
            db,
            sql:
                "SELECT COALESCE(SUM(amount),0) FROM payouts WHERE reserved_at >= ? AND reserved_at < ? AND status IN \(counted)",
            arguments: [from, to]) ?? 0
    }

    public func countByStatus() async throws -> [PayoutStatus: Int] {
        try await pool.read { db in
            var out: [PayoutStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM payouts GROUP BY status") {
                if let s = PayoutStatus(rawValue: row["status"]) { out[s] = row["n"] }
            }
            return out
        }
    }

    // MARK: Write

    public func update(_ new: Payout, expectedVersion: Int64) async throws -> Bool {
        try await updateAll([(new, expectedVersion)]).contains(new.id)
    }

    public func updateAll(_ changes: [(new: Payout, expectedVersion: Int64)]) async throws -> Set<String> {
        guard !changes.isEmpty else { return [] }
        return try await pool.write { db in
            var written = Set<String>()
            for (p, expected) in changes where try Self.write(db, p, expected: expected) { written.insert(p.id) }
            return written
        }
    }

    /// The quoted statuses that may move to `status`, for the CAS guard (illegal transitions write nothing).
    static func predecessorList(_ status: PayoutStatus) -> String {
        let list = PayoutStatus.predecessors(of: status).map { "'\($0.rawValue)'" }
        return list.isEmpty ? "NULL" : list.joined(separator: ",")
    }

    /// Compare-and-set one row on (id, version), and only along a legal transition; records the
    /// attempt when a new signed transaction is written.
    static func write(_ db: Database, _ p: Payout, expected: Int64) throws -> Bool {
        let a = p.attempt
        let o = p.outcome
        try db.execute(
            sql: """
                UPDATE payouts SET status = ?, reason_code = ?, reason_detail = ?, scheduled_for = ?, reserved_at = ?,
                  attempts = ?, txid = ?, signed_tx = ?, tx_expiration = ?, fee_limit = ?, broadcast_at = ?,
                  block_number = ?, block_time = ?, chain_result = ?, fee_sun = ?, energy_used = ?, energy_fee_sun = ?,
                  net_usage = ?, net_fee_sun = ?, updated_at = ?, version = ?
                WHERE id = ? AND version = ? AND status IN (\(Self.predecessorList(p.status)))
                """,
            arguments: [
                p.status.rawValue, p.reasonCode, p.reasonDetail, p.scheduledFor, p.reservedAt, p.attempts, a?.txid,
                a.map { Data($0.signedTransaction) }, a?.expiration, a?.feeLimit, a?.broadcastAt, o?.blockNumber,
                o?.blockTime, o?.result, o?.feeSun, o?.energyUsed, o?.energyFeeSun, o?.netUsage, o?.netFeeSun,
                p.updatedAt,
                p.version, p.id, expected,
            ])
        guard db.changesCount == 1 else { return false }
        if p.status == .signed, let a {
            try db.execute(
                sql:
                    "INSERT OR IGNORE INTO attempts (payout_id, attempt, txid, signed_tx, expiration, created_at) VALUES (?, ?, ?, ?, ?, ?)",
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
            var recipientUsed: [TronAddress: Int64] = [:]
            var out: [Payout] = []
            for c in candidates {
                var p = c
                let amount = p.request.amount.value
                let r = p.request.recipient
                if recipientUsed[r] == nil {
                    recipientUsed[r] = try Self.reserved(db, from: day, to: day + PayoutWindow.dayMs, recipient: r)
                }
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
            return out
        }
    }

    // MARK: KYC and settings

    public func kyc(_ address: TronAddress) async throws -> KYCRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM kyc_records WHERE address = ?", arguments: [address.base58]).map {
                row in
                KYCRecord(
                    address: address, kycID: row["kyc_id"], level: row["level"],
                    status: KYCRecord.Status(rawValue: row["status"]) ?? .suspended, verifiedAt: row["verified_at"],
                    expiresAt: row["expires_at"], note: row["note"])
            }
        }
    }

    public func putKYC(_ k: KYCRecord) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO kyc_records (address, kyc_id, level, status, verified_at, expires_at, note) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(address) DO UPDATE SET kyc_id = excluded.kyc_id, level = excluded.level, status = excluded.status,
                      verified_at = excluded.verified_at, expires_at = excluded.expires_at, note = excluded.note
                    """,
                arguments: [k.address.base58, k.kycID, k.level, k.status.rawValue, k.verifiedAt, k.expiresAt, k.note])
        }
    }

    public func setting(_ key: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])
        }
    }

    public func setSetting(_ key: String, _ value: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        }
    }

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
