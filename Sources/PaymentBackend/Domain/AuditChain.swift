/// Recomputes the audit chain and reports the first broken link: an entry whose hash does not match
/// its fields, whose `previousHash` is not the hash before it, or a gap in the sequence (a deleted row).
///
/// ```swift
/// var chain = AuditChain()
/// for entry in page { if let broken = chain.check(entry) { print(broken) } }
/// ```
public struct AuditChain: Sendable {
    /// Why a link is broken.
    public struct Break: Sendable, Equatable, CustomStringConvertible {
        public var seq: Int64
        public var reason: String
        public var description: String { "audit entry \(seq): \(reason)" }
    }

    public private(set) var count = 0
    public private(set) var lastSeq: Int64 = 0
    public private(set) var headHash = AuditEntry.genesisHash

    public init() {}

    /// Checks the next entry (in `seq` order); returns the break, or nil when the link holds.
    public mutating func check(_ e: AuditEntry) -> Break? {
        defer {
            count += 1
            lastSeq = e.seq
            headHash = e.hash
        }
        if e.seq != lastSeq + 1 {
            return Break(seq: e.seq, reason: "expected entry \(lastSeq + 1) next (an entry was deleted or renumbered)")
        }
        if e.previousHash != headHash {
            return Break(seq: e.seq, reason: "previous_hash does not match entry \(lastSeq)'s hash")
        }
        if e.hash != e.computedHash {
            return Break(seq: e.seq, reason: "its hash does not match its content (the entry was altered)")
        }
        return nil
    }
}
