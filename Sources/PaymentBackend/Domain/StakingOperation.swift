import TronKit

/// A staking operation as stored: the request, its state, the current on-chain attempt and the
/// outcome. It shares the payouts' attempt and outcome records and their exactly-once rules.
public struct StakingOperation: Sendable, Equatable {
    public var id: String
    public var request: StakingRequest
    public var createdBy: String
    public var idempotencyKey: String?
    public var status: StakingStatus
    public var reasonCode: String?
    public var reasonDetail: String?
    /// Earliest time (ms) it may be signed.
    public var scheduledFor: Int64
    public var attempts: Int
    public var attempt: Payout.ChainAttempt?
    public var outcome: Payout.ChainOutcome?
    /// TRX the confirmed transaction moved to the balance (`withdraw_amount`, `withdraw_expire_amount`), sun.
    public var withdrawnSun: Int64
    public var createdAt: Int64
    public var updatedAt: Int64
    public var version: Int64

    public init(id: String, request: StakingRequest, createdBy: String, idempotencyKey: String?, now: Int64) {
        self.id = id
        self.request = request
        self.createdBy = createdBy
        self.idempotencyKey = idempotencyKey
        status = .scheduled
        scheduledFor = now
        attempts = 0
        withdrawnSun = 0
        createdAt = now
        updatedAt = now
        version = 1
    }

    /// A copy moved to `status` at `now` with the next version and the reason replaced.
    public func moved(to status: StakingStatus, at now: Int64, reason: (code: String, detail: String)? = nil)
        -> StakingOperation
    {
        var n = self
        n.status = status
        n.reasonCode = reason?.code
        n.reasonDetail = reason?.detail
        if status == .scheduled { n.scheduledFor = now }
        n.updatedAt = now
        n.version += 1
        return n
    }
}
