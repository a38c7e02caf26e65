/// The only paths the engine accepts: it rejects, never repairs. Canonical means: starts with `/`;
/// printable ASCII; no `//`, no trailing `/` (except the root), no `.` or `..` segments, no `?`,
/// `#` or `\`, and no percent-encoded `/`, `.`, `\` or NUL (`%2f`, `%2e`, `%5c`, `%00`, any case).
public enum CanonicalPath {
    /// nil when `path` is canonical, otherwise why not. Allocates nothing for a canonical path.
    public static func problem(_ path: String) -> String? {
        var path = path
        return path.withUTF8 { problem(bytes: $0) }
    }

    /// nil when the UTF-8 bytes of a path are canonical, otherwise why not.
    public static func problem(bytes p: UnsafeBufferPointer<UInt8>) -> String? {
        let n = p.count
        guard n > 0, p[0] == UInt8(ascii: "/") else { return "a path must start with /" }
        guard n <= 2048 else { return "path too long" }
        guard n == 1 || p[n - 1] != UInt8(ascii: "/") else { return "trailing / is not canonical" }
        var segmentStart = 1
        var i = 0
        while i < n {
            let c = p[i]
            // Fast path: the bytes nearly every path is made of.
            let lower = c | 0x20
            if (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
                || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
            {
                i += 1
                continue
            }
            guard c >= 0x21, c <= 0x7e else { return "only printable ASCII is allowed in paths" }
            switch c {
            case UInt8(ascii: "?"), UInt8(ascii: "#"): return "query or fragment in a path"
            case UInt8(ascii: "\\"): return "backslash in a path"
            case UInt8(ascii: "%"):
                guard i + 2 < n else { return "truncated percent-encoding" }
                let h = p[i + 1]
                let l = p[i + 2] | 0x20
                if (h == UInt8(ascii: "2") && (l == UInt8(ascii: "f") || l == UInt8(ascii: "e")))
                    || (h == UInt8(ascii: "5") && l == UInt8(ascii: "c"))
                    || (h == UInt8(ascii: "0") && l == UInt8(ascii: "0"))
                {
                    return "percent-encoded separator or dot"
                }
            case UInt8(ascii: "/") where i > 0:
                if let problem = segmentProblem(p, segmentStart, i) { return problem }
                segmentStart = i + 1
            default: break
            }
            i += 1
        }
        if n > 1, let problem = segmentProblem(p, segmentStart, n) { return problem }
        return nil
    }

    private static func segmentProblem(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        let len = end - start
        if len == 0 { return "empty path segment (//)" }
        if len == 1 && p[start] == UInt8(ascii: ".") { return "'.' segment" }
        if len == 2 && p[start] == UInt8(ascii: ".") && p[start + 1] == UInt8(ascii: ".") { return "'..' segment" }
        return nil
    }
}
