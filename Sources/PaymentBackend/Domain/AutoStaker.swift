import Logging
import LucidAssertion
import TronKit

/// Optional auto-staking (off unless `cap` is set): when the resource plan says the stake does not
/// cover a day's payouts, it stakes what is missing for energy, as an ordinary staking operation
/// (same checks, limits, audit and exactly-once execution), up to `cap` TRX staked in all and
/// leaving `reserve` TRX liquid for fees. At most one of its operations is unfinished at a time.
public struct AutoStaker: Sendable {
    /// Most TRX it keeps staked for energy; 0 turns it off.
    public var cap: Int64
    /// TRX it always leaves in the balance.
    public var reserve: Int64
    public let staking: StakingService
    public let logger: Logger

    /// The principal its operations are created by (`lucid-wallet#auto-staking` in the audit log).
    static let principal = Principal(
        issuer: "lucid-wallet", subject: "auto-staking", role: "system", permissions: ["staking:manage"], scope: .all,
        requestID: "auto-staking")

    public init(cap: Int64, reserve: Int64, staking: StakingService, logger: Logger) {
        self.cap = cap
        self.reserve = reserve
        self.staking = staking
        self.logger = logger
    }

    /// One look at the plan; the operation it created, if any.
    @discardableResult
    public func runOnce() async throws -> StakingOperation? {
        guard cap > 0 else { return nil }
        let recent = try await staking.store.stakingOperations(limit: 50, beforeID: nil)
        guard !recent.contains(where: { $0.createdBy == Self.principal.id && !$0.status.isTerminal }) else {
            return nil
        }
        let (plan, account) = try await staking.currentPlan()
        let liquid = (account?.balance.value ?? 0) / 1_000_000
        let amount = min(
            plan.additionalStakeTRX, cap - plan.inputs.stakedTRX, liquid - reserve,
            staking.limits.perOperation.value / 1_000_000)
        guard !plan.covered, amount >= 1 else { return nil }
        let request = StakingRequest(
            kind: .stake, amount: Sun(amount * 1_000_000), resource: .energy,
            note: "auto-staking: \(plan.shortfallPerDay) energy a day short")
        let now = staking.clock.nowMs()
        let (op, _) = try await staking.create(
            request, who: Self.principal, idempotencyKey: "auto-stake-\(PayoutWindow.dayStart(now))-\(amount)")
        logger.notice(
            "auto-staking", metadata: ["operation": "\(op.id)", "amount_trx": "\(amount)", "cap_trx": "\(cap)"])
        return op
    }
}
