import CMallocCounter
import Foundation
import Policy

// Policies of N rules over 20 services in 4 planes, random conditions and endpoint patterns; the
// measured request is the gateway → wallet call a real deployment makes on every request.

func policyText(rules: Int) -> String {
    var rng = SplitMix(seed: 42)
    var lines = (0..<4).map { "plane \"p\($0)\" {}" }
    lines += (0..<20).map { "service \"s\($0)\" { plane = \"p\($0 % 4)\" }" }
    let methods = ["GET", "POST", "PUT", "DELETE"]
    for i in 0..<(rules - 1) {
        var r = ["rule \"r\(i)\" {", "source_service = \"s\(rng.next() % 20)\"", "target_service = \"s\(rng.next() % 20)\""]
        r.append("methods = [\"\(methods[Int(rng.next() % 4)])\"]")
        r.append("allowed_endpoints = [\"/api/v\(rng.next() % 3)/r\(i)/*\", \"/health/*\"]")
        r.append("action = \"\(rng.next() % 5 == 0 ? "deny" : "allow")\"")
        r.append("}")
        lines += r
    }
    // The measured call: s0 → s1, POST /api/v1/payouts/po_123/cancel, allowed by this rule.
    lines += ["rule \"hot\" {", "source_service = \"s0\"", "target_service = \"s1\"", "methods = [\"POST\"]",
              "allowed_endpoints = [\"/api/v1/payouts/*/cancel\"]", "action = \"allow\"", "}"]
    return lines.joined(separator: "\n")
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Per-call nanoseconds over `n` calls, timed in groups of 100 (clock overhead amortised).
func measure(_ n: Int, _ body: () -> Bool) -> (p50: Double, p99: Double, allocs: Double) {
    var samples: [Double] = []
    samples.reserveCapacity(n / 100)
    var sink = 0
    for _ in 0..<1_000 { if body() { sink += 1 } }  // warm up
    var measuredAllocs: UInt64 = 0
    for _ in 0..<(n / 100) {
        let a0 = malloc_counter_calls()
        let t0 = monotonic_ns()
        for _ in 0..<100 { if body() { sink += 1 } }
        let t1 = monotonic_ns()
        measuredAllocs += malloc_counter_calls() - a0
        samples.append(Double(t1 - t0) / 100)
    }
    if sink == -1 { print(sink) }
    samples.sort()
    return (samples[samples.count / 2], samples[Int(Double(samples.count) * 0.99)], Double(measuredAllocs) / Double(n))
}

func row(_ label: String, _ m: (p50: Double, p99: Double, allocs: Double), vs lookup: Double? = nil) {
    let padded = label + String(repeating: " ", count: max(0, 36 - label.count))
    var line = padded + String(format: " p50 %7.1f ns  p99 %7.1f ns  allocs/call %.3f", m.p50, m.p99, m.allocs)
    if let lookup { line += String(format: "  p50 = %.1fx lookup", m.p50 / lookup) }
    print(line)
}

let calls = 2_000_000
var dict: [String: Int] = [:]
for i in 0..<1_000 { dict["lucid-service-\(i)"] = i }
let key = "lucid-service-777"
let lookup = measure(calls) { dict[key] != nil }
row("Dictionary<String,Int> lookup", lookup)
// Control: a closure that allocates once per call, to show the counter counts.
var control = [Int]()
row("control: one Array allocation", measure(calls / 10) { control = Array(repeating: 1, count: 4); return !control.isEmpty })

for rules in [10, 100, 1_000] {
    let policy = try! CompiledPolicy(try! PolicyParser.parse(policyText(rules: rules)))
    let s = policy.serviceID("s0")!
    let t = policy.serviceID("s1")!
    let direct = policy.transportID("direct")!
    let post = HTTPMethodSet.bit("POST")
    let path = "/api/v1/payouts/po_123/cancel"
    precondition(policy.decide(source: s, target: t, transport: direct, method: post, path: path).allowed)
    let m = measure(calls) { policy.decide(source: s, target: t, transport: direct, method: post, path: path).allowed }
    row("decision, \(rules) rules (interned ids)", m, vs: lookup.p50)
    let named = AccessRequest(from: "s0", to: "s1", method: "POST", path: path)
    let n = measure(calls / 4) { policy.decide(named).allowed }
    row("decision, \(rules) rules (names)", n, vs: lookup.p50)
}
