import Hummingbird
import LucidAssertion
import TronKit

extension WalletRoutes {
    // MARK: KYC records

    func getKYC(_ ctx: WalletRequestContext, _ who: Principal) async throws -> Response {
        try who.require("kyc:read")
        let address = try KYCJSON.address(ctx.parameters.get("address") ?? "")
        guard let record = try await service.store.kyc(address) else {
            throw WalletError.notFound("no KYC record for \(address.base58)")
        }
        return Self.json(KYCJSON.render(record))
    }

    func putKYC(_ ctx: WalletRequestContext, _ who: Principal, _ body: [UInt8]) async throws -> Response {
        try who.require("kyc:write")
        let address = try KYCJSON.address(ctx.parameters.get("address") ?? "")
        let record = try KYCJSON.parse(try Self.parseBody(body), address: address, now: service.clock.nowMs())
        try await service.store.putKYC(record, actor: who.id, at: service.clock.nowMs())
        return Self.json(KYCJSON.render(record))
    }

    /// `DELETE /api/v1/kyc/{address}?reason=…`: deactivation keeps the record (suspended, with the
    /// reason in its note) so the history stays auditable; the kyc route stops paying at once.
    func deactivateKYC(_ req: Request, _ ctx: WalletRequestContext, _ who: Principal) async throws -> Response {
        try who.require("kyc:write")
        let address = try KYCJSON.address(ctx.parameters.get("address") ?? "")
        let q = req.uri.queryParameters
        var errors: [WalletError.FieldError] = []
        for (k, _) in q where k != "reason" { errors.append(.init("/query/\(k)", "unknown parameter")) }
        let reason = q.get("reason").map { String($0) } ?? ""
        if reason.isEmpty || reason.utf8.count > 512 {
            errors.append(.init("/query/reason", "required, 1-512 characters"))
        }
        guard errors.isEmpty else { throw WalletError.validation(errors) }
        guard var record = try await service.store.kyc(address) else {
            throw WalletError.notFound("no KYC record for \(address.base58)")
        }
        record.status = .suspended
        record.note = "deactivated by \(who.id): \(reason)"
        try await service.store.putKYC(record, actor: who.id, at: service.clock.nowMs())
        return Self.json(KYCJSON.render(record))
    }
}
