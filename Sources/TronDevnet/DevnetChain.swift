import BigInt
import Foundation
import LucidJSON
import TronKit

/// The simulated TRON chain: accounts, the USDT token, blocks, the transaction pool and indexes.
///
/// Broadcasts are validated like java-tron and applied at once to the pending state; a block
/// packs the pool every `blockInterval`; the solid head trails by `solidityLag` blocks.
public actor DevnetChain {
    public let configuration: DevnetConfiguration
    let witness: PrivateKey
    var accounts: [TronAddress: DevnetAccount] = [:]
    var usdt = USDTToken()
    var blocks: [DevnetBlock] = []
    /// TAPOS store: ref_block_bytes → ref_block_hash, overwritten every 65,536 blocks as in java-tron.
    var recentBlocks: [[UInt8]: [UInt8]] = [:]
    var pending: [PendingTransaction] = []
    var pendingIDs: Set<String> = []
    var included: [String: (block: Int64, position: Int)] = [:]
    var infos: [String: TransactionInfo] = [:]
    var ledger: [LedgerEntry] = []
    public internal(set) var faults: DevnetFaults
    var solidNumber: Int64 = 0
    /// Stake 2.0 delegation records.
    var delegations: [DelegationKey: DevnetDelegation] = [:]
    /// Whole TRX staked on the devnet per resource, added to the configured network weight.
    var stakedWeight: [ResourceCode: Int64] = [:]
    /// Votes for the devnet witness, by voter.
    var voters: [TronAddress: Int64] = [:]

    public init(configuration: DevnetConfiguration) throws(DevnetError) {
        try configuration.validate()
        self.configuration = configuration
        self.faults = configuration.faults
        var seed = SHA256Digest.hash(Array(configuration.witnessSeed.utf8))
        var key: PrivateKey?
        while key == nil {
            key = try? PrivateKey(bytes: seed)
            seed = SHA256Digest.hash(seed)
        }
        witness = key!
        let now = Self.nowMs()
        let genesisBlock = DevnetBlock(number: 0, timestamp: now, parent: nil, entries: [], witness: witness)
        blocks = [genesisBlock]
        recentBlocks[genesisBlock.id.refBlockBytes] = genesisBlock.id.refBlockHash
        accounts[witness.address] = DevnetAccount(address: witness.address, balance: 0, createTime: now)
        for a in configuration.genesis.accounts {
            Self.credit(&accounts, &usdt, a.address, trx: a.trx.value, usdt: a.usdt.value, now: now)
        }
    }

    static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    private static func credit(
        _ accounts: inout [TronAddress: DevnetAccount], _ usdt: inout USDTToken, _ a: TronAddress, trx: Int64,
        usdt amount: Int64, now: Int64
    ) {
        accounts[a, default: DevnetAccount(address: a, balance: 0, createTime: now)].balance += trx
        if amount > 0 { usdt.mint(BigUInt(amount), to: a) }
    }

    // MARK: Blocks

    var head: DevnetBlock { blocks[blocks.count - 1] }
    var solidHead: DevnetBlock { blocks[Int(solidNumber)] }

    /// Packs the pool into a new block and advances the solid head.
    @discardableResult
    public func produceBlock() -> Int64 {
        let count = min(pending.count, configuration.maxTransactionsPerBlock)
        let batch = pending.prefix(count)
        let number = head.number + 1
        let timestamp = max(head.timestamp + 1, Self.nowMs())
        let block = DevnetBlock(
            number: number, timestamp: timestamp, parent: head.id,
            entries: batch.map { .init(tx: $0.tx, txid: $0.txid, contractRet: $0.contractRet) }, witness: witness)
        for (position, p) in batch.enumerated() {
            var info = p.info
            info.blockNumber = number
            info.blockTimeStamp = timestamp
            infos[p.txid] = info
            included[p.txid] = (number, position)
            pendingIDs.remove(p.txid)
            if var entry = p.transfer {
                entry.blockNumber = number
                ledger.append(entry)
            }
        }
        pending.removeFirst(count)
        payVoteRewards()
        blocks.append(block)
        recentBlocks[block.id.refBlockBytes] = block.id.refBlockHash
        if !faults.stallSolidification { solidNumber = max(solidNumber, number - configuration.solidityLag) }
        return number
    }

    // MARK: Queries (java-tron JSON)

    func nowBlock(solid: Bool) -> DevnetBlock { solid ? solidHead : head }

    func block(number: Int64, solid: Bool) -> DevnetBlock? {
        guard number >= 0, number <= (solid ? solidNumber : head.number) else { return nil }
        return blocks[Int(number)]
    }

    /// Head and solid block numbers and ids.
    public func heads() -> (head: Int64, headID: BlockID, solid: Int64, solidID: BlockID) {
        (head.number, head.id, solidNumber, solidHead.id)
    }

    func transaction(id: String, solid: Bool) -> DevnetBlock.Entry? {
        guard let (number, position) = included[id], number <= (solid ? solidNumber : head.number) else { return nil }
        return blocks[Int(number)].entries[position]
    }

    /// The execution records of every transaction in block `number`, in block order.
    func transactionInfos(blockNumber number: Int64, solid: Bool) -> [TransactionInfo] {
        guard let b = block(number: number, solid: solid) else { return [] }
        return b.entries.compactMap { infos[$0.txid] }
    }

    func transactionInfo(id: String, solid: Bool) -> TransactionInfo? {
        guard let (number, _) = included[id], number <= (solid ? solidNumber : head.number) else { return nil }
        return infos[id]
    }

    func accountJSON(_ a: TronAddress, visible: Bool) -> JSONValue {
        guard let acct = accounts[a] else { return .object([]) }
        let now = head.timestamp
        let key = JSONValue.object([
            ("address", TransactionJSON.address(a, visible: visible)), ("weight", .int(1)),
        ])
        var m: [(String, JSONValue)] = [("address", TransactionJSON.address(a, visible: visible))]
        m.appendNonZero("balance", acct.balance)
        m.append(("create_time", .int(acct.createTime)))
        m.appendNonZero("net_usage", acct.netUsage.current(at: now))
        m.appendNonZero("free_net_usage", acct.freeNetUsage.current(at: now))
        m.append(
            (
                "owner_permission",
                .object([("permission_name", .string("owner")), ("threshold", .int(1)), ("keys", .array([key]))])
            ))
        m.append(
            (
                "active_permission",
                .array([
                    .object([
                        ("type", .string("Active")), ("id", .int(2)), ("permission_name", .string("active")),
                        ("threshold", .int(1)),
                        ("operations", .string("7fff1fc0033e0300000000000000000000000000000000000000000000000000")),
                        ("keys", .array([key])),
                    ])
                ])
            ))
        var frozen: [JSONValue] = []
        for r in [ResourceCode.bandwidth, .energy, .tronPower] {
            var f: [(String, JSONValue)] = []
            if r != .bandwidth { f.append(("type", .string(r.name))) }
            f.appendNonZero("amount", acct.frozen[r] ?? 0)
            frozen.append(.object(f))
        }
        m.append(("frozenV2", .array(frozen)))
        m += stakingJSON(acct, visible: visible)
        if acct.type != .normal { m.append(("type", .string(acct.type.name))) }
        var resource: [(String, JSONValue)] = []
        resource.appendNonZero("energy_usage", acct.energyUsage.current(at: now))
        resource.appendNonZero("delegated_frozenV2_balance_for_energy", acct.delegatedOut[.energy] ?? 0)
        resource.appendNonZero("acquired_delegated_frozenV2_balance_for_energy", acct.acquired[.energy] ?? 0)
        m.append(("account_resource", .object(resource)))
        m.appendNonZero("delegated_frozenV2_balance_for_bandwidth", acct.delegatedOut[.bandwidth] ?? 0)
        m.appendNonZero("acquired_delegated_frozenV2_balance_for_bandwidth", acct.acquired[.bandwidth] ?? 0)
        return .object(m)
    }

    func accountResource(_ a: TronAddress) -> AccountResource? {
        guard let acct = accounts[a] else { return nil }
        let now = head.timestamp
        var r = AccountResource()
        r.freeNetLimit = configuration.freeNetLimit
        r.freeNetUsed = acct.freeNetUsage.current(at: now)
        r.netLimit = netLimit(acct)
        r.netUsed = acct.netUsage.current(at: now)
        r.energyLimit = energyLimit(acct)
        r.energyUsed = acct.energyUsage.current(at: now)
        r.totalNetLimit = configuration.totalNetLimit
        r.totalNetWeight = totalWeight(.bandwidth)
        r.totalEnergyLimit = configuration.totalEnergyLimit
        r.totalEnergyWeight = totalWeight(.energy)
        r.tronPowerLimit = acct.tronPower / 1_000_000
        r.tronPowerUsed = acct.votesCast
        return r
    }

    func chainParameters() -> ChainParameters {
        let c = configuration
        return ChainParameters(values: [
            "getEnergyFee": c.energyFee, "getTransactionFee": c.transactionFee, "getFreeNetLimit": c.freeNetLimit,
            "getMaxFeeLimit": c.maxFeeLimit, "getCreateAccountFee": c.createAccountFee,
            "getCreateNewAccountFeeInSystemContract": c.createNewAccountFee, "getMemoFee": c.memoFee,
            "getTotalEnergyLimit": c.totalEnergyLimit, "getTotalEnergyCurrentLimit": c.totalEnergyLimit,
            "getTotalNetLimit": c.totalNetLimit, "getAllowDynamicEnergy": c.usdtEnergyPenaltyBasisPoints > 0 ? 1 : 0,
            "getMaintenanceTimeInterval": 21_600_000, "getAllowTvmTransferTrc10": 1,
            "getUnfreezeDelayDays": max(1, (unfreezeDelayMs + 86_399_999) / 86_400_000),
            "getMaxDelegateLockPeriod": c.maxDelegateLockPeriod, "getWitnessAllowanceFrozenTime": 1,
        ])
    }

    /// The network's stake weight of a resource in whole TRX: the configured weight (the rest of the
    /// network) plus what is staked on the devnet.
    func totalWeight(_ r: ResourceCode) -> Int64 {
        (r == .energy ? configuration.totalEnergyWeight : configuration.totalNetWeight) + (stakedWeight[r] ?? 0)
    }

    /// Energy a day from staked TRX: stake(TRX) × TotalEnergyLimit / TotalEnergyWeight.
    func energyLimit(_ a: DevnetAccount) -> Int64 {
        Self.mulDiv(a.stake(.energy) / 1_000_000, configuration.totalEnergyLimit, totalWeight(.energy))
    }

    /// Bandwidth a day from staked TRX.
    func netLimit(_ a: DevnetAccount) -> Int64 {
        Self.mulDiv(a.stake(.bandwidth) / 1_000_000, configuration.totalNetLimit, totalWeight(.bandwidth))
    }

    /// a × b / c in 128-bit arithmetic, clamped to Int64.
    static func mulDiv(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        guard a > 0, b > 0, c > 0 else { return 0 }
        let product = UInt64(a).multipliedFullWidth(by: UInt64(b))
        guard product.high < UInt64(c) else { return Int64.max }
        let q = UInt64(c).dividingFullWidth(product).quotient
        return q > UInt64(Int64.max) ? Int64.max : Int64(q)
    }

    // MARK: Admin

    /// The address of the devnet's one witness (the block producer voters vote for).
    public nonisolated var witnessAddress: TronAddress { witness.address }

    /// Replaces the fault settings.
    public func setFaults(_ f: DevnetFaults) { faults = f }

    /// Credits TRX and USDT out of thin air (dev and tests only); creates the account if needed.
    public func fund(_ a: TronAddress, trx: Sun, usdt amount: MicroUSDT) {
        Self.credit(&accounts, &usdt, a, trx: trx.value, usdt: amount.value, now: head.timestamp)
    }

    /// Ends the wait of every pending unstake of `a` now, as if its delay had passed (tests use it
    /// to withdraw without waiting 14 days). Returns the TRX (sun) that became withdrawable.
    public func expireUnfreezes(_ a: TronAddress) -> Int64 {
        guard var acct = accounts[a] else { return 0 }
        let now = head.timestamp
        var amount: Int64 = 0
        for i in acct.unfrozen.indices where acct.unfrozen[i].expireTime > now {
            acct.unfrozen[i].expireTime = now
            amount += acct.unfrozen[i].amount
        }
        accounts[a] = acct
        return amount
    }

    /// The USDT balance of `a` in micro-USDT (uint256 as a decimal string).
    public func usdtBalance(_ a: TronAddress) -> BigUInt { usdt.balance(of: a) }

    /// The TRX balance of `a` in sun, nil when the account does not exist.
    public func trxBalance(_ a: TronAddress) -> Int64? { accounts[a]?.balance }

    /// Every TRC-20 transfer included so far, optionally only those with `memo`.
    public func ledgerEntries(memo: String? = nil) -> [LedgerEntry] {
        guard let memo else { return ledger }
        return ledger.filter { $0.memo == memo }
    }

    /// The number of transactions waiting for a block.
    public var pendingCount: Int { pending.count }

    /// The number of TRC-20 transfers included so far.
    public var transferCount: Int { ledger.count }
}
