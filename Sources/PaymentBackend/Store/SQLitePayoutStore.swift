import Foundation
import GRDB
import LucidJSON
import TronKit

/// The embedded default store: SQLite through GRDB, WAL journal, `synchronous=FULL` so a committed
/// money transition survives power loss. All state changes are compare-and-set on `version`.
public final class SQLitePayoutStore: PayoutStore {
    let pool: DatabasePool

    /// Opens (creating and migrating) the database at `path`.
    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in try db.execute(sql: Self.connectionPragmas) }
        pool = try DatabasePool(path: path, configuration: config)
        // GRDB sets synchronous=NORMAL when it opens a WAL pool; money needs FULL (re-applied here).
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        let level = try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
        guard level == 2 else { throw WalletError.storage("could not enable synchronous=FULL (got \(level ?? -1))") }
        try Self.migrator.migrate(pool)
    }

    /// Per-connection settings for a write-heavy queue table:
    /// - a 64 MiB page cache, so a pass's working set stays in memory (with SQLite's default of
    ///   2 MiB, a 2,000-payout transaction spills dirty pages to the WAL before it commits and every
    ///   pass re-reads index pages from the OS);
    /// - a checkpoint every 10,000 WAL pages (about 40 MiB) instead of 1,000, so a row updated
    ///   several times in its lifecycle is copied into the database file once rather than each time.
    static let connectionPragmas = "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 10000"

    /// Opens an existing database read-only (for `lucidctl audit` and backup copies), without migrating it.
    public init(readOnlyPath path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw WalletError.storage("no database at \(path)") }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: config)
        guard try pool.read({ try Self.migrator.hasCompletedMigrations($0) }) else {
            throw WalletError.storage("\(path) is not a migrated lucid-wallet database (start the wallet once)")
        }
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
        m.registerMigration("v2-audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE audit_log (
                      seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                      subject TEXT NOT NULL, detail TEXT NOT NULL, previous_hash TEXT NOT NULL, hash TEXT NOT NULL);
                    CREATE INDEX audit_subject ON audit_log(subject, seq);
                    CREATE INDEX audit_at ON audit_log(at);
                    """)
        }
        m.registerMigration("v3-webhooks") { db in
            try db.execute(
                sql: """
                    CREATE TABLE webhooks (
                      id TEXT PRIMARY KEY, url TEXT NOT NULL, events TEXT NOT NULL, description TEXT,
                      created_by TEXT NOT NULL, created_at INTEGER NOT NULL, active INTEGER NOT NULL, secret TEXT NOT NULL);
                    CREATE TABLE webhook_outbox (
                      event_id TEXT NOT NULL, webhook_id TEXT NOT NULL, type TEXT NOT NULL, payload BLOB NOT NULL,
                      created_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, attempts INTEGER NOT NULL,
                      status TEXT NOT NULL, PRIMARY KEY (event_id, webhook_id));
                    CREATE INDEX webhook_outbox_due ON webhook_outbox(status, next_attempt_at);
                    CREATE TABLE webhook_deliveries (
                      id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, webhook_id TEXT NOT NULL,
                      attempt INTEGER NOT NULL, at INTEGER NOT NULL, status_code INTEGER, error TEXT,
                      duration_ms INTEGER NOT NULL);
                    CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, id);
                    """)
        }
        m.registerMigration("v4-reconciliation") { db in
            try db.execute(
                sql: """
                    CREATE TABLE chain_transfers (
                      txid TEXT NOT NULL, log_index INTEGER NOT NULL, block_number INTEGER NOT NULL,
                      block_time INTEGER NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL, amount INTEGER NOT NULL,
                      memo TEXT, PRIMARY KEY (txid, log_index));
                    CREATE INDEX chain_transfers_block ON chain_transfers(block_number);
                    CREATE INDEX payouts_block ON payouts(status, block_number);
                    CREATE INDEX attempts_txid ON attempts(txid);
                    """)
        }
        // Indexes shaped for a write-heavy queue, since every transition rewrites the entries of
        // the indexes it touches:
        // - the engine's two queue reads walk partial indexes in order and stop at their limit,
        //   instead of sorting the whole backlog (full rows) on every pass;
        // - the limit windows are summed from an index that covers them, not from every payout
        //   ever confirmed;
        // - optional columns are indexed only where set, and `payouts_due` (superseded by
        //   `payouts_queue`) is gone; status look-ups use `payouts_block`.
        m.registerMigration("v5-queue-indexes") { db in
            try db.execute(
                sql: """
                    DROP INDEX payouts_due;
                    DROP INDEX payouts_node;
                    DROP INDEX payouts_user;
                    DROP INDEX payouts_batch;
                    CREATE INDEX payouts_node ON payouts(node_id, created_at) WHERE node_id IS NOT NULL;
                    CREATE INDEX payouts_user ON payouts(user_id, created_at) WHERE user_id IS NOT NULL;
                    CREATE INDEX payouts_batch ON payouts(batch_id) WHERE batch_id IS NOT NULL;
                    DROP INDEX payouts_reserved;
                    CREATE INDEX payouts_reserved ON payouts(reserved_at, status, amount) WHERE reserved_at IS NOT NULL;
                    CREATE INDEX payouts_queue ON payouts(priority_rank DESC, created_at, id, scheduled_for)
                      WHERE status IN ('scheduled','held');
                    CREATE INDEX payouts_in_flight ON payouts(updated_at, id, status, broadcast_at)
                      WHERE status IN ('signed','broadcast');
                    """)
        }
        // End users are namespaced by issuer: a payout's `user_id` names a user of `user_issuer`.
        m.registerMigration("v6-user-issuer") { db in
            try db.execute(
                sql: """
                    ALTER TABLE payouts ADD COLUMN user_issuer TEXT;
                    DROP INDEX payouts_user;
                    CREATE INDEX payouts_user ON payouts(user_id, user_issuer, created_at) WHERE user_id IS NOT NULL;
                    """)
        }
        // Staking operations: their own queue and attempts, the payouts' idempotency table and audit chain.
        m.registerMigration("v7-staking") { db in
            try db.execute(
                sql: """
                    CREATE TABLE staking_operations (
                      id TEXT PRIMARY KEY, created_by TEXT NOT NULL, idempotency_key TEXT, kind TEXT NOT NULL,
                      request TEXT NOT NULL, amount_sun INTEGER NOT NULL, status TEXT NOT NULL, reason_code TEXT,
                      reason_detail TEXT, scheduled_for INTEGER NOT NULL, attempts INTEGER NOT NULL, txid TEXT,
                      signed_tx BLOB, tx_expiration INTEGER, broadcast_at INTEGER, block_number INTEGER,
                      block_time INTEGER, chain_result TEXT, fee_sun INTEGER, energy_used INTEGER, energy_fee_sun INTEGER,
                      net_usage INTEGER, net_fee_sun INTEGER, withdrawn_sun INTEGER NOT NULL, created_at INTEGER NOT NULL,
                      updated_at INTEGER NOT NULL, version INTEGER NOT NULL);
                    CREATE INDEX staking_queue ON staking_operations(scheduled_for, created_at) WHERE status = 'scheduled';
                    CREATE INDEX staking_in_flight ON staking_operations(updated_at)
                      WHERE status IN ('signing','signed','broadcast');
                    CREATE INDEX staking_created ON staking_operations(created_at DESC, id DESC);
                    CREATE UNIQUE INDEX staking_txid ON staking_operations(txid) WHERE txid IS NOT NULL;
                    CREATE TABLE staking_attempts (
                      operation_id TEXT NOT NULL, attempt INTEGER NOT NULL, txid TEXT NOT NULL, signed_tx BLOB NOT NULL,
                      expiration INTEGER NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (operation_id, attempt));
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
            var events: [AuditEvent] = []
            for p in payouts {
                try Self.insert(db, p)
                let r = p.request
                events.append(
                    AuditEvent(
                        at: p.createdAt, actor: p.createdBy, action: "payout.created", subject: p.id,
                        detail: .object([
                            ("amount_usdt", .string(r.amount.decimalString)),
                            ("recipient", .string(r.recipient.base58)),
                            ("router_type", .string(r.routerType.rawValue)), ("status", .string(p.status.rawValue)),
                            ("batch_id", p.batchID.map(JSONValue.string) ?? .null),
                        ])))
            }
            if let b = batch {
                try db.execute(
                    sql: "INSERT INTO batches (id, created_by, created_at, count, total) VALUES (?, ?, ?, ?, ?)",
                    arguments: [b.id, b.createdBy, b.createdAt, b.count, b.total.value])
            }
            try Self.appendAudit(db, events)
            try Self.enqueueEvents(db, payouts)
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
        try db.cachedStatement(
            sql: """
                INSERT INTO payouts (id, created_by, idempotency_key, batch_id, recipient, amount, reason, router_type,
                  priority, priority_rank, batch_type, node_id, user_id, session_id, kyc_id, metadata, status,
                  reason_code, reason_detail, scheduled_for, reserved_at, attempts, created_at, updated_at, version,
                  user_issuer)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                p.id, p.createdBy, p.idempotencyKey, p.batchID, r.recipient.base58, r.amount.value, r.reason,
                r.routerType.rawValue, r.priority.rawValue, r.priority.rank, r.batchType.rawValue, r.nodeID, r.userID,
                r.sessionID, r.kycID, r.metadata, p.status.rawValue, p.reasonCode, p.reasonDetail, p.scheduledFor,
                p.reservedAt, p.attempts, p.createdAt, p.updatedAt, p.version, r.userIssuer,
            ])
    }
}
