/// Maps (method, path) to the spec's operation: literal segments win over `{parameters}`; a path no
/// template matches is `.notFound` and a known path with another method `.methodNotAllowed` — both
/// decided before any authentication work.
public struct OperationTable: Sendable {
    /// The outcome of matching a request target.
    public enum Match: Sendable, Equatable {
        case operation(Operation)
        case methodNotAllowed(allow: [String])
        case notFound
    }

    private final class Node: @unchecked Sendable {
        var literal: [Substring: Node] = [:]
        var parameter: Node?
        var operations: [String: Operation] = [:]
    }

    private let root = Node()
    public let all: [Operation]

    struct Conflict: Error, CustomStringConvertible {
        let description: String
    }

    init(_ operations: [Operation]) throws(Conflict) {
        all = operations
        for op in operations {
            var node = root
            for segment in op.pathTemplate.split(separator: "/", omittingEmptySubsequences: true) {
                if segment.hasPrefix("{") && segment.hasSuffix("}") {
                    if node.parameter == nil { node.parameter = Node() }
                    node = node.parameter!
                } else {
                    if node.literal[segment] == nil { node.literal[segment] = Node() }
                    node = node.literal[segment]!
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
        guard let node = find(root, path) else { return .notFound }
        if let op = node.operations[method] { return .operation(op) }
        return .methodNotAllowed(allow: node.operations.keys.sorted())
    }

    /// Walks `rest` ("/a/b/c") segment by segment, without splitting it into an array.
    private func find(_ node: Node, _ rest: Substring) -> Node? {
        let u = rest.utf8
        let start = u.firstIndex { $0 != UInt8(ascii: "/") } ?? u.endIndex
        let trimmed = rest[start...]
        guard !trimmed.isEmpty else { return node.operations.isEmpty ? nil : node }
        let end = trimmed.utf8.firstIndex(of: UInt8(ascii: "/")) ?? trimmed.endIndex
        let segment = trimmed[..<end]
        let after = trimmed[end...]
        if let next = node.literal[segment], let hit = find(next, after) { return hit }
        if let p = node.parameter, let hit = find(p, after) { return hit }
        return nil
    }
}
