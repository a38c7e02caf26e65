/// `VoteWitnessContract` (type 4): replaces the owner's votes with `votes` (TRON Power, 1 per staked TRX).
public struct VoteWitnessContract: ContractPayload {
    public static let contractType = ContractType.voteWitnessContract

    /// One `Vote`: a witness (super representative candidate) and a number of votes for it.
    public struct Vote: Sendable, Equatable {
        public var voteAddress: TronAddress
        public var voteCount: Int64

        public init(voteAddress: TronAddress, voteCount: Int64) {
            self.voteAddress = voteAddress
            self.voteCount = voteCount
        }
    }

    public var ownerAddress: TronAddress
    public var votes: [Vote]
    /// Field 3 (`support`), unused by java-tron's actuator; kept so decoding round-trips.
    public var support: Bool

    public init(ownerAddress: TronAddress, votes: [Vote], support: Bool = false) {
        self.ownerAddress = ownerAddress
        self.votes = votes
        self.support = support
    }

    public init(protobuf: [UInt8]) throws(TronKitError) {
        var owner: TronAddress?
        var votes: [Vote] = []
        var support = false
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            switch field {
            case 1: owner = try ProtobufField.address(v, "owner_address")
            case 2: votes.append(try Self.vote(try v.requireBytes("votes")))
            case 3: support = try v.requireInt64("support") != 0
            default: break
            }
        }
        self.init(ownerAddress: try ProtobufField.required(owner, "owner_address"), votes: votes, support: support)
    }

    private static func vote(_ bytes: [UInt8]) throws(TronKitError) -> Vote {
        var address: TronAddress?
        var count: Int64 = 0
        try ProtobufReader.forEachField(bytes) { field, v throws(TronKitError) in
            switch field {
            case 1: address = try ProtobufField.address(v, "vote_address")
            case 2: count = try v.requireInt64("vote_count")
            default: break
            }
        }
        return Vote(voteAddress: try ProtobufField.required(address, "vote_address"), voteCount: count)
    }

    public var protobuf: [UInt8] {
        var w = ProtobufWriter()
        w.bytes(1, ownerAddress.bytes)
        for vote in votes {
            var v = ProtobufWriter()
            v.bytes(1, vote.voteAddress.bytes)
            v.int64(2, vote.voteCount)
            w.element(2, v.bytes)
        }
        w.bool(3, support)
        return w.bytes
    }
}
