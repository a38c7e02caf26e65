import HTTPWire
import Policy

/// The gateway's look at a parsed head before routing: the Host allow-list and a canonical request
/// target. (Framing, header syntax and the single Host were checked by `RequestParser`.) Anything
/// odd is refused — nothing is silently normalised.
struct RequestScreen: Sendable {
    /// The allowed host names, lower-case, as bytes (a handful: the onion names, localhost in dev).
    let allowedHosts: [[UInt8]]

    init(allowedHosts: Set<String>) { self.allowedHosts = allowedHosts.map { Array($0.lowercased().utf8) } }

    /// The request target split into its path and (raw) query.
    struct Target: Sendable {
        let path: Substring
        let query: Substring?
    }

    func check(_ head: RequestHead) throws(GatewayError) -> Target {
        let allowed =
            head.withValue(.host) { value in
                let name = UnsafeRawBufferPointer(rebasing: value[Self.hostName(value)])
                return allowedHosts.contains { allowed in
                    allowed.withUnsafeBytes { ASCIIBytes.equalsIgnoringCase(name, lowercase: $0) }
                }
            } ?? false
        guard allowed else {
            let name = head.withValue(.host) { String(decoding: $0[Self.hostName($0)], as: UTF8.self) } ?? ""
            throw .misdirected(host: name.lowercased())
        }
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
        return Target(path: path, query: query)
    }

    /// Where the host name lies in a Host header's value: without a trailing `:port`; an IPv6
    /// literal keeps its brackets. Anything else after a literal's `]` leaves the whole value (which
    /// then names no allowed host).
    static func hostName(_ v: UnsafeRawBufferPointer) -> Range<Int> {
        let digitsFrom = { (i: Int) in v[i...].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        if v.first == UInt8(ascii: "[") {
            guard let close = v.firstIndex(of: UInt8(ascii: "]")) else { return 0..<v.count }
            let after = close + 1
            if after == v.count || (v[after] == UInt8(ascii: ":") && digitsFrom(after + 1)) { return 0..<after }
            return 0..<v.count
        }
        if let colon = v.lastIndex(of: UInt8(ascii: ":")), digitsFrom(colon + 1) { return 0..<colon }
        return 0..<v.count
    }
}
