import TronKit

/// A payout as stored: the request, its state, the current on-chain attempt and the outcome.
public struct Payout: Sendable, Equatable {
    public var id: String
    public var request: PayoutRequest
    public var batchID: String?
    /// The principal (assertion `sub`) that created it; idempotency keys are scoped to it.
    public var createdBy: String
    public var idempotencyKey: String?
    public var status: PayoutStatus
    /// Why it is held, rejected or failed (a stable code) and a human detail.
    public var reasonCode: String?
    public var reasonDetail: String?
    /// Earliest time (ms) it may run.
    public var scheduledFor: Int64
    /// When its amount was counted against the hourly/daily limits (ms), if it is.
    public var reservedAt: Int64?
    /// Attempts signed so far.
    public var attempts: Int
    public var attempt: ChainAttempt?
    public var outcome: ChainOutcome?
    public var createdAt: Int64
    public var updatedAt: Int64
    /// Compare-and-set version, incremented on every change.
    public var version: Int64

    /// A copy moved to `status` at `now` with the next version: the reason replaced, the run time
    /// set when given, and the limit reservation released when it leaves the reserved states.
    public func moved(
        to status: PayoutStatus, at now: Int64, reason: (code: String, detail: String)? = nil, runAt: Int64? = nil
    ) -> Payout {
        var n = self
        n.status = status
        n.reasonCode = reason?.code
        n.reasonDetail = reason?.detail
        if let runAt { n.scheduledFor = runAt }
        if [.scheduled, .held, .cancelled, .rejected].contains(status) { n.reservedAt = nil }
        n.updatedAt = now
        n.version += 1
        return n
    }

    /// The signed transaction of the current attempt, persisted before it is broadcast.
    public struct ChainAttempt: Sendable, Equatable {
        public var txid: String
        public var signedTransaction: [UInt8]
        public var expiration: Int64
        public var feeLimit: Int64
        public var broadcastAt: Int64?

        public init(
            txid: String, signedTransaction: [UInt8], expiration: Int64, feeLimit: Int64, broadcastAt: Int64? = nil
        ) {
            self.txid = txid
            self.signedTransaction = signedTransaction
            self.expiration = expiration
            self.feeLimit = feeLimit
            self.broadcastAt = broadcastAt
        }
    }

    /// What the solid chain recorded for the attempt.
    public struct ChainOutcome: Sendable, Equatable {
        public var blockNumber: Int64
        public var blockTime: Int64
        public var result: String
        public var feeSun: Int64
        public var energyUsed: Int64
        public var energyFeeSun: Int64
        public var netUsage: Int64
        public var netFeeSun: Int64

        public init(
            blockNumber: Int64, blockTime: Int64, result: String, feeSun: Int64, energyUsed: Int64, energyFeeSun: Int64,
            netUsage: Int64, netFeeSun: Int64
        ) {
            self.blockNumber = blockNumber
            self.blockTime = blockTime
            self.result = result
            self.feeSun = feeSun
            self.energyUsed = energyUsed
            self.energyFeeSun = energyFeeSun
            self.netUsage = netUsage
            self.netFeeSun = netFeeSun
        }
    }
}
