/// Random bytes from the system CSPRNG, for secrets, salts and unguessable ids.
enum SecureRandom {
    static func bytes(_ count: Int) -> [UInt8] {
        var g = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &g) }
    }
}
