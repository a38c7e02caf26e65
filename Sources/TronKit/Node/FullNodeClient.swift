import HTTPWire
import LucidJSON
import NIOCore
import NIOPosix
import NIOSSL

/// A typed client for the java-tron HTTP API (`/wallet/*`, `/walletsolidity/*`).
///
/// Every call has its own deadline; with a SOCKS proxy configured, host names go to the proxy
/// unresolved, so no DNS query leaves this machine. Calls go over pooled keep-alive HTTP/1.1
/// connections (`HTTPWire`, the same wire code as the gateway's upstream path, written for the
/// payout engine's volume); the batch forms (`broadcastHex(_:)` of many transactions,
/// `getTransactionInfos(blockNumbers:)`) send many calls for one thread hop. Call `shutdown()`
/// when done.
///
/// ```swift
/// let node = FullNodeClient(configuration: .init(fullNodeURL: "http://127.0.0.1:8090"))
/// let solid = try await node.getNowBlock(solid: true)
/// let txid = try await node.broadcast(signed)
/// let info = try await node.getTransactionInfo(id: txid, solid: true)
/// ```
public final class FullNodeClient: Sendable {
    public let configuration: FullNodeConfiguration
    private let full: Result<NodeRoute, FullNodeError>
    private let solidity: Result<NodeRoute, FullNodeError>
    private let headerLines: String

    /// An endpoint and the connections to it.
    private struct NodeRoute: Sendable {
        let endpoint: NodeEndpoint
        let pool: ConnectionPool
    }

    public init(configuration: FullNodeConfiguration) {
        self.configuration = configuration
        var lines = "Content-Type: application/json\r\nAccept: application/json\r\n"
        if let key = configuration.apiKey, FullNodeConfiguration.isHeaderValue(key) {
            lines += "TRON-PRO-API-KEY: \(key)\r\n"
        }
        headerLines = lines
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        // Loading trust roots is only worth it for an https node. Without a context, every https
        // connection fails (a missing or unreadable CA file is caught at start-up).
        let urls = [configuration.fullNodeURL, configuration.solidityNodeURL ?? ""]
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = configuration.trustRootsFile { tls.trustRoots = .file(file) }
        let tlsContext = urls.contains { $0.hasPrefix("https://") } ? try? NIOSSLContext(configuration: tls) : nil
        func route(_ url: String) -> Result<NodeRoute, FullNodeError> {
            Result { () throws(FullNodeError) in
                let endpoint = try NodeEndpoint(url)
                var settings = endpoint.poolSettings(proxy: configuration.socksProxy, tlsContext: tlsContext)
                settings.connectTimeout = .seconds(5)
                settings.requestTimeout = .nanoseconds(configuration.callTimeout.nanoseconds)
                settings.idleTimeout = .seconds(60)
                settings.maxConnections = max(1, configuration.maxConnectionsPerHost)
                settings.maxIdle = settings.maxConnections
                settings.maxResponseBytes = configuration.maxResponseBytes
                return NodeRoute(endpoint: endpoint, pool: ConnectionPool(loop: loop, settings: settings))
            }
        }
        full = route(configuration.fullNodeURL)
        if let url = configuration.solidityNodeURL, url != configuration.fullNodeURL {
            solidity = route(url)
        } else {
            solidity = full
        }
    }

