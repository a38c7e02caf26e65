import HTTPWire
import Hummingbird
import Logging
import LucidAssertion
import LucidJSON
import Policy
import TronKit

/// The wallet plane's HTTP API (the paths of openapi/payment-api.yaml). Every request must carry a valid
/// `Lucid-Assertion` for exactly this method, path and body; ownership scopes are applied again here.
public struct WalletRoutes: Sendable {
    public let service: PayoutService
    public let engine: PayoutEngine
    public let verifier: AssertionVerifier
    public let node: FullNodeClient
    public let logger: Logger
    public let metrics: WalletMetrics
    /// The plane ACL; every assertion-carrying request must be allowed from ops/lucid-gateway.
    public let policy: PolicyHolder?
    /// The network name `GET /api/v1/network` reports (`TRON_NETWORK`).
    public let network: String
    /// Whether webhook URLs must be https (or .onion); on in production.
    public let requireTLSWebhooks: Bool
    /// Webhooks go out through Tor's SocksPort: their URLs must name a host, not an IP address.
    public let webhooksViaSocks: Bool
    /// Serves `GET /api/v1/reconciliation`.
    public let reconciler: Reconciler?
    /// Serves `/api/v1/staking…`.
    public let staking: StakingService
    /// Largest accepted body.
    public static let maxBody = 256 * 1024

    public init(
        service: PayoutService, engine: PayoutEngine, verifier: AssertionVerifier, node: FullNodeClient, logger: Logger,
        metrics: WalletMetrics = .disabled, policy: PolicyHolder? = nil, network: String = "devnet",
        requireTLSWebhooks: Bool = false, webhooksViaSocks: Bool = false, reconciler: Reconciler? = nil,
        stakingLimits: StakingLimits = StakingLimits()
    ) {
        self.staking = StakingService(
            store: service.store, node: node, hotAddress: engine.hotAddress, limits: stakingLimits,
            clock: service.clock, usdtContract: engine.configuration.usdtContract)
        self.webhooksViaSocks = webhooksViaSocks
        self.reconciler = reconciler
        self.network = network
        self.requireTLSWebhooks = requireTLSWebhooks
        self.metrics = metrics
        self.policy = policy
        self.service = service
        self.engine = engine
        self.verifier = verifier
        self.node = node
        self.logger = logger
    }

