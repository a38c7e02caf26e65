import TronKit

/// Durable staking operations, kept in the same database (and audit chain) as payouts. Every state
/// change is compare-and-set on `version` along a legal `StakingStatus` transition.
public protocol StakingStore: Sendable {
    /// The operation this principal's Idempotency-Key created, if any; throws `idempotencyMismatch`
    /// when the key was used with another request.
    func stakingReplay(principal: String, key: String, fingerprint: String) async throws -> StakingOperation?
    /// Inserts an operation with its idempotency record, audited as `staking.created`. With
    /// `limits`, refuses (a validation error on `/amount_trx`) when the TRX moved by the operations
    /// created in the UTC day from `dayStart` (failed ones aside) would exceed the daily limit.
    func createStaking(_ op: StakingOperation, idempotency: IdempotencyRecord, limits: StakingLimits?, dayStart: Int64)
        async throws -> (operation: StakingOperation, replayed: Bool)
    func stakingOperation(id: String) async throws -> StakingOperation?
    /// Newest first; `beforeID` is the last id of the previous page.
    func stakingOperations(limit: Int, beforeID: String?) async throws -> [StakingOperation]
    /// Compare-and-set updates in one transaction, each audited as `staking.<status>` by `actor`;
    /// returns the ids written.
    func updateStaking(_ changes: [(new: StakingOperation, expectedVersion: Int64)], actor: String) async throws
        -> Set<String>
    /// Scheduled operations due at `now`, oldest first.
    func dueStaking(now: Int64, limit: Int) async throws -> [StakingOperation]
    /// Operations being signed, or whose transaction may be on chain (signed or broadcast).
    func stakingInFlight() async throws -> [StakingOperation]
    /// TRX moved by the operations created in [from, to), failed ones aside.
    func stakingMoved(from: Int64, to: Int64) async throws -> Sun
    /// The energy of the payouts confirmed in blocks of [from, to) (the planner's history).
    func energyTally(from: Int64, to: Int64) async throws -> EnergyTally
}
