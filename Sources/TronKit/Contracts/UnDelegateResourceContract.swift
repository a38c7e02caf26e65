/// `UnDelegateResourceContract` (type 58): take back staked bandwidth or energy lent to another
/// account (after its lock period, if it was locked).
public struct UnDelegateResourceContract: ContractPayload {
    public static let contractType = ContractType.unDelegateResourceContract

    public var ownerAddress: TronAddress
    public var resource: ResourceCode
    /// Delegated TRX to take back, in sun.
    public var balance: Int64
    public var receiverAddress: TronAddress

    public init(ownerAddress: TronAddress, resource: ResourceCode, balance: Int64, receiverAddress: TronAddress) {
        self.ownerAddress = ownerAddress
        self.resource = resource
        self.balance = balance
        self.receiverAddress = receiverAddress
    }

    public init(protobuf: [UInt8]) throws(TronKitError) {
        // Fields 1–4 are DelegateResourceContract's; an undelegation has no lock.
        let d = try DelegateResourceContract(protobuf: protobuf)
        guard !d.lock, d.lockPeriod == 0 else {
            throw .invalidProtobuf("UnDelegateResourceContract has no lock fields")
        }
        self.init(
            ownerAddress: d.ownerAddress, resource: d.resource, balance: d.balance, receiverAddress: d.receiverAddress)
    }

    public var protobuf: [UInt8] {
        DelegateResourceContract(
            ownerAddress: ownerAddress, resource: resource, balance: balance, receiverAddress: receiverAddress
        ).protobuf
    }
}
