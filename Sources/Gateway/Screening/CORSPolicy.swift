/// CORS with an exact-origin allow-list: allowed origins are echoed (never `*`), with `Vary: Origin`;
/// preflights are answered for the operations that exist; a foreign `Origin` on an unsafe method is
/// refused with 403 before anything else happens. Bearer tokens, not cookies, carry identity, so
/// credentials are never allowed.
struct CORSPolicy: Sendable {
    let origins: Set<String>
    static let allowedHeaders = "Authorization, Content-Type, Idempotency-Key, X-Request-Id"
    static let exposedHeaders = "X-Request-Id, RateLimit, RateLimit-Policy, Retry-After"

    /// Whether `method` is unsafe (RFC 9110 §9.2.1): anything but GET, HEAD and OPTIONS.
    static func isUnsafe(_ method: String) -> Bool {
        switch method {
        case "GET", "HEAD", "OPTIONS": false
        default: true
        }
    }

    /// Refuses a foreign origin on an unsafe method. `ownHost` (the request's Host, already in the
    /// allow-list) is given for the gateway's own sign-in and sign-out forms: a form posted from
    /// the gateway's own page carries the gateway's own origin, which is not foreign.
    func check(origin: String?, method: String, ownHost: String? = nil) throws(GatewayError) {
        guard let origin else { return }
        if let ownHost, Self.isSameOrigin(origin, host: ownHost) { return }
        if Self.isUnsafe(method) && !origins.contains(origin) {
            throw .forbidden(code: "ORIGIN_NOT_ALLOWED", detail: "requests from this origin may not change anything")
        }
    }

    /// Whether `origin` is `http://host` or `https://host` (host with its port, as in `Host`).
    static func isSameOrigin(_ origin: String, host: String) -> Bool {
        let o = origin.lowercased()
        let h = host.lowercased()
        return o == "http://" + h || o == "https://" + h
    }

    /// The answer to a preflight for a path whose operations allow `methods`.
    func preflight(origin: String, requestedMethod: String, methods: [String]) throws(GatewayError) -> GatewayResponse {
        guard origins.contains(origin) else {
            throw .forbidden(code: "ORIGIN_NOT_ALLOWED", detail: "this origin is not allowed")
        }
        guard methods.contains(requestedMethod) else { throw .methodNotAllowed(allow: methods) }
        return GatewayResponse(
            status: .noContent,
            headers: [
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Methods": methods.joined(separator: ", "),
                "Access-Control-Allow-Headers": Self.allowedHeaders, "Access-Control-Max-Age": "600",
            ])
    }

    /// The origin to echo in `Access-Control-Allow-Origin`, when it is allowed (`Vary: Origin` is
    /// on every response).
    func allowed(_ origin: String?) -> String? {
        guard let origin, origins.contains(origin) else { return nil }
        return origin
    }
}
