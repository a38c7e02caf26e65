import Foundation
import HTTPWire
import Logging
import LucidAssertion
import NIOCore
import NIOHTTP1
import NIOPosix
import Policy

/// The request path of the gateway, in order: strict screening (framing, Host, canonical target),
/// the request id, the operation table (404/405 before any auth), CORS and Origin, the bearer
/// token, the rate limit, the role's permission, the plane ACL, and then either a local answer or
/// the wallet with a signed assertion. Every refusal is problem+json with a stable code.
public final class GatewayCore: Sendable {
    let config: GatewayConfiguration
    let spec: APISpec
    let policy: PolicyHolder
    let verifier: AccessTokenVerifier
    let limiter: RateLimiter
    let signer: AssertionSigner
    let upstream: UpstreamPool
    let metrics: GatewayMetrics
    let logger: Logger
    let screen: RequestScreen
    let cors: CORSPolicy
    /// Each class's quota per role (nil role: anonymous), computed once.
    let ratePolicies: [RatePolicyKey: RateLimitPolicy]
    /// Failed authentications allowed per client key (circuit or address).
    let authFailures: AuthFailureBudget
    /// The operations the gateway answers itself.
    let local: LocalResponders
    /// The open client connections, for the connection cap.
    let connections: ClientConnections

    struct RatePolicyKey: Hashable {
        let rateClass: String
        let role: String?
    }

    init(
        config: GatewayConfiguration, spec: APISpec, policy: PolicyHolder, verifier: AccessTokenVerifier,
        issuer: TokenIssuer, upstream: UpstreamPool, metrics: GatewayMetrics, logger: Logger
    ) {
        self.config = config
        self.spec = spec
        self.policy = policy
        self.verifier = verifier
        self.limiter = RateLimiter(maxKeys: config.rateLimitMaxKeys)
        self.signer = AssertionSigner(key: config.assertionKey)
        self.upstream = upstream
        self.metrics = metrics
        self.logger = logger
        self.screen = RequestScreen(allowedHosts: config.allowedHosts)
        self.cors = CORSPolicy(origins: config.corsOrigins)
        var policies: [RatePolicyKey: RateLimitPolicy] = [:]
        let roles: [String?] = [nil] + policy.current.roles.names.map { Optional($0) }
        for (name, base) in spec.rateClasses {
            for role in roles {
                let multiplier = role.map { spec.roleMultipliers[$0] ?? 1 } ?? 1
                policies[RatePolicyKey(rateClass: name, role: role)] = RateLimitPolicy(
                    name: base.name, limit: base.limit * multiplier * config.rateLimitScale,
                    windowSeconds: base.windowSeconds)
            }
        }
        self.ratePolicies = policies
        self.connections = ClientConnections(cap: config.maxConnections, metrics: metrics)
        self.authFailures = AuthFailureBudget(limiter: limiter, perMinute: config.authFailureLimit, metrics: metrics)
        self.local = Self.localResponders(
            config: config, spec: spec, policy: policy, verifier: verifier, issuer: issuer, signer: signer,
            upstream: upstream, authFailures: authFailures, metrics: metrics)
    }

    /// Where an answer goes: called exactly once, on the request's event loop.
    typealias Completion = @Sendable (GatewayResponse) -> Void

