import HTTPWire
import NIOCore
import Synchronization

/// A quota: `limit` requests per `windowSeconds`, named after its `x-rate-limit` class. A class:
/// each request's decision refers to its policy, and is copied along the request's path.
public final class RateLimitPolicy: Sendable, Equatable {
    public let name: String
    public let limit: Int
    public let windowSeconds: Int

    /// `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers): `"create";q=10;w=60`.
    public let header: String

    public init(name: String, limit: Int, windowSeconds: Int) {
        self.name = name
        self.limit = limit
        self.windowSeconds = windowSeconds
        header = "\"\(name)\";q=\(limit);w=\(windowSeconds)"
    }

    public static func == (a: RateLimitPolicy, b: RateLimitPolicy) -> Bool {
        a.name == b.name && a.limit == b.limit && a.windowSeconds == b.windowSeconds
    }
}

/// What the limiter said about one request.
public struct RateLimitDecision: Sendable, Equatable {
    public let allowed: Bool
    public let policy: RateLimitPolicy
    /// Requests still allowed right now.
    public let remaining: Int
    /// Seconds until the quota is full again.
    public let resetSeconds: Int
    /// Seconds until the next request would be allowed (0 when allowed).
    public let retryAfterSeconds: Int

    /// `RateLimit` (draft-ietf-httpapi-ratelimit-headers): `"create";r=9;t=6`.
    public var header: String {
        var out = ByteBuffer()
        out.writeHead(estimate: policy.name.utf8.count + 48) { writeHeader(to: &$0) }
        return String(buffer: out)
    }

    /// Writes the `RateLimit` value (`header`) straight into a response head.
    func writeHeader(to w: inout HeadWriter) {
        w.append("\"")
        w.append(policy.name)
        w.append("\";r=")
        w.append(decimal: remaining)
        w.append(";t=")
        w.append(decimal: resetSeconds)
    }
}

/// GCRA (the generic cell rate algorithm) per key, e.g. (principal, class): one timestamp per key,
/// bursts up to the quota, smooth refill. Keys live in lock-striped shards with a bound on their
/// number; a key whose quota is full again carries no state and is evicted first.
///
/// ```swift
/// let limiter = RateLimiter(maxKeys: 100_000)
/// let d = limiter.check(key: "svc-1|create", policy: .init(name: "create", limit: 10, windowSeconds: 60))
/// ```
public final class RateLimiter: Sendable {
    /// Who is limited, and in which class.
    public struct Key: Hashable, Sendable {
        public let principal: String
        public let rateClass: String
        public init(principal: String, rateClass: String) {
            self.principal = principal
            self.rateClass = rateClass
        }
    }

    private final class Shard: Sendable {
        let table = Mutex<[Key: Int64]>([:])
    }

    private let shards: [Shard]
    private let maxKeysPerShard: Int

    public init(maxKeys: Int = 100_000, shards: Int = 16) {
        self.shards = (0..<shards).map { _ in Shard() }
        maxKeysPerShard = max(1, maxKeys / shards)
    }

    /// Charges one request to `key` under `policy` at `nowNanos` (monotonic).
    public func check(key: String, policy: RateLimitPolicy, nowNanos: Int64 = RateLimiter.monotonicNanos())
        -> RateLimitDecision
    {
        check(key: Key(principal: key, rateClass: policy.name), policy: policy, nowNanos: nowNanos)
    }

    /// Charges one request to `key` under `policy` at `nowNanos` (monotonic).
    public func check(key: Key, policy: RateLimitPolicy, nowNanos: Int64 = RateLimiter.monotonicNanos())
        -> RateLimitDecision
    {
        let shard = shards[Int(UInt(bitPattern: key.hashValue) % UInt(shards.count))]
        return shard.table.withLock { table in
            // One lookup serves the read and the update.
            let slot = table.index(forKey: key)
            let (decision, newTAT) = Self.decide(slot.map { table.values[$0] }, policy: policy, nowNanos: nowNanos)
            guard let newTAT else { return decision }
            if let slot {
                table.values[slot] = newTAT
            } else {
                if table.count >= maxKeysPerShard { Self.evict(&table, now: nowNanos, cap: maxKeysPerShard) }
                table[key] = newTAT
            }
            return decision
        }
    }

    /// What `check` would decide for `key` now, without charging anything.
    public func peek(key: Key, policy: RateLimitPolicy, nowNanos: Int64 = RateLimiter.monotonicNanos())
        -> RateLimitDecision
    {
        let shard = shards[Int(UInt(bitPattern: key.hashValue) % UInt(shards.count))]
        return Self.decide(shard.table.withLock { $0[key] }, policy: policy, nowNanos: nowNanos).decision
    }

    /// GCRA's decision for a key whose theoretical arrival time is `stored` (nil: never seen), and
    /// the arrival time to store when the request is allowed.
    private static func decide(_ stored: Int64?, policy: RateLimitPolicy, nowNanos: Int64) -> (
        decision: RateLimitDecision, newTAT: Int64?
    ) {
        let window = Int64(policy.windowSeconds) * 1_000_000_000
        let interval = window / Int64(policy.limit)
        let tat = max(stored ?? nowNanos, nowNanos)
        let allowAt = tat - (window - interval)
        guard nowNanos >= allowAt else {
            let refused = RateLimitDecision(
                allowed: false, policy: policy, remaining: 0, resetSeconds: ceilSeconds(tat - nowNanos),
                retryAfterSeconds: max(1, ceilSeconds(allowAt - nowNanos)))
            return (refused, nil)
        }
        let newTAT = tat + interval
        let allowed = RateLimitDecision(
            allowed: true, policy: policy, remaining: max(0, Int((window - (newTAT - nowNanos)) / interval)),
            resetSeconds: ceilSeconds(newTAT - nowNanos), retryAfterSeconds: 0)
        return (allowed, newTAT)
    }

    /// Keys held now (for tests and the metrics page).
    public var keyCount: Int { shards.reduce(0) { n, s in n + s.table.withLock { $0.count } } }

    private static func evict(_ table: inout [Key: Int64], now: Int64, cap: Int) {
        table = table.filter { $0.value > now }
        if table.count >= cap {
            // Still full of active keys: drop the half closest to full quota again.
            let cutoff = table.values.sorted()[table.count / 2]
            table = table.filter { $0.value > cutoff }
        }
    }

    private static func ceilSeconds(_ nanos: Int64) -> Int { Int((max(0, nanos) + 999_999_999) / 1_000_000_000) }

    /// The monotonic clock in nanoseconds (NIO's reading of it: one `clock_gettime`, no `Duration`
    /// arithmetic).
    public static func monotonicNanos() -> Int64 { Int64(NIODeadline.now().uptimeNanoseconds) }
}
