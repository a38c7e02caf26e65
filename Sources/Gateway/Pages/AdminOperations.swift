import Foundation
import HTTPWire
import LucidAssertion
import LucidJSON
import NIOCore
import NIOHTTP1
import Policy

extension GatewayCore {
    /// The principal the wallet sees for `identity`: its issuer and subject, and its role's
    /// permissions and ownership scope as the role table declares them.
    func principal(for identity: Identity, roles: RoleTable, requestID: String) -> Principal {
        let scope: Principal.Scope =
            switch roles.scope(of: identity.role) {
            case .all: .all
            case .ownNodes: .ownNodes(identity.nodeIDs ?? [])
            case .ownUser: .ownUser
            }
        return Principal(
            issuer: identity.issuer, subject: identity.subject, role: identity.role,
            permissions: roles.permissions(of: identity.role), scope: scope, requestID: requestID)
    }

    /// `GET /admin`: the wallet's stats, hot wallet, network and reconciliation, fetched with the
    /// admin's own assertion (so the wallet applies their permissions), rendered as HTML.
    func adminPage(_ identity: Identity, _ trail: Trail, on loop: any EventLoop) -> EventLoopFuture<GatewayResponse> {
        let roles = policy.current.roles
        let sections = [
            ("stats", "/api/v1/stats"), ("wallet", "/api/v1/wallet"), ("network", "/api/v1/network"),
            ("reconciliation", "/api/v1/reconciliation"),
        ]
        let fetches = sections.map { (name, path) -> EventLoopFuture<(String, Result<[UInt8], AdminFetchError>)> in
            let p = principal(for: identity, roles: roles, requestID: trail.internalID + "-" + name)
            let assertion = signer.sign(p, method: "GET", pathAndQuery: path, body: ByteBuffer().readableBytesView)
            let request = WireRequest(
                method: "GET", uri: path, host: upstream.hostHeader,
                headerLines:
                    "Lucid-Assertion: \(assertion)\r\nX-Request-Id: \(p.requestID)\r\nAccept: application/json\r\n",
                body: nil)
            return upstream.execute(request, on: loop).map { r in
                guard r.status == 200 else {
                    return (name, .failure(AdminFetchError(reason: Self.reason(status: r.status))))
                }
                return (name, .success(Array(r.body.readableBytesView)))
            }.recover { _ in (name, .failure(AdminFetchError(reason: "the wallet did not answer"))) }
        }
        return EventLoopFuture.whenAllSucceed(fetches, on: loop).map { results in
            var s = AdminPage.Sources()
            for (name, result) in results {
                do throws(AdminFetchError) {
                    let bytes = try result.get()
                    try Self.decodeSection(name, bytes, into: &s)
                } catch {
                    s.missing[name] = error.reason
                }
            }
            var r = GatewayResponse.bytes(
                Array(AdminPage.render(s, subject: identity.subject, role: identity.role).utf8),
                contentType: "text/html; charset=utf-8")
            r.headers.add(name: "Content-Security-Policy", value: AdminPage.contentSecurityPolicy)
            r.sameOriginReferrer = true  // its sign-out form posts to the gateway
            return r
        }
    }

    struct AdminFetchError: Error, Sendable { let reason: String }

    /// Reads one wallet answer into its typed report.
    static func decodeSection(_ name: String, _ bytes: [UInt8], into s: inout AdminPage.Sources)
        throws(AdminFetchError)
    {
        do {
            let json = try JSONValue.parse(bytes)
            switch name {
            case "stats": s.stats = try StatsReport(json: json)
            case "wallet": s.wallet = try WalletReport(json: json)
            case "network": s.network = try NetworkReport(json: json)
            default: s.reconciliation = try ReconciliationSummary(json: json)
            }
        } catch {
            throw AdminFetchError(reason: "the wallet's answer was not understood (\(error.reason))")
        }
    }

    static func reason(status: Int) -> String {
        switch status {
        case 403: "your role may not read this"
        case 503: "the wallet or the TRON node is unavailable"
        default: "the wallet answered \(status)"
        }
    }

    /// `GET /admin/login` (the form, or `?token=` as a short-lived link) and `POST /admin/login`
    /// (the form's token): a verified token with the admin page's permission becomes the session
    /// cookie and the browser goes to `/admin`.
    func adminLogin(_ x: Exchange, on loop: any EventLoop) -> EventLoopFuture<GatewayResponse> {
        let post = x.head.method == "POST"
        let input =
            post
            ? x.body.map { Array($0.readableBytesView) }
            : x.head.uri.split(separator: "?", maxSplits: 1).dropFirst().first.map { Array($0.utf8) }
        let form = FormBody.parse(input ?? [], fields: ["token"])
        let token = form?["token"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        @Sendable func page(_ error: String?, status: HTTPResponseStatus) -> GatewayResponse {
            var r = GatewayResponse.bytes(
                Array(AdminPage.login(error: error).utf8), contentType: "text/html; charset=utf-8")
            r.status = status
            r.sameOriginReferrer = true  // its form posts the token to the gateway
            r.headers.add(name: "Content-Security-Policy", value: AdminPage.contentSecurityPolicy)
            r.headers.add(name: "Cache-Control", value: "no-store")
            return r
        }
        // An unreadable form is refused; an unreadable query on the link shows the plain form, as
        // no query would.
        guard form != nil || !post else {
            return loop.makeSucceededFuture(page("The form could not be read.", status: .badRequest))
        }
        guard let token, !token.isEmpty else {
            return loop.makeSucceededFuture(page(post ? "Paste a token." : nil, status: post ? .badRequest : .ok))
        }
        if authFailuresExhausted(x.client) != nil {
            return loop.makeSucceededFuture(
                page("Too many refused tokens from here; wait a minute.", status: .tooManyRequests))
        }
        let verifier = self.verifier
        let roles = policy.current.roles
        let permission = spec.operations.all.first { $0.local == .getAdminPage }?.access.permission ?? "payment:stats"
        return loop.makeFutureWithTask { () async -> GatewayResponse in
            do throws(TokenRefusal) {
                let identity = try await verifier.verify(token)
                guard roles.allows(identity.role, permission) else {
                    return page("This token's role may not open the admin page.", status: .forbidden)
                }
                let remaining = identity.expiresAt - Int64(Date().timeIntervalSince1970)
                return AdminSession.redirect(to: "/admin", cookie: AdminSession.setCookie(token, maxAge: remaining))
            } catch {
                self.recordAuthFailure(error, x.client)
                return page("The token was refused (\(error.code)). Ask for a fresh one.", status: .unauthorized)
            }
        }
    }
}
