/// The plane ACL and RBAC engine that both the gateway and the wallet consult.
///
/// The language, validator and compiled decision structure arrive with the Policy issue; this
/// namespace exists so the package layout of DESIGN.md builds from the first commit.
public enum Policy {
    /// The planes of the system, as named in `acl/planes.acl`.
    public static let planes = ["ops", "wallet", "chain", "gui"]
}
