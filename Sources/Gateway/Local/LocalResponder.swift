import NIOCore

/// What a local operation is given: the complete request, the caller when the operation needs
/// one (the admin page), the request's trail (its ids), and the event loop the wallet connection
/// pool serves it on.
struct LocalRequest: Sendable {
    let exchange: GatewayCore.Exchange
    let identity: Identity?
    let trail: GatewayCore.Trail
    let loop: any EventLoop
}

/// One operation the gateway answers itself rather than forwarding to the wallet. Responders are
/// values `GatewayCore` holds, one per `GatewayOperation`; they run as async code off the proxy's
/// callback path (none of them is on the measured hot path).
protocol LocalResponder: Sendable {
    func respond(to request: LocalRequest) async -> GatewayResponse
}

/// The responder of every local operation, built once when the gateway starts.
struct LocalResponders: Sendable {
    private let table: [GatewayOperation: any LocalResponder]

    init(_ table: [GatewayOperation: any LocalResponder]) {
        precondition(Set(table.keys) == Set(GatewayOperation.allCases), "every local operation has a responder")
        self.table = table
    }

    subscript(_ op: GatewayOperation) -> any LocalResponder { table[op]! }
}
