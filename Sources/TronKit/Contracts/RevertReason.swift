import BigInt

/// Solidity `Error(string)` revert data: selector `08c379a0` ‖ offset ‖ length ‖ UTF-8 bytes.
public enum RevertReason {
    /// The `Error(string)` selector.
    public static let selector: [UInt8] = [0x08, 0xc3, 0x79, 0xa0]

    /// Encodes a reason as a contract would revert with it.
    public static func encode(_ reason: String) -> [UInt8] {
        let text = Array(reason.utf8)
        let padded = text + [UInt8](repeating: 0, count: (32 - text.count % 32) % 32)
        return selector + ABIWord.uint256(UInt64(32)) + ABIWord.uint256(UInt64(text.count)) + padded
    }

    /// Decodes revert data; nil when it is not a well-formed `Error(string)`.
    public static func decode(_ data: [UInt8]) -> String? {
        guard data.count >= 68, Array(data.prefix(4)) == selector,
            let offset = try? ABIWord.decodeUInt256(data[4..<36]), offset == 32,
            let length = try? ABIWord.decodeUInt256(data[36..<68]), length <= BigUInt(1 << 20),
            data.count >= 68 + Int(length)
        else { return nil }
        return String(validating: data[68..<(68 + Int(length))], as: UTF8.self)
    }
}
