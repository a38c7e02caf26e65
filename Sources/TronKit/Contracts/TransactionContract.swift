/// `Transaction.Contract`: the one contract a transaction carries, as a type and an `Any` payload.
public struct TransactionContract: ProtobufMessage, Equatable {
    public var type: ContractType
    public var parameter: ProtobufAny
    public var provider: [UInt8] = []
    public var contractName: [UInt8] = []
    /// 0 selects the owner permission (java-tron's default); left unset by this library.
    public var permissionID: Int32 = 0

    /// Wraps a payload with its matching type and type URL.
    public init<P: ContractPayload>(_ payload: P) {
        type = P.contractType
        parameter = ProtobufAny(typeURL: P.typeURL, value: payload.protobuf)
    }

    public init(type: ContractType, parameter: ProtobufAny, permissionID: Int32 = 0) {
        self.type = type
        self.parameter = parameter
        self.permissionID = permissionID
    }

    public init(protobuf: [UInt8]) throws(TronKitError) {
        var type = ContractType(rawValue: 0)
        var parameter = ProtobufAny(typeURL: "", value: [])
        var provider = [UInt8]()
        var name = [UInt8]()
        var permission: Int32 = 0
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            switch field {
            case 1:
                guard let t = Int32(exactly: try v.requireInt64("Contract.type")) else {
                    throw .invalidProtobuf("Contract.type out of range")
                }
                type = ContractType(rawValue: t)
            case 2: parameter = try ProtobufAny(protobuf: try v.requireBytes("Contract.parameter"))
            case 3: provider = try v.requireBytes("Contract.provider")
            case 4: name = try v.requireBytes("Contract.ContractName")
            case 5:
                guard let p = Int32(exactly: try v.requireInt64("Contract.Permission_id")) else {
                    throw .invalidProtobuf("Contract.Permission_id out of range")
                }
                permission = p
            default: break
            }
        }
        self.init(type: type, parameter: parameter, permissionID: permission)
        self.provider = provider
        self.contractName = name
    }

    public var protobuf: [UInt8] {
        var w = ProtobufWriter()
        w.int64(1, Int64(type.rawValue))
        w.element(2, parameter.protobuf)
        w.bytes(3, provider)
        w.bytes(4, contractName)
        w.int64(5, Int64(permissionID))
        return w.bytes
    }

    /// Decodes the payload as `P`, checking that both the type and the type URL announce it.
    public func payload<P: ContractPayload>(as: P.Type) throws(TronKitError) -> P {
        guard type == P.contractType else {
            throw .invalidTransaction("contract type is \(type.name), not \(P.contractType.name)")
        }
        guard parameter.typeURL == P.typeURL else {
            throw .invalidTransaction("type_url \(parameter.typeURL) does not match \(P.contractType.name)")
        }
        return try P(protobuf: parameter.value)
    }

    /// The payload decoded by its type, for the contract types TronKit knows.
    public func decoded() throws(TronKitError) -> DecodedContract {
        switch type {
        case .transferContract: .transfer(try payload(as: TransferContract.self))
        case .triggerSmartContract: .trigger(try payload(as: TriggerSmartContract.self))
        case .freezeBalanceV2Contract: .freezeV2(try payload(as: FreezeBalanceV2Contract.self))
        case .unfreezeBalanceV2Contract: .unfreezeV2(try payload(as: UnfreezeBalanceV2Contract.self))
        case .withdrawExpireUnfreezeContract:
            .withdrawExpireUnfreeze(try payload(as: WithdrawExpireUnfreezeContract.self))
        case .cancelAllUnfreezeV2Contract: .cancelAllUnfreezeV2(try payload(as: CancelAllUnfreezeV2Contract.self))
        case .delegateResourceContract: .delegate(try payload(as: DelegateResourceContract.self))
        case .unDelegateResourceContract: .undelegate(try payload(as: UnDelegateResourceContract.self))
        case .voteWitnessContract: .vote(try payload(as: VoteWitnessContract.self))
        case .withdrawBalanceContract: .withdrawBalance(try payload(as: WithdrawBalanceContract.self))
        case .accountCreateContract: .accountCreate(try payload(as: AccountCreateContract.self))
        default: .unsupported(type)
        }
    }
}

/// A contract payload decoded by its type.
public enum DecodedContract: Sendable, Equatable {
    case transfer(TransferContract)
    case trigger(TriggerSmartContract)
    case freezeV2(FreezeBalanceV2Contract)
    case unfreezeV2(UnfreezeBalanceV2Contract)
    case withdrawExpireUnfreeze(WithdrawExpireUnfreezeContract)
    case cancelAllUnfreezeV2(CancelAllUnfreezeV2Contract)
    case delegate(DelegateResourceContract)
    case undelegate(UnDelegateResourceContract)
    case vote(VoteWitnessContract)
    case withdrawBalance(WithdrawBalanceContract)
    case accountCreate(AccountCreateContract)
    case unsupported(ContractType)

    /// The payload itself, when it is a known type.
    public var payload: (any ContractPayload)? {
        switch self {
        case .transfer(let c): c
        case .trigger(let c): c
        case .freezeV2(let c): c
        case .unfreezeV2(let c): c
        case .withdrawExpireUnfreeze(let c): c
        case .cancelAllUnfreezeV2(let c): c
        case .delegate(let c): c
        case .undelegate(let c): c
        case .vote(let c): c
        case .withdrawBalance(let c): c
        case .accountCreate(let c): c
        case .unsupported: nil
        }
    }

    /// The owner (signer) of the payload, when it is a known type.
    public var ownerAddress: TronAddress? { payload?.ownerAddress }
}
