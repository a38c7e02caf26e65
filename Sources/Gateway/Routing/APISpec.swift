import Foundation
import OpenAPIKit
import Yams

/// The public API as the gateway enforces it, loaded from `openapi/payment-api.yaml`: validated with
/// OpenAPIKit at start-up (fail fast), turned into an `OperationTable`, and served as YAML, JSON and
/// the no-JavaScript `/docs` page.
///
/// ```swift
/// let spec = try APISpec.load(path: "openapi/payment-api.yaml")
/// spec.operations.match(method: "GET", path: "/api/v1/payouts/po_x")  // .operation(getPayout)
/// ```
public struct APISpec: Sendable {
    public let operations: OperationTable
    /// The operations without the `x-admin` ones: what a listener other than the admin door
    /// serves once an admin door is configured (the rest are 404 there, as if absent).
    public let publicOperations: OperationTable
    /// Rate-limit classes by name (`x-rate-limit-classes`).
    public let rateClasses: [String: RateLimitPolicy]
    /// Per-role multipliers of every class's quota (`x-rate-limit-role-multipliers`).
    public let roleMultipliers: [String: Int]
    public let yaml: [UInt8]
    public let json: [UInt8]
    public let docsHTML: [UInt8]

    /// Why a spec was refused.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let problems: [String]
        public var description: String { "invalid OpenAPI spec:\n  " + problems.joined(separator: "\n  ") }
    }

    public static func load(path: String) throws -> APISpec {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw Invalid(problems: ["cannot read \(path)"]) }
        return try parse(text)
    }

    /// Decodes and validates an OpenAPI 3.1 text, then reads the gateway's extensions: the rate
    /// classes and role multipliers, and each operation's access, rate class and door. Every
    /// problem is listed.
    public static func parse(_ text: String) throws -> APISpec {
        let document: OpenAPI.Document
        do {
            document = try YAMLDecoder().decode(OpenAPI.Document.self, from: text)
        } catch {
            throw Invalid(problems: ["does not decode as OpenAPI 3.1: \(error)"])
        }
        do { try document.validate() } catch { throw Invalid(problems: ["\(error)"]) }
        guard document.openAPIVersion.rawValue.hasPrefix("3.1") else {
            throw Invalid(problems: ["openapi must be 3.1.x"])
        }
        var problems: [String] = []
        let classes = rateClasses(document, &problems)
        let multipliers = roleMultipliers(document, &problems)
        var operations: [APIOperation] = []
        for (path, item) in document.paths {
            guard case .b(let pathItem) = item else {
                problems.append("\(path.rawValue): path item references are not supported")
                continue
            }
            for endpoint in pathItem.endpoints {
                if let op = operation(endpoint, path: path.rawValue, classes: classes, &problems) {
                    operations.append(op)
                }
            }
        }
        let table: OperationTable
        let publicTable: OperationTable
        do {
            table = try OperationTable(operations)
            publicTable = try OperationTable(operations.filter { !$0.isAdmin })
        } catch { throw Invalid(problems: problems + [error.description]) }
        guard problems.isEmpty else { throw Invalid(problems: problems) }

        let tree = (try? Yams.load(yaml: text)) ?? [:]
        let json = (try? JSONSerialization.data(withJSONObject: tree, options: [.sortedKeys])) ?? Data("{}".utf8)
        return APISpec(
            operations: table, publicOperations: publicTable, rateClasses: classes, roleMultipliers: multipliers,
            yaml: Array(text.utf8),
            json: Array(json), docsHTML: Array(DocsPage.render(tree).utf8))
    }

    /// `x-rate-limit-classes`: each class's limit per window.
    private static func rateClasses(_ document: OpenAPI.Document, _ problems: inout [String]) -> [String:
        RateLimitPolicy]
    {
        guard let raw = document.vendorExtensions["x-rate-limit-classes"]?.value as? [String: Any] else {
            problems.append("x-rate-limit-classes: required at the top level")
            return [:]
        }
        var classes: [String: RateLimitPolicy] = [:]
        for (name, value) in raw {
            guard let v = value as? [String: Any], let limit = v["limit"] as? Int,
                let window = v["window_seconds"] as? Int,
                limit > 0, window > 0
            else {
                problems.append("x-rate-limit-classes.\(name): needs positive integers limit and window_seconds")
                continue
            }
            classes[name] = RateLimitPolicy(name: name, limit: limit, windowSeconds: window)
        }
        return classes
    }

    /// `x-rate-limit-role-multipliers`: how many times a class's limit each role gets.
    private static func roleMultipliers(_ document: OpenAPI.Document, _ problems: inout [String]) -> [String: Int] {
        var multipliers: [String: Int] = [:]
        for (role, value) in document.vendorExtensions["x-rate-limit-role-multipliers"]?.value as? [String: Any] ?? [:]
        {
            guard let m = value as? Int, m > 0 else {
                problems.append("x-rate-limit-role-multipliers.\(role): a positive integer")
                continue
            }
            multipliers[role] = m
        }
        return multipliers
    }

    /// One endpoint as an operation: its id, access (`x-public` or `x-permission`), rate class,
    /// door (`x-admin`) and, for the gateway's own operations, their rules. nil when it cannot be
    /// made (a problem is noted).
    private static func operation(
        _ endpoint: OpenAPI.PathItem.Endpoint, path: String, classes: [String: RateLimitPolicy],
        _ problems: inout [String]
    ) -> APIOperation? {
        let op = endpoint.operation
        let method = endpoint.method.rawValue.uppercased()
        let at = "\(method) \(path)"
        guard let id = op.operationId, !id.isEmpty else {
            problems.append("\(at): operationId required")
            return nil
        }
        let isPublic = op.vendorExtensions["x-public"]?.value as? Bool ?? false
        let permission = op.vendorExtensions["x-permission"]?.value as? String
        if !isPublic && permission == nil { problems.append("\(at): x-permission required (or x-public: true)") }
        if isPublic && permission != nil { problems.append("\(at): x-public and x-permission exclude each other") }
        guard let rateClass = op.vendorExtensions["x-rate-limit"]?.value as? String else {
            problems.append("\(at): x-rate-limit required")
            return nil
        }
        if classes[rateClass] == nil { problems.append("\(at): x-rate-limit \(rateClass) is not a declared class") }
        let adminValue = op.vendorExtensions["x-admin"]?.value
        let isAdmin = adminValue as? Bool ?? false
        if adminValue != nil && !(adminValue is Bool) { problems.append("\(at): x-admin must be true or false") }
        let local = GatewayOperation(rawValue: id)
        if let local, local.isAdminPage, !isAdmin { problems.append("\(at): gateway operation \(id) must be x-admin") }
        if let local, local.needsIdentity == isPublic {
            problems.append(
                "\(at): gateway operation \(id) must \(local.needsIdentity ? "have x-permission" : "be x-public")")
        }
        return APIOperation(
            id: id, method: method, pathTemplate: path, access: permission.map { .requires(permission: $0) } ?? .open,
            isAdmin: isAdmin, rateClass: rateClass, local: local, summary: op.summary ?? id)
    }
}
