import LucidAssertion

extension Principal {
    /// Throws 403 `FORBIDDEN` unless the assertion grants `permission`.
    func require(_ permission: String) throws(WalletError) {
        guard has(permission) else { throw .forbidden("missing permission \(permission)") }
    }
}
