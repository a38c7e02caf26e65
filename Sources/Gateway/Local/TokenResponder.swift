import LucidJSON
import NIOHTTP1
import NIOPosix
import Policy

/// `POST /auth/token`: OAuth 2.0 client credentials (RFC 6749 §4.4 and §5) for service accounts;
/// the secret is checked with scrypt off the event loop, the token minted with jwt-kit.
struct TokenResponder: LocalResponder {
    /// The form fields read; others are ignored (RFC 6749 §3.1).
    static let fields: Set<String> = ["grant_type", "client_id", "client_secret", "scope"]

    let accounts: ServiceAccountStore
    let issuer: TokenIssuer
    let ttlSeconds: Int
    let policy: PolicyHolder
    let metrics: GatewayMetrics

    func respond(to request: LocalRequest) async -> GatewayResponse {
        let x = request.exchange
        let type = x.head.value(.contentType)?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            return .problem(
                .unsupportedMediaType("send application/x-www-form-urlencoded"), requestID: RequestID.make())
        }
        guard let form = FormBody.parse(x.body.map { Array($0.readableBytesView) } ?? [], fields: Self.fields) else {
            return Self.oauth("invalid_request", "the form is malformed or repeats a field")
        }
        guard let grant = form["grant_type"] else { return Self.oauth("invalid_request", "grant_type is required") }
        guard grant == "client_credentials" else {
            return Self.oauth("unsupported_grant_type", "only client_credentials is supported")
        }
        var clientID = form["client_id"]
        var secret = form["client_secret"]
        let basic = x.head.value(.authorization)
        if let basic {
            // RFC 6749 §2.3 and §5.2: HTTP Basic is the one header method; any other scheme (a
            // bearer token, say) is a failed client authentication, answered with a Basic challenge.
            guard let creds = FormBody.basic(basic) else {
                return Self.oauth(
                    "invalid_client", "only HTTP Basic client authentication is accepted in the header",
                    status: .unauthorized, basic: true)
            }
            guard clientID == nil, secret == nil else {
                return Self.oauth("invalid_request", "use one client authentication method", basic: true)
            }
            (clientID, secret) = creds
        }
        let refused = Self.oauth(
            "invalid_client", "client authentication failed", status: .unauthorized, basic: basic != nil)
        guard let clientID, let secret, !clientID.isEmpty, clientID.utf8.count <= 128, secret.utf8.count <= 256 else {
            return refused
        }
        // scrypt takes tens of milliseconds: off the event loop.
        let accounts = self.accounts
        let account = try? await NIOThreadPool.singleton.runIfActive {
            accounts.authenticate(clientID: clientID, secret: secret)
        }
        let roles = policy.current.roles
        guard let account, roles.names.contains(account.role) else {
            metrics.authFailure(.unknownKey)
            return refused
        }
        guard
            let token = try? await issuer.issue(
                subject: account.clientID, role: account.role, nodeIDs: account.nodeIDs, ttlSeconds: ttlSeconds)
        else { return .problem(.internalFailure, requestID: request.trail.requestID) }
        return Self.tokenResponse(token, ttl: ttlSeconds, role: account.role)
    }

    /// An OAuth 2.0 error response (RFC 6749 §5.2).
    static func oauth(
        _ error: String, _ description: String, status: HTTPResponseStatus = .badRequest, basic: Bool = false
    ) -> GatewayResponse {
        var text = #"{"error":"\#(error)","error_description":"#
        JSONText.appendQuoted(description, to: &text)
        text += "}"
        var r = GatewayResponse.json(text, status: status)
        if basic { r.headers.add(name: "WWW-Authenticate", value: #"Basic realm="lucid-gateway""#) }
        return r
    }

    /// The OAuth 2.0 token response (RFC 6749 §5.1).
    static func tokenResponse(_ token: String, ttl: Int, role: String) -> GatewayResponse {
        var text = #"{"access_token":"\#(token)","token_type":"Bearer","expires_in":\#(ttl),"scope":"#
        JSONText.appendQuoted(role, to: &text)
        text += "}"
        var r = GatewayResponse.json(text)
        r.headers.add(name: "Pragma", value: "no-cache")
        return r
    }
}
