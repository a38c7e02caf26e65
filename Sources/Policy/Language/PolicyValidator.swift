/// Checks a policy beyond its syntax: names against the inventory (with suggestions), duplicates,
/// patterns and methods, role graphs, egress without Tor (an error in strict mode), allow rules a
/// deny makes dead, and redundant overlapping rules.
public enum PolicyValidator {
    static let scopes = RoleTable.Scope.allCases.map(\.rawValue)

    /// Every finding, errors and warnings.
    public static func validate(_ doc: PolicyDocument, strict: Bool = false) -> [PolicyIssue] {
        var issues = structuralIssues(doc, strict: strict)
        guard !issues.contains(where: { $0.severity == .error }),
            let compiled = try? CompiledPolicy(doc, strict: strict)
        else {
            return issues
        }
        issues += semanticIssues(compiled, strict: strict)
        return issues
    }

    /// Findings that make a policy impossible to compile, plus strict-mode policy errors.
    static func structuralIssues(_ doc: PolicyDocument, strict: Bool) -> [PolicyIssue] {
        var issues: [PolicyIssue] = []
        let planes = doc.planes.map(\.name)
        let services = doc.services.map(\.name)
        let externals = doc.externals.map(\.name)
        let roles = doc.roles.map(\.name)

        func duplicates<T>(_ items: [T], _ name: (T) -> String, _ loc: (T) -> SourceLocation, _ kind: String) {
            var seen: Set<String> = []
            for i in items where !seen.insert(name(i)).inserted {
                issues.append(.init(.error, "DUPLICATE_NAME", "\(kind) \"\(name(i))\" is declared twice", at: loc(i)))
            }
        }
        duplicates(doc.planes, \.name, \.location, "plane")
        duplicates(doc.services, \.name, \.location, "service")
        duplicates(doc.externals, \.name, \.location, "external")
        duplicates(doc.rules, \.name, \.location, "rule")
        duplicates(doc.roles, \.name, \.location, "role")

        func check(_ value: String?, in known: [String], _ kind: String, _ loc: SourceLocation) {
            guard let value, !known.contains(value) else { return }
            issues.append(
                .init(
                    .error, "UNKNOWN_\(kind.uppercased())",
                    "unknown \(kind) \"\(value)\"" + Suggestion.hint(value, known), at: loc))
        }
        for s in doc.services { check(s.plane, in: planes, "plane", s.location) }
        let planeOf = Dictionary(doc.services.map { ($0.name, $0.plane) }, uniquingKeysWith: { a, _ in a })
        for r in doc.rules {
            check(r.sourcePlane, in: planes, "plane", r.location)
            check(r.targetPlane, in: planes, "plane", r.location)
            check(r.sourceService, in: services, "service", r.location)
            check(r.targetService, in: services, "service", r.location)
            check(r.externalTarget, in: externals, "external", r.location)
            for (svc, plane) in [(r.sourceService, r.sourcePlane), (r.targetService, r.targetPlane)] {
                if let svc, let plane, let actual = planeOf[svc], actual != plane {
                    issues.append(
                        .init(
                            .error, "SERVICE_PLANE_MISMATCH",
                            "service \"\(svc)\" is in plane \"\(actual)\", not \"\(plane)\"", at: r.location))
                }
            }
            for m in r.methods ?? [] where !HTTPMethodSet.known.contains(m) {
                issues.append(
                    .init(
                        .error, "UNKNOWN_METHOD", "unknown method \"\(m)\"" + Suggestion.hint(m, HTTPMethodSet.known),
                        at: r.location))
            }
            for e in r.endpoints ?? [] {
                do { _ = try PathPattern(e) } catch {
                    issues.append(.init(.error, "BAD_PATTERN", error.description, at: r.location))
                }
            }
            if r.endpoints?.isEmpty == true || r.methods?.isEmpty == true {
                issues.append(
                    .init(
                        .error, "EMPTY_LIST", "an empty methods or allowed_endpoints list matches nothing",
                        at: r.location))
            }
            if r.externalTarget != nil, r.action == .allow, r.via != "tor" {
                issues.append(
                    .init(
                        strict ? .error : .warning, "EGRESS_WITHOUT_TOR",
                        "rule \"\(r.name)\" allows external egress without via = \"tor\"", at: r.location))
            }
        }
        for role in doc.roles {
            for parent in role.inherits { check(parent, in: roles, "role", role.location) }
            if !scopes.contains(role.scope) {
                issues.append(
                    .init(
                        .error, "UNKNOWN_SCOPE",
                        "unknown scope \"\(role.scope)\"" + Suggestion.hint(role.scope, scopes), at: role.location))
            }
        }
        return issues
    }

    /// Dead allows and redundant rules, found on the compiled candidates.
    static func semanticIssues(_ policy: CompiledPolicy, strict: Bool) -> [PolicyIssue] {
        var issues: [PolicyIssue] = []
        let doc = policy.document
        var live = Set<Int32>()
        var redundant: [Int32: String] = [:]
        for list in policy.candidates {
            let rules = list.map { policy.rules[Int($0)] }
            for (k, index) in list.enumerated() where rules[k].allow {
                if !policy.isCovered(rules[k], byDenyIn: rules) { live.insert(index) }
                for (j, other) in list.enumerated() where j != k && rules[j].allow && other < index {
                    if covers(rules[j], rules[k]) { redundant[index] = rules[j].name }
                }
            }
        }
        for (index, r) in doc.rules.enumerated() where r.action == .allow {
            if !live.contains(Int32(index)) && !policy.candidates.allSatisfy({ !$0.contains(Int32(index)) }) {
                issues.append(
                    .init(
                        strict ? .error : .warning, "DEAD_ALLOW",
                        "allow rule \"\(r.name)\" never applies: a deny rule covers it", at: r.location))
            }
            if let by = redundant[Int32(index)] {
                issues.append(
                    .init(
                        .warning, "OVERLAPPING_RULE", "allow rule \"\(r.name)\" is already granted by \"\(by)\"",
                        at: r.location))
            }
        }
        return issues
    }

    /// Whether allow `a` grants everything allow `b` grants (for the same source and target).
    static func covers(_ a: CompiledPolicy.Rule, _ b: CompiledPolicy.Rule) -> Bool {
        guard a.via < 0 || a.via == b.via, a.methods.isSuperset(of: b.methods) else { return false }
        guard let ap = a.patterns else { return true }
        guard let bp = b.patterns else { return false }
        return bp.allSatisfy { x in ap.contains { x.isCovered(by: $0) } }
    }
}
