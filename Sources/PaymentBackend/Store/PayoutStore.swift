import TronKit

/// Durable payout state behind one protocol, so SQLite (the embedded default) and a future MongoDB
/// store pass the same conformance suite. Every state change is compare-and-set on `version`.
public protocol PayoutStore: StakingStore {
    /// Inserts payouts (one, or a whole batch) atomically with their idempotency record. When the
    /// key was seen before with the same fingerprint, returns the stored payouts and `replayed`.
    func create(_ payouts: [Payout], batch: BatchRecord?, idempotency: IdempotencyRecord) async throws -> (
        payouts: [Payout], replayed: Bool
    )

    func payout(id: String) async throws -> Payout?
    func payouts(ids: [String]) async throws -> [Payout]
    func list(_ query: PayoutQuery) async throws -> [Payout]
    func batch(id: String) async throws -> BatchRecord?
    func payouts(batchID: String) async throws -> [Payout]

    /// Several compare-and-set updates in one transaction, each audited as done by `actor`; returns
    /// the ids that were written.
    func updateAll(_ changes: [(new: Payout, expectedVersion: Int64)], actor: String) async throws -> Set<String>

    /// Payouts that may run now: scheduled or held with `scheduledFor ≤ now`, by priority then age.
    func due(now: Int64, limit: Int) async throws -> [Payout]
    /// Payouts whose transaction may be on chain (signed or broadcast), oldest change first, in
    /// summary: the engine picks the few it must look at and loads only those with `payouts(ids:)`.
    func inFlight(limit: Int) async throws -> [InFlightSummary]
    /// Payouts left in `signing` by a crash (nothing was broadcast for them).
    func stuckSigning() async throws -> [Payout]
    /// Payouts with nothing signed (scheduled or held) created before `createdBefore`, oldest first.
    func unsigned(createdBefore: Int64, limit: Int) async throws -> [Payout]

    /// Atomically counts each candidate against the hourly, daily and per-recipient limits and moves
    /// it to `signing` (reserved) or `held` (with the reason and the next window).
    func reserve(_ candidates: [Payout], limits: PayoutLimits, now: Int64) async throws -> [Payout]

    /// Amount reserved (signing … confirmed) in [from, to), optionally for one recipient.
    func reservedTotal(from: Int64, to: Int64, recipient: TronAddress?) async throws -> MicroUSDT
    /// Counts by status.
    func countByStatus() async throws -> [PayoutStatus: Int]
    /// Aggregates for `GET /api/v1/stats`: all payouts by status, each named window (payouts
    /// created since its start), held payouts by reason, and `days` UTC days of series ending today.
    func statistics(windows: [String: Int64], days: Int, now: Int64) async throws -> PayoutStatistics

    func kyc(_ address: TronAddress) async throws -> KYCRecord?
    /// Creates or replaces a record, audited as `kyc.<status>` by `actor`.
    func putKYC(_ record: KYCRecord, actor: String, at now: Int64) async throws
    /// Marks active records whose `expiresAt ≤ now` as expired, each audited as `kyc.expired`;
    /// returns the records it expired.
    func expireKYC(now: Int64, actor: String) async throws -> [KYCRecord]

    func setting(_ key: String) async throws -> String?
    /// Sets a setting and appends `audit` in the same transaction.
    func setSetting(_ key: String, _ value: String, audit: AuditEvent) async throws

    /// Appends entries to the hash-chained audit log (for actions with no other state change).
    func appendAudit(_ events: [AuditEvent]) async throws
    /// Audit entries matching `query`, oldest first.
    func audit(_ query: AuditQuery) async throws -> [AuditEntry]

    /// Registers an endpoint (audited as `webhook.created` by its creator).
    func createWebhook(_ webhook: Webhook) async throws
    func webhooks() async throws -> [Webhook]
    func webhook(id: String) async throws -> Webhook?
    /// Deactivates an endpoint and drops its undelivered events; false when unknown or inactive.
    func deactivateWebhook(id: String, actor: String, at now: Int64) async throws -> Bool
    /// Pending outbox items whose next attempt is due.
    func dueWebhookEvents(now: Int64, limit: Int) async throws -> [WebhookOutboxItem]
    /// Logs an attempt and moves its item: delivered on 2xx, retried at `nextAttemptAt`, or failed
    /// when that is nil.
    func recordWebhookAttempt(_ delivery: WebhookDelivery, nextAttemptAt: Int64?) async throws
    /// The newest attempts for one endpoint.
    func webhookDeliveries(webhookID: String, limit: Int) async throws -> [WebhookDelivery]
    /// Outbox items by status (`pending`, `delivered`, `failed`, `cancelled`).
    func webhookBacklog() async throws -> [String: Int]

