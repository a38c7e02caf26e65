/// `GET /api/v1/reconciliation`: what the chain shows against what the ledger holds, with every
/// finding. Amounts are decimal USDT strings.
public struct ReconciliationSummary: Sendable {
    /// One disagreement between chain and ledger.
    public struct Finding: Sendable {
        public var kind: String
        public var payoutID: String?
        public var txid: String?
        public var block: Int64?
        public var chainAmountUSDT: String?
        public var ledgerAmountUSDT: String?
        public var detail: String

        public init(
            kind: String, payoutID: String?, txid: String?, block: Int64?, chainAmountUSDT: String?,
            ledgerAmountUSDT: String?, detail: String
        ) {
            self.kind = kind
            self.payoutID = payoutID
            self.txid = txid
            self.block = block
            self.chainAmountUSDT = chainAmountUSDT
            self.ledgerAmountUSDT = ledgerAmountUSDT
            self.detail = detail
        }
    }

    public var isClean: Bool
    public var statement: String
    public var generatedAt: String
    public var fromBlock: Int64
    public var throughBlock: Int64
    public var chainTransfers: Int64
    public var chainTotalUSDT: String
    public var ledgerConfirmed: Int64
    public var ledgerTotalUSDT: String
    public var findings: [Finding]

    public init(
        isClean: Bool, statement: String, generatedAt: String, fromBlock: Int64, throughBlock: Int64,
        chainTransfers: Int64, chainTotalUSDT: String, ledgerConfirmed: Int64, ledgerTotalUSDT: String,
        findings: [Finding]
    ) {
        self.isClean = isClean
        self.statement = statement
        self.generatedAt = generatedAt
        self.fromBlock = fromBlock
        self.throughBlock = throughBlock
        self.chainTransfers = chainTransfers
        self.chainTotalUSDT = chainTotalUSDT
        self.ledgerConfirmed = ledgerConfirmed
        self.ledgerTotalUSDT = ledgerTotalUSDT
        self.findings = findings
    }

    public init(json: JSONValue) throws(JSONError) {
        let status = try json.requiredString("status")
        guard status == "clean" || status == "findings" else { throw .unexpected("status must be clean or findings") }
        let scanned = try json.requiredMember("scanned")
        let chain = try json.requiredMember("chain")
        let ledger = try json.requiredMember("ledger")
        var findings: [Finding] = []
        for f in try json.requiredArray("findings") {
            findings.append(
                Finding(
                    kind: try f.requiredString("kind"), payoutID: try f.optionalString("payout_id"),
                    txid: try f.optionalString("txid"), block: try f.optionalInt("block"),
                    chainAmountUSDT: try f.optionalString("chain_amount_usdt"),
                    ledgerAmountUSDT: try f.optionalString("ledger_amount_usdt"), detail: try f.requiredString("detail")
                ))
        }
        self.init(
            isClean: status == "clean", statement: try json.requiredString("statement"),
            generatedAt: try json.requiredString("generated_at"), fromBlock: try scanned.requiredInt("from_block"),
            throughBlock: try scanned.requiredInt("through_block"), chainTransfers: try chain.requiredInt("transfers"),
            chainTotalUSDT: try chain.requiredString("total_usdt"),
            ledgerConfirmed: try ledger.requiredInt("confirmed"),
            ledgerTotalUSDT: try ledger.requiredString("total_usdt"), findings: findings)
    }

    public var json: JSONValue {
        .object([
            ("status", .string(isClean ? "clean" : "findings")), ("statement", .string(statement)),
            ("generated_at", .string(generatedAt)),
            ("scanned", .object([("from_block", .int(fromBlock)), ("through_block", .int(throughBlock))])),
            ("chain", .object([("transfers", .int(chainTransfers)), ("total_usdt", .string(chainTotalUSDT))])),
            ("ledger", .object([("confirmed", .int(ledgerConfirmed)), ("total_usdt", .string(ledgerTotalUSDT))])),
            (
                "findings",
                .array(
                    findings.map { f in
                        .object([
                            ("kind", .string(f.kind)), ("payout_id", .nullable(f.payoutID)),
                            ("txid", .nullable(f.txid)), ("block", .nullable(f.block)),
                            ("chain_amount_usdt", .nullable(f.chainAmountUSDT)),
                            ("ledger_amount_usdt", .nullable(f.ledgerAmountUSDT)), ("detail", .string(f.detail)),
                        ])
                    })
            ),
        ])
    }
}
