import LucidAssertion
import LucidJSON
import TronKit

/// The staking operations behind the API: `staking:manage` creates them for the hot wallet (each
/// checked by the node first, so a request the chain would refuse is refused with java-tron's
/// message and nothing is stored), `staking:read` reads them and the wallet's staking status.
public struct StakingService: Sendable {
    public let store: any PayoutStore
    public let node: FullNodeClient
    public let hotAddress: TronAddress
    public let limits: StakingLimits
    public let clock: any WalletClock
    /// The USDT contract the planner dry-runs a transfer on.
    public let usdtContract: TronAddress
    /// Days of payouts the planner takes its daily rate from.
    public static let planDays: Int64 = 7

    public init(
        store: any PayoutStore, node: FullNodeClient, hotAddress: TronAddress, limits: StakingLimits,
        clock: any WalletClock, usdtContract: TronAddress = .usdtMainnet
    ) {
        self.usdtContract = usdtContract
        self.store = store
        self.node = node
        self.hotAddress = hotAddress
        self.limits = limits
        self.clock = clock
    }

    /// Creates an operation, or returns the one this Idempotency-Key already created (`replayed`).
    public func create(_ request: StakingRequest, who: Principal, idempotencyKey: String) async throws -> (
        StakingOperation, replayed: Bool
    ) {
        try who.require("staking:manage")
        let idempotency = IdempotencyRecord(principal: who.id, key: idempotencyKey, fingerprint: request.fingerprint)
        if let stored = try await store.stakingReplay(
            principal: who.id, key: idempotencyKey, fingerprint: idempotency.fingerprint)
        {
            return (stored, true)
        }
        if let amount = request.amount, amount > limits.perOperation {
            throw WalletError.validation([
                .init("/amount_trx", "at most \(limits.perOperation.decimalString) TRX per operation")
            ])
        }
        let dayStart = PayoutWindow.dayStart(clock.nowMs())
        if let amount = request.amount {
            // Checked again atomically when stored; here first, so a limit speaks before the chain.
            let moved = try await store.stakingMoved(from: dayStart, to: dayStart + PayoutWindow.dayMs)
            if let problem = limits.dailyProblem(moved: moved, amount: amount) {
                throw WalletError.validation([problem])
            }
        }
        if let receiver = request.receiver, receiver == hotAddress {
            throw WalletError.validation([.init("/receiver_address", "must not be the hot wallet itself")])
        }
        let refusal: String?
        do { refusal = try await node.contractRefusal(request.contract(owner: hotAddress)) } catch {
            throw WalletError.nodeUnavailable("the TRON node could not check the operation: \(error)")
        }
        if let refusal { throw WalletError.chainRefused(refusal) }
        let now = clock.nowMs()
        let op = StakingOperation(
            id: IdentifierGenerator.make(prefix: "st"), request: request, createdBy: who.id,
            idempotencyKey: idempotencyKey, now: now)
        let (stored, replayed) = try await store.createStaking(
            op, idempotency: idempotency, limits: limits, dayStart: PayoutWindow.dayStart(now))
        return (stored, replayed)
    }

    public func get(_ id: String, who: Principal) async throws -> StakingOperation {
        try who.require("staking:read")
        guard let op = try await store.stakingOperation(id: id) else {
            throw WalletError.notFound("no staking operation \(id)")
        }
        return op
    }

    /// Newest first; `cursor` is the last id of the previous page (an unknown one is refused).
    public func list(who: Principal, limit: Int, cursor: String?) async throws -> [StakingOperation] {
        try who.require("staking:read")
        if let cursor, try await store.stakingOperation(id: cursor) == nil {
            throw WalletError.validation([.init("/query/cursor", "invalid cursor")])
        }
        return try await store.stakingOperations(limit: limit, beforeID: cursor)
    }

    /// The resource plan from the last `planDays` of payouts, the queue and the chain now.
    public func plan(who: Principal) async throws -> ResourcePlan {
        try who.require("staking:read")
        return try await currentPlan().plan
    }

    /// The plan, and the hot wallet's account it was made from (for the gauges; no permission check).
    public func currentPlan() async throws -> (plan: ResourcePlan, account: AccountInfo?) {
        let now = clock.nowMs()
        let history = try await store.energyTally(from: now - Self.planDays * PayoutWindow.dayMs, to: now + 1)
        let queue = try await store.countByStatus().filter { !$0.key.isTerminal }.values.reduce(0, +)
        do {
            async let account = node.getAccount(hotAddress)
            async let resources = node.getAccountResource(hotAddress)
            async let parameters = node.getChainParameters()
            async let dryRun = node.triggerConstantContract(
                owner: hotAddress, contract: usdtContract,
                data: TRC20.transferCall(to: PrivateKey.random().address, amount: UInt64(1)))
            let (a, r, p, d) = try await (account, resources, parameters, dryRun)
            let staked = (a?.frozenForEnergy.value ?? 0) + (a?.acquired[.energy]?.value ?? 0)
            let plan = ResourcePlan(
                .init(
                    days: Self.planDays, history: history, queue: Int64(queue),
                    newHolderEnergy: d.energyUsed + d.energyPenalty, energyLimit: r.energyLimit,
                    energyAvailable: r.energyAvailable, stakedTRX: staked / 1_000_000,
                    totalEnergyLimit: r.totalEnergyLimit, totalEnergyWeight: r.totalEnergyWeight,
                    energyPrice: p.energyFee ?? 100))
            return (plan, a)
        } catch {
            throw WalletError.nodeUnavailable("the TRON node could not report what the plan needs: \(error)")
        }
    }

    /// The hot wallet's staking as the chain reports it now.
    public func status(who: Principal) async throws -> StakingStatusReport {
        try who.require("staking:read")
        do {
            async let account = node.getAccount(hotAddress)
            async let resources = node.getAccountResource(hotAddress)
            async let reward = node.getReward(hotAddress)
            async let index = node.getDelegationIndex(hotAddress)
            let (a, r, w, i) = try await (account, resources, reward, index)
            var delegations: [DelegatedResource] = []
            for receiver in i.receivers {
                delegations += try await node.getDelegatedResourceV2(from: hotAddress, to: receiver)
            }
            return StakingStatusReport(
                address: hotAddress, account: a, resources: r, reward: w, delegations: delegations, now: clock.nowMs())
        } catch {
            throw WalletError.nodeUnavailable("the TRON node could not report the staking status: \(error)")
        }
    }
}
