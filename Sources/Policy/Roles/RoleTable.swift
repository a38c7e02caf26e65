/// Roles → permissions (with inheritance resolved) and each role's ownership scope.
///
/// ```swift
/// policy.roles.permissions(of: "node_operator")  // ["payment:create", "payment:list", "payment:read"]
/// policy.roles.scope(of: "end_user")             // .ownUser
/// ```
public struct RoleTable: Sendable, Equatable {
    /// Whose payouts a role may see or create.
    public enum Scope: String, Sendable, CaseIterable {
        case all
        case ownNodes = "own_nodes"
        case ownUser = "own_user"
    }

    let permissionsByRole: [String: Set<String>]
    let scopes: [String: Scope]

    init(_ roles: [PolicyDocument.Role]) throws(PolicyError) {
        let byName = Dictionary(roles.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var resolved: [String: Set<String>] = [:]
        var scopes: [String: Scope] = [:]
        func resolve(_ name: String, _ stack: [String]) throws(PolicyError) -> Set<String> {
            if let done = resolved[name] { return done }
            guard let role = byName[name] else { throw .badRequest("unknown role \(name)") }
            guard !stack.contains(name) else {
                throw .invalid([
                    .init(
                        .error, "ROLE_CYCLE", "role inheritance cycle: \((stack + [name]).joined(separator: " → "))",
                        at: role.location)
                ])
            }
            var perms = Set(role.permissions)
            for parent in role.inherits { perms.formUnion(try resolve(parent, stack + [name])) }
            resolved[name] = perms
            return perms
        }
        for r in roles {
            _ = try resolve(r.name, [])
            scopes[r.name] = Scope(rawValue: r.scope) ?? .all
        }
        permissionsByRole = resolved
        self.scopes = scopes
    }

    /// Every role name, sorted.
    public var names: [String] { permissionsByRole.keys.sorted() }

    /// The permissions a role has (empty for an unknown role: default deny).
    public func permissions(of role: String) -> Set<String> { permissionsByRole[role] ?? [] }

    /// Whether `role` grants `permission`.
    public func allows(_ role: String, _ permission: String) -> Bool {
        permissionsByRole[role]?.contains(permission) ?? false
    }

    /// The ownership scope of a role (unknown roles: own user only, the narrowest).
    public func scope(of role: String) -> Scope { scopes[role] ?? .ownUser }
}
