import Foundation
import GRDB
import LucidJSON
import TronKit

/// The hash-chained audit log: appended inside the transaction of the change it records, so a
/// committed change always has its entry and the chain has no gaps.
extension SQLitePayoutStore {
    /// Numbers, chains and inserts `events` after the current tail, in the caller's transaction.
    static func appendAudit(_ db: Database, _ events: [AuditEvent]) throws {
        guard !events.isEmpty else { return }
        var seq: Int64 = 0
        var previous = AuditEntry.genesisHash
        if let tail = try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
        {
            seq = tail["seq"]
            previous = tail["hash"]
        }
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO audit_log (seq, at, actor, action, subject, detail, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for event in events {
            seq += 1
            let entry = AuditEntry(
                seq: seq, at: event.at, actor: event.actor, action: event.action, subject: event.subject,
                detail: event.detail.serialized, previousHash: previous)
            try insert.execute(
                arguments: [
                    entry.seq, entry.at, entry.actor, entry.action, entry.subject, entry.detail, entry.previousHash,
                    entry.hash,
                ])
            previous = entry.hash
        }
    }

    /// The entry recording a payout's move to its current state.
    static func transitionEvent(_ p: Payout, actor: String) -> AuditEvent {
        var detail: [(String, JSONValue)] = [("status", .string(p.status.rawValue)), ("version", .int(p.version))]
        if let code = p.reasonCode { detail.append(("reason_code", .string(code))) }
        if let a = p.attempt {
            detail.append(("attempt", .int(p.attempts)))
            detail.append(("txid", .string(a.txid)))
        }
        if let o = p.outcome {
            detail.append(("block", .int(o.blockNumber)))
            detail.append(("result", .string(o.result)))
            detail.append(("fee_sun", .int(o.feeSun)))
        }
        return AuditEvent(
            at: p.updatedAt, actor: actor, action: "payout.\(p.status.rawValue)", subject: p.id,
            detail: .object(detail))
    }

    public func appendAudit(_ events: [AuditEvent]) async throws {
        try await pool.write { db in try Self.appendAudit(db, events) }
    }

    public func audit(_ q: AuditQuery) async throws -> [AuditEntry] {
        var clauses = ["seq > ?"]
        var args: [any DatabaseValueConvertible] = [q.afterSeq]
        if let a = q.actor { clauses.append("actor = ?"); args.append(a) }
        if let a = q.action {
            if a.hasSuffix(".") {
                clauses.append("substr(action, 1, ?) = ?"); args += [a.utf8.count, a]
            } else {
                clauses.append("action = ?"); args.append(a)
            }
        }
        if let s = q.subject { clauses.append("subject = ?"); args.append(s) }
        if let f = q.from { clauses.append("at >= ?"); args.append(f) }
        if let t = q.to { clauses.append("at < ?"); args.append(t) }
        let sql =
            "SELECT * FROM audit_log WHERE \(clauses.joined(separator: " AND ")) ORDER BY seq LIMIT \(max(1, min(q.limit, 1000)))"
        let arguments = StatementArguments(args.map(\.databaseValue))
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.decodeAudit)
        }
    }

    /// Whether an entry with this hash exists (for `lucidctl audit verify --expect-head`).
    public func containsAuditHash(_ hash: String) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit_log WHERE hash = ?)", arguments: [hash])
                ?? false
        }
    }

    static func decodeAudit(_ row: Row) -> AuditEntry {
        var e = AuditEntry(
            seq: row["seq"], at: row["at"], actor: row["actor"], action: row["action"], subject: row["subject"],
            detail: row["detail"], previousHash: row["previous_hash"])
        e.hash = row["hash"]  // as stored: verification compares it with the recomputed one
        return e
    }
}
