/// `GET /api/v1/network`: the node's head and solid blocks, the solidity lag, the energy price,
/// how long the node took to answer (through the configured path, e.g. Tor), and the breaker.
public struct NetworkReport: Sendable {
    /// A block as the report names it.
    public struct Block: Sendable {
        public var number: Int64
        public var id: String
        /// RFC 3339 UTC.
        public var time: String

        public init(number: Int64, id: String, time: String) {
            self.number = number
            self.id = id
            self.time = time
        }

        init(json: JSONValue) throws(JSONError) {
            self.init(
                number: try json.requiredInt("number"), id: try json.requiredString("id"),
                time: try json.requiredString("time"))
        }

        var json: JSONValue { .object([("number", .int(number)), ("id", .string(id)), ("time", .string(time))]) }
    }

    public var network: String
    public var headBlock: Block
    public var solidBlock: Block
    public var energyPriceSun: Int64?
    public var nodeLatencyMs: Int64
    public var circuitBreaker: String

    /// Blocks between head and solid (never negative).
    public var solidLagBlocks: Int64 { max(0, headBlock.number - solidBlock.number) }

    public init(
        network: String, headBlock: Block, solidBlock: Block, energyPriceSun: Int64?, nodeLatencyMs: Int64,
        circuitBreaker: String
    ) {
        self.network = network
        self.headBlock = headBlock
        self.solidBlock = solidBlock
        self.energyPriceSun = energyPriceSun
        self.nodeLatencyMs = nodeLatencyMs
        self.circuitBreaker = circuitBreaker
    }

    public init(json: JSONValue) throws(JSONError) {
        self.init(
            network: try json.requiredString("network"), headBlock: try Block(json: json.requiredMember("head_block")),
            solidBlock: try Block(json: json.requiredMember("solid_block")),
            energyPriceSun: try json.optionalInt("energy_price_sun"),
            nodeLatencyMs: try json.requiredInt("node_latency_ms"),
            circuitBreaker: try json.requiredString("circuit_breaker"))
    }

    public var json: JSONValue {
        .object([
            ("network", .string(network)), ("head_block", headBlock.json), ("solid_block", solidBlock.json),
            ("solid_lag_blocks", .int(solidLagBlocks)), ("energy_price_sun", .nullable(energyPriceSun)),
            ("node_latency_ms", .int(nodeLatencyMs)), ("circuit_breaker", .string(circuitBreaker)),
        ])
    }
}