    /// The API behind its middleware (metrics, the assertion, the plane ACL, problems), and the
    /// health and metrics endpoints outside it.
    public func router() -> Router<WalletRequestContext> {
        let router = Router(context: WalletRequestContext.self)
        let api = router.group("/api/v1")
            .add(middleware: RequestMetricsMiddleware(metrics: metrics))
            .add(middleware: AssertionMiddleware(verifier: verifier, maxBody: Self.maxBody, logger: logger))
        if let policy { api.add(middleware: PlaneACLMiddleware(policy: policy, logger: logger)) }
        api.add(middleware: ProblemMiddleware(logger: logger))
        addPayoutRoutes(api)
        addStakingRoutes(api)
        api.get("/kyc/{address}") { _, ctx in try await self.getKYC(ctx, ctx.caller) }
        api.put("/kyc/{address}") { _, ctx in try await self.putKYC(ctx, ctx.caller, ctx.body) }
        api.delete("/kyc/{address}") { req, ctx in try await self.deactivateKYC(req, ctx, ctx.caller) }
        api.get("/stats") { _, ctx in try await self.stats(ctx.caller) }
        api.get("/wallet") { _, ctx in try await self.walletInfo(ctx.caller) }
        api.get("/network") { _, ctx in try await self.networkInfo(ctx.caller) }
        api.post("/webhooks") { _, ctx in try await self.createWebhook(ctx.caller, ctx.body) }
        api.get("/webhooks") { _, ctx in try await self.listWebhooks(ctx.caller) }
        api.get("/webhooks/{webhook_id}") { _, ctx in
            try await self.getWebhook(ctx.caller, ctx.parameters.get("webhook_id") ?? "")
        }
        api.delete("/webhooks/{webhook_id}") { _, ctx in
            try await self.deleteWebhook(ctx.caller, ctx.parameters.get("webhook_id") ?? "")
        }
        api.get("/reconciliation") { req, ctx in try await self.reconciliation(req, ctx.caller) }
        api.get("/audit") { req, ctx in try await self.audit(req, ctx.caller) }
        api.post("/admin/pause") { _, ctx in try await self.setPaused(true, ctx.caller) }
        api.post("/admin/resume") { _, ctx in try await self.setPaused(false, ctx.caller) }
        api.post("/admin/circuit-breaker/reset") { _, ctx in
            let who = try ctx.caller
            try who.require("payment:admin")
            try await self.engine.resetBreaker(by: who.id)
            return Self.json(.object([("circuit_breaker", .string(await self.engine.breaker.state.name))]))
        }
        router.get("/health/live") { _, _ in Self.json(.object([("status", .string("ok"))])) }
        router.get("/health/ready") { _, _ in await self.ready() }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: self.metrics.exposition())))
        }
        return router
    }

    /// `/payouts…`: create (one or a batch), list, read, cancel, and their transactions.
    private func addPayoutRoutes(_ api: RouterGroup<WalletRequestContext>) {
        api.post("/payouts") { req, ctx in try await self.createPayout(req, ctx.caller, ctx.body) }
        api.get("/payouts") { req, ctx in try await self.list(req, ctx.caller) }
        api.post("/payouts/batch") { req, ctx in try await self.createBatch(req, ctx.caller, ctx.body) }
        api.get("/payouts/batch/{batch_id}") { _, ctx in
            let (b, payouts) = try await self.service.batch(ctx.parameters.get("batch_id") ?? "", who: ctx.caller)
            return Self.json(PayoutJSON.batch(b, payouts))
        }
        api.post("/payouts/transactions/bulk") { _, ctx in try await self.bulk(ctx.caller, ctx.body) }
        api.get("/payouts/{payout_id}") { _, ctx in
            Self.json(
                PayoutJSON.payout(try await self.service.get(ctx.parameters.get("payout_id") ?? "", who: ctx.caller)))
        }
        api.post("/payouts/{payout_id}/cancel") { _, ctx in
            Self.json(
                PayoutJSON.payout(
                    try await self.service.cancel(ctx.parameters.get("payout_id") ?? "", who: ctx.caller)))
        }
        api.get("/payouts/{payout_id}/transaction") { _, ctx in
            let p = try await self.service.get(ctx.parameters.get("payout_id") ?? "", who: ctx.caller)
            let info = try? await self.node.getNodeInfo()
            return Self.json(PayoutJSON.transaction(p, head: info?.headNumber, solid: info?.solidNumber))
        }
    }

    static func json(_ v: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: v.bytes)))
    }

    static func parseBody(_ body: [UInt8]) throws -> JSONValue {
        do { return try JSONValue.parse(body) } catch {
            if case .duplicateMember = error { throw WalletError.duplicateMember(error.reason) }
            throw WalletError.malformedBody("the body is not valid JSON: \(error.reason)")
        }
    }

    static func idempotencyKey(_ req: Request) throws -> String {
        guard let key = req.headers[.init("Idempotency-Key")!], !key.isEmpty, key.utf8.count <= 255,
            key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value <= 0x7e })
        else { throw WalletError.idempotencyKeyRequired }
        return key
    }

    // MARK: Handlers

    func createPayout(_ req: Request, _ who: Principal, _ body: [UInt8]) async throws -> Response {
        let key = try Self.idempotencyKey(req)
        let request = try PayoutRequest.parse(try Self.parseBody(body))
        let (p, replayed) = try await service.create(request, who: who, idempotencyKey: key)
        return Self.json(PayoutJSON.payout(p), status: replayed ? .ok : .created)
    }

    func createBatch(_ req: Request, _ who: Principal, _ body: [UInt8]) async throws -> Response {
        let key = try Self.idempotencyKey(req)
        let json = try Self.parseBody(body)
        guard let items = json["items"]?.array else {
            throw WalletError.validation([.init("/items", "required array of payouts")])
        }
        guard (1...PayoutService.maxBatch).contains(items.count) else {
            throw WalletError.validation([.init("/items", "1 to \(PayoutService.maxBatch) payouts")])
        }
        for (k, _) in json.object ?? [] where k != "items" {
            throw WalletError.validation([.init("/\(k)", "unknown field")])
        }
        var requests: [PayoutRequest] = []
        var errors: [WalletError.FieldError] = []
        for (i, item) in items.enumerated() {
            do {
                requests.append(try PayoutRequest.parse(item, prefix: "/items/\(i)"))
            } catch {
                guard case .validation(let e) = error else { throw error }
                errors += e
            }
        }
        guard errors.isEmpty else { throw WalletError.validation(errors) }
        let (batch, payouts, replayed) = try await service.createBatch(requests, who: who, idempotencyKey: key)
        return Self.json(PayoutJSON.batch(batch, payouts), status: replayed ? .ok : .created)
    }

    func list(_ req: Request, _ who: Principal) async throws -> Response {
        let q = req.uri.queryParameters
        var query = PayoutQuery()
        var errors: [WalletError.FieldError] = []
        let known: Set<String> = [
            "status", "router_type", "recipient", "node_id", "user_id", "batch_id", "created_from", "created_to",
            "cursor", "limit",
        ]
        for (k, _) in q where !known.contains(String(k)) { errors.append(.init("/query/\(k)", "unknown parameter")) }
        if let s = q.get("status") {
            if let v = PayoutStatus(rawValue: String(s)) {
                query.status = v
            } else {
                errors.append(.init("/query/status", "unknown status"))
            }
        }
        if let s = q.get("router_type") {
            if let v = RouterType(rawValue: String(s)) {
                query.routerType = v
            } else {
                errors.append(.init("/query/router_type", "v0 or kyc"))
            }
        }
        if let s = q.get("recipient") {
            do { query.recipient = try TronAddress(base58: String(s)) } catch {
                errors.append(.init("/query/recipient", error.reason))
            }
        }
        if let s = q.get("node_id") { query.nodeIDs = [String(s)] }
        if let s = q.get("user_id") { query.userID = String(s) }
        if let s = q.get("batch_id") { query.batchID = String(s) }
        if let s = q.get("created_from") {
            if let t = Timestamp.parse(String(s)) {
                query.createdFrom = t
            } else {
                errors.append(.init("/query/created_from", "RFC 3339 UTC time"))
            }
        }
        if let s = q.get("created_to") {
            if let t = Timestamp.parse(String(s)) {
                query.createdTo = t
            } else {
                errors.append(.init("/query/created_to", "RFC 3339 UTC time"))
            }
        }
        if let s = q.get("limit") {
            if let n = Int(s), (1...200).contains(n) {
                query.limit = n
            } else {
                errors.append(.init("/query/limit", "1 to 200"))
            }
        }
        if let s = q.get("cursor") {
            if let c = PageCursor.decode(String(s)) {
                query.after = c
            } else {
                errors.append(.init("/query/cursor", "invalid cursor"))
            }
        }
        guard errors.isEmpty else { throw WalletError.validation(errors) }
        let limit = query.limit
        query.limit = limit + 1
        let rows = try await service.list(query, who: who)
        let page = Array(rows.prefix(limit))
        let next: JSONValue =
            rows.count > limit ? page.last.map { .string(PageCursor.encode($0.createdAt, $0.id)) } ?? .null : .null
        return Self.json(.object([("data", .array(page.map(PayoutJSON.payout))), ("next_cursor", next)]))
    }

    func bulk(_ who: Principal, _ body: [UInt8]) async throws -> Response {
        let json = try Self.parseBody(body)
        guard let ids = json["payout_ids"]?.array?.compactMap(\.string), ids.count == json["payout_ids"]?.array?.count
        else {
            throw WalletError.validation([.init("/payout_ids", "required array of payout ids")])
        }
        guard (1...100).contains(ids.count) else {
            throw WalletError.validation([.init("/payout_ids", "1 to 100 ids")])
        }
        let payouts = try await service.getMany(ids, who: who)
        let info = try? await node.getNodeInfo()
        let found = Set(payouts.map(\.id))
        return Self.json(
            .object([
                (
                    "data",
                    .array(payouts.map { PayoutJSON.transaction($0, head: info?.headNumber, solid: info?.solidNumber) })
                ),
                ("not_found", .array(ids.filter { !found.contains($0) }.map { .string($0) })),
            ]))
    }

    func setPaused(_ paused: Bool, _ who: Principal) async throws -> Response {
        try who.require("payment:admin")
        try await engine.setPaused(paused, by: who.id)
        logger.notice("payouts \(paused ? "paused" : "resumed")", metadata: ["by": "\(who.id)"])
        return Self.json(.object([("paused", .bool(paused))]))
    }

    func ready() async -> Response {
        var checks: [(String, JSONValue)] = []
        var ok = true
        do {
            _ = try await service.store.setting("paused")
            checks.append(("store", .string("ok")))
        } catch {
            ok = false
            checks.append(("store", .string("unavailable")))
        }
        do {
            _ = try await node.getNodeInfo()
            checks.append(("tron_node", .string("ok")))
        } catch {
            ok = false
            checks.append(("tron_node", .string("unreachable")))
        }
        let breaker = await engine.breaker.state.name
        checks.append(("circuit_breaker", .string(breaker)))
        return Self.json(
            .object([("status", .string(ok ? "ready" : "not_ready")), ("checks", .object(checks))]),
            status: ok ? .ok : .serviceUnavailable)
    }
}

/// Opaque list cursors: hex of "created_at:id" (stable under concurrent inserts: keyset pagination).
enum PageCursor {
    static func encode(_ createdAt: Int64, _ id: String) -> String {
        Hex.encode(Array("\(createdAt):\(id)".utf8))
    }

    static func decode(_ s: String) -> (createdAt: Int64, id: String)? {
        guard s.utf8.count <= 128, let bytes = try? Hex.decode(s), let text = String(validating: bytes, as: UTF8.self),
            let colon = text.firstIndex(of: ":"), let t = Int64(text[..<colon])
        else { return nil }
        let id = String(text[text.index(after: colon)...])
        return IdentifierGenerator.isWellFormed(id, prefix: "po") ? (t, id) : nil
    }
}
