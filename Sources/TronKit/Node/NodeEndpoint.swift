import HTTPWire
import NIOCore
import NIOSOCKS
import NIOSSL

/// A java-tron HTTP API base URL taken apart for the wire: scheme, host, port, path prefix, and how
/// a connection to it is made (directly or through a SOCKS5 proxy, in clear or TLS).
///
///     let e = try NodeEndpoint("https://api.trongrid.io")   // host api.trongrid.io, port 443, TLS
///     e.uri("/wallet/getnowblock")                          // "/wallet/getnowblock"
struct NodeEndpoint: Sendable, Equatable {
    var tls: Bool
    var host: String
    var port: Int
    var pathPrefix: String

    /// Parses `http://host[:port][/prefix]` or `https://…`; IPv6 hosts in brackets.
    init(_ url: String) throws(FullNodeError) {
        let invalid = FullNodeError.transport(endpoint: url, reason: "not an http(s) URL with a host")
        var rest = Substring(url)
        if rest.hasPrefix("http://") {
            tls = false
            rest = rest.dropFirst(7)
        } else if rest.hasPrefix("https://") {
            tls = true
            rest = rest.dropFirst(8)
        } else {
            throw invalid
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        var path = rest.dropFirst(authority.count)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        pathPrefix = String(path.hasSuffix("/") ? path.dropLast() : path)
        guard !authority.contains("@") else { throw invalid }  // no user info: credentials go in headers
        let hostPart: Substring
        let portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            portPart = after.isEmpty ? nil : (after.hasPrefix(":") ? after.dropFirst() : nil)
            guard after.isEmpty || portPart != nil else { throw invalid }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
            portPart = nil
        }
        guard !hostPart.isEmpty else { throw invalid }
        host = String(hostPart)
        if let portPart {
            guard let p = Int(portPart), (1...65_535).contains(p) else { throw invalid }
            port = p
        } else {
            port = tls ? 443 : 80
        }
    }

    /// The request target for an API path such as `/wallet/getnowblock`.
    func uri(_ path: String) -> String { pathPrefix + path }

    /// The `Host` header: the port only when it is not the scheme's default.
    var hostHeader: String { WireRequest.hostHeader(host: host, port: port, defaultPort: tls ? 443 : 80) }

    /// Pool settings for reaching this endpoint, through `proxy` when set. With a proxy the host name
    /// is sent to it unresolved (ATYP DOMAIN), so no DNS query leaves this machine.
    func poolSettings(proxy: FullNodeConfiguration.SOCKSProxy?, tlsContext: NIOSSLContext?) -> ConnectionPool.Settings {
        var settings = ConnectionPool.Settings(host: proxy?.host ?? host, port: proxy?.port ?? port)
        guard proxy != nil || tls else { return settings }
        let literal = try? SocketAddress(ipAddress: host, port: port)
        let socksTarget: SOCKSAddress? = proxy == nil ? nil : literal.map { .address($0) } ?? .domain(host, port: port)
        let (tls, serverHostname) = (self.tls, literal == nil ? host : nil)  // SNI takes names only
        settings.prepare = { channel in
            let pipeline = channel.pipeline.syncOperations
            if let socksTarget { try pipeline.addHandler(SOCKSClientHandler(targetAddress: socksTarget)) }
            if tls {
                guard let tlsContext else { throw NIOSSLError.failedToLoadCertificate }
                try pipeline.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname))
            }
        }
        return settings
    }
}
