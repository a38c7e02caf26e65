import LucidAssertion
import TronKit

/// The payout operations behind the API, with ownership enforced from the principal's scope (set by
/// the gateway from the role table): `own_nodes` callers see their nodes' payouts, `own_user`
/// callers the payouts made out to them as a user of their own issuer.
public struct PayoutService: Sendable {
    public let store: any PayoutStore
    public let limits: PayoutLimits
    public let clock: any WalletClock
    /// Most items in one batch.
    public static let maxBatch = 100

    public init(store: any PayoutStore, limits: PayoutLimits, clock: any WalletClock) {
        self.store = store
        self.limits = limits
        self.clock = clock
    }

    // MARK: Scope

    func visible(_ p: Payout, to who: Principal) -> Bool {
        switch who.scope {
        case .all: true
        case .ownNodes(let nodes): p.request.nodeID.map(nodes.contains) ?? false
        case .ownUser: p.request.userID == who.subject && p.request.userIssuer == who.issuer
        }
    }

    /// `r` with its user's issuer filled in: a request that names a user without an issuer names
    /// one of the creator's own issuer.
    func namespaced(_ r: PayoutRequest, who: Principal) -> PayoutRequest {
        guard r.userID != nil, r.userIssuer == nil else { return r }
        var r = r
        r.userIssuer = who.issuer
        return r
    }

    // MARK: Create

    /// Validates business rules for one request (route bounds, KYC, scope); `pointer` prefixes errors.
    func check(_ r: PayoutRequest, who: Principal, pointer: String) async throws -> [WalletError.FieldError] {
        var errors: [WalletError.FieldError] = []
        let bounds = limits.bounds(r.routerType)
        if r.amount < bounds.min || r.amount > bounds.max {
            errors.append(
                .init(
                    "\(pointer)/amount_usdt",
                    "must be between \(bounds.min.decimalString) and \(bounds.max.decimalString) USDT on the \(r.routerType.rawValue) route"
                ))
        }
        switch who.scope {
        case .all: break
        case .ownNodes(let nodes):
            if r.nodeID == nil || !nodes.contains(r.nodeID!) {
                errors.append(.init("\(pointer)/node_id", "must be one of your nodes"))
            }
        case .ownUser:
            if r.userID != who.subject || r.userIssuer != who.issuer {
                errors.append(.init("\(pointer)/user_id", "must be your own user id"))
            }
        }
        if r.routerType == .kyc {
            let record = try await store.kyc(r.recipient)
            if record?.permits(minimumLevel: limits.minimumKYCLevel, now: clock.nowMs()) != true {
                errors.append(
                    .init(
                        "\(pointer)/recipient_address",
                        "the kyc route needs an active KYC record at level \(limits.minimumKYCLevel) or above for this address"
                    ))
            }
        }
        return errors
    }

    func newPayout(_ r: PayoutRequest, who: Principal, key: String, batchID: String?, now: Int64) -> Payout {
        Payout(
            id: IdentifierGenerator.make(prefix: "po"), request: r, batchID: batchID, createdBy: who.id,
            idempotencyKey: key, status: .scheduled, reasonCode: nil, reasonDetail: nil,
            scheduledFor: PayoutWindow.start(r.batchType, now: now), reservedAt: nil, attempts: 0, attempt: nil,
            outcome: nil, createdAt: now, updatedAt: now, version: 1)
    }

    /// Creates one payout, or returns the one this key already created (`replayed`).
    public func create(_ r: PayoutRequest, who: Principal, idempotencyKey: String) async throws -> (
        Payout, replayed: Bool
    ) {
        try who.require("payment:create")
        let r = namespaced(r, who: who)
        let errors = try await check(r, who: who, pointer: "")
        guard errors.isEmpty else { throw WalletError.validation(errors) }
        let now = clock.nowMs()
        let p = newPayout(r, who: who, key: idempotencyKey, batchID: nil, now: now)
        let (stored, replayed) = try await store.create(
            [p], batch: nil,
            idempotency: IdempotencyRecord(
                principal: who.id, key: idempotencyKey, fingerprint: "payout:" + r.fingerprint))
        guard let first = stored.first else { throw WalletError.storage("idempotent replay without a payout") }
        return (first, replayed)
    }

