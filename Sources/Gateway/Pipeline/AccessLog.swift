import Foundation
import LucidAssertion
import LucidJSON
import NIOCore
import Synchronization

/// One JSON line per request on stdout: ids, operation, status, timings, who (subject and role) and
/// from where (circuit or peer). Never a token, a secret, a body or a query string.
enum AccessLog {
    private static let out = Mutex(FileHandle.standardOutput)

    static func write(_ x: GatewayCore.Exchange, _ t: GatewayCore.Trail, status: UInt) {
        let micros = (NIODeadline.now() - x.started).nanoseconds / 1000
        var line = #"{"ts":"#
        line += String(Int64(Date().timeIntervalSince1970 * 1000))
        line += #","rid":"#
        JSONText.appendQuoted(t.internalID, to: &line)
        line += #","request_id":"#
        JSONText.appendQuoted(t.requestID, to: &line)
        line += #","method":"#
        JSONText.appendQuoted(x.head.method, to: &line)
        line += #","path":"#
        let path = x.head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        JSONText.appendQuoted(String(path.prefix(256)), to: &line)
        line += #","operation":"#
        JSONText.appendQuoted(t.operation, to: &line)
        line += #","status":\#(status),"duration_us":\#(micros)"#
        if let u = t.upstreamNanos { line += #","upstream_us":\#(u / 1000)"# }
        if let s = t.subject {
            line += #","sub":"#
            JSONText.appendQuoted(s, to: &line)
        }
        if let r = t.role {
            line += #","role":"#
            JSONText.appendQuoted(r, to: &line)
        }
        line += #","client":"#
        JSONText.appendQuoted(x.client.key, to: &line)
        line += "}\n"
        out.withLock { $0.write(Data(line.utf8)) }
    }
}
