import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1

/// A typed client for the java-tron HTTP API (`/wallet/*`, `/walletsolidity/*`).
///
/// Every call has its own deadline; with a SOCKS proxy configured, host names go to the proxy
/// unresolved, so no DNS query leaves this machine. Call `shutdown()` when done.
///
/// ```swift
/// let node = FullNodeClient(configuration: .init(fullNodeURL: "http://127.0.0.1:8090"))
/// let solid = try await node.getNowBlock(solid: true)
/// let txid = try await node.broadcast(signed)
/// let info = try await node.getTransactionInfo(id: txid, solid: true)
/// ```
public final class FullNodeClient: Sendable {
    public let configuration: FullNodeConfiguration
    private let http: HTTPClient
    private let logger: Logger

    public init(configuration: FullNodeConfiguration, logger: Logger = Logger(label: "tronkit.fullnode")) {
        self.configuration = configuration
        self.logger = logger
        var c = HTTPClient.Configuration()
        if let p = configuration.socksProxy { c.proxy = .socksServer(host: p.host, port: p.port) }
        c.timeout = .init(connect: .seconds(5), read: .seconds(60))
        c.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, configuration.maxConnectionsPerHost))
        c.decompression = .enabled(limit: .size(configuration.maxResponseBytes))
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: c)
    }

    /// Closes pooled connections.
    public func shutdown() async throws { try await http.shutdown() }

    // MARK: Blocks and node

    /// The latest block, or the latest solidified block.
    public func getNowBlock(solid: Bool = false) async throws(FullNodeError) -> BlockInfo {
        let path = solid ? "/walletsolidity/getnowblock" : "/wallet/getnowblock"
        let json = try await post(path, solid: solid, .object([]))
        guard let block = try decode(path, { () throws(TronKitError) in try BlockInfo(json: json) }) else {
            throw .invalidResponse(endpoint: path, reason: "no block")
        }
        return block
    }

    /// Block `number`; nil when it does not exist (yet).
    public func getBlock(number: Int64, solid: Bool = false) async throws(FullNodeError) -> BlockInfo? {
        let path = solid ? "/walletsolidity/getblockbynum" : "/wallet/getblockbynum"
        let json = try await post(path, solid: solid, .object([("num", .int(number))]))
        return try decode(path) { () throws(TronKitError) in try BlockInfo(json: json) }
    }

    /// Head and solid block references.
    public func getNodeInfo() async throws(FullNodeError) -> NodeInfo {
        let path = "/wallet/getnodeinfo"
        let json = try await post(path, solid: false, .object([]), method: .GET)
        return try decode(path) { () throws(TronKitError) in try NodeInfo(json: json) }
    }

    /// The network's fee schedule.
    public func getChainParameters() async throws(FullNodeError) -> ChainParameters {
        let path = "/wallet/getchainparameters"
        let json = try await post(path, solid: false, .object([]), method: .GET)
        return try decode(path) { () throws(TronKitError) in try ChainParameters(json: json) }
    }

    // MARK: Accounts and contracts

    /// An account; nil when it does not exist (not activated).
    public func getAccount(_ address: TronAddress) async throws(FullNodeError) -> AccountInfo? {
        let path = "/wallet/getaccount"
        let json = try await post(path, solid: false, .object([("address", .string(address.hex))]))
        return try decode(path) { () throws(TronKitError) in try AccountInfo(json: json) }
    }

    /// Bandwidth and energy of an account (all zero when unknown).
    public func getAccountResource(_ address: TronAddress) async throws(FullNodeError) -> AccountResource {
        let path = "/wallet/getaccountresource"
        let json = try await post(path, solid: false, .object([("address", .string(address.hex))]))
        return try decode(path) { () throws(TronKitError) in try AccountResource(json: json) }
    }

    /// A deployed contract; nil when there is none at `address`.
    public func getContract(_ address: TronAddress) async throws(FullNodeError) -> ContractInfo? {
        let path = "/wallet/getcontract"
        let json = try await post(path, solid: false, .object([("value", .string(address.hex))]))
        return try decode(path) { () throws(TronKitError) in try ContractInfo(json: json) }
    }

    /// Runs a call without broadcasting: reads (`balanceOf`) and transfer dry runs (energy).
    public func triggerConstantContract(owner: TronAddress, contract: TronAddress, data: [UInt8])
        async throws(FullNodeError) -> ConstantCallResult
    {
        let path = "/wallet/triggerconstantcontract"
        let json = try await post(
            path, solid: false,
            .object([
                ("owner_address", .string(owner.hex)), ("contract_address", .string(contract.hex)),
                ("data", .string(Hex.encode(data))),
            ]))
        return try decode(path) { () throws(TronKitError) in try ConstantCallResult(json: json) }
    }

    // MARK: Transactions

    /// Broadcasts a signed transaction as JSON (`broadcasttransaction`); returns the txid.
    /// A refusal throws `.rejected` with java-tron's code and the decoded message.
    @discardableResult
    public func broadcast(_ tx: Transaction) async throws(FullNodeError) -> String {
        let path = "/wallet/broadcasttransaction"
        let json = try await post(path, solid: false, TransactionJSON.print(tx, visible: false))
        return try Self.broadcastOutcome(json, fallbackTxID: tx.txIDHex, path: path)
    }

    /// Broadcasts the protobuf bytes as hex (`broadcasthex`); returns the txid.
    @discardableResult
    public func broadcastHex(_ tx: Transaction) async throws(FullNodeError) -> String {
        let path = "/wallet/broadcasthex"
        let json = try await post(path, solid: false, .object([("transaction", .string(Hex.encode(tx.protobuf)))]))
        return try Self.broadcastOutcome(json, fallbackTxID: tx.txIDHex, path: path)
    }

    /// A transaction once it is in a block; nil while pending or unknown.
    public func getTransaction(id: String) async throws(FullNodeError) -> TransactionRecord? {
        let path = "/wallet/gettransactionbyid"
        let json = try await post(path, solid: false, .object([("value", .string(id))]))
        return try decode(path) { () throws(TronKitError) in try TransactionRecord(json: json) }
    }

    /// The execution record; from `walletsolidity` (`solid: true`) only once solidified.
    public func getTransactionInfo(id: String, solid: Bool = false) async throws(FullNodeError) -> TransactionInfo? {
        let path = solid ? "/walletsolidity/gettransactioninfobyid" : "/wallet/gettransactioninfobyid"
        let json = try await post(path, solid: solid, .object([("value", .string(id))]))
        return try decode(path) { () throws(TronKitError) in try TransactionInfo(json: json) }
    }

    /// The execution records of every transaction in one block (`gettransactioninfobyblocknum`), for
    /// scanning a block's logs in one call; the solidity variant answers only for solid blocks.
    public func getTransactionInfos(blockNumber: Int64, solid: Bool = false) async throws(FullNodeError)
        -> [TransactionInfo]
    {
        let path = solid ? "/walletsolidity/gettransactioninfobyblocknum" : "/wallet/gettransactioninfobyblocknum"
        let json = try await post(path, solid: solid, .object([("num", .int(blockNumber))]))
        return try decode(path) { () throws(TronKitError) in
            if json.isEmptyObject { return [] }
            guard let items = json.array else { throw .invalidJSON("expected an array of transaction infos") }
            var infos: [TransactionInfo] = []
            for item in items { if let info = try TransactionInfo(json: item) { infos.append(info) } }
            return infos
        }
    }

    static func broadcastOutcome(_ json: JSONValue, fallbackTxID: String, path: String) throws(FullNodeError) -> String
    {
        let txid = json["txid"]?.string ?? fallbackTxID
        let codeName = json["code"]?.string ?? "SUCCESS"
        if json["result"]?.bool == true && codeName == "SUCCESS" { return txid }
        guard let code = BroadcastCode(rawValue: codeName), code != .success else {
            throw .invalidResponse(endpoint: path, reason: "unexpected broadcast answer code \(codeName)")
        }
        throw .rejected(BroadcastRejection(code: code, message: json.messageField("message") ?? "", txid: txid))
    }

    // MARK: Transport

    private func decode<T>(_ path: String, _ body: () throws(TronKitError) -> T) throws(FullNodeError) -> T {
        do { return try body() } catch { throw .invalidResponse(endpoint: path, reason: error.reason) }
    }

    private func post(_ path: String, solid: Bool, _ body: JSONValue, method: HTTPMethod = .POST)
        async throws(FullNodeError) -> JSONValue
    {
        let base = (solid ? configuration.solidityNodeURL : nil) ?? configuration.fullNodeURL
        var request = HTTPClientRequest(url: base.hasSuffix("/") ? String(base.dropLast()) + path : base + path)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        if let key = configuration.apiKey { request.headers.add(name: "TRON-PRO-API-KEY", value: key) }
        if method == .POST { request.body = .bytes(ByteBuffer(bytes: body.bytes)) }

        let started = ContinuousClock.now
        let deadline = NIODeadline.now() + .nanoseconds(configuration.callTimeout.nanoseconds)
        let bytes: [UInt8]
        do {
            let response = try await http.execute(request, deadline: deadline, logger: logger)
            guard response.status == .ok else {
                throw FullNodeError.httpStatus(endpoint: path, status: Int(response.status.code))
            }
            let buffer = try await response.body.collect(upTo: configuration.maxResponseBytes)
            bytes = Array(buffer.readableBytesView)
        } catch let e as FullNodeError {
            throw e
        } catch let e as HTTPClientError where e == .deadlineExceeded || e == .connectTimeout || e == .readTimeout {
            throw .timeout(endpoint: path)
        } catch is CancellationError {
            throw .timeout(endpoint: path)
        } catch {
            throw .transport(endpoint: path, reason: String(describing: error))
        }
        logger.trace("tron call", metadata: ["path": "\(path)", "elapsed": "\(ContinuousClock.now - started)"])

        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch {
            throw .invalidResponse(endpoint: path, reason: error.reason)
        }
        if let message = json["Error"]?.string { throw .nodeError(endpoint: path, message: message) }
        return json
    }
}
