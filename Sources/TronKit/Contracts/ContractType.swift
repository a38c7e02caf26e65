/// `Transaction.Contract.ContractType` from java-tron's `Tron.proto`; unknown values are kept.
public struct ContractType: Hashable, Sendable, CustomStringConvertible {
    /// The enum number on the wire.
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let accountCreateContract = ContractType(rawValue: 0)
    public static let transferContract = ContractType(rawValue: 1)
    public static let voteWitnessContract = ContractType(rawValue: 4)
    public static let triggerSmartContract = ContractType(rawValue: 31)
    public static let freezeBalanceV2Contract = ContractType(rawValue: 54)
    public static let unfreezeBalanceV2Contract = ContractType(rawValue: 55)
    public static let delegateResourceContract = ContractType(rawValue: 57)
    public static let withdrawBalanceContract = ContractType(rawValue: 13)
    public static let withdrawExpireUnfreezeContract = ContractType(rawValue: 56)
    public static let unDelegateResourceContract = ContractType(rawValue: 58)
    public static let cancelAllUnfreezeV2Contract = ContractType(rawValue: 59)

    private static let names: [Int32: String] = [
        0: "AccountCreateContract", 1: "TransferContract", 2: "TransferAssetContract", 3: "VoteAssetContract",
        4: "VoteWitnessContract", 5: "WitnessCreateContract", 6: "AssetIssueContract", 8: "WitnessUpdateContract",
        9: "ParticipateAssetIssueContract", 10: "AccountUpdateContract", 11: "FreezeBalanceContract",
        12: "UnfreezeBalanceContract", 13: "WithdrawBalanceContract", 14: "UnfreezeAssetContract",
        15: "UpdateAssetContract", 16: "ProposalCreateContract", 17: "ProposalApproveContract",
        18: "ProposalDeleteContract", 19: "SetAccountIdContract", 20: "CustomContract",
        30: "CreateSmartContract", 31: "TriggerSmartContract", 32: "GetContract", 33: "UpdateSettingContract",
        41: "ExchangeCreateContract", 42: "ExchangeInjectContract", 43: "ExchangeWithdrawContract",
        44: "ExchangeTransactionContract", 45: "UpdateEnergyLimitContract", 46: "AccountPermissionUpdateContract",
        48: "ClearABIContract", 49: "UpdateBrokerageContract", 51: "ShieldedTransferContract",
        52: "MarketSellAssetContract", 53: "MarketCancelOrderContract", 54: "FreezeBalanceV2Contract",
        55: "UnfreezeBalanceV2Contract", 56: "WithdrawExpireUnfreezeContract", 57: "DelegateResourceContract",
        58: "UnDelegateResourceContract", 59: "CancelAllUnfreezeV2Contract",
    ]
    private static let numbers: [String: Int32] = Dictionary(uniqueKeysWithValues: names.map { ($1, $0) })

    /// Looks a type up by its proto enum name, e.g. `"TriggerSmartContract"`.
    public init?(name: String) {
        guard let n = Self.numbers[name] else { return nil }
        rawValue = n
    }

    /// The proto enum name, as java-tron prints it in JSON.
    public var name: String { Self.names[rawValue] ?? "UNRECOGNIZED(\(rawValue))" }

    public var description: String { name }
}
