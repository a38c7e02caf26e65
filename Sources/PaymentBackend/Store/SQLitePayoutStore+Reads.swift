import Foundation
import GRDB
import TronKit

/// Queries: single payouts, filtered pages, due and in-flight work, reserved totals.
extension SQLitePayoutStore {
    // MARK: Read

    public func payout(id: String) async throws -> Payout? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "\(Self.selectPayouts) WHERE id = ?", arguments: [id]).map(Self.decode)
        }
    }

    public func payouts(ids: [String]) async throws -> [Payout] {
        try await pool.read { db in try Self.fetch(db, ids: ids) }
    }

    static func fetch(_ db: Database, ids: [String]) throws -> [Payout] {
        guard !ids.isEmpty else { return [] }
        let rows = try Row.fetchAll(
            db, sql: "\(Self.selectPayouts) WHERE id IN (\(databaseQuestionMarks(count: ids.count)))",
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
        if let i = q.userIssuer { clauses.append("user_issuer = ?"); args.append(i) }
        if let b = q.batchID { clauses.append("batch_id = ?"); args.append(b) }
        if let f = q.createdFrom { clauses.append("created_at >= ?"); args.append(f) }
        if let t = q.createdTo { clauses.append("created_at < ?"); args.append(t) }
        if let a = q.after {
            clauses.append("(created_at < ? OR (created_at = ? AND id < ?))")
            args += [a.createdAt, a.createdAt, a.id]
        }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql =
            "\(Self.selectPayouts) \(whereSQL) ORDER BY created_at DESC, id DESC LIMIT \(max(1, min(q.limit, 201)))"
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
            try Row.fetchAll(db, sql: "\(Self.selectPayouts) WHERE batch_id = ? ORDER BY id", arguments: [batchID]).map(
                Self.decode)
        }
    }

    public func due(now: Int64, limit: Int) async throws -> [Payout] {
        try await pool.read { db in
            try Row.fetchAll(
                try db.cachedStatement(
                    sql: """
                        \(Self.selectPayouts) INDEXED BY payouts_queue
                        WHERE status IN ('scheduled','held') AND scheduled_for <= ?
                        ORDER BY priority_rank DESC, created_at ASC, id ASC LIMIT ?
                        """), arguments: [now, limit]
            ).map(Self.decode)
        }
    }

    public func inFlight(limit: Int) async throws -> [InFlightSummary] {
        try await pool.read { db in
            try Row.fetchAll(
                try db.cachedStatement(
                    sql: """
                        SELECT id, status, broadcast_at FROM payouts INDEXED BY payouts_in_flight
                        WHERE status IN ('signed','broadcast')
                        ORDER BY updated_at ASC LIMIT ?
                        """), arguments: [limit]
            ).compactMap { row in
                PayoutStatus(rawValue: row[1]).map { InFlightSummary(id: row[0], status: $0, broadcastAt: row[2]) }
            }
        }
    }

    public func stuckSigning() async throws -> [Payout] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "\(Self.selectPayouts) WHERE status = 'signing'").map(Self.decode)
        }
    }

    public func unsigned(createdBefore: Int64, limit: Int) async throws -> [Payout] {
        try await pool.read { db in
            try Row.fetchAll(
                try db.cachedStatement(
                    sql: """
                        \(Self.selectPayouts) INDEXED BY payouts_queue
                        WHERE status IN ('scheduled','held') AND created_at < ? ORDER BY created_at ASC LIMIT ?
                        """), arguments: [createdBefore, limit]
            ).map(Self.decode)
        }
    }

    public func reservedTotal(from: Int64, to: Int64, recipient: TronAddress?) async throws -> MicroUSDT {
        try await pool.read { db in MicroUSDT(try Self.reserved(db, from: from, to: to, recipient: recipient)) }
    }

    static func reserved(_ db: Database, from: Int64, to: Int64, recipient: TronAddress?) throws -> Int64 {
        if let recipient {
            return try reservedByRecipient(db, from: from, to: to, recipients: [recipient])[recipient] ?? 0
        }
        return try Int64.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT COALESCE(SUM(amount),0) FROM payouts INDEXED BY payouts_reserved WHERE reserved_at >= ? AND reserved_at < ? AND status IN \(counted)"
            ), arguments: [from, to]) ?? 0
    }

    /// What each of `recipients` has reserved in [from, to), read for a whole pass in a few
    /// statements (every recipient has an entry, 0 when nothing is reserved).
    static func reservedByRecipient(_ db: Database, from: Int64, to: Int64, recipients: Set<TronAddress>) throws
        -> [TronAddress: Int64]
    {
        var used = Dictionary(uniqueKeysWithValues: recipients.map { ($0, Int64(0)) })
        let byText = Dictionary(uniqueKeysWithValues: recipients.map { ($0.base58, $0) })
        for chunk in Array(byText.keys).chunked(500) {
            let sql = """
                SELECT recipient, COALESCE(SUM(amount),0) FROM payouts
                WHERE recipient IN (\(databaseQuestionMarks(count: chunk.count)))
                  AND reserved_at >= ? AND reserved_at < ? AND status IN \(counted)
                GROUP BY recipient
                """
            let arguments = StatementArguments(chunk.map(\.databaseValue) + [from.databaseValue, to.databaseValue])
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                if let address = byText[row[0]] { used[address] = row[1] }
            }
        }
        return used
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

    public func statistics(windows: [String: Int64], days: Int, now: Int64) async throws -> PayoutStatistics {
        try await pool.read { db in
            var stats = PayoutStatistics()
            for row in try Row.fetchAll(
                db, sql: "SELECT status, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total FROM payouts GROUP BY status")
            {
                if let s = PayoutStatus(rawValue: row["status"]) {
                    stats.byStatus[s] = .init(count: row["n"], volume: MicroUSDT(row["total"] as Int64))
                }
            }
            for (name, since) in windows {
                var w = PayoutStatistics.Window(since: since)
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT router_type, status, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total,
                               COALESCE(SUM(fee_sun), 0) AS fees,
                               COALESCE(SUM(CASE WHEN status = 'confirmed' THEN updated_at - created_at END), 0) AS ms
                        FROM payouts WHERE created_at >= ? GROUP BY router_type, status
                        """, arguments: [since])
                {
                    guard let route = RouterType(rawValue: row["router_type"]),
                        let status = PayoutStatus(rawValue: row["status"])
                    else { continue }
                    let tally = PayoutStatistics.Tally(count: row["n"], volume: MicroUSDT(row["total"] as Int64))
                    w.byRouteAndStatus[route, default: [:]][status] = tally
                    w.total.add(tally.count, tally.volume.value)
                    w.feesSun += row["fees"] as Int64
                    w.confirmMsTotal += row["ms"] as Int64
                }
                stats.windows[name] = w
            }
            for row in try Row.fetchAll(
                db,
                sql:
                    "SELECT COALESCE(reason_code, 'UNKNOWN') AS code, COUNT(*) AS n FROM payouts WHERE status = 'held' GROUP BY 1"
            ) {
                stats.heldByReason[row["code"]] = row["n"]
            }
            let today = PayoutWindow.dayStart(now)
            let first = today - Int64(max(1, days) - 1) * PayoutWindow.dayMs
            var series = (0..<max(1, days)).map { PayoutStatistics.Day(start: first + Int64($0) * PayoutWindow.dayMs) }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT (created_at - ?) / ? AS day, status, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total
                    FROM payouts WHERE created_at >= ? AND created_at < ? GROUP BY day, status
                    """, arguments: [first, PayoutWindow.dayMs, first, today + PayoutWindow.dayMs])
            {
                let i = Int(row["day"] as Int64)
                guard series.indices.contains(i), let status = PayoutStatus(rawValue: row["status"]) else { continue }
                let n: Int = row["n"]
                series[i].created += n
                switch status {
                case .confirmed: series[i].confirmed.add(n, row["total"])
                case .failed, .rejected: series[i].failed += n
                case .cancelled: break
                default: series[i].pending += n
                }
            }
            stats.daily = series
            return stats
        }
    }
}
