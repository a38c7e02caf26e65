import Foundation
import LucidAssertion
import LucidConfiguration
import LucidJSON
import NIOCore

/// The gateway's start-up configuration from environment variables; every problem is reported at
/// once, naming the variable. Secrets can come from `NAME_FILE` instead of `NAME`.
///
/// | Variable | Default | Meaning |
/// |---|---|---|
/// | `LUCID_PROFILE` | development | `production` refuses to start on any `GatewayProductionProfile` problem |
/// | `LUCID_ONION_HOST[_FILE]` | none | the v3 onion name the gateway serves (tor's `hostname` file); required in production |
/// | `LUCID_GATEWAY_HOST` / `LUCID_GATEWAY_PORT` | 127.0.0.1 / 8080 | plain HTTP listener |
/// | `LUCID_GATEWAY_PROXY_PORT` | none | listener that requires a PROXY v1/v2 header (tor's `HiddenServicePort`) |
/// | `LUCID_GATEWAY_ADMIN_PROXY_PORT` | none | the admin door: a PROXY listener for the admin onion; `x-admin` operations are then 404 everywhere else |
/// | `LUCID_GATEWAY_METRICS_HOST` / `LUCID_GATEWAY_METRICS_PORT` | 127.0.0.1 / 9464 | `/metrics` listener (port 0 = off); never public by default |
/// | `LUCID_WALLET_URL` | http://127.0.0.1:8081 | the wallet |
/// | `LUCID_ASSERTION_KEY[_FILE]` | (required) | `kid:hex-secret` shared with the wallet |
/// | `LUCID_POLICY_FILES` | acl/planes.acl,acl/roles.acl | plane ACL and roles |
/// | `LUCID_OPENAPI_SPEC` | openapi/payment-api.yaml | the spec the operation table comes from |
/// | `LUCID_GATEWAY_SIGNING_KEY_FILE` | (required) | P-256 private key (PEM) for service-account tokens |
/// | `LUCID_GATEWAY_ISSUER` / `LUCID_GATEWAY_AUDIENCE` | lucid-gateway / lucid-api | `iss`/`aud` of its tokens |
/// | `LUCID_SERVICE_ACCOUNTS` | data/gateway/service-accounts.json | service-account file |
/// | `LUCID_TRUSTED_ISSUERS_FILE` | none | JSON list of `{issuer, audiences, jwks_files, jwks_urls, roles}` (roles: what it may grant; default every role but `admin`) |
/// | `LUCID_JWT_LEEWAY_SECONDS` / `LUCID_JWT_MAX_LIFETIME_SECONDS` / `LUCID_JWT_MAX_BYTES` | 60 / 86400 (3600 in production) / 8192 | token checks |
/// | `LUCID_SERVICE_TOKEN_TTL_SECONDS` | 600 | lifetime of `/auth/token` tokens (≤ 900) |
/// | `LUCID_ALLOWED_HOSTS` | localhost,127.0.0.1 | Host allow-list (add the onion name) |
/// | `LUCID_CORS_ORIGINS` | none | exact origins allowed by CORS |
/// | `LUCID_BODY_LIMIT_BYTES` / `LUCID_MAX_HEADER_BYTES` | 262144 / 16384 | request size limits |
/// | `LUCID_RATE_LIMIT_SCALE` / `LUCID_RATE_LIMIT_MAX_KEYS` | 1 / 100000 | quota multiplier, limiter memory bound |
/// | `LUCID_GATEWAY_SOCKS_PROXY` | none | `host:port` of Tor's SocksPort: JWKS URLs are fetched through it, by name (an IP-literal JWKS URL is then refused at start-up) |
/// | `LUCID_AUTH_FAILURE_LIMIT` | 30 | refused tokens per minute per client (circuit or address) before 429 |
/// | `LUCID_UPSTREAM_CONNECT_TIMEOUT_MS` / `LUCID_UPSTREAM_TIMEOUT_MS` / `LUCID_UPSTREAM_IDLE_TIMEOUT_MS` | 1000 / 15000 / 30000 | wallet connect, request and idle-connection timeouts (503 / 504 when exceeded) |
/// | `LUCID_CLIENT_HEADER_TIMEOUT_MS` / `LUCID_CLIENT_BODY_TIMEOUT_MS` / `LUCID_CLIENT_IDLE_TIMEOUT_MS` | 10000 / 30000 / 60000 | a request head must arrive within 10 s (from the connection's start or the last answer), a body within 30 s (408, then close); an idle keep-alive connection closes after 60 s; none runs while an answer is owed |
/// | `LUCID_MAX_CONNECTIONS` | 4096 | open client connections; at the cap a new client is admitted by closing the longest-idle one (never one owed an answer); the soft open-file limit is raised to the hard one at start-up |
/// | `LUCID_UPSTREAM_PIPELINE` | 8 | requests of one event-loop tick that may share a wallet connection, written together (1: no pipelining; see performance.md) |
/// | `LUCID_GATEWAY_THREADS` | cores | event loops |
/// | `LUCID_ACCESS_LOG` | on | JSON access log on stdout (`off` to disable) |
public struct GatewayConfiguration: Sendable {
    /// `production` adds `GatewayProductionProfile`'s refusals.
    public enum Profile: String, Sendable, CaseIterable { case development, production }

