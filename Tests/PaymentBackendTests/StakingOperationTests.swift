import Foundation
import Logging
import LucidAssertion
import LucidJSON
import PaymentBackend
import TestSupport
import Testing
import TronDevnet
import TronKit

/// Staking operations on the payout engine's machinery against the devnet: refused with java-tron's
/// words before anything is stored, executed exactly once, confirmed on a solid block.
@Suite("Staking operations")
struct StakingOperationTests {
    static let operator_ = Principal(
        issuer: "lucid-gateway", subject: "root", role: "admin", permissions: ["staking:manage", "staking:read"],
        scope: .all, requestID: "r")
    static let reader = Principal(
        issuer: "lucid-gateway", subject: "auditor", role: "admin", permissions: ["staking:read"], scope: .all,
        requestID: "r")

    static func service(_ h: WalletHarness, limits: StakingLimits = StakingLimits()) -> StakingService {
        StakingService(store: h.store, node: h.node, hotAddress: h.hotKey.address, limits: limits, clock: h.clock)
    }

    static func request(_ kind: StakingKind, _ json: String) throws -> StakingRequest {
        try StakingRequest.parse(kind, try JSONValue.parse(Array(json.utf8)))
    }

    /// Runs engine passes until operation `id` is terminal (deadline-bounded).
    @discardableResult
    static func settle(_ h: WalletHarness, _ id: String, timeout: Duration = .seconds(90)) async throws
        -> StakingOperation
    {
        try await poll("staking operation \(id) to settle", timeout: timeout) { () async throws -> StakingOperation? in
            await h.engine.runOnce()
            guard let op = try await h.store.stakingOperation(id: id), op.status.isTerminal else { return nil }
            return op
        }
    }

    /// Creates and settles one operation; expects it confirmed.
    @discardableResult
    static func confirm(_ h: WalletHarness, _ s: StakingService, _ kind: StakingKind, _ json: String) async throws
        -> StakingOperation
    {
        let (op, replayed) = try await s.create(
            try request(kind, json), who: operator_, idempotencyKey: UUID().uuidString)
        #expect(!replayed)
        let done = try await settle(h, op.id)
        #expect(done.status == .confirmed, "\(kind): \(done.reasonCode ?? "") \(done.reasonDetail ?? "")")
        return done
    }

    /// The chain's refusal, expecting nothing stored.
    static func refusal(_ s: StakingService, _ kind: StakingKind, _ json: String) async throws -> String? {
        let before = try await s.store.stakingOperations(limit: 1_000, beforeID: nil).count
        do {
            _ = try await s.create(try request(kind, json), who: operator_, idempotencyKey: UUID().uuidString)
        } catch let e as WalletError {
            #expect(try await s.store.stakingOperations(limit: 1_000, beforeID: nil).count == before)
            if case .chainRefused(let message) = e { return message }
            return e.description
        }
        Issue.record("\(kind) \(json) was accepted")
        return nil
    }

