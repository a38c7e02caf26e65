import Policy

/// The ops-plane front door: authentication, authorisation, rate limits and forwarding to the
/// wallet. Filled by the gateway issue; present now so the package layout builds.
public enum Gateway {
    /// The plane this process lives in.
    public static let plane = "ops"
}
