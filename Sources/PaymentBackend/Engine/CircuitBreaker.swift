/// A circuit breaker on TRON node failures, as an explicit state machine.
///
/// closed ─(N consecutive failures)─► open ─(cool-down elapsed)─► halfOpen ─(M successes)─► closed
///                                     ▲                              │
///                                     └──────────(any failure)───────┘
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case closed(consecutiveFailures: Int)
        case open(since: Int64)
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

    /// Consecutive failures that open the breaker (seed default 5).
    public var failureThreshold = 5
    /// Milliseconds the breaker stays open before trying again (seed default 60 s).
    public var openDurationMs: Int64 = 60_000
    /// Successes in half-open that close it (seed default 2).
    public var successThreshold = 2
    public private(set) var state: State = .closed(consecutiveFailures: 0)

    public init(failureThreshold: Int = 5, openDurationMs: Int64 = 60_000, successThreshold: Int = 2) {
        self.failureThreshold = failureThreshold
        self.openDurationMs = openDurationMs
        self.successThreshold = successThreshold
    }

    /// Whether a call may go out now (moves open → halfOpen once the cool-down has passed).
    public mutating func allowsCall(now: Int64) -> Bool {
        switch state {
        case .closed, .halfOpen: return true
        case .open(let since):
            guard now - since >= openDurationMs else { return false }
            state = .halfOpen(successes: 0)
            return true
        }
    }

    public mutating func recordSuccess() {
        switch state {
        case .closed: state = .closed(consecutiveFailures: 0)
        case .halfOpen(let n):
            state = n + 1 >= successThreshold ? .closed(consecutiveFailures: 0) : .halfOpen(successes: n + 1)
        case .open: break
        }
    }

    public mutating func recordFailure(now: Int64) {
        switch state {
        case .closed(let n): state = n + 1 >= failureThreshold ? .open(since: now) : .closed(consecutiveFailures: n + 1)
        case .halfOpen: state = .open(since: now)
        case .open: break
        }
    }

    /// Admin reset: closed, counters cleared.
    public mutating func reset() { state = .closed(consecutiveFailures: 0) }

    public var isOpen: Bool { if case .open = state { true } else { false } }
}
