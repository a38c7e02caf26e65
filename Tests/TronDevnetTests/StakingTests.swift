import Foundation
import Testing
import TronDevnet
import TronKit

/// Stake 2.0, delegation, voting, rewards and account creation on the devnet, through TronKit's
/// node client: java-tron's rules and refusal messages.
@Suite("Staking, delegation and votes against tron-devnet")
struct StakingTests {
    /// Signs `payload` with `signer` (the harness key by default), broadcasts it and waits for its receipt.
    static func submit<P: ContractPayload>(_ h: DevnetHarness, _ payload: P, signer: PrivateKey? = nil)
        async throws -> TransactionInfo
    {
        let tx = try await signed(h, payload, signer: signer)
        let txid = try await h.client.broadcast(tx)
        return try await h.poll("receipt of \(P.contractType.name)") { try await h.client.getTransactionInfo(id: txid) }
    }

    static func signed<P: ContractPayload>(_ h: DevnetHarness, _ payload: P, signer: PrivateKey? = nil)
        async throws -> Transaction
    {
        let solid = try await h.client.getNowBlock(solid: true)
        let raw = try TransactionBuilder(refBlock: solid.id, timestamp: Int64(Date().timeIntervalSince1970 * 1000))
            .build(payload)
        return try Transaction(raw: raw).signed(with: signer ?? h.key)
    }

    /// The node's refusal message for `payload`, failing the test when it is accepted.
    static func refusal<P: ContractPayload>(_ h: DevnetHarness, _ payload: P, signer: PrivateKey? = nil)
        async throws -> String
    {
        let tx = try await signed(h, payload, signer: signer)
        do {
            _ = try await h.client.broadcast(tx)
        } catch .rejected(let r) {
            #expect(r.code == BroadcastCode.contractValidateError)
            return r.message
        }
        Issue.record("\(P.contractType.name) was accepted")
        return ""
    }

    /// Expects `payload` to be refused with exactly `message`.
    static func expectRefusal<P: ContractPayload>(
        _ h: DevnetHarness, _ payload: P, _ message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let refused = try await refusal(h, payload)
        #expect(refused == message, sourceLocation: sourceLocation)
    }

    static let trx: Int64 = 1_000_000

    @Test("staked energy pays a USDT transfer: no TRX burned for energy, the limit shared by weight")
    func stakedEnergyPaysTransfers() async throws {
        try await DevnetHarness.with { h in
            let me = h.key.address
            // 5,000 TRX for energy: 5,000 × 180e9 / (18e9 + 5,000) energy a day.
            let info = try await Self.submit(
                h, FreezeBalanceV2Contract(ownerAddress: me, frozenBalance: 5_000 * Self.trx, resource: .energy))
            #expect(info.succeeded || info.receipt.result == nil)
            let resource = try await h.client.getAccountResource(me)
            #expect(resource.totalEnergyWeight == 18_000_000_000 + 5_000)
            #expect(resource.energyLimit == 5_000 * 180_000_000_000 / (18_000_000_000 + 5_000))
            #expect(resource.tronPowerLimit == 5_000)
            let account = try #require(try await h.client.getAccount(me))
            #expect(account.frozenForEnergy == Sun(5_000 * Self.trx))

            let tx = try await h.usdtTransfer(to: PrivateKey.random().address, micro: 1)
            let txid = try await h.client.broadcast(tx)
            let receipt = try await h.poll("transfer receipt") { try await h.client.getTransactionInfo(id: txid) }
            #expect(receipt.receipt.energyUsage == 29_650)
            #expect(receipt.receipt.energyFee == 0)
            // Used energy recovers linearly over 24 hours, so it reads a little lower a few blocks later.
            let used = try await h.client.getAccountResource(me).energyUsed
            #expect((29_600...29_650).contains(used))
        }
    }

    @Test("staking refuses zero, less than 1 TRX, more than the balance and TRON_POWER with java-tron's messages")
    func stakeRefusals() async throws {
        try await DevnetHarness.with { h in
            let me = h.key.address
            try await Self.expectRefusal(
                h, FreezeBalanceV2Contract(ownerAddress: me, frozenBalance: 0, resource: .energy),
                "Contract validate error : frozenBalance must be positive")
            try await Self.expectRefusal(
                h, FreezeBalanceV2Contract(ownerAddress: me, frozenBalance: 999_999, resource: .energy),
                "Contract validate error : frozenBalance must be greater than or equal to 1 TRX")
            try await Self.expectRefusal(
                h, FreezeBalanceV2Contract(ownerAddress: me, frozenBalance: 10_001 * Self.trx, resource: .energy),
                "Contract validate error : frozenBalance must be less than or equal to accountBalance")
            try await Self.expectRefusal(
                h, FreezeBalanceV2Contract(ownerAddress: me, frozenBalance: Self.trx, resource: .tronPower),
                "Contract validate error : ResourceCode error, valid ResourceCode[BANDWIDTH、ENERGY]")
            #expect(try await h.client.getAccount(me)?.frozenForEnergy == Sun(0))
        }
    }

