import LucidJSON
import TronKit

/// The java-tron HTTP API over a `DevnetChain`: one function from (endpoint, body, visible) to the
/// JSON java-tron would answer, always with HTTP 200 as java-tron does.
public struct DevnetAPI: Sendable {
    /// `/wallet/*` or `/walletsolidity/*`.
    public enum Plane: Sendable { case wallet, solidity }

    public let chain: DevnetChain

    public init(chain: DevnetChain) { self.chain = chain }

    /// Endpoints that read `visible` only from the query string, never from the body.
    static let queryOnlyVisible: Set<String> = ["getnowblock", "getchainparameters"]

    /// Endpoints each plane serves.
    static let walletEndpoints: Set<String> = Set<String>([
        "getnowblock", "getblockbynum", "getnodeinfo", "getaccount", "getaccountresource", "getchainparameters",
        "getcontract", "triggerconstantcontract", "triggersmartcontract", "broadcasttransaction", "broadcasthex",
        "gettransactionbyid", "gettransactioninfobyid", "gettransactioninfobyblocknum", "getsignweight",
        "getdelegatedresourcev2", "getdelegatedresourceaccountindexv2", "getcandelegatedmaxsize",
        "getavailableunfreezecount", "getcanwithdrawunfreezeamount", "getReward", "listwitnesses",
    ]).union(builders.keys)

    /// java-tron's transaction builders for system contracts: each validates the contract like its
    /// actuator and answers the unsigned transaction, or `{"Error": "class …ContractValidateException : …"}`.
    static let builders: [String: ContractType] = [
        "freezebalancev2": .freezeBalanceV2Contract, "unfreezebalancev2": .unfreezeBalanceV2Contract,
        "withdrawexpireunfreeze": .withdrawExpireUnfreezeContract, "cancelallunfreezev2": .cancelAllUnfreezeV2Contract,
        "delegateresource": .delegateResourceContract, "undelegateresource": .unDelegateResourceContract,
        "votewitnessaccount": .voteWitnessContract, "withdrawbalance": .withdrawBalanceContract,
        "createaccount": .accountCreateContract,
    ]
    static let solidityEndpoints: Set<String> = [
        "getnowblock", "getblockbynum", "getaccount", "gettransactionbyid", "gettransactioninfobyid",
        "gettransactioninfobyblocknum", "getnodeinfo", "getdelegatedresourcev2",
        "getdelegatedresourceaccountindexv2", "getcandelegatedmaxsize", "getavailableunfreezecount",
        "getcanwithdrawunfreezeamount", "getReward", "listwitnesses",
    ]

    /// Whether `name` exists on `plane`.
    public static func serves(_ name: String, on plane: Plane) -> Bool {
        (plane == .wallet ? walletEndpoints : solidityEndpoints).contains(name)
    }

    /// Handles one call. `body` may be empty (GET). Errors are java-tron's `{"Error": …}` shape.
    public func handle(_ name: String, plane: Plane, body: [UInt8], queryVisible: Bool) async -> JSONValue {
        let json: JSONValue
        if body.allSatisfy({ [0x20, 0x09, 0x0a, 0x0d].contains($0) }) {
            json = .object([])
        } else {
            do { json = try JSONValue.parse(body) } catch {
                return Self.error("com.alibaba.fastjson.JSONException", error.reason)
            }
        }
        guard json.object != nil else {
            return Self.error("com.alibaba.fastjson.JSONException", "expected a JSON object")
        }
        let visible = queryVisible || (!Self.queryOnlyVisible.contains(name) && json["visible"]?.bool == true)
        let solid = plane == .solidity
        do {
            return try await dispatch(name, json: json, visible: visible, solid: solid)
        } catch let e as TronKitError {
            return Self.error("java.lang.IllegalArgumentException", e.reason)
        } catch {
            return Self.error("java.lang.Exception", String(describing: error))
        }
    }

    static func error(_ cls: String, _ message: String) -> JSONValue {
        .object([("Error", .string("class \(cls) : \(message)"))])
    }