    @Test("staked energy pays the next payouts: their receipts burn no TRX for energy")
    func stakeThenPayoutsUseStake() async throws {
        try await WalletHarness.with { h in
            let s = Self.service(h)
            let stake = try await Self.confirm(h, s, .stake, #"{"amount_trx": "5000", "resource": "ENERGY"}"#)
            #expect(stake.attempts == 1)
            #expect(stake.outcome?.energyFeeSun == 0)
            #expect(try await h.node.getAccount(h.hotKey.address)?.frozenForEnergy == Sun(5_000_000_000))

            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "1.5"), who: WalletHarness.service,
                idempotencyKey: UUID().uuidString)
            let paid = try await h.runUntil(p.id) { $0.status == .confirmed }
            #expect(paid.outcome?.energyUsed == 29_650)
            #expect(paid.outcome?.energyFeeSun == 0)

            var query = AuditQuery()
            query.subject = stake.id
            let audit = try await h.store.audit(query)
            #expect(
                audit.map(\.action) == [
                    "staking.created", "staking.signing", "staking.signed", "staking.broadcast", "staking.confirmed",
                ])
        }
    }

    @Test(
        "refused with java-tron's message and nothing stored: over the balance, an inactive receiver, too early, too many unstakes"
    )
    func refusals() async throws {
        try await WalletHarness.with(trx: "10000") { h in
            let s = Self.service(h)
            let stranger = PrivateKey.random().address
            #expect(
                try await Self.refusal(s, .stake, #"{"amount_trx": "10001"}"#)
                    == "frozenBalance must be less than or equal to accountBalance")
            #expect(
                try await Self.refusal(s, .withdrawUnstaked, "{}") == "no unFreeze balance to withdraw ")
            try await Self.confirm(h, s, .stake, #"{"amount_trx": "100"}"#)
            #expect(
                try await Self.refusal(
                    s, .delegate, #"{"amount_trx": "10", "receiver_address": "\#(stranger.base58)"}"#)
                    == "Account[\(stranger.hex)] not exists")
            #expect(
                try await Self.refusal(s, .withdrawRewards, "{}") == "witnessAccount does not have any reward")
            for _ in 0..<32 {
                _ = try await s.create(
                    try Self.request(.unstake, #"{"amount_trx": "0.000001"}"#), who: Self.operator_,
                    idempotencyKey: UUID().uuidString)
                await h.engine.runOnce()
            }
            let all = try await s.store.stakingOperations(limit: 100, beforeID: nil)
            for op in all { try await Self.settle(h, op.id) }
            #expect(try await h.node.getAvailableUnfreezeCount(h.hotKey.address) == 0)
            #expect(
                try await Self.refusal(s, .unstake, #"{"amount_trx": "1"}"#)
                    == "Invalid unfreeze operation, unfreezing times is over limit")
        }
    }

    @Test("unstake, withdraw after the delay, delegate and undelegate, vote, and withdraw the rewards")
    func lifecycle() async throws {
        try await WalletHarness.with { h in
            let s = Self.service(h)
            let me = h.hotKey.address
            try await Self.confirm(h, s, .stake, #"{"amount_trx": "1000", "resource": "ENERGY"}"#)
            try await Self.confirm(h, s, .unstake, #"{"amount_trx": "400", "resource": "ENERGY"}"#)
            let status = try await s.status(who: Self.reader).json
            #expect(status["pending_unstakes"]?.array?.first?["amount_trx"]?.string == "400")
            #expect(status["pending_unstakes"]?.array?.first?["withdrawable"]?.bool == false)
            #expect(try await Self.refusal(s, .withdrawUnstaked, "{}") == "no unFreeze balance to withdraw ")
            _ = try await httpPost(
                "http://127.0.0.1:\(h.admin)/admin/expire-unfreezes", #"{"address":"\#(me.base58)"}"#)
            let withdrawn = try await Self.confirm(h, s, .withdrawUnstaked, "{}")
            #expect(withdrawn.withdrawnSun == 400_000_000)

            let receiver = PrivateKey.random().address
            _ = try await httpPost(
                "http://127.0.0.1:\(h.admin)/admin/fund", #"{"address":"\#(receiver.base58)","trx":"1"}"#)
            try await Self.confirm(
                h, s, .delegate, #"{"amount_trx": "200", "receiver_address": "\#(receiver.base58)"}"#)
            #expect(try await h.node.getAccount(receiver)?.acquired[.energy] == Sun(200_000_000))
            let lent = try await s.status(who: Self.reader).json
            #expect(lent["delegations"]?.array?.first?["energy_trx"]?.string == "200")
            try await Self.confirm(
                h, s, .undelegate, #"{"amount_trx": "200", "receiver_address": "\#(receiver.base58)"}"#)
            #expect(try await h.node.getAccount(receiver)?.acquired[.energy] == Sun(0))

            let witness = try #require(try await h.node.listWitnesses().first).address
            #expect(
                try await Self.refusal(
                    s, .vote, #"{"votes": [{"witness_address": "\#(witness.base58)", "count": 601}]}"#)
                    == "The total number of votes[601000000] is greater than the tronPower[600000000]")
            try await Self.confirm(
                h, s, .vote, #"{"votes": [{"witness_address": "\#(witness.base58)", "count": 600}]}"#)
            _ = try await poll("voting rewards") { () async throws -> Sun? in
                let r = try await h.node.getReward(me)
                return r.value > 0 ? r : nil
            }
            let rewards = try await Self.confirm(h, s, .withdrawRewards, "{}")
            #expect(rewards.withdrawnSun > 0)
            let after = try await s.status(who: Self.reader).json
            #expect(after["votes"]?.array?.first?["count"]?.int64 == 600)
            #expect(after["staked"]?["energy_trx"]?.string == "600")
        }
    }

    @Test("an attempt dropped by the network is re-signed only after it expired unseen, and lands once")
    func droppedAttemptLandsOnce() async throws {
        try await WalletHarness.with(configure: { $0.transactionLifetimeMs = 3_000 }) { h in
            let s = Self.service(h)
            try await h.adminPost("/admin/faults", #"{"drop_transactions": true}"#)
            let (op, _) = try await s.create(
                try Self.request(.stake, #"{"amount_trx": "250"}"#), who: Self.operator_, idempotencyKey: "k1")
            _ = try await poll("first attempt broadcast", timeout: .seconds(90)) {
                () async throws -> StakingOperation? in
                await h.engine.runOnce()
                let o = try await h.store.stakingOperation(id: op.id)
                return o?.status == .broadcast ? o : nil
            }
            _ = try await poll("first attempt expired unseen", timeout: .seconds(90)) {
                () async throws -> StakingOperation? in
                await h.engine.runOnce()
                let o = try await h.store.stakingOperation(id: op.id)
                return o?.reasonCode == "TRANSACTION_EXPIRED" || (o?.attempts ?? 0) > 1 ? o : nil
            }
            try await h.adminPost("/admin/faults", #"{"drop_transactions": false}"#)
            let done = try await Self.settle(h, op.id)
            #expect(done.status == .confirmed)
            #expect(done.attempts >= 2)
            #expect(try await h.node.getAccount(h.hotKey.address)?.frozenForEnergy == Sun(250_000_000))
            // The same key and body return the same operation; another body is refused.
            let (again, replayed) = try await s.create(
                try Self.request(.stake, #"{"amount_trx": "250"}"#), who: Self.operator_, idempotencyKey: "k1")
            #expect(replayed && again.id == op.id)
            await #expect(throws: WalletError.idempotencyMismatch) {
                _ = try await s.create(
                    try Self.request(.stake, #"{"amount_trx": "251"}"#), who: Self.operator_, idempotencyKey: "k1")
            }
        }
    }

    @Test("while its receipt is not solid, an operation's same bytes are re-sent and nothing is signed again")
    func lateReceiptIsResentNotResigned() async throws {
        try await WalletHarness.with { h in
            let s = Self.service(h)
            try await h.adminPost("/admin/faults", #"{"stall_solidification": true}"#)
            let (op, _) = try await s.create(
                try Self.request(.stake, #"{"amount_trx": "300"}"#), who: Self.operator_, idempotencyKey: "late")
            // On chain (not solid yet) and looked at again past the re-send interval several times.
            let sent = try await poll("stake broadcast", timeout: .seconds(90)) {
                () async throws -> StakingOperation? in
                await h.engine.runOnce()
                let o = try await h.store.stakingOperation(id: op.id)
                return o?.status == .broadcast ? o : nil
            }
            let firstTxid = try #require(sent.attempt?.txid)
            _ = try await poll("re-sent at least twice", timeout: .seconds(90)) { () async throws -> Bool? in
                await h.engine.runOnce()
                let audit = try await h.store.audit(
                    {
                        var q = AuditQuery()
                        q.subject = op.id
                        return q
                    }())
                return audit.filter { $0.action == "staking.broadcast" }.count >= 3 ? true : nil
            }
            try await h.adminPost("/admin/faults", #"{"stall_solidification": false}"#)
            let done = try await Self.settle(h, op.id)
            #expect(done.status == .confirmed && done.attempts == 1 && done.attempt?.txid == firstTxid)
            #expect(try await h.node.getAccount(h.hotKey.address)?.frozenForEnergy == Sun(300_000_000))
        }
    }

    @Test("the plan reports what the payouts cost and the stake that covers them, in the chain's own numbers")
    func plan() async throws {
        try await WalletHarness.with { h in
            let s = Self.service(h)
            // Four payouts, two of them to a recipient paid before: 50 % new recipients.
            let repeatRecipient = PrivateKey.random().address
            for to in [repeatRecipient, repeatRecipient, PrivateKey.random().address, repeatRecipient] {
                let (p, _) = try await h.service.create(
                    try h.request(to, "1"), who: WalletHarness.service, idempotencyKey: UUID().uuidString)
                try await h.runUntil(p.id) { $0.status == .confirmed }
            }
            let before = try await s.plan(who: Self.reader)
            #expect(before.inputs.history.payouts == 4)
            #expect(before.newRecipientPercent == 50)
            #expect(before.energyPerPayout == (29_650 * 2 + 14_650 * 2) / 4)
            #expect(before.inputs.history.energyFeeSun == (29_650 * 2 + 14_650 * 2) * 100)
            #expect(before.payoutsPerDay == 1)  // 4 payouts over 7 days, rounded up
            #expect(!before.covered)
            #expect(before.burnedPerDaySun == before.energyPerDay * 100)
            let chain = try await h.node.getAccountResource(h.hotKey.address)
            #expect(before.inputs.totalEnergyWeight == chain.totalEnergyWeight)

            // Staking what the plan asks for covers the need, by the chain's own figures.
            let stake = before.additionalStakeTRX
            #expect(stake > 0 && stake < 10_000)
            try await Self.confirm(h, s, .stake, #"{"amount_trx": "\#(stake)"}"#)
            let after = try await s.plan(who: Self.reader)
            let resource = try await h.node.getAccountResource(h.hotKey.address)
            #expect(after.inputs.energyLimit == resource.energyLimit)
            #expect(resource.energyLimit >= before.energyPerDay)
            #expect(after.covered && after.burnedPerDaySun == 0 && after.additionalStakeTRX == 0)
            // One TRX less would not have covered it.
            let less = ResourcePlan(
                .init(
                    days: 7, history: after.inputs.history, queue: 0, newHolderEnergy: 29_650,
                    energyLimit: (stake - 1) * resource.totalEnergyLimit / resource.totalEnergyWeight,
                    energyAvailable: 0, stakedTRX: stake - 1, totalEnergyLimit: resource.totalEnergyLimit,
                    totalEnergyWeight: resource.totalEnergyWeight, energyPrice: 100))
            #expect(!less.covered)

            // The gauges an operator alerts on: coverage ≥ 1 now, energy from stake, pending unstakes.
            let metrics = WalletMetrics.prometheus()
            let (current, account) = try await s.currentPlan()
            metrics.staking(current, account: account)
            let text = String(decoding: metrics.exposition(), as: UTF8.self)
            let coverage = text.split(separator: "\n").first { $0.hasPrefix("lucid_stake_coverage_ratio ") }
            #expect((coverage.flatMap { Double($0.split(separator: " ")[1]) } ?? 0) >= 1, "\(text)")
            #expect(text.contains("lucid_energy{kind=\"limit\"} \(resource.energyLimit)"), "\(text)")
            #expect(text.contains("lucid_staking_pending_unstakes 0"))
            let burnedPerDay: Int64 = (29_650 * 2 + 14_650 * 2) * 100 / 7
            #expect(text.contains("lucid_trx_burned_for_energy_sun_per_day \(burnedPerDay)"))
        }
    }

    @Test("staked energy lowers each payout's fee_limit while it lasts, so a wallet short of TRX still pays")
    func feeLimitKnowsTheStake() async throws {
        // 5,003 TRX: 5,000 staked (about 50,000 energy a day) leaves 3 TRX, less than a payout's
        // unstaked fee_limit (29,650 energy × 100 sun × 120 % = 3.558 TRX) plus its 1.5 TRX overhead.
        try await WalletHarness.with(trx: "5003") { h in
            let s = Self.service(h)
            try await Self.confirm(h, s, .stake, #"{"amount_trx": "5000"}"#)
            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "1"), who: WalletHarness.service,
                idempotencyKey: UUID().uuidString)
            let paid = try await h.runUntil(p.id) { $0.status.isTerminal || $0.status == .held }
            #expect(paid.status == .confirmed, "\(paid.reasonCode ?? "") \(paid.reasonDetail ?? "")")
            // A fifth of the worst case is all it may buy: 5,930 energy × 100 sun × 120 %.
            #expect(paid.attempt?.feeLimit == 711_600)
            #expect(paid.outcome?.energyFeeSun == 0)

            // Once the stake is used up, the next payout's fee_limit is the full worst case again,
            // and 3 TRX no longer covers it: held for TRX, nothing signed.
            let (second, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "1"), who: WalletHarness.service,
                idempotencyKey: UUID().uuidString)
            let held = try await h.runUntil(second.id) { $0.status == .held || $0.status.isTerminal }
            #expect(held.status == .held && held.reasonCode == "INSUFFICIENT_TRX")
        }
    }

    @Test("auto-staking stakes what the plan misses, up to its cap, and does nothing when off")
    func autoStaking() async throws {
        try await WalletHarness.with { h in
            let s = Self.service(h)
            for _ in 0..<3 {
                let (p, _) = try await h.service.create(
                    try h.request(PrivateKey.random().address, "1"), who: WalletHarness.service,
                    idempotencyKey: UUID().uuidString)
                try await h.runUntil(p.id) { $0.status == .confirmed }
            }
            let logger = Logger(label: "test")
            #expect(try await AutoStaker(cap: 0, reserve: 100, staking: s, logger: logger).runOnce() == nil)
            let need = try await s.plan(who: Self.reader).additionalStakeTRX
            #expect(need > 100)

            // A cap below the need: it stakes up to the cap, then stops.
            let capped = AutoStaker(cap: 100, reserve: 100, staking: s, logger: logger)
            let first = try #require(try await capped.runOnce())
            #expect(first.request.amount == Sun(100_000_000) && first.createdBy == "lucid-wallet#auto-staking")
            #expect(try await capped.runOnce() == nil)  // one unfinished operation at a time
            try await Self.settle(h, first.id)
            #expect(try await capped.runOnce() == nil)  // the cap is reached

            // A higher cap: it stakes the rest of the need, and the plan is covered.
            let second = try #require(
                try await AutoStaker(cap: 1_000_000, reserve: 100, staking: s, logger: logger).runOnce())
            #expect(second.request.amount == Sun((need - 100) * 1_000_000))
            try await Self.settle(h, second.id)
            #expect(try await s.plan(who: Self.reader).covered)
        }
    }

    @Test("a wallet clock far from the chain's still signs staking transactions the chain takes")
    func clockAheadOfTheChain() async throws {
        try await WalletHarness.with { h in
            h.clock.advance(ms: 120_000)  // beyond a transaction's 60 s lifetime
            let op = try await Self.confirm(h, Self.service(h), .stake, #"{"amount_trx": "12"}"#)
            #expect(op.attempts == 1)
        }
    }

    @Test("the per-operation and daily TRX limits, unknown fields, and permissions")
    func limitsAndValidation() async throws {
        try await WalletHarness.with { h in
            var limits = StakingLimits()
            limits.perOperation = Sun(1_000_000_000)
            limits.daily = Sun(1_500_000_000)
            let s = Self.service(h, limits: limits)
            let over = try await Self.refusal(s, .stake, #"{"amount_trx": "1000.000001"}"#)
            #expect(over?.contains("at most 1000 TRX per operation") == true)
            try await Self.confirm(h, s, .stake, #"{"amount_trx": "1000"}"#)
            let daily = try await Self.refusal(s, .stake, #"{"amount_trx": "501"}"#)
            #expect(daily?.contains("a day would be exceeded") == true)
            #expect(throws: WalletError.self) { try Self.request(.stake, #"{"amount_trx": "1", "lock_period": 5}"#) }
            #expect(throws: WalletError.self) { try Self.request(.stake, #"{"amount_trx": "1.0000001"}"#) }
            #expect(throws: WalletError.self) {
                try Self.request(.stake, #"{"amount_trx": "1", "resource": "TRON_POWER"}"#)
            }
            #expect(throws: WalletError.self) { try Self.request(.vote, #"{"votes": []}"#) }
            let friend = PrivateKey.random().address.base58
            #expect(throws: WalletError.self) {
                try Self.request(
                    .delegate,
                    #"{"amount_trx": "1", "receiver_address": "\#(friend)", "lock": true}"#)
            }
            let locked = try Self.request(
                .delegate, #"{"amount_trx": "1", "receiver_address": "\#(friend)", "lock_period": 5}"#)
            #expect(locked.lock && locked.lockPeriod == 5)
            // A whole JSON number is an integer however it is written; a fraction or a string is not.
            for (text, period) in [("180.0", Int64(180)), ("1.8e2", 180), ("0", 0)] {
                let r = try Self.request(
                    .delegate, #"{"amount_trx": "1", "receiver_address": "\#(friend)", "lock_period": \#(text)}"#)
                #expect(r.lockPeriod == period, "\(text)")
            }
            for text in ["180.5", "\"180\"", "1e400", "-1"] {
                #expect(throws: WalletError.self, "\(text)") {
                    try Self.request(
                        .delegate, #"{"amount_trx": "1", "receiver_address": "\#(friend)", "lock_period": \#(text)}"#)
                }
            }
            await #expect(throws: WalletError.self) {
                _ = try await s.create(
                    try Self.request(.stake, #"{"amount_trx": "1"}"#), who: Self.reader, idempotencyKey: "x")
            }
        }
    }
}
