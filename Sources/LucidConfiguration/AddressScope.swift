import Foundation

/// Where a listening address can be reached from, by its literal: loopback (this host only) or
/// private (loopback, RFC 1918, CGNAT 100.64/10 as Tor-only overlays use, IPv6 ULA). Names other than
/// `localhost` and the wildcards (`0.0.0.0`, `::`) are neither: they cannot be proven private. Both
/// production profiles check their listeners with it.
///
///     AddressScope.isLoopback("127.0.0.1")   // true
///     AddressScope.isPrivate("10.0.0.5")     // true
///     AddressScope.isPrivate("0.0.0.0")      // false
public enum AddressScope {
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        if let b = ipv4(host) { return b[0] == 127 }
        if let b = ipv6(host) { return b[0..<15].allSatisfy { $0 == 0 } && b[15] == 1 }
        return false
    }

    public static func isPrivate(_ host: String) -> Bool {
        if isLoopback(host) { return true }
        if let b = ipv4(host) {
            return b[0] == 10 || (b[0] == 172 && (16...31).contains(b[1])) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 100 && (64...127).contains(b[1]))
        }
        if let b = ipv6(host) { return (b[0] & 0xFE) == 0xFC }
        return false
    }

    private static func ipv4(_ host: String) -> [UInt8]? {
        var v4 = in_addr()
        guard inet_pton(AF_INET, host, &v4) == 1 else { return nil }
        return withUnsafeBytes(of: v4.s_addr) { Array($0) }
    }

    private static func ipv6(_ host: String) -> [UInt8]? {
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1 else { return nil }
        return withUnsafeBytes(of: v6) { Array($0) }
    }
}
