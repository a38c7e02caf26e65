import HTTPWire
import Policy

/// The gateway's look at a parsed head before routing: the Host allow-list and a canonical request
/// target. (Framing, header syntax and the single Host were checked by `RequestParser`.) Anything
/// odd is refused — nothing is silently normalised.
struct RequestScreen: Sendable {
    let allowedHosts: Set<String>

    /// The request target split into its path and (raw) query.
    struct Target: Sendable {
        let path: Substring
        let query: Substring?
        let host: String
    }

    func check(_ head: RequestHead) throws(GatewayError) -> Target {
        let host = Self.hostName(head.value(.host) ?? "")
        guard allowedHosts.contains(host) else { throw .misdirected(host: host) }
        let uri = head.uri
        let path: Substring
        let query: Substring?
        if let q = uri.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = uri[..<q]
            query = uri[uri.utf8.index(after: q)...]
        } else {
            path = uri[...]
            query = nil
        }
        let pathProblem =
            path.utf8.withContiguousStorageIfAvailable { CanonicalPath.problem(bytes: $0) }
            ?? CanonicalPath.problem(String(path))
        if let problem = pathProblem {
            throw .badRequest(code: "PATH", detail: "the path is not canonical: \(problem)")
        }
        // The parser let only printable ASCII through; a fragment has no place in a request.
        if let query, query.utf8.contains(UInt8(ascii: "#")) {
            throw .badRequest(code: "QUERY", detail: "the query must be printable ASCII without a fragment")
        }
        return Target(path: path, query: query, host: host)
    }

    /// The host name of a Host header, lower-cased, without its port.
    static func hostName(_ value: String) -> String {
        // The usual cases — "localhost", "127.0.0.1", "name.onion" with a port — are already lower-case.
        let lower = value.utf8.contains { $0 >= 0x41 && $0 <= 0x5A } ? value.lowercased() : value
        let u = lower.utf8
        if u.first == UInt8(ascii: "[") {
            guard let close = u.firstIndex(of: UInt8(ascii: "]")) else { return lower }
            return String(lower[...close])
        }
        if let colon = u.lastIndex(of: UInt8(ascii: ":")),
            u[u.index(after: colon)...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        {
            return String(lower[..<colon])
        }
        return lower
    }
}