    public var profile = Profile.development
    /// The v3 onion name (`….onion`, lower case) the gateway is served as.
    public var onionHost: String?
    public var host = "127.0.0.1"
    public var port = 8080
    public var proxyProtocolPort: Int?
    /// The admin door: a loopback PROXY-protocol listener for the admin onion; when set, `x-admin`
    /// operations are served only there.
    public var adminProxyPort: Int?
    public var metricsHost = "127.0.0.1"
    public var metricsPort = 9464
    public var walletHost = "127.0.0.1"
    public var walletPort = 8081
    public var assertionKey: AssertionKey
    public var policyFiles = ["acl/planes.acl", "acl/roles.acl"]
    public var specPath = "openapi/payment-api.yaml"
    public var signingKeyPEM: String
    public var issuer = "lucid-gateway"
    public var audience = "lucid-api"
    public var serviceAccountsPath = "data/gateway/service-accounts.json"
    public var trustedIssuers: [TrustedIssuer] = []
    public var tokenLimits = AccessTokenVerifier.Limits()
    public var serviceTokenTTL = 600
    public var allowedHosts: Set<String> = ["localhost", "127.0.0.1"]
    public var corsOrigins: Set<String> = []
    public var bodyLimit = 256 * 1024
    public var maxHeaderBytes = 16 * 1024
    public var rateLimitScale = 1
    public var rateLimitMaxKeys = 100_000
    public var authFailureLimit = 30
    /// Tor's SocksPort, through which JWKS URLs are fetched.
    public var socksProxy: (host: String, port: Int)?
    public var connectTimeoutMs = 1000
    public var upstreamTimeoutMs = 15_000
    public var idleTimeoutMs = 30_000
    public var upstreamPipeline = 8
    public var clientHeaderTimeoutMs = 10_000
    public var clientBodyTimeoutMs = 30_000
    public var clientIdleTimeoutMs = 60_000
    public var maxConnections = 4096
    public var threads = System.coreCount
    public var accessLog = true

    public init(assertionKey: AssertionKey, signingKeyPEM: String) {
        self.assertionKey = assertionKey
        self.signingKeyPEM = signingKeyPEM
    }