    /// Stores transfers read from the chain and moves the scan checkpoint to `block`, atomically.
    func recordChainScan(_ transfers: [ChainTransfer], through block: Int64) async throws
    func chainTransfers(blocks: ClosedRange<Int64>) async throws -> [ChainTransfer]
    /// Confirmed payouts whose transaction is in `blocks`.
    func confirmedPayouts(blocks: ClosedRange<Int64>) async throws -> [Payout]
    /// The payout of each txid any attempt was signed with.
    func payoutIDs(txids: [String]) async throws -> [String: String]
}

extension PayoutStore {
    /// Writes `new` when the stored row still has `expectedVersion`; returns false on a lost race.
    public func update(_ new: Payout, expectedVersion: Int64, actor: String) async throws -> Bool {
        try await updateAll([(new, expectedVersion)], actor: actor).contains(new.id)
    }

    /// Checks the whole chain in pages; returns the walk's state and the first break, if any.
    public func verifyAudit(pageSize: Int = 1000) async throws -> (chain: AuditChain, firstBreak: AuditChain.Break?) {
        var chain = AuditChain()
        var query = AuditQuery()
        query.limit = pageSize
        while true {
            let page = try await audit(query)
            for entry in page {
                if let broken = chain.check(entry) { return (chain, broken) }
            }
            guard page.count == pageSize, let last = page.last else { return (chain, nil) }
            query.afterSeq = last.seq
        }
    }
}

/// An Idempotency-Key, scoped to the principal that sent it.
public struct IdempotencyRecord: Sendable, Equatable {
    public var principal: String
    public var key: String
    /// Fingerprint of the canonical request.
    public var fingerprint: String

    public init(principal: String, key: String, fingerprint: String) {
        self.principal = principal
        self.key = key
        self.fingerprint = fingerprint
    }
}

/// A batch of payouts created together, all or nothing.
public struct BatchRecord: Sendable, Equatable {
    public var id: String
    public var createdBy: String
    public var createdAt: Int64
    public var count: Int
    public var total: MicroUSDT

    public init(id: String, createdBy: String, createdAt: Int64, count: Int, total: MicroUSDT) {
        self.id = id
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.count = count
        self.total = total
    }
}

/// Filters and cursor for listing payouts (newest first; the cursor is the last id of a page).
public struct PayoutQuery: Sendable, Equatable {
    public var status: PayoutStatus?
    public var routerType: RouterType?
    public var recipient: TronAddress?
    public var nodeIDs: [String]?
    public var userID: String?
    /// With `userID`: the issuer whose user it names.
    public var userIssuer: String?
    public var batchID: String?
    public var createdFrom: Int64?
    public var createdTo: Int64?
    /// Return payouts strictly older than this (created_at, id) position.
    public var after: (createdAt: Int64, id: String)?
    public var limit: Int = 50

    public init() {}

    public static func == (a: PayoutQuery, b: PayoutQuery) -> Bool {
        a.status == b.status && a.routerType == b.routerType && a.recipient == b.recipient && a.nodeIDs == b.nodeIDs
            && a.userID == b.userID && a.userIssuer == b.userIssuer && a.batchID == b.batchID
            && a.createdFrom == b.createdFrom
            && a.createdTo == b.createdTo && a.after?.createdAt == b.after?.createdAt && a.after?.id == b.after?.id
            && a.limit == b.limit
    }
}

/// What the engine needs to decide whether to look at an in-flight payout this pass.
public struct InFlightSummary: Sendable, Equatable {
    public let id: String
    public let status: PayoutStatus
    /// When its transaction was last sent, if it was.
    public let broadcastAt: Int64?

    public init(id: String, status: PayoutStatus, broadcastAt: Int64?) {
        self.id = id
        self.status = status
        self.broadcastAt = broadcastAt
    }
}
