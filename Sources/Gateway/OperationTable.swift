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
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let node = find(root, segments[...]) else { return .notFound }
        if let op = node.operations[method] { return .operation(op) }
        return .methodNotAllowed(allow: node.operations.keys.sorted())
    }

    private func find(_ node: Node, _ rest: ArraySlice<Substring>) -> Node? {
        guard let first = rest.first else { return node.operations.isEmpty ? nil : node }
        if let next = node.literal[first], let hit = find(next, rest.dropFirst()) { return hit }
        if let p = node.parameter, let hit = find(p, rest.dropFirst()) { return hit }
        return nil
    }
}
