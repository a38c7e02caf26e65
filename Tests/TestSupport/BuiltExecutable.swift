import Foundation

/// A product of this package built for the tests: next to the test bundle when the runner put it
/// there, otherwise in the package's `.build/debug`.
///
///     let lucidctl = builtExecutable("lucidctl")
public func builtExecutable(_ name: String) -> URL {
    let nextToBundle = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name)
    if FileManager.default.isExecutableFile(atPath: nextToBundle.path) { return nextToBundle }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/\(name)")
}
