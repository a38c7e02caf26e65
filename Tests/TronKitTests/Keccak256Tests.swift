import Testing
import TronKit

@Suite("Keccak-256")
struct Keccak256Tests {
    // Expected values from pycryptodome's Crypto.Hash.keccak (digest_bits=256), an independent
    // implementation; inputs are bytes i % 251 for i in 0..<n, crossing the 136-byte rate.
    @Test(
        "standard and multi-block inputs",
        arguments: [
            (0, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
            (135, "cbdfd9dee5faad3818d6b06f95a219fd290b0e1706f6a82e5a595b9ce9faca62"),
            (136, "7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e"),
            (137, "ac73d4fae68b8453f764007c1a20ce95994187861f0c3227a3a8e99a73a3b1db"),
            (272, "8e2476e65823b24d96ebe239f2c1534cdf763e689e2410c3b1cb0c74e6177bfc"),
            (1000, "af692982e84a5a9688359025660a7857cd28ee7c8d867cfa1677baf2e6d1f63b"),
        ])
    func lengths(_ n: Int, _ expected: String) {
        #expect(Hex.encode(Keccak256.hash((0..<n).map { UInt8($0 % 251) })) == expected)
    }

    @Test func text() {
        #expect(
            Hex.encode(Keccak256.hash(Array("abc".utf8)))
                == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        #expect(
            Hex.encode(Keccak256.hash(Array("The quick brown fox jumps over the lazy dog".utf8)))
                == "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")
    }

    @Test("ABI selectors and the Transfer topic")
    func selectors() {
        #expect(TRC20.selector("transfer(address,uint256)") == TRC20.transferSelector)
        #expect(TRC20.selector("balanceOf(address)") == TRC20.balanceOfSelector)
        #expect(TRC20.selector("decimals()") == TRC20.decimalsSelector)
        #expect(TRC20.selector("Error(string)") == RevertReason.selector)
        #expect(Keccak256.hash(Array("Transfer(address,address,uint256)".utf8)) == TransferEvent.topic)
    }
}
