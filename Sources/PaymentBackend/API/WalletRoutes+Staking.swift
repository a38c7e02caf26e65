import Hummingbird
import LucidAssertion
import LucidJSON

/// `/staking…`: stake, unstake, withdraw, delegate, undelegate, vote and withdraw rewards (each an
/// operation, by id), the list, and the hot wallet's staking status.
extension WalletRoutes {
    func addStakingRoutes(_ api: RouterGroup<WalletRequestContext>) {
        for kind in StakingKind.allCases {
            api.post("/staking/\(kind.path)") { req, ctx in
                try await self.createStaking(kind, req, ctx.caller, ctx.body)
            }
        }
        api.get("/staking/status") { _, ctx in Self.json(try await self.staking.status(who: ctx.caller).json) }
        api.get("/staking/plan") { _, ctx in Self.json(StakingJSON.plan(try await self.staking.plan(who: ctx.caller))) }
        api.get("/staking/operations") { req, ctx in try await self.listStaking(req, ctx.caller) }
        api.get("/staking/operations/{operation_id}") { _, ctx in
            Self.json(
                StakingJSON.operation(
                    try await self.staking.get(ctx.parameters.get("operation_id") ?? "", who: ctx.caller)))
        }
    }

    func createStaking(_ kind: StakingKind, _ req: Request, _ who: Principal, _ body: [UInt8]) async throws -> Response
    {
        let key = try Self.idempotencyKey(req)
        let json = body.isEmpty ? JSONValue.object([]) : try Self.parseBody(body)
        let request = try StakingRequest.parse(kind, json)
        let (op, replayed) = try await staking.create(request, who: who, idempotencyKey: key)
        return Self.json(StakingJSON.operation(op), status: replayed ? .ok : .created)
    }

    func listStaking(_ req: Request, _ who: Principal) async throws -> Response {
        let q = req.uri.queryParameters
        var errors: [WalletError.FieldError] = []
        for (k, _) in q where k != "limit" && k != "cursor" { errors.append(.init("/query/\(k)", "unknown parameter")) }
        var limit = 50
        if let s = q.get("limit") {
            if let n = Int(s), (1...200).contains(n) {
                limit = n
            } else {
                errors.append(.init("/query/limit", "1 to 200"))
            }
        }
        guard errors.isEmpty else { throw WalletError.validation(errors) }
        let cursor = q.get("cursor").map { String($0) }
        let rows = try await staking.list(who: who, limit: limit + 1, cursor: cursor)
        let page = Array(rows.prefix(limit))
        let next: JSONValue = rows.count > limit ? page.last.map { JSONValue.string($0.id) } ?? .null : .null
        return Self.json(.object([("operations", .array(page.map(StakingJSON.operation))), ("next_cursor", next)]))
    }
}
