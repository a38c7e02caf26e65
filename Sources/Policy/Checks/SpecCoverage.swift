/// Compares the plane ACL's allow rules into a service with the operations that service has (from
/// the OpenAPI spec): every (method, endpoint) a rule allows must be covered by one operation, so
/// the ACL allows exactly what the service does and nothing more.
///
/// A rule endpoint is covered when one operation's path template has the same number of segments,
/// a parameter wherever the endpoint has `*`, and the same literal or a parameter wherever the
/// endpoint has a literal. (No set of templates covers `*` without a parameter there, since a
/// segment can take any value but finitely many literals; `**` and unset methods or endpoints are
/// never covered.)
///
/// ```swift
/// SpecCoverage.broader(doc, target: "lucid-wallet", operations: [("GET", "/api/v1/payouts/{id}")])
/// ```
public enum SpecCoverage {
    /// One thing a rule allows that no operation has.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public let rule: String
        public let method: String
        public let endpoint: String
        public let why: String
        public let location: SourceLocation

        /// `rule R allows METHOD ENDPOINT: why`.
        public var message: String { "rule \(rule) allows \(method) \(endpoint): \(why)" }
        public var description: String { "\(location): \(message)" }
    }

    /// Every (method, endpoint) an allow rule into `target` allows beyond `operations`
    /// (method, OpenAPI path template such as `/api/v1/payouts/{payout_id}`).
    public static func broader(
        _ doc: PolicyDocument, target: String, operations: [(method: String, template: String)]
    ) -> [Finding] {
        let targetPlane = doc.services.first { $0.name == target }?.plane
        var findings: [Finding] = []
        for rule in doc.rules where rule.action == .allow && rule.externalTarget == nil {
            let reaches =
                rule.targetService == target
                || (rule.targetService == nil && rule.targetPlane != nil && rule.targetPlane == targetPlane)
            guard reaches else { continue }
            func report(_ method: String, _ endpoint: String, _ why: String) {
                findings.append(
                    Finding(rule: rule.name, method: method, endpoint: endpoint, why: why, location: rule.location))
            }
            guard let methods = rule.methods else {
                report("*", rule.endpoints?.joined(separator: ", ") ?? "*", "any method: list the methods")
                continue
            }
            guard let endpoints = rule.endpoints else {
                report(methods.joined(separator: ", "), "*", "any path: list the endpoints")
                continue
            }
            for method in methods {
                for endpoint in endpoints {
                    if let why = uncovered(method: method, endpoint: endpoint, operations: operations) {
                        report(method, endpoint, why)
                    }
                }
            }
        }
        return findings
    }

    /// Why `method endpoint` is not covered by one of `operations`, or nil when it is.
    static func uncovered(method: String, endpoint: String, operations: [(method: String, template: String)])
        -> String?
    {
        let segments = endpoint.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if segments.contains("**") { return "** allows any depth below it" }
        let same = operations.filter { $0.method == method }.map {
            $0.template.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        }
        let covered = same.contains { template in
            template.count == segments.count
                && zip(segments, template).allSatisfy { e, t in
                    let parameter = t.hasPrefix("{") && t.hasSuffix("}")
                    return parameter || (e != "*" && e == t)
                }
        }
        return covered ? nil : "no \(method) operation has this path"
    }
}