    @Test("an unstake waits for the delay; early withdrawal is refused; at most 32 pending; cancel stakes them again")
    func unstakeDelayAndLimits() async throws {
        try await DevnetHarness.with(configure: { $0.unfreezeDelay = .seconds(3_600) }) { h in
            let me = h.key.address
            _ = try await Self.submit(
                h, FreezeBalanceV2Contract(ownerAddress: me, frozenBalance: 100 * Self.trx, resource: .energy))
            try await Self.expectRefusal(
                h, UnfreezeBalanceV2Contract(ownerAddress: me, unfreezeBalance: Self.trx, resource: .bandwidth),
                "Contract validate error : no frozenBalance(BANDWIDTH)")
            try await Self.expectRefusal(
                h, UnfreezeBalanceV2Contract(ownerAddress: me, unfreezeBalance: 101 * Self.trx, resource: .energy),
                "Contract validate error : Invalid unfreeze_balance, [101000000] is error")
            let unstake = try await Self.submit(
                h, UnfreezeBalanceV2Contract(ownerAddress: me, unfreezeBalance: 40 * Self.trx, resource: .energy))
            let account = try #require(try await h.client.getAccount(me))
            #expect(account.frozenForEnergy == Sun(60 * Self.trx))
            let pending = try #require(account.pendingUnfreezes.first)
            #expect(pending.amount == Sun(40 * Self.trx) && pending.resource == .energy)
            // Executed against the head it was broadcast on, at most a few blocks before its own.
            #expect(pending.expireTime > unstake.blockTimeStamp + 3_600_000 - 60_000)
            #expect(pending.expireTime <= unstake.blockTimeStamp + 3_600_000)
            try await Self.expectRefusal(
                h, WithdrawExpireUnfreezeContract(ownerAddress: me),
                "Contract validate error : no unFreeze balance to withdraw ")
            #expect(try await h.client.getAvailableUnfreezeCount(me) == 31)

            let before = try #require(try await h.client.getAccount(me)).balance.value
            #expect(try await h.client.getCanWithdrawUnfreezeAmount(me) == Sun(0))
            #expect(try await h.client.getCanWithdrawUnfreezeAmount(me, at: pending.expireTime) == Sun(40 * Self.trx))
            let expired = try await h.adminPost("/admin/expire-unfreezes", #"{"address":"\#(me.base58)"}"#)
            #expect(expired["amount_sun"]?.int64 == 40 * Self.trx)
            #expect(try await h.client.getCanWithdrawUnfreezeAmount(me) == Sun(40 * Self.trx))
            let withdrawal = try await Self.submit(h, WithdrawExpireUnfreezeContract(ownerAddress: me))
            #expect(withdrawal.withdrawExpireAmount == 40 * Self.trx)
            let after = try #require(try await h.client.getAccount(me))
            #expect(after.balance.value == before + 40 * Self.trx - withdrawal.fee)
            #expect(after.pendingUnfreezes.isEmpty)

            // 32 pending unstakes, then the 33rd is refused.
            for _ in 0..<32 {
                _ = try await h.client.broadcast(
                    try await Self.signed(
                        h, UnfreezeBalanceV2Contract(ownerAddress: me, unfreezeBalance: 1, resource: .energy)))
            }
            try await Self.expectRefusal(
                h, UnfreezeBalanceV2Contract(ownerAddress: me, unfreezeBalance: 1, resource: .energy),
                "Contract validate error : Invalid unfreeze operation, unfreezing times is over limit")
            _ = try await h.poll("32 unstakes included") { () async throws -> Bool? in
                try await h.client.getAvailableUnfreezeCount(me) == 0 ? true : nil
            }
            let cancel = try await Self.submit(h, CancelAllUnfreezeV2Contract(ownerAddress: me))
            #expect(cancel.cancelUnfreezeV2Amount[.energy] == 32)
            #expect(try await h.client.getAccount(me)?.frozenForEnergy == Sun(60 * Self.trx))
            try await Self.expectRefusal(
                h, CancelAllUnfreezeV2Contract(ownerAddress: me),
                "Contract validate error : No unfreezeV2 list to cancel")
        }
    }

    @Test("delegation lends energy to an existing account only; a locked delegation stays until its lock ends")
    func delegateAndUndelegate() async throws {
        try await DevnetHarness.with { h in
            let me = h.key.address
            let stranger = PrivateKey.random().address
            _ = try await Self.submit(
                h, FreezeBalanceV2Contract(ownerAddress: me, frozenBalance: 500 * Self.trx, resource: .energy))
            try await Self.expectRefusal(
                h,
                DelegateResourceContract(
                    ownerAddress: me, resource: .energy, balance: 10 * Self.trx, receiverAddress: stranger),
                "Contract validate error : Account[\(stranger.hex)] not exists")
            try await Self.expectRefusal(
                h,
                DelegateResourceContract(
                    ownerAddress: me, resource: .energy, balance: 501 * Self.trx, receiverAddress: stranger),
                "Contract validate error : delegateBalance must be less than or equal to available FreezeEnergyV2 balance"
            )
            try await Self.expectRefusal(
                h,
                DelegateResourceContract(
                    ownerAddress: me, resource: .energy, balance: 10 * Self.trx, receiverAddress: me),
                "Contract validate error : receiverAddress must not be the same as ownerAddress")
            #expect(try await h.client.getCanDelegatedMaxSize(me, resource: .energy) == Sun(500 * Self.trx))

            let receiver = PrivateKey.random()
            let created = try await Self.submit(
                h, AccountCreateContract(ownerAddress: me, accountAddress: receiver.address))
            #expect(created.fee == 1_000_000 + 100_000)  // the activation fee and the account-creating bandwidth burn
            try await Self.expectRefusal(
                h, AccountCreateContract(ownerAddress: me, accountAddress: receiver.address),
                "Contract validate error : Account has existed")

            _ = try await Self.submit(
                h,
                DelegateResourceContract(
                    ownerAddress: me, resource: .energy, balance: 100 * Self.trx, receiverAddress: receiver.address))
            _ = try await Self.submit(
                h,
                DelegateResourceContract(
                    ownerAddress: me, resource: .energy, balance: 50 * Self.trx, receiverAddress: receiver.address,
                    lock: true,
                    lockPeriod: 1_000))
            let records = try await h.client.getDelegatedResourceV2(from: me, to: receiver.address)
            #expect(records.map(\.energy) == [Sun(100 * Self.trx), Sun(50 * Self.trx)])
            #expect(records[1].energyLockedUntil > records[0].energyLockedUntil)
            #expect(try await h.client.getDelegationIndex(me).receivers == [receiver.address])
            #expect(try await h.client.getDelegationIndex(receiver.address).lenders == [me])
            let lent = try #require(try await h.client.getAccount(me))
            #expect(lent.frozenForEnergy == Sun(350 * Self.trx))
            #expect(lent.delegatedOut[.energy] == Sun(150 * Self.trx))
            #expect(try await h.client.getAccount(receiver.address)?.acquired[.energy] == Sun(150 * Self.trx))
            #expect(try await h.client.getAccountResource(receiver.address).energyLimit > 0)

            try await Self.expectRefusal(
                h,
                UnDelegateResourceContract(
                    ownerAddress: me, resource: .energy, balance: 120 * Self.trx, receiverAddress: receiver.address),
                "Contract validate error : insufficient delegateFrozenBalance(Energy), request=120000000, unlock_balance=100000000"
            )
            _ = try await Self.submit(
                h,
                UnDelegateResourceContract(
                    ownerAddress: me, resource: .energy, balance: 100 * Self.trx, receiverAddress: receiver.address))
            #expect(try await h.client.getAccount(me)?.frozenForEnergy == Sun(450 * Self.trx))
            #expect(try await h.client.getAccount(receiver.address)?.acquired[.energy] == Sun(50 * Self.trx))
            try await Self.expectRefusal(
                h,
                UnDelegateResourceContract(
                    ownerAddress: me, resource: .energy, balance: Self.trx, receiverAddress: stranger),
                "Contract validate error : delegated Resource does not exist")
        }
    }

    @Test("votes up to the TRON Power earn rewards, withdrawn at most once per interval")
    func votesAndRewards() async throws {
        try await DevnetHarness.with(configure: { $0.rewardWithdrawInterval = .seconds(3_600) }) { h in
            let me = h.key.address
            let witness = try #require(try await h.client.listWitnesses().first).address
            _ = try await Self.submit(
                h, FreezeBalanceV2Contract(ownerAddress: me, frozenBalance: 300 * Self.trx, resource: .bandwidth))
            try await Self.expectRefusal(
                h, VoteWitnessContract(ownerAddress: me, votes: [.init(voteAddress: witness, voteCount: 301)]),
                "Contract validate error : The total number of votes[301000000] is greater than the tronPower[300000000]"
            )
            try await Self.expectRefusal(
                h, VoteWitnessContract(ownerAddress: me, votes: [.init(voteAddress: me, voteCount: 1)]),
                "Contract validate error : Witness[\(me.hex)] not exists")
            try await Self.expectRefusal(
                h, VoteWitnessContract(ownerAddress: me, votes: []),
                "Contract validate error : VoteNumber must more than 0")
            try await Self.expectRefusal(
                h, WithdrawBalanceContract(ownerAddress: me),
                "Contract validate error : witnessAccount does not have any reward")

            _ = try await Self.submit(
                h, VoteWitnessContract(ownerAddress: me, votes: [.init(voteAddress: witness, voteCount: 300)]))
            #expect(try await h.client.getAccount(me)?.votes == [.init(voteAddress: witness, voteCount: 300)])
            #expect(try await h.client.listWitnesses().first?.voteCount == 300)
            #expect(try await h.client.getAccountResource(me).tronPowerUsed == 300)
            let reward = try await h.poll("rewards accrue") { () async throws -> Sun? in
                let r = try await h.client.getReward(me)
                return r.value >= 3 * 16_000_000 ? r : nil
            }
            #expect(reward.value % 16_000_000 == 0)  // the only voter takes each block's whole reward

            let before = try #require(try await h.client.getAccount(me)).balance.value
            let withdrawal = try await Self.submit(h, WithdrawBalanceContract(ownerAddress: me))
            #expect(withdrawal.withdrawAmount >= reward.value)
            let after = try #require(try await h.client.getAccount(me))
            #expect(after.balance.value == before + withdrawal.withdrawAmount - withdrawal.fee)
            let refused = try await Self.refusal(h, WithdrawBalanceContract(ownerAddress: me))
            #expect(refused.hasPrefix("Contract validate error : The last withdraw time is "))
            #expect(refused.hasSuffix(", less than 24 hours"))

            // Unstaking below the votes shrinks them to the remaining TRON Power.
            _ = try await Self.submit(
                h, UnfreezeBalanceV2Contract(ownerAddress: me, unfreezeBalance: 100 * Self.trx, resource: .bandwidth))
            #expect(try await h.client.getAccount(me)?.votes == [.init(voteAddress: witness, voteCount: 200)])
        }
    }

    @Test("the node's transaction builders validate a contract without executing it, with the actuator's message")
    func buildersValidate() async throws {
        try await DevnetHarness.with { h in
            let me = h.key.address
            let stranger = PrivateKey.random().address
            let witness = try #require(try await h.client.listWitnesses().first).address
            let tooMuch = try await h.client.contractRefusal(
                FreezeBalanceV2Contract(ownerAddress: me, frozenBalance: 10_001 * Self.trx, resource: .energy))
            #expect(tooMuch == "frozenBalance must be less than or equal to accountBalance")
            let fine = try await h.client.contractRefusal(
                FreezeBalanceV2Contract(ownerAddress: me, frozenBalance: 10 * Self.trx, resource: .energy))
            #expect(fine == nil)
            let frozen = try await h.client.getAccount(me)?.frozenForEnergy
            #expect(frozen == Sun(0))  // validated, not executed
            let delegate = try await h.client.contractRefusal(
                DelegateResourceContract(
                    ownerAddress: me, resource: .energy, balance: Self.trx, receiverAddress: stranger))
            #expect(delegate == "delegateBalance must be less than or equal to available FreezeEnergyV2 balance")
            let early = try await h.client.contractRefusal(WithdrawExpireUnfreezeContract(ownerAddress: me))
            #expect(early == "no unFreeze balance to withdraw ")
            let votes = try await h.client.contractRefusal(
                VoteWitnessContract(ownerAddress: me, votes: [.init(voteAddress: witness, voteCount: 1)]))
            #expect(votes == "The total number of votes[1000000] is greater than the tronPower[0]")
        }
    }

    @Test("the chain parameters report the unfreeze delay in days and the lock limit")
    func chainParameters() async throws {
        try await DevnetHarness.with(configure: { $0.unfreezeDelay = .seconds(5) }) { h in
            let p = try await h.client.getChainParameters()
            #expect(p.unfreezeDelayDays == 1)
            #expect(p.values["getMaxDelegateLockPeriod"] == 864_000)
        }
        try await DevnetHarness.with { h in
            let mainnetLike = try await h.client.getChainParameters()
            #expect(mainnetLike.unfreezeDelayDays == 14)
        }
    }
}