    /// Closes pooled connections.
    public func shutdown() async throws {
        for r in [full, solidity] { if case .success(let route) = r { route.pool.close() } }
    }

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
        let json = try await post(path, solid: false, .object([]), method: "GET")
        return try decode(path) { () throws(TronKitError) in try NodeInfo(json: json) }
    }

    /// The network's fee schedule.
    public func getChainParameters() async throws(FullNodeError) -> ChainParameters {
        let path = "/wallet/getchainparameters"
        let json = try await post(path, solid: false, .object([]), method: "GET")
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
        try await broadcastHex([tx])[0].result.get()
    }

    /// Broadcasts many transactions as `broadcasthex`, at most `maxConnectionsPerHost` at a time;
    /// one answer per transaction, in order.
    public func broadcastHex(_ txs: [Transaction]) async -> [NodeCall<String>] {
        let path = "/wallet/broadcasthex"
        let bodies = txs.map { JSONValue.object([("transaction", .string(Hex.encode($0.protobuf)))]) }
        return zip(await exchange(path, solid: false, bodies), txs).map { call, tx in
            call.map { json throws(FullNodeError) in
                try Self.broadcastOutcome(json, fallbackTxID: tx.txIDHex, path: path)
            }
        }
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
        try await getTransactionInfos(blockNumbers: [blockNumber], solid: solid)[0].result.get()
    }

    /// `getTransactionInfos(blockNumber:solid:)` for many blocks; one answer per block, in order.
    public func getTransactionInfos(blockNumbers: [Int64], solid: Bool = false) async
        -> [NodeCall<[TransactionInfo]>]
    {
        let path = solid ? "/walletsolidity/gettransactioninfobyblocknum" : "/wallet/gettransactioninfobyblocknum"
        let bodies = blockNumbers.map { JSONValue.object([("num", .int($0))]) }
        return await exchange(path, solid: solid, bodies).map { call in
            call.map { json throws(FullNodeError) in
                try self.decode(path) { () throws(TronKitError) in
                    if json.isEmptyObject { return [] }
                    guard let items = json.array else { throw .invalidJSON("expected an array of transaction infos") }
                    var infos: [TransactionInfo] = []
                    for item in items { if let info = try TransactionInfo(json: item) { infos.append(info) } }
                    return infos
                }
            }
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

    func decode<T>(_ path: String, _ body: () throws(TronKitError) -> T) throws(FullNodeError) -> T {
        do { return try body() } catch { throw .invalidResponse(endpoint: path, reason: error.reason) }
    }

    func post(_ path: String, solid: Bool, _ body: JSONValue, method: String = "POST")
        async throws(FullNodeError) -> JSONValue
    {
        try await exchange(path, solid: solid, [body], method: method)[0].result.get()
    }

    /// Sends one call per body to `path`, at most `maxConnectionsPerHost` at a time, and reads each
    /// answer as java-tron JSON.
    private func exchange(_ path: String, solid: Bool, _ bodies: [JSONValue], method: String = "POST") async
        -> [NodeCall<JSONValue>]
    {
        let route: NodeRoute
        switch solid ? solidity : full {
        case .success(let r): route = r
        case .failure(let e): return bodies.map { _ in NodeCall(result: .failure(e), elapsed: .zero) }
        }
        let uri = route.endpoint.uri(path)
        let host = route.endpoint.hostHeader
        let requests = bodies.map { body in
            WireRequest(
                method: method, uri: uri, host: host, headerLines: headerLines,
                body: method == "POST" ? ByteBuffer(bytes: body.bytes) : nil)
        }
        let answers = await route.pool.sendAll(requests, width: configuration.maxConnectionsPerHost)
        return answers.map { answer in
            NodeCall(result: Self.read(answer.result, path: path), elapsed: .nanoseconds(answer.elapsed.nanoseconds))
        }
    }

    private static func read(_ answer: Result<WireResponse, WireError>, path: String) -> Result<
        JSONValue, FullNodeError
    > {
        let response: WireResponse
        switch answer {
        case .success(let r): response = r
        case .failure(.timeout): return .failure(.timeout(endpoint: path))
        case .failure(.connect(let reason)), .failure(.failed(let reason)):
            return .failure(.transport(endpoint: path, reason: reason))
        case .failure(.closed):
            return .failure(.transport(endpoint: path, reason: "the connection closed before a full answer"))
        case .failure(.invalid(let reason)): return .failure(.invalidResponse(endpoint: path, reason: reason))
        }
        guard response.status == 200 else { return .failure(.httpStatus(endpoint: path, status: response.status)) }
        let json: JSONValue
        do { json = try JSONValue.parse(Array(response.body.readableBytesView)) } catch {
            return .failure(.invalidResponse(endpoint: path, reason: error.reason))
        }
        if let message = json["Error"]?.string { return .failure(.nodeError(endpoint: path, message: message)) }
        return .success(json)
    }
}
