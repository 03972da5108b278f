import Foundation
import RuminateTestSupport

/// What the web UI tests need besides `RuminateProcess` and `ServeProcess`: headless Chromium and its inputs.
enum WebUITestSupport {
    /// The package folder (three levels above this file), for build artifacts.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Chromium, found the way scripts/ensure-browser finds it (`CHROMIUM`, then PATH), or nil.
    static func chromium() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        if let named = environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: named) {
            return URL(fileURLWithPath: named)
        }
        let folders =
            (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/bin", "/snap/bin"]
        for name in ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return URL(fileURLWithPath: "\(folder)/\(name)")
            }
        }
        return nil
    }

    /// A value for a URL fragment parameter (`#q=VALUE`): everything but unreserved characters percent-encoded.
    static func fragmentValue(_ text: String) -> String {
        text.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(
                charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? text
    }

    /// Text as the DOM serialiser escapes it in text nodes, and back.
    static func decodeEntities(_ html: String) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{a0}").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// Headless Chromium with a private profile and no network of its own: only the test's 127.0.0.1 server is
/// loaded. `--virtual-time-budget` is virtual time (it waits for pending fetches), not a wall-clock bound.
struct WebUIHeadlessChromium {
    var executable: URL
    var profile: URL

    func dumpDOM(_ url: String, width: Int = 390, height: Int = 1200) throws -> RuminateProcess.Outcome {
        try RuminateProcess.run(
            executable, flags(width: width, height: height) + ["--dump-dom", url],
            in: profile.deletingLastPathComponent())
    }

    func screenshot(_ url: String, to file: URL, width: Int = 390, height: Int = 1200) throws -> RuminateProcess.Outcome
    {
        try? FileManager.default.removeItem(at: file)
        return try RuminateProcess.run(
            executable, flags(width: width, height: height) + ["--screenshot=\(file.path)", url],
            in: profile.deletingLastPathComponent())
    }

    private func flags(width: Int, height: Int) -> [String] {
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(profile.path)",
            "--window-size=\(width),\(height)", "--virtual-time-budget=30000",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-default-apps",
            "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--disable-domain-reliability",
            "--disable-client-side-phishing-detection", "--disable-features=Translate,MediaRouter,OptimizationHints",
        ]
    }
}