    /// Answers one request. The common path — a cached token, a forwarded request — runs on the
    /// event loop with callbacks, without futures or tasks; only a token seen for the first time
    /// and the local operations hop.
    func handle(_ x: Exchange, on loop: any EventLoop, done: @escaping Completion) {
        let clientID = RequestID.accept(x.head.value(.requestID))
        let internalID = RequestID.make()
        let trail = Trail(requestID: clientID ?? internalID, internalID: internalID)
        trail.origin = x.head.value(.origin)
        let routed: Routed
        do {
            routed = try route(x, trail)
        } catch {
            var refusal: GatewayError = error
            var close = false
            if case .screened(let inner) = error {
                refusal = inner
                close = true
            }
            var r = finish(.problem(refusal, requestID: trail.requestID), x, trail)
            r.closeConnection = close
            return done(r)
        }
        switch routed {
        case .answered(let response):
            done(finish(response, x, trail))
        case .operation(let op, let target):
            guard op.access != .open else {
                return run(op, target: target, identity: nil, x, trail, on: loop, done: done)
            }
            // The admin page also accepts its session cookie; without any credential a browser is sent
            // to the sign-in form rather than shown a 401.
            let adminPage = op.local == .getAdminPage
            let bearer = Self.bearer(x.head)
            let fromCookie = adminPage && bearer == nil
            guard let token = bearer ?? (adminPage ? AdminSession.token(x.head).map(TokenKey.init) : nil)
            else {
                if adminPage { return done(finish(AdminSession.redirect(to: "/admin/login"), x, trail)) }
                metrics.authFailure(.missing)
                return done(finish(.problem(.unauthenticated(reason: .missing), requestID: trail.requestID), x, trail))
            }
            if let identity = verifier.cached(token) {
                return run(op, target: target, identity: identity, x, trail, on: loop, done: done)
            }
            if let exhausted = authFailures.exhausted(x.client) {
                metrics.rateLimited(authFailures.policy.name)
                return done(finish(.problem(exhausted, requestID: trail.requestID), x, trail))
            }
            let verifier = self.verifier
            let text = token.text
            loop.makeFutureWithTask { () async -> Result<Identity, TokenRefusal> in
                do throws(TokenRefusal) { return .success(try await verifier.verify(text)) } catch {
                    return .failure(error)
                }
            }.whenSuccess { result in
                switch result {
                case .success(let identity):
                    self.run(op, target: target, identity: identity, x, trail, on: loop, done: done)
                case .failure(let refusal):
                    self.authFailures.record(refusal, x.client)
                    if fromCookie {
                        // An expired or revoked session: back to the sign-in form, the cookie cleared.
                        return done(
                            self.finish(
                                AdminSession.redirect(to: "/admin/login", cookie: AdminSession.clearCookie), x, trail))
                    }
                    done(self.finish(.problem(.unauthenticated(reason: refusal), requestID: trail.requestID), x, trail))
                }
            }
        }
    }

    /// The operations a listener serves: all of them, unless an admin door is configured and this
    /// is not it.
    func operations(for door: Door) -> OperationTable {
        door == .admin || config.adminProxyPort == nil ? spec.operations : spec.publicOperations
    }

    enum Routed {
        case answered(GatewayResponse)
        case operation(APIOperation, RequestScreen.Target)
    }

    /// Screening, routing and CORS: everything decided before any token is looked at.
    private func route(_ x: Exchange, _ trail: Trail) throws(GatewayError) -> Routed {
        let target: RequestScreen.Target
        do { target = try screen.check(x.head) } catch {
            throw .screened(error)
        }
        let match = operations(for: x.client.door).match(method: x.head.method, path: target.path)
        if x.head.method == "OPTIONS", let origin = trail.origin,
            let requested = x.head.value(.accessControlRequestMethod)
        {
            let methods: [String]
            switch match {
            case .notFound: throw .notFound
            case .methodNotAllowed(let allow): methods = allow
            case .operation(let op): methods = [op.method]
            }
            trail.operation = "preflight"
            return .answered(try cors.preflight(origin: origin, requestedMethod: requested, methods: methods))
        }
        switch match {
        case .notFound: throw .notFound
        case .methodNotAllowed(let allow): throw .methodNotAllowed(allow: allow)
        case .operation(let op):
            trail.operation = op.id
            trail.isAPI = op.local == nil || op.local == .issueToken || op.local == .getAdminPage
            let isSignInForm = op.local == .postAdminLogin || op.local == .postAdminLogout
            do {
                try cors.check(
                    origin: trail.origin, method: x.head.method, ownHost: isSignInForm ? x.head.value(.host) : nil)
            } catch {
                metrics.denied(error.code)
                throw error
            }
            if let length = x.body?.readableBytes, length > config.bodyLimit {
                throw .bodyTooLarge(limit: config.bodyLimit)
            }
            // The API reads JSON only: a body sent as a form, text or without a type is refused
            // rather than read as JSON anyway. (The token endpoint and the sign-in form take forms.)
            if op.local == nil, x.head.method == "POST" || x.head.method == "PUT",
                (x.body?.readableBytes ?? 0) > 0,
                x.head.count(.contentType) != 1 || !JSONMediaType.matches(x.head.value(.contentType))
            {
                throw .unsupportedMediaType("send the body as application/json")
            }
            return .operation(op, target)
        }
    }

