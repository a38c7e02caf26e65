import Foundation
import NIOHTTP1
import Policy

/// `GET /admin/login` (the form, or `?token=` as a short-lived link) and `POST /admin/login` (the
/// form's token): a verified token with the admin page's permission becomes the session cookie and
/// the browser goes to `/admin`. Refused tokens count against the client's failed-authentication
/// budget, as on the API.
struct AdminLoginResponder: LocalResponder {
    let verifier: AccessTokenVerifier
    let policy: PolicyHolder
    let authFailures: AuthFailureBudget
    /// The permission the admin page requires (from the spec).
    let permission: String

    func respond(to request: LocalRequest) async -> GatewayResponse {
        let x = request.exchange
        let post = x.head.method == "POST"
        let input =
            post
            ? x.body.map { Array($0.readableBytesView) }
            : x.head.uri.split(separator: "?", maxSplits: 1).dropFirst().first.map { Array($0.utf8) }
        let form = FormBody.parse(input ?? [], fields: ["token"])
        let token = form?["token"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        // An unreadable form is refused; an unreadable query on the link shows the plain form, as
        // no query would.
        guard form != nil || !post else { return Self.page("The form could not be read.", status: .badRequest) }
        guard let token, !token.isEmpty else {
            return Self.page(post ? "Paste a token." : nil, status: post ? .badRequest : .ok)
        }
        if case .rateLimited(let decision)? = authFailures.exhausted(x.client) {
            var r = Self.page("Too many refused tokens from here; wait a minute.", status: .tooManyRequests)
            r.rate = decision  // the RateLimit headers and Retry-After, as on the API
            r.headers.add(name: "Retry-After", value: String(decision.retryAfterSeconds))
            return r
        }
        do throws(TokenRefusal) {
            let identity = try await verifier.verify(token)
            guard policy.current.roles.allows(identity.role, permission) else {
                return Self.page("This token's role may not open the admin page.", status: .forbidden)
            }
            let remaining = identity.expiresAt - Int64(Date().timeIntervalSince1970)
            return AdminSession.redirect(to: "/admin", cookie: AdminSession.setCookie(token, maxAge: remaining))
        } catch {
            authFailures.record(error, x.client)
            return Self.page("The token was refused (\(error.code)). Ask for a fresh one.", status: .unauthorized)
        }
    }

    /// The sign-in page, with an error when there is one.
    static func page(_ error: String?, status: HTTPResponseStatus) -> GatewayResponse {
        var r = GatewayResponse.bytes(
            Array(AdminPage.login(error: error).utf8), contentType: "text/html; charset=utf-8")
        r.status = status
        r.sameOriginReferrer = true  // its form posts the token to the gateway
        r.headers.add(name: "Content-Security-Policy", value: AdminPage.contentSecurityPolicy)
        r.headers.add(name: "Cache-Control", value: "no-store")
        return r
    }
}
