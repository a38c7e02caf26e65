import LucidAssertion
import Policy

extension Identity {
    /// The principal the wallet sees for this caller: its issuer and subject, and its role's
    /// permissions and ownership scope as the role table declares them.
    func principal(roles: RoleTable, requestID: String) -> Principal {
        let scope: Principal.Scope =
            switch roles.scope(of: role) {
            case .all: .all
            case .ownNodes: .ownNodes(nodeIDs ?? [])
            case .ownUser: .ownUser
            }
        return Principal(
            issuer: issuer, subject: subject, role: role, permissions: roles.permissions(of: role), scope: scope,
            requestID: requestID)
    }
}
