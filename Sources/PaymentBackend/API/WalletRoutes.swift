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
    /// Largest accepted body.
    public static let maxBody = 256 * 1024

    public init(
        service: PayoutService, engine: PayoutEngine, verifier: AssertionVerifier, node: FullNodeClient, logger: Logger,
        metrics: WalletMetrics = .disabled, policy: PolicyHolder? = nil, network: String = "devnet",
        requireTLSWebhooks: Bool = false, webhooksViaSocks: Bool = false, reconciler: Reconciler? = nil
    ) {
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

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let api = router.group("/api/v1")
        api.post("/payouts") { req, _ in
            await self.authed(req) { who, body in try await self.createPayout(req, who, body) }
        }
        api.get("/payouts") { req, _ in await self.authed(req) { who, _ in try await self.list(req, who) } }
        api.post("/payouts/batch") { req, _ in
            await self.authed(req) { who, body in try await self.createBatch(req, who, body) }
        }
        api.get("/payouts/batch/{batch_id}") { req, ctx in
            await self.authed(req) { who, _ in
                let (b, payouts) = try await self.service.batch(ctx.parameters.get("batch_id") ?? "", who: who)
                return Self.json(PayoutJSON.batch(b, payouts))
            }
        }
        api.post("/payouts/transactions/bulk") { req, _ in
            await self.authed(req) { who, body in try await self.bulk(who, body) }
        }
        api.get("/payouts/{payout_id}") { req, ctx in
            await self.authed(req) { who, _ in
                Self.json(
                    PayoutJSON.payout(try await self.service.get(ctx.parameters.get("payout_id") ?? "", who: who)))
            }
        }
        api.post("/payouts/{payout_id}/cancel") { req, ctx in
            await self.authed(req) { who, _ in
                Self.json(
                    PayoutJSON.payout(try await self.service.cancel(ctx.parameters.get("payout_id") ?? "", who: who)))
            }
        }
        api.get("/payouts/{payout_id}/transaction") { req, ctx in
            await self.authed(req) { who, _ in
                let p = try await self.service.get(ctx.parameters.get("payout_id") ?? "", who: who)
                let info = try? await self.node.getNodeInfo()
                return Self.json(PayoutJSON.transaction(p, head: info?.headNumber, solid: info?.solidNumber))
            }
        }
        api.get("/kyc/{address}") { req, ctx in await self.authed(req) { who, _ in try await self.getKYC(ctx, who) } }
        api.put("/kyc/{address}") { req, ctx in
            await self.authed(req) { who, body in try await self.putKYC(ctx, who, body) }
        }
        api.delete("/kyc/{address}") { req, ctx in
            await self.authed(req) { who, _ in try await self.deactivateKYC(req, ctx, who) }
        }
        api.get("/stats") { req, _ in await self.authed(req) { who, _ in try await self.stats(who) } }
        api.get("/wallet") { req, _ in await self.authed(req) { who, _ in try await self.walletInfo(who) } }
        api.get("/network") { req, _ in await self.authed(req) { who, _ in try await self.networkInfo(who) } }
        api.post("/webhooks") { req, _ in
            await self.authed(req) { who, body in try await self.createWebhook(who, body) }
        }
        api.get("/webhooks") { req, _ in await self.authed(req) { who, _ in try await self.listWebhooks(who) } }
        api.get("/webhooks/{webhook_id}") { req, ctx in
            await self.authed(req) { who, _ in try await self.getWebhook(who, ctx.parameters.get("webhook_id") ?? "") }
        }
        api.delete("/webhooks/{webhook_id}") { req, ctx in
            await self.authed(req) { who, _ in
                try await self.deleteWebhook(who, ctx.parameters.get("webhook_id") ?? "")
            }
        }
        api.get("/reconciliation") { req, _ in
            await self.authed(req) { who, _ in try await self.reconciliation(req, who) }
        }
        api.get("/audit") { req, _ in await self.authed(req) { who, _ in try await self.audit(req, who) } }
        api.post("/admin/pause") { req, _ in await self.authed(req) { who, _ in try await self.setPaused(true, who) } }
        api.post("/admin/resume") { req, _ in await self.authed(req) { who, _ in try await self.setPaused(false, who) }
        }
        api.post("/admin/circuit-breaker/reset") { req, _ in
            await self.authed(req) { who, _ in
                try who.require("payment:admin")
                try await self.engine.resetBreaker(by: who.id)
                return Self.json(.object([("circuit_breaker", .string(await self.engine.breaker.state.name))]))
            }
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

    // MARK: Plumbing

    /// Reads the body (bounded), verifies the assertion, runs `body`, and maps errors to problems.
    func authed(_ request: Request, _ handler: (Principal, [UInt8]) async throws -> Response) async -> Response {
        let response = await authenticate(request, handler)
        metrics.request(
            "\(request.method.rawValue) \(Self.operation(request.uri.path))", status: Int(response.status.code))
        return response
    }

    /// A low-cardinality label for a path: ids replaced by placeholders.
    static func operation(_ path: String) -> String {
        path.split(separator: "/").map { seg in
            seg.hasPrefix("po_")
                ? "{payout_id}"
                : seg.hasPrefix("ba_")
                    ? "{batch_id}" : seg.hasPrefix("T") && seg.count == 34 ? "{address}" : String(seg)
        }.joined(separator: "/")
    }

    func authenticate(_ request: Request, _ handler: (Principal, [UInt8]) async throws -> Response) async -> Response {
        var request = request
        let bytes: [UInt8]
        do {
            bytes = Array(try await request.collectBody(upTo: Self.maxBody).readableBytesView)
        } catch {
            return Problem.response(.malformedBody("the body exceeds \(Self.maxBody / 1024) KiB"), requestID: nil)
        }
        let principal: Principal
        do {
            principal = try await verifier.verify(
                request.headers[.init(InternalAssertion.header)!], method: request.method.rawValue,
                pathAndQuery: request.uri.string, body: bytes)
        } catch {
            logger.notice("assertion refused", metadata: ["reason": "\(error.code)", "path": "\(request.uri.path)"])
            return Problem.response(.unauthenticated(error.description), requestID: nil)
        }
        if request.method == .post || request.method == .put, !bytes.isEmpty,
            !JSONMediaType.matches(request.headers[.contentType])
        {
            return Problem.response(.unsupportedMediaType, requestID: principal.requestID)
        }
        if let policy {
            // The assertion says the gateway sent this; the plane ACL says whether it may.
            let decision = policy.current.decide(
                AccessRequest(
                    from: "lucid-gateway", to: "lucid-wallet", method: request.method.rawValue, path: request.uri.path))
            guard decision.allowed else {
                logger.notice(
                    "plane ACL denied", metadata: ["code": "\(decision.code.rawValue)", "path": "\(request.uri.path)"])
                return Problem.response(
                    .forbidden("the plane ACL does not allow this request (\(decision.code.rawValue))"),
                    requestID: principal.requestID)
            }
        }
        do {
            return try await handler(principal, bytes)
        } catch {
            let w = Problem.wallet(error)
            if w.status >= 500 {
                logger.error("request failed", metadata: ["rid": "\(principal.requestID)", "error": "\(error)"])
            }
            return Problem.response(w, requestID: principal.requestID)
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
