import NIOSSL

/// Where and how to reach a java-tron HTTP API.
///
/// ```swift
/// var config = FullNodeConfiguration(fullNodeURL: "https://api.trongrid.io")
/// config.apiKey = apiKey                        // sent as TRON-PRO-API-KEY
/// config.socksProxy = .init(host: "127.0.0.1", port: 9050)   // Tor; the proxy resolves names
/// ```
public struct FullNodeConfiguration: Sendable, CustomStringConvertible {
    /// A SOCKS5 proxy; host names in node URLs are sent to it unresolved (ATYP DOMAIN).
    public struct SOCKSProxy: Sendable, Equatable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// Base URL of the full node (`/wallet/*`), e.g. `http://127.0.0.1:8090`.
    public var fullNodeURL: String
    /// Base URL for `/walletsolidity/*`; defaults to `fullNodeURL` (TronGrid serves both).
    public var solidityNodeURL: String?
    /// TronGrid API key, sent as `TRON-PRO-API-KEY`. Never printed.
    public var apiKey: String?
    /// Route every call through this SOCKS5 proxy (Tor's SocksPort in production).
    public var socksProxy: SOCKSProxy?
    /// Deadline for each call, connection included.
    public var callTimeout: Duration = .seconds(10)
    /// Pooled keep-alive connections per node host (over Tor each one is a circuit: keep it modest).
    public var maxConnectionsPerHost = 16
    /// Largest response body accepted.
    public var maxResponseBytes = 16 * 1024 * 1024
    /// A PEM file of CA certificates that an https node's certificate must chain to, trusted
    /// *instead of* the system roots (like curl's `--cacert`): for a private node behind an
    /// internal CA. nil: the system roots.
    public var trustRootsFile: String?

    public init(fullNodeURL: String, solidityNodeURL: String? = nil) {
        self.fullNodeURL = fullNodeURL
        self.solidityNodeURL = solidityNodeURL
    }

    /// Whether `url` is an `http(s)://host[:port][/prefix]` URL this client can reach.
    public static func isNodeURL(_ url: String) -> Bool { (try? NodeEndpoint(url)) != nil }

    /// Whether `path` is a readable PEM file holding at least one certificate.
    public static func isTrustRootsFile(_ path: String) -> Bool {
        ((try? NIOSSLCertificate.fromPEMFile(path)) ?? []).isEmpty == false
    }

    /// Whether `value` can be sent as a header value as it is (an API key): visible ASCII only.
    public static func isHeaderValue(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f }
    }

    public var description: String {
        var parts = ["fullNode=\(fullNodeURL)"]
        if let solidityNodeURL { parts.append("solidityNode=\(solidityNodeURL)") }
        if let p = socksProxy { parts.append("socks5=\(p.host):\(p.port)") }
        if let trustRootsFile { parts.append("trustRoots=\(trustRootsFile)") }
        parts.append("apiKey=\(apiKey == nil ? "none" : "<redacted>")")
        return "FullNodeConfiguration(" + parts.joined(separator: ", ") + ")"
    }
}
