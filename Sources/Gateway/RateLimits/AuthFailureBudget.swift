/// Failed authentications allowed per client key (circuit or address) per minute: past it, an
/// uncached token is refused before its signature is checked, on the API and on the admin sign-in.
struct AuthFailureBudget: Sendable {
    let limiter: RateLimiter
    let policy: RateLimitPolicy
    let metrics: GatewayMetrics

    init(limiter: RateLimiter, perMinute: Int, metrics: GatewayMetrics) {
        self.limiter = limiter
        self.policy = RateLimitPolicy(name: "auth-failures", limit: perMinute, windowSeconds: 60)
        self.metrics = metrics
    }

    private func key(_ client: ClientInfo) -> RateLimiter.Key {
        RateLimiter.Key(principal: client.rateKey, rateClass: policy.name)
    }

    /// A 429 when `client` has used up its failed authentications, else nil (nothing charged).
    func exhausted(_ client: ClientInfo) -> GatewayError? {
        let d = limiter.peek(key: key(client), policy: policy)
        return d.allowed ? nil : .rateLimited(d)
    }

    /// Charges one failed authentication to `client`.
    func record(_ refusal: TokenRefusal, _ client: ClientInfo) {
        metrics.authFailure(refusal)
        _ = limiter.check(key: key(client), policy: policy)
    }
}
