import Foundation
import GRDB
import LucidJSON
import TronKit

/// Webhook endpoints, the durable outbox (filled in the transaction of each payout change) and the
/// delivery log.
extension SQLitePayoutStore {
    /// Queues one event per payout change for every active endpoint that wants it.
    static func enqueueEvents(_ db: Database, _ payouts: [Payout]) throws {
        guard !payouts.isEmpty else { return }
        let hooks = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM webhooks WHERE active = 1")).map(
            Self.decodeWebhook)
        guard !hooks.isEmpty else { return }
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO webhook_outbox
                  (event_id, webhook_id, type, payload, created_at, next_attempt_at, attempts, status)
                VALUES (?, ?, ?, ?, ?, ?, 0, 'pending')
                """)
        for p in payouts {
            let type = "payout.\(p.status.rawValue)"
            let wanting = hooks.filter { $0.wants(type) }
            guard !wanting.isEmpty else { continue }
            let eventID = WebhookEvent.id(payoutID: p.id, version: p.version)
            let payload = Data(WebhookEvent.payload(for: p, eventID: eventID))
            for hook in wanting {
                try insert.execute(arguments: [eventID, hook.id, type, payload, p.updatedAt, p.updatedAt])
            }
        }
    }

    public func createWebhook(_ w: Webhook) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO webhooks (id, url, events, description, created_by, created_at, active, secret)
                    VALUES (?, ?, ?, ?, ?, ?, 1, ?)
                    """,
                arguments: [
                    w.id, w.url, w.events.joined(separator: ","), w.description, w.createdBy, w.createdAt, w.secret,
                ])
            try Self.appendAudit(
                db,
                [
                    AuditEvent(
                        at: w.createdAt, actor: w.createdBy, action: "webhook.created", subject: w.id,
                        detail: .object([
                            ("url", .string(w.url)), ("events", .array(w.events.map(JSONValue.string))),
                        ]))
                ])
        }
    }

    public func webhooks() async throws -> [Webhook] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM webhooks ORDER BY created_at, id").map(Self.decodeWebhook)
        }
    }

    public func webhook(id: String) async throws -> Webhook? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM webhooks WHERE id = ?", arguments: [id]).map(Self.decodeWebhook)
        }
    }

    public func deactivateWebhook(id: String, actor: String, at now: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE webhooks SET active = 0 WHERE id = ? AND active = 1", arguments: [id])
            guard db.changesCount == 1 else { return false }
            // Undelivered events for a removed endpoint are dropped, not sent later.
            try db.execute(
                sql: "UPDATE webhook_outbox SET status = 'cancelled' WHERE webhook_id = ? AND status = 'pending'",
                arguments: [id])
            try Self.appendAudit(db, [AuditEvent(at: now, actor: actor, action: "webhook.deleted", subject: id)])
            return true
        }
    }

    static func decodeWebhook(_ row: Row) -> Webhook {
        Webhook(
            id: row["id"], url: row["url"], events: (row["events"] as String).split(separator: ",").map(String.init),
            description: row["description"], createdBy: row["created_by"], createdAt: row["created_at"],
            active: row["active"], secret: row["secret"])
    }

    public func dueWebhookEvents(now: Int64, limit: Int) async throws -> [WebhookOutboxItem] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM webhook_outbox WHERE status = 'pending' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, created_at LIMIT ?
                    """, arguments: [now, limit]
            ).map { row in
                WebhookOutboxItem(
                    eventID: row["event_id"], webhookID: row["webhook_id"], type: row["type"],
                    payload: Array(row["payload"] as Data), createdAt: row["created_at"],
                    nextAttemptAt: row["next_attempt_at"], attempts: row["attempts"], status: row["status"])
            }
        }
    }

    public func recordWebhookAttempt(_ d: WebhookDelivery, nextAttemptAt: Int64?) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO webhook_deliveries (event_id, webhook_id, attempt, at, status_code, error, duration_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [d.eventID, d.webhookID, d.attempt, d.at, d.statusCode, d.error, d.durationMs])
            let status = d.succeeded ? "delivered" : (nextAttemptAt == nil ? "failed" : "pending")
            try db.execute(
                sql: """
                    UPDATE webhook_outbox SET attempts = ?, status = ?, next_attempt_at = ?
                    WHERE event_id = ? AND webhook_id = ? AND status = 'pending'
                    """,
                arguments: [d.attempt, status, nextAttemptAt ?? d.at, d.eventID, d.webhookID])
        }
    }

    public func webhookDeliveries(webhookID: String, limit: Int) async throws -> [WebhookDelivery] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?",
                arguments: [webhookID, limit]
            ).map { row in
                WebhookDelivery(
                    eventID: row["event_id"], webhookID: row["webhook_id"], attempt: row["attempt"], at: row["at"],
                    statusCode: row["status_code"], error: row["error"], durationMs: row["duration_ms"])
            }
        }
    }

    public func webhookBacklog() async throws -> [String: Int] {
        try await pool.read { db in
            var out: [String: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT status, COUNT(*) AS n FROM webhook_outbox GROUP BY status")
            {
                out[row["status"]] = row["n"]
            }
            return out
        }
    }
}
