import HTTPWire
import NIOCore
import Testing

@testable import Gateway

/// Each rule of a client connection's state, without a socket: order, the pipeline limit,
/// refusals in their turn, early 413s and what each timeout means.
@Suite struct ClientConnectionStateTests {
    typealias State = ClientConnectionState

    /// A parsed head (the only way to make one: through the strict parser).
    static func head(_ text: String) throws -> RequestHead {
        var parser = RequestParser(maxHeadBytes: 16 * 1024)
        var bytes = ByteBuffer(string: text.replacingOccurrences(of: "\n", with: "\r\n"))
        guard case .head(let h)? = try parser.next(&bytes) else { throw NotAHead() }
        return h
    }

    struct NotAHead: Error {}

    static let get = "GET /health HTTP/1.1\nHost: x\n\n"

    /// What an action answers, by kind, for comparisons.
    static func answered(_ action: State.Action) -> String? {
        guard case .answer(let item) = action else { return nil }
        switch item {
        case .request(let h, _, _): return "request \(h.uri)"
        case .tooLarge: return "413"
        case .refused(let e): return "refused \(e.code)"
        }
    }

    @Test func requestsAreAnsweredOneAtATimeInOrder() throws {
        var s = State(bodyLimit: 100)
        #expect(s.readBegins() != nil)
        _ = s.head(try Self.head("GET /a HTTP/1.1\nHost: x\n\n"), now: .now())
        #expect(Self.answered(s.end(now: .now())) == "request /a")
        _ = s.head(try Self.head("GET /b HTTP/1.1\nHost: x\n\n"), now: .now())
        guard case .arm(.answer) = s.end(now: .now()) else { return #expect(Bool(false), "/b must wait") }
        #expect(Self.answered(s.answerWritten(keepAlive: true, pendingBytes: false)) == "request /b")
        guard case .arm(.idle) = s.answerWritten(keepAlive: true, pendingBytes: false) else {
            return #expect(Bool(false), "idle after the last answer")
        }
        #expect(s.timedOut() == .closeIdle)
        #expect(s.phase == .closing)
    }

    @Test func theSeventeenthWaitingRequestIsRefusedInItsTurnAndNothingMoreIsRead() throws {
        var s = State(bodyLimit: 100)
        _ = s.head(try Self.head(Self.get), now: .now())
        #expect(Self.answered(s.end(now: .now())) == "request /health")  // being answered
        for _ in 0..<State.maxWaiting {
            _ = s.head(try Self.head(Self.get), now: .now())
            _ = s.end(now: .now())
        }
        _ = s.head(try Self.head(Self.get), now: .now())
        _ = s.end(now: .now())
        #expect(s.phase == .refused)
        #expect(s.readBegins() == nil, "nothing after the refusal is read")
        var answers: [String] = []
        while let a = Self.answered(s.answerWritten(keepAlive: true, pendingBytes: false)) { answers.append(a) }
        #expect(answers.count == State.maxWaiting + 1)
        #expect(answers.dropLast().allSatisfy { $0 == "request /health" })
        #expect(answers.last == "refused PIPELINE_LIMIT")
    }

    @Test func aBodyOverTheLimitIsRefusedAtOnceOnlyWhenNothingIsOwedBeforeIt() throws {
        var s = State(bodyLimit: 10)
        let big = try Self.head("POST /p HTTP/1.1\nHost: x\nContent-Length: 11\n\n")
        #expect(Self.answered(s.head(big, now: .now())) == "413")
        // Behind a request being answered, it waits for its turn.
        var t = State(bodyLimit: 10)
        _ = t.head(try Self.head(Self.get), now: .now())
        _ = t.end(now: .now())
        let chunked = try Self.head("POST /p HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n\n")
        _ = t.head(chunked, now: .now())
        var chunk = ByteBuffer(string: "0123456789ab")
        guard case .none = t.body(&chunk, now: .now()) else { return #expect(Bool(false), "no answer yet") }
        _ = t.end(now: .now())
        #expect(Self.answered(t.answerWritten(keepAlive: true, pendingBytes: false)) == "413")
    }

    @Test func eachTimeoutMeansWhatIsAwaited() throws {
        var s = State(bodyLimit: 100)
        #expect(s.timedOut() == .refuse(.head), "no head yet")
        _ = s.head(try Self.head("POST /p HTTP/1.1\nHost: x\nContent-Length: 5\n\n"), now: .now())
        #expect(s.timedOut() == .refuse(.body))
        var chunk = ByteBuffer(string: "hello")
        _ = s.body(&chunk, now: .now())
        _ = s.end(now: .now())
        #expect(s.timedOut() == .ignore, "no timeout while an answer is owed")
        // A closing answer ends everything.
        s.closing()
        #expect(s.readBegins() == nil)
        #expect(Self.answered(s.answerWritten(keepAlive: true, pendingBytes: false)) == nil)
    }
}
