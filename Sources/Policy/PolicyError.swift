/// Every error the policy engine reports, with a stable code and, for syntax, a line:column.
public enum PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text does not follow the grammar (see acl/README.md).
    case syntax(file: String, line: Int, column: Int, message: String)
    /// The policy parsed but the validator found errors.
    case invalid([PolicyIssue])
    /// A request handed to the engine is malformed (e.g. a non-canonical path).
    case badRequest(String)

    public var code: String {
        switch self {
        case .syntax: "POLICY_SYNTAX"
        case .invalid: "POLICY_INVALID"
        case .badRequest: "POLICY_BAD_REQUEST"
        }
    }

    public var description: String {
        switch self {
        case .syntax(let f, let l, let c, let m): "\(f):\(l):\(c): \(m)"
        case .invalid(let issues): issues.map(\.description).joined(separator: "\n")
        case .badRequest(let m): m
        }
    }
}

/// One validator finding.
public struct PolicyIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    /// A stable code, e.g. `UNKNOWN_PLANE`, `DEAD_ALLOW`.
    public var code: String
    public var message: String
    public var location: SourceLocation

    public init(_ severity: Severity, _ code: String, _ message: String, at location: SourceLocation) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(severity.rawValue): \(code): \(message)" }
}

/// Where something was written: file, line and column (1-based).
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}
