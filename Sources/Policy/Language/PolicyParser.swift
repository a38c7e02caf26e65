/// Parses the ACL language (grammar in acl/README.md) into a `PolicyDocument`. Errors carry
/// file:line:column and suggest the closest known keyword or key.
///
/// ```swift
/// let doc = try PolicyParser.parse(text, file: "planes.acl")
/// ```
public enum PolicyParser {
    static let blocks = ["plane", "service", "external", "rule", "role"]
    static let keys: [String: [String]] = [
        "plane": ["description"],
        "service": ["plane", "description"],
        "external": ["description"],
        "rule": [
            "source_plane", "source_service", "target_plane", "target_service", "target", "via", "methods",
            "allowed_endpoints", "action", "reason", "description",
        ],
        "role": ["permissions", "inherits", "scope", "description"],
    ]
    static let listKeys: Set<String> = ["methods", "allowed_endpoints", "permissions", "inherits"]
    static let maxBlocks = 100_000

    /// Parses one file's text.
    public static func parse(_ text: String, file: String = "<input>") throws(PolicyError) -> PolicyDocument {
        var p = Parser(lexer: PolicyLexer(file: file, text: text))
        return try p.document()
    }

    enum Value {
        case string(String)
        case list([String])
    }

    struct Parser {
        var lexer: PolicyLexer
        var lookahead: PolicyToken?

        mutating func peek() throws(PolicyError) -> PolicyToken {
            if let t = lookahead { return t }
            let t = try lexer.next()
            lookahead = t
            return t
        }

        mutating func take() throws(PolicyError) -> PolicyToken {
            let t = try peek()
            lookahead = nil
            return t
        }

        func fail(_ t: PolicyToken, _ message: String) -> PolicyError {
            .syntax(file: lexer.file, line: t.line, column: t.column, message: message)
        }

        func describe(_ t: PolicyToken) -> String {
            switch t.kind {
            case .identifier(let s): "'\(s)'"
            case .string(let s): "string \"\(s.prefix(40))\""
            case .symbol(let c): "'\(Character(Unicode.Scalar(c)))'"
            case .end: "end of file"
            }
        }

        mutating func expect(_ symbol: Character) throws(PolicyError) {
            let t = try take()
            guard case .symbol(let c) = t.kind, Character(Unicode.Scalar(c)) == symbol else {
                throw fail(t, "expected '\(symbol)', found \(describe(t))")
            }
        }

        mutating func string() throws(PolicyError) -> String {
            let t = try take()
            guard case .string(let s) = t.kind else { throw fail(t, "expected a quoted string, found \(describe(t))") }
            return s
        }

        mutating func document() throws(PolicyError) -> PolicyDocument {
            var doc = PolicyDocument()
            var count = 0
            while true {
                let t = try take()
                if case .end = t.kind { return doc }
                guard case .identifier(let kw) = t.kind, PolicyParser.blocks.contains(kw) else {
                    let word: String
                    if case .identifier(let s) = t.kind { word = s } else { word = "" }
                    throw fail(
                        t,
                        "expected one of plane, service, external, rule, role; found \(describe(t))"
                            + Suggestion.hint(word, PolicyParser.blocks))
                }
                count += 1
                guard count <= PolicyParser.maxBlocks else { throw fail(t, "too many declarations") }
                let name = try string()
                guard !name.isEmpty else { throw fail(t, "\(kw) names must not be empty") }
                let loc = SourceLocation(file: lexer.file, line: t.line, column: t.column)
                let fields = try body(kind: kw)
                try add(kw, name: name, fields: fields, at: loc, to: &doc, token: t)
            }
        }

        /// `{ key = value … }`; a key may appear once.
        mutating func body(kind: String) throws(PolicyError) -> [String: (Value, PolicyToken)] {
            try expect("{")
            var fields: [String: (Value, PolicyToken)] = [:]
            let allowed = PolicyParser.keys[kind] ?? []
            while true {
                let t = try take()
                if case .symbol(let c) = t.kind, c == UInt8(ascii: "}") { return fields }
                guard case .identifier(let key) = t.kind else {
                    throw fail(t, "expected a key or '}', found \(describe(t))")
                }
                guard allowed.contains(key) else {
                    throw fail(t, "unknown key '\(key)' in \(kind)" + Suggestion.hint(key, allowed))
                }
                guard fields[key] == nil else { throw fail(t, "'\(key)' is set twice") }
                try expect("=")
                let value: Value
                if PolicyParser.listKeys.contains(key) {
                    value = .list(try list())
                } else {
                    value = .string(try string())
                }
                fields[key] = (value, t)
            }
        }

        /// `[ "a", "b", ]` (a trailing comma is allowed).
        mutating func list() throws(PolicyError) -> [String] {
            try expect("[")
            var out: [String] = []
            while true {
                let t = try peek()
                if case .symbol(let c) = t.kind, c == UInt8(ascii: "]") {
                    _ = try take()
                    return out
                }
                out.append(try string())
                guard out.count <= 10_000 else { throw fail(t, "list too long") }
                let sep = try take()
                if case .symbol(let c) = sep.kind, c == UInt8(ascii: ",") { continue }
                if case .symbol(let c) = sep.kind, c == UInt8(ascii: "]") { return out }
                throw fail(sep, "expected ',' or ']', found \(describe(sep))")
            }
        }

        func add(
            _ kind: String, name: String, fields: [String: (Value, PolicyToken)], at loc: SourceLocation,
            to doc: inout PolicyDocument, token: PolicyToken
        ) throws(PolicyError) {
            func str(_ k: String) -> String? { if case .string(let s)? = fields[k]?.0 { s } else { nil } }
            func lst(_ k: String) -> [String]? { if case .list(let l)? = fields[k]?.0 { l } else { nil } }
            switch kind {
            case "plane": doc.planes.append(.init(name: name, location: loc))
            case "external": doc.externals.append(.init(name: name, location: loc))
            case "service":
                guard let plane = str("plane") else { throw fail(token, "service \"\(name)\" needs plane = \"…\"") }
                doc.services.append(.init(name: name, plane: plane, location: loc))
            case "rule":
                guard let actionText = str("action") else {
                    throw fail(token, "rule \"\(name)\" needs action = \"allow\" or \"deny\"")
                }
                guard let action = PolicyDocument.Rule.Action(rawValue: actionText) else {
                    let t = fields["action"]!.1
                    throw fail(
                        t,
                        "action must be \"allow\" or \"deny\", not \"\(actionText)\""
                            + Suggestion.hint(actionText, ["allow", "deny"]))
                }
                var external: String?
                if let target = str("target") {
                    guard target.hasPrefix("external:"), target.count > 9 else {
                        throw fail(fields["target"]!.1, "target must look like \"external:NAME\"")
                    }
                    external = String(target.dropFirst(9))
                }
                if external != nil, str("target_plane") != nil || str("target_service") != nil {
                    throw fail(token, "rule \"\(name)\" names both an external target and a target plane/service")
                }
                doc.rules.append(
                    .init(
                        name: name, sourcePlane: str("source_plane"), sourceService: str("source_service"),
                        targetPlane: str("target_plane"), targetService: str("target_service"),
                        externalTarget: external,
                        via: str("via"), methods: lst("methods")?.map { $0.uppercased() },
                        endpoints: lst("allowed_endpoints"),
                        action: action, reason: str("reason"), location: loc))
            case "role":
                doc.roles.append(
                    .init(
                        name: name, permissions: lst("permissions") ?? [], inherits: lst("inherits") ?? [],
                        scope: str("scope") ?? "all", location: loc))
            default: break
            }
        }
    }
}
