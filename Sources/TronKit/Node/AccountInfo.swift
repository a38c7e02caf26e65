import LucidJSON

/// The parts of `getaccount` a payout system reads: TRX balance, Stake 2.0 balances, delegations,
/// pending unstakes, votes and unclaimed rewards.
public struct AccountInfo: Sendable, Equatable {
    /// One pending unstake (`unfrozenV2`): TRX that can be withdrawn from `expireTime` (ms) on.
    public struct PendingUnfreeze: Sendable, Equatable {
        public var resource: ResourceCode
        public var amount: Sun
        public var expireTime: Int64

        public init(resource: ResourceCode, amount: Sun, expireTime: Int64) {
            self.resource = resource
            self.amount = amount
            self.expireTime = expireTime
        }
    }

    public var address: TronAddress
    /// Liquid TRX.
    public var balance: Sun
    /// Creation time in ms.
    public var createTime: Int64
    /// TRX staked for bandwidth (Stake 2.0).
    public var frozenForBandwidth: Sun
    /// TRX staked for energy (Stake 2.0).
    public var frozenForEnergy: Sun
    /// Own stake lent to other accounts, per resource (not counted in `frozenFor…`).
    public var delegatedOut: [ResourceCode: Sun] = [:]
    /// Stake other accounts lend to this one, per resource.
    public var acquired: [ResourceCode: Sun] = [:]
    /// Pending unstakes, in the node's order.
    public var pendingUnfreezes: [PendingUnfreeze] = []
    /// Votes cast.
    public var votes: [VoteWitnessContract.Vote] = []
    /// Voting rewards moved to the account and not withdrawn (`allowance`); `getReward` also counts
    /// rewards not yet moved.
    public var allowance = Sun(0)
    /// When rewards were last withdrawn, ms (0: never).
    public var latestWithdrawTime: Int64 = 0

    public init(address: TronAddress, balance: Sun, createTime: Int64, frozenForBandwidth: Sun, frozenForEnergy: Sun) {
        self.address = address
        self.balance = balance
        self.createTime = createTime
        self.frozenForBandwidth = frozenForBandwidth
        self.frozenForEnergy = frozenForEnergy
    }

    /// Parses java-tron's JSON; nil for `{}` (no such account).
    public init?(json: JSONValue) throws(TronKitError) {
        guard let address = try json.addressField("address") else {
            if json.isEmptyObject { return nil }
            throw .invalidJSON("account without address")
        }
        self.address = address
        balance = Sun(try json.int64Field("balance"))
        createTime = try json.int64Field("create_time")
        var bandwidth: Int64 = 0
        var energy: Int64 = 0
        for f in try json.arrayField("frozenV2") {
            let amount = try f.int64Field("amount")
            switch try f.stringField("type") ?? "BANDWIDTH" {
            case "ENERGY": energy += amount
            case "BANDWIDTH": bandwidth += amount
            default: break
            }
        }
        frozenForBandwidth = Sun(bandwidth)
        frozenForEnergy = Sun(energy)
        let resource = json["account_resource"] ?? .object([])
        delegatedOut = [
            .bandwidth: Sun(try json.int64Field("delegated_frozenV2_balance_for_bandwidth")),
            .energy: Sun(try resource.int64Field("delegated_frozenV2_balance_for_energy")),
        ]
        acquired = [
            .bandwidth: Sun(try json.int64Field("acquired_delegated_frozenV2_balance_for_bandwidth")),
            .energy: Sun(try resource.int64Field("acquired_delegated_frozenV2_balance_for_energy")),
        ]
        pendingUnfreezes = try json.arrayField("unfrozenV2").map { u throws(TronKitError) in
            let name = try u.stringField("type") ?? "BANDWIDTH"
            guard let r = ResourceCode(name: name) else { throw .invalidJSON("unfrozenV2: unknown type \(name)") }
            return PendingUnfreeze(
                resource: r, amount: Sun(try u.int64Field("unfreeze_amount")),
                expireTime: try u.int64Field("unfreeze_expire_time"))
        }
        votes = try json.arrayField("votes").map { v throws(TronKitError) in
            VoteWitnessContract.Vote(
                voteAddress: try v.requiredAddress("vote_address"), voteCount: try v.int64Field("vote_count"))
        }
        allowance = Sun(try json.int64Field("allowance"))
        latestWithdrawTime = try json.int64Field("latest_withdraw_time")
    }
}
