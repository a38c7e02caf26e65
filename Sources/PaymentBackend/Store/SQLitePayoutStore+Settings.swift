import Foundation
import GRDB
import LucidJSON
import TronKit

/// KYC records and settings (the pause switch).
extension SQLitePayoutStore {
    // MARK: KYC and settings

    public func kyc(_ address: TronAddress) async throws -> KYCRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM kyc_records WHERE address = ?", arguments: [address.base58]).map(
                Self.decodeKYC)
        }
    }

    static func decodeKYC(_ row: Row) throws -> KYCRecord {
        KYCRecord(
            address: try TronAddress(base58: row["address"]), kycID: row["kyc_id"], level: row["level"],
            status: KYCRecord.Status(rawValue: row["status"]) ?? .suspended, verifiedAt: row["verified_at"],
            expiresAt: row["expires_at"], note: row["note"])
    }

    public func expireKYC(now: Int64, actor: String) async throws -> [KYCRecord] {
        try await pool.write { db in
            let due = try Row.fetchAll(
                db, sql: "SELECT * FROM kyc_records WHERE status = 'active' AND expires_at <= ? ORDER BY address",
                arguments: [now]
            ).map(Self.decodeKYC)
            guard !due.isEmpty else { return [] }
            try db.execute(
                sql: "UPDATE kyc_records SET status = 'expired' WHERE status = 'active' AND expires_at <= ?",
                arguments: [now])
            try Self.appendAudit(
                db,
                due.map { k in
                    AuditEvent(
                        at: now, actor: actor, action: "kyc.expired", subject: k.address.base58,
                        detail: .object([("kyc_id", .string(k.kycID)), ("expires_at", .int(k.expiresAt))]))
                })
            return due.map { k in
                var k = k
                k.status = .expired
                return k
            }
        }
    }

    public func putKYC(_ k: KYCRecord, actor: String, at now: Int64) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO kyc_records (address, kyc_id, level, status, verified_at, expires_at, note) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(address) DO UPDATE SET kyc_id = excluded.kyc_id, level = excluded.level, status = excluded.status,
                      verified_at = excluded.verified_at, expires_at = excluded.expires_at, note = excluded.note
                    """,
                arguments: [k.address.base58, k.kycID, k.level, k.status.rawValue, k.verifiedAt, k.expiresAt, k.note])
            try Self.appendAudit(
                db,
                [
                    AuditEvent(
                        at: now, actor: actor, action: "kyc.\(k.status.rawValue)", subject: k.address.base58,
                        detail: .object([
                            ("kyc_id", .string(k.kycID)), ("level", .int(k.level)), ("expires_at", .int(k.expiresAt)),
                            ("note", k.note.map(JSONValue.string) ?? .null),
                        ]))
                ])
        }
    }

    public func setting(_ key: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])
        }
    }

    public func setSetting(_ key: String, _ value: String, audit: AuditEvent) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
            try Self.appendAudit(db, [audit])
        }
    }
}