    /// Why the configuration was refused: every problem, each naming its variable.
    public struct Invalid: Error, CustomStringConvertible {
        public let problems: [String]
        public var description: String { "invalid configuration:\n  " + problems.joined(separator: "\n  ") }
        public init(problems: [String]) { self.problems = problems }
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws
        -> GatewayConfiguration
    {
        let reader = EnvironmentReader(env)
        let value: (String) -> String? = reader.value
        let int = reader.int
        let list = reader.list
        let assertionKey = reader.parsed(
            "LUCID_ASSERTION_KEY", required: AssertionKey.textForm, AssertionKey.init(parsing:))
        var pem: String?
        if env["LUCID_GATEWAY_SIGNING_KEY_FILE"] != nil {
            if let path = reader.path("LUCID_GATEWAY_SIGNING_KEY_FILE") {
                pem = FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
                if pem == nil { reader.problem("LUCID_GATEWAY_SIGNING_KEY_FILE: cannot read \(path)") }
            }
        } else {
            reader.problem(
                "LUCID_GATEWAY_SIGNING_KEY_FILE: required (P-256 private key, PEM; `lucidctl token keygen`)")
        }
        var c = GatewayConfiguration(
            assertionKey: assertionKey ?? (try! AssertionKey(kid: "unset", secret: Array(repeating: 0, count: 32))),
            signingKeyPEM: pem ?? "")
        if let name = value("LUCID_PROFILE") {
            if let profile = Profile(rawValue: name) {
                c.profile = profile
            } else {
                reader.problem("LUCID_PROFILE: one of development, production")
            }
        }
        if let name = value("LUCID_ONION_HOST") {
            if let address = OnionClientKey.v3Address(name.lowercased()) {
                c.onionHost = address + ".onion"
            } else {
                reader.problem("LUCID_ONION_HOST: a v3 onion name (56 base32 characters and .onion)")
            }
        }
        c.host = value("LUCID_GATEWAY_HOST") ?? c.host
        c.port = int("LUCID_GATEWAY_PORT", c.port, 0...65535)
        if value("LUCID_GATEWAY_PROXY_PORT") != nil {
            c.proxyProtocolPort = int("LUCID_GATEWAY_PROXY_PORT", 0, 0...65535)
        }
        if value("LUCID_GATEWAY_ADMIN_PROXY_PORT") != nil {
            c.adminProxyPort = int("LUCID_GATEWAY_ADMIN_PROXY_PORT", 0, 0...65535)
        }
        c.metricsHost = value("LUCID_GATEWAY_METRICS_HOST") ?? c.metricsHost
        c.metricsPort = int("LUCID_GATEWAY_METRICS_PORT", c.metricsPort, 0...65535)
        if let url = value("LUCID_WALLET_URL") {
            if let u = URL(string: url), u.scheme == "http", let h = u.host, let p = u.port {
                c.walletHost = h
                c.walletPort = p
            } else {
                reader.problem("LUCID_WALLET_URL: expected http://host:port")
            }
        }
        c.policyFiles = list("LUCID_POLICY_FILES") ?? c.policyFiles
        c.specPath = value("LUCID_OPENAPI_SPEC") ?? c.specPath
        c.issuer = value("LUCID_GATEWAY_ISSUER") ?? c.issuer
        if !Principal.isValidIssuer(c.issuer) {
            reader.problem("LUCID_GATEWAY_ISSUER: 1-256 bytes without '#', spaces or control characters")
        }
        c.audience = value("LUCID_GATEWAY_AUDIENCE") ?? c.audience
        c.serviceAccountsPath = value("LUCID_SERVICE_ACCOUNTS") ?? c.serviceAccountsPath
        if let file = value("LUCID_TRUSTED_ISSUERS_FILE") {
            do { c.trustedIssuers = try parseIssuers(file) } catch {
                reader.problem("LUCID_TRUSTED_ISSUERS_FILE: \(error)")
            }
        }
        c.socksProxy = reader.hostAndPort("LUCID_GATEWAY_SOCKS_PROXY")
        if c.socksProxy != nil {
            for url in c.trustedIssuers.flatMap(\.jwksURLs) where IPLiteralHost.in(url) {
                reader.problem(
                    "LUCID_TRUSTED_ISSUERS_FILE: \(url) must name a host, not an IP address: JWKS go through Tor, which refuses an address alone"
                )
            }
        }
        c.tokenLimits.leewaySeconds = Int64(int("LUCID_JWT_LEEWAY_SECONDS", 60, 0...600))
        let lifetimeDefault = c.profile == .production ? GatewayProductionProfile.maximumTokenLifetime : 86_400
        c.tokenLimits.maxLifetimeSeconds = Int64(int("LUCID_JWT_MAX_LIFETIME_SECONDS", lifetimeDefault, 60...2_592_000))
        c.tokenLimits.maxTokenBytes = int("LUCID_JWT_MAX_BYTES", 8192, 512...65_536)
        c.serviceTokenTTL = int("LUCID_SERVICE_TOKEN_TTL_SECONDS", 600, 30...TokenIssuer.maxServiceTTL)
        if let hosts = list("LUCID_ALLOWED_HOSTS") { c.allowedHosts = Set(hosts.map { $0.lowercased() }) }
        if let origins = list("LUCID_CORS_ORIGINS") {
            for o in origins where o == "*" || !(o.hasPrefix("http://") || o.hasPrefix("https://")) {
                reader.problem("LUCID_CORS_ORIGINS: \(o) is not an exact origin (scheme://host[:port])")
            }
            c.corsOrigins = Set(origins)
        }
        c.bodyLimit = int("LUCID_BODY_LIMIT_BYTES", c.bodyLimit, 1024...16 * 1024 * 1024)
        c.maxHeaderBytes = int("LUCID_MAX_HEADER_BYTES", c.maxHeaderBytes, 1024...65_536)
        c.rateLimitScale = int("LUCID_RATE_LIMIT_SCALE", 1, 1...1_000_000)
        c.authFailureLimit = int("LUCID_AUTH_FAILURE_LIMIT", c.authFailureLimit, 1...1_000_000)
        c.rateLimitMaxKeys = int("LUCID_RATE_LIMIT_MAX_KEYS", c.rateLimitMaxKeys, 16...10_000_000)
        c.connectTimeoutMs = int("LUCID_UPSTREAM_CONNECT_TIMEOUT_MS", c.connectTimeoutMs, 10...60_000)
        c.upstreamTimeoutMs = int("LUCID_UPSTREAM_TIMEOUT_MS", c.upstreamTimeoutMs, 10...300_000)
        c.idleTimeoutMs = int("LUCID_UPSTREAM_IDLE_TIMEOUT_MS", c.idleTimeoutMs, 100...3_600_000)
        c.clientHeaderTimeoutMs = int("LUCID_CLIENT_HEADER_TIMEOUT_MS", c.clientHeaderTimeoutMs, 100...600_000)
        c.clientBodyTimeoutMs = int("LUCID_CLIENT_BODY_TIMEOUT_MS", c.clientBodyTimeoutMs, 100...600_000)
        c.clientIdleTimeoutMs = int("LUCID_CLIENT_IDLE_TIMEOUT_MS", c.clientIdleTimeoutMs, 100...3_600_000)
        c.maxConnections = int("LUCID_MAX_CONNECTIONS", c.maxConnections, 2...1_000_000)
        c.upstreamPipeline = int("LUCID_UPSTREAM_PIPELINE", c.upstreamPipeline, 1...64)
        c.threads = int("LUCID_GATEWAY_THREADS", c.threads, 1...256)
        c.accessLog = value("LUCID_ACCESS_LOG") != "off"
        if c.profile == .production {
            for problem in GatewayProductionProfile.problems(c, reader) { reader.problem(problem) }
        }
        guard reader.problems.isEmpty else { throw Invalid(problems: reader.problems) }
        return c
    }

