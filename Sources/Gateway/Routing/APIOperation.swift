/// Who may call an operation: anyone (`x-public`), or a caller whose role grants a permission
/// (`x-permission`). One or the other, never both or neither.
public enum Access: Sendable, Equatable {
    case open
    case requires(permission: String)

    /// The permission required, if any.
    public var permission: String? {
        if case .requires(let p) = self { p } else { nil }
    }
}

/// One operation of the spec: method, path template, and what the gateway enforces for it.
public struct APIOperation: Sendable, Equatable {
    public let id: String
    public let method: String
    public let pathTemplate: String
    /// Who may call it.
    public let access: Access
    /// Served only through the admin door once one is configured (`x-admin`).
    public let isAdmin: Bool
    /// The rate-limit class (`x-rate-limit`).
    public let rateClass: String
    /// Set when the gateway answers the operation itself; nil means it is forwarded to the wallet.
    public let local: GatewayOperation?
    public let summary: String
}

/// The operations the gateway answers itself, named by their `operationId` in the spec.
public enum GatewayOperation: String, Sendable, CaseIterable {
    case issueToken, getJWKS, getSpecYAML, getSpecJSON, getDocs, getHealth, getHealthLive, getHealthReady
    case getAdminPage, getAdminLogin, postAdminLogin, postAdminLogout

    /// Local operations that need a caller (all others are public).
    public var needsIdentity: Bool { self == .getAdminPage }

    /// The admin page and its sign-in, which the spec must mark `x-admin`.
    public var isAdminPage: Bool { [.getAdminPage, .getAdminLogin, .postAdminLogin, .postAdminLogout].contains(self) }
}
