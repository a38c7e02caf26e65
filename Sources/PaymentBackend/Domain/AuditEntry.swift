import LucidJSON
import TronKit

/// One link of the hash-chained audit log: what changed, who did it, and the hash of the link
/// before it, so rewriting or deleting any entry breaks every later link.
///
/// The hash is SHA-256 over the fields, each length-prefixed (no separator can be forged):
/// `seq`, `at`, `actor`, `action`, `subject`, `detail` (a compact JSON object), `previousHash`.
public struct AuditEntry: Sendable, Equatable {
    public var seq: Int64
    /// Milliseconds since the epoch.
    public var at: Int64
    /// Who: a principal's subject, or `engine` for the payout engine's own transitions.
    public var actor: String
    /// What, e.g. `payout.created`, `payout.confirmed`, `kyc.put`, `admin.pause`.
    public var action: String
    /// The payout id, address or setting it concerns.
    public var subject: String
    /// A compact JSON object with the change's details (never a secret).
    public var detail: String
    public var previousHash: String
    public var hash: String

    /// The `previousHash` of the first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    public init(
        seq: Int64, at: Int64, actor: String, action: String, subject: String, detail: String, previousHash: String
    ) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
        self.previousHash = previousHash
        self.hash = ""
        self.hash = computedHash
    }

    /// The hash these fields should carry.
    public var computedHash: String {
        let fields = [String(seq), String(at), actor, action, subject, detail, previousHash]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(0) { $0 + $1.utf8.count + 8 })
        for field in fields {
            bytes.append(contentsOf: String(field.utf8.count).utf8)
            bytes.append(0x3A)
            bytes.append(contentsOf: field.utf8)
            bytes.append(0x0A)
        }
        return Hex.encode(SHA256Digest.hash(bytes))
    }
}

/// A change to record; the store numbers it, chains it and hashes it in the same transaction.
public struct AuditEvent: Sendable, Equatable {
    public var at: Int64
    public var actor: String
    public var action: String
    public var subject: String
    public var detail: JSONValue

    public init(at: Int64, actor: String, action: String, subject: String, detail: JSONValue = .object([])) {
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
    }
}

/// Filters and cursor for `GET /api/v1/audit` (oldest first from `afterSeq`).
public struct AuditQuery: Sendable, Equatable {
    public var actor: String?
    /// An exact action, or a prefix ending in `.` (e.g. `payout.`).
    public var action: String?
    public var subject: String?
    public var from: Int64?
    public var to: Int64?
    public var afterSeq: Int64 = 0
    public var limit = 100

    public init() {}
}
