import LucidJSON
import TronKit

/// A validated staking request: what to sign for the hot wallet. Parsing collects every bad field
/// with its JSON pointer; unknown fields are refused.
///
/// ```json
/// {"amount_trx": "5000", "resource": "ENERGY"}                                 // stake, unstake
/// {"amount_trx": "100", "resource": "ENERGY", "receiver_address": "T…", "lock_period": 28800}
/// {"votes": [{"witness_address": "T…", "count": 5000}]}                        // vote
/// {}                                                                            // withdraw, rewards/withdraw
/// ```
public struct StakingRequest: Sendable, Equatable {
    public var kind: StakingKind
    /// TRX moved (stake, unstake, delegate, undelegate); nil otherwise.
    public var amount: Sun?
    public var resource: ResourceCode
    public var receiver: TronAddress?
    /// Whether the delegation is locked (the request named a `lock_period`).
    public var lock: Bool
    /// Lock length in 3-second blocks (0: java-tron's default of 3 days).
    public var lockPeriod: Int64
    public var votes: [VoteWitnessContract.Vote]
    public var note: String?

    public init(
        kind: StakingKind, amount: Sun? = nil, resource: ResourceCode = .energy, receiver: TronAddress? = nil,
        lock: Bool = false, lockPeriod: Int64 = 0, votes: [VoteWitnessContract.Vote] = [], note: String? = nil
    ) {
        self.kind = kind
        self.amount = amount
        self.resource = resource
        self.receiver = receiver
        self.lock = lock
        self.lockPeriod = lockPeriod
        self.votes = votes
        self.note = note
    }

    /// The fields each kind accepts.
    static func fields(_ kind: StakingKind) -> Set<String> {
        switch kind {
        case .stake, .unstake: ["amount_trx", "resource", "note"]
        case .delegate: ["amount_trx", "resource", "receiver_address", "lock_period", "note"]
        case .undelegate: ["amount_trx", "resource", "receiver_address", "note"]
        case .vote: ["votes", "note"]
        case .withdrawUnstaked, .withdrawRewards: ["note"]
        }
    }

    /// java-tron's longest lock (`getMaxDelegateLockPeriod` on mainnet: 864,000 blocks, 30 days).
    static let maxLockPeriod: Int64 = 864_000
    /// java-tron's `MAX_VOTE_NUMBER`.
    static let maxVotes = 30

    /// Validates `json` as a request of `kind`.
    public static func parse(_ kind: StakingKind, _ json: JSONValue) throws(WalletError) -> StakingRequest {
        guard let members = json.object else { throw .validation([.init("/", "must be a JSON object")]) }
        var f = FieldReader(json, prefix: "")
        let known = fields(kind)
        for (key, _) in members where !known.contains(key) { f.fail(key, "unknown field for \(kind.path)") }
        var r = StakingRequest(kind: kind, note: f.optionalString("note", max: 256))
        if known.contains("amount_trx") { r.amount = f.amount("amount_trx", Sun.self) }
        if known.contains("resource") { r.resource = resource(&f) }
        if known.contains("receiver_address") { r.receiver = f.recipient("receiver_address") }
        if known.contains("lock_period"), let period = f.integer("lock_period", in: 0...maxLockPeriod) {
            // The one way to lock a delegation: its length (0 is java-tron's default, 3 days).
            r.lock = true
            r.lockPeriod = period
        }
        if kind == .vote { r.votes = votes(&f) }
        guard f.errors.isEmpty else { throw .validation(f.errors) }
        return r
    }

    private static func resource(_ f: inout FieldReader) -> ResourceCode {
        guard let v = f.json["resource"], !v.isNull else { return .energy }
        guard let s = v.string, let r = ResourceCode(name: s), r != .tronPower else {
            f.fail("resource", "ENERGY or BANDWIDTH")
            return .energy
        }
        return r
    }

    private static func votes(_ f: inout FieldReader) -> [VoteWitnessContract.Vote] {
        guard let list = f.json["votes"]?.array, !list.isEmpty, list.count <= maxVotes else {
            f.fail("votes", "required: 1 to \(maxVotes) objects {\"witness_address\", \"count\"}")
            return []
        }
        var out: [VoteWitnessContract.Vote] = []
        for (i, item) in list.enumerated() {
            guard let members = item.object else {
                f.fail("votes/\(i)", "must be an object")
                continue
            }
            var v = FieldReader(item, prefix: f.pointer("votes/\(i)"))
            for (key, _) in members where key != "witness_address" && key != "count" { v.fail(key, "unknown field") }
            let address = v.recipient("witness_address")
            let count = v.integer("count", in: 1...Int64.max / 1_000_000)
            if item["count"] == nil { v.fail("count", "required: a positive integer") }
            for e in v.errors { f.fail(String(e.pointer.dropFirst(f.pointer("").count)), e.detail) }
            if let address, let count { out.append(.init(voteAddress: address, voteCount: count)) }
        }
        return out
    }

    /// The request in its API form, keys in a fixed order (stored, and hashed for idempotency).
    public var json: JSONValue {
        var m: [(String, JSONValue)] = []
        if let amount { m.append(("amount_trx", .string(amount.decimalString))) }
        if kind.movesTRX { m.append(("resource", .string(resource.name))) }
        if let receiver { m.append(("receiver_address", .string(receiver.base58))) }
        if kind == .delegate, lock { m.append(("lock_period", .int(lockPeriod))) }
        if kind == .vote {
            let list = votes.map { v in
                JSONValue.object([("witness_address", .string(v.voteAddress.base58)), ("count", .int(v.voteCount))])
            }
            m.append(("votes", .array(list)))
        }
        if let note { m.append(("note", .string(note))) }
        return .object(m)
    }

    /// A canonical form for idempotency.
    public var fingerprint: String {
        Hex.encode(SHA256Digest.hash(Array(("staking:\(kind.rawValue):" + json.serialized).utf8)))
    }

    /// The contract the hot wallet `owner` signs for this request.
    public func contract(owner: TronAddress) -> TransactionContract {
        let sun = amount?.value ?? 0
        return switch kind {
        case .stake:
            TransactionContract(FreezeBalanceV2Contract(ownerAddress: owner, frozenBalance: sun, resource: resource))
        case .unstake:
            TransactionContract(
                UnfreezeBalanceV2Contract(ownerAddress: owner, unfreezeBalance: sun, resource: resource))
        case .withdrawUnstaked: TransactionContract(WithdrawExpireUnfreezeContract(ownerAddress: owner))
        case .delegate:
            TransactionContract(
                DelegateResourceContract(
                    ownerAddress: owner, resource: resource, balance: sun, receiverAddress: receiver ?? owner,
                    lock: lock,
                    lockPeriod: lock ? lockPeriod : 0))
        case .undelegate:
            TransactionContract(
                UnDelegateResourceContract(
                    ownerAddress: owner, resource: resource, balance: sun, receiverAddress: receiver ?? owner))
        case .vote: TransactionContract(VoteWitnessContract(ownerAddress: owner, votes: votes))
        case .withdrawRewards: TransactionContract(WithdrawBalanceContract(ownerAddress: owner))
        }
    }
}
