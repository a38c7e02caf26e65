/// A usage or input error of `lucidctl` itself (a bad option, an unreadable file), as opposed to
/// an error of the library a command calls; printed as `lucidctl: error: …` with exit status 1.
struct LucidctlError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
