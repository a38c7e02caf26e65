import TronKit

/// How the payout engine runs: the token, limits, fees, breaker, timing.
public struct EngineConfiguration: Sendable {
    /// The USDT-TRC20 contract (mainnet address; the devnet uses the same).
    public var usdtContract = TronAddress.usdtMainnet
    /// The network the node must be on (checked by its genesis block before signing).
    public var network = NetworkGuard.named("devnet")
    /// Addresses of earlier hot keys after a rotation: their in-flight payouts still confirm, and
    /// reconciliation still reads their transfers. Their keys are not needed (nothing is re-signed
    /// with them: an expired attempt is signed again with the current key).
    public var retiredAddresses: [TronAddress] = []
    public var limits = PayoutLimits()
    public var fees = FeePolicy()
    public var breaker = CircuitBreaker()
    /// Time between engine passes.
    public var tickInterval: Duration = .milliseconds(500)
    /// Lifetime of a signed transaction (ms after the head block time).
    public var transactionLifetimeMs: Int64 = 60_000
    /// Re-send the same signed bytes when a broadcast transaction is still unseen after this long.
    public var rebroadcastAfterMs: Int64 = 10_000
    /// Least time between two receipt look-ups for one broadcast payout (one mainnet block).
    public var confirmationPollMs: Int64 = 3_000
    /// How long a fetched solid/head block is reused before asking the node again.
    public var chainRefreshMs: Int64 = 1_000
    /// Most payouts signed per pass.
    public var batchSize = 500
    /// Concurrent node calls per pass.
    public var concurrency = 16
    /// New attempts after the first, each signed only once the one before is expired and proven
    /// absent from the solid chain; past them the payout fails `RETRY_LIMIT_REACHED`.
    public var maxRetryAttempts = 5
    /// How long a payout may stay unpaid (ms after its batch window starts; 0: no deadline). Past it, a
    /// payout with nothing signed, or whose last attempt is expired and proven absent, fails
    /// `PAYOUT_TIMEOUT` and its limit reservation is released; one whose transaction could still
    /// land is left to land or expire first.
    public var payoutTimeoutMs: Int64 = 86_400_000
    /// Least time between two sweeps for unsigned payouts past their deadline.
    public var timeoutSweepMs: Int64 = 60_000
    /// Delay before re-checking a payout held for funds or a node problem.
    public var retryDelayMs: Int64 = 30_000

    public init() {}
}
