import Foundation
import HTTPWire
import LucidAssertion
import LucidJSON
import NIOCore
import NIOHTTP1
import NIOPosix

extension GatewayCore {
    /// The operations the gateway answers itself: health, the spec, the docs, its JWKS and tokens,
    /// and the admin page with its sign-in.
    func answerLocally(
        _ op: GatewayOperation, identity: Identity?, _ x: Exchange, _ trail: Trail, on loop: any EventLoop
    ) -> EventLoopFuture<GatewayResponse> {
        switch op {
        case .getHealth, .getHealthLive:
            return loop.makeSucceededFuture(.json(#"{"status":"ok"}"#))
        case .getHealthReady:
            let request = WireRequest(
                method: "GET", uri: "/health/ready", host: upstream.hostHeader,
                headerLines: "Accept: application/json\r\n", body: nil)
            return upstream.execute(request, on: loop).map { r -> GatewayResponse in
                r.status == 200
                    ? .json(#"{"status":"ready","checks":{"gateway":"ok","wallet":"ready"}}"#)
                    : .json(
                        #"{"status":"not_ready","checks":{"gateway":"ok","wallet":"not_ready"}}"#,
                        status: .serviceUnavailable)
            }.recover { _ in
                .json(
                    #"{"status":"not_ready","checks":{"gateway":"ok","wallet":"unreachable"}}"#,
                    status: .serviceUnavailable)
            }
        case .getSpecYAML:
            return loop.makeSucceededFuture(.bytes(spec.yaml, contentType: "application/yaml"))
        case .getSpecJSON:
            return loop.makeSucceededFuture(.bytes(spec.json, contentType: "application/json"))
        case .getDocs:
            var r = GatewayResponse.bytes(spec.docsHTML, contentType: "text/html; charset=utf-8")
            r.headers.add(name: "Content-Security-Policy", value: DocsPage.contentSecurityPolicy)
            return loop.makeSucceededFuture(r)
        case .getJWKS:
            var r = GatewayResponse.bytes(jwks, contentType: "application/json")
            r.headers.add(name: "Cache-Control", value: "public, max-age=300")
            return loop.makeSucceededFuture(r)
        case .issueToken:
            return issueToken(x, on: loop)
        case .getAdminPage:
            guard let identity else { return loop.makeSucceededFuture(AdminSession.redirect(to: "/admin/login")) }
            return adminPage(identity, trail, on: loop)
        case .getAdminLogin, .postAdminLogin:
            return adminLogin(x, on: loop)
        case .postAdminLogout:
            return loop.makeSucceededFuture(
                AdminSession.redirect(to: "/admin/login", cookie: AdminSession.clearCookie))
        }
    }

    /// The form fields `POST /auth/token` reads; others are ignored (RFC 6749 §3.1).
    static let tokenFields: Set<String> = ["grant_type", "client_id", "client_secret", "scope"]

    /// `POST /auth/token`: OAuth 2.0 client credentials (RFC 6749 §4.4 and §5).
    private func issueToken(_ x: Exchange, on loop: any EventLoop) -> EventLoopFuture<GatewayResponse> {
        @Sendable func oauth(
            _ error: String, _ description: String, status: HTTPResponseStatus = .badRequest, basic: Bool = false
        )
            -> GatewayResponse
        {
            var text = #"{"error":"\#(error)","error_description":"#
            JSONText.appendQuoted(description, to: &text)
            text += "}"
            var r = GatewayResponse.json(text, status: status)
            if basic { r.headers.add(name: "WWW-Authenticate", value: #"Basic realm="lucid-gateway""#) }
            return r
        }
        let type = x.head.value(.contentType)?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            return loop.makeSucceededFuture(
                .problem(.unsupportedMediaType("send application/x-www-form-urlencoded"), requestID: RequestID.make()))
        }
        guard let form = FormBody.parse(x.body.map { Array($0.readableBytesView) } ?? [], fields: Self.tokenFields)
        else {
            return loop.makeSucceededFuture(oauth("invalid_request", "the form is malformed or repeats a field"))
        }
        guard let grant = form["grant_type"] else {
            return loop.makeSucceededFuture(oauth("invalid_request", "grant_type is required"))
        }
        guard grant == "client_credentials" else {
            return loop.makeSucceededFuture(oauth("unsupported_grant_type", "only client_credentials is supported"))
        }
        var clientID = form["client_id"]
        var secret = form["client_secret"]
        let basic = x.head.value(.authorization)
        if let basic {
            // RFC 6749 §2.3 and §5.2: HTTP Basic is the one header method; any other scheme (a
            // bearer token, say) is a failed client authentication, answered with a Basic challenge.
            guard let creds = FormBody.basic(basic) else {
                return loop.makeSucceededFuture(
                    oauth(
                        "invalid_client", "only HTTP Basic client authentication is accepted in the header",
                        status: .unauthorized, basic: true))
            }
            guard clientID == nil, secret == nil else {
                return loop.makeSucceededFuture(
                    oauth("invalid_request", "use one client authentication method", basic: true))
            }
            (clientID, secret) = creds
        }
        guard let clientID, let secret, !clientID.isEmpty, clientID.utf8.count <= 128, secret.utf8.count <= 256 else {
            return loop.makeSucceededFuture(
                oauth("invalid_client", "client authentication failed", status: .unauthorized, basic: basic != nil))
        }
        let accounts = self.accounts
        let issuer = self.issuer
        let ttl = config.serviceTokenTTL
        let roles = policy.current.roles
        // scrypt takes tens of milliseconds: off the event loop.
        return NIOThreadPool.singleton.runIfActive(eventLoop: loop) {
            accounts.authenticate(clientID: clientID, secret: secret)
        }.flatMap { account in
            guard let account, roles.names.contains(account.role) else {
                self.metrics.authFailure(.unknownKey)
                return loop.makeSucceededFuture(
                    oauth("invalid_client", "client authentication failed", status: .unauthorized, basic: basic != nil))
            }
            return loop.makeFutureWithTask {
                try await issuer.issue(
                    subject: account.clientID, role: account.role, nodeIDs: account.nodeIDs, ttlSeconds: ttl)
            }.map { token in Self.tokenResponse(token, ttl: ttl, role: account.role) }
        }
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

/// `application/x-www-form-urlencoded` bodies and HTTP Basic credentials (RFC 6749 §2.3.1).
enum FormBody {
    /// The named `fields` found; nil when the form is malformed (a bad percent escape, text that
    /// is not UTF-8) or when one of `fields` repeats (RFC 6749 §3.1). Other fields are
    /// unrecognised and ignored, repeated or not, as RFC 6749 §3.1 asks. The size is bounded by
    /// the body limit.
    ///
    ///     FormBody.parse(Array("grant_type=client_credentials&x=1&x=2".utf8), fields: ["grant_type"])
    static func parse(_ bytes: [UInt8], fields: Set<String>) -> [String: String]? {
        var out: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let kv = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let k = decode(kv[0]), let v = decode(kv.count > 1 ? kv[1] : []) else { return nil }
            guard fields.contains(k) else { continue }
            guard out[k] == nil else { return nil }
            out[k] = v
        }
        return out
    }

    static func decode(_ s: ArraySlice<UInt8>) -> String? {
        var bytes: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if c == UInt8(ascii: "%") {
                guard i + 2 < s.endIndex, let h = hex(s[i + 1]), let l = hex(s[i + 2]) else { return nil }
                bytes.append(h << 4 | l)
                i += 2
            } else {
                bytes.append(c)
            }
            i += 1
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }

    /// `Basic base64(id:secret)` with both parts form-decoded (RFC 6749 §2.3.1).
    static func basic(_ header: String) -> (String, String)? {
        guard header.prefix(6).lowercased() == "basic ", let data = Data(base64Encoded: String(header.dropFirst(6))),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":"),
            let id = decode(ArraySlice(Array(text[..<colon].utf8))),
            let secret = decode(ArraySlice(Array(text[text.index(after: colon)...].utf8)))
        else { return nil }
        return (id, secret)
    }
}
