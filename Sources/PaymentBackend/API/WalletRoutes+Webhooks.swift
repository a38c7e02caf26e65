import Crypto
import Foundation
import Hummingbird
import LucidAssertion
import LucidConfiguration
import LucidJSON
import TronKit

extension WalletRoutes {
    /// Event types an endpoint may subscribe to.
    static let webhookEventTypes = Set(PayoutStatus.allCases.map { "payout.\($0.rawValue)" } + ["payout.*"])

    /// `POST /api/v1/webhooks` `{"url", "events"?, "description"?}` → 201 with the signing secret,
    /// shown this once.
    func createWebhook(_ who: Principal, _ body: [UInt8]) async throws -> Response {
        try who.require("payment:admin")
        let json = try Self.parseBody(body)
        var errors: [WalletError.FieldError] = []
        for (k, _) in json.object ?? [] where !["url", "events", "description"].contains(k) {
            errors.append(.init("/\(k)", "unknown field"))
        }
        let url = json["url"]?.string ?? ""
        if let problem = Self.webhookURLProblem(url, requireTLS: requireTLSWebhooks, viaSocks: webhooksViaSocks) {
            errors.append(.init("/url", problem))
        }
        var events = Webhook.defaultEvents
        if let list = json["events"] {
            let names = list.array?.compactMap(\.string) ?? []
            if names.isEmpty || names.count != list.array?.count || names.count > 20 {
                errors.append(.init("/events", "1 to 20 event types"))
            } else if let unknown = names.first(where: { !Self.webhookEventTypes.contains($0) }) {
                errors.append(.init("/events", "unknown event type \(unknown)"))
            } else {
                events = Array(Set(names)).sorted()
            }
        }
        let description = json["description"]?.string
        if let d = description, d.utf8.count > 256 { errors.append(.init("/description", "at most 256 bytes")) }
        if json["description"] != nil, description == nil { errors.append(.init("/description", "a string")) }
        guard errors.isEmpty else { throw WalletError.validation(errors) }
        let secretBytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let hook = Webhook(
            id: IdentifierGenerator.make(prefix: "wh"), url: url, events: events, description: description,
            createdBy: who.id, createdAt: service.clock.nowMs(), active: true,
            secret: "whsec_" + Hex.encode(secretBytes))
        try await service.store.createWebhook(hook)
        var rendered = Self.webhookJSON(hook)
        if case .object(var fields) = rendered {
            fields.append(("secret", .string(hook.secret)))
            rendered = .object(fields)
        }
        return Self.json(rendered, status: .created)
    }

    /// `GET /api/v1/webhooks`: every endpoint (never the secrets) and the outbox by status.
    func listWebhooks(_ who: Principal) async throws -> Response {
        try who.require("payment:admin")
        let hooks = try await service.store.webhooks()
        let backlog = try await service.store.webhookBacklog()
        return Self.json(
            .object([
                ("data", .array(hooks.map(Self.webhookJSON))),
                ("outbox", .object(backlog.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ]))
    }

    /// `GET /api/v1/webhooks/{id}`: one endpoint and its newest 50 delivery attempts.
    func getWebhook(_ who: Principal, _ id: String) async throws -> Response {
        try who.require("payment:admin")
        guard IdentifierGenerator.isWellFormed(id, prefix: "wh"), let hook = try await service.store.webhook(id: id)
        else { throw WalletError.notFound("no webhook \(id)") }
        let log = try await service.store.webhookDeliveries(webhookID: id, limit: 50)
        var rendered = Self.webhookJSON(hook)
        if case .object(var fields) = rendered {
            fields.append(
                (
                    "deliveries",
                    .array(
                        log.map { d in
                            .object([
                                ("event_id", .string(d.eventID)), ("attempt", .int(d.attempt)),
                                ("at", .string(Timestamp.format(d.at))),
                                ("status_code", d.statusCode.map { .int($0) } ?? .null),
                                ("error", d.error.map { .string($0) } ?? .null), ("duration_ms", .int(d.durationMs)),
                                ("delivered", .bool(d.succeeded)),
                            ])
                        })
                ))
            rendered = .object(fields)
        }
        return Self.json(rendered)
    }

    /// `DELETE /api/v1/webhooks/{id}`: deactivates it; undelivered events are dropped.
    func deleteWebhook(_ who: Principal, _ id: String) async throws -> Response {
        try who.require("payment:admin")
        guard IdentifierGenerator.isWellFormed(id, prefix: "wh"),
            try await service.store.deactivateWebhook(id: id, actor: who.id, at: service.clock.nowMs())
        else { throw WalletError.notFound("no active webhook \(id)") }
        return Self.json(.object([("id", .string(id)), ("active", .bool(false))]))
    }

    static func webhookJSON(_ w: Webhook) -> JSONValue {
        .object([
            ("id", .string(w.id)), ("url", .string(w.url)), ("events", .array(w.events.map(JSONValue.string))),
            ("description", w.description.map { .string($0) } ?? .null), ("active", .bool(w.active)),
            ("created_by", .string(w.createdBy)), ("created_at", .string(Timestamp.format(w.createdAt))),
        ])
    }

    /// Why `url` cannot be an endpoint, or nil. With `requireTLS` (production) only https, or http
    /// to a `.onion` name (Tor already authenticates and encrypts), is accepted.
    public static func webhookURLProblem(_ url: String, requireTLS: Bool, viaSocks: Bool = false) -> String? {
        guard !url.isEmpty, url.utf8.count <= 2048, let u = URLComponents(string: url), let scheme = u.scheme,
            let host = u.host, !host.isEmpty
        else { return "an absolute http(s) URL of at most 2048 bytes" }
        guard scheme == "https" || scheme == "http" else { return "the scheme must be https (or http)" }
        guard u.user == nil, u.password == nil else { return "credentials in the URL are not allowed" }
        guard u.fragment == nil else { return "no fragment" }
        if requireTLS, scheme == "http", !host.hasSuffix(".onion") {
            return "https is required (http only to a .onion service)"
        }
        if viaSocks, IPLiteralHost.in(url) {
            return
                "name the receiver by host name (or .onion): webhooks go through Tor, which refuses an IP address alone"
        }
        return nil
    }
}
