import LucidJSON
import TronKit

/// A registered endpoint that hears about payout status changes. The signing secret is returned
/// once, at registration, and never again (not by the API, not in logs).
public struct Webhook: Sendable, Equatable {
    public var id: String
    public var url: String
    /// Event types, e.g. `payout.confirmed`; `payout.*` means every payout status change.
    public var events: [String]
    public var description: String?
    public var createdBy: String
    public var createdAt: Int64
    public var active: Bool
    /// `whsec_…`: the HMAC-SHA256 key of this endpoint's signatures.
    public var secret: String

    /// Types sent when a registration names none: the outcomes an integrator acts on.
    public static let defaultEvents = [
        "payout.confirmed", "payout.failed", "payout.rejected", "payout.cancelled", "payout.held",
    ]

    public init(
        id: String, url: String, events: [String], description: String?, createdBy: String, createdAt: Int64,
        active: Bool, secret: String
    ) {
        self.id = id
        self.url = url
        self.events = events
        self.description = description
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.active = active
        self.secret = secret
    }

    /// Whether this endpoint wants events of `type`.
    public func wants(_ type: String) -> Bool {
        events.contains(type) || (type.hasPrefix("payout.") && events.contains("payout.*"))
    }
}

/// One event waiting for (or done with) delivery to one endpoint: the durable outbox row, written
/// in the same transaction as the change it reports.
public struct WebhookOutboxItem: Sendable, Equatable {
    /// `evt_…`, the same for every endpoint and every retry: receivers deduplicate on it.
    public var eventID: String
    public var webhookID: String
    public var type: String
    public var payload: [UInt8]
    public var createdAt: Int64
    public var nextAttemptAt: Int64
    public var attempts: Int
    /// `pending`, `delivered`, or `failed` (given up after the retry window).
    public var status: String
}

/// One delivery attempt, for the delivery log admins read.
public struct WebhookDelivery: Sendable, Equatable {
    public var eventID: String
    public var webhookID: String
    public var attempt: Int
    public var at: Int64
    /// The receiver's HTTP status, or nil when no response came.
    public var statusCode: Int?
    public var error: String?
    public var durationMs: Int64

    public init(
        eventID: String, webhookID: String, attempt: Int, at: Int64, statusCode: Int?, error: String?,
        durationMs: Int64
    ) {
        self.eventID = eventID
        self.webhookID = webhookID
        self.attempt = attempt
        self.at = at
        self.statusCode = statusCode
        self.error = error
        self.durationMs = durationMs
    }

    public var succeeded: Bool { statusCode.map { (200...299).contains($0) } ?? false }
}

/// The event a payout's move to its current state produces; its id is derived from the payout id
/// and version, so one transition can never yield two events.
public enum WebhookEvent {
    public static func id(payoutID: String, version: Int64) -> String {
        "evt_" + Hex.encode(SHA256Digest.hash(Array("\(payoutID):\(version)".utf8)).prefix(16))
    }

    public static func payload(for p: Payout, eventID: String) -> [UInt8] {
        JSONValue.object([
            ("id", .string(eventID)), ("type", .string("payout.\(p.status.rawValue)")),
            ("created_at", .string(Timestamp.format(p.updatedAt))), ("data", PayoutJSON.payout(p)),
        ]).bytes
    }
}
