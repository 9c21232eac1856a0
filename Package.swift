// swift-tools-version: 6.0
import PackageDescription

// Layering (see ARCHITECTURE.md): each target depends only on those below it.
//   gloss → Server → Protocol, Workspace → Extraction, Store → JSON → CJansson
// The domain (Extraction, Store, Workspace) never imports Protocol.
// CTaggerWeights holds the tagger's shipped weights as read-only bytes.
// Built-in rules, embedded in the binary so an installed `gloss` needs no
// files beside it.
let rules: [Resource] = [
  "countries.jsonl", "organisations.jsonl", "places.jsonl", "titles.jsonl", "names.jsonl", "patterns.jsonl",
].map { .embedInCode("Resources/\($0)") }

let package = Package(
  name: "Gloss",
  products: [
    .executable(name: "gloss", targets: ["gloss"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    .systemLibrary(name: "CJansson", pkgConfig: "jansson", providers: [.apt(["libjansson-dev"])]),
    .target(name: "JSON", dependencies: ["CJansson"]),
    .target(name: "CTaggerWeights", exclude: ["include/tagger-weights.bin"]),
    .target(name: "Extraction", dependencies: ["JSON", "CTaggerWeights"], resources: rules),
    .target(name: "Store", dependencies: ["Extraction", "JSON"]),
    .target(name: "Workspace", dependencies: ["Extraction", "Store", "JSON"]),
    .target(name: "Protocol", dependencies: ["JSON"]),
    .target(name: "Server", dependencies: ["Protocol", "Workspace", "Store", "Extraction", "JSON"]),
    .executableTarget(
      name: "gloss",
      dependencies: [
        "Server", "Workspace", "Store", "Extraction", "JSON",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "GlossBench", dependencies: ["Extraction", "Protocol", "JSON"]),
    // What the test targets share: the repository root, finding and running
    // the built `gloss`, temporary workspaces.
    .target(name: "GlossTestSupport", dependencies: ["Protocol", "Extraction"], path: "Tests/GlossTestSupport"),
    .testTarget(name: "JSONTests", dependencies: ["JSON"]),
    .testTarget(name: "ExtractionTests", dependencies: ["Extraction", "JSON", "GlossTestSupport"]),
    .testTarget(name: "StoreTests", dependencies: ["Store", "Workspace", "JSON", "GlossTestSupport", "gloss"]),
    .testTarget(name: "ProtocolTests", dependencies: ["Protocol", "JSON"]),
    .testTarget(name: "ServerTests", dependencies: ["Server", "Protocol", "JSON", "GlossTestSupport", "gloss"]),
    .testTarget(name: "EndToEndTests", dependencies: ["gloss", "JSON", "Protocol", "GlossTestSupport"]),
  ]
)
