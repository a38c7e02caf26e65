import PaymentBackend
import Testing
import TronKit

/// The breaker judges the node by its failure rate, probes after a cool-down that grows while
/// probes fail, and lets held payouts go as soon as it closes.
@Suite("Circuit breaker")
struct CircuitBreakerTests {
    @Test("a burst of refusals among many successes in the window does not open it")
    func rateNotCount() {
        var b = CircuitBreaker(failureThreshold: 5, failureRatePercent: 50, windowMs: 10_000)
        for i in 0..<100 {
            if i % 5 == 0 { b.recordFailure(now: 1_000 + Int64(i)) } else { b.recordSuccess(now: 1_000 + Int64(i)) }
        }
        #expect(b.state == .closed, "20 failures among 100 calls")
        // A node that fails most calls opens it.
        for i in 0..<100 { b.recordFailure(now: 1_200 + Int64(i)) }
        #expect(b.isOpen)
    }

    @Test("failures outside the window are forgotten")
    func window() {
        var b = CircuitBreaker(failureThreshold: 3, failureRatePercent: 50, windowMs: 1_000)
        b.recordFailure(now: 0)
        b.recordFailure(now: 100)
        b.recordFailure(now: 5_000)
        #expect(b.state == .closed)
        b.recordFailure(now: 5_100)
        b.recordFailure(now: 5_200)
        #expect(b.isOpen)
    }

    @Test("open → half-open after the cool-down; a failed probe doubles it up to the cap; closing resets it")
    func coolDown() {
        var b = CircuitBreaker(
            failureThreshold: 1, openDurationMs: 1_000, maxOpenDurationMs: 3_000, successThreshold: 2)
        b.recordFailure(now: 0)
        #expect(b.state == .open(since: 0, coolDownMs: 1_000))
        let early = b.allowsCall(now: 999)
        #expect(!early)
        let allowed1000 = b.allowsCall(now: 1_000)
        #expect(allowed1000)
        #expect(b.state == .halfOpen(successes: 0))
        b.recordFailure(now: 1_000)
        #expect(b.state == .open(since: 1_000, coolDownMs: 2_000))
        let allowed3000 = b.allowsCall(now: 3_000)
        #expect(allowed3000)
        b.recordFailure(now: 3_000)
        #expect(b.state == .open(since: 3_000, coolDownMs: 3_000))
        let allowed6000 = b.allowsCall(now: 6_000)
        #expect(allowed6000)
        b.recordSuccess(now: 6_000)
        b.recordSuccess(now: 6_001)
        #expect(b.state == .closed)
        b.recordFailure(now: 7_000)
        #expect(b.state == .open(since: 7_000, coolDownMs: 1_000), "the cool-down starts over")
    }

    @Test("a success from a call already out while open counts as a probe")
    func successesWhileOpenCount() {
        var b = CircuitBreaker(failureThreshold: 1, openDurationMs: 60_000, successThreshold: 2)
        b.recordFailure(now: 0)
        b.recordSuccess(now: 10)
        #expect(b.state == .halfOpen(successes: 1))
        b.recordSuccess(now: 20)
        #expect(b.state == .closed)
    }

    @Test("payouts held while the breaker was open go out on the first pass after it closes")
    func heldPayoutsGoOutWhenItCloses() async throws {
        try await WalletHarness.with(configure: {
            $0.breaker = CircuitBreaker(failureThreshold: 3, openDurationMs: 60_000, successThreshold: 1)
        }) { h in
            try await h.adminPost("/admin/faults", #"{"node_down": "unavailable"}"#)
            let first = try await h.service.create(
                try h.request(PrivateKey.random().address, "1"), who: WalletHarness.service, idempotencyKey: "b1")
            _ = try await h.runUntil(first.0.id) { $0.status == .held && $0.reasonCode == "CIRCUIT_OPEN" }
            guard case .open(let since, let coolDown) = await h.engine.breaker.state else {
                Issue.record("the breaker did not open")
                return
            }
            // Late in the cool-down a new payout arrives and is held too.
            h.clock.advance(ms: since + coolDown - 1_000 - h.clock.nowMs())
            let late = try await h.service.create(
                try h.request(PrivateKey.random().address, "2"), who: WalletHarness.service, idempotencyKey: "b2")
            _ = try await h.runUntil(late.0.id) { $0.status == .held && $0.reasonCode == "CIRCUIT_OPEN" }
            // The node recovers; the cool-down ends; the probe closes the breaker. Both payouts go
            // out without waiting for a retry time of their own (the clock is not moved again: a
            // minute of it would pass only in real time, longer than this wait).
            try await h.adminPost("/admin/faults", #"{"node_down": "none"}"#)
            h.clock.advance(ms: 1_000)
            for id in [first.0.id, late.0.id] {
                _ = try await h.runUntil(id, timeout: .seconds(20)) { $0.status == .confirmed }
            }
            #expect(await h.engine.breaker.state == .closed)
        }
    }
}
