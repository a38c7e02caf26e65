import TronKit

/// The key of a Stake 2.0 delegation record: lender, receiver, and whether it is the locked record
/// (java-tron keeps a locked and an unlocked `DelegatedResource` per pair).
struct DelegationKey: Hashable, Sendable {
    let from: TronAddress
    let to: TronAddress
    let locked: Bool
}

/// A `DelegatedResource`: stake lent from one account to another, per resource, with the lock's end.
struct DevnetDelegation: Sendable, Equatable {
    var amount: [ResourceCode: Int64] = [:]
    /// When the lock ends, per resource (ms); 0 for the unlocked record.
    var expireTime: [ResourceCode: Int64] = [:]

    var isEmpty: Bool { amount.values.allSatisfy { $0 == 0 } }
}