    /// Creates up to 100 payouts atomically: every item is validated before any is stored.
    public func createBatch(_ requests: [PayoutRequest], who: Principal, idempotencyKey: String) async throws -> (
        BatchRecord, [Payout], replayed: Bool
    ) {
        try who.require("payment:create")
        let requests = requests.map { namespaced($0, who: who) }
        var errors: [WalletError.FieldError] = []
        for (i, r) in requests.enumerated() { errors += try await check(r, who: who, pointer: "/items/\(i)") }
        guard errors.isEmpty else { throw WalletError.validation(errors) }
        let now = clock.nowMs()
        let batchID = IdentifierGenerator.make(prefix: "ba")
        let payouts = requests.map { newPayout($0, who: who, key: idempotencyKey, batchID: batchID, now: now) }
        var total = MicroUSDT(0)
        for p in payouts { total = try total.adding(p.request.amount) }
        let fingerprint = "batch:" + requests.map(\.fingerprint).joined(separator: ",")
        let batch = BatchRecord(id: batchID, createdBy: who.id, createdAt: now, count: payouts.count, total: total)
        let (stored, replayed) = try await store.create(
            payouts, batch: batch,
            idempotency: IdempotencyRecord(
                principal: who.id, key: idempotencyKey,
                fingerprint: Hex.encode(SHA256Digest.hash(Array(fingerprint.utf8)))))
        guard let id = stored.first?.batchID, let record = try await store.batch(id: id) else {
            throw WalletError.storage("batch without payouts")
        }
        return (record, stored, replayed)
    }

    // MARK: Read

    public func get(_ id: String, who: Principal) async throws -> Payout {
        try who.require("payment:read")
        guard IdentifierGenerator.isWellFormed(id, prefix: "po"), let p = try await store.payout(id: id),
            visible(p, to: who)
        else {
            throw WalletError.notFound("no payout \(id)")
        }
        return p
    }

    public func getMany(_ ids: [String], who: Principal) async throws -> [Payout] {
        try who.require("payment:read")
        return try await store.payouts(ids: ids.filter { IdentifierGenerator.isWellFormed($0, prefix: "po") }).filter {
            visible($0, to: who)
        }
    }

    public func list(_ query: PayoutQuery, who: Principal) async throws -> [Payout] {
        try who.require("payment:list")
        var q = query
        switch who.scope {
        case .all: break
        case .ownNodes(let nodes): q.nodeIDs = q.nodeIDs.map { $0.filter(nodes.contains) } ?? nodes
        case .ownUser:
            if let asked = q.userID, asked != who.subject { return [] }
            q.userID = who.subject
            q.userIssuer = who.issuer
        }
        return try await store.list(q)
    }

    /// A batch as `who` may see it: a scoped caller's count and total cover only its own payouts.
    public func batch(_ id: String, who: Principal) async throws -> (BatchRecord, [Payout]) {
        try who.require("payment:read")
        guard IdentifierGenerator.isWellFormed(id, prefix: "ba"), let b = try await store.batch(id: id) else {
            throw WalletError.notFound("no batch \(id)")
        }
        let payouts = try await store.payouts(batchID: id).filter { visible($0, to: who) }
        guard !payouts.isEmpty else { throw WalletError.notFound("no batch \(id)") }
        guard who.scope != .all else { return (b, payouts) }
        var total = MicroUSDT(0)
        for p in payouts { total = try total.adding(p.request.amount) }
        return (
            BatchRecord(id: b.id, createdBy: b.createdBy, createdAt: b.createdAt, count: payouts.count, total: total),
            payouts
        )
    }

    // MARK: Cancel

    /// Cancels a payout that has not been signed; afterwards the answer is 409 with the reason.
    public func cancel(_ id: String, who: Principal) async throws -> Payout {
        try who.require("payment:create")
        for _ in 0..<5 {
            let p = try await get(id, who: who)
            guard p.status.isCancellable else {
                let why =
                    p.status.isTerminal
                    ? "the payout is already \(p.status.rawValue)"
                    : "a transaction for this payout is already signed (status \(p.status.rawValue)); it can no longer be cancelled"
                throw WalletError.conflict(code: "PAYOUT_NOT_CANCELLABLE", detail: why)
            }
            let n = p.moved(to: .cancelled, at: clock.nowMs(), reason: ("CANCELLED", "cancelled by \(who.id)"))
            if try await store.update(n, expectedVersion: p.version, actor: who.id) { return n }
        }
        throw WalletError.conflict(code: "PAYOUT_BUSY", detail: "the payout changed while cancelling; retry")
    }
}
