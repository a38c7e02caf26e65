import Foundation
import HTTPWire
import NIOHTTP1

/// How a browser holds an admin's bearer token for `GET /admin` without JavaScript: the token is
/// pasted into a form (or opened once as a short-lived link minted by `lucidctl token issue`), the
/// gateway verifies it and keeps it in an HttpOnly, Secure, SameSite=Strict cookie that expires with
/// the token. The cookie is read for `GET /admin` only — never for the API — so it cannot be used
/// for cross-site writes.
enum AdminSession {
    /// `__Host-`: Secure, Path=/, no Domain (Tor Browser treats .onion and localhost as secure).
    static let cookieName = "__Host-lucid_admin"

    /// The token in the admin cookie, if exactly one such cookie was sent (in one `Cookie` header,
    /// as RFC 6265 §5.4 has user agents send them).
    static func token(_ head: RequestHead) -> String? {
        guard head.count(.cookie) == 1, let value = head.value(.cookie) else { return nil }
        var found: String?
        for part in value.split(separator: ";") {
            let kv = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0] == cookieName else { continue }
            guard found == nil else { return nil }
            found = String(kv[1])
        }
        guard let token = found, !token.isEmpty, token.utf8.count <= 8192 else { return nil }
        return token
    }

    static func setCookie(_ token: String, maxAge: Int64) -> String {
        "\(cookieName)=\(token); Max-Age=\(max(0, maxAge)); Path=/; Secure; HttpOnly; SameSite=Strict"
    }

    static let clearCookie = "\(cookieName)=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict"

    /// 303 to `location`, optionally setting or clearing the cookie.
    static func redirect(to location: String, cookie: String? = nil) -> GatewayResponse {
        var r = GatewayResponse(status: .seeOther, headers: ["Location": location])
        if let cookie { r.headers.add(name: "Set-Cookie", value: cookie) }
        return r
    }
}
