import NIOCore
import Testing

@testable import HTTPWire

/// Each rule of a pooled connection's state, without a socket: requests held until connected,
/// nothing pipelined behind a request that is not idempotent, answers to the oldest request,
/// `Connection: close` and stray bytes ending the connection, failure failing every waiter once.
@Suite struct PooledConnectionStateTests {
    typealias State = PooledConnectionState<Int>

    static func bytes(_ s: String) -> ByteBuffer { ByteBuffer(string: s) }

    @Test func heldUntilConnectedThenWrittenInOrder() {
        var s = State()
        guard case .hold = s.enqueue(Self.bytes("a"), idempotent: true, waiter: 1) else {
            Issue.record("unexpected action"); return
        }
        guard case .hold = s.enqueue(Self.bytes("b"), idempotent: true, waiter: 2) else {
            Issue.record("unexpected action"); return
        }
        guard case .writeAndFlush(let held) = s.connected() else { Issue.record("unexpected action"); return }
        #expect(held.map { String(buffer: $0) } == ["a", "b"])
        guard case .write(let c) = s.enqueue(Self.bytes("c"), idempotent: true, waiter: 3) else {
            Issue.record("unexpected action"); return
        }
        #expect(String(buffer: c) == "c" && Array(s.waiting) == [1, 2, 3])
    }

    @Test func nothingRidesBehindARequestThatIsNotIdempotent() {
        var s = State()
        _ = s.connected()
        _ = s.enqueue(Self.bytes("GET"), idempotent: true, waiter: 1)
        #expect(s.acceptsMore)
        _ = s.enqueue(Self.bytes("POST"), idempotent: false, waiter: 2)
        #expect(!s.acceptsMore && s.reusable)
        guard case .deliver(1, settleFirst: false, next: .wait) = s.answered(keepAlive: true, moreBuffered: false)
        else { Issue.record("unexpected action"); return }
        #expect(!s.acceptsMore)
        guard case .deliver(2, settleFirst: true, next: .wait) = s.answered(keepAlive: true, moreBuffered: false)
        else { Issue.record("unexpected action"); return }
        #expect(s.acceptsMore, "with nothing in flight the connection takes requests again")
    }

    @Test func connectionCloseAndStrayBytesEndTheConnection() {
        var s = State()
        _ = s.connected()
        _ = s.enqueue(Self.bytes("a"), idempotent: true, waiter: 1)
        _ = s.enqueue(Self.bytes("b"), idempotent: true, waiter: 2)
        guard
            case .deliver(1, settleFirst: false, next: .fail(.closed)) = s.answered(
                keepAlive: false, moreBuffered: false)
        else { Issue.record("unexpected action"); return }
        #expect(!s.reusable && !s.acceptsMore)
        #expect(Array(s.fail()) == [2], "the request behind Connection: close fails")

        var t = State()
        _ = t.connected()
        _ = t.enqueue(Self.bytes("a"), idempotent: true, waiter: 1)
        guard
            case .deliver(1, settleFirst: false, next: .fail(.invalid)) = t.answered(
                keepAlive: true, moreBuffered: true)
        else { Issue.record("unexpected action"); return }
        guard case .fail(.invalid) = t.answered(keepAlive: true, moreBuffered: false) else {
            Issue.record("unexpected action"); return
        }
    }

    @Test func pipelinedAnswersParseOnAndFailureFailsEachWaiterOnce() {
        var s = State()
        _ = s.connected()
        for i in 1...3 { _ = s.enqueue(Self.bytes("\(i)"), idempotent: true, waiter: i) }
        guard case .deliver(1, settleFirst: false, next: .parseMore) = s.answered(keepAlive: true, moreBuffered: true)
        else { Issue.record("unexpected action"); return }
        #expect(Array(s.fail()) == [2, 3])
        #expect(s.fail().isEmpty)
    }

    @Test func failingWhileConnectingClosesOnConnect() {
        var s = State()
        _ = s.enqueue(Self.bytes("a"), idempotent: false, waiter: 1)
        #expect(Array(s.fail()) == [1])
        guard case .close = s.connected() else { Issue.record("unexpected action"); return }
    }
}

extension WireError {
    /// Matches any `.invalid`, whatever its reason (for patterns in these tests).
    static func ~= (pattern: WireError, value: WireError) -> Bool {
        switch (pattern, value) {
        case (.invalid, .invalid): true
        default: pattern == value
        }
    }
}
