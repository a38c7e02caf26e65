/// Maps (method, path) to the spec's operation: literal segments win over `{parameters}`; a path no
/// template matches is `.notFound` and a known path with another method `.methodNotAllowed` — both
/// decided before any authentication work.
public struct OperationTable: Sendable {
    /// The outcome of matching a request target.
    public enum Match: Sendable, Equatable {
        case operation(APIOperation)
        case methodNotAllowed(allow: [String])
        case notFound
    }

    private final class Node: @unchecked Sendable {
        /// Literal children, compared byte for byte: a handful per level, so a scan beats hashing.
        var literal: [(segment: [UInt8], node: Node)] = []
        var parameter: Node?
        var operations: [String: APIOperation] = [:]

        func child(_ segment: some Collection<UInt8>) -> Node? {
            literal.first { $0.segment.count == segment.count && $0.segment.elementsEqual(segment) }?.node
        }
    }

    private let root = Node()
    public let all: [APIOperation]

    struct Conflict: Error, CustomStringConvertible {
        let description: String
    }

    init(_ operations: [APIOperation]) throws(Conflict) {
        all = operations
        for op in operations {
            var node = root
            for segment in op.pathTemplate.split(separator: "/", omittingEmptySubsequences: true) {
                if segment.hasPrefix("{") && segment.hasSuffix("}") {
                    if node.parameter == nil { node.parameter = Node() }
                    node = node.parameter!
                } else if let next = node.child(segment.utf8) {
                    node = next
                } else {
                    let next = Node()
                    node.literal.append((Array(segment.utf8), next))
                    node = next
                }
            }
            guard node.operations[op.method] == nil else {
                throw Conflict(description: "\(op.method) \(op.pathTemplate) is declared twice")
            }
            node.operations[op.method] = op
        }
    }

    /// Matches a canonical path (the caller has refused non-canonical ones already).
    public func match(method: String, path: Substring) -> Match {
        var path = path
        let found = path.withUTF8 { find(root, $0[...]) }
        guard let node = found else { return .notFound }
        if let op = node.operations[method] { return .operation(op) }
        return .methodNotAllowed(allow: node.operations.keys.sorted())
    }

    /// Walks `rest` ("/a/b/c") segment by segment, literal children before a parameter.
    private func find(_ node: Node, _ rest: Slice<UnsafeBufferPointer<UInt8>>) -> Node? {
        let start = rest.firstIndex { $0 != UInt8(ascii: "/") } ?? rest.endIndex
        guard start < rest.endIndex else { return node.operations.isEmpty ? nil : node }
        let end = rest[start...].firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
        let after = rest[end...]
        if let next = node.child(rest[start..<end]), let hit = find(next, after) { return hit }
        if let p = node.parameter, let hit = find(p, after) { return hit }
        return nil
    }
}
