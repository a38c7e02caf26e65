import Foundation
import LucidJSON
import Testing
import TronKit

/// The Stake 2.0, voting and account-creation payloads against Google's protobuf library (scripts/stake_vectors.py wrote the
/// fixture; `make test` checks it is still what that library writes): encoded byte for byte, and
/// decoded back to the same fields.
@Suite("Stake 2.0, vote and account-creation contracts against the protobuf library")
struct StakeVectorTests {
    static let vectors: [JSONValue] = {
        let url = Bundle.module.url(forResource: "stake_vectors", withExtension: "json", subdirectory: "Fixtures")!
        return (try! JSONValue.parse(Array(try! Data(contentsOf: url))))["vectors"]?.array ?? []
    }()

    /// The Swift payload the vector's fields describe.
    static func payload(_ v: JSONValue) throws -> any ContractPayload {
        let f = v["fields"]!
        let owner = try TronAddress(hex: f.s("owner_address"))
        func receiver() throws -> TronAddress { try TronAddress(hex: f.s("receiver_address")) }
        let resource: ResourceCode = f.i("resource") == 1 ? .energy : .bandwidth
        switch v.s("contract") {
        case "FreezeBalanceV2Contract":
            return FreezeBalanceV2Contract(
                ownerAddress: owner, frozenBalance: f.i("frozen_balance"), resource: resource)
        case "UnfreezeBalanceV2Contract":
            return UnfreezeBalanceV2Contract(
                ownerAddress: owner, unfreezeBalance: f.i("unfreeze_balance"), resource: resource)
        case "DelegateResourceContract":
            return DelegateResourceContract(
                ownerAddress: owner, resource: resource, balance: f.i("balance"), receiverAddress: try receiver(),
                lock: f["lock"]?.bool == true, lockPeriod: f.i("lock_period"))
        case "UnDelegateResourceContract":
            return UnDelegateResourceContract(
                ownerAddress: owner, resource: resource, balance: f.i("balance"), receiverAddress: try receiver())
        case "WithdrawExpireUnfreezeContract": return WithdrawExpireUnfreezeContract(ownerAddress: owner)
        case "CancelAllUnfreezeV2Contract": return CancelAllUnfreezeV2Contract(ownerAddress: owner)
        case "WithdrawBalanceContract": return WithdrawBalanceContract(ownerAddress: owner)
        case "VoteWitnessContract":
            let votes = try (f["votes"]?.array ?? []).map { v in
                VoteWitnessContract.Vote(
                    voteAddress: try TronAddress(hex: v.s("vote_address")), voteCount: v.i("vote_count"))
            }
            return VoteWitnessContract(ownerAddress: owner, votes: votes, support: f["support"]?.bool == true)
        case "AccountCreateContract":
            guard let type = AccountCreateContract.AccountType(rawValue: Int32(f.i("type"))) else {
                throw TronKitError.invalidProtobuf("unknown account type in the fixture")
            }
            return AccountCreateContract(
                ownerAddress: owner, accountAddress: try TronAddress(hex: f.s("account_address")), type: type)
        default: throw TronKitError.invalidProtobuf("no such contract in the fixture: \(v.s("contract"))")
        }
    }

    /// Decodes `bytes` as the same contract type as `payload` and says whether the fields match.
    static func roundTrips<P: ContractPayload>(_ payload: P, _ bytes: [UInt8]) throws -> Bool {
        try P(protobuf: bytes) == payload
    }

    @Test("encoded byte for byte as the protobuf library does, and decoded back", arguments: vectors)
    func vector(_ v: JSONValue) throws {
        let payload = try Self.payload(v)
        #expect(type(of: payload).contractType.name == v.s("contract"))
        #expect(Hex.encode(payload.protobuf) == v.s("protobuf_hex"), "\(v.s("name"))")
        #expect(try Self.roundTrips(payload, try Hex.decode(v.s("protobuf_hex"))), "\(v.s("name"))")
    }

    @Test("java-tron's JSON form parses back to the same bytes (how tronpy's transactions arrive)", arguments: vectors)
    func jsonRoundTrip(_ v: JSONValue) throws {
        let contract = Self.contract(try Self.payload(v))
        let raw = TransactionRaw(
            refBlockBytes: [0x01, 0x02], refBlockHash: Array(repeating: 7, count: 8), expiration: 1_700_000_060_000,
            data: [], contracts: [contract], timestamp: 1_700_000_000_000, feeLimit: 0)
        for visible in [false, true] {
            let printed = TransactionJSON.print(Transaction(raw: raw), visible: visible)
            let parsed = try TransactionJSON.parseTransaction(try JSONValue.parse(Array(printed.serialized.utf8)))
            #expect(parsed.raw.protobuf == raw.protobuf, "\(v.s("name")) visible=\(visible)")
        }
        let summary = try TransactionSummary(hex: Hex.encode(raw.protobuf)).json
        #expect(summary["contract_type"]?.string == v.s("contract"))
        #expect(summary["owner"]?.string == (try TronAddress(hex: v["fields"]!.s("owner_address"))).base58)
    }

    static func contract<P: ContractPayload>(_ p: P) -> TransactionContract { TransactionContract(p) }

    @Test("an undelegation carrying delegation's lock fields is refused")
    func undelegateHasNoLock() throws {
        let locked = DelegateResourceContract(
            ownerAddress: try TronAddress(hex: "41a614f803b6fd780986a42c78ec9c7f77e6ded13c"), resource: .energy,
            balance: 1, receiverAddress: try TronAddress(hex: "415cbdd86a2fa8dc4bddd8a8f69dba48572eec07fb"), lock: true,
            lockPeriod: 10)
        #expect(throws: TronKitError.self) { try UnDelegateResourceContract(protobuf: locked.protobuf) }
    }
}
