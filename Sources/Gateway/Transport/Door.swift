/// The kind of listener a connection came in on. With an admin door configured
/// (`LUCID_GATEWAY_ADMIN_PROXY_PORT`, the target of the admin onion, which has v3 client
/// authorization), the spec's `x-admin` operations exist only there: on every other listener they
/// are 404, whatever the token, so a stolen admin token is useless without the admin's onion key.
public enum Door: Sendable, Equatable {
    /// The plain listener and the public onion's PROXY listener.
    case general
    /// The admin onion's PROXY listener.
    case admin
}
