/// `AccountCreateContract` (type 0): activates `accountAddress` on chain, paid by the owner
/// (`getCreateNewAccountFeeInSystemContract`, plus bandwidth as for an account-creating transfer).
public struct AccountCreateContract: ContractPayload {
    public static let contractType = ContractType.accountCreateContract

    /// `AccountType` from `Tron.proto`.
    public enum AccountType: Int32, Sendable, NamedProtoEnum {
        case normal = 0
        case assetIssue = 1
        case contract = 2

        /// The proto enum name used in java-tron JSON.
        public var name: String {
            switch self {
            case .normal: "Normal"
            case .assetIssue: "AssetIssue"
            case .contract: "Contract"
            }
        }
    }

    public var ownerAddress: TronAddress
    public var accountAddress: TronAddress
    public var type: AccountType

    public init(ownerAddress: TronAddress, accountAddress: TronAddress, type: AccountType = .normal) {
        self.ownerAddress = ownerAddress
        self.accountAddress = accountAddress
        self.type = type
    }

    public init(protobuf: [UInt8]) throws(TronKitError) {
        var owner: TronAddress?
        var account: TronAddress?
        var type = AccountType.normal
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            switch field {
            case 1: owner = try ProtobufField.address(v, "owner_address")
            case 2: account = try ProtobufField.address(v, "account_address")
            case 3:
                let raw = try v.requireInt64("type")
                guard let n = Int32(exactly: raw), let t = AccountType(rawValue: n) else {
                    throw .invalidProtobuf("type: unknown account type \(raw)")
                }
                type = t
            default: break
            }
        }
        self.init(
            ownerAddress: try ProtobufField.required(owner, "owner_address"),
            accountAddress: try ProtobufField.required(account, "account_address"), type: type)
    }

    public var protobuf: [UInt8] {
        var w = ProtobufWriter()
        w.bytes(1, ownerAddress.bytes)
        w.bytes(2, accountAddress.bytes)
        w.int64(3, Int64(type.rawValue))
        return w.bytes
    }
}