    /// Rate limit, permission and plane ACL for a known caller (or none), then the operation.
    private func run(
        _ op: APIOperation, target: RequestScreen.Target, identity: Identity?, _ x: Exchange, _ trail: Trail,
        on loop: any EventLoop, done: @escaping Completion
    ) {
        trail.subject = identity?.subject
        trail.role = identity?.role
        let compiled = policy.current
        do throws(GatewayError) {
            trail.rate = try rateLimit(op, identity: identity, client: x.client)
            if let identity, let permission = op.access.permission {
                guard compiled.roles.allows(identity.role, permission) else {
                    metrics.denied("PERMISSION_DENIED")
                    throw .forbidden(
                        code: "PERMISSION_DENIED", detail: "your role may not \(op.summary.lowercased())")
                }
            }
        } catch {
            return done(finish(.problem(error, requestID: trail.requestID), x, trail))
        }
        if let local = op.local {
            let responder = self.local[local]
            let request = LocalRequest(exchange: x, identity: identity, trail: trail, loop: loop)
            loop.makeFutureWithTask { await responder.respond(to: request) }.whenSuccess { r in
                done(self.finish(r, x, trail))
            }
            return
        }
        guard let identity else {
            return done(finish(.problem(.internalFailure, requestID: trail.requestID), x, trail))
        }
        let decision = compiled.decide(
            AccessRequest(from: "lucid-gateway", to: "lucid-wallet", method: op.method, path: String(target.path)))
        guard decision.allowed else {
            metrics.denied("PLANE_ACL_DENIED")
            let e = GatewayError.forbidden(
                code: "PLANE_ACL_DENIED", detail: "the plane ACL does not allow this request")
            return done(finish(.problem(e, requestID: trail.requestID), x, trail))
        }
        forward(op, identity: identity, compiled: compiled, x, trail, on: loop, done: done)
    }

    private func rateLimit(_ op: APIOperation, identity: Identity?, client: ClientInfo) throws(GatewayError)
        -> RateLimitDecision?
    {
        // A role added by a policy reload after start-up gets the class's base quota.
        guard
            let policy = ratePolicies[RatePolicyKey(rateClass: op.rateClass, role: identity?.role)]
                ?? ratePolicies[RatePolicyKey(rateClass: op.rateClass, role: nil)]
        else { return nil }
        let key = RateLimiter.Key(principal: identity?.rateKey ?? client.rateKey, rateClass: op.rateClass)
        let d = limiter.check(key: key, policy: policy)
        guard d.allowed else {
            metrics.rateLimited(op.rateClass)
            throw .rateLimited(d)
        }
        return d
    }

    // MARK: Finishing

    /// Request id, no-store, rate-limit and CORS decoration (written by `GatewayResponse.encode`,
    /// with the security headers), metrics and the access log.
    func finish(_ response: GatewayResponse, _ x: Exchange, _ trail: Trail) -> GatewayResponse {
        var r = response
        r.requestID = trail.requestID
        r.noStore = trail.isAPI || r.status.code >= 400
        if r.rate == nil { r.rate = trail.rate }
        r.allowedOrigin = cors.allowed(trail.origin)
        metrics.request(operation: trail.operation, status: r.status.code)
        if config.accessLog { AccessLog.write(x, trail, status: r.status.code) }
        return r
    }

    /// The token of the single `Authorization: Bearer` header (scheme case-insensitive), as a
    /// slice of the request head.
    static func bearer(_ head: RequestHead) -> TokenKey? {
        guard head.count(.authorization) == 1, var value = head.slice(.authorization) else { return nil }
        let start = value.withUnsafeReadableBytes { u -> Int? in
            guard u.count > 7, u[6] == 0x20,
                ASCIIBytes.equalsIgnoringCase(UnsafeRawBufferPointer(rebasing: u[..<6]), "bearer")
            else { return nil }
            var start = 7
            while start < u.count, u[start] == 0x20 { start += 1 }
            let token = UnsafeRawBufferPointer(rebasing: u[start...])
            guard !token.isEmpty, !ASCIIBytes.contains(token, 0x20) else { return nil }
            return start
        }
        guard let start else { return nil }
        value.moveReaderIndex(forwardBy: start)
        return TokenKey(value)
    }

    /// The answer to a request the parser refused: a problem with a fresh request id, counted.
    func refusal(_ error: GatewayError) -> GatewayResponse {
        let id = RequestID.make()
        var r = GatewayResponse.problem(error, requestID: id)
        r.requestID = id
        metrics.request(operation: "unmatched", status: r.status.code)
        return r
    }
}
