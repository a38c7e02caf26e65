import LucidJSON

/// The outcome of `triggerconstantcontract`: a read-only call or a dry run of a transfer.
public struct ConstantCallResult: Sendable, Equatable {
    /// Energy the call used (excluding the dynamic-energy penalty).
    public var energyUsed: Int64
    /// The dynamic-energy penalty the call would add.
    public var energyPenalty: Int64
    /// Return data of the call (one entry).
    public var constantResult: [[UInt8]]
    /// True when the VM reverted (`transaction.ret[0].ret == FAILED` or a result message).
    public var reverted: Bool
    /// The node's message (e.g. "REVERT opcode executed"), decoded.
    public var message: String?

    /// Parses java-tron's JSON; a `result.code` other than SUCCESS is an error.
    public init(json: JSONValue) throws(TronKitError) {
        let result = json["result"] ?? .object([])
        if let code = try result.stringField("code"), code != "SUCCESS" {
            throw .invalidTransaction("\(code): \(result.messageField("message") ?? "")")
        }
        message = result.messageField("message")
        energyUsed = try json.int64Field("energy_used")
        energyPenalty = try json.int64Field("energy_penalty")
        constantResult = try json.hexListField("constant_result")
        let ret = try json["transaction"]?.arrayField("ret").first
        reverted = (try ret?.stringField("ret")) == "FAILED" || message != nil
    }

    /// The Solidity revert reason, when the call reverted with `Error(string)`.
    public var revertReason: String? { constantResult.first.flatMap(RevertReason.decode) }
}
