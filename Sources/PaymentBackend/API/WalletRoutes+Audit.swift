import Hummingbird
import LucidAssertion
import TronKit

extension WalletRoutes {
    /// `GET /api/v1/audit`: the hash-chained audit log, oldest first, filtered by actor, action (exact,
    /// or a prefix ending in `.`), subject and time; `after_seq` pages on (`next_after_seq`).
    func audit(_ req: Request, _ who: Principal) async throws -> Response {
        try who.require("audit:read")
        let q = req.uri.queryParameters
        var query = AuditQuery()
        var errors: [WalletError.FieldError] = []
        let known: Set<String> = ["actor", "action", "subject", "from", "to", "after_seq", "limit"]
        for (k, _) in q where !known.contains(String(k)) { errors.append(.init("/query/\(k)", "unknown parameter")) }
        for name in ["actor", "action", "subject"] {
            guard let v = q.get(name) else { continue }
            guard (1...256).contains(v.utf8.count) else {
                errors.append(.init("/query/\(name)", "1 to 256 characters"))
                continue
            }
            switch name {
            case "actor": query.actor = String(v)
            case "action": query.action = String(v)
            default: query.subject = String(v)
            }
        }
        for name in ["from", "to"] {
            guard let v = q.get(name) else { continue }
            guard let t = Timestamp.parse(String(v)) else {
                errors.append(.init("/query/\(name)", "RFC 3339 UTC time"))
                continue
            }
            if name == "from" { query.from = t } else { query.to = t }
        }
        if let v = q.get("after_seq") {
            if let n = Int64(v), n >= 0 { query.afterSeq = n } else { errors.append(.init("/query/after_seq", "≥ 0")) }
        }
        if let v = q.get("limit") {
            if let n = Int(v), (1...500).contains(n) {
                query.limit = n
            } else {
                errors.append(.init("/query/limit", "1 to 500"))
            }
        }
        guard errors.isEmpty else { throw WalletError.validation(errors) }
        let entries = try await service.store.audit(query)
        return Self.json(
            .object([
                ("data", .array(entries.map(AuditJSON.render))),
                ("next_after_seq", entries.count == query.limit ? .int(entries.last!.seq) : .null),
            ]))
    }
}