    /// The java-tron endpoint `name` (the `/wallet/` or `/walletsolidity/` path's last part).
    private func dispatch(_ name: String, json: JSONValue, visible: Bool, solid: Bool) async throws -> JSONValue {
        switch name {
        case "getnowblock":
            return await chain.nowBlock(solid: solid).json(visible: visible)
        case "getblockbynum":
            return await chain.block(number: try json.int64Field("num"), solid: solid)?.json(visible: visible)
                ?? .object([])
        case "getnodeinfo":
            return await nodeInfo()
        case "getaccount":
            return await chain.accountJSON(try json.requiredAddress("address"), visible: visible)
        case "getaccountresource":
            return await chain.accountResource(try json.requiredAddress("address"))?.json ?? .object([])
        case "getchainparameters":
            return await chain.chainParameters().json
        case "getcontract":
            guard try json.requiredAddress("value") == USDTToken.address else { return .object([]) }
            return USDTToken.contractJSON(visible: visible, origin: chain.witness.address)
        case "triggerconstantcontract":
            return try await constantCall(json, visible: visible)
        case "triggersmartcontract":
            return try await buildTrigger(json, visible: visible)
        case "broadcasttransaction":
            return await broadcast(try TransactionJSON.parseTransaction(json), visible: visible)
        case "broadcasthex":
            return try await broadcastHex(json, visible: visible)
        case "gettransactionbyid":
            guard let entry = await chain.transaction(id: try Self.transactionID(json), solid: solid) else {
                return .object([])
            }
            return TransactionJSON.print(entry.tx, visible: visible, contractRet: entry.contractRet)
        case "gettransactioninfobyid":
            return await chain.transactionInfo(id: try Self.transactionID(json), solid: solid)?.json(visible: visible)
                ?? .object([])
        case "gettransactioninfobyblocknum":
            // java-tron answers a JSON array (empty for a block without transactions or beyond the head).
            let n = try json.int64Field("num")
            return .array(await chain.transactionInfos(blockNumber: n, solid: solid).map { $0.json(visible: visible) })
        case "getdelegatedresourcev2":
            return await chain.delegatedResourceV2(
                from: try json.requiredAddress("fromAddress"), to: try json.requiredAddress("toAddress"),
                visible: visible)
        case "getdelegatedresourceaccountindexv2":
            return await chain.delegatedResourceIndexV2(try json.requiredAddress("value"), visible: visible)
        case "getcandelegatedmaxsize":
            return await chain.canDelegatedMaxSize(
                try json.requiredAddress("owner_address"), type: try json.int64Field("type"))
        case "getavailableunfreezecount":
            let owner = try json.addressField("ownerAddress") ?? json.requiredAddress("owner_address")
            return await chain.availableUnfreezeCount(owner)
        case "getcanwithdrawunfreezeamount":
            return await chain.canWithdrawUnfreezeAmount(
                try json.requiredAddress("owner_address"), timestamp: try json.int64Field("timestamp"))
        case "getReward":
            return await chain.reward(try json.requiredAddress("address"))
        case "listwitnesses":
            return await chain.witnessList(visible: visible)
        case "getsignweight":
            return await chain.signWeight(try TransactionJSON.parseTransaction(json), visible: visible)
        default:
            if let type = Self.builders[name] { return try await buildSystemContract(type, json, visible: visible) }
            return Self.error("java.lang.IllegalArgumentException", "unknown endpoint \(name)")
        }
    }

    /// `getnodeinfo`: the head and solid blocks as java-tron reports them.
    private func nodeInfo() async -> JSONValue {
        let h = await chain.heads()
        return .object([
            ("activeConnectCount", .int(0)), ("beginSyncNum", .int(h.head)),
            ("block", .string(NodeInfo.formatRef(number: h.head, id: h.headID))),
            ("solidityBlock", .string(NodeInfo.formatRef(number: h.solid, id: h.solidID))),
            ("currentConnectCount", .int(0)), ("passiveConnectCount", .int(0)), ("totalFlow", .int(0)),
            ("configNodeInfo", .object([("codeVersion", .string("lucid-devnet")), ("p2pVersion", .string("devnet"))])),
        ])
    }

    /// `triggerconstantcontract`: a read-only call (no contract named: java-tron's validate error).
    private func constantCall(_ json: JSONValue, visible: Bool) async throws -> JSONValue {
        let owner = try json.addressField("owner_address") ?? .zero
        guard let contract = try json.addressField("contract_address") else {
            return .object([
                (
                    "result",
                    .object([
                        ("code", .string("CONTRACT_VALIDATE_ERROR")),
                        ("message", .string(DevnetChain.message("Smart contract is not exist.", visible: visible))),
                    ])
                )
            ])
        }
        return await chain.constantCall(
            owner: owner, contract: contract, data: try Self.callData(json), visible: visible)
    }