    /// The trusted-issuers file: `[{"issuer", "audiences", "jwks_files", "jwks_urls", "roles"}]`.
    /// `roles` lists the roles the issuer may grant; without it, every role but `admin`.
    static func parseIssuers(_ path: String) throws -> [TrustedIssuer] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Invalid(problems: ["\(path): cannot be read"])
        }
        let document: JSONValue
        do { document = try JSONValue.parse(Array(data)) } catch .duplicateMember(let name) {
            throw Invalid(problems: ["\(path): an object names \(name) twice"])
        } catch {
            throw Invalid(problems: ["\(path): a JSON array of issuers"])
        }
        guard let list = document.array else { throw Invalid(problems: ["\(path): a JSON array of issuers"]) }
        let known: Set<String> = ["issuer", "audiences", "jwks_files", "jwks_urls", "roles"]
        /// A member that is a list of strings (nil when absent or of another shape).
        func strings(_ v: JSONValue?) -> [String]? {
            guard let items = v?.array else { return nil }
            let texts = items.compactMap(\.string)
            return texts.count == items.count ? texts : nil
        }
        return try list.map { item in
            guard let members = item.object, let iss = item["issuer"]?.string, let aud = strings(item["audiences"]),
                !aud.isEmpty
            else {
                throw Invalid(problems: ["each issuer needs issuer and a non-empty audiences list"])
            }
            guard Principal.isValidIssuer(iss) else {
                throw Invalid(problems: [
                    "issuer \(iss.prefix(64)): 1-256 bytes without '#', spaces or control characters"
                ])
            }
            if let unknown = members.first(where: { !known.contains($0.0) })?.0 {
                throw Invalid(problems: ["issuer \(iss): unknown field \(unknown)"])
            }
            var roles = TrustedIssuer.Roles.allButAdmin
            if let listed = item["roles"] {
                guard let names = strings(listed) else {
                    throw Invalid(problems: ["issuer \(iss): roles must be a list of role names"])
                }
                roles = .only(Set(names))
            }
            return TrustedIssuer(
                issuer: iss, audiences: Set(aud), jwksFiles: strings(item["jwks_files"]) ?? [],
                jwksURLs: strings(item["jwks_urls"]) ?? [], roles: roles)
        }
    }
}
