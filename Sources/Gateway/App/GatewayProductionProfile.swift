import Foundation
import LucidConfiguration

/// The checks `LUCID_PROFILE=production` adds to the gateway: one that would be unsafe in front of
/// real money refuses to start, naming every problem and its variable at once.
///
/// Refused in production: no onion host, or one missing from the Host allow-list; an onion without
/// the PROXY-protocol listener (every Tor caller would share one rate-limit key); the assertion key
/// inline in the environment, or a secret file named by a relative path or open to group or others;
/// the plain listener or `/metrics` off loopback, the wallet off a private address; a plain-http CORS
/// origin other than an onion; JWKS URLs over plain http (onions excepted) or without Tor's
/// SocksPort; token lifetime or leeway above `maximumTokenLifetime` / `maximumLeeway`.
public enum GatewayProductionProfile {
    /// The longest access token production accepts (also its default there).
    public static let maximumTokenLifetime = 3600
    /// The most clock skew production tolerates on `exp`/`nbf`/`iat`.
    public static let maximumLeeway = 120

    /// Every problem with `config` (read from `reader`'s environment) for production; empty when fit.
    static func problems(_ config: GatewayConfiguration, _ reader: EnvironmentReader) -> [String] {
        var found = reader.productionSecretProblems(
            secrets: ["LUCID_ASSERTION_KEY"],
            files: ["LUCID_ASSERTION_KEY_FILE", "LUCID_GATEWAY_SIGNING_KEY_FILE", "LUCID_SERVICE_ACCOUNTS"])
        if reader.environment["LUCID_SERVICE_ACCOUNTS"] == nil {
            found.append(
                "LUCID_SERVICE_ACCOUNTS: production names the service-account file by an absolute path (the default is the development layout)"
            )
        }
        found += onionProblems(config)
        found += listenerProblems(config)
        found += tokenProblems(config)
        return found
    }

    /// The onion: named, allowed as a Host, and served through the PROXY-protocol listener.
    private static func onionProblems(_ config: GatewayConfiguration) -> [String] {
        guard let onion = config.onionHost else {
            return ["LUCID_ONION_HOST: required in production (tor's hostname file: LUCID_ONION_HOST_FILE)"]
        }
        var found: [String] = []
        if !config.allowedHosts.contains(onion) {
            found.append("LUCID_ALLOWED_HOSTS: must include the onion host \(onion)")
        }
        if config.proxyProtocolPort == nil {
            found.append(
                "LUCID_GATEWAY_PROXY_PORT: required with an onion (tor's HiddenServiceExportCircuitID haproxy gives each circuit its own rate-limit key)"
            )
        }
        return found
    }

    /// Listeners on loopback (tor is in front), the wallet on a private address, CORS origins over
    /// https or onions.
    private static func listenerProblems(_ config: GatewayConfiguration) -> [String] {
        var found: [String] = []
        if !AddressScope.isLoopback(config.host) {
            found.append("LUCID_GATEWAY_HOST: production listens on loopback only, behind tor (got \(config.host))")
        }
        if config.metricsPort != 0 && !AddressScope.isLoopback(config.metricsHost) {
            found.append(
                "LUCID_GATEWAY_METRICS_HOST: production serves /metrics on loopback only (got \(config.metricsHost))")
        }
        if !AddressScope.isPrivate(config.walletHost) {
            found.append("LUCID_WALLET_URL: production reaches the wallet on a loopback or private address only")
        }
        for origin in config.corsOrigins.sorted() where origin.hasPrefix("http://") && !isOnion(origin) {
            found.append("LUCID_CORS_ORIGINS: \(origin): production allows https or onion origins only")
        }
        return found
    }

    /// Token lifetimes within their caps, JWKS over https (or an onion) and through Tor.
    private static func tokenProblems(_ config: GatewayConfiguration) -> [String] {
        var found: [String] = []
        if config.tokenLimits.maxLifetimeSeconds > Int64(maximumTokenLifetime) {
            found.append("LUCID_JWT_MAX_LIFETIME_SECONDS: at most \(maximumTokenLifetime) in production")
        }
        if config.tokenLimits.leewaySeconds > Int64(maximumLeeway) {
            found.append("LUCID_JWT_LEEWAY_SECONDS: at most \(maximumLeeway) in production")
        }
        let urls = config.trustedIssuers.flatMap(\.jwksURLs)
        for url in urls where !url.hasPrefix("https://") && !(url.hasPrefix("http://") && isOnion(url)) {
            found.append("LUCID_TRUSTED_ISSUERS_FILE: \(url): production fetches JWKS over https or from an onion only")
        }
        if !urls.isEmpty && config.socksProxy == nil {
            found.append(
                "LUCID_GATEWAY_SOCKS_PROXY: required in production when issuers have jwks_urls (fetched through Tor)")
        }
        return found
    }

    /// Whether a URL's host is an onion name.
    private static func isOnion(_ url: String) -> Bool {
        URLComponents(string: url)?.host?.lowercased().hasSuffix(".onion") ?? false
    }
}
