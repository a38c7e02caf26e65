/// A circuit breaker on TRON node failures, as an explicit state machine that judges the node by
/// its failure rate, not by a raw count: a burst of transient refusals among many successful calls
/// does not stop payouts.
///
///     closed ─(≥ failureThreshold failures and ≥ failureRatePercent of the calls in the window)─► open
///     open ─(cool-down elapsed, or a call already out succeeds)─► halfOpen
///     halfOpen ─(successThreshold successes)─► closed        halfOpen ─(a failure)─► open (cool-down doubled)
///
/// The cool-down starts at `openDurationMs` and doubles each time a half-open probe fails, up to
/// `maxOpenDurationMs`; closing resets it.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case closed
        case open(since: Int64, coolDownMs: Int64)
        case halfOpen(successes: Int)

        /// The name used in health, metrics and stats.
        public var name: String {
            switch self {
            case .closed: "closed"
            case .open: "open"
            case .halfOpen: "half_open"
            }
        }
    }

    /// Least failures in the window that can open the breaker.
    public var failureThreshold = 5
    /// Share of the window's calls that must have failed, in percent.
    public var failureRatePercent = 50
    /// The window the rate is taken over, in milliseconds (ten buckets).
    public var windowMs: Int64 = 10_000
    /// The first cool-down before a probe, in milliseconds.
    public var openDurationMs: Int64 = 5_000
    /// The longest cool-down, in milliseconds.
    public var maxOpenDurationMs: Int64 = 60_000
    /// Successes in half-open that close it.
    public var successThreshold = 2
    public private(set) var state: State = .closed
    /// Outcomes per tenth of the window: (bucket index, successes, failures).
    private var buckets: [Bucket] = []
    /// The cool-down the next opening gets.
    private var nextCoolDownMs: Int64?

    private struct Bucket: Sendable, Equatable {
        let index: Int64
        var successes = 0
        var failures = 0
    }

    public init(
        failureThreshold: Int = 5, failureRatePercent: Int = 50, windowMs: Int64 = 10_000,
        openDurationMs: Int64 = 5_000, maxOpenDurationMs: Int64 = 60_000, successThreshold: Int = 2
    ) {
        self.failureThreshold = failureThreshold
        self.failureRatePercent = failureRatePercent
        self.windowMs = windowMs
        self.openDurationMs = openDurationMs
        self.maxOpenDurationMs = max(maxOpenDurationMs, openDurationMs)
        self.successThreshold = successThreshold
    }

    /// Whether a call may go out now (moves open → halfOpen once the cool-down has passed).
    public mutating func allowsCall(now: Int64) -> Bool {
        switch state {
        case .closed, .halfOpen: return true
        case .open(let since, let coolDown):
            guard now - since >= coolDown else { return false }
            state = .halfOpen(successes: 0)
            return true
        }
    }

    public mutating func recordSuccess(now: Int64) {
        switch state {
        case .closed: count(now: now, failed: false)
        case .open, .halfOpen:
            // While open, only calls already out can answer: a success is a probe that worked.
            let n = successesSoFar + 1
            if n >= successThreshold { close() } else { state = .halfOpen(successes: n) }
        }
    }

    public mutating func recordFailure(now: Int64) {
        switch state {
        case .closed:
            count(now: now, failed: true)
            let (successes, failures) = totals(now: now)
            if failures >= failureThreshold, failures * 100 >= failureRatePercent * (successes + failures) {
                open(now: now)
            }
        case .halfOpen: open(now: now)
        case .open: break
        }
    }

    /// Admin reset: closed, counters cleared.
    public mutating func reset() { close() }

    public var isOpen: Bool { if case .open = state { true } else { false } }

    private var successesSoFar: Int { if case .halfOpen(let n) = state { n } else { 0 } }

    private mutating func open(now: Int64) {
        let coolDown = nextCoolDownMs ?? openDurationMs
        state = .open(since: now, coolDownMs: coolDown)
        nextCoolDownMs = min(coolDown * 2, maxOpenDurationMs)
        buckets.removeAll()
    }

    private mutating func close() {
        state = .closed
        nextCoolDownMs = nil
        buckets.removeAll()
    }

    private mutating func count(now: Int64, failed: Bool) {
        let width = max(1, windowMs / 10)
        let index = now / width
        buckets.removeAll { $0.index <= index - 10 }
        if buckets.last?.index != index { buckets.append(Bucket(index: index)) }
        if failed { buckets[buckets.count - 1].failures += 1 } else { buckets[buckets.count - 1].successes += 1 }
    }

    private func totals(now: Int64) -> (successes: Int, failures: Int) {
        let index = now / max(1, windowMs / 10)
        return buckets.filter { $0.index > index - 10 }.reduce((0, 0)) { ($0.0 + $1.successes, $0.1 + $1.failures) }
    }
}
