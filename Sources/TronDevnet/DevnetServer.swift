import Hummingbird
import Logging
import LucidJSON
import NIOCore
import ServiceLifecycle
import TronKit

/// Runs a devnet: the java-tron API listener, a separate admin listener and the block producer.
///
/// ```swift
/// var config = DevnetConfiguration()
/// config.blockInterval = .milliseconds(50)
/// let devnet = try DevnetServer(configuration: config)
/// let ports = try await devnet.start()          // port 0 picks free ports
/// // … FullNodeClient(fullNodeURL: "http://127.0.0.1:\(ports.api)") …
/// await devnet.stop()
/// ```
public actor DevnetServer {
    public let chain: DevnetChain
    public let host: String
    /// Calls served by the java-tron API, by path.
    public nonisolated let calls = APICallCounter()
    private var apiPort: Int
    private var adminPort: Int
    private var apiListener: Listener?
    private var adminListener: Listener?
    private var producerTask: Task<Void, Never>?
    private let logger: Logger

    /// The largest request body accepted.
    static let maxBody = 4 * 1024 * 1024

    public init(
        configuration: DevnetConfiguration, host: String = "127.0.0.1", apiPort: Int = 0, adminPort: Int = 0,
        logger: Logger = Logger(label: "tron-devnet")
    ) throws(DevnetError) {
        chain = try DevnetChain(configuration: configuration)
        self.host = host
        self.apiPort = apiPort
        self.adminPort = adminPort
        var l = logger
        l.logLevel = .warning
        self.logger = l
    }

    /// Binds both listeners and starts producing blocks; returns the bound ports.
    public func start() async throws -> (api: Int, admin: Int) {
        let admin = try await Listener.start(router: adminRouter(), host: host, port: adminPort, logger: logger)
        adminListener = admin
        adminPort = admin.port
        if await chain.faults.nodeDown != .refuse { try await startAPI() }
        let interval = chain.configuration.blockInterval
        producerTask = Task { [chain] in
            let clock = ContinuousClock()
            var next = clock.now + interval
            while !Task.isCancelled {
                do { try await clock.sleep(until: next) } catch { return }
                await chain.produceBlock()
                next = max(next + interval, clock.now)
            }
        }
        return (apiPort, adminPort)
    }

    /// Stops block production and both listeners.
    public func stop() async {
        producerTask?.cancel()
        await producerTask?.value
        producerTask = nil
        await apiListener?.stop()
        await adminListener?.stop()
        apiListener = nil
        adminListener = nil
    }

    /// Changes faults; `node_down: refuse` closes the API port and `none` reopens it on the same port.
    public func updateFaults(_ json: JSONValue) async throws(DevnetError) -> DevnetFaults {
        var faults = await chain.faults
        try faults.update(from: json)
        await chain.setFaults(faults)
        if faults.nodeDown == .refuse, let listener = apiListener {
            await listener.stop()
            apiListener = nil
        } else if faults.nodeDown != .refuse, apiListener == nil {
            do { try await startAPI() } catch {
                throw .invalidConfiguration("could not reopen the API port \(apiPort): \(error)")
            }
        }
        return faults
    }

    private func startAPI() async throws {
        let listener = try await Listener.start(router: apiRouter(), host: host, port: apiPort, logger: logger)
        apiListener = listener
        apiPort = listener.port
    }

    // MARK: Routers

    private nonisolated func apiRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: FaultMiddleware(chain: chain))
        let api = DevnetAPI(chain: chain)
        let calls = self.calls
        for (prefix, plane) in [("wallet", DevnetAPI.Plane.wallet), ("walletsolidity", .solidity)] {
            let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
                let name = context.parameters.get("name") ?? ""
                guard DevnetAPI.serves(name, on: plane) else {
                    return Response(status: .notFound, body: .init(byteBuffer: ByteBuffer(string: "Not Found\n")))
                }
                calls.count(prefix + "/" + name)
                let body = try await request.body.collect(upTo: Self.maxBody)
                let visible = request.uri.queryParameters.get("visible")?.lowercased() == "true"
                let json = await api.handle(
                    name, plane: plane, body: Array(body.readableBytesView), queryVisible: visible)
                return Self.json(json)
            }
            router.post("/\(prefix)/{name}", use: handler)
            router.get("/\(prefix)/{name}", use: handler)
        }
        return router
    }

    private nonisolated func adminRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let chain = self.chain
        let calls = self.calls
        router.get("/admin/status") { _, _ in
            let h = await chain.heads()
            return Self.json(
                .object([
                    ("head", .int(h.head)), ("head_id", .string(h.headID.hex)), ("solid", .int(h.solid)),
                    ("solid_id", .string(h.solidID.hex)), ("pending", .int(await chain.pendingCount)),
                    ("transfers", .int(await chain.transferCount)),
                    ("faults", await chain.faults.json), ("api_calls", calls.json),
                ]))
        }
        router.get("/admin/faults") { _, _ in Self.json(await chain.faults.json) }
        router.post("/admin/faults") { [weak self] request, _ in
            guard let self else { return Self.json(.object([]), status: .serviceUnavailable) }
            do {
                let faults = try await self.updateFaults(try await Self.body(request))
                return Self.json(faults.json)
            } catch { return Self.adminError(error) }
        }
        router.post("/admin/fund") { request, _ in
            do {
                let json = try await Self.body(request)
                let address = try json.requiredAddress("address")
                let trx = try Sun(parsing: try json.stringField("trx") ?? "0")
                let usdt = try MicroUSDT(parsing: try json.stringField("usdt") ?? "0")
                await chain.fund(address, trx: trx, usdt: usdt)
                return Self.json(
                    .object([
                        ("address", .string(address.base58)),
                        ("trx_sun", .int(await chain.trxBalance(address) ?? 0)),
                        ("usdt_units", .string(String(await chain.usdtBalance(address)))),
                    ]))
            } catch { return Self.adminError(error) }
        }
        router.post("/admin/expire-unfreezes") { request, _ in
            do {
                let address = try (try await Self.body(request)).requiredAddress("address")
                let amount = await chain.expireUnfreezes(address)
                return Self.json(.object([("address", .string(address.base58)), ("amount_sun", .int(amount))]))
            } catch { return Self.adminError(error) }
        }
        router.get("/admin/ledger") { request, _ in
            let memo: String? = request.uri.queryParameters.get("memo").map { String($0) }
            return Self.json(.object([("transfers", .array(await chain.ledgerEntries(memo: memo).map(\.json)))]))
        }
        return router
    }

    static func body(_ request: Request) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: maxBody)
        return try JSONValue.parse(Array(buffer.readableBytesView))
    }

    static func adminError(_ error: any Error) -> Response {
        let message: String =
            switch error {
            case let e as DevnetError: e.description
            case let e as TronKitError: e.description
            default: String(describing: error)
            }
        return json(.object([("error", .string(message))]), status: .badRequest)
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: value.bytes)))
    }
}
