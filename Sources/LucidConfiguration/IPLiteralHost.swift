import Foundation

/// Whether a URL names its host by an IP address literal (v4, or v6 in brackets). Through Tor's
/// SocksPort with `SafeSocks 1` such a URL can never work: tor refuses a connection given only an
/// IP address (the application would have resolved the name itself, leaking it). Both processes
/// check the URLs they send through Tor with it.
///
///     IPLiteralHost.in("http://203.0.113.7:8090")   // true
///     IPLiteralHost.in("https://node.example")      // false
public enum IPLiteralHost {
    public static func `in`(_ url: String) -> Bool {
        guard let host = URLComponents(string: url)?.host else { return false }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, bare, &v4) == 1 || inet_pton(AF_INET6, bare, &v6) == 1
    }
}
