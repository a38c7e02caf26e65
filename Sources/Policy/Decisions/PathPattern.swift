/// An endpoint pattern: segments separated by `/`; `*` matches exactly one segment; `**`, only as
/// the last segment, matches zero or more segments. `/api/v1/payouts/*` matches
/// `/api/v1/payouts/po_1` but not `/api/v1/payouts` nor `/api/v1/payouts/po_1/cancel`.
public struct PathPattern: Sendable, Equatable, CustomStringConvertible {
    enum Segment: Sendable, Equatable {
        case literal([UInt8])
        case one
        case rest
    }

    let segments: [Segment]
    public let text: String

    /// Parses a pattern; throws a reason when it is not well formed.
    public init(_ text: String) throws(PolicyError) {
        self.text = text
        guard text.hasPrefix("/") else { throw .badRequest("pattern '\(text)' must start with /") }
        if text == "/" {
            segments = []
            return
        }
        if let problem = CanonicalPath.problem(text.replacingOccurrencesOfStars()) {
            throw .badRequest("pattern '\(text)': \(problem)")
        }
        let parts = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        var segs: [Segment] = []
        for (i, part) in parts.enumerated() {
            switch part {
            case "*": segs.append(.one)
            case "**":
                guard i == parts.count - 1 else {
                    throw .badRequest("pattern '\(text)': ** is only allowed as the last segment")
                }
                segs.append(.rest)
            default:
                guard !part.contains("*") else { throw .badRequest("pattern '\(text)': * must be a whole segment") }
                segs.append(.literal(Array(part.utf8)))
            }
        }
        segments = segs
    }

    public var description: String { text }

    /// Whether the canonical path in `p` matches. Allocates nothing.
    func matches(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        var pos = 1
        for seg in segments {
            if case .rest = seg { return true }
            guard pos < n else { return false }
            var end = pos
            while end < n && p[end] != UInt8(ascii: "/") { end += 1 }
            if case .literal(let lit) = seg {
                guard end - pos == lit.count else { return false }
                let same = lit.withUnsafeBufferPointer { l in
                    var k = 0
                    while k < l.count {
                        guard p[pos &+ k] == l[k] else { return false }
                        k &+= 1
                    }
                    return true
                }
                guard same else { return false }
            }
            pos = end + 1
        }
        return pos >= n
    }

    /// Whether every path this pattern matches is also matched by `other` (used to find dead and
    /// redundant rules).
    func isCovered(by other: PathPattern) -> Bool {
        var i = 0
        for seg in other.segments {
            if case .rest = seg { return true }
            guard i < segments.count else { return false }
            switch (seg, segments[i]) {
            case (.one, .one), (.one, .literal): break
            case (.literal(let a), .literal(let b)) where a == b: break
            default: return false
            }
            i += 1
        }
        return i == segments.count
    }
}

extension String {
    /// The pattern with wildcards replaced by a plain segment, to reuse the canonical-path check.
    fileprivate func replacingOccurrencesOfStars() -> String {
        split(separator: "/", omittingEmptySubsequences: false).map { $0 == "*" || $0 == "**" ? "x" : String($0) }
            .joined(separator: "/")
    }
}