    /// `broadcasttransaction`: the txid, or java-tron's code and message.
    private func broadcast(_ tx: Transaction, visible: Bool) async -> JSONValue {
        do {
            let txid = try await chain.broadcast(tx)
            return .object([("result", .bool(true)), ("txid", .string(txid))])
        } catch {
            return .object([
                ("code", .string(error.code.rawValue)), ("txid", .string(tx.txIDHex)),
                ("message", .string(DevnetChain.message(error.message, visible: visible))),
            ])
        }
    }

    /// `broadcasthex`: as `broadcasttransaction`, with the transaction printed back.
    private func broadcastHex(_ json: JSONValue, visible: Bool) async throws -> JSONValue {
        guard let hex = try json.stringField("transaction") else {
            throw TronKitError.invalidJSON("transaction is missing")
        }
        let tx = try Transaction(protobuf: try Hex.decode(hex))
        let printed = JSONValue.string(TransactionJSON.print(tx, visible: visible).serialized)
        do {
            let txid = try await chain.broadcast(tx)
            return .object([
                ("result", .bool(true)), ("code", .string("SUCCESS")), ("txid", .string(txid)),
                ("transaction", printed),
            ])
        } catch {
            return .object([
                ("result", .bool(false)), ("code", .string(error.code.rawValue)), ("txid", .string(tx.txIDHex)),
                ("message", .string(error.message)), ("transaction", printed),
            ])
        }
    }

    /// A builder endpoint: the body is the contract's JSON (`owner_address`, …); the answer is the
    /// unsigned transaction referencing the head block, or the actuator's refusal.
    private func buildSystemContract(_ type: ContractType, _ json: JSONValue, visible: Bool) async throws -> JSONValue {
        var value = json
        if case .object(let members) = json {
            value = .object(members.filter { $0.0 != "visible" && $0.0 != "Permission_id" })
        }
        let contract = try TransactionJSON.parseContract(
            .object([("type", .string(type.name)), ("parameter", .object([("value", value)]))]))
        let head = await chain.nowBlock(solid: false)
        let raw = TransactionRaw(
            refBlockBytes: head.id.refBlockBytes, refBlockHash: head.id.refBlockHash,
            expiration: head.timestamp + 60_000, contracts: [contract], timestamp: head.timestamp)
        let tx = Transaction(raw: raw)
        if let refusal = await chain.validate(tx) {
            return Self.error("org.tron.core.exception.ContractValidateException", refusal)
        }
        var printed = TransactionJSON.print(tx, visible: visible)
        if case .object(var m) = printed, !visible {
            m.insert(("visible", .bool(false)), at: 0)
            printed = .object(m)
        }
        return printed
    }

    /// The `value` member naming a transaction, in lower case.
    private static func transactionID(_ json: JSONValue) throws -> String {
        guard let id = try json.stringField("value") else { throw TronKitError.invalidJSON("value is missing") }
        return id.lowercased()
    }

    /// Call data from `function_selector` + `parameter` (which wins) or `data`.
    static func callData(_ json: JSONValue) throws -> [UInt8] {
        if let selector = try json.stringField("function_selector"), !selector.isEmpty {
            return TRC20.selector(selector.replacingOccurrences(of: " ", with: "")) + (try json.hexField("parameter"))
        }
        return try json.hexField("data")
    }

    /// `triggersmartcontract`: a node-built unsigned transaction referencing the solid block, as
    /// java-tron does. (The wallet never signs these; it builds its own.)
    private func buildTrigger(_ json: JSONValue, visible: Bool) async throws -> JSONValue {
        let owner = try json.requiredAddress("owner_address")
        let contract = try json.requiredAddress("contract_address")
        guard contract == USDTToken.address else {
            return .object([
                (
                    "result",
                    .object([
                        ("code", .string("CONTRACT_VALIDATE_ERROR")),
                        (
                            "message",
                            .string(DevnetChain.message("No contract or not a valid smart contract", visible: visible))
                        ),
                    ])
                )
            ])
        }
        let heads = await chain.heads()
        let headTime = await chain.nowBlock(solid: false).timestamp
        let call = TriggerSmartContract(
            ownerAddress: owner, contractAddress: contract, callValue: try json.int64Field("call_value"),
            data: try Self.callData(json))
        let raw = try TransactionBuilder(refBlock: heads.solidID, timestamp: headTime, expiration: headTime + 60_000)
            .build(call, feeLimit: try json.int64Field("fee_limit"))
        var printed = TransactionJSON.print(Transaction(raw: raw), visible: visible)
        if case .object(var m) = printed, !visible {
            m.insert(("visible", .bool(false)), at: 0)
            printed = .object(m)
        }
        return .object([("result", .object([("result", .bool(true))])), ("transaction", printed)])
    }
}
